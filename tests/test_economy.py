"""Guns versus butter (model/simulation/economy.py): the economic price of an arms race."""

import numpy as np
import pytest
from annotated_types import Ge, Gt, Le, Lt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import ArmsRaceModel, load_scenario
from model.scenario.loader import apply_overrides
from model.scenario.schema import Parameters, Scenario, StateSpec
from model.scenario.vocabulary import TIE_KINDS
from model.simulation import economy

from .worlds import dyad

BASELINE = "scenarios/baseline_2020.yaml"


def test_higher_burden_means_lower_growth():
    burdens = np.linspace(0.0, 0.2, 9)
    g = economy.growth_with_drag(0.05, burdens, 0.15, 0.02)
    assert g[0] == 0.05 and np.all(np.diff(g[1:]) < 0)


def test_an_arms_race_costs_gdp():
    """Two states kept at a high burden end poorer than the same two at a low one."""
    def gdp_after(grievance):
        sc = dyad(strength=-0.3, grievance=(grievance, grievance), milex=(1, 1), years=20,
                  gdp=20.0, growth=0.04, max_burden=0.2, crisis_rate=0.0)
        m = ArmsRaceModel(sc, rng=1)
        m.run()
        return m.world.gdp[0], m.world.milex[0] / m.world.gdp[0]

    rich, low_burden = gdp_after(0.0)
    poor, high_burden = gdp_after(1.0)
    assert high_burden > low_burden + 0.05
    assert poor < 0.9 * rich


def test_an_oil_price_fall_lowers_azerbaijans_spending_path():
    sc = load_scenario(BASELINE)
    flat = sc.energy_prices
    crash = {**flat, 2024: 1.0, 2025: 0.8}

    def aze_path(prices):
        out = []
        for s in range(10):
            m = ArmsRaceModel(sc.model_copy(update=dict(energy_prices=prices)), rng=s)
            m.run()
            df = m.frame()
            out.append(df[(df.state == "Azerbaijan") & (df.year >= 2025)].milex.values)
        return np.mean(out, axis=0)

    base, fall = aze_path(flat), aze_path(crash)
    assert np.all(fall < base)
    assert fall[-1] < 0.9 * base[-1]


def test_quality_raises_deterrence_at_equal_spending():
    """Western and Indian systems: a better-equipped Armenia is attacked less often."""
    sc = load_scenario(BASELINE)
    ratio = []
    for quality in (1.0, 1.6):
        war = crises = 0
        for s in range(40):
            m = ArmsRaceModel(apply_overrides(sc, {"Armenia.quality": quality}), rng=s,
                              collect=False)
            m.run()
            war += m.counts["wars"]
            crises += m.counts["crises"]
        ratio.append(war / crises)
    assert ratio[1] < ratio[0]


def test_foregone_butter_is_counted_in_years_of_health_budget():
    m = ArmsRaceModel(load_scenario(BASELINE), rng=1)
    m.run(3)
    df = m.frame()
    arm = df[df.state == "Armenia"].set_index("year")
    assert arm.loc[2020, "foregone_health_years"] == 0
    assert arm.loc[2023, "foregone_health_years"] > arm.loc[2022, "foregone_health_years"] > 0
    np.testing.assert_allclose(arm.loc[2023, "cumulative_milex"],  # the simulated years
                               arm.loc[[2021, 2022, 2023], "milex"].sum())


def test_growth_is_bounded_smoothly_above_minus_70_percent():
    g = np.linspace(-50, 0.5, 20001)
    b = economy.bounded_growth(g)
    assert np.all(b >= economy.GROWTH_FLOOR) and np.all(np.diff(b) >= 0)
    assert np.all(1 + b > 0)  # GDP · (1 + g) stays positive
    same = g >= economy.GROWTH_KNEE
    np.testing.assert_array_equal(b[same], g[same])  # the whole range of a scenario's trend
    slope = np.diff(b) / np.diff(g)
    assert np.max(np.abs(np.diff(slope))) < 0.05  # no kink at the knee (a kink: a jump of 1)
    assert economy.bounded_growth(-np.inf) == economy.GROWTH_FLOOR
    assert economy.growth_with_drag(0.03, 1.0, 2.0, 0.02) > -0.7  # was 0.03 − 1.96


def test_the_reported_extreme_keeps_gdp_positive_and_every_cell_finite():
    """Issue 11, item 5: these three --set values gave GDP −10.4 in 2021 and NaN."""
    sc = load_scenario(BASELINE, {"guns_butter_drag": "2", "Armenia.max_burden": "1",
                                  "Armenia.grievance": "1000", "years": "50"})
    m = ArmsRaceModel(sc, rng=1)
    m.run()
    df = m.frame()
    assert np.isfinite(df.select_dtypes("number").to_numpy(float)).all()
    assert (df.gdp > 0).all() and (df.milex >= 0).all()


def test_economic_shocks_keep_the_trend_in_range_and_gdp_positive():
    sc = dyad(years=5, gdp=10.0).model_dump(by_alias=True)
    sc["events"] = [dict(year=2021 + k % 3, kind="economic_shock", state="Blue",
                         gdp_factor=0.001, growth_change=-0.5)
                    for k in range(40)]
    m = ArmsRaceModel(Scenario.model_validate(sc), rng=1)
    m.run()
    assert m.world.gdp_growth[0] == -0.5 and m.world.gdp[0] > 0
    assert np.isfinite(m.frame().select_dtypes("number").to_numpy(float)).all()


