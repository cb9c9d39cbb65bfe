"""Leeds (2003): alliance commitments are honoured or broken, and trust follows (docs/model.md
§1), checked over many seeds."""

import pytest

from model import ArmsRaceModel, load_scenario
from model.scenario.synthetic import synthetic_world

from .claims import off_switches, rests_on
from .worlds import BASELINE

# --- Leeds 2003: commitments invoked, honoured or broken ---------------------------------------

@rests_on("commitments")
def test_broken_commitment_lowers_trust_and_raises_client_spending(off=()):
    sc = load_scenario(BASELINE)
    m = ArmsRaceModel(sc, rng=3, mechanisms=off_switches(off))
    arm, rus = m.world.index("Armenia"), m.world.index("Russia")
    r0, s0 = m.world.reliability[arm, rus], m.world.strength[arm, rus]
    m.run(3)  # 2021 and 2022: the CSTO does not honour its commitment
    assert m.world.reliability[arm, rus] < r0 - 0.15
    assert m.world.strength[arm, rus] < s0
    assert any(e.kind == "commitment_broken" and e.actors == ("Russia", "Armenia")
               for e in m.chronicle)


# --- Leeds 2003: about three quarters of commitments honoured -------------------------------------

@rests_on("commitments")
def test_share_of_commitments_honoured_is_about_three_quarters_by_default(off=()):
    invoked = honoured = 0
    for s in range(30):
        m = ArmsRaceModel(synthetic_world(10, s, years=30), rng=s, collect=False, mechanisms=off_switches(off))
        m.run()
        invoked += m.counts["commitments_invoked"]
        honoured += m.counts["commitments_honoured"]
    assert invoked > 300
    assert honoured / invoked == pytest.approx(0.75, abs=0.05)
