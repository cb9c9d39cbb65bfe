"""How reliable is an ally? Reliability from measurable, ATOP-style indicators.

Scholars of alliances judge whether a commitment will work in practice from
indicators, not from the treaty text (Holsti, Hopmann and Sullivan 1973; Leeds 2003;
Leeds, Mattes and Vogel 2009). Each tie carries eight indicators; its reliability
(the probability a commitment is honoured when invoked) is

    R_ij = logistic( logit(T_ij) + s · Σ_k w_k · (x_ijk − ref_k) )

where ``T_ij`` is the trust built by experience (honoured calls raise it, broken ones
lower it: :mod:`model.simulation.crises`), ``x`` the indicators, ``ref`` a typical alliance's
values (so a tie with reference indicators has R = T, and the Leeds base rate holds)
and ``s`` the parameter ``indicator_weight`` (0 switches the indicators off).

Weights are log-odds per unit of the indicator (all indicators are in [0, 1]). They
are judgements guided by the sources named in the table (model/scenario/tie_indicators.py), not estimates: the model
documents them so a class or a reviewer can argue with them.
"""

from __future__ import annotations

import numpy as np

from model.scenario.tie_indicators import INDICATORS, TABLE
from model.simulation.dynamics import clip

WEIGHTS = np.array([ind.weight for ind in TABLE])
REFERENCE = np.array([ind.reference for ind in TABLE])

#: yearly dynamics (exercises, presence, trade, contiguity, regimes and shifts change
#: only by events: they are states of affairs, not flows)
ARMS_SHARE_RATE = 0.3     # import shares move this far toward the year's actual shares
ALIGNMENT_RATE = 0.1      # alignment drifts toward what the tie implies: (1 + S) / 2
ALIGNMENT_BETRAYAL = 0.1  # a broken commitment costs this much alignment
ALIGNMENT_LOYALTY = 0.03


def logit(p):
    p = clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def indicator_logit(indicators: np.ndarray, scale: float) -> np.ndarray:
    """Σ_k w_k (x_k − ref_k) for an (..., K) array of indicators, times ``scale``.

    The terms are added one by one in the table's order, so one tie, a matrix of ties and a
    stack of runs give the same bits (a matrix product's dot need not: its order of
    addition depends on the array's shape; the run axis, dynamics.py)."""
    terms = (indicators - REFERENCE) * WEIGHTS
    total = terms[..., 0]
    for k in range(1, terms.shape[-1]):
        total = total + terms[..., k]
    return scale * total


def reliability(trust: np.ndarray, indicators: np.ndarray, scale: float) -> np.ndarray:
    """The honour probability of each tie: trust shifted by its indicators (log-odds).
    ``scale`` is a number, or one per tie of a stack (0 in no run or in every run:
    run_parameters.BRANCHING)."""
    if np.ndim(scale) == 0 and scale == 0:
        return trust
    return logistic(logit(trust) + indicator_logit(indicators, scale))


def measured_ties_year(indicators, honour, trust, measured, arms_in, exogenous_in,
                       strength, scale: float) -> None:
    """One year of the ties whose indicators are measured, in place: the indicators move
    (:func:`update_indicators`) and ``honour`` (each tie's reliability) follows them
    (:func:`reliability`). Elsewhere indicators sit at the reference, and trust changes
    update reliability at once. With a run axis (dynamics.py) the arrays are stacks;
    ``measured`` is then an N×N pattern common to the runs, or a stack of them (usually
    alike: which ties are measured is the scenario's; runs that differ go one by one)."""
    if measured.ndim > 2:
        if (measured == measured[:1]).all():
            measured = measured[0]
        else:
            for r in range(measured.shape[0]):
                measured_ties_year(indicators[r], honour[r], trust[r], measured[r], arms_in[r],
                                   exogenous_in[r], strength[r],
                                   scale[r] if np.ndim(scale) else scale)
            return
    a, b = np.nonzero(measured)
    upper = a < b  # the upper triangle, in np.triu's order
    a, b = a[upper], b[upper]
    if a.size:
        ind = update_indicators(indicators[..., a, b, :], a, b, arms_in, exogenous_in, strength)
        indicators[..., a, b, :] = indicators[..., b, a, :] = ind
        r = reliability(trust[..., a, b], ind, scale)
        honour[..., a, b] = r
        honour[..., b, a] = r


def update_indicators(ind: np.ndarray, a: np.ndarray, b: np.ndarray, arms_in: np.ndarray,
                      exogenous_in: np.ndarray, strength: np.ndarray) -> np.ndarray:
    """One year of the indicators that move by themselves, for the ties (a[p], b[p]).

    ``ind`` is the ties' (P, K) indicators; ``arms_in[s, c]`` this year's flow from
    supplier s to client c; ``exogenous_in`` what non-agents delivered to each client.
    Arms-import shares move toward the year's actual shares (of the partner that
    receives more from the other: the client's dependence); political alignment drifts
    toward what the tie's strength implies.
    """
    out = ind.copy()
    total = arms_in.sum(axis=-2) + exogenous_in       # each client's imports
    ab, ba = arms_in[..., a, b], arms_in[..., b, a]
    client_gets = np.maximum(ab, ba)
    client_total = np.where(ab >= ba, total[..., b], total[..., a])
    moving = client_total > 0
    share = client_gets / np.where(moving, client_total, 1.0)
    k = INDICATORS.index
    s = k("arms_share")
    out[..., s] = np.where(moving, out[..., s] + ARMS_SHARE_RATE * (share - out[..., s]),
                           out[..., s])
    al = k("alignment")
    out[..., al] += ALIGNMENT_RATE * ((1.0 + strength[..., a, b]) / 2.0 - out[..., al])
    return clip(out, 0.0, 1.0)