def _within(field):
    """Values across a schema field's whole range, bounds included where allowed."""
    b = {type(m).__name__.lower(): getattr(m, type(m).__name__.lower())
         for m in field.metadata if isinstance(m, Ge | Gt | Le | Lt)}
    lo, hi = b.get("ge", b.get("gt")), b.get("le", b.get("lt"))
    if field.annotation is int:
        return st.integers(lo, hi)
    return st.floats(lo, hi, exclude_min="gt" in b, exclude_max="lt" in b)


BOX = {n: _within(f) for n, f in Parameters.model_fields.items() if f.annotation is not bool}
STATE_BOX = {n: _within(f) for n, f in StateSpec.model_fields.items()
             if f.annotation in (float, int)}


@st.composite
def worlds(draw):
    """Three states and the world drawn anywhere in the schema's parameter box."""
    params = {n: draw(s) for n, s in BOX.items()} | {"richardson_only": draw(st.booleans())}
    states = {name: {n: draw(s) for n, s in STATE_BOX.items()}
              | {"strategy": draw(st.sampled_from(["defensive", "offensive"])),
                 "capital": [draw(st.floats(-90, 90)), draw(st.floats(-180, 180))]}
              for name in ("Blue", "Red", "Green")}
    ties = [dict(a=a, b=b, kind=draw(st.sampled_from(TIE_KINDS)),
                 strength=draw(st.floats(-1, 1))) for a, b in (("Blue", "Red"),
                                                               ("Blue", "Green"),
                                                               ("Red", "Green"))]
    prices = {2021: draw(st.floats(1e-6, 20)), 2023: draw(st.floats(1e-6, 20))}
    return Scenario.model_validate(dict(name="box", years=6, seed=draw(st.integers(0, 9)),
                                        parameters=params, states=states, ties=ties,
                                        energy_prices=prices))


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(worlds())
def test_anywhere_in_the_parameter_box_gdp_stays_positive_and_everything_finite(sc):
    m = ArmsRaceModel(sc)
    m.run()
    df = m.frame()
    assert np.isfinite(df.select_dtypes("number").to_numpy(float)).all()
    assert (df.gdp > 0).all() and (df.milex >= 0).all()


# --- soft fiscal constraint and observed series (issue 14) ---------------------------------------

def test_fiscal_cost_is_convex_in_the_burden_and_off_at_zero():
    """Intriligator and Brito: guns cost butter increasingly as the burden rises. The pain per
    unit of budget, c·(b/b_max)², rises with the burden and is c at the cap; 0 when c is 0."""
    gdp, cap = np.full(4, 100.0), np.full(4, 0.08)
    milex = np.array([1.0, 2.0, 4.0, 8.0])
    pain = economy.fiscal_cost(milex, gdp, cap, 0.5)
    assert np.all(pain < 0)
    per_unit = -pain / milex
    np.testing.assert_allclose(per_unit, 0.5 * (milex / 100.0 / 0.08) ** 2)
    assert np.all(np.diff(np.diff(-pain)) > 0)            # convex: each step costs more
    assert per_unit[-1] == pytest.approx(0.5)              # at the cap: c
    assert np.all(economy.fiscal_cost(milex, gdp, cap, 0.0) == 0.0)
    # above the cap (a GDP shock) the ratio is held at 1: never more than c · m
    assert economy.fiscal_cost(np.array([30.0]), np.array([100.0]), np.array([0.08]), 1.0)[0] \
        == pytest.approx(-30.0)


def test_observed_values_then_stated_growth():
    got = economy.observed_or_grown(np.array([19.5, np.nan]), np.array([13.9, 10.0]),
                                    np.array([0.07, 0.05]))
    np.testing.assert_allclose(got, [19.5, 10.5])


def test_gdp_follows_the_observed_path_then_grows_from_it():
    """Baseline: GDP of 2021-2022 is the data file's (within rounding); 2023 grows from 2022's
    observed value at gdp_growth less the guns-versus-butter drag (energy prices held)."""
    sc = load_scenario("scenarios/baseline_2020.yaml")
    m = ArmsRaceModel(sc, rng=1)
    m.run(3)
    df = m.frame().set_index(["state", "year"])
    assert df.loc[("Armenia", 2021), "gdp"] == pytest.approx(13.9)
    assert df.loc[("Armenia", 2022), "gdp"] == pytest.approx(19.5)
    assert df.loc[("Azerbaijan", 2022), "gdp"] == pytest.approx(78.7)
    grown = df.loc[("Armenia", 2023), "gdp"] / 19.5 - 1.0
    assert 0.0 < grown <= 0.07 + 1e-12


def test_a_forecast_from_2021_does_not_see_the_2022_gdp():
    sc = load_scenario("scenarios/baseline_2020.yaml")
    known = apply_overrides(sc, {"history_until": 2021}).known_history()
    assert known.states["Armenia"].gdp_path == {2021: 13.9}
    assert known.states["United States"].milex_path == {2021: 806.23}
    m = ArmsRaceModel(known, rng=1)
    m.run(2)
    assert m.states["Armenia"].gdp != pytest.approx(19.5, rel=0.05)


def test_a_milex_path_without_budget_path_is_refused():
    import pydantic

    with pytest.raises(pydantic.ValidationError, match="budget: path"):
        StateSpec(milex=1.0, gdp=10.0, milex_path={2021: 1.1})
    assert StateSpec(milex=1.0, gdp=10.0, budget="path", milex_path={2021: 1.1}).milex_path
