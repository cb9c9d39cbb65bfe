"""Invariants over random worlds and parameters (hypothesis)."""

import numpy as np
from annotated_types import Ge, Gt, Le
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import ArmsRaceModel
from model.scenario.schema import Parameters
from model.scenario.synthetic import synthetic_world


def _range(field):
    """(low, high) of a parameter from its schema bounds, capped at 10 for the search."""
    meta = field.metadata
    lo = next((m.ge for m in meta if isinstance(m, Ge)), None)
    if lo is None:
        lo = next((m.gt + 1e-3 for m in meta if isinstance(m, Gt)), 0.0)
    hi = next((m.le for m in meta if isinstance(m, Le)), 10.0)
    return lo, min(hi, 10.0)


def parameter_values():
    """Any value inside each float parameter's documented range."""
    fields = {name: st.floats(*_range(f), allow_nan=False)
              for name, f in Parameters.model_fields.items()
              if f.annotation is float and name != "distance_scale_km"}
    return st.fixed_dictionaries({}, optional=fields)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(2, 12), world_seed=st.integers(0, 10_000), run_seed=st.integers(0, 10_000),
       params=parameter_values())
def test_random_worlds_keep_their_invariants(n, world_seed, run_seed, params):
    sc = synthetic_world(n, world_seed, years=12, **params)
    m = ArmsRaceModel(sc, rng=run_seed)
    nodes = set(m.alliance_graph.nodes)
    w = m.world
    for _ in range(12):
        cap = w.max_burden * w.gdp
        m.step()
        assert np.all(np.isfinite(w.milex)) and np.all(np.isfinite(w.gdp))
        assert np.all(w.milex >= 0) and np.all(w.milex <= cap + 1e-9)
        assert np.all((w.strength >= -1) & (w.strength <= 1))
        assert np.all((w.belief >= 0) & (w.belief <= 1))
        assert np.all((w.reliability >= 0) & (w.reliability <= 1))
        assert np.all((w.weights >= 0) & (w.weights <= 1))
        assert np.all(w.capability >= 0)
        assert set(m.alliance_graph.nodes) == nodes
    df = m.frame()
    assert not df[["milex", "gdp", "capability", "burden", "net_threat"]].isna().any().any()
    assert m.counts["commitments_honoured"] <= m.counts["commitments_invoked"]
