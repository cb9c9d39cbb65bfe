"""The pure maths of model/simulation/dynamics.py, and Richardson's model as its exact special case."""

import numpy as np
import pytest

from model import ArmsRaceModel
from model.scenario.schema import Scenario
from model.simulation import dynamics as dyn

from .worlds import dyad


def richardson_recursion(m0, W, k, a, g, years):
    m = np.array(m0, float)
    path = [m.copy()]
    for _ in range(years):
        m = m + k * (W @ m) - a * m + g
        path.append(m.copy())
    return np.array(path)


def test_two_state_model_equals_richardson_recursion_exactly():
    sc = dyad(strength=-1.0, reaction=(0.08, 0.05), fatigue=(0.1, 0.12), grievance=(0.2, -0.1),
              milex=(1.0, 3.0), years=40, richardson_only=True, gdp=1e6)
    m = ArmsRaceModel(sc, rng=1)
    m.run()
    got = m.frame().pivot(index="year", columns="state", values="milex")[["Blue", "Red"]].values
    W = np.array([[0.0, 1.0], [1.0, 0.0]])
    want = richardson_recursion([1.0, 3.0], W, np.array([0.08, 0.05]), np.array([0.1, 0.12]),
                                np.array([0.2, -0.1]), 40)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_richardson_only_switches_off_randomness_and_events():
    sc = dyad(strength=-0.5, years=10, richardson_only=True, budget_noise=0.5, crisis_rate=1.0)
    a = ArmsRaceModel(sc, rng=1)
    b = ArmsRaceModel(sc, rng=2)
    a.run()
    b.run()
    np.testing.assert_array_equal(a.world.milex, b.world.milex)
    assert a.counts["crises"] == 0


def test_n_state_model_equals_matrix_recursion():
    rng = np.random.default_rng(5)
    n = 6
    names = [f"S{i}" for i in range(n)]
    k, a = rng.uniform(0.01, 0.1, n), rng.uniform(0.05, 0.2, n)
    g, m0 = rng.uniform(-0.1, 0.3, n), rng.uniform(0.5, 5, n)
    ties, S = [], np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            s = float(np.round(rng.uniform(-1, 1), 3))
            ties.append(dict(a=names[i], b=names[j], kind="rivalry", strength=s))
            S[i, j] = S[j, i] = s
    sc = Scenario.model_validate(dict(
        name="n", years=25, parameters=dict(richardson_only=True),
        states={s: dict(milex=m0[i], gdp=1e6, max_burden=1.0, reaction=k[i], fatigue=a[i],
                        grievance=g[i]) for i, s in enumerate(names)},
        ties=ties))
    m = ArmsRaceModel(sc, rng=0)
    m.run()
    want = richardson_recursion(m0, np.clip(-S, 0, 1), k, a, g, 25)
    got = m.frame().pivot(index="year", columns="state", values="milex")[names].values
    np.testing.assert_allclose(got, np.maximum(want, 0), rtol=1e-10)


@pytest.mark.parametrize("seed", range(40))
def test_two_state_stability_condition(seed):
    """Stable iff a1·a2 > k1·k2 (Richardson 1960)."""
    rng = np.random.default_rng(seed)
    k = rng.uniform(0.01, 0.3, 2)
    a = rng.uniform(0.01, 0.3, 2)
    W = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert dyn.richardson_stable(k, a, W) == (a[0] * a[1] > k[0] * k[1])


@pytest.mark.parametrize("seed", range(30))
def test_n_state_spectral_condition_predicts_simulation(seed):
    """ρ(A⁻¹ K W) < 1 ⇔ the recursion settles; ≥ 1 ⇔ budgets run away."""
    rng = np.random.default_rng(100 + seed)
    while True:  # redraw until clearly on one side of the boundary (finite time can't tell)
        n = int(rng.integers(3, 9))
        W = rng.uniform(0, 1, (n, n)) * (rng.random((n, n)) < 0.6)
        np.fill_diagonal(W, 0)
        a = rng.uniform(0.05, 0.3, n)
        k = rng.uniform(0.0, 0.2, n)
        rho = max(abs(np.linalg.eigvals((k / a)[:, None] * W)))
        if not 0.9 < rho < 1.1:
            break
    path = richardson_recursion(np.ones(n), W, k, a, np.full(n, 0.1), 3000)
    settled = np.allclose(path[-1], path[-2], rtol=1e-6)
    assert dyn.richardson_stable(k, a, W) == settled
    if rho > 1.1:
        assert path[-1].max() > 1e6


