"""What the DataCollector records each year, and the tidy frame built from it.

Model reporters are plain functions of the model; the per-state measures are read
as whole arrays by :mod:`model.simulation.collector`.
"""

from __future__ import annotations

from copy import copy

import numpy as np


def year(m):
    return m.year


def regional_milex(m):
    """The region's military spending, USD bn: the sum over the states the scenario counts
    as regional (``regional: true``, the default), outside great powers left out. A number,
    or one per run for a stack of runs (the flags are the scenario's, alike in every run)."""
    w = m.world
    regional = np.flatnonzero(w.regional if w.regional.ndim == 1 else w.regional[0])
    return _state_sum(w.milex[..., regional])


def total_milex(m):
    """Every state's military spending, USD bn, great powers included."""
    return _state_sum(m.world.milex)


def _state_sum(x):
    """The sum over states, added one by one in scenario order (``np.cumsum``): a float for
    one run, one per run for a stack. numpy's ``sum`` of a lone vector (pairwise) and of each
    row of a stack need not agree in the last bit; this does (tests/test_ensemble.py)."""
    total = np.cumsum(x, axis=-1)[..., -1] if x.shape[-1] else np.zeros(x.shape[:-1])
    return float(total) if total.ndim == 0 else total


def _count(name):
    def reporter(m):
        return copy(m.counts[name])  # an int, or (a stack of runs) a copy of each run's count
    reporter.__name__ = name
    reporter.__doc__ = f"cumulative number of {name.replace('_', ' ')}"
    return reporter


MODEL_REPORTERS = {
    "year": year,
    "regional_milex": regional_milex,
    "total_milex": total_milex,
    "crises": _count("crises"),
    "wars": _count("wars"),
    "commitments_invoked": _count("commitments_invoked"),
    "commitments_honoured": _count("commitments_honoured"),
}

MODEL_COLUMNS = list(MODEL_REPORTERS)


def tidy_frame(model):
    """One row per (year, state): the state measures, then that year's model measures (a
    pandas DataFrame; pandas is loaded here, not with the reporters a batch worker uses)."""
    dc = model.datacollector
    _, values, top = dc.agent_arrays(model)
    return frame_of(model.world.names, values, top,
                    {k: np.asarray(v) for k, v in dc.model_vars.items()})


def frame_of(names, values, top, model_vars):
    """The tidy frame of one run from its recorded arrays: ``values`` measures × years ×
    states (AGENT_MEASURES' order), ``top`` years × states (−1: none), ``model_vars`` name →
    one value a year. A run alone (:func:`tidy_frame`) and run r of an ensemble (its
    ``datacollector.arrays()``, row r) give the same frame for the same run."""
    import pandas as pd

    from model.simulation.measures import AGENT_MEASURES

    years, n = top.shape
    labels = np.array([*names, "none"], dtype=object)
    data = {"year": np.repeat(model_vars["year"], n),
            "state": pd.array(np.tile(labels[:n], years), dtype="string")}
    for k, name in enumerate(AGENT_MEASURES):
        data[name] = values[k].reshape(-1)
    data["top_threat"] = pd.array(labels[top.reshape(-1)], dtype="string")
    for name in MODEL_COLUMNS:
        if name != "year":
            data[name] = np.repeat(model_vars[name], n)
    return pd.DataFrame(data)
