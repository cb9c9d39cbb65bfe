"""A player's decisions for one year, and how the computer-played states answer them.

A student playing a state sets ``model.orders(state)`` before each step:

* ``budget_change`` — relative change of the budget (e.g. +0.1), replacing the rule's;
* ``alliance_moves`` — ``{partner: "seek" | "strengthen" | "downgrade"}``;
* ``decline_arms_from`` — suppliers whose arms assistance this year is refused;
* ``propose_cbm`` / ``propose_treaty`` — partners offered confidence-building measures or a
  peace treaty.

Partners answer from the model's own numbers: they accept an approach unless they see the
player as hostile (belief above ``ACCEPT_HOSTILITY``) or are the friends of its main threat
(Walt 1987: states align against the threatening); a rival accepts CBMs or a treaty while
its fear of the player is below the same threshold (Kydd 2005: reassurance works only
while trust is not gone). Every answer goes into the chronicle with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ACCEPT_HOSTILITY = 0.6
MOVES = {"seek": 0.15, "strengthen": 0.1, "downgrade": -0.2}


@dataclass
class Orders:
    budget_change: float | None = None
    alliance_moves: dict[str, str] = field(default_factory=dict)
    decline_arms_from: set[str] = field(default_factory=set)
    propose_cbm: set[str] = field(default_factory=set)
    propose_treaty: set[str] = field(default_factory=set)

    def clear(self) -> None:
        """Orders are for one year: the model clears them (in place) after each step."""
        self.__init__()

    def is_empty(self) -> bool:
        return (self.budget_change is None and not self.alliance_moves
                and not self.decline_arms_from and not self.propose_cbm
                and not self.propose_treaty)


def apply_diplomacy(model, agent, orders: Orders) -> None:
    """Alliance moves, CBMs and treaties: applied at the start of the year, before perception."""
    w = model.world
    i = agent.index
    top = model.top_threat_index[i] if model.net_threat[i] > 0 else None
    for partner, move in orders.alliance_moves.items():
        j = w.index(partner)
        if move not in MOVES:
            raise ValueError(f"unknown alliance move {move!r}; choose one of {', '.join(MOVES)}")
        if move == "downgrade":
            _shift_tie(w, i, j, MOVES[move])
            if w.strength[i, j] < 0.3:
                w.commitment[i, j] = w.commitment[j, i] = False
            _note(model, (agent.name, partner), f"{agent.name} downgrades its tie to {partner}",
                  f"tie strength now {w.strength[i, j]:+.2f}")
            continue
        refusal = _refusal(model, j, i, top)
        if refusal:
            _note(model, (agent.name, partner), f"{partner} turns down {agent.name}'s approach",
                  refusal)
            continue
        _shift_tie(w, i, j, MOVES[move])
        if move == "seek" and w.strength[i, j] >= 0.5:
            w.commitment[i, j] = w.commitment[j, i] = True
            w.kind[i, j] = w.kind[j, i] = "alliance"
        _note(model, (agent.name, partner),
              f"{partner} accepts {agent.name}'s offer to {move} their tie",
              f"tie strength now {w.strength[i, j]:+.2f}"
              + ("; it now carries a commitment" if w.commitment[i, j] else ""))
    for partner in orders.propose_cbm:
        j = w.index(partner)
        if w.belief[j, i] > ACCEPT_HOSTILITY:
            _note(model, (agent.name, partner), f"{partner} rejects {agent.name}'s CBMs",
                  f"it fears {agent.name} too much to trust them ({w.belief[j, i]:.2f})")
            continue
        w.monitoring[i, j] = w.monitoring[j, i] = max(w.monitoring[i, j], 0.5)
        w.belief[i, j] *= 0.75
        w.belief[j, i] *= 0.75
        _note(model, (agent.name, partner), f"{agent.name} and {partner} agree CBMs",
              "hotlines and inspections: fewer crises, fears cool")
    for partner in orders.propose_treaty:
        j = w.index(partner)
        if max(w.belief[j, i], w.belief[i, j]) > ACCEPT_HOSTILITY:
            _note(model, (agent.name, partner), f"{partner} rejects a peace treaty",
                  f"mutual fear is too high ({w.belief[j, i]:.2f}, {w.belief[i, j]:.2f})")
            continue
        anchor = max(float(w.anchor[i, j]), -0.2)
        _shift_tie(w, i, j, anchor - float(w.strength[i, j]) if w.strength[i, j] < anchor else 0,
                   anchor=anchor)
        w.belief[i, j] *= 0.6
        w.belief[j, i] *= 0.6
        _note(model, (agent.name, partner), f"{agent.name} and {partner} sign a peace treaty",
              "no guarantor: it holds while power stays balanced (Fearon)")


def declined_flows(model, agent, orders: Orders) -> None:
    """Refused arms assistance is not delivered this year."""
    w = model.world
    for supplier in orders.decline_arms_from:
        s = w.index(supplier)
        if w.arms_flow[s, agent.index] > 0:
            _note(model, (agent.name, supplier), f"{agent.name} declines arms from {supplier}",
                  f"USD {w.arms_flow[s, agent.index]:.3f} bn not delivered; no dependence grows")
            w.arms_flow[s, agent.index] = 0.0


def arms_offers(model, state: str) -> dict[str, float]:
    """Suppliers that would give ``state`` arms this year, and how much (USD bn)."""
    from model import dynamics as dyn

    w, p = model.world, model.params
    flows = dyn.arms_flows(w.strength, w.belief, w.weights, w.milex, p.arms_trade_rate)
    i = w.index(state)
    return {w.names[s]: float(flows[s, i]) for s in np.flatnonzero(flows[:, i] > 1e-6)}


def _refusal(model, j, i, player_threat) -> str:
    w = model.world
    if w.belief[j, i] > ACCEPT_HOSTILITY:
        return f"it sees {w.names[i]} as hostile ({w.belief[j, i]:.2f})"
    if player_threat is not None and w.strength[j, player_threat] > 0.5:
        return f"it is a close friend of {w.names[player_threat]}, {w.names[i]}'s main threat"
    return ""


def _shift_tie(w, i, j, delta, anchor=None):
    s = float(np.clip(w.strength[i, j] + delta, -1.0, 1.0))
    a = float(np.clip(w.anchor[i, j] + delta, -1.0, 1.0)) if anchor is None else anchor
    w.strength[i, j] = w.strength[j, i] = s
    w.anchor[i, j] = w.anchor[j, i] = a


def _note(model, actors, text, why):
    from model.chronicle import Entry  # here: model imports this module at start-up

    model.note(Entry(model.now, "player", tuple(actors), text, why))