def test_threat_weight_is_one_for_fully_hostile_neighbour_at_neutral_balance():
    hostility = np.array([[0.0, 1.0], [1.0, 0.0]])
    prox = np.array([[0.0, 1.0], [1.0, 0.0]])
    W = dyn.threat_weights(hostility, prox, np.ones(2), 1.0, np.zeros((2, 2)))
    np.testing.assert_array_equal(W, [[0, 1], [1, 0]])
    far = dyn.proximity(np.array([[0, 9000.0], [9000.0, 0]]), np.zeros((2, 2), bool), 2000.0)
    assert dyn.threat_weights(hostility, far, np.ones(2), 1.0, np.zeros((2, 2)))[0, 1] < 0.02


def test_allied_cover_falls_with_reliability():
    S = np.array([[0, -1, 0.8], [-1, 0, 0], [0.8, 0, 0]])
    m = np.array([1.0, 2.0, 50.0])
    hi = dyn.alliance_cover(S, np.full((3, 3), 0.9), m, 0.5)[0, 1]
    lo = dyn.alliance_cover(S, np.full((3, 3), 0.2), m, 0.5)[0, 1]
    assert 0 < lo < hi <= 0.5


def test_war_probability_zero_with_constant_power_and_full_information():
    assert dyn.war_probability(0.0, 0.0, 1.5, 1.0, 0, 2.0, 0.05, 0.03) == 0.0


def test_war_probability_rises_with_power_shift_and_falls_with_costs_and_third_parties():
    shifts = np.linspace(0, 0.5, 11)
    p = dyn.war_probability(shifts, 0.0, 1.0, 1.0, 0, 2.0, 0.05, 0.03)
    assert np.all(np.diff(p) >= 0) and p[-1] > p[2] > 0
    base = dyn.war_probability(0.2, 0.5, 1.0, 1.0, 0, 2.0, 0.05, 0.03)
    assert dyn.war_probability(0.2, 0.5, 1.0, 3.0, 0, 2.0, 0.05, 0.03) < base
    assert dyn.war_probability(0.2, 0.5, 1.0, 1.0, 2, 2.0, 0.05, 0.03) < base


def test_spiral_counts_only_the_arming_read_as_offensive():
    b = np.zeros((2, 2))
    S = np.zeros((2, 2))
    reach = np.ones((2, 2))
    growth = np.array([0.0, 0.2])
    args = dict(baseline=b, milex_growth=growth, strength=S, reach=reach,
                offense_defense_balance=1.0, sensitivity=1.0, reassurance=0.0)
    alarmed = dyn.hostility_update(b, read_offensive=np.ones((2, 2)), **args)
    reassured = dyn.hostility_update(b, read_offensive=np.zeros((2, 2)), **args)
    half = dyn.hostility_update(b, read_offensive=np.full((2, 2), 0.5), **args)
    assert alarmed[0, 1] > 0 and reassured[0, 1] == 0
    assert half[0, 1] == pytest.approx(0.5 * alarmed[0, 1])
    assert alarmed[1, 0] == 0  # Blue did not arm: Red sees nothing


def test_theatre_capability_is_the_stock_a_state_brings_to_the_region():
    cap, focus = np.array([100.0, 10.0]), np.array([0.1, 1.0])
    t = dyn.theatre_capability(cap, focus)
    np.testing.assert_allclose(t, [10.0, 10.0])
    # a distant giant with a tenth of its forces in the theatre is at parity, not 10:1
    assert dyn.power_share(t[0], t[1]) == 0.5 and dyn.power_share(cap[0], cap[1]) > 0.9


def test_capability_counts_aid_once():
    """The budget rule puts arms received inside milex; the stock adds q · milex only."""
    k = dyn.capability_step(np.array([10.0]), np.array([2.0]), np.array([1.5]), 0.1)
    np.testing.assert_allclose(k, [0.9 * 10.0 + 1.5 * 2.0])


def test_richardson_only_keeps_the_economy_fixed():
    """No guns-versus-butter drag in the pure Richardson model: GDP grows at its own rate."""
    sc = dyad(strength=-1.0, milex=(20.0, 20.0), gdp=100.0, growth=0.03, years=10,
              richardson_only=True, guns_butter_drag=0.5)
    m = ArmsRaceModel(sc, rng=1)
    m.run()
    np.testing.assert_allclose(m.states["Blue"].gdp, 100.0 * 1.03 ** 10, rtol=1e-12)
    full = ArmsRaceModel(sc.model_copy(update={"parameters": sc.parameters.model_copy(
        update={"richardson_only": False})}), rng=1)
    full.run()
    assert full.states["Blue"].gdp < 100.0 * 1.03 ** 10       # with the drag, it grows less


