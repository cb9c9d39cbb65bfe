"""What is recorded of each year, as whole arrays: the state measures and each state's top
threat, for one run (the Mesa collector, collector.py) or a stack of runs (an ensemble's
:class:`StackedCollector`). Free of Mesa and pandas, so a batch worker does not load them.
"""

from __future__ import annotations

import numpy as np

#: per-state measures, in the order ``collect`` records them (events and wars scale
#: milex, GDP and capability in place, so those three are copied; the others are rebuilt
#: by the model every year).
AGENT_MEASURES = ("milex", "gdp", "capability", "burden", "net_threat", "arms_received",
                  "cumulative_milex", "foregone_health_years")


def state_measures(model) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """The year's :data:`AGENT_MEASURES` of every state (in that order), and each state's top
    threat (−1: none). Arrays of N, or of R×N for a stack of runs (ensemble.py)."""
    w = model.world
    top = np.where(model.net_threat > 0, model.top_threat_index, -1)
    return (w.milex.copy(), w.gdp.copy(), w.capability.copy(), w.milex / w.gdp,
            model.net_threat, w.arms_received, w.cumulative_milex,
            w.foregone_health_years), top


class StackedCollector:
    """What :class:`~model.simulation.collector.YearlyCollector` records, for R runs stepped together (ensemble.py): the
    same measures (:func:`state_measures` and the model reporters), each a stack over runs."""

    def __init__(self, model_reporters: dict):
        self.model_reporters = model_reporters
        self.model_vars: dict[str, list] = {k: [] for k in model_reporters}
        self._rows: list[tuple[tuple[np.ndarray, ...], np.ndarray]] = []

    def collect(self, ensemble) -> None:
        for var, reporter in self.model_reporters.items():
            self.model_vars[var].append(reporter(ensemble))
        self._rows.append(state_measures(ensemble))

    def arrays(self):
        """(measures: runs × measures × years × states, top threats: runs × years × states,
        model measures: name → runs × years)."""
        values = np.array([r[0] for r in self._rows]).transpose(2, 1, 0, 3)
        top = np.stack([r[1] for r in self._rows], axis=1)
        runs = values.shape[0]
        model = {k: (np.broadcast_to(np.asarray(v)[None, :], (runs, len(v))) if k == "year"
                     else np.stack(v, axis=1)) for k, v in self.model_vars.items()}
        return values, top, model
