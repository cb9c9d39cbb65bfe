"""Calibration on 2020–2022 only, and an honest report of the in-sample error.

One parameter per state is fitted: the Richardson grievance ``g_i`` (the drive not
explained by the region's threats). Reaction, fatigue, caps and focus are
judgements stated in the scenario. The fit minimises the squared relative error of
the mean modelled budget (over common random numbers) against SIPRI for 2021 and
2022. Nothing after 2022 is read.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from model.scenario.loader import SCENARIOS

DATA = SCENARIOS / "data" / "milex_gdp_2020_2022.csv"
FIT_YEARS = (2021, 2022)


def observed_milex(path: Path = DATA) -> pd.DataFrame:
    """SIPRI military expenditure, USD bn, one row per country and year (2020–2022)."""
    df = pd.read_csv(path)
    return df.pivot(index="country", columns="year", values="milex_usd_bn")


def observed_targets(names, path: Path = DATA) -> np.ndarray:
    """Observed milex for :data:`FIT_YEARS` × ``names``; a state without its rows is a
    clear error (a ninth state needs its SIPRI figures in the data file before fitting)."""
    obs = observed_milex(path)
    missing = [(n, y) for n in names for y in FIT_YEARS
               if n not in obs.index or y not in obs.columns or pd.isna(obs.loc[n, y])]
    if missing:
        from model.scenario.input_errors import Problem, ScenarioError

        raise ScenarioError([Problem(
            f"scenarios/data/{path.name}", None, "country",
            f"no observed milex for {n} in {y}: add a row (country, iso3, year, "
            f"milex_usd_bn, gdp_usd_bn, ..., with its source) or calibrate a scenario "
            f"without {n}") for n, y in missing])
    return np.array([[obs.loc[n, y] for n in names] for y in FIT_YEARS], float)


def mean_path(scenario, grievance, seeds, years=FIT_YEARS):
    """Mean modelled milex per state for ``years`` with the given grievance vector (the
    seeds' runs stepped together as one ensemble, each its seed's run alone; their budgets
    added in seed order)."""
    from model.simulation.ensemble import Ensemble

    ens = Ensemble(scenario, seeds, collect=False, chronicle=False)
    ens.world.grievance[:] = np.asarray(grievance, float)
    out = np.zeros((len(years), len(scenario.states)))
    for _ in range(max(years) - ens.year):
        ens.step()
        if ens.year in years:
            for milex in ens.world.milex:
                out[years.index(ens.year)] += milex
    return out / len(seeds)


def fit_grievance(scenario, seeds=range(20)):
    """Least-squares grievance per state on 2021–2022; returns (grievance, report frame)."""
    from scipy.optimize import least_squares

    names = list(scenario.states)
    target = observed_targets(names)
    start = np.array([scenario.states[n].grievance for n in names])
    scale = np.array([scenario.states[n].milex for n in names])
    seeds = list(seeds)

    def residuals(x):
        return ((mean_path(scenario, x * scale, seeds) - target) / target).ravel()

    fit = least_squares(residuals, start / scale, xtol=1e-6, ftol=1e-6)
    g = fit.x * scale
    return g, error_report(scenario, g, seeds)


def error_report(scenario, grievance=None, seeds=range(20)) -> pd.DataFrame:
    """Observed vs mean modelled milex for 2021–2022, with the relative error per state."""
    names = list(scenario.states)
    target = observed_targets(names)
    if grievance is None:
        grievance = [scenario.states[n].grievance for n in names]
    path = mean_path(scenario, grievance, list(seeds))
    rows = []
    for k, y in enumerate(FIT_YEARS):
        for i, n in enumerate(names):
            o = float(target[k, i])
            rows.append(dict(state=n, year=y, observed=o, model=float(path[k, i]),
                             error=float(path[k, i] / o - 1.0)))
    return pd.DataFrame(rows)


def write_grievance(path, names, grievance) -> None:
    """Write fitted grievance values into a scenario file in place, keeping its comments
    (each state's block must have its own ``grievance:`` line)."""
    import re

    text = Path(path).read_text()
    for name, value in zip(names, grievance, strict=True):
        pattern = rf"(\n  {re.escape(name)}:\n(?:    .*\n)*?    grievance: )[-+.\deE]+"
        text, n = re.subn(pattern, lambda m, v=value: f"{m.group(1)}{v:.3f}", text, count=1)
        if n != 1:
            raise ValueError(f"{path}: no `grievance:` line in the block of {name}")
    Path(path).write_text(text)
