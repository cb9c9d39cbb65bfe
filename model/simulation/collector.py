"""A Mesa DataCollector that records each year's state measures as whole arrays.

Mesa's own collector calls one reporter per agent per measure; for eight states
that is most of a simulated year's cost. This subclass keeps Mesa's interface
(``collect``, ``model_vars``, ``get_model_vars_dataframe``,
``get_agent_vars_dataframe`` with the (Step, AgentID) index) and reads the world's
arrays once per year instead.
"""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd

from model.simulation.measures import AGENT_MEASURES, state_measures


class YearlyCollector(mesa.DataCollector):
    def __init__(self, model_reporters: dict):
        names = ["state", *AGENT_MEASURES, "top_threat"]
        super().__init__(model_reporters=model_reporters,
                         agent_reporters={n: n for n in names})
        self._rows: list[tuple[int, np.ndarray, np.ndarray]] = []
        self.tie_pairs = None   # (a, b) index arrays of the ties whose health is recorded
        #: per year, the recorded ties' strength, trust, reliability and (P, K) indicators
        self._ties: list[tuple[np.ndarray, ...]] = []

    def collect(self, model) -> None:
        for var, reporter in self.model_reporters.items():
            self.model_vars[var].append(reporter(model))
        w = model.world
        self._rows.append((len(self._rows), *state_measures(model)))
        if self.tie_pairs is not None:  # flat takes: np.column_stack of fancy indexing cost 6×
            at, k = self._tie_flat, w.indicators.shape[2]
            self._ties.append((w.strength.take(at), w.trust.take(at), w.reliability.take(at),
                               w.indicators.reshape(-1, k).take(at, axis=0)))

    def agent_arrays(self, model):
        """(steps, measures × steps × states array, top-threat indices steps × states)."""
        steps = np.array([r[0] for r in self._rows])
        values = np.array([r[1] for r in self._rows]).transpose(1, 0, 2)
        top = np.stack([r[2] for r in self._rows])
        return steps, values, top

    def get_agent_vars_dataframe(self) -> pd.DataFrame:
        model = self._model
        steps, values, top = self.agent_arrays(model)
        n = model.world.n
        names = np.array(model.world.names + ["none"], dtype=object)
        ids = [a.unique_id for a in model.agent_list]
        index = pd.MultiIndex.from_arrays([np.repeat(steps, n), np.tile(ids, len(steps))],
                                          names=["Step", "AgentID"])
        data = {"state": np.tile(names[:n], len(steps))}
        for k, name in enumerate(AGENT_MEASURES):
            data[name] = values[k].reshape(-1)
        data["top_threat"] = names[top.reshape(-1)]
        return pd.DataFrame(data, index=index)

    def bind(self, model) -> YearlyCollector:
        """Attach to the model; record the health of every tie that is an alliance, carries a
        commitment or has measured indicators at the start."""
        self._model = model
        w = model.world
        a, b = np.nonzero(np.triu(w.measured | w.commitment | (w.strength > 0.2), 1))
        self.tie_pairs = (a, b)
        self._tie_flat = a * w.n + b   # (a, b) in the flattened N×N matrices
        return self

    def get_tie_vars_dataframe(self) -> pd.DataFrame:
        """Alliance health per tie and year: strength, trust, reliability and the indicators."""
        from model.simulation.alliance_health import INDICATORS

        model = self._model
        a, b = self.tie_pairs
        names = model.world.names
        years = self.model_vars["year"]
        cols = ["strength", "trust", "reliability", *INDICATORS]
        if not self._ties or not len(a):
            return pd.DataFrame(columns=["year", "a", "b", *cols])
        strength, trust, reliability, indicators = (np.stack(x) for x in zip(*self._ties, strict=True))
        data = np.concatenate([strength[..., None], trust[..., None], reliability[..., None],
                               indicators], axis=2).reshape(-1, len(cols))  # year by year
        df = pd.DataFrame(data, columns=cols)
        df.insert(0, "b", np.tile([names[j] for j in b], len(self._ties)))
        df.insert(0, "a", np.tile([names[i] for i in a], len(self._ties)))
        df.insert(0, "year", np.repeat(years, len(a)))
        return df
