"""model/simulation/bargaining.py: the bargaining model of war as pure functions (Fearon 1995)."""

import numpy as np
import pytest

from model.simulation import bargaining as bg


def test_estimates_are_exact_with_full_transparency_or_monitoring():
    mon = np.array([[0.0, 0.0], [1.0, 0.0]])
    sd = bg.estimate_error(1.0, mon, 0.5)
    assert not sd.any()
    sd = bg.estimate_error(0.0, mon, 0.5)
    assert sd[0, 1] == 0.5 and sd[1, 0] == 0.0   # the monitored pair sees exactly
    theatre = np.array([2.0, 3.0])
    est = bg.estimated_capability(theatre, sd, np.ones((2, 2)))
    assert est[1, 0] == 2.0 and est[0, 1] == pytest.approx(3.0 * np.exp(0.5))
    assert np.array_equal(np.diag(est), theatre)  # each knows its own


def test_no_optimism_with_exact_estimates_and_optimism_when_each_underrates_the_other():
    theatre = np.array([2.0, 3.0])
    exact = bg.expected_share(theatre, bg.estimated_capability(theatre, np.zeros((2, 2)),
                                                               np.zeros((2, 2))))
    assert bg.optimism(exact[0, 1], exact[1, 0]) == pytest.approx(0.0, abs=1e-15)
    z = np.full((2, 2), -1.0)            # both underrate the other
    hat = bg.expected_share(theatre, bg.estimated_capability(theatre, np.full((2, 2), 0.5), z))
    assert bg.optimism(hat[0, 1], hat[1, 0]) > 0.2
    hat = bg.expected_share(theatre, bg.estimated_capability(theatre, np.full((2, 2), 0.5), -z))
    assert bg.optimism(hat[0, 1], hat[1, 0]) < 0   # mutual pessimism: a deal is easy


def test_only_a_fall_in_share_is_a_decline():
    assert bg.decline(np.array([0.4, 0.6]), np.array([0.5, 0.5])).tolist() == [
        pytest.approx(0.1), 0.0]


def kw(**over):
    base = dict(preventive=0.0, mutual_optimism=0.0, offense_defense_balance=1.0, war_cost=1.0,
                third_parties=0.0, sensitivity=2.0, information_risk=0.7, tolerance=0.03)
    base.update(over)
    return base


def test_war_probability_is_zero_without_either_cause_and_grows_with_each():
    assert bg.war_probability(**kw()) == 0.0
    assert bg.war_probability(**kw(preventive=0.02)) == 0.0           # within tolerance
    assert bg.war_probability(**kw(mutual_optimism=-0.3)) == 0.0      # pessimism: no war
    p = [bg.war_probability(**kw(preventive=d)) for d in (0.05, 0.1, 0.2)]
    assert 0 < p[0] < p[1] < p[2] < 1
    q = [bg.war_probability(**kw(mutual_optimism=o)) for o in (0.05, 0.1, 0.2)]
    assert 0 < q[0] < q[1] < q[2] < 1


def test_costs_and_third_parties_widen_the_range_stakes_narrow_it():
    p = bg.war_probability(**kw(preventive=0.2))
    assert bg.war_probability(**kw(preventive=0.2, war_cost=2.0)) < p
    assert bg.war_probability(**kw(preventive=0.2, third_parties=1.0)) < p
    assert bg.war_probability(**kw(preventive=0.2), stake=0.5) > p
    assert bg.war_probability(**kw(preventive=0.2), initiator_share=0.2) < p  # deterrence
