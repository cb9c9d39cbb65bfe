"""Jervis (1978): the offence–defence balance, distinguishability of postures and the four
worlds (docs/model.md §1), checked over many seeds with the scenario's scripted history off."""

import numpy as np

from model import ArmsRaceModel, load_scenario

from .claims import off_switches, rests_on
from .worlds import BASELINE, REGION

# --- Jervis 1978: offence–defence balance and distinguishability -------------------------------

#: the four worlds: (offence–defence balance, distinguishability)
FOUR_WORLDS = {"offence, indistinguishable": (1.6, 0.1), "offence, distinguishable": (1.6, 0.9),
               "defence, indistinguishable": (0.7, 0.1), "defence, distinguishable": (0.7, 0.9)}
FOUR_WORLDS_SEEDS = range(250)


def crises_and_spending(sc, seed, off=(), **parameters):
    """One run: (crises, mean yearly spending of the REGION over the simulated years — the
    final year alone can sit at the burden cap in every world)."""
    m = ArmsRaceModel(sc, rng=seed, collect=False, mechanisms=off_switches(off), **parameters)
    region = [m.world.names.index(name) for name in REGION]
    spent = []
    for _ in range(m.end_year - m.year):
        m.step()
        spent.append(m.world.milex[region].sum())
    return m.counts["crises"], float(np.mean(spent))


def interval(xs):
    """(mean − h, mean + h): the 95% confidence interval of the mean, h = 1.96 sd / √n."""
    xs = np.asarray(xs, dtype=float)
    h = 1.96 * xs.std(ddof=1) / np.sqrt(xs.size)
    return xs.mean() - h, xs.mean() + h


@rests_on("offence_defence", "signalling")
def test_jervis_four_worlds_ordering(off=()):
    """Jervis 1978's four worlds, with posture chosen and read (model/simulation/posture.py):
    where postures cannot be told apart, crises and the region's spending are higher than in
    the world with the same offence–defence balance where they can, and the offence worlds
    exceed the defence worlds — each by more than the 95% confidence intervals of the means
    (the intervals do not overlap; 250 seeds a world).

    Measured (250 seeds; crises a run / Armenia + Azerbaijan's mean yearly spending, USD bn,
    mean ± 1.96 sd/√n; with the stakes of wars, bargaining and hedging of 2 Dec 2026 in):
    offence-indistinguishable 22.22 ± 0.44 / 6.938 ± 0.020; offence-distinguishable
    19.72 ± 0.44 / 6.861 ± 0.017; defence-indistinguishable 8.44 ± 0.32 / 5.959 ± 0.026;
    defence-distinguishable 7.58 ± 0.30 / 5.652 ± 0.033. The distinguishability effect on
    crises is small beside the run-to-run spread, hence the seeds (about 20–50 s). With
    ``signalling`` off both distinguishabilities become 0.5 and the paired worlds coincide;
    with ``offence_defence`` off the balance is 1 in all four: the check then fails. Most crises are Armenia–Azerbaijan's, and Azerbaijan is a greedy type
    whose offensive posture is read as such in either world (an aggressor identified, not a
    spiral); the difference comes from the pairs where a security seeker's arming is misread.

    The worlds are structural conditions, so the 2020 world is left to itself: the scenario's
    scripted history (the 2023 war forced on every world) would drive both budgets to their
    caps and hide the differences."""
    sc = load_scenario(BASELINE).model_copy(update={"events": []})
    crises, spending = {}, {}
    for name, (odb, d) in FOUR_WORLDS.items():
        runs = [crises_and_spending(sc, s, off, offense_defense_balance=odb, distinguishability=d)
                for s in FOUR_WORLDS_SEEDS]
        crises[name] = interval([r[0] for r in runs])
        spending[name] = interval([r[1] for r in runs])
    for balance in ("offence", "defence"):
        blind, clear = f"{balance}, indistinguishable", f"{balance}, distinguishable"
        for measure, ci in (("crises", crises), ("spending", spending)):
            assert ci[blind][0] > ci[clear][1], (measure, blind, clear, ci)
    for seen in ("indistinguishable", "distinguishable"):
        strong, weak = f"offence, {seen}", f"defence, {seen}"
        for measure, ci in (("crises", crises), ("spending", spending)):
            assert ci[strong][0] > ci[weak][1], (measure, strong, weak, ci)
