"""Crises, alliance commitments and war: the year's violent phase.

A crisis between two rivals invokes the commitments of the weaker side's allies
(Leeds 2003; :mod:`model.simulation.commitments`): honoured commitments deter. Whether a crisis ends in war follows Fearon (1995): shifts in relative
power and private information make bargaining fail; war costs and third parties
make it hold. All crises of a year are resolved together, as arrays.

Mechanism switches (model/scenario/mechanisms.py): with ``commitments`` off no ally is
invoked; with ``power_shift`` or ``private_information`` off that cause of war enters the
war odds as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.simulation import bargaining, commitments, stakes
from model.simulation import dynamics as dyn
from model.simulation.chronicle import Entry
from model.simulation.run_axis import among, at
from model.simulation.run_parameters import per_crisis, per_pair
from model.simulation.streams import Streams

#: A crisis lowers the rivals' tie this much; a war sets it to at most WAR_TIE.
CRISIS_STRAIN = 0.03
WAR_TIE = -0.9


def crisis_phase(model) -> None:
    """Draw this year's crises over all pairs and resolve them (in every run of a stack)."""
    w, p = model.world, model.params
    hostility = dyn.perceived_hostility(w.belief, per_pair(p.media_amplification))
    damp = np.minimum(0.5 * (w.monitoring + w.guarantee + per_pair(p.confidence_building)), 1.0)
    prob = dyn.crisis_probability(hostility, w.prox, per_pair(model.offense_defense_balance),
                                  per_pair(p.crisis_rate), damp)
    prob = stakes.crisis_odds(prob, model.stakes.pair(w.n))
    iu, ju = model.pairs
    draws = Draws.of_year(model.streams, w.n)     # drawn every year, crises or not
    hit = model.streams.crises.random(iu.size) < prob[..., iu, ju]
    *runs, k = np.nonzero(hit)                    # (run,) pair of each crisis
    if k.size:
        resolve(model, iu[k], ju[k], draws, runs=runs[0] if runs else None)


@dataclass(frozen=True)
class Draws:
    """One resolution's random draws, an N×N block per mechanism, indexed by the pair.

    A fixed-size block per year (not one number per crisis) keeps each mechanism's stream
    aligned across runs that differ in how many crises they had (model/simulation/streams.py).
    """

    honour: np.ndarray   # uniform: does the called ally honour its commitment (Leeds)
    war: np.ndarray      # uniform: does bargaining fail (Fearon)
    outcome: np.ndarray  # uniform: who prevails
    info: np.ndarray     # standard normal: errors of capability estimates (private information)

    @classmethod
    def of_year(cls, streams: Streams, n: int) -> Draws:
        return cls(streams.commitments.random((n, n)), streams.war.random((n, n)),
                   streams.war_outcome.random((n, n)), streams.information.standard_normal((n, n)))

    @classmethod
    def scheduled(cls, streams: Streams, n: int) -> Draws:
        """Draws for a crisis a scenario's event forces: its own stream."""
        g = streams.scheduled
        return cls(g.random((n, n)), g.random((n, n)), g.random((n, n)),
                   g.standard_normal((n, n)))


def crisis(model, i: int, j: int, forced: bool = False, invoke_allies: bool = True) -> None:
    """One crisis between i and j (a scheduled event), in every run of a stack at once."""
    runs = model.all_runs()
    size = 1 if runs is None else runs.size
    resolve(model, np.full(size, i), np.full(size, j),
            Draws.scheduled(model.streams, model.world.n), forced=forced,
            invoke_allies=invoke_allies, runs=runs)


def resolve(model, i, j, draws: Draws, forced=False, invoke_allies=True, runs=None) -> None:
    """Resolve crises between pairs (i[c], j[c]) (of runs ``runs[c]`` in a stack of worlds,
    :mod:`model.simulation.run_axis`): invocations, trust, then war or not."""
    w = model.world
    model.count("crises", runs, np.ones(i.size, bool))
    theatre = dyn.theatre_capability(w.capability, w.regional_focus)
    weaker_i = theatre[at(runs, i)] <= theatre[at(runs, j)]
    target = np.where(weaker_i, i, j)
    challenger = np.where(weaker_i, j, i)
    if model.chronicled:
        b_ht = w.belief[at(runs, challenger, target)]
        b_th = w.belief[at(runs, target, challenger)]
        model.note_rows(runs, _crisis_entry, model.now, w.names, target, challenger, b_ht,
                        b_th, forced)
    third = np.zeros(i.size)
    if invoke_allies and model.mechanisms.commitments:
        third = commitments.invoke(model, target, challenger, draws.honour, runs)
    strained = np.maximum(w.strength[at(runs, i, j)] - CRISIS_STRAIN, -1.0)  # pairs distinct
    w.strength[at(runs, i, j)] = strained
    w.strength[at(runs, j, i)] = strained
    third = third + w.guarantee[at(runs, i, j)]
    starter, other, p_war, why = bargain(model, target, challenger, theatre, third, draws.info,
                                         runs)
    fails = draws.war[at(runs, challenger, target)] < p_war
    outcome = draws.outcome[at(runs, challenger, target)]
    for c in np.flatnonzero(fails):
        war(model.member(among(runs, c)), int(starter[c]), int(other[c]), float(outcome[c]),
            why=why(c))


