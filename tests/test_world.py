"""The start year's arrays (model/simulation/world.py): which parameters they are made from."""

import numpy as np
import pytest

from model import load_scenario
from model.scenario.loader import apply_overrides
from model.scenario.parameters import Parameters
from model.simulation.world import WORLD_PARAMETERS, build_world, world_key

BASELINE = "scenarios/baseline_2020.yaml"


def arrays(world) -> dict:
    return {k: v for k, v in vars(world).items() if isinstance(v, np.ndarray)}


def changed(sc, name):
    """``sc`` with parameter ``name`` moved within its range."""
    value = getattr(sc.parameters, name)
    if isinstance(value, bool):
        return apply_overrides(sc, {name: not value})
    if isinstance(value, int):
        return apply_overrides(sc, {name: value + 1})
    return apply_overrides(sc, {name: value * 0.8 if value else 0.1})


@pytest.fixture(scope="module")
def base():
    return load_scenario(BASELINE)


@pytest.mark.parametrize("name", [n for n in Parameters.model_fields
                                  if n not in WORLD_PARAMETERS])
def test_the_start_year_reads_no_other_parameter(base, name):
    """An ensemble builds one start year for runs with one world_key; a parameter that
    build_world reads but WORLD_PARAMETERS does not name would give runs a wrong start."""
    other = changed(base, name)
    assert world_key(other) == world_key(base)
    a, b = arrays(build_world(base)), arrays(build_world(other))
    assert all(np.array_equal(a[k], b[k]) for k in a), name


@pytest.mark.parametrize("name", WORLD_PARAMETERS)
def test_the_parameters_it_reads_change_the_key_and_the_arrays(base, name):
    other = changed(base, name)
    assert world_key(other) != world_key(base)
    a, b = arrays(build_world(base)), arrays(build_world(other))
    assert not all(np.array_equal(a[k], b[k]) for k in a), name
