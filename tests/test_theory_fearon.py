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


def war_rate(sc, seeds, off=()):
    """Wars per crisis over ``seeds``, and who started each war (the chronicle's first actor)."""
    wars = crises = 0
    starters = []
    for s in seeds:
        m = ArmsRaceModel(sc, rng=s, collect=False, mechanisms=off_switches(off))
        m.run()
        wars += m.counts["wars"]
        crises += m.counts["crises"]
        starters += [e.actors[0] for e in m.chronicle if e.kind == "war"]
    return wars / max(crises, 1), starters


@rests_on("power_shift")
def test_preventive_war_risk_grows_with_the_decline_and_only_the_declining_side_strikes(off=()):
    """Fearon 1995; Powell 2006; Levy 1987: the faster one side's power rises, the likelier a
    crisis ends in war (measured while the shift happens, before shares saturate) — and
    every such war is started by the side whose power is *declining* (Red; Blue's economy
    grows and it arms): the rising side only has to wait. Constant power and full
    information: no war. 150 seeds per growth rate."""
    rates, starters = [], []
    for growth in (0.0, 0.2, 0.35, 0.5):
        sc = dyad(strength=-1.0, reaction=(0, 0), milex=(1, 1), grievance=(1.0, 1.0), years=6,
                  transparency=1.0, budget_noise=0.0, crisis_rate=0.9, growth=growth,
                  max_burden=0.01)
        rate, who = war_rate(sc, range(150), off)
        rates.append(rate)
        starters += who
    assert rates[0] == 0, rates
    assert rates[0] < rates[1] < rates[2] < rates[3], rates
    assert starters and set(starters) == {"Red"}, (rates, starters.count("Blue"))


@rests_on("private_information")
def test_war_odds_rise_with_private_information(off=()):
    """Fearon 1995: with power constant, wars come only from private information — each side
    estimates the other's capability with an error that shrinks with transparency, and
    fights when both expect to do better by fighting (mutual optimism). War odds per
    crisis rise as transparency falls (1.0, 0.6, 0.2, 0.0), from exactly 0 with full
    transparency. 40 seeds, 20 years, equal and unchanging states."""
    rates = []
    for transparency in (1.0, 0.6, 0.2, 0.0):
        sc = dyad(strength=-0.9, reaction=(0, 0), fatigue=(0, 0), years=20, budget_noise=0.0,
                  crisis_rate=1.0, war_sensitivity=0.0, transparency=transparency)
        rates.append(war_rate(sc, range(40), off)[0])
    assert rates[0] == 0, rates
    assert rates[0] < rates[1] < rates[2] < rates[3], rates
