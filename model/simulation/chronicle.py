"""The model's own account of what happened each year and why.

Entries are written by the phases that cause them, from the model's numbers,
so the dashboard's event log never needs canned text. The hot phases record raw
numbers (a formatter and its arguments); the text is made only when someone reads
the chronicle, so a 200-state world with thousands of invocations a year does not
pay for sentences nobody reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Entry:
    year: int
    kind: str              # crisis, war, commitment_honoured, commitment_broken, event, ...
    actors: tuple[str, ...]
    text: str              # what happened
    why: str = ""          # the model's reason, in its own terms
    data: dict = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.year}: {self.text}" + (f" → {self.why}" if self.why else "")


#: a raw record of many lines (:meth:`Chronicle.add_rows`)
_ROWS = object()


class Chronicle:
    """An append-only log; ``add(formatter, *args)`` defers making the Entry, and
    ``add_rows(formatter, *args)`` defers a line per row of its array arguments (the year's
    crises, its calls on allies: one record a year, not one a crisis)."""

    def __init__(self):
        self._entries: list[Entry] = []
        self._raw: list[tuple] = []

    def note(self, entry: Entry) -> None:
        self._raw.append((None, entry))

    def add(self, formatter, *args) -> None:
        self._raw.append((formatter, args))

    def add_rows(self, formatter, *args) -> None:
        """One line per row: ``formatter`` of row k of every numpy array argument (as Python
        numbers) and of the other arguments as they are."""
        self._raw.append((_ROWS, (formatter, args)))

    def entries(self) -> list[Entry]:
        if self._raw:
            for fmt, args in self._raw:
                if fmt is _ROWS:
                    self._entries.extend(_lines(*args))
                else:
                    self._entries.append(args if fmt is None else fmt(*args))
            self._raw.clear()
        return self._entries


def _lines(formatter, args) -> list[Entry]:
    columns = [a.tolist() if isinstance(a, np.ndarray) else None for a in args]
    rows = next((len(c) for c in columns if c is not None), 0)
    return [formatter(*(a if c is None else c[k] for a, c in zip(args, columns, strict=True)))
            for k in range(rows)]


class Unkept(Chronicle):
    """A chronicle nobody will read (a batch keeps only the numbers): lines are not kept."""

    def note(self, entry: Entry) -> None:
        pass

    def add(self, formatter, *args) -> None:
        pass

    def add_rows(self, formatter, *args) -> None:
        pass
