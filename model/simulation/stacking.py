"""Which runs can share a stack, and their start years stacked.

An :class:`~model.simulation.ensemble.Ensemble` steps runs together whose scenarios differ
only in numbers: their parameters (model/simulation/run_parameters.py) and their states'
numbers (each run's start year is built from its own scenario and stacked). What decides
which code runs must be shared; :func:`stack_key` says which overrides of one base scenario
stack, and a batch's chunk groups its runs by it (model/experiments/chunks.py).
"""

from __future__ import annotations

import copy

import numpy as np

from model.scenario.loader import parameter_named, prepared_scenario
from model.scenario.parameters import Parameters
from model.simulation.run_parameters import BRANCHING, branch_key
from model.simulation.world import World, build_world, world_key

#: state fields that only set numbers in the world's arrays: runs that differ in them stack
STACKED_STATE_FIELDS = frozenset({
    "milex", "gdp", "gdp_growth", "max_burden", "reaction", "fatigue", "grievance",
    "milex_growth", "regional_focus", "quality", "energy_share", "health_share", "capital",
    "borders"})


def stack_key(point: dict, parameters: Parameters) -> tuple:
    """What runs made from one base scenario by ``point``'s overrides must share to be stepped
    in one stack: every override but a parameter's or a state's number
    (:data:`STACKED_STATE_FIELDS`), and what the parameters decide
    (:func:`model.simulation.run_parameters.branch_key`). Runs with equal keys stack."""
    fixed = []
    for name, value in point.items():
        if parameter_named(name) is not None:
            continue
        head, _, field = str(name).rpartition(".")
        if head not in ("", "parameters", "mechanisms") and field in STACKED_STATE_FIELDS:
            continue
        fixed.append((str(name), repr(value)))
    return tuple(sorted(fixed)), branch_key(parameters)


def run_scenarios(base, points: list[dict]) -> list:
    """Each point's scenario (``base`` with the point's overrides; one object for equal
    points), checked to stack (:func:`stack_key`); a ValueError names what differs."""
    made, scenarios, keys = {}, [], set()
    for point in points:
        key = repr(sorted((str(k), repr(v)) for k, v in point.items()))
        if key not in made:
            made[key] = prepared_scenario(base, point, None, {})
            keys.add(stack_key(point, made[key].parameters))
        scenarios.append(made[key])
    if len(keys) > 1:
        fixed = sorted({name for k in keys for name, _ in k[0]})
        raise ValueError("the runs of one ensemble may differ in parameters and in states' "
                         "numbers only; these differ in what decides which code runs: "
                         + ", ".join(fixed or ["richardson_only, power_shift_window, whether "
                                               "budget_noise or indicator_weight is 0"])
                         + ". Run them as separate ensembles")
    return scenarios


def known_histories(scenarios) -> list:
    """Each scenario as a run sees it: only the history it may know (``history_until``: a
    forecast; :meth:`~model.scenario.schema.Scenario.known_history`, as ArmsRaceModel cuts
    it), cut once per scenario object."""
    cut: dict[int, object] = {}
    for s in scenarios:
        if id(s) not in cut:
            cut[id(s)] = s.known_history()
    return [cut[id(s)] for s in scenarios]


def check_stackable(scenarios) -> None:
    """Runs of one stack share their years, switches, events, states, strategies and what
    their parameters decide (:data:`~model.simulation.run_parameters.BRANCHING`)."""
    first = scenarios[0]
    branches = branch_key(first.parameters)
    shape = (first.start_year, first.years, first.mechanisms, first.history_until,
             [(n, s.strategy, s.budget, s.gdp_path, s.milex_path)
              for n, s in first.states.items()])
    for s in scenarios[1:]:
        if s is first:
            continue
        if (differ := [name for name, a, b in zip(BRANCHING, branches,
                                                  branch_key(s.parameters), strict=True)
                       if a != b]):
            raise ValueError(f"runs of one ensemble must agree on {', '.join(differ)} (it "
                             f"decides which code runs); run them in separate ensembles")
        if (s.start_year, s.years, s.mechanisms, s.history_until,
                [(n, t.strategy, t.budget, t.gdp_path, t.milex_path)
                 for n, t in s.states.items()]) != shape \
                or s.events != first.events:
            raise ValueError("the runs of one ensemble must share their years, mechanisms, "
                             "events, states and strategies (stack_key)")


def stacked_start(scenarios) -> World:
    """The runs' start years stacked: each built from its run's scenario, once per
    :func:`~model.simulation.world.world_key` (a sample's points that differ only in the
    year's parameters share one)."""
    built: dict[tuple, World] = {}
    for s in scenarios:
        key = world_key(s)
        if key not in built:
            built[key] = build_world(s)
    return stack_worlds([built[world_key(s)] for s in scenarios])


def stack_worlds(worlds: list[World]) -> World:
    """One World whose arrays are the runs' arrays stacked (run first); what is not an array
    (names, the observed paths by year) is the scenario's and is shared."""
    stacked = copy.copy(worlds[0])
    for name, value in vars(worlds[0]).items():
        if isinstance(value, np.ndarray):
            setattr(stacked, name, np.stack([getattr(w, name) for w in worlds]))
    stacked.capability_history = [np.stack(years) for years in
                                  zip(*(w.capability_history for w in worlds), strict=True)]
    return stacked
