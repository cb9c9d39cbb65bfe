"""The conditions of honouring a commitment (model/simulation/commitments.py): scope,
attention, capacity and interest, as pure functions, and the scheduled alliance test."""

from pathlib import Path

import numpy as np
import pytest

from model import ArmsRaceModel, load_scenario
from model.scenario.loader import ScenarioError
from model.simulation import commitments as cm

from .worlds import BASELINE


def test_a_territorial_commitment_is_not_invoked_over_disputed_ground():
    draws = np.array([0.1, 0.5, 0.95])
    # 60% of the pair's crises are over disputed ground: draws below 0.6 are off territory
    assert cm.in_scope(False, 0.6, draws).tolist() == [False, False, True]
    assert cm.in_scope(True, 0.6, draws).tolist() == [True, True, True]
    assert cm.in_scope(False, 0.0, draws).all()  # no disputed ground: always in scope


def test_attention_falls_with_focus_drawn_elsewhere():
    assert cm.attention(0.15, 0.15) == pytest.approx(1.0)
    assert cm.attention(0.05, 0.15) == pytest.approx(1 / 3)
    assert cm.attention(0.5, 0.2) == pytest.approx(1.0)  # capped
    assert cm.attention(0.3, 0.0) == pytest.approx(1.0)  # no usual presence: not its business


def test_capacity_counts_client_and_ally_against_the_challenger():
    assert cm.capacity(2.0, 1.0, 2.0) == pytest.approx(1.0)
    assert cm.capacity(0.5, 0.5, 4.0) == pytest.approx(0.25)
    assert cm.capacity(0.0, 0.0, 0.0) == pytest.approx(1.0)


def test_interest_falls_with_the_allys_tie_to_the_challenger():
    assert cm.interest(-0.5) == pytest.approx(1.0)  # a rival of the challenger: no stake
    assert cm.interest(0.4) == pytest.approx(0.6)


def test_honour_probability_is_reliability_when_nothing_stands_in_the_way():
    assert cm.honour_probability(0.75, 1.0, 1.0, 1.0) == pytest.approx(0.75)
    lower = cm.honour_probability(0.75, np.array([1 / 3, 1.0]), 1.0, np.array([1.0, 0.6]))
    assert lower == pytest.approx([0.25, 0.45])


def _baseline_with_drawn_tests(**tie):
    sc = load_scenario(BASELINE)
    for ev in sc.events:
        if ev.kind == "alliance_test" and ev.ally == "Russia":
            ev.honoured = None
    for t in sc.ties:
        if {t.a, t.b} == {"Russia", "Armenia"}:
            for k, v in tie.items():
                setattr(t, k, v)
    return sc


def test_a_drawn_alliance_test_is_reproducible_and_respects_scope():
    def calls(sc, seed):
        m = ArmsRaceModel(sc, rng=seed, collect=False)
        m.run(3)
        return [(e.year, e.kind) for e in m.chronicle
                if e.kind.startswith("commitment") and e.actors == ("Russia", "Armenia")]

    sc = _baseline_with_drawn_tests()
    assert calls(sc, 5) == calls(sc, 5)
    kinds = [k for s in range(10) for _, k in calls(sc, s)]
    assert "commitment_out_of_scope" in kinds  # 90% of their crises are on disputed ground
    wide = _baseline_with_drawn_tests(scope="any")
    assert not any(k == "commitment_out_of_scope" for s in range(10) for _, k in calls(wide, s))


def test_a_bad_scope_or_disputed_share_is_a_clear_error(tmp_path):
    text = Path(BASELINE).read_text().replace("strength: -0.9, disputed: 0.9,",
                                        "strength: -0.9, disputed: 1.5,")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    with pytest.raises(ScenarioError, match="disputed"):
        load_scenario(bad)
    bad.write_text(Path(BASELINE).read_text().replace("kind: defence_pact, strength: 0.7,",
                                                "kind: defence_pact, strength: 0.7, scope: all,"))
    with pytest.raises(ScenarioError, match="scope"):
        load_scenario(bad)
