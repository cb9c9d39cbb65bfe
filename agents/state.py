"""StateAgent: one state of the scenario, a Mesa agent over one index of the world arrays."""

from __future__ import annotations

import mesa

from .strategies import make_strategy


class StateAgent(mesa.Agent):
    """A state: defence budget, economy, capability, threat perceptions and a strategy.

    The numbers live in the model's arrays (so a year's maths is vectorised);
    the agent reads and writes its own entries and owns its decisions (strategy).
    """

    def __init__(self, model, name: str, index: int, strategy: str = "defensive"):
        super().__init__(model)
        self.name = name
        self.index = index
        self.strategy = make_strategy(strategy)

    def __repr__(self) -> str:
        return f"<StateAgent {self.name} milex={self.milex:.3f}>"

    # --- own state -------------------------------------------------------------------
    @property
    def milex(self) -> float:
        """Military expenditure, USD bn per year."""
        return float(self.model.world.milex[self.index])

    @milex.setter
    def milex(self, value: float) -> None:
        self.model.world.milex[self.index] = value

    @property
    def gdp(self) -> float:
        return float(self.model.world.gdp[self.index])

    @property
    def capability(self) -> float:
        """Military capability stock (USD bn of quality-weighted spending, depreciated)."""
        return float(self.model.world.capability[self.index])

    @property
    def burden(self) -> float:
        """milex / gdp."""
        w = self.model.world
        return float(w.milex[self.index] / w.gdp[self.index])

    @property
    def max_budget(self) -> float:
        w = self.model.world
        return float(w.max_burden[self.index] * w.gdp[self.index])

    @property
    def arms_received(self) -> float:
        return float(self.model.world.arms_received[self.index])

    # --- perceptions ------------------------------------------------------------------
    @property
    def net_threat(self) -> float:
        """Σ_j W_ij · milex_j: the hostile spending this state reacts to, USD bn."""
        return float(self.model.net_threat[self.index])

    @property
    def top_threat(self) -> str:
        """The state it fears most (largest term of its Richardson sum; Walt)."""
        i = self.index
        if self.model.net_threat[i] <= 0:
            return "none"
        return self.model.world.names[self.model.top_threat_index[i]]

    @property
    def threat(self) -> dict[str, float]:
        """Threat from each other state: W_ij · milex_j, USD bn."""
        names = self.model.world.names
        row = self.model.threat_terms[self.index]
        return {n: float(row[j]) for j, n in enumerate(names) if j != self.index}

    @property
    def hostility(self) -> dict[str, float]:
        """Belief that each other state is hostile, in [0, 1] (before media amplification)."""
        names = self.model.world.names
        row = self.model.world.belief[self.index]
        return {n: float(row[j]) for j, n in enumerate(names) if j != self.index}

    @property
    def ties(self) -> dict[str, float]:
        names = self.model.world.names
        row = self.model.world.strength[self.index]
        return {n: float(row[j]) for j, n in enumerate(names) if j != self.index and row[j] != 0}
