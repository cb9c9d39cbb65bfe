"""Summaries of batch results: pure functions on the tidy frame of :func:`model.experiments.batch.read_results`.

The frame has one row per run, year and state; world measures (regional_milex, crises,
wars, commitments_...) repeat on each state's row of a year, and the four counts are
cumulative since the start. Nothing here reads files or draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.scenario.input_errors import Problem, UsageError
from model.simulation.measures import AGENT_MEASURES

#: the fan chart's quantiles: median, 50% band (q25–q75), 90% band (q05–q95)
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
WORLD = ("regional_milex", "crises", "wars", "commitments_invoked", "commitments_honoured")
STATS = ("final", "mean", "max")


def qname(q: float) -> str:
    return f"q{round(q * 100):02d}"


def fan(df: pd.DataFrame, measure: str, by=("state",), quantiles=QUANTILES) -> pd.DataFrame:
    """Quantiles of ``measure`` across runs, per ``by`` and year: columns q05 … q95."""
    keys = [*by, "year"]
    out = (df.groupby(keys, observed=True, sort=True)[measure]
           .quantile(list(quantiles)).unstack())
    out.columns = [qname(q) for q in quantiles]
    return out.reset_index()


def world_rows(df: pd.DataFrame) -> pd.DataFrame:
    """One row per run and year (the first state's), for the world measures."""
    return df[~df.duplicated(["run_id", "year"])]


def event_probability(df: pd.DataFrame, kind: str = "wars", by=(), since: int | None = None
                      ) -> pd.DataFrame:
    """Across runs, per ``by`` and year: ``p_year`` = share of runs with at least one new
    ``kind`` (crises, wars) in that year, ``p_by_then`` = share with at least one after the
    year ``since`` (default: the first year; give the end of a scenario's scripted history
    to count only what the model does on its own; NaN up to ``since``), ``runs`` = how many
    runs."""
    w = world_rows(df)[["run_id", *by, "year", kind]].sort_values(["run_id", "year"])
    count = w[kind].to_numpy()
    new = w.groupby("run_id", sort=False)[kind].diff()
    base = _count_at(w, kind, since).to_numpy()
    start = w["year"].min() if since is None else since
    w = w.assign(p_year=(new > 0).where(new.notna()),
                 p_by_then=pd.Series(count > base, index=w.index).where(w["year"] > start))
    out = w.groupby([*by, "year"], observed=True).agg(
        p_year=("p_year", "mean"), p_by_then=("p_by_then", "mean"), runs=("run_id", "size"))
    return out.reset_index()


def _count_at(w: pd.DataFrame, kind: str, since: int | None) -> pd.Series:
    """Each row's run's cumulative ``kind`` at the year ``since`` (or its first year)."""
    g = w.groupby("run_id", sort=False)
    if since is None:
        return g[kind].transform("first")
    upto = w[kind].where(w["year"] <= since)
    return upto.groupby(w["run_id"], sort=False).transform("max").fillna(
        g[kind].transform("first"))


def new_events(df: pd.DataFrame, kind: str, since: int | None = None) -> pd.DataFrame:
    """Per run: its point and how many ``kind`` (crises, wars) happened after the year
    ``since`` (default: after the first year), to the run's last year."""
    w = world_rows(df)[["run_id", "point", "year", kind]].sort_values(["run_id", "year"])
    w = w.assign(base=_count_at(w, kind, since))
    g = w.groupby("run_id", sort=True)
    return pd.DataFrame({"point": g["point"].first(),
                         "new": g[kind].last() - g["base"].last()}).reset_index()


def final_year(df: pd.DataFrame) -> pd.DataFrame:
    """The rows of each run's last year."""
    return df[df["year"] == df.groupby("run_id")["year"].transform("max")]


def parse_metric(metric: str, states, columns=None) -> tuple[str, str | None]:
    """``crises`` / ``regional_milex`` (world) or ``Armenia.milex`` (a state's) → (measure,
    state); a mistake raises UsageError naming the metric and what is allowed."""
    states = list(states)
    head, _, tail = metric.partition(".")
    measure, state = (tail, head) if tail else (metric, None)
    numeric = list(AGENT_MEASURES)
    if state is None and measure in WORLD:
        pass
    elif state is None and measure in numeric:
        return _bad(metric, f"{measure!r} is a state's measure: write STATE.{measure}, e.g. "
                            f"{states[0]}.{measure}")
    elif state is not None and state not in states:
        return _bad(metric, f"unknown state {state!r} (states: {', '.join(states)})")
    elif state is not None and measure not in numeric:
        return _bad(metric, f"unknown state measure {measure!r} (allowed: {', '.join(numeric)})")
    elif state is None:
        return _bad(metric, f"unknown metric (give one of {', '.join(WORLD)} or STATE.MEASURE "
                            f"with MEASURE one of {', '.join(numeric)})")
    if columns is not None and measure not in columns:
        return _bad(metric, f"{measure!r} was not kept by the sweep's outputs.measures; add it "
                            "there and run the sweep again")
    return measure, state


def _bad(metric: str, message: str):
    raise UsageError([Problem("--metric", None, metric, message)])


def run_metric(df: pd.DataFrame, metric: str, stat: str = "final") -> pd.DataFrame:
    """One value per run: ``metric`` (see :func:`parse_metric`) at the final year, or its
    mean or max over the years. Columns run_id, point, value."""
    if stat not in STATS:
        raise UsageError([Problem("--stat", None, stat, f"allowed: {', '.join(STATS)}")])
    states = df["state"].cat.categories if hasattr(df["state"], "cat") else df.state.unique()
    measure, state = parse_metric(metric, states, df.columns)
    rows = df[df["state"] == state] if state else world_rows(df)
    g = rows.sort_values(["run_id", "year"]).groupby("run_id", sort=True)
    value = {"final": g[measure].last(), "mean": g[measure].mean(), "max": g[measure].max()}
    out = pd.DataFrame({"point": g["point"].first(), "value": value[stat]})
    return out.reset_index()


def point_metric(df: pd.DataFrame, metric: str, stat: str = "final") -> pd.DataFrame:
    """Per point: mean, s.d. and number of runs of :func:`run_metric`."""
    r = run_metric(df, metric, stat)
    return r.groupby("point")["value"].agg(["mean", "std", "count"]).reset_index()


#: per focus state in the summary: guns (spending, burden) and the butter they cost
FOCUS_MEASURES = (("milex", "mean"), ("burden", "final"), ("cumulative_milex", "final"),
                  ("foregone_health_years", "final"))


def summary_table(df: pd.DataFrame, params=(), focus=(), since: int | None = None
                  ) -> pd.DataFrame:
    """Per point: its parameters, runs, final regional spending (median and 90% range);
    for each ``focus`` state its spending averaged over the years, and at the final year
    its burden, cumulative spending and the foregone health budget (years of it) it equals
    (medians over runs); crises and wars per run after the year ``since`` (see
    :func:`new_events`), the share of runs with such a war, and the share of invoked
    commitments honoured — each where the results kept the measure."""
    f = world_rows(final_year(df))
    g = f.groupby("point", sort=True)
    out = pd.DataFrame({"runs": g["run_id"].size()})
    for p in params:
        out[p] = g[p].first()
    if "regional_milex" in f:
        q = g["regional_milex"].quantile([0.05, 0.5, 0.95]).unstack()
        out["regional_milex_median"] = q[0.5]
        out["regional_milex_q05"], out["regional_milex_q95"] = q[0.05], q[0.95]
    for state in focus:
        for measure, stat in FOCUS_MEASURES:
            if measure in df:
                r = run_metric(df, f"{state}.{measure}", stat)
                how = "mean" if stat == "mean" else "median"
                out[f"{state}_{measure}_{how}"] = r.groupby("point")["value"].agg(how)
    for kind in ("crises", "wars"):
        if kind in f:
            n = new_events(df, kind, since).groupby("point")["new"]
            out[f"{kind}_per_run"] = n.mean()
            if kind == "wars":
                out["p_war"] = n.apply(lambda s: float(np.mean(s > 0)))
    if {"commitments_invoked", "commitments_honoured"} <= set(f.columns):
        inv, hon = g["commitments_invoked"].sum(), g["commitments_honoured"].sum()
        out["honoured_share"] = (hon / inv.where(inv > 0)).astype(float)
    return out.reset_index()


def point_labels(points: pd.DataFrame, params) -> dict[int, str]:
    """``{point: "distinguishability=0.2, offense_defense_balance=1.6"}`` (or "all runs")."""
    rows = points.to_dict("records")
    if not len(params):
        return {int(r["point"]): "all runs" for r in rows}
    return {int(r["point"]): ", ".join(f"{p}={_fmt(r[p])}" for p in params) for r in rows}


def _fmt(v) -> str:
    return f"{v:g}" if isinstance(v, float | np.floating) else str(v)
