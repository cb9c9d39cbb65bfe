"""The public interface (states, steps, the alliance graph), determinism and the data collector's names."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from model import ArmsRaceModel, ScenarioError, load_scenario, run_scenario
from tests.worlds import BASELINE_STATES

BASELINE = "scenarios/baseline_2020.yaml"
EIGHT = {"Armenia", "Azerbaijan", "Russia", "France", "India", "United States", "Turkey", "Iran"}


@pytest.fixture(scope="module")
def baseline():
    return load_scenario(BASELINE)


def test_public_interface(baseline):
    m = ArmsRaceModel(scenario=baseline, rng=42)
    assert m.year == 2020
    assert m.states["Armenia"].milex == pytest.approx(0.634)
    m.step()
    assert m.year == 2021
    arm = m.states["Armenia"]
    assert arm.milex > 0 and arm.gdp > 0 and arm.capability > 0
    assert set(arm.threat) == EIGHT - {"Armenia"}
    assert isinstance(m.alliance_graph, nx.Graph)
    assert set(m.alliance_graph.nodes) == EIGHT
    assert m.alliance_graph["Russia"]["Armenia"]["relation"] == "ally"


def test_data_collector_names(baseline):
    m = ArmsRaceModel(baseline, rng=1)
    m.run(3)
    years = m.datacollector.get_model_vars_dataframe()
    for name in ("year", "regional_milex", "crises", "wars", "commitments_invoked",
                 "commitments_honoured"):
        assert name in years.columns
    assert list(years["year"]) == [2020, 2021, 2022, 2023]
    agents = m.datacollector.get_agent_vars_dataframe()
    for name in ("state", "milex", "gdp", "capability", "burden", "net_threat", "top_threat"):
        assert name in agents.columns
    assert len(agents) == 4 * BASELINE_STATES
    row = agents.xs(3, level="Step").set_index("state").loc["Armenia"]
    assert row["milex"] == pytest.approx(m.states["Armenia"].milex)
    assert row["burden"] == pytest.approx(m.states["Armenia"].burden)
    assert row["top_threat"] == m.states["Armenia"].top_threat


def test_regional_milex_sums_the_regions_states_and_total_milex_every_state(baseline):
    df = run_scenario(baseline, years=4, seed=3)
    regional = [n for n, spec in baseline.states.items() if spec.regional]
    assert set(regional) == {"Armenia", "Azerbaijan", "Turkey", "Iran"}
    region = df[df.state.isin(regional)].groupby("year").milex.sum()
    per_year = df.groupby("year")[["regional_milex", "total_milex"]].first()
    np.testing.assert_allclose(per_year.regional_milex.values, region.values)
    np.testing.assert_allclose(per_year.total_milex.values,
                               df.groupby("year").milex.sum().values)


def test_run_scenario_returns_a_tidy_frame():
    df = run_scenario(BASELINE, years=5, seed=1)
    assert list(df.columns[:3]) == ["year", "state", "milex"]
    assert len(df) == 6 * BASELINE_STATES
    assert df["year"].between(2020, 2025).all()
    assert df["state"].dtype == "string"
    assert not df[["milex", "gdp", "capability", "burden"]].isna().any().any()


def test_same_seed_same_frame_different_seed_different_frame(baseline):
    a = run_scenario(baseline, seed=7)
    b = run_scenario(baseline, seed=7)
    c = run_scenario(baseline, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.milex.values, c.milex.values)


def test_default_seed_is_the_scenarios(baseline):
    pd.testing.assert_frame_equal(run_scenario(baseline), run_scenario(baseline, seed=42))


def test_keyword_overrides_reach_parameters(baseline):
    m = ArmsRaceModel(baseline, rng=1, distinguishability=0.8)
    assert m.params.distinguishability == 0.8
    assert baseline.parameters.distinguishability == 0.3  # the scenario is not changed
    m = ArmsRaceModel(baseline, rng=1, overrides={"Armenia.reaction": 0.25})
    assert m.world.reaction[m.world.index("Armenia")] == 0.25


def test_unknown_override_is_a_clear_error(baseline):
    with pytest.raises(ScenarioError, match="distinguishability"):
        ArmsRaceModel(baseline, rng=1, distinguishabilty=0.8)


def test_seed_given_as_text_is_accepted(baseline):
    a = ArmsRaceModel(baseline, rng="43")
    b = ArmsRaceModel(baseline, rng=43)
    a.run(3)
    b.run(3)
    np.testing.assert_array_equal(a.world.milex, b.world.milex)


def test_events_shape_the_year_they_are_dated(baseline):
    m = ArmsRaceModel(baseline, rng=1)
    rus = m.world.index("Russia")
    m.run(1)  # 2021
    assert m.world.regional_focus[rus] == pytest.approx(0.15)
    m.run(1)  # 2022: the invasion of Ukraine is dated 2022
    assert m.world.regional_focus[rus] == pytest.approx(0.05)
    assert any(e.year == 2022 and e.kind == "external_shock" for e in m.chronicle)


def test_chronicle_explains_in_the_models_terms(baseline):
    m = ArmsRaceModel(baseline, rng=1)
    m.run(3)
    broken = [e for e in m.chronicle
              if e.kind == "commitment_broken" and e.actors == ("Russia", "Armenia")]
    assert {2021, 2022} <= {e.year for e in broken}  # the CSTO's two silences
    assert "trust" in broken[0].why and "Armenia" in str(broken[0])


def test_budgets_stay_within_the_cap(baseline):
    m = ArmsRaceModel(baseline, rng=2)
    for _ in range(15):
        cap = m.world.max_burden * m.world.gdp
        m.step()
        assert np.all(m.world.milex <= cap + 1e-9)
        assert np.all(m.world.milex >= 0)


def test_budget_explanations_sum_to_the_actual_change(baseline):
    from model.simulation.explain import actual_change, budget_terms, explain

    for seed in range(5):
        m = ArmsRaceModel(baseline, rng=seed)
        for _ in range(15):
            before = m.world.milex.copy()
            m.step()
            for i, name in enumerate(m.world.names):
                terms = budget_terms(m, name)
                assert sum(t.value for t in terms) == pytest.approx(
                    m.world.milex[i] - before[i], abs=1e-9)
                assert actual_change(m, name) == pytest.approx(m.world.milex[i] - before[i])
    text = explain(m, "Armenia")
    assert text.startswith("2035: Armenia") and "threat from Azerbaijan" in text


def test_aid_raises_capability_once(baseline):
    """Capability bought in a year is quality × spending, and spending already holds aid."""
    calm = baseline.model_copy(update={"events": [], "parameters": baseline.parameters
                                       .model_copy(update={"crisis_rate": 0.0})})   # no wars
    m = ArmsRaceModel(calm, rng=3)
    for _ in range(4):
        w = m.world
        before = w.capability.copy()
        m.step()
        w = m.world
        from model.simulation.dynamics import capability_step
        np.testing.assert_allclose(w.capability, capability_step(
            before, w.milex + w.aid_beyond_cap, w.quality, m.params.capability_depreciation))
    assert m.world.arms_received.sum() > 0


def test_tie_change_moves_a_tie_and_its_anchor_and_says_why(baseline):
    """Normalisation talks (Turkey–Armenia, 2022) make crises between the two rarer."""
    m = ArmsRaceModel(baseline, rng=1)
    m.run(3)                                                    # through 2022
    w, names = m.world, m.world.names
    t, a = names.index("Turkey"), names.index("Armenia")
    assert w.anchor[t, a] == w.anchor[a, t] == -0.4 and str(w.kind[t, a]) == "normalising"
    e = [e for e in m.chronicle if e.kind == "tie_change" and set(e.actors) == {"Turkey",
                                                                                 "Armenia"}]
    assert e and "improve" in e[0].text and "rarer" in e[0].why


def test_external_shock_text_follows_the_direction_of_focus(baseline):
    """Russia's 2022 shock draws it away; a shock that raises focus says so."""
    from model.scenario.event_schema import ExternalShock
    from model.simulation.events import external_shock
    m = ArmsRaceModel(baseline, rng=1)
    m.run(3)
    away = [e for e in m.chronicle if e.kind == "external_shock"][0]
    assert "drawn elsewhere" in away.text and "less" in away.why
    external_shock(m, ExternalShock(year=m.year, kind="external_shock", state="Turkey",
                                    regional_focus=0.5))
    toward = [e for e in m.chronicle if e.kind == "external_shock"][-1]
    assert "turned toward the region" in toward.text and "more" in toward.why


def test_chronicle_names_each_signed_tie_in_words():
    """'sign a defence pact', but 'agree on improving relations' (not 'sign a improving')."""
    from model import ArmsRaceModel

    m = ArmsRaceModel("scenarios/baseline_2020.yaml", rng=1)
    m.run(years=5)
    signed = [e.text for e in m.chronicle if e.kind == "alliance_signed"]
    assert "Turkey and Azerbaijan sign a defence pact" in signed
    assert "United States and Azerbaijan agree on improving relations" in signed
    assert not [t for t in signed if " a improving" in t or " a arms" in t]


def test_release_gives_a_played_state_back_to_the_computer():
    """release(state) undoes play_as(state): the same seed then runs as if never played."""
    plain = ArmsRaceModel(rng=4, collect=False)
    played = ArmsRaceModel(rng=4, collect=False)
    played.play_as("Azerbaijan")          # an offensive realist loses its drive while played
    played.release("Azerbaijan")
    plain.run(5)
    played.run(5)
    assert np.array_equal(plain.world.milex, played.world.milex)
    assert played.states["Azerbaijan"].strategy.name == "offensive"
