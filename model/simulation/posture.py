"""Posture: how much of its arming each state makes offensive, and what others read of it.

Two steps, as pure numpy functions (no Mesa; random numbers come in as arguments):

1. :func:`chosen_offensive_share` — the posture a state *chooses*. Greedy types (offensive
   realists) buy offence. Security seekers buy offence in proportion to its advantage and
   buy defence where others can see it, because then a defensive posture signals that they
   are benign (Jervis 1978; Glaser 1997, 2010).
2. :func:`read_offensive_share` — what observer i reads of j's posture: j's true share where
   i can see (distinguishability, or monitoring of the pair), a worst-case-leaning prior where
   it cannot (Jervis 1976, 1978: under uncertainty states assume the worst), plus a reading
   error whose spread shrinks with what i can see. What i believes of j's type can therefore
   differ from j's true type: a security seeker whose arming cannot be told apart is read as
   the greedy type it is not (Kydd 2005: only what can be seen can reassure).

The spiral (:func:`model.simulation.dynamics.hostility_update`) counts only the part of j's
arming that i reads as offensive. Conventions: ``M[i, j]`` is i's view of j.
"""

from __future__ import annotations

import numpy as np

#: What an observer assumes of a posture it cannot see: the worst case (Jervis 1978: under
#: uncertainty states assume the worst). The reading error, cut at 1, leaves the mean reading
#: of an unseen posture a little below it: leaning to the worst, short of certainty.
WORST_CASE_PRIOR = 1.0
#: Standard deviation of the reading error when nothing is visible; it shrinks in proportion
#: to what the observer can see.
READING_ERROR = 0.2


def chosen_offensive_share(offensive_type, offense_defense_balance: float,
                           distinguishability: float) -> np.ndarray:
    """ω_j in [0, 1]: the share of its arming each state chooses to make offensive.

    ``ω = 1`` for greedy types (``offensive_type`` = 1); for security seekers
    ``ω = min(odb / 2, 1) · (1 − d)``: half their arming is offensive at a neutral balance,
    more when offence has the edge (the best defence is then to strike first), less when
    defence has it; and the more others can tell postures apart, the more they choose defence
    to signal benign intent (Glaser 1997, 2010: a security seeker's posture is a costly
    signal, worth buying only if it can be seen). ``offensive_type`` may lie between 0 and 1.
    """
    seekers = np.minimum(0.5 * offense_defense_balance, 1.0) * (1.0 - distinguishability)
    return np.maximum(np.asarray(offensive_type, dtype=float), seekers)


def visibility(distinguishability: float, monitoring: np.ndarray) -> np.ndarray:
    """V[i, j] in [0, 1]: how well i can see j's posture. Either channel suffices: the kind of
    arms (distinguishability, Jervis 1978) or monitoring of the pair (verification, CBMs):
    ``V = 1 − (1 − d)(1 − monitoring)``."""
    return 1.0 - (1.0 - distinguishability) * (1.0 - np.asarray(monitoring, dtype=float))


def read_offensive_share(share, seen, noise, prior: float = WORST_CASE_PRIOR,
                         error: float = READING_ERROR) -> np.ndarray:
    """R[i, j] in [0, 1]: the share of j's arming that i reads as offensive.

    ``R = clip(V ω_j + (1 − V) · prior + error · (1 − V) · z, 0, 1)`` with ``V`` = ``seen``
    (:func:`visibility`) and ``z`` standard normal (``noise``, N×N). What i can see it reads
    as it is; what it cannot it fills with the worst-case-leaning prior, with an error that
    vanishes only where the posture is fully visible (Jervis 1976, ch. 3; Kydd 2005).
    """
    hidden = 1.0 - seen
    read = seen * np.asarray(share, dtype=float)[..., None, :] + hidden * (prior + error * noise)
    return np.minimum(np.maximum(read, 0.0), 1.0)


def believed_greedy(read) -> np.ndarray:
    """B[i, j]: True where i takes j for a greedy type — it reads most of j's arming as
    offensive. Compared with the true type, this shows where the spiral misreads a
    security seeker (Jervis 1976)."""
    return np.asarray(read) > 0.5
