"""Guns versus butter (model/economy.py): the economic price of an arms race."""

import numpy as np

from model import ArmsRaceModel, economy, load_scenario
from model.scenario import apply_overrides

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
