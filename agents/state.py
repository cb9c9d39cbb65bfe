"""StateAgent: one state of the scenario, a Mesa agent over one index of the world arrays."""

from __future__ import annotations

import mesa

from .strategies import make_strategy


class StateAgent(mesa.Agent):
    """A state: defence budget, economy, capability, threat perceptions and a strategy.

    The numbers live in the model's arrays (so a year's maths is vectorised); the agent
    reads its own entry of every per-state array by name (``agent.milex``,
    ``agent.reaction``, ``agent.capability``: the names in ``model.simulation.world.per_state``) and
    owns its decisions (strategy).
    """

    def __init__(self, model, name: str, index: int, strategy: str = "defensive"):
        super().__init__(model)
        self.name = name
        self.index = index
        self.strategy = make_strategy(strategy)

    def __repr__(self) -> str:
        return f"<StateAgent {self.name} milex={self.milex:.3f}>"

    def __getattr__(self, name: str):
        """This state's entry of the world's per-state array ``name`` (a float, or a bool
        for a flag such as ``regional``). Called only for names the agent itself lacks."""
        world = getattr(self.__dict__.get("model"), "world", None)
        if world is None or name not in world.per_state:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return getattr(world, name)[self.index].item()

    def __dir__(self):
        world = getattr(self.__dict__.get("model"), "world", None)
        return [*super().__dir__(), *(world.per_state if world is not None else ())]

    # --- derived ------------------------------------------------------------------------
    @property
    def burden(self) -> float:
        """milex / gdp."""
        w = self.model.world
        return float(w.milex[self.index] / w.gdp[self.index])

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
