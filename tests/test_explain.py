"""'Why budgets changed': the terms the budget phase records add up, and each is what it says."""

import numpy as np
import pytest

from model import ArmsRaceModel, load_scenario
from model.simulation import economy
from model.simulation.explain import actual_change, budget_terms, explain

BASELINE = "scenarios/baseline_2020.yaml"


@pytest.fixture(scope="module")
def baseline():
    return load_scenario(BASELINE)


def watch_budget_phase(m):
    """Record, around each budget phase, the cap, the rule's own proposal (from the model's
    inputs, energy-scaled grievance and fiscal cost included; a budget: path state's path)
    and the budgets the phase set."""
    seen = {}
    phase = m._decide_budgets

    def watched():
        w = m.world
        only = m.params.richardson_only
        arms = np.zeros(w.n) if only else w.arms_received
        fiscal = 0.0 if only else economy.fiscal_cost(w.milex, w.gdp, w.max_burden,
                                                      m.params.fiscal_cost)
        ruled = ~w.budget_path | only
        seen["cap"] = w.max_burden * w.gdp
        before = w.milex.copy()
        proposal = (w.milex + w.reaction * (w.weights @ w.milex) - w.fatigue * w.milex
                    + m._grievance() + arms + fiscal)
        seen["grievance"] = np.where(ruled, np.broadcast_to(m._grievance(), (w.n,)), 0.0)
        phase()
        seen["proposal"] = np.where(ruled, proposal, before + m.last_budget.path)
        seen["budget"] = w.milex.copy()

    m._decide_budgets = watched
    return seen


@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_terms_sum_to_the_change_and_the_cap_term_means_the_cap(baseline, seed):
    """Every state and year of a 15-year baseline: the terms add up exactly to the change in
    milex; a cap term appears only when the cap bound (the rule proposed more than the cap,
    or the budget sits at it) and it only ever cuts; grievance is the one the rule used.
    Armenia's and Azerbaijan's caps are lowered to 3% and the fiscal cost to a tenth of the
    baseline's so that the cap binds (at the baseline's it rarely does)."""
    m = ArmsRaceModel(baseline, rng=seed, fiscal_cost=0.05,
                      overrides={"Armenia.max_burden": 0.03, "Azerbaijan.max_burden": 0.03})
    seen = watch_budget_phase(m)
    capped = 0
    for _ in range(15):
        before = m.world.milex.copy()
        m.step()
        for i, name in enumerate(m.world.names):
            terms = budget_terms(m, name)
            change = m.world.milex[i] - before[i]
            assert sum(t.value for t in terms) == pytest.approx(change, abs=1e-9), name
            assert actual_change(m, name) == pytest.approx(change, abs=1e-12)
            cap = sum(t.value for t in terms if t.kind == "cap")
            bound = (seen["proposal"][i] > seen["cap"][i]
                     or seen["budget"][i] == pytest.approx(seen["cap"][i], rel=1e-12))
            assert cap <= 0.0, f"{m.year} {name}: a cap that adds {cap}"
            if cap != 0.0:
                assert bound, f"{m.year} {name}: cap term {cap} but the cap did not bind"
                capped += 1
            g = [t.value for t in terms if t.kind == "grievance"]
            assert g == ([seen["grievance"][i]] if seen["grievance"][i] else [])
    assert capped > 0   # the lowered caps do bind: the check above is not vacuous


def test_fiscal_and_path_terms(baseline):
    """The fiscal cost is its own term, ≤ 0, and is what economy.fiscal_cost gives for the
    year's budgets; a budget: path state (the United States) has only the path term, which
    takes it to the observed SIPRI figure in 2021 and 2022."""
    m = ArmsRaceModel(baseline, rng=4)
    us = m.world.index("United States")
    for year, observed in ((2021, 806.230), (2022, 860.692)):
        gdp = m.world.gdp.copy()
        m.step()
        t = m.last_budget
        expected = economy.fiscal_cost(t.recorded + t.shock, gdp, m.world.max_burden,
                                       m.params.fiscal_cost)
        ruled = ~m.world.budget_path
        np.testing.assert_allclose(t.fiscal[ruled], expected[ruled], rtol=1e-12)
        assert np.all(t.fiscal[ruled] < 0) and t.fiscal[us] == 0.0
        kinds = {term.kind for term in budget_terms(m, "United States")}
        assert kinds <= {"path", "fatigue", "event"} and "path" in kinds, kinds
        assert m.world.milex[us] == pytest.approx(observed, abs=1e-9), year
        assert "fiscal" in {term.kind for term in budget_terms(m, "Armenia")}


