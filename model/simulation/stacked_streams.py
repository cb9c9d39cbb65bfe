"""The runs' random streams, stacked: each run's draw from its own generator, for a stack.

An ensemble's year draws a block of numbers per stream for every run at once; each run's
block comes from that run's own generator (streams.py), in the order the run alone would
draw it, so each run sees exactly its numbers alone (tests/test_ensemble.py).
"""

from __future__ import annotations

import numpy as np

from model.simulation.streams import STREAMS


class StackedStream:
    """One mechanism's stream in every run: a draw is each run's own draw, stacked.

    With ``read_ahead`` the stream draws that many numbers per run at a time (one generator
    call per run every few years, not every year) and serves the year's blocks from them: a
    generator gives the same sequence whether its numbers are drawn one block at a time or
    many blocks at once, so each run still sees exactly its numbers alone (tests/test_ensemble.py).
    A stream read ahead serves one kind of draw (``random`` or ``standard_normal``): the
    year's streams each draw one kind; the scheduled stream, which events draw both kinds
    from and members draw from directly, is not read ahead."""

    def __init__(self, generators, read_ahead: int = 0):
        self._generators = generators
        self._read_ahead = read_ahead
        self._method: str | None = None
        self._buffer = np.empty((len(generators), 0))
        self._used = 0

    def _draw(self, method: str, size):
        if size is None:  # one number a run
            return np.array([getattr(g, method)() for g in self._generators])
        shape = (len(self._generators), *np.atleast_1d(size))
        if not self._read_ahead:
            out = np.empty(shape)
            for r, g in enumerate(self._generators):
                getattr(g, method)(size, out=out[r])
            return out
        if self._method not in (None, method):
            raise RuntimeError(f"a stream read ahead serves one kind of draw ({self._method})")
        self._method = method
        k = int(np.prod(shape[1:]))
        if self._used + k > self._buffer.shape[1]:
            self._refill(method, k)
        block = self._buffer[:, self._used:self._used + k].reshape(shape)
        self._used += k
        return block

    def _refill(self, method: str, k: int) -> None:
        left = self._buffer[:, self._used:]
        more = max(k, self._read_ahead)
        buffer = np.empty((len(self._generators), left.shape[1] + more))
        buffer[:, :left.shape[1]] = left
        for r, g in enumerate(self._generators):
            getattr(g, method)(more, out=buffer[r, left.shape[1]:])
        self._buffer, self._used = buffer, 0

    def random(self, size=None):
        return self._draw("random", size)

    def standard_normal(self, size=None):
        return self._draw("standard_normal", size)


#: numbers a run's stream draws at a time (2,048: ~30 years of an 8-state world's blocks;
#: 16 kB a run and stream) ...
READ_AHEAD = 2048
#: ... unless the ensemble's buffers would pass this many bytes (an ensemble of 10,000 runs
#: would hold 1.1 GB): then fewer, at least one year's block (the numbers are the same)
READ_AHEAD_BYTES = 64 * 2**20


class StackedStreams:
    """The runs' streams (streams.py) by mechanism: ``streams.crises.random(k)`` is R×k. The
    year's streams are read ahead (:class:`StackedStream`); the scheduled stream is not."""

    def __init__(self, streams):
        ahead = max(1, min(READ_AHEAD, READ_AHEAD_BYTES // (8 * len(STREAMS) * len(streams))))
        for name in STREAMS:
            setattr(self, name, StackedStream([getattr(s, name) for s in streams],
                                              0 if name == "scheduled" else ahead))
