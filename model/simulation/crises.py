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

import numpy as np

from model.simulation import commitments
from model.simulation import dynamics as dyn
from model.simulation.chronicle import Entry
from model.simulation.streams import Streams

#: A crisis lowers the rivals' tie this much; a war sets it to at most WAR_TIE.
CRISIS_STRAIN = 0.03
WAR_TIE = -0.9


def crisis_phase(model) -> None:
    """Draw this year's crises over all pairs and resolve them."""
    w, p = model.world, model.params
    hostility = dyn.perceived_hostility(w.belief, p.media_amplification)
    damp = np.minimum(0.5 * (w.monitoring + w.guarantee + p.confidence_building), 1.0)
    prob = dyn.crisis_probability(hostility, w.prox, model.offense_defense_balance,
                                  p.crisis_rate, damp)
    iu, ju = model.pairs
    draws = Draws.of_year(model.streams, w.n)     # drawn every year, crises or not
    hit = model.streams.crises.random(iu.size) < prob[iu, ju]
    if hit.any():
        resolve(model, iu[hit], ju[hit], draws)


class Draws:
    """One resolution's uniform draws, an N×N block per mechanism, indexed by the pair.

    A fixed-size block per year (not one number per crisis) keeps each mechanism's stream
    aligned across runs that differ in how many crises they had (model/simulation/streams.py).
    """

    def __init__(self, honour, war, outcome):
        self.honour, self.war, self.outcome = honour, war, outcome

    @classmethod
    def of_year(cls, streams: Streams, n: int) -> Draws:
        return cls(streams.commitments.random((n, n)), streams.war.random((n, n)),
                   streams.war_outcome.random((n, n)))

    @classmethod
    def scheduled(cls, streams: Streams, n: int) -> Draws:
        """Draws for a crisis a scenario's event forces: its own stream."""
        g = streams.scheduled
        return cls(g.random((n, n)), g.random((n, n)), g.random((n, n)))


def crisis(model, i: int, j: int, forced: bool = False, invoke_allies: bool = True) -> bool:
    """One crisis between i and j (a scheduled event). True if it became a war."""
    wars = model.counts["wars"]
    resolve(model, np.array([i]), np.array([j]), Draws.scheduled(model.streams, model.world.n),
            forced=forced, invoke_allies=invoke_allies)
    return model.counts["wars"] > wars


def resolve(model, i, j, draws: Draws, forced=False, invoke_allies=True) -> None:
    """Resolve crises between pairs (i[c], j[c]): invocations, trust, then war or not."""
    w, p = model.world, model.params
    model.counts["crises"] += i.size
    theatre = dyn.theatre_capability(w.capability, w.regional_focus)
    weaker_i = theatre[i] <= theatre[j]
    target = np.where(weaker_i, i, j)
    challenger = np.where(weaker_i, j, i)
    for t, h in zip(target.tolist(), challenger.tolist(), strict=True):
        model.chronicle_log.add(_crisis_entry, model.now, w.names, t, h,
                                float(w.belief[h, t]), float(w.belief[t, h]), forced)
    third = np.zeros(i.size)
    if invoke_allies and model.mechanisms.commitments:
        third = commitments.invoke(model, target, challenger, draws.honour)
    strained = np.maximum(w.strength[i, j] - CRISIS_STRAIN, -1.0)  # pairs are distinct
    w.strength[i, j] = strained
    w.strength[j, i] = strained
    third = third + w.guarantee[i, j]
    shift = _power_shift(w, target, challenger, p.power_shift_window)
    if not model.mechanisms.power_shift:  # neutral: no preventive motive
        shift = np.zeros_like(shift)
    uncertainty = (1.0 - model.transparency) * (1.0 - w.monitoring[i, j])
    if not model.mechanisms.private_information:  # neutral: as if all were known
        uncertainty = np.zeros_like(uncertainty)
    p_war = dyn.war_probability(shift, uncertainty, model.offense_defense_balance, p.war_cost,
                                third, p.war_sensitivity, p.information_war_risk,
                                p.shift_tolerance,
                                dyn.power_share(theatre[challenger], theatre[target]))
    for c in np.flatnonzero(draws.war[challenger, target] < p_war):
        war(model, int(challenger[c]), int(target[c]),
            float(draws.outcome[challenger[c], target[c]]),
            why=f"bargaining failed (p = {p_war[c]:.2f}): relative power shifted by "
                f"{shift[c]:+.2f} in {p.power_shift_window} years, {third[c]:.0f} third "
                f"parties stood by")


def war(model, a: int, b: int, draw: float, why: str = "") -> None:
    """A war year: beliefs go to full hostility, the tie to open rivalry, both mobilise and pay.

    ``draw`` is a uniform number from the war-outcome stream: a prevails if it is below a's
    share of the theatre's capability."""
    w, p = model.world, model.params
    model.counts["wars"] += 1
    theatre = dyn.theatre_capability(w.capability, w.regional_focus)
    share = dyn.power_share(theatre[a], theatre[b])
    winner, loser = (a, b) if draw < share else (b, a)
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


def _power_shift(w, i, j, window):
    """Change in i's share of the pair's capability over the last ``window`` years.

    Whole capability, not the theatre's: the commitment problem is about the future
    distribution of power, and a great power can redeploy (Fearon 1995; Powell 2006)."""
    hist = w.capability_history
    old = hist[max(0, len(hist) - 1 - window)]
    return dyn.power_share(w.capability[i], w.capability[j]) - dyn.power_share(old[i], old[j])


def _crisis_entry(year, names, t, h, b_ht, b_th, forced):
    why = ("a scheduled event of the scenario" if forced else
           f"{names[h]} sees {names[t]} as hostile ({b_ht:.2f}) and {names[t]} sees it as "
           f"{b_th:.2f}")
    return Entry(year, "crisis", (names[h], names[t]),
                 f"crisis between {names[h]} and {names[t]}", why)
