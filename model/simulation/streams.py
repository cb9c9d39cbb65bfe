"""Random streams, one per mechanism, spawned from the run's seed.

Each source of chance in the model draws from its own generator, derived from the seed
with ``numpy.random.SeedSequence(seed, spawn_key=(k,))`` where ``k`` is the stream's place
in :data:`STREAMS`. Switching one mechanism off, or removing one scheduled event, then
leaves every other mechanism's draws as they were: two runs with the same seed differ only
by what was changed (common random numbers across mechanisms; Law 2015, ch. 11).

The streams are also drawn in fixed-size blocks where a mechanism may or may not need
them (a block per year, not a number per crisis), so that how many crises a year brings
does not move the draws that decide later years' budgets or wars.
"""

from __future__ import annotations

import numpy as np

#: The streams, in a fixed order (append new ones at the end: a stream's key is its index).
STREAMS: tuple[str, ...] = (
    "budget_noise",     # the year's domestic politics in the budget rule
    "crises",           # which pairs clash this year
    "commitments",      # whether a called ally honours its commitment (Leeds)
    "war",              # whether bargaining fails (Fearon)
    "war_outcome",      # who prevails in a war
    "scheduled",        # crises and wars a scenario's events force
    "perception",       # observers' errors reading others' postures (Jervis)
    "information",      # states' errors estimating others' capability (Fearon)
)


class Streams:
    """The run's generators by name: ``streams.crises.random(k)``."""

    def __init__(self, seed: int | None, entropy_source: np.random.Generator | None = None):
        if seed is None:  # an unseeded run: take entropy from the model's own generator
            seed = int(entropy_source.integers(2**63)) if entropy_source is not None else None
        root = np.random.SeedSequence(seed)
        for k, name in enumerate(STREAMS):
            child = np.random.SeedSequence(root.entropy, spawn_key=(k,))
            setattr(self, name, np.random.Generator(np.random.PCG64(child)))
