"""How a state decides, beyond the Richardson rule every state follows.

* ``defensive`` — defensive realism (Waltz 1979; Glaser 1997): a security seeker
  spends what the budget rule says, and buys defence unless offence has the edge.
* ``offensive`` — offensive realism (Mearsheimer 2001): a power maximiser buys
  offensive arms whatever the balance and presses for relative gains, adding a
  share of its budget each year while it is below its cap.
* ``human`` — a student plays the state: their orders (budget change, alliance moves,
  arms offers, CBMs, treaties: agents/orders.py) replace the rule's choices; without
  orders it plays as a defensive realist.
"""

from __future__ import annotations

from .orders import Orders


class Defensive:
    name = "defensive"
    offensive = 0.0
    #: yearly push for relative gains, as a share of the budget (applied by the model,
    #: vectorised over all states)
    power_drive = 0.0

    def adjust_budget(self, agent, proposed: float) -> float:
        return proposed


class Offensive(Defensive):
    name = "offensive"
    offensive = 1.0
    power_drive = 0.03


class Human(Defensive):
    """A student's state: this year's orders (agents/orders.py) replace the rule's budget;
    without orders it plays as a defensive realist."""

    name = "human"

    def __init__(self):
        self.orders = Orders()

    def adjust_budget(self, agent, proposed: float) -> float:
        change = self.orders.budget_change
        if change is None:
            return proposed
        return agent.milex * (1.0 + change)


STRATEGIES = {"defensive": Defensive, "offensive": Offensive, "human": Human}


def make_strategy(name: str):
    try:
        return STRATEGIES[name]()
    except KeyError:
        raise ValueError(f"unknown strategy {name!r}; choose one of {', '.join(STRATEGIES)}") from None
