"""Each run of an ensemble with its own parameters: the points of a sample stepped together.

A sweep's sample (Sobol', Latin hypercube, Morris) or a posterior's draws give every run
its own parameter values. An :class:`~model.simulation.ensemble.Ensemble` of such runs holds
them in a :class:`RunParameters`: a parameter every run shares stays the number it is (so
the year's maths is exactly a lone run's), one that differs becomes an array of R values,
one per run. The year's code shapes a parameter for the array it meets with
:func:`per_state` (R×N: an (R, 1) column), :func:`per_pair` (R×N×N: (R, 1, 1)) and
:func:`per_crisis` (the run of each crisis); for a scalar all three return it as is, so a
lone :class:`~model.simulation.model.ArmsRaceModel` pays nothing.

A few parameters decide *which* code runs, not only its numbers; runs that differ in them
cannot share a stack (:data:`BRANCHING`, :func:`branch_key`).
"""

from __future__ import annotations

import numpy as np

from model.scenario.parameters import Parameters


def per_state(value):
    """``value`` as an operand of per-state arrays (R×N in a stack, N alone)."""
    return value[:, None] if isinstance(value, np.ndarray) else value


def per_pair(value):
    """``value`` as an operand of per-pair matrices (R×N×N in a stack, N×N alone)."""
    return value[:, None, None] if isinstance(value, np.ndarray) else value


def per_crisis(value, runs):
    """``value`` for each crisis (or call) found in run ``runs[c]`` (runs is None alone)."""
    return value[runs] if isinstance(value, np.ndarray) else value


#: what a parameter's value decides beyond arithmetic: runs of a stack must agree on these.
#: ``richardson_only`` skips whole phases; ``power_shift_window`` is the length of the
#: capability history every run keeps; no budget noise draws no noise (the budget stream
#: is not read); an ``indicator_weight`` of 0 leaves reliability exactly trust.
BRANCHING = {
    "richardson_only": lambda v: v,
    "power_shift_window": lambda v: v,
    "budget_noise": lambda v: v > 0,
    "indicator_weight": lambda v: v == 0,
}


def branch_key(parameters: Parameters) -> tuple:
    """What of ``parameters`` decides which code runs (:data:`BRANCHING`)."""
    return tuple(decides(getattr(parameters, name)) for name, decides in BRANCHING.items())


class RunParameters:
    """The parameters of R runs: ``p.war_cost`` is a number when every run has the same, an
    array of the R runs' values when they differ. Events that set a parameter
    (events.set_parameter, confidence-building) set it in every run alike."""

    def __init__(self, runs: list[Parameters]):
        """``runs`` agree on :data:`BRANCHING` (stacking.check_stackable sees to it)."""
        for name in Parameters.model_fields:
            values = [getattr(p, name) for p in runs]
            same = all(v == values[0] for v in values)
            object.__setattr__(self, name, values[0] if same else np.array(values, float))
        object.__setattr__(self, "_runs", {})   # of_run's answers, until a parameter is set

    def __setattr__(self, name, value) -> None:
        if name not in Parameters.model_fields:
            raise AttributeError(f"no parameter {name!r}")
        object.__setattr__(self, name, value)
        self._runs.clear()

    def of_run(self, run: int) -> Parameters:
        """Run ``run``'s parameters, as its lone model would hold them now (made once, and
        once for all runs when no parameter differs; read them, do not set them)."""
        values = {name: getattr(self, name) for name in Parameters.model_fields}
        key = run if any(isinstance(v, np.ndarray) for v in values.values()) else None
        if key not in self._runs:
            self._runs[key] = Parameters.model_construct(**{
                name: (v[run].item() if isinstance(v, np.ndarray) else v)
                for name, v in values.items()})
        return self._runs[key]
