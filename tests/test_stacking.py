"""Which runs can share a stack (model/simulation/stacking.py)."""

import pytest

from model.scenario.parameters import Parameters
from model.simulation.stacking import stack_key

REFERENCE = Parameters()


@pytest.mark.parametrize("a, b", [
    ({"war_cost": 0.5}, {"war_cost": 2.0}),
    ({"parameters.crisis_rate": 0.1}, {"crisis_rate": 0.4}),
    ({"Armenia.reaction": 0.1, "Iran.borders": ["Turkey"]}, {"Armenia.reaction": 0.3}),
])
def test_parameters_and_states_numbers_stack(a, b):
    assert stack_key(a, REFERENCE) == stack_key(b, REFERENCE)


@pytest.mark.parametrize("a, b", [
    ({"mechanisms.spiral": False}, {"mechanisms.spiral": True}),
    ({"years": 5}, {"years": 6}),
    ({"Armenia.strategy": "offensive"}, {}),
    ({"Armenia.budget": "path"}, {}),
])
def test_what_decides_which_code_runs_does_not_stack(a, b):
    assert stack_key(a, REFERENCE) != stack_key(b, REFERENCE)


def test_parameters_that_branch_do_not_stack():
    noisy, quiet = REFERENCE.model_copy(update={"budget_noise": 0.1}), \
        REFERENCE.model_copy(update={"budget_noise": 0.0})
    assert stack_key({}, noisy) != stack_key({}, quiet)
    louder = REFERENCE.model_copy(update={"budget_noise": 0.2})
    assert stack_key({}, noisy) == stack_key({}, louder)


def test_scenarios_that_branch_apart_are_refused_in_one_stack():
    """The guard of Ensemble.of_scenarios (a chunk's grouped runs): it names the parameter."""
    from model import load_scenario
    from model.scenario.loader import apply_overrides
    from model.simulation.ensemble import Ensemble

    base = load_scenario("scenarios/baseline_2020.yaml")
    with pytest.raises(ValueError, match="budget_noise"):
        Ensemble.of_scenarios([base, apply_overrides(base, {"budget_noise": 0.0})], [1, 2])
    with pytest.raises(ValueError, match="years"):
        Ensemble.of_scenarios([base, apply_overrides(base, {"years": 3})], [1, 2])