def test_aid_the_cap_cuts_off_still_arrives_once():
    arms, cap = np.array([1.0, 1.0, 1.0]), np.array([10.0, 10.0, 10.0])
    uncapped = np.array([8.0, 10.5, 14.0])     # below the cap, half the aid cut, all of it cut
    np.testing.assert_allclose(dyn.aid_beyond_cap(arms, uncapped, cap), [0.0, 0.5, 1.0])
    milex = np.minimum(uncapped, cap)
    assert np.all(milex + dyn.aid_beyond_cap(arms, uncapped, cap) <= np.minimum(
        uncapped, cap + arms) + 1e-12)         # never more than the budget plus the aid


def test_the_fiscal_cost_keeps_budgets_off_the_cap_and_responsive_to_threat():
    """Issue 14: with the soft fiscal constraint a budget settles below max_burden × GDP where
    the threat response meets the fiscal pain, and still rises with the threat; without it
    the same rule runs into the cap, where a larger threat changes nothing."""
    m, gdp, cap_share = np.array([4.0, 4.0]), np.array([100.0, 100.0]), np.array([0.08, 0.08])
    k, a, g = np.array([0.15, 0.15]), np.array([0.1, 0.1]), np.array([0.3, 0.3])

    def settle(weight, cost):
        W = np.array([[0.0, weight], [weight, 0.0]])
        x = m.copy()
        for _ in range(300):
            fiscal = -cost * x * np.minimum(x / gdp / cap_share, 1.0) ** 2
            x, _, t = dyn.budget_year(x, W, k, a, g, np.zeros(2), cap_share * gdp,
                                      np.zeros(2), fiscal=fiscal)
            np.testing.assert_allclose(t.total(), t.after - t.recorded, atol=1e-12)
        return x[0], float(t.cap[0])

    low, cut_low = settle(0.5, 0.5)
    high, cut_high = settle(1.0, 0.5)
    assert low < high < 8.0 and cut_low == cut_high == 0.0    # below the cap, yet responsive
    capped_low, _ = settle(0.5, 0.0)
    capped_high, cut = settle(1.0, 0.0)
    assert capped_low == capped_high == pytest.approx(8.0) and cut < 0   # Richardson hits the cap


def test_a_path_budget_ignores_the_rule_and_its_terms_add_up():
    """A budget: path state takes the path; its rule terms, drive and noise are all 0 and the
    path term carries the change; the other state runs the rule as before."""
    m = np.array([2.0, 50.0])
    W = np.array([[0.0, 1.0], [1.0, 0.0]])
    args = (m, W, np.array([0.1, 0.1]), np.array([0.1, 0.1]), np.array([0.2, 5.0]),
            np.array([0.1, 0.3]), np.array([100.0, 100.0]), np.array([0.03, 0.03]))
    free, _, _ = dyn.budget_year(*args, noise=np.array([1.1, 1.2]))
    got, uncapped, t = dyn.budget_year(*args, noise=np.array([1.1, 1.2]),
                                       path=np.array([np.nan, 52.0]))
    assert got[0] == free[0] and got[1] == 52.0 and uncapped[1] == 52.0
    for name in ("threat", "fatigue", "fiscal", "grievance", "arms", "drive", "noise", "cap"):
        assert not np.any(getattr(t, name)[1]), name   # row 1 of threat: Red's reactions
    assert t.path[1] == pytest.approx(2.0) and t.path[0] == 0.0
    np.testing.assert_allclose(t.total(), got - m, atol=1e-12)


def test_the_spiral_reads_real_not_nominal_arming():
    """Issue 14: arming that only keeps pace with inflation is no hostile signal. Two states
    whose budgets grow 5% a year in money terms: with inflation 5% the beliefs stay where the
    ties put them; read at constant prices (inflation 0) the growth hardens them."""
    def belief(inflation):
        sc = dyad(strength=-0.5, reaction=(0.0, 0.0), fatigue=(0.0, 0.0), milex=(1.0, 1.0),
                  years=8, crisis_rate=0.0, budget_noise=0.0, inflation=inflation,
                  fiscal_cost=0.0, gdp=1e6)
        m = ArmsRaceModel(sc, rng=1, overrides={"Blue.grievance": 0.0, "Red.grievance": 0.0})
        for _ in range(8):
            m.world.grievance = 0.05 * m.world.milex   # 5% nominal growth a year
            m.step()
        return m.world.belief[0, 1]

    assert belief(0.05) == pytest.approx(0.5, abs=1e-9)
    assert belief(0.0) > 0.5 + 0.05
