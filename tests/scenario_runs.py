"""Seeded runs of the scenario library, computed once per session and shared by the claim
tests of tests/test_scenarios.py (and, with mechanisms switched off, by tests/test_ablation.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model import ArmsRaceModel, load_scenario

from .claims import off_switches

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = ROOT / "scenarios"
HISTORY_END = 2025            # the baseline's scripted history ends here; projections follow


def scenario(name):
    return load_scenario(SCENARIO_DIR / name)


# --- running many seeds, once -------------------------------------------------------------

@dataclass
class Run:
    """What one seeded run left behind: per-year arrays (row k is ``years[k]``) and events."""

    names: list[str]
    years: np.ndarray
    milex: np.ndarray        # Y × N
    gdp: np.ndarray          # Y × N
    capability: np.ndarray   # Y × N
    net_threat: np.ndarray   # Y × N
    threat: np.ndarray       # Y × N × N: threat[k, i, j] = i's threat from j (W_ij · milex_j)
    top: np.ndarray          # Y × N: index of each state's top threat, -1 for none
    belief: np.ndarray       # Y × N × N: belief[k, i, j] = i's belief that j is hostile
    events: list[tuple[int, str, tuple[str, ...]]]

    def at(self, what: str, state: str, year: int) -> float:
        return float(getattr(self, what)[self._row(year), self.names.index(state)])

    def belief_of(self, state: str, other: str, year: int) -> float:
        """state's belief that other is hostile."""
        return float(self.belief[self._row(year), self.names.index(state),
                                 self.names.index(other)])

    def threat_from(self, state: str, source: str, year: int) -> float:
        return float(self.threat[self._row(year), self.names.index(state),
                                 self.names.index(source)])

    def share(self, a: str, b: str, year: int) -> float:
        """a's share of the pair's capability."""
        ka, kb = self.at("capability", a, year), self.at("capability", b, year)
        return ka / (ka + kb)

    def count(self, kind: str, a: str | None = None, b: str | None = None,
              y0: int = HISTORY_END + 1, y1: int = 10_000) -> int:
        """Chronicle entries of ``kind`` in [y0, y1], between a and b if given (either order)."""
        pair = {a, b} if a else None
        return sum(1 for y, k, actors in self.events
                   if k == kind and y0 <= y <= y1 and (pair is None or set(actors) == pair))

    def _row(self, year: int) -> int:
        return int(np.flatnonzero(self.years == year)[0])


def _run(sc, seed: int, years: int | None, overrides: dict, off=()) -> Run:
    m = ArmsRaceModel(sc, rng=seed, collect=False, overrides=overrides or None,
                      mechanisms=off_switches(off))
    n_years = (m.end_year - m.year) if years is None else years

    def snapshot():
        w = m.world
        return (w.milex.copy(), w.gdp.copy(), w.capability.copy(), m.net_threat.copy(),
                m.threat_terms.copy(), np.where(m.net_threat > 0, m.top_threat_index, -1),
                w.belief.copy())

    rows, years_seen = [snapshot()], [m.year]
    for _ in range(n_years):
        m.step()
        rows.append(snapshot())
        years_seen.append(m.year)
    cols = [np.array(c) for c in zip(*rows, strict=True)]
    return Run(list(m.world.names), np.array(years_seen), *cols,
               events=[(e.year, e.kind, tuple(e.actors)) for e in m.chronicle])


_CACHE: dict = {}


def runs(which, n: int, years: int | None = None, key: str | None = None, off=(),
         **overrides) -> list[Run]:
    """Runs of a scenario (file name in scenarios/ or a Scenario with a ``key``) on seeds
    0..n-1 with the mechanisms ``off`` switched off, computed once per session and shared by
    the claim tests."""
    sc = scenario(which) if isinstance(which, str) else which
    tag = (key or which, years, tuple(sorted(overrides.items())), tuple(sorted(off)))
    have = _CACHE.get(tag, [])
    if len(have) < n:
        have = have + [_run(sc, s, years, overrides, off) for s in range(len(have), n)]
        _CACHE[tag] = have
    return have[:n]


def mean(values) -> float:
    return float(np.mean(list(values)))
