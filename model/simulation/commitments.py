"""Alliance commitments invoked in a crisis, honoured or broken (Leeds 2003).

A crisis invokes the commitments of the weaker side's allies; each is honoured with the
tie's reliability. Honoured commitments raise trust and the tie, and count as third parties
standing by (they widen the bargaining range in :mod:`model.simulation.crises`); broken ones
lower trust, the tie and its treaty anchor (Armenia and the CSTO, 2021–22).
"""

from __future__ import annotations

import numpy as np

from model.simulation import alliance_health as health
from model.simulation.chronicle import Entry

#: How much a broken commitment costs the tie (strength and its treaty anchor).
BETRAYAL_COST = 0.15
#: How much an honoured commitment adds to the tie.
LOYALTY_GAIN = 0.05


def invoke(model, target, challenger, honour_draws) -> np.ndarray:
    """Crises (target[c] vs challenger[c]): the targets call their allies. Returns how many
    allies honoured the call in each crisis.

    An ally is called when it has a commitment to the target, is friendlier to it than to
    the challenger, and is not the challenger. ``honour_draws[client, ally]`` are uniform
    draws from the commitments stream."""
    w = model.world
    s_t, s_h = w.strength[target], w.strength[challenger]
    called = w.commitment[target] & (s_t > 0) & (s_h < s_t)
    called[np.arange(target.size), challenger] = False
    c, k = np.nonzero(called)
    if not c.size:
        return np.zeros(target.size)
    honoured = honour_draws[target[c], k] < w.reliability[target[c], k]
    settle_commitments(model, target[c], k, honoured)
    return np.bincount(c, weights=honoured, minlength=target.size)


def settle_commitments(model, client, ally, honoured) -> None:
    """Clients called on allies; each commitment was honoured or not (Leeds 2003).

    Trust moves by ``reliability_learning`` toward what was seen, so the draw alone leaves
    its expected value unchanged (a martingale); honoured ties strengthen, broken ones
    weaken with their treaty anchor (so unreliable ties fall out of use) and cost political
    alignment. Reliability is trust shifted by the tie's indicators (alliance_health).
    """
    w, p = model.world, model.params
    model.counts["commitments_invoked"] += int(client.size)
    model.counts["commitments_honoured"] += int(honoured.sum())
    before = w.reliability[client, ally]
    # one update per tie and year: all its honoured calls, then all its broken ones
    lo, hi = np.minimum(client, ally), np.maximum(client, ally)
    ties, which = np.unique(lo * w.n + hi, return_inverse=True)
    kept = np.bincount(which, weights=honoured, minlength=ties.size)
    broke = np.bincount(which, weights=~honoured, minlength=ties.size)
    a, b = ties // w.n, ties % w.n
    stay = 1.0 - p.reliability_learning
    trust = (1.0 - (1.0 - w.trust[a, b]) * stay ** kept) * stay ** broke
    s = np.clip(w.strength[a, b] + LOYALTY_GAIN * kept - BETRAYAL_COST * broke, -1.0, 1.0)
    anchor = np.clip(w.anchor[a, b] - BETRAYAL_COST * broke, -1.0, 1.0)
    ind = w.indicators[a, b].copy()
    ind[:, health.INDICATORS.index("alignment")] += (
        health.ALIGNMENT_LOYALTY * kept - health.ALIGNMENT_BETRAYAL * broke)
    ind = np.clip(ind, 0.0, 1.0)
    r = health.reliability(trust, ind, p.indicator_weight)
    for m, v in ((w.trust, trust), (w.reliability, r), (w.strength, s), (w.anchor, anchor),
                 (w.indicators, ind)):
        m[a, b] = v
        m[b, a] = v
    after = w.reliability[client, ally]
    for c, k, h, r0, r1 in zip(client.tolist(), ally.tolist(), honoured.tolist(),
                               before.tolist(), after.tolist(), strict=True):
        model.chronicle_log.add(_commitment_entry, model.now, w.names, c, k, h, r0, r1)


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
