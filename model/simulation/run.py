"""One run, as the code that happens in a run sees it: where its chronicle lines and counts go.

Events (events.py), crises (crises.py) and calls on allies (commitments.py) are written once
for a lone world and for a stack of runs (run_axis.py). They ask the model where a run's
chronicle lines and counts go, and for the run a war is fought in. :class:`OneRun` answers
for a single run — :class:`~model.simulation.model.ArmsRaceModel`, and each member of an
ensemble — and :class:`~model.simulation.ensemble.Ensemble` answers for its stack.
"""

from __future__ import annotations

import numpy as np

from model.simulation.chronicle import Entry

#: what a run counts, cumulatively (the model measures of the same names)
COUNTS = ("crises", "wars", "commitments_invoked", "commitments_honoured")


class OneRun:
    """Mixed into a run (needs ``chronicle_log`` and ``counts``)."""

    #: whether chronicle lines are kept (an ensemble for a batch keeps none: ensemble.py)
    chronicled = True

    @property
    def chronicle(self) -> list[Entry]:
        """What happened and why, in order (model.chronicle.Entry)."""
        return self.chronicle_log.entries()

    def note(self, entry: Entry) -> None:
        self.chronicle_log.note(entry)

    def note_each(self, formatter, *args) -> None:
        """A chronicle line made by ``formatter(*args)`` when read (in a stack of runs, each
        run's from its own values: ensemble.py)."""
        self.chronicle_log.add(formatter, *args)

    def each_run(self, fn, *args) -> None:
        """``fn(run, *args)`` for each run: here the one."""
        fn(self, *args)

    def all_runs(self):
        """Every run, as the crisis phase indexes them (run_axis.py): None for a lone world."""
        return None

    def count(self, name: str, runs, happened) -> None:
        """Add to the ``name`` count the crises (or calls) that ``happened`` (a bool array)."""
        self.counts[name] += int(np.count_nonzero(happened))

    def note_rows(self, runs, formatter, *args) -> None:
        """A chronicle line per crisis (or call) found in runs ``runs`` (None: this run), made
        by ``formatter`` of its row of every numpy array argument when read."""
        self.chronicle_log.add_rows(formatter, *args)

    def log_of(self, run):
        """The chronicle a crisis of ``run`` is written to: this run's."""
        return self.chronicle_log

    def member(self, run):
        """The run a war of ``run`` is fought in: this one."""
        return self
