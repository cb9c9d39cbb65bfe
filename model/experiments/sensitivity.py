"""``armsrace sensitivity SWEEP.yaml --metric NAME``: Sobol' or Morris indices with SALib.

The sweep must draw a ``sample`` with ``method: sobol`` (first-order and total indices,
with 95% bootstrap confidence intervals; Saltelli 2002, Jansen 1999) or ``method: morris``
(elementary effects μ*, σ; Morris 1991, Campolongo et al. 2007). The sweep is run with
:mod:`model.experiments.batch` into its results folder (``--resume``: what is there is reused), each
point's metric is the mean over its replications, and the indices go to a CSV table and
a PNG chart next to the results.

A metric is a world measure (``regional_milex``, ``crises``, ``wars``, ...) or a state's
(``Armenia.milex``, ``Azerbaijan.burden``), taken at the final year (``--stat final``,
the default) or as its mean or max over the years.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from model.experiments import analysis
from model.experiments.evaluators import add_evaluator_arguments
from model.experiments.sweep import MEASURES, Plan, load_sweep
from model.scenario.input_errors import Problem, ResultsError, SweepError, UsageError, line_of


def indices(plan: Plan, y: np.ndarray) -> pd.DataFrame:
    """SALib's indices of ``y`` (one value per point, in sample order) as a table."""
    from SALib.analyze import morris, sobol

    s, problem, seed = plan.spec.sample, plan.problem(), plan.spec.seed % 2**32
    if s.method == "sobol":
        si = sobol.analyze(problem, y, calc_second_order=s.second_order, conf_level=0.95,
                           seed=seed)
        keys = ("S1", "S1_conf", "ST", "ST_conf")
    else:
        si = morris.analyze(problem, plan.x, y, conf_level=0.95, num_levels=s.levels,
                            seed=seed)
        keys = ("mu", "mu_star", "mu_star_conf", "sigma")
    return pd.DataFrame({"parameter": problem["names"],
                         **{k: np.asarray(si[k], dtype=float) for k in keys}})


def check(plan: Plan, metric: str, stat: str) -> None:
    """Refuse, before running anything, a sweep without a sobol/morris sample or a bad metric."""
    s = plan.spec.sample
    if s is None or s.method == "latin":
        key = ("sample", "method") if s else ("grid",) if plan.spec.grid else ()
        file, line = line_of(plan.lines, key, plan.file)
        got = f"method: {s.method}" if s else "a grid" if plan.spec.grid else "no sample"
        raise SweepError([Problem(file, line, ".".join(key) or "sample", f"sensitivity "
                                     f"indices need `sample: {{method: sobol}}` or `morris` "
                                     f"(with n and bounds); this sweep has {got}")])
    kept = plan.spec.outputs.measures or MEASURES
    analysis.parse_metric(metric, plan.base.states, ["point", *kept])
    if stat not in analysis.STATS:
        raise UsageError.one("--stat", None, stat, f"allowed: {', '.join(analysis.STATS)}")


def analyse(plan: Plan, results, metric: str, stat: str = "final", out=None):
    """Indices of ``metric`` from the results folder; write the CSV and PNG; return
    (table, csv path, png path)."""
    from model.experiments.results_folder import read_results

    check(plan, metric, stat)
    measure, state = analysis.parse_metric(metric, plan.base.states)
    df = read_results(results, columns=["run_id", "point", "year", "state", measure])
    per_point = analysis.point_metric(df, metric, stat).set_index("point")["mean"]
    y = per_point.reindex(range(plan.n_points)).to_numpy(dtype=float)
    if np.isnan(y).any():
        raise ResultsError.one(results, None, "", f"{int(np.isnan(y).sum())} points have no "
                               "results yet; finish the sweep with armsrace batch --resume")
    table = indices(plan, y)
    out = Path(out or results)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"sensitivity_{re.sub(r'[^A-Za-z0-9_]+', '_', metric)}_{stat}"
    table.to_csv(out / f"{stem}.csv", index=False)
    note = "" if np.ptp(y) > 0 else " (the metric is the same at every point)"
    _chart(plan, table, f"{metric} ({stat}){note}", out / f"{stem}.png")
    return table, out / f"{stem}.csv", out / f"{stem}.png"


def _chart(plan: Plan, table: pd.DataFrame, title: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    k = len(table)
    fig, ax = plt.subplots(figsize=(7, 0.5 * k + 1.6))
    pos = np.arange(k)
    if plan.spec.sample.method == "sobol":
        ax.barh(pos - 0.2, table["S1"], 0.4, xerr=table["S1_conf"], label="first order S1",
                color="#1f77b4", capsize=3)
        ax.barh(pos + 0.2, table["ST"], 0.4, xerr=table["ST_conf"], label="total ST",
                color="#ff7f0e", capsize=3)
        ax.set_yticks(pos, table["parameter"], fontsize=8)
        ax.invert_yaxis()
        ax.axvline(0, color="k", lw=0.6)
        ax.set_xlabel("Sobol' index (bars: 95% confidence interval)")
        ax.legend(fontsize=8, frameon=False)
    else:
        ax.errorbar(table["mu_star"], table["sigma"], xerr=table["mu_star_conf"], fmt="o",
                    capsize=3)
        for _, r in table.iterrows():
            ax.annotate(r["parameter"], (r["mu_star"], r["sigma"]), fontsize=8,
                        xytext=(4, 4), textcoords="offset points")
        ax.set_xlabel("μ* (mean |elementary effect|, bars: 95% CI)")
        ax.set_ylabel("σ (non-linearity / interactions)")
    ax.set_title(f"{plan.spec.name}: {title}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def add_arguments(p) -> None:
    p.add_argument("sweep", help="sweep YAML with sample: {method: sobol | morris, ...}")
    p.add_argument("--metric", required=True, help="regional_milex, crises, wars, ... or "
                   "STATE.MEASURE such as Armenia.milex")
    p.add_argument("--stat", default="final", choices=analysis.STATS,
                   help="the metric at the final year (default), or its mean / max over years")
    p.add_argument("--results", help="results folder of the sweep (default: "
                   "results/NAME-OF-SWEEP-FILE); missing runs are run first")
    p.add_argument("--out", help="folder for the table and chart (default: the results folder)")
    add_evaluator_arguments(p)   # where missing runs go


def command(args) -> int:
    from model.experiments.batch import run_sweep

    plan = load_sweep(args.sweep)
    check(plan, args.metric, args.stat)
    results = Path(args.results or Path("results") / Path(args.sweep).stem)
    run_sweep(plan, results, workers=args.workers, scheduler=args.scheduler,
              dask_local=args.dask_local, resume=True, progress=False if args.quiet else None,
              yes=args.yes)
    table, csv, png = analyse(plan, results, args.metric, args.stat, args.out)
    if not args.quiet:
        s = plan.spec.sample
        print(f"{s.method} indices of {args.metric} ({args.stat}) over {plan.n_points} points "
              f"× {plan.spec.replications} replications:")
        print(table.to_string(index=False, float_format=lambda x: f"{x:8.3f}"))
        print(f"wrote {csv} and {png}", file=sys.stdout)
    return 0
