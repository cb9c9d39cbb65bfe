"""Fearon (1995) and Powell (2006): why crises end in war — commitment problems and private
information (docs/model.md §1), checked over many seeds."""

from model import ArmsRaceModel

from .claims import off_switches, rests_on
from .worlds import SEEDS, dyad

# --- Fearon 1995; Powell 2006: commitment problems and preventive war ----------------------------

@rests_on(holds_without=("power_shift", "private_information"))
def test_no_war_with_constant_power_and_full_information(off=()):
    """Fearon 1995: with constant power and full information every crisis is bargained away.
    A null claim: it must hold with the two war mechanisms off too (asserted by the
    ablation); the mechanisms' positive side is
    test_preventive_war_risk_grows_with_the_power_shift."""
    sc = dyad(strength=-1.0, reaction=(0, 0), fatigue=(0, 0), years=60, transparency=1.0,
              budget_noise=0.0, crisis_rate=0.5)
    crises = wars = 0
    for s in SEEDS:
        m = ArmsRaceModel(sc, rng=s, collect=False, mechanisms=off_switches(off))
        m.run()
        crises += m.counts["crises"]
        wars += m.counts["wars"]
    assert crises > 100   # plenty of crises ...
    assert wars == 0      # ... and not one war: bargaining always succeeds


@rests_on("power_shift")
def test_preventive_war_risk_grows_with_the_power_shift(off=()):
    """Fearon 1995; Powell 2006: the faster one side's power rises, the likelier a crisis
    ends in war (measured while the shift happens, before shares saturate)."""
    def war_rate(growth):
        sc = dyad(strength=-1.0, reaction=(0, 0), milex=(1, 1), grievance=(1.0, 1.0), years=6,
                  transparency=1.0, budget_noise=0.0, crisis_rate=0.9, growth=growth,
                  max_burden=0.01)
        wars = crises = 0
        for s in range(150):
            m = ArmsRaceModel(sc, rng=s, collect=False, mechanisms=off_switches(off))
            m.run()
            wars += m.counts["wars"]
            crises += m.counts["crises"]
        return wars / crises

    rates = [war_rate(g) for g in (0.0, 0.2, 0.35, 0.5)]
    assert rates[0] == 0
    assert rates[0] < rates[1] < rates[2] < rates[3]