def bargain(model, target, challenger, theatre, third, z, runs=None):
    """The bargaining of each crisis (Fearon 1995; :mod:`model.simulation.bargaining`).

    Returns who would start a war and against whom, the war probability per crisis, and
    ``why(c)``: crisis c's reason in words, made only for the crises that become wars.
    The declining side has the preventive motive (whole capability over the window: the
    commitment problem is about the future distribution of power, and a great power can
    redeploy; Powell 2006); each side knows its own capability in the theatre and estimates
    the other's with an error drawn from the information stream (``z``, N×N normal)."""
    w, p, on = model.world, model.params, model.mechanisms
    t, h = at(runs, target), at(runs, challenger)
    hist = w.capability_history
    old = hist[max(0, len(hist) - 1 - p.power_shift_window)]
    share_now = dyn.power_share(w.capability[t], w.capability[h])
    share_then = dyn.power_share(old[t], old[h])
    fall_t = bargaining.decline(share_now, share_then)
    fall_h = bargaining.decline(1.0 - share_now, 1.0 - share_then)
    if not on.power_shift:  # neutral: no preventive motive
        fall_t, fall_h = np.zeros_like(fall_t), np.zeros_like(fall_h)
    sd = bargaining.estimate_error(per_pair(model.transparency), w.monitoring,
                                  per_pair(p.estimate_error))
    if not on.private_information:  # neutral: every estimate is exact
        sd = np.zeros_like(sd)
    hat = bargaining.expected_share(theatre, bargaining.estimated_capability(theatre, sd, z))
    hat_t = hat[at(runs, target, challenger)]
    hat_h = hat[at(runs, challenger, target)]
    optimism = bargaining.optimism(hat_t, hat_h)
    preventive = np.maximum(fall_t, fall_h)
    decliner_is_t = fall_t > fall_h
    sensitivity, tolerance = per_crisis(p.war_sensitivity, runs), per_crisis(p.shift_tolerance, runs)
    information_risk = per_crisis(p.information_war_risk, runs)
    motive_prevent = sensitivity * np.maximum(preventive - tolerance, 0.0)
    motive_inform = information_risk * np.maximum(optimism, 0.0)
    starts_t = np.where(motive_prevent >= motive_inform, decliner_is_t, hat_t > hat_h)
    starter, other = np.where(starts_t, target, challenger), np.where(starts_t, challenger, target)
    p_war = bargaining.war_probability(preventive, optimism,
                                       per_crisis(model.offense_defense_balance, runs),
                                       per_crisis(p.war_cost, runs), third, sensitivity,
                                       information_risk, tolerance,
                                       np.where(starts_t, hat_t, hat_h),
                                       model.stakes.pair(w.n)[at(runs, target, challenger)])
    names = w.names

    def why(c: int) -> str:
        return (f"bargaining failed (p = {p_war[c]:.2f}): "
                + (f"{names[starter[c]]}'s share of the pair's power fell by "
                   f"{preventive[c]:.2f} in {p.power_shift_window} years (a preventive motive)"
                   if motive_prevent[c] >= motive_inform[c] else
                   f"each side expected to do better by fighting (their expected chances add "
                   f"up to {1 + optimism[c]:.2f})")
                + f"; {third[c]:.0f} third parties stood by")
    return starter, other, p_war, why


def war(model, a: int, b: int, draw: float, why: str = "", winner: int | None = None,
        stake: str | None = None) -> None:
    """A war year: beliefs go to full hostility, the tie to open rivalry, both mobilise and pay.

    Capability in the theatre decides the outcome: ``a`` prevails if ``draw`` (uniform, from
    the war-outcome stream) is below its share — unless ``winner`` is given (a war of the
    scenario's history has its historical outcome). What the loser held and the winner
    claimed changes hands (only ``stake`` if named; :mod:`model.simulation.stakes`)."""
    w, p = model.world, model.params
    model.counts["wars"] += 1
    theatre = dyn.theatre_capability(w.capability, w.regional_focus)
    share = dyn.power_share(theatre[a], theatre[b])
    if winner is None:
        winner = a if draw < share else b
    loser = b if winner == a else a
    w.belief[a, b] = w.belief[b, a] = 1.0
    w.strength[a, b] = w.strength[b, a] = min(w.strength[a, b], WAR_TIE)
    cost = min(0.5, 0.03 * p.war_cost)
    for s, loss in ((winner, 0.05), (loser, 0.2)):
        w.capability[s] *= 1.0 - loss
        w.scale_gdp(s, 1.0 - cost * (2.0 if s == loser else 1.0))
        w.milex[s] = min(w.milex[s] * 1.15, w.max_burden[s] * w.gdp[s])
    model.note(Entry(model.now, "war", (w.names[a], w.names[b]),
                     f"war between {w.names[a]} and {w.names[b]}; {w.names[winner]} prevails",
                     why))
    for k in model.stakes.at_issue(winner, loser, stake):
        model.stakes.transfer(k, p.revanchism)
        model.note(Entry(model.now, "stake_changes_hands", (w.names[winner], w.names[loser]),
                         f"{w.names[winner]} takes {model.stakes.names[k]} from "
                         f"{w.names[loser]}",
                         f"its claim is met, so it is less hostile to {w.names[loser]}; "
                         f"{w.names[loser]} keeps a smaller claim (revanchism "
                         f"{p.revanchism:.2f})"))


def _crisis_entry(year, names, t, h, b_ht, b_th, forced):
    why = ("a scheduled event of the scenario" if forced else
           f"{names[h]} sees {names[t]} as hostile ({b_ht:.2f}) and {names[t]} sees it as "
           f"{b_th:.2f}")
    return Entry(year, "crisis", (names[h], names[t]),
                 f"crisis between {names[h]} and {names[t]}", why)
