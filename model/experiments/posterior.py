"""A scenario's parameter posterior: a tidy table of draws, and drawing from it.

``armsrace calibrate --abc`` (:mod:`model.experiments.abc`) writes the final ABC-SMC
population as a CSV, one row per draw: one column per override name (``Armenia.reaction``,
``fiscal_cost``: the names ``armsrace run --set`` takes) and ``weight`` (the importance
weight, summing to 1). A scenario points to it with ``posterior: posteriors/NAME.csv``,
relative to the scenario file and inside the scenario tree like ``extends:``. Runs then
draw whole rows (parameters stay jointly distributed, as the posterior has them), so a fan
chart over replications shows parameter and stochastic uncertainty together.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from model.scenario.input_errors import Problem, ScenarioError
from model.scenario.loader import SCENARIOS, apply_overrides

WEIGHT = "weight"


def posterior_path(sc) -> Path:
    """Where the scenario's ``posterior:`` file is: relative to the scenario file, inside
    its folder (or below) or the model's ``scenarios/`` folder; a clear error otherwise."""
    where = sc.source or "<scenario>"
    if not sc.posterior:
        raise ScenarioError.one(where, None, "posterior", (
            "the scenario names no posterior: run `armsrace calibrate --abc --write` or add "
            "posterior: posteriors/NAME.csv (relative to the scenario file)"))
    if "\0" in sc.posterior:
        raise ScenarioError.one(where, None, "posterior", "expected a file path")
    folder = Path(sc.source).parent if sc.source else SCENARIOS
    path = folder / sc.posterior
    real = path.resolve()
    roots = [folder.resolve(), SCENARIOS.resolve()]
    if not any(real.is_relative_to(r) for r in roots):
        raise ScenarioError.one(where, None, "posterior", (
            f"{sc.posterior!r} is outside the scenario tree: name a file in the scenario's "
            "folder (or below it) or in the model's scenarios/ folder"))
    if not path.is_file():
        raise ScenarioError.one(where, None, "posterior", (
            f"no such file {sc.posterior!r} (looked for {path}); the path is relative to "
            "the scenario file; `armsrace calibrate --abc --write` makes it"))
    return path


def read_posterior(path, sc=None) -> pd.DataFrame:
    """The posterior table, checked: a ``weight`` column (finite, >= 0, not all 0) and
    finite parameter columns; with ``sc``, every column must be an override of it."""
    name = os.fspath(path)
    try:
        df = pd.read_csv(path)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError,
            pd.errors.EmptyDataError) as err:
        raise ScenarioError.one(name, None, "", (
            f"not a readable posterior table ({type(err).__name__}): a CSV with one column "
            "per parameter and a weight column; rerun `armsrace calibrate --abc --write`")) from None
    problems = []
    if WEIGHT not in df.columns:
        problems.append(Problem(name, 1, WEIGHT, "no weight column: the header needs "
                                "parameter names and 'weight'"))
    params = [c for c in df.columns if c != WEIGHT]
    if not params:
        problems.append(Problem(name, 1, "", "no parameter columns"))
    if len(df) == 0:
        problems.append(Problem(name, 2, "", "no draws (the table has a header only)"))
    for col in df.columns:
        values = pd.to_numeric(df[col], errors="coerce").to_numpy(float)
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            problems.append(Problem(name, int(bad[0]) + 2, col, (
                f"{df[col].iloc[bad[0]]!r} is not a finite number")))
    if not problems and ((df[WEIGHT] < 0).any() or df[WEIGHT].sum() <= 0):
        problems.append(Problem(name, None, WEIGHT, "weights must be >= 0 and not all 0"))
    if problems:
        raise ScenarioError(problems)
    if sc is not None:
        try:  # every column must name something the scenario can take
            apply_overrides(sc, {c: float(df[c].iloc[0]) for c in params})
        except ScenarioError as err:
            raise ScenarioError([Problem(name, 1, p.field, p.message)
                                 for p in err.problems]) from None
    return df.astype(float)


def write_posterior(path, draws: pd.DataFrame) -> None:
    """Write a posterior table (parameter columns + ``weight``, normalised to sum 1)."""
    out = draws.copy()
    out[WEIGHT] = out[WEIGHT] / out[WEIGHT].sum()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, float_format="%.6g")


def parameter_draws(sc, n: int, seed: int = 0, start: int = 0) -> list[dict]:
    """Draws ``start`` .. ``start+n-1`` from the scenario's posterior, as override dicts:
    rows chosen by weight, with replacement. Draw ``k`` depends on (posterior, seed, k)
    alone, so ``armsrace run --posterior-draw K`` and replication K of a sweep with
    ``posterior: true`` (both seed 0) run the same parameters."""
    df = read_posterior(posterior_path(sc), sc)
    cdf = np.cumsum(df[WEIGHT].to_numpy())
    cdf /= cdf[-1]
    params = [c for c in df.columns if c != WEIGHT]
    out = []
    for k in range(int(start), int(start) + int(n)):
        u = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(k,))).random()
        r = min(int(np.searchsorted(cdf, u, side="right")), len(df) - 1)
        out.append({c: float(df[c].iloc[r]) for c in params})
    return out


def weighted_quantile(values, weights, q) -> np.ndarray:
    """Quantiles ``q`` of a weighted sample (the inverse of its weighted CDF, midpoints)."""
    v, w = np.asarray(values, float), np.asarray(weights, float)
    order = np.argsort(v)
    v, w = v[order], w[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(np.atleast_1d(q), cdf, v)


__all__ = ["WEIGHT", "parameter_draws", "posterior_path", "read_posterior",
           "weighted_quantile", "write_posterior"]
