"""The numbers the year's maths is fed: parameters as confidence-building and the mechanism
switches (:mod:`model.scenario.mechanisms`) make them.

A switched-off mechanism is replaced by its neutral version by feeding the pure functions
of :mod:`model.simulation.dynamics` a neutral input (a balance of 1, a rate of 0), not by
branching inside the maths. With every switch on each property returns exactly what the
scenario's parameters give.
"""

from __future__ import annotations

import numpy as np

from model.scenario.mechanisms import NEUTRAL_DISTINGUISHABILITY
from model.simulation.alignment import HEDGING_RATE


class EffectiveInputs:
    """Mixed into :class:`model.simulation.model.ArmsRaceModel` (needs ``params`` and
    ``mechanisms``)."""

    # --- confidence-building raises what it should ------------------------------------------
    @property
    def offense_defense_balance(self) -> float:
        """Jervis's balance; 1 (neutral) when ``offence_defence`` is off."""
        if not self.mechanisms.offence_defence:
            return 1.0
        return self.params.offense_defense_balance

    @property
    def distinguishability(self) -> float:
        """How well others can tell defensive from offensive arming: what security seekers'
        postures answer to and what observers read them through (posture.py). Raised by
        confidence-building; the reference value when ``signalling`` is off."""
        if not self.mechanisms.signalling:
            return NEUTRAL_DISTINGUISHABILITY
        d, c = self.params.distinguishability, self.params.confidence_building
        return d + 0.5 * c * (1.0 - d)

    @property
    def transparency(self) -> float:
        t, c = self.params.transparency, self.params.confidence_building
        return t + 0.5 * c * (1.0 - t)

    @property
    def reassurance(self) -> float:
        return np.minimum(1.0, self.params.reassurance * (1.0 + self.params.confidence_building))

    # --- rates a switch sets to zero --------------------------------------------------------
    @property
    def cover_max(self) -> float:
        """Largest share of a threat allies take; 0 when ``alliance_cover`` is off."""
        return self.params.cover_max if self.mechanisms.alliance_cover else 0.0

    @property
    def arms_trade_rate(self) -> float:
        """Endogenous arms transfers; 0 when ``arms_trade`` is off."""
        return self.params.arms_trade_rate if self.mechanisms.arms_trade else 0.0

    @property
    def alignment_rate(self) -> float:
        """Tie drift with threats; 0 when ``alignment`` is off (ties still decay to anchors)."""
        return self.params.alignment_rate if self.mechanisms.alignment else 0.0

    @property
    def hedging_rate(self) -> float:
        """Hedging after lost trust (alignment.HEDGING_RATE); 0 when ``hedging`` is off."""
        return HEDGING_RATE if self.mechanisms.hedging else 0.0

    @property
    def guns_butter_drag(self) -> float:
        """Growth drag of the defence burden; 0 when ``guns_vs_butter`` is off or for pure
        Richardson (a fixed economy)."""
        if self.params.richardson_only or not self.mechanisms.guns_vs_butter:
            return 0.0
        return self.params.guns_butter_drag
