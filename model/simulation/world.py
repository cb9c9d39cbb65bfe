"""The world's state as arrays: what the phases of a year read and write.

One `World` holds N-vectors (one entry per state, in scenario order) and N×N
matrices (``M[i, j]`` is i's view of j). Agents are views onto one index of it;
the alliance graph is a view onto its tie matrices.

Every number (or yes/no flag) of a state in the scenario schema (:class:`StateSpec`)
becomes a per-state array of the same name (``world.reaction``, ``world.regional``), made
by a loop over the schema's fields: a new state field needs no line here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from agents.strategies import STRATEGIES
from model.scenario.schema import Scenario, StateSpec
from model.scenario.vocabulary import COMMITMENT_KINDS
from model.simulation import alliance_health as health
from model.simulation import dynamics as dyn


def state_fields(spec_class=StateSpec) -> tuple[str, ...]:
    """The per-state numbers and flags a scenario gives: each is a World array."""
    return tuple(name for name, f in spec_class.model_fields.items()
                 if f.annotation in (float, int, bool))


def _per_state():
    return field(default=None, metadata={"per_state": True})


@dataclass(kw_only=True)
class World:
    """The arrays below, plus one per-state array for each of :func:`state_fields`
    (``milex``, ``gdp``, ``max_burden``, ``reaction``, ...), set by :func:`build_world`."""

    names: list[str]
    per_state: tuple[str, ...] = ()  # names of every per-state array (an agent reads them)
    # per state, made by the model
    offensive_strategy: np.ndarray = _per_state()  # 1 if the strategy buys offensive arms
    capability: np.ndarray = _per_state()
    exogenous_arms: np.ndarray = _per_state()  # yearly purchases from non-agents (Israel), USD bn
    gdp_base: np.ndarray = _per_state()        # GDP at the start year's energy prices
    cumulative_milex: np.ndarray = _per_state()  # USD bn spent since the start year
    #: spending above the reference burden, counted in years of the health budget
    foregone_health_years: np.ndarray = _per_state()
    arms_received: np.ndarray = _per_state()   # aid: the budget rule's arms term
    aid_beyond_cap: np.ndarray = _per_state()  # aid the GDP cap kept out of the budget
    # per pair
    strength: np.ndarray          # S: tie strength, −1 rival … +1 ally (symmetric)
    anchor: np.ndarray            # S0: what treaties fix, the tie returns to it
    reliability: np.ndarray       # R: probability a commitment is honoured (trust + indicators)
    trust: np.ndarray             # T: what experience says (honoured or broken calls)
    indicators: np.ndarray        # N×N×K ATOP-style indicators (alliance_health.INDICATORS)
    measured: np.ndarray          # bool: the tie's indicators are measured, so they move
    commitment: np.ndarray        # bool: the tie carries a commitment that can be invoked
    scope_any: np.ndarray = None  # bool: the commitment covers any crisis, not only territory
    disputed: np.ndarray = None   # share of the pair's crises over disputed ground
    usual_focus: np.ndarray = None  # per state: regional focus at the start (attention's norm)
    kind: np.ndarray              # object: tie kind names (for the graph and the log)
    prox: np.ndarray              # Boulding/Walt proximity
    belief: np.ndarray            # H: i's belief that j is hostile
    monitoring: np.ndarray        # dyadic monitors / treaties, in [0, 1] (symmetric)
    guarantee: np.ndarray         # third-party guarantees of a peace treaty (symmetric)
    weights: np.ndarray = None    # W: threat weights, derived each year
    arms_flow: np.ndarray = None  # supplier × client, USD bn this year
    capability_history: list = field(default_factory=list)
    #: observed GDP by year: year → N-vector, NaN where a state gives none (gdp_path)
    gdp_observed: dict = field(default_factory=dict)
    #: budgets driven from outside the region: year → N-vector of milex_path, NaN elsewhere
    milex_observed: dict = field(default_factory=dict)
    budget_path: np.ndarray = None  # bool per state: budget: path (not the region's rule)

    @property
    def n(self) -> int:
        return len(self.names)

    def index(self, name: str) -> int:
        return self.names.index(name)

    def scale_gdp(self, i: int, factor) -> None:
        """A shock to one state's economy (war, sanctions, a crash) that persists (in every
        run of a stack: ``factor`` may be one per run)."""
        self.gdp[..., i] *= factor
        self.gdp_base[..., i] *= factor


#: the per-state arrays the model makes (the scenario's are :func:`state_fields`)
MODEL_STATE_ARRAYS = tuple(f.name for f in fields(World) if f.metadata.get("per_state"))


#: the parameters the start year's arrays depend on: build_world reads no other
#: (tests/test_world.py changes every other one and finds the same arrays)
WORLD_PARAMETERS = ("alliance_reliability", "capability_depreciation", "indicator_weight",
                    "distance_scale_km")


def world_key(sc: Scenario) -> tuple:
    """What :func:`build_world` makes its arrays from: scenarios with equal keys (the same
    states, ties and arms deliveries, a sample's points that differ in other parameters)
    start from equal worlds, so an ensemble builds it once (ensemble.py)."""
    return (id(sc.states), id(sc.ties), id(sc.exogenous_arms), sc.mechanisms.proximity,
            *(getattr(sc.parameters, name) for name in WORLD_PARAMETERS))


def build_world(sc: Scenario) -> World:
    """Arrays for the scenario's start year."""
    names = list(sc.states)
    n = len(names)
    idx = {s: i for i, s in enumerate(names)}
    specs = [sc.states[s] for s in names]
    p = sc.parameters
    given = state_fields(type(specs[0]))
    arrays = {f: np.array([getattr(s, f) for s in specs],
                          dtype=bool if type(specs[0]).model_fields[f].annotation is bool
                          else float)
              for f in given}
    strength = np.zeros((n, n))
    reliability = np.full((n, n), p.alliance_reliability)
    indicators = np.broadcast_to(health.REFERENCE, (n, n, len(health.INDICATORS))).copy()
    measured = np.zeros((n, n), bool)
    commitment = np.zeros((n, n), bool)
    scope_any = np.zeros((n, n), bool)
    disputed = np.zeros((n, n))
    kind = np.full((n, n), "neutral", dtype=object)
    for t in sc.ties:
        i, j = idx[t.a], idx[t.b]
        strength[i, j] = strength[j, i] = t.strength
        if t.reliability is not None:
            reliability[i, j] = reliability[j, i] = t.reliability
        commitment[i, j] = commitment[j, i] = t.kind in COMMITMENT_KINDS and t.strength > 0
        kind[i, j] = kind[j, i] = t.kind
        scope_any[i, j] = scope_any[j, i] = t.scope == "any"
        disputed[i, j] = disputed[j, i] = t.disputed
        if t.indicators is not None:
            values = [getattr(t.indicators, k) for k in health.INDICATORS]
            indicators[i, j] = indicators[j, i] = values
            measured[i, j] = measured[j, i] = True
    np.fill_diagonal(reliability, 0.0)
    exo = np.zeros(n)
    for x in sc.exogenous_arms:
        exo[idx[x.client]] += x.value
    world = World(
        names=names, per_state=given + MODEL_STATE_ARRAYS,
        offensive_strategy=np.array([STRATEGIES[s.strategy].offensive for s in specs]),
        capability=arrays["quality"] * arrays["milex"] / p.capability_depreciation,
        exogenous_arms=exo, gdp_base=arrays["gdp"].copy(), cumulative_milex=np.zeros(n),
        foregone_health_years=np.zeros(n), arms_received=np.zeros(n),
        aid_beyond_cap=np.zeros(n),
        strength=strength, anchor=strength.copy(), trust=reliability,
        reliability=health.reliability(reliability, indicators, p.indicator_weight),
        indicators=indicators, measured=measured, commitment=commitment, kind=kind,
        scope_any=scope_any, disputed=disputed,
        usual_focus=np.array([s.regional_focus for s in specs], dtype=float),
        prox=proximity_matrix(sc), belief=dyn.tie_hostility(strength),
        monitoring=np.zeros((n, n)), guarantee=np.zeros((n, n)),
        arms_flow=np.zeros((n, n)), weights=dyn.richardson_weights(strength),
    )
    for name, values in arrays.items():
        setattr(world, name, values)
    world.gdp_observed = _by_year([s.gdp_path for s in specs])
    world.milex_observed = _by_year([s.milex_path for s in specs])
    world.budget_path = np.array([s.budget == "path" for s in specs], bool)
    np.fill_diagonal(world.belief, 0.0)
    world.capability_history = [world.capability.copy()]
    return world


def _by_year(paths: list[dict[int, float]]) -> dict[int, np.ndarray]:
    """Per-state {year: value} paths as {year: N-vector}, NaN where a state gives no value."""
    years = sorted({y for p in paths for y in p})
    return {y: np.array([p.get(y, np.nan) for p in paths], float) for y in years}


def proximity_matrix(sc: Scenario) -> np.ndarray:
    """Land neighbours 1, others by capital distance; all 1 if a state has no capital given
    or the ``proximity`` mechanism is switched off (all pairs equally near)."""
    names = list(sc.states)
    n = len(names)
    idx = {s: i for i, s in enumerate(names)}
    border = np.zeros((n, n), bool)
    for s, spec in sc.states.items():
        for other in spec.borders:
            border[idx[s], idx[other]] = border[idx[other], idx[s]] = True
    caps = [spec.capital for spec in sc.states.values()]
    if any(c is None for c in caps) or not sc.mechanisms.proximity:
        prox = np.ones((n, n))
        np.fill_diagonal(prox, 0.0)
        return prox
    lat = np.array([c[0] for c in caps])
    lon = np.array([c[1] for c in caps])
    return dyn.proximity(dyn.great_circle_km(lat, lon), border, sc.parameters.distance_scale_km)
