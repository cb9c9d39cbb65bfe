"""Why a crisis ends in war: the bargaining model of war (Fearon 1995; Powell 2006).

War is costly, so for two states who agree on its likely outcome there is always a
settlement both prefer to fighting. Bargaining fails for two rationalist reasons, and here
only for them:

* **a commitment problem**: a state whose relative power is *declining* fears that the
  rising side cannot promise not to exploit its future strength, so it may prefer war now
  to worse terms later (preventive war; Fearon 1995, §"commitment problems"; Levy 1987).
  The rising side has no such motive: it only has to wait;
* **private information**: each state knows its own capability but *estimates* the
  other's, with an error that shrinks with transparency and with monitoring. When both
  sides' estimates make each expect to do better by fighting than the other thinks it
  would — their expected shares of the prize add up to more than the whole — no offer
  satisfies both (mutual optimism; Blainey 1973; Fearon 1995).

The costs of war and third parties who stand by the target widen the bargaining range and
make both failures rarer. With constant power and exact estimates the war probability is
exactly 0. Pure numpy functions: the random estimate errors come in as arguments.
"""

from __future__ import annotations

import numpy as np

from model.simulation.dynamics import power_share


def estimate_error(transparency: float, monitoring: np.ndarray, error_at_zero: float):
    """Spread (sd of the log) of i's estimate of j's capability: ``e · (1 − t) · (1 − mon_ij)``.

    Fearon 1995: capabilities and resolve are private information; transparency (shared
    data, inspections) and monitoring (observers on the line) shrink the error."""
    return error_at_zero * (1.0 - transparency) * (1.0 - monitoring)


def estimated_capability(theatre: np.ndarray, error_sd: np.ndarray, z: np.ndarray):
    """``est[i, j]``: i's estimate of j's capability in the theatre, ``c_j · exp(sd_ij · z_ij)``
    (a log-normal error, median-unbiased). A state knows its own (the diagonal is exact)."""
    est = theatre[..., None, :] * np.exp(error_sd * z)
    k = np.arange(theatre.shape[-1])
    est[..., k, k] = theatre
    return est


def expected_share(theatre: np.ndarray, estimates: np.ndarray) -> np.ndarray:
    """``p̂[i, j]``: i's expected chance of prevailing in a war with j, from its own capability
    and its estimate of j's (capability decides outcomes: :func:`power_share`)."""
    return power_share(theatre[..., :, None], estimates)


def optimism(p_i: np.ndarray, p_j: np.ndarray) -> np.ndarray:
    """Mutual optimism of a pair: ``p̂_ij + p̂_ji − 1``. Zero with exact estimates (the two
    shares add up to 1); positive when each side's estimate favours itself, so the least
    each would accept adds up to more than there is to share."""
    return p_i + p_j - 1.0


def decline(share_now: np.ndarray, share_then: np.ndarray) -> np.ndarray:
    """How much a state's share of the pair's power fell over the window (0 if it rose)."""
    return np.maximum(share_then - share_now, 0.0)


def war_probability(preventive, mutual_optimism, offense_defense_balance, war_cost,
                    third_parties, sensitivity, information_risk, tolerance,
                    initiator_share=0.5, stake=0.0):
    """Probability that a crisis ends in war.

    ``pressure = s · (decline − τ)⁺ + r · optimism⁺``: the declining side's preventive motive
    beyond a tolerance, and mutual optimism. It is scaled by ``2 · p̂`` of the side that would
    start the war (1 at parity: a challenger that expects to win presses harder, a target that
    can deny it a quick victory deters; Mearsheimer 1983) and by the offence–defence balance
    (striking first pays more when offence dominates; Van Evera 1998) and by what is at
    stake between them (``stake`` in [0, 1], :mod:`model.simulation.stakes`: the larger the
    prize, the smaller the costs of war beside it); war costs and honoured third parties
    divide it (they widen the bargaining range):

    ``p = 1 − exp(−pressure · 2p̂ · (1 + stake) · odb / (war_cost · (1 + third)))``.
    """
    pressure = (sensitivity * np.maximum(preventive - tolerance, 0.0)
                + information_risk * np.maximum(mutual_optimism, 0.0))
    pressure = pressure * 2.0 * initiator_share * (1.0 + stake)
    return 1.0 - np.exp(-pressure * offense_defense_balance / (war_cost * (1.0 + third_parties)))
