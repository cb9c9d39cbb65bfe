"""Alliance commitments invoked in a crisis, honoured or broken (Leeds 2003).

A crisis invokes the commitments of the weaker side's allies, if the crisis is within the
commitment's scope: most defence pacts cover an attack on the client's recognised
territory only, and a crisis over disputed or undemarcated ground does not invoke them
(Leeds, Long and Mitchell 2000 find pacts honoured about three times in four *when the
conditions they name are met*; counted over all calls the share is far lower, Sabrosky
1980). An invoked ally honours with a probability that is not trust alone
(:func:`honour_probability`): the ally's attention (a war elsewhere draws its forces
away), its capacity in the theatre against the challenger (Leeds 2003: allies whose
capabilities changed renege), and its own interest — its tie with the challenger, the
fear of entrapment against a partner (Snyder 1984). Honoured commitments raise trust and
the tie, and count as third parties standing by (they widen the bargaining range in
:mod:`model.simulation.crises`); broken ones lower trust, the tie and its treaty anchor
(Armenia and the CSTO, 2021–22).
"""

from __future__ import annotations

import numpy as np

from model.simulation import alliance_health as health
from model.simulation import dynamics as dyn
from model.simulation.chronicle import Entry
from model.simulation.run_axis import among, at
from model.simulation.run_parameters import per_crisis

#: How much a broken commitment costs the tie (strength and its treaty anchor).
BETRAYAL_COST = 0.15
#: How much an honoured commitment adds to the tie.
LOYALTY_GAIN = 0.05


# --- the conditions of honouring: pure functions of arrays -------------------------------

def in_scope(scope_any, disputed, location_draw):
    """Whether a crisis invokes a commitment (Leeds, Long and Mitchell 2000).

    A commitment covering ``any`` crisis always applies; one covering the client's
    recognised territory only does not apply when the crisis is over disputed ground,
    which happens with probability ``disputed`` (the pair's share of such crises):
    ``location_draw`` is a uniform number, below ``disputed`` for a crisis off the
    client's recognised territory."""
    return np.asarray(scope_any, bool) | (np.asarray(location_draw) >= disputed)


def attention(focus, usual_focus):
    """Share of its usual forces an ally still keeps on the region, in [0, 1].

    A war elsewhere (Russia in Ukraine from 2022) lowers a state's regional focus below
    what it was at the start; its attention falls in proportion. A state that never had
    forces in the region (usual focus 0) is not penalised for it here: capacity is."""
    focus, usual = np.asarray(focus, float), np.asarray(usual_focus, float)
    ratio = np.divide(focus, usual, out=np.ones_like(focus), where=usual > 0)
    return dyn.clip(ratio, 0.0, 1.0)


def capacity(theatre_ally, theatre_client, theatre_challenger):
    """Whether the ally's help can make the difference: the capability the client and the
    ally together bring to the theatre, relative to the challenger's, capped at 1 (Leeds
    2003: allies renege when their capability no longer matches what they promised; an
    ally that cannot turn the balance has little reason to pay for trying)."""
    a = np.asarray(theatre_ally, float) + np.asarray(theatre_client, float)
    c = np.asarray(theatre_challenger, float)
    ratio = np.divide(a, c, out=np.ones_like(a), where=c > 0)
    return dyn.clip(ratio, 0.0, 1.0)


def interest(tie_to_challenger):
    """The ally's own stake in not fighting the challenger (Snyder 1984: the fear of
    entrapment against a partner): 1 − its positive tie with the challenger, in [0, 1]
    (Russia's partnership with Azerbaijan, its declared alliance from 2022)."""
    return 1.0 - dyn.clip(np.asarray(tie_to_challenger, float), 0.0, 1.0)


def honour_probability(reliability, attention, capacity, interest):
    """Probability an invoked ally honours the call (Leeds 2003; Mattes 2012):

        P(honour) = R · attention · capacity · interest

    ``R`` is the tie's reliability (trust shifted by its ATOP-style indicators,
    :mod:`model.simulation.alliance_health`): what the treaty's design and the record
    promise. The three others are the conditions of the moment, each 1 when it does not
    stand in the way, so an attentive, capable ally with no stake in the challenger
    honours with probability ``R``."""
    return (np.asarray(reliability, float) * np.asarray(attention, float)
            * np.asarray(capacity, float) * np.asarray(interest, float))


def call_probability(model, client, ally, challenger, runs=None) -> np.ndarray:
    """:func:`honour_probability` of each call (client[c] calls ally[c] against
    challenger[c], in run ``runs[c]`` of a stack: :mod:`model.simulation.run_axis`) in the
    model's world now."""
    w = model.world
    theatre = dyn.theatre_capability(w.capability, w.regional_focus)
    return honour_probability(w.reliability[at(runs, client, ally)],
                              attention(w.regional_focus[at(runs, ally)],
                                        w.usual_focus[at(runs, ally)]),
                              capacity(theatre[at(runs, ally)], theatre[at(runs, client)],
                                       theatre[at(runs, challenger)]),
                              interest(w.strength[at(runs, ally, challenger)]))


