"""Alignment: how ties move with threats (Walt 1987) and with lost trust (hedging).

Pure numpy functions on N×N matrices (``M[i, j]`` is i's view of j; ties ``S`` symmetric
in [-1, 1], zero diagonal), or on stacks of them (the run axis: dynamics.py), called by the
model's external-balancing phase.

* :func:`alignment_drift` — balance of threat: shared threats pull two states together,
  being the friend of my threat pushes us apart, treaties are anchors the tie returns to.
* :func:`hedging_pull` / :func:`hedge` — a client that has lost trust in its friends (broken
  commitments, Leeds 2003) looks for partners who share its threat, or at least side with
  it less than the friends who failed it (Walt 1987 on balancing; Snyder 1984 on the
  alliance security dilemma's fear of abandonment; Kuik 2008 on hedging). Armenia after the
  CSTO's silence of 2021–22 turning to France and the United States is the case in point
  (Cooley; docs/model.md §7.10).
"""

from __future__ import annotations

import numpy as np

from model.simulation.dynamics import clip, zero_diagonal

#: How fast a client that has lost all its trust moves toward a partner whose side in its
#: threats is one full tie away from its failed friends' (per year, before ``tie_decay``
#: pulls the tie back to its anchor). A judgement: with the baseline's losses it lifts
#: Armenia's ties to France and the United States by about 0.1 within a decade.
HEDGING_RATE = 0.3


def alignment_drift(strength, anchor, weights, rate, decay):
    """Ties drift with threats (Walt 1987 balance of threat) and back to their anchors.

    Shared threats pull two states together (``Σ_j W_ij W_kj``); being the friend of
    the state that threatens me pushes apart (``Σ_j W_ij S⁺_kj``, both ways); treaties
    are anchors the tie returns to at rate ``decay``.
    """
    friends = np.maximum(strength, 0.0)
    common = weights @ weights.mT
    enemy_friend = weights @ friends.mT
    push = common - 0.5 * (enemy_friend + enemy_friend.mT)
    new = strength + rate * push - decay * (strength - anchor)
    new = clip(new, -1.0, 1.0)
    return zero_diagonal(new)


def trust_lost(trust, reference, strength):
    """``L[i, k]``: how far i's trust in its friend k has fallen below where it started,
    ``max(T0_ik − T_ik, 0)`` for ties with ``S_ik > 0`` (0 for non-friends and for trust
    that grew)."""
    return np.where(strength > 0.0, np.maximum(reference - trust, 0.0), 0.0)


def threat_side(strength, weights):
    """``side[i, k]``: how far k sides with i's threats, ``Σ_j w_ij (S + I)_kj`` with
    ``w_ij = W_ij / Σ_j W_ij`` i's threat shares. A threat sides fully with itself (the
    identity), so a threat is never a partner against itself; 0 for a state with no threat.
    """
    total = weights.sum(axis=-1, keepdims=True)
    shares = weights / np.where(total > 0, total, 1.0)
    return shares @ (strength + np.eye(strength.shape[-1])).mT


def hedging_pull(strength, weights, trust, reference):
    """``P[i, k]`` ≥ 0: how strongly i seeks k as a partner because it lost trust in its friends.

    i's loss is ``Λ_i = Σ_k L_ik`` (:func:`trust_lost`); the friends who failed it side with
    i's threats by ``σ_i = Σ_k L_ik side_ik / Λ_i`` (the loss-weighted mean of
    :func:`threat_side`). A candidate qualifies by siding with them less:
    ``P_ik = Λ_i · max(σ_i − side_ik, 0)``. A patron that is itself close to the client's
    threat (Russia with Azerbaijan after 2022) makes every state cooler to that threat
    a candidate; the failed friends themselves, the threats and their allies do not
    qualify. No loss, no pull.
    """
    lost = trust_lost(trust, reference, strength)
    loss = lost.sum(axis=-1)
    side = threat_side(strength, weights)
    failed_side = (lost * side).sum(axis=-1) / np.where(loss > 0, loss, 1.0)
    pull = loss[..., None] * np.maximum(failed_side[..., None] - side, 0.0)
    return zero_diagonal(pull)


def hedge(strength, pull, rate):
    """Ties move by the pulls of both ends, ``S + rate · (P + Pᵀ)``, clipped to [-1, 1]."""
    new = clip(strength + rate * (pull + pull.mT), -1.0, 1.0)
    return zero_diagonal(new)
