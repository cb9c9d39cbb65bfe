"""What the DataCollector records each year, and the tidy frame built from it.

Model reporters are plain functions of the model; the per-state measures are read
as whole arrays by :mod:`model.simulation.collector`.
"""

from __future__ import annotations

import pandas as pd


def year(m):
    return m.year


def regional_milex(m):
    """The region's military spending, USD bn: the sum over the states the scenario counts
    as regional (``regional: true``, the default), outside great powers left out."""
    w = m.world
    return float(w.milex[w.regional].sum())


def total_milex(m):
    """Every state's military spending, USD bn, great powers included."""
    return float(m.world.milex.sum())


def _count(name):
    def reporter(m):
        return m.counts[name]
    reporter.__name__ = name
    reporter.__doc__ = f"cumulative number of {name.replace('_', ' ')}"
    return reporter


MODEL_REPORTERS = {
    "year": year,
    "regional_milex": regional_milex,
    "total_milex": total_milex,
    "crises": _count("crises"),
    "wars": _count("wars"),
    "commitments_invoked": _count("commitments_invoked"),
    "commitments_honoured": _count("commitments_honoured"),
}

MODEL_COLUMNS = list(MODEL_REPORTERS)


def tidy_frame(model) -> pd.DataFrame:
    """One row per (year, state): the state measures, then that year's model measures."""
    dc = model.datacollector
    agents = dc.get_agent_vars_dataframe().reset_index(drop=True)
    years = dc.get_model_vars_dataframe()
    n = model.world.n
    df = pd.concat([years[["year"]].loc[years.index.repeat(n)].reset_index(drop=True),
                    agents,
                    years.drop(columns="year").loc[years.index.repeat(n)].reset_index(drop=True)],
                   axis=1)
    df["state"] = df["state"].astype("string")
    df["top_threat"] = df["top_threat"].astype("string")
    return df
