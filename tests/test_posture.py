"""The posture a state chooses and what others read of it (model/simulation/posture.py):
Jervis 1978, Glaser 1997/2010, Kydd 2005."""

import numpy as np
import pytest

from model.simulation import posture

SEEKER, GREEDY = np.array([0.0]), np.array([1.0])


def share(kind, odb, d):
    return posture.chosen_offensive_share(kind, odb, d)[0]


def test_greedy_types_buy_offence_whatever_the_balance_and_visibility():
    for odb in (0.5, 1.0, 2.0):
        for d in (0.0, 1.0):
            assert share(GREEDY, odb, d) == 1.0


def test_security_seekers_buy_more_offence_when_offence_has_the_edge():
    shares = [share(SEEKER, odb, 0.3) for odb in (0.5, 0.7, 1.0, 1.6)]
    assert np.all(np.diff(shares) > 0)
    assert share(SEEKER, 1.0, 0.0) == pytest.approx(0.5)  # half and half at a neutral balance
    assert share(SEEKER, 3.0, 0.0) == 1.0  # all offence when it dominates outright


def test_security_seekers_buy_defence_where_others_can_see_it():
    """Glaser: a defensive posture is a signal worth buying only if it can be told apart."""
    shares = [share(SEEKER, 1.6, d) for d in (0.0, 0.5, 0.9, 1.0)]
    assert np.all(np.diff(shares) < 0) and shares[-1] == 0.0


def test_visibility_comes_from_distinguishability_or_monitoring():
    monitoring = np.array([[0.0, 0.6], [0.6, 0.0]])
    v = posture.visibility(0.5, monitoring)
    assert v[0, 1] == pytest.approx(1 - 0.5 * 0.4) and v[1, 0] == v[0, 1]
    assert posture.visibility(0.0, np.zeros((2, 2)))[0, 1] == 0.0
    assert posture.visibility(0.0, np.ones((2, 2)))[0, 1] == 1.0
    assert posture.visibility(1.0, np.zeros((2, 2)))[0, 1] == 1.0


def test_a_fully_visible_posture_is_read_as_it_is_whatever_the_noise():
    omega = np.array([0.1, 0.7])
    noise = np.array([[3.0, -3.0], [2.0, -2.0]])
    read = posture.read_offensive_share(omega, np.ones((2, 2)), noise)
    assert np.allclose(read, [[0.1, 0.7], [0.1, 0.7]])


def test_an_unseen_posture_is_read_as_the_worst_case_leaning_prior():
    omega = np.array([0.0, 0.0])  # both pure defence
    read = posture.read_offensive_share(omega, np.zeros((2, 2)), np.zeros((2, 2)), prior=0.8)
    assert np.allclose(read, 0.8)  # a security seeker is taken for a greedy type
    assert posture.believed_greedy(read).all()


def test_reading_error_shrinks_with_what_can_be_seen():
    rng = np.random.default_rng(0)
    noise = rng.standard_normal((2000, 1))
    omega = np.array([0.5])
    spreads = []
    for seen in (0.0, 0.5, 0.9):
        read = posture.read_offensive_share(omega, np.full((2000, 1), seen), noise, prior=0.5,
                                            error=0.2)
        spreads.append(read.std())
    assert spreads[0] > spreads[1] > spreads[2] > 0


def test_reading_stays_a_share():
    noise = np.full((2, 2), 10.0)
    read = posture.read_offensive_share(np.array([0.9, 0.9]), np.zeros((2, 2)), noise)
    assert read.max() == 1.0
    read = posture.read_offensive_share(np.array([0.1, 0.1]), np.zeros((2, 2)), -noise)
    assert read.min() == 0.0


def test_what_others_believe_of_a_type_can_differ_from_the_type():
    """Two security seekers, offence dominant: unseen, each takes the other for greedy; seen,
    each reads the other's defensive choice."""
    zero = np.zeros((2, 2))
    worlds = {}
    for d in (0.05, 0.95):
        omega = posture.chosen_offensive_share(np.zeros(2), 1.6, d)
        worlds[d] = posture.read_offensive_share(omega, posture.visibility(d, zero), zero)
    blind, clear = worlds[0.05], worlds[0.95]
    off = ~np.eye(2, dtype=bool)
    assert posture.believed_greedy(blind)[off].all()
    assert not posture.believed_greedy(clear)[off].any()
