"""The pure functions of model/simulation/alignment.py: balance-of-threat drift and hedging."""

import numpy as np

from model import ArmsRaceModel, load_scenario
from model.simulation import alignment as al

from .worlds import BASELINE


def sym(n, entries):
    s = np.zeros((n, n))
    for (i, j), v in entries.items():
        s[i, j] = s[j, i] = v
    return s


# --- alignment_drift (Walt 1987) -------------------------------------------------------------

def test_shared_threat_pulls_two_states_together():
    # 0 and 1 both fear 2; no ties yet, anchors 0
    s = np.zeros((3, 3))
    w = np.zeros((3, 3))
    w[0, 2] = w[1, 2] = 1.0
    new = al.alignment_drift(s, s.copy(), w, rate=0.1, decay=0.0)
    assert new[0, 1] == new[1, 0] > 0
    assert np.all(np.diag(new) == 0)


def test_friend_of_my_threat_drifts_away():
    # 0 fears 1; 2 is 1's friend
    s = sym(3, {(1, 2): 0.8})
    w = np.zeros((3, 3))
    w[0, 1] = 1.0
    new = al.alignment_drift(s, s.copy(), w, rate=0.1, decay=0.0)
    assert new[0, 2] < 0 and new[0, 2] == new[2, 0]


def test_ties_return_to_their_anchor_and_stay_in_bounds():
    s = sym(2, {(0, 1): 0.9})
    anchor = sym(2, {(0, 1): 0.1})
    new = al.alignment_drift(s, anchor, np.zeros((2, 2)), rate=0.1, decay=0.5)
    assert np.isclose(new[0, 1], 0.5)
    huge = al.alignment_drift(s, anchor, np.ones((2, 2)) * 50, rate=1.0, decay=0.0)
    assert huge.max() <= 1.0


# --- hedging (Snyder 1984; Kuik 2008) --------------------------------------------------------

def client_world():
    """0 client, 1 its threat, 2 the patron (friendly to both 0 and 1), 3 a cool outsider,
    4 the threat's ally."""
    s = sym(5, {(0, 1): -0.9, (0, 2): 0.6, (1, 2): 0.4, (0, 3): 0.1, (1, 4): 0.9})
    w = np.zeros((5, 5))
    w[0, 1] = 1.0
    trust = np.full((5, 5), 0.7)
    np.fill_diagonal(trust, 0.0)
    return s, w, trust


def test_trust_lost_counts_only_friends_and_only_falls():
    s, _, trust = client_world()
    start = trust.copy()
    trust[0, 2] = trust[2, 0] = 0.4   # the patron failed the client
    trust[0, 3] = trust[3, 0] = 0.9   # the outsider proved better than expected
    trust[0, 1] = trust[1, 0] = 0.2   # trust in the threat: not a friend, does not count
    lost = al.trust_lost(trust, start, s)
    assert np.isclose(lost[0, 2], 0.3) and lost[0, 3] == 0 and lost[0, 1] == 0


def test_a_threat_sides_fully_with_itself_and_its_ally_nearly_so():
    s, w, _ = client_world()
    side = al.threat_side(s, w)
    assert side[0, 1] == 1.0
    assert np.isclose(side[0, 4], 0.9) and np.isclose(side[0, 2], 0.4)
    assert np.isclose(side[0, 3], 0.0)
    assert np.all(side[1:] == 0.0)       # states with no threat side with nothing


def test_no_lost_trust_no_pull():
    s, w, trust = client_world()
    assert not al.hedging_pull(s, w, trust, trust.copy()).any()


def test_a_failed_patron_turns_the_client_to_states_cooler_to_its_threat():
    s, w, trust = client_world()
    start = trust.copy()
    trust[0, 2] = trust[2, 0] = 0.4
    pull = al.hedging_pull(s, w, trust, start)
    # the outsider sides with the threat 0.4 less than the patron; lost trust 0.3
    assert np.isclose(pull[0, 3], 0.3 * 0.4)
    # not the patron itself, nor the threat, nor the threat's ally
    assert pull[0, 2] == 0 and pull[0, 1] == 0 and pull[0, 4] == 0
    # only the client lost trust: no one else seeks anyone
    assert not pull[1:].any()
    # more trust lost, stronger pull
    trust[0, 2] = trust[2, 0] = 0.1
    assert al.hedging_pull(s, w, trust, start)[0, 3] > pull[0, 3]


def test_a_patron_that_opposes_the_threat_leaves_no_one_cooler():
    s, w, trust = client_world()
    s[1, 2] = s[2, 1] = -0.9          # the patron is the threat's enemy
    start = trust.copy()
    trust[0, 2] = trust[2, 0] = 0.4
    pull = al.hedging_pull(s, w, trust, start)
    assert pull[0, 3] == 0.0


def test_hedge_is_symmetric_bounded_and_zero_at_rate_zero():
    s, w, trust = client_world()
    start = trust.copy()
    trust[0, 2] = trust[2, 0] = 0.0
    pull = al.hedging_pull(s, w, trust, start)
    new = al.hedge(s, pull, 0.5)
    assert np.array_equal(new, new.T) and new[0, 3] > s[0, 3]
    assert new.max() <= 1.0 and np.all(np.diag(new) == 0)
    assert np.array_equal(al.hedge(s, pull, 0.0), s)


# --- in the model -------------------------------------------------------------------------------

def test_hedging_switch_off_leaves_the_ties_of_the_same_history_unmoved_by_lost_trust():
    """The 2021-22 CSTO failures are in the baseline: with hedging on Armenia's tie to France
    ends higher than with it off; same seed, same result."""
    sc = load_scenario(BASELINE)
    runs = {}
    for key, mech in (("on", {}), ("again", {}), ("off", {"hedging": False})):
        m = ArmsRaceModel(sc, rng=3, collect=False, years=6, mechanisms=mech)
        m.run()
        runs[key] = m.world
    arm, fra = runs["on"].index("Armenia"), runs["on"].index("France")
    assert np.array_equal(runs["on"].strength, runs["again"].strength)
    assert runs["on"].strength[arm, fra] > runs["off"].strength[arm, fra]
