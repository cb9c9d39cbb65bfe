"""What wars are fought over: stakes held by one state and claimed by another.

Territory is the issue most likely to lead rivals to war (Vasquez 1993; Hensel 2001), and a
war's outcome decides who controls it (Fearon 1995: war is a costly way of dividing a
prize). A scenario declares its stakes (``stakes:``: Nagorno-Karabakh, a transit corridor);
here they are kept as arrays and turned into the N×N ``claim`` matrix the other phases
read:

* an unmet claim makes the claimant hostile to the holder: it adds to the hostility the
  tie implies (perception, ``model.py``);
* a live claim between a pair makes its crises likelier and raises what is at issue in
  them relative to the costs of war (:mod:`model.simulation.crises`);
* a war the claimant wins moves control to it; the loser keeps a smaller, revanchist claim
  (``revanchism`` × the value; Goertz and Diehl 1992 on territorial changes).
"""

from __future__ import annotations

import numpy as np


class Stakes:
    """The scenario's stakes as arrays: ``holder[s]``, ``claimant[s]`` (state indices),
    ``value[s]`` in [0, 1], ``names[s]``.

    Stakes change hands only by :meth:`transfer` (a war), rarely; every year reads the claim
    matrix several times (perception, crisis odds, bargaining), so it is built once and kept
    (read-only) until a transfer."""

    def __init__(self, stakes, index):
        self.names = [st.name for st in stakes]
        self.holder = np.array([index(st.held_by) for st in stakes], dtype=int)
        self.claimant = np.array([index(st.claimed_by) for st in stakes], dtype=int)
        self.value = np.array([st.value for st in stakes], dtype=float)
        self._claim: np.ndarray | None = None
        self._pair: np.ndarray | None = None
        #: called after a transfer (an ensemble keeps its runs' claims stacked: ensemble.py)
        self.on_transfer: list = []

    def claim(self, n: int) -> np.ndarray:
        """``claim[i, j]``: the value of what i claims that j holds (summed, at most 1).
        Read-only: the same array until a stake changes hands."""
        if self._claim is None or self._claim.shape[0] != n:
            self._claim = claim_matrix(n, self.claimant, self.holder, self.value)
            self._claim.setflags(write=False)
            self._pair = None
        return self._claim

    def pair(self, n: int) -> np.ndarray:
        """``pair_stake`` of the claims (:func:`pair_stake`), kept like :meth:`claim`."""
        claim = self.claim(n)
        if self._pair is None:
            self._pair = pair_stake(claim)
            self._pair.setflags(write=False)
        return self._pair

    def at_issue(self, winner: int, loser: int, name: str | None = None) -> list[int]:
        """The stakes a war between them moves: those the loser holds and the winner claims
        (only ``name`` if the war was over one stake)."""
        hit = (self.holder == loser) & (self.claimant == winner)
        if name is not None:
            hit &= np.array([n == name for n in self.names], dtype=bool)
        return np.flatnonzero(hit).tolist()

    def transfer(self, s: int, revanchism: float) -> None:
        """Stake ``s`` changes hands: the claimant holds it, the old holder claims it back
        with ``revanchism`` of its value."""
        self.holder[s], self.claimant[s] = self.claimant[s], self.holder[s]
        self.value[s] *= revanchism
        self._claim = self._pair = None
        for tell in self.on_transfer:
            tell()


def claim_matrix(n: int, claimant, holder, value) -> np.ndarray:
    """N×N matrix of claims, ``C[claimant, holder] = Σ value``, capped at 1."""
    c = np.zeros((n, n))
    np.add.at(c, (claimant, holder), value)
    return np.minimum(c, 1.0)


def crisis_odds(probability: np.ndarray, stake: np.ndarray) -> np.ndarray:
    """A pair's crisis probability with a live stake between them: ``p · (1 + stake)``, at
    most 0.95 (territorial rivals clash more often: Vasquez 1993; Hensel 2001)."""
    return np.minimum(probability * (1.0 + stake), 0.95)


def pair_stake(claim: np.ndarray) -> np.ndarray:
    """What is at stake between i and j, whoever claims it: ``max(C, Cᵀ)``."""
    return np.maximum(claim, claim.T)
