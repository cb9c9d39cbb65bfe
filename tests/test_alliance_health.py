"""Alliance reliability from measurable indicators (model/simulation/alliance_health.py)."""

import numpy as np
import pytest

from model import ArmsRaceModel, load_scenario
from model.scenario.schema import Scenario
from model.scenario.tie_indicators import SOURCES
from model.simulation import alliance_health as health

BASELINE = "scenarios/baseline_2020.yaml"


@pytest.mark.parametrize("name", health.INDICATORS)
def test_each_indicator_moves_reliability_in_its_documented_direction(name):
    k = health.INDICATORS.index(name)
    low, high = health.REFERENCE.copy(), health.REFERENCE.copy()
    low[k], high[k] = 0.0, 1.0
    r_low = health.reliability(np.array(0.67), low, 1.0)
    r_high = health.reliability(np.array(0.67), high, 1.0)
    if name == "orientation_shift":   # Leeds, Mattes and Vogel 2009: a change of course hurts
        assert r_high < r_low
    else:
        assert r_high > r_low
    assert np.sign(health.WEIGHTS[k]) == (-1 if name == "orientation_shift" else 1)
    assert name in SOURCES


def test_reference_indicators_leave_trust_unchanged_and_weight_zero_switches_them_off():
    trust = np.array([0.2, 0.67, 0.9])
    ref = np.broadcast_to(health.REFERENCE, (3, len(health.INDICATORS)))
    np.testing.assert_allclose(health.reliability(trust, ref, 1.0), trust, rtol=1e-9)
    strong = np.ones((3, len(health.INDICATORS)))
    np.testing.assert_array_equal(health.reliability(trust, strong, 0.0), trust)


def _two_clients(events=(), **tie_indicators):
    """Client faces Rival; Patron is its ally; Other, a closer friend, supplies most arms."""
    states = {s: dict(milex=1.0, gdp=50.0) for s in ("Client", "Rival")}
    states |= {s: dict(milex=20.0, gdp=1000.0) for s in ("Patron", "Other")}
    ties = [dict(a="Patron", b="Client", kind="defence_pact", strength=0.3,
                 indicators=dict(tie_indicators)),
            dict(a="Other", b="Client", kind="friendly", strength=0.9),
            dict(a="Client", b="Rival", kind="rivalry", strength=-0.5)]
    return Scenario.model_validate(dict(name="health", years=10, states=states, ties=ties,
                                        events=list(events), parameters=dict(crisis_rate=0.0)))


def _reliability(m, a, b):
    w = m.world
    return float(w.reliability[w.index(a), w.index(b)])


def test_an_arms_deal_raises_the_suppliers_share_and_reliability():
    deal = dict(year=2021, kind="arms_deal", supplier="Patron", client="Client", value=0.5,
                years=5)
    plain = ArmsRaceModel(_two_clients(arms_share=0.0), rng=1)
    armed = ArmsRaceModel(_two_clients([deal], arms_share=0.0), rng=1)
    plain.run(6)
    armed.run(6)
    k = health.INDICATORS.index("arms_share")
    i, j = armed.world.index("Client"), armed.world.index("Patron")
    assert armed.world.indicators[i, j, k] > plain.world.indicators[i, j, k] + 0.3
    assert _reliability(armed, "Client", "Patron") > _reliability(plain, "Client", "Patron")


def test_a_government_pivot_lowers_the_old_allys_reliability():
    pivot = dict(year=2022, kind="government_pivot", state="Client", away_from="Patron",
                 shift=0.6)
    a, b = ArmsRaceModel(_two_clients(), rng=1), ArmsRaceModel(_two_clients([pivot]), rng=1)
    a.run(3)
    b.run(3)
    assert _reliability(b, "Client", "Patron") < _reliability(a, "Client", "Patron") - 0.1
    assert any(e.kind == "government_pivot" for e in b.chronicle)


def test_a_broken_commitment_lowers_alignment():
    m = ArmsRaceModel(load_scenario(BASELINE), rng=1)
    w = m.world
    arm, rus = w.index("Armenia"), w.index("Russia")
    k = health.INDICATORS.index("alignment")
    before = w.indicators[arm, rus, k]
    m.run(1)  # 2021: the CSTO's silence
    assert w.indicators[arm, rus, k] < before


def test_armenia_russia_decays_while_armenia_france_grows_in_the_baseline():
    """The teaching point of the alliance-health view, over seeds."""
    first, last = {}, {}
    for s in range(8):
        m = ArmsRaceModel(load_scenario(BASELINE), rng=s)
        m.run()
        ties = m.datacollector.get_tie_vars_dataframe()
        for partner in ("Russia", "France"):
            rows = ties[(ties.a == "Armenia") & (ties.b == partner)].set_index("year")
            first.setdefault(partner, []).append(rows.loc[2020, "reliability"])
            last.setdefault(partner, []).append(rows.loc[2030, "reliability"])
    assert np.mean(last["Russia"]) < np.mean(first["Russia"]) - 0.3
    assert np.mean(last["France"]) > np.mean(first["France"]) + 0.05
    assert np.mean(last["France"]) > np.mean(last["Russia"])