def invoke(model, target, challenger, honour_draws, runs=None) -> np.ndarray:
    """Crises (target[c] vs challenger[c], in run ``runs[c]`` of a stack): the targets call
    their allies. Returns how many allies honoured the call in each crisis.

    An ally is called when it has a commitment to the target, is friendlier to it than to
    the challenger, is not the challenger, and the crisis is within the commitment's scope
    (:func:`in_scope`). ``honour_draws`` is the year's N×N block of uniform draws from the
    commitments stream: ``[client, ally]`` decides whether the ally honours, and the
    otherwise unused ``[challenger, target]`` where the crisis is (on the target's
    recognised territory or on disputed ground), so the block stays one size every year."""
    w = model.world
    s_t, s_h = w.strength[at(runs, target)], w.strength[at(runs, challenger)]
    called = w.commitment[at(runs, target)] & (s_t > 0) & (s_h < s_t)
    called[np.arange(target.size), challenger] = False
    where = honour_draws[at(runs, challenger, target)]
    called &= in_scope(w.scope_any[at(runs, target)],
                       w.disputed[at(runs, target, challenger)][:, None], where[:, None])
    c, k = np.nonzero(called)
    if not c.size:
        return np.zeros(target.size)
    runs = among(runs, c)
    p = call_probability(model, target[c], k, challenger[c], runs)
    honoured = honour_draws[at(runs, target[c], k)] < p
    settle_commitments(model, target[c], k, honoured, runs)
    return np.bincount(c, weights=honoured, minlength=target.size)


def settle_commitments(model, client, ally, honoured, runs=None) -> None:
    """Clients called on allies; each commitment was honoured or not (Leeds 2003).

    Trust moves by ``reliability_learning`` toward what was seen, so the draw alone leaves
    its expected value unchanged (a martingale); honoured ties strengthen, broken ones
    weaken with their treaty anchor (so unreliable ties fall out of use) and cost political
    alignment. Reliability is trust shifted by the tie's indicators (alliance_health).
    """
    w, p = model.world, model.params
    model.count("commitments_invoked", runs, np.ones(client.size, bool))
    model.count("commitments_honoured", runs, honoured)
    before = w.reliability[at(runs, client, ally)]
    # one update per tie (of a run) and year: all its honoured calls, then all its broken ones
    n = w.n
    lo, hi = np.minimum(client, ally), np.maximum(client, ally)
    key = lo * n + hi if runs is None else (runs * n + lo) * n + hi
    ties, which = np.unique(key, return_inverse=True)
    kept = np.bincount(which, weights=honoured, minlength=ties.size)
    broke = np.bincount(which, weights=~honoured, minlength=ties.size)
    tie_runs = None if runs is None else ties // (n * n)
    a, b = (ties // n) % n, ties % n
    ab, ba = at(tie_runs, a, b), at(tie_runs, b, a)
    stay = 1.0 - per_crisis(p.reliability_learning, tie_runs)
    trust = (1.0 - (1.0 - w.trust[ab]) * stay ** kept) * stay ** broke
    s = dyn.clip(w.strength[ab] + LOYALTY_GAIN * kept - BETRAYAL_COST * broke, -1.0, 1.0)
    anchor = dyn.clip(w.anchor[ab] - BETRAYAL_COST * broke, -1.0, 1.0)
    ind = w.indicators[ab].copy()
    ind[:, health.INDICATORS.index("alignment")] += (
        health.ALIGNMENT_LOYALTY * kept - health.ALIGNMENT_BETRAYAL * broke)
    ind = dyn.clip(ind, 0.0, 1.0)
    r = health.reliability(trust, ind, per_crisis(p.indicator_weight, tie_runs))
    for m, v in ((w.trust, trust), (w.reliability, r), (w.strength, s), (w.anchor, anchor),
                 (w.indicators, ind)):
        m[ab] = v
        m[ba] = v
    if not model.chronicled:
        return
    after = w.reliability[at(runs, client, ally)]
    model.note_rows(runs, _commitment_entry, model.now, w.names, client, ally, honoured,
                    before, after)


def _commitment_entry(year, names, c, k, honoured, r0, r1):
    if honoured:
        return Entry(year, "commitment_honoured", (names[k], names[c]),
                     f"{names[k]} honoured its commitment to {names[c]}",
                     f"{names[c]}'s trust in {names[k]} rose ({r0:.2f} → {r1:.2f}); "
                     f"allies cover more of its threat")
    return Entry(year, "commitment_broken", (names[k], names[c]),
                 f"{names[k]} did not honour its commitment to {names[c]}",
                 f"{names[c]}'s trust in {names[k]} fell ({r0:.2f} → {r1:.2f}); less cover "
                 f"from allies means {names[c]} arms more (Waltz: internal balancing)")


def out_of_scope_entry(year, ally, client, challenger):
    """The chronicle's line for a call the ally did not treat as covered (a scheduled test)."""
    return Entry(year, "commitment_out_of_scope", (ally, client),
                 f"{ally} does not treat {client}'s call as covered by its commitment",
                 f"the crisis with {challenger} was over disputed or undemarcated ground, "
                 f"outside {client}'s recognised territory that the commitment covers "
                 f"(Leeds, Long and Mitchell 2000): no commitment invoked, trust unchanged")
