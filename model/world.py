"""The world's state as arrays: what the phases of a year read and write.

One `World` holds N-vectors (one entry per state, in scenario order) and N×N
matrices (``M[i, j]`` is i's view of j). Agents are views onto one index of it;
the alliance graph is a view onto its tie matrices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import alliance_health as health
from . import dynamics as dyn
from .schema import COMMITMENT_KINDS, Scenario


@dataclass
class World:
    names: list[str]
    # per state
    milex: np.ndarray
    gdp: np.ndarray
    gdp_growth: np.ndarray
    max_burden: np.ndarray
    reaction: np.ndarray
    fatigue: np.ndarray
    grievance: np.ndarray
    regional: np.ndarray          # bool: one of the region's states (not an outside power)
    regional_focus: np.ndarray
    quality: np.ndarray
    offensive_strategy: np.ndarray
    capability: np.ndarray
    # per pair
    strength: np.ndarray          # S: tie strength, −1 rival … +1 ally (symmetric)
    anchor: np.ndarray            # S0: what treaties fix, the tie returns to it
    reliability: np.ndarray       # R: probability a commitment is honoured (trust + indicators)
    trust: np.ndarray             # T: what experience says (honoured or broken calls)
    indicators: np.ndarray        # N×N×K ATOP-style indicators (alliance_health.INDICATORS)
    measured: np.ndarray          # bool: the tie's indicators are measured, so they move
    commitment: np.ndarray        # bool: the tie carries a commitment that can be invoked
    kind: np.ndarray              # object: tie kind names (for the graph and the log)
    prox: np.ndarray              # Boulding/Walt proximity
    belief: np.ndarray            # H: i's belief that j is hostile
    monitoring: np.ndarray        # dyadic monitors / treaties, in [0, 1] (symmetric)
    guarantee: np.ndarray         # third-party guarantees of a peace treaty (symmetric)
    exogenous_arms: np.ndarray    # yearly purchases from non-agents (Israel), USD bn
    energy_share: np.ndarray      # oil and gas rents / GDP
    health_share: np.ndarray      # public health spending / GDP
    gdp_base: np.ndarray          # GDP at the start year's energy prices
    cumulative_milex: np.ndarray  # USD bn spent since the start year
    foregone_health_years: np.ndarray  # spending above the reference burden, in health budgets
    # derived each year
    weights: np.ndarray = field(default=None)
    arms_received: np.ndarray = field(default=None)  # aid: the budget rule's arms term
    aid_beyond_cap: np.ndarray = field(default=None)  # aid the GDP cap kept out of the budget
    arms_flow: np.ndarray = field(default=None)
    capability_history: list = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.names)

    def index(self, name: str) -> int:
        return self.names.index(name)

    def scale_gdp(self, i: int, factor: float) -> None:
        """A shock to one state's economy (war, sanctions, a crash) that persists."""
        self.gdp[i] *= factor
        self.gdp_base[i] *= factor


def build_world(sc: Scenario) -> World:
    """Arrays for the scenario's start year."""
    names = list(sc.states)
    n = len(names)
    idx = {s: i for i, s in enumerate(names)}
    specs = [sc.states[s] for s in names]
    p = sc.parameters

    def vec(attr):
        return np.array([float(getattr(s, attr)) for s in specs])

    milex = vec("milex")
    quality = vec("quality")
    strength = np.zeros((n, n))
    reliability = np.full((n, n), p.alliance_reliability)
    indicators = np.broadcast_to(health.REFERENCE, (n, n, len(health.INDICATORS))).copy()
    measured = np.zeros((n, n), bool)
    commitment = np.zeros((n, n), bool)
    kind = np.full((n, n), "neutral", dtype=object)
    for t in sc.ties:
        i, j = idx[t.a], idx[t.b]
        strength[i, j] = strength[j, i] = t.strength
        if t.reliability is not None:
            reliability[i, j] = reliability[j, i] = t.reliability
        commitment[i, j] = commitment[j, i] = t.kind in COMMITMENT_KINDS and t.strength > 0
        kind[i, j] = kind[j, i] = t.kind
        if t.indicators is not None:
            values = [getattr(t.indicators, k) for k in health.INDICATORS]
            indicators[i, j] = indicators[j, i] = values
            measured[i, j] = measured[j, i] = True
    np.fill_diagonal(reliability, 0.0)
    exo = np.zeros(n)
    for x in sc.exogenous_arms:
        exo[idx[x.client]] += x.value
    world = World(
        names=names, milex=milex, gdp=vec("gdp"), gdp_growth=vec("gdp_growth"),
        max_burden=vec("max_burden"), reaction=vec("reaction"), fatigue=vec("fatigue"),
        grievance=vec("grievance"), regional=np.array([s.regional for s in specs]),
        regional_focus=vec("regional_focus"), quality=quality,
        offensive_strategy=np.array([1.0 if s.strategy == "offensive" else 0.0 for s in specs]),
        capability=quality * milex / p.capability_depreciation,
        strength=strength, anchor=strength.copy(), trust=reliability,
        reliability=health.reliability(reliability, indicators, p.indicator_weight),
        indicators=indicators, measured=measured, energy_share=vec("energy_share"),
        health_share=vec("health_share"), gdp_base=vec("gdp"), cumulative_milex=np.zeros(n),
        foregone_health_years=np.zeros(n),
        commitment=commitment, kind=kind, prox=proximity_matrix(sc),
        belief=dyn.tie_hostility(strength), monitoring=np.zeros((n, n)),
        guarantee=np.zeros((n, n)), exogenous_arms=exo,
    )
    np.fill_diagonal(world.belief, 0.0)
    world.arms_received = np.zeros(n)
    world.aid_beyond_cap = np.zeros(n)
    world.arms_flow = np.zeros((n, n))
    world.weights = dyn.richardson_weights(strength)
    world.capability_history = [world.capability.copy()]
    return world


def proximity_matrix(sc: Scenario) -> np.ndarray:
    """Land neighbours 1, others by capital distance; all 1 if a state has no capital given."""
    names = list(sc.states)
    n = len(names)
    idx = {s: i for i, s in enumerate(names)}
    border = np.zeros((n, n), bool)
    for s, spec in sc.states.items():
        for other in spec.borders:
            border[idx[s], idx[other]] = border[idx[other], idx[s]] = True
    caps = [spec.capital for spec in sc.states.values()]
    if any(c is None for c in caps):
        prox = np.ones((n, n))
        np.fill_diagonal(prox, 0.0)
        return prox
    lat = np.array([c[0] for c in caps])
    lon = np.array([c[1] for c in caps])
    return dyn.proximity(dyn.great_circle_km(lat, lon), border, sc.parameters.distance_scale_km)
