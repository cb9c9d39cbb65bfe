"""Each thing is declared once and the rest derived: state fields, event kinds, strategies,
tie indicators."""

from typing import get_args

import numpy as np
import pytest

from agents.strategies import STRATEGIES
from model import ArmsRaceModel, load_scenario
from model.scenario import event_schema, schema, tie_indicators
from model.simulation import alliance_health as health
from model.simulation import events
from model.simulation.world import build_world, state_fields

BASELINE = "scenarios/baseline_2020.yaml"


def test_every_state_number_is_a_world_array_and_an_agent_attribute():
    sc = load_scenario(BASELINE)
    m = ArmsRaceModel(sc, rng=1)
    numbers = [n for n, f in schema.StateSpec.model_fields.items()
               if f.annotation in (float, int, bool)]
    assert {"milex", "reaction", "regional", "quality", "health_share"} <= set(numbers)
    assert state_fields() == tuple(numbers)
    for name, spec in sc.states.items():
        agent = m.states[name]
        for field in numbers:
            assert getattr(m.world, field)[agent.index] == getattr(spec, field), field
            assert getattr(agent, field) == getattr(spec, field), field
    assert m.states["Armenia"].regional is True and m.states["Russia"].regional is False


def test_model_made_state_arrays_are_agent_attributes_too():
    m = ArmsRaceModel(BASELINE, rng=1)
    m.run(2)
    w, arm = m.world, m.states["Armenia"]
    for name in ("capability", "arms_received", "cumulative_milex", "foregone_health_years",
                 "gdp_base", "offensive_strategy"):
        assert name in w.per_state
        assert getattr(arm, name) == getattr(w, name)[arm.index]
    assert arm.milex == w.milex[arm.index] and arm.cumulative_milex > 0
    with pytest.raises(AttributeError):
        arm.strength     # a per-pair matrix, not this state's number  # noqa: B018


def test_a_new_state_field_reaches_world_and_agent_without_another_line():
    class Spec(schema.StateSpec):
        morale: float = 0.5

    class Sc(schema.Scenario):
        states: dict[str, Spec]

    data = load_scenario(BASELINE).model_dump(by_alias=True)
    data["states"]["Armenia"]["morale"] = 0.9
    m = ArmsRaceModel(Sc.model_validate(data), rng=1)
    assert m.world.morale.tolist()[:2] == [0.9, 0.5]
    assert m.states["Armenia"].morale == 0.9
    assert build_world(Sc.model_validate(data)).morale.dtype == float


def test_every_event_kind_has_its_model_and_its_apply_function():
    union = get_args(get_args(event_schema.Event)[0])
    assert list(union) == list(event_schema.EVENT_MODELS.values())
    assert event_schema.EVENT_KINDS == tuple(event_schema.EVENT_MODELS)
    assert len(event_schema.EVENT_KINDS) >= 16
    missing = set(event_schema.EVENT_KINDS) - set(events.APPLY)
    assert not missing, f"event kinds without an apply function: {missing}"
    assert set(events.APPLY) == set(event_schema.EVENT_KINDS)


def test_strategies_are_declared_in_the_agents_package_only():
    allowed = get_args(schema.StateSpec.model_fields["strategy"].annotation)
    assert allowed == tuple(STRATEGIES) == ("defensive", "offensive", "human")
    assert all(cls.name == name for name, cls in STRATEGIES.items())
    w = build_world(load_scenario(BASELINE))
    sc = load_scenario(BASELINE)
    expected = [STRATEGIES[s.strategy].offensive for s in sc.states.values()]
    np.testing.assert_array_equal(w.offensive_strategy, expected)


def test_tie_indicators_are_declared_once():
    fields = schema.TieIndicators.model_fields
    assert tuple(fields)[:-1] == health.INDICATORS and tuple(fields)[-1] == "source"
    assert [fields[k].default for k in health.INDICATORS] == health.REFERENCE.tolist()
    assert get_args(event_schema.SetIndicator.model_fields["name"].annotation) == \
        health.INDICATORS
    assert list(tie_indicators.SOURCES) == list(health.INDICATORS)
    assert len(health.WEIGHTS) == len(tie_indicators.TABLE)
