"""A player's decisions for one year.

A student playing a state sets ``model.orders(state)`` before each step:

* ``budget_change`` — relative change of the budget (e.g. +0.1), replacing the rule's;
* ``alliance_moves`` — ``{partner: move}``, a move of ``MOVES``;
* ``decline_arms_from`` — suppliers whose arms assistance this year is refused;
* ``propose_cbm`` / ``propose_treaty`` — partners offered confidence-building measures or a
  peace treaty;
* ``answers`` — ``{(proposer, kind): accept}``: this state's own answers to other players'
  proposals this year (``kind`` one of ``PROPOSALS``), as a class game's seats give them. A
  proposal without an answer is answered from the model's numbers, as the computer answers.

The budget change is applied by the ``human`` strategy (agents/strategies.py); the rest, and
how the computer-played states answer, by :mod:`model.simulation.diplomacy`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Alliance moves a player may make, and how far each moves the tie and its anchor.
MOVES = {"seek": 0.15, "strengthen": 0.1, "downgrade": -0.2}
#: What one state may propose to another, which the other accepts or rejects: an approach
#: (the alliance moves ``seek`` and ``strengthen``; a downgrade needs no consent), CBMs, a treaty.
PROPOSALS = ("alliance", "cbm", "treaty")


@dataclass
class Orders:
    budget_change: float | None = None
    alliance_moves: dict[str, str] = field(default_factory=dict)
    decline_arms_from: set[str] = field(default_factory=set)
    propose_cbm: set[str] = field(default_factory=set)
    propose_treaty: set[str] = field(default_factory=set)
    answers: dict[tuple[str, str], bool] = field(default_factory=dict)

    def clear(self) -> None:
        """Orders are for one year: the model clears them (in place) after each step."""
        self.__init__()

    def is_empty(self) -> bool:
        """No act of this state's own (answers to others' proposals act only through theirs)."""
        return (self.budget_change is None and not self.alliance_moves
                and not self.decline_arms_from and not self.propose_cbm
                and not self.propose_treaty)