def test_a_producer_far_from_its_cap_has_no_cap_term(baseline):
    """The reported case (seed 1, ten years): the rule scales a producer's grievance with
    energy prices, so the raw grievance must not leak into a 'cap' term."""
    m = ArmsRaceModel(baseline, rng=1)
    seen = watch_budget_phase(m)
    free = 0
    for _ in range(15):
        m.step()
        for i, name in enumerate(m.world.names):
            if seen["proposal"][i] < seen["cap"][i] and seen["budget"][i] < seen["cap"][i]:
                free += 1
                assert "cap" not in {t.kind for t in budget_terms(m, name)}, (m.year, name)
    assert free > 50


def test_the_record_is_the_budget_phase(baseline):
    """The record holds the year's numbers as named fields; its total is the change."""
    m = ArmsRaceModel(baseline, rng=3)
    assert m.last_budget is None and budget_terms(m, "Iran") == []
    assert explain(m, "Iran") == "Iran: no year simulated yet"
    before = m.world.milex.copy()
    m.step()
    t = m.last_budget
    assert t.year == m.year == 2021
    np.testing.assert_allclose(t.total(), m.world.milex - before, atol=1e-9)
    np.testing.assert_array_equal(t.after, m.world.milex)
    np.testing.assert_array_equal(t.recorded, before)
    assert t.threat.shape == (m.world.n, m.world.n) and not np.any(np.diag(t.threat))
    assert np.all(t.fatigue <= 0) and np.all(t.cap <= 0) and np.all(t.floor >= 0)
    with pytest.raises(AttributeError):
        t.cap = None   # frozen


def test_richardson_only_records_the_rule_alone(baseline):
    m = ArmsRaceModel(baseline, rng=1, richardson_only=True)
    for _ in range(5):
        before = m.world.milex.copy()
        m.step()
        t = m.last_budget
        for field in ("shock", "drive", "noise", "player", "war", "arms", "fiscal", "path"):
            assert not np.any(getattr(t, field)), field
        np.testing.assert_array_equal(t.grievance, m.world.grievance)   # not energy-scaled
        np.testing.assert_allclose(t.total(), m.world.milex - before, atol=1e-9)


def test_a_player_order_and_a_war_are_their_own_terms(baseline):
    m = ArmsRaceModel(baseline, rng=2)
    orders = m.play_as("Armenia")
    for _ in range(6):
        orders.budget_change = 0.3
        before = m.world.milex.copy()
        m.step()
        i = m.world.index("Armenia")
        kinds = {t.kind: t.value for t in budget_terms(m, "Armenia")}
        assert "player" in kinds and "drive" not in kinds
        assert sum(t.value for t in budget_terms(m, "Armenia")) == pytest.approx(
            m.world.milex[i] - before[i], abs=1e-9)
    text = explain(m, "Armenia")
    assert text.startswith(f"{m.year}: Armenia")


def test_war_mobilisation_is_recorded(baseline):
    """Seed 22 has a war (Azerbaijan and Iran) in the crisis phase of 2025: mobilisation
    (capped by the war's loss of GDP) comes after the budget phase and is its own term."""
    m = ArmsRaceModel(baseline, rng=22)
    wars = 0
    while m.year < 2025:
        before = m.world.milex.copy()
        m.step()
        t = m.last_budget
        wars += int(np.any(t.war))
        np.testing.assert_allclose(t.total(), m.world.milex - before, atol=1e-9)
        np.testing.assert_array_equal(t.after, m.world.milex)
    assert wars >= 1
    iran = {term.kind for term in budget_terms(m, "Iran")}
    assert "war" in iran
