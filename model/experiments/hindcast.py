"""``armsrace hindcast``: a forecast from what was known in YEAR, against what happened.

The scenario is run with ``history_until: YEAR`` (its scripted events, energy prices and
observed paths after YEAR dropped: :meth:`model.scenario.schema.Scenario.known_history`)
over many seeds, and each observation the user supplies (a CSV with the columns of
``scenarios/data/milex_gdp_2020_2022.csv``: country, year, milex_usd_bn, optionally
gdp_usd_bn) is set against the forecast's quantile bands: error of the median, and whether
the observation falls in the central 50% and 90% bands. Rows up to YEAR are in-sample (the
grievances are fitted on 2020–2022: :mod:`model.experiments.calibration`); rows after it are
the test. This is the protocol of Gneiting and Raftery (2007): a forecast is judged by the
calibration of its intervals, not only by its median.

The runs are a sweep in memory: the same :class:`~model.experiments.chunks.Job` and
evaluators as ``armsrace batch`` (``--workers``, Dask), seeds derived from (seed, draw,
replication), so one worker or many give the same table. ``draws`` is the hook for
parameter uncertainty: a table of parameter draws (one column per ``--set`` name, e.g. a
posterior from calibration), each run over the seeds; without it every run uses the
scenario's own values.
"""

from __future__ import annotations

import csv
import dataclasses
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from model.scenario.input_errors import UsageError

#: the measures compared: table name → (observed column, model column)
MEASURES = {"milex": "milex_usd_bn", "gdp": "gdp_usd_bn", "burden": None}
QUANTILES = {"q05": 0.05, "q25": 0.25, "median": 0.5, "q75": 0.75, "q95": 0.95}
REQUIRED = ("country", "year", "milex_usd_bn")
COLUMNS = ["state", "year", "measure", "in_sample", "observed", "median", "q05", "q25",
           "q75", "q95", "error", "in_50", "in_90"]


def read_observed(path, states, first_year: int) -> pd.DataFrame:
    """The user's observations as rows (state, year, measure, observed, line).

    A missing column, an unknown country, a year before the run or a value that is not a
    positive number is a :class:`UsageError` naming the file, line and column."""
    name = str(path)
    try:
        return _read_observed(path, name, states, first_year)
    except (UnicodeDecodeError, csv.Error) as err:
        raise UsageError.one(name, None, "", f"not a readable CSV ({type(err).__name__}): "
                             "save it as UTF-8 text with a header line") from None


def _read_observed(path, name: str, states, first_year: int) -> pd.DataFrame:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise UsageError.one(name, 1, missing[0], f"missing column(s) {', '.join(missing)}: "
                                 "the header needs country, year, milex_usd_bn (gdp_usd_bn "
                                 "optional), as in scenarios/data/milex_gdp_2020_2022.csv")
        rows, problems = [], []
        for line, rec in enumerate(reader, start=2):
            def bad(column, message, line=line):
                problems.append(UsageError.one(name, line, column, message).problems[0])
            country = (rec.get("country") or "").strip()
            if country not in states:
                bad("country", f"unknown state {country!r}: the scenario's states are "
                    f"{', '.join(states)}")
                continue
            try:
                year = int(rec["year"])
            except (TypeError, ValueError):
                bad("year", f"expected a whole year such as 2023, got {rec.get('year')!r}")
                continue
            if year < first_year:
                bad("year", f"{year} is before the scenario's start year {first_year}")
                continue
            values = {}
            for measure, column in MEASURES.items():
                text = (rec.get(column) or "").strip() if column else ""
                if not column or (not text and column != "milex_usd_bn"):
                    continue
                try:
                    v = float(text)
                    assert np.isfinite(v) and v > 0
                except (ValueError, AssertionError):
                    bad(column, f"expected a positive number of USD bn, got {text!r}")
                    continue
                values[measure] = v
            if "gdp" in values and "milex" in values:
                values["burden"] = values["milex"] / values["gdp"]
            rows += [(country, year, m, v, line) for m, v in values.items()]
    if problems:
        raise UsageError(problems)
    if not rows:
        raise UsageError.one(name, None, "", "no observations: add rows of country, year, "
                             "milex_usd_bn")
    return pd.DataFrame(rows, columns=["state", "year", "measure", "observed", "line"])


def forecast_runs(scenario, until: int, years: int, seeds: int, *, seed: int = 0,
                  draws: pd.DataFrame | None = None, workers: int | None = 1,
                  scheduler: str | None = None, dask_local: int | None = None,
                  evaluator=None, measures: tuple = (), yes: bool = False,
                  say=None) -> pd.DataFrame:
    """Tidy rows (run_id, point, seed, year, state, milex, gdp, burden and ``measures``) of ``seeds`` runs per draw of the
    scenario with history until ``until``; ``draws``: one row per parameter draw (a table
    or a list of dicts, e.g. rows drawn from a posterior), keys named as ``--set`` names
    them, each draw equally likely (None: the scenario's own values). A plan estimated at
    more than a day on this machine is refused unless ``yes`` (as ``armsrace batch``);
    ``say`` is told the estimate of a large one."""
    import pyarrow as pa

    from model.experiments.chunks import Chunk, Job
    from model.experiments.evaluators import evaluator_for
    from model.experiments.plan_cost import estimate, refuse_or_say
    from model.experiments.sweep import Outputs, Plan, Points, Sweep
    from model.scenario.loader import apply_overrides, load_scenario

    sc = load_scenario(scenario) if not hasattr(scenario, "states") else scenario
    base = apply_overrides(sc, {"history_until": until, "years": years})
    if draws is not None:
        draws = pd.DataFrame(draws)
        if "weight" in draws.columns:
            raise UsageError.one("draws", None, "weight", "draws are taken as equally likely: "
                                 "resample a weighted posterior first (each row one draw)")
    names, columns = ([], []) if draws is None else (
        list(draws.columns), [draws[c].tolist() for c in draws.columns])
    for k, n in enumerate(names):  # each draw is checked like a sweep's point
        for v in columns[k]:
            apply_overrides(base, {n: v})
    spec = Sweep(name=f"hindcast-{sc.name}", description="hindcast", scenario=str(sc.source),
                 replications=seeds, seed=seed,
                 outputs=Outputs(measures=["milex", "gdp", "burden", *measures]))
    plan = Plan(spec, str(sc.source), base, names, Points(columns, product=False) if names
                else Points([], product=True))
    job = Job.of(plan)
    size = plan.chunk_size()
    chunks = [Chunk(k, s, min(s + size, plan.n_runs))
              for k, s in enumerate(range(0, plan.n_runs, size))]
    ev = evaluator or evaluator_for(workers, scheduler, dask_local, chunks=len(chunks))
    cost = estimate(plan, job, Path("."), plan.n_runs, ev.width, None, {})
    if cost is not None:   # the runs are kept in memory: no disk to count
        cost = dataclasses.replace(cost, bytes_per_run=0.0, extra_bytes=0.0)
    refuse_or_say(cost, yes, "armsrace hindcast", say or (lambda text: None))
    tables = {}
    ev.map_chunks(job, iter(chunks), lambda c, t: tables.__setitem__(c.index, t))
    df = pa.concat_tables([tables[k] for k in sorted(tables)]).to_pandas()
    df["state"] = df["state"].astype(str)
    return df[["run_id", "point", "seed", "year", "state", "milex", "gdp", "burden",
               *measures]]


def bands(runs: pd.DataFrame) -> pd.DataFrame:
    """Quantiles (q05, q25, median, q75, q95) of each measure per state and year over runs."""
    long = runs.melt(id_vars=["run_id", "year", "state"], value_vars=list(MEASURES),
                     var_name="measure", value_name="value")
    g = long.groupby(["state", "year", "measure"], sort=True)["value"]
    return pd.DataFrame({k: g.quantile(q) for k, q in QUANTILES.items()}).reset_index()


def compare(observed: pd.DataFrame, band: pd.DataFrame, until: int) -> pd.DataFrame:
    """One row per observation: the bands there, the median's relative error, and whether
    the observation is inside the central 50% (q25–q75) and 90% (q05–q95) bands."""
    t = observed.merge(band, on=["state", "year", "measure"], how="left")
    t["in_sample"] = t["year"] <= until
    t["error"] = t["median"] / t["observed"] - 1.0
    t["in_50"] = (t["q25"] <= t["observed"]) & (t["observed"] <= t["q75"])
    t["in_90"] = (t["q05"] <= t["observed"]) & (t["observed"] <= t["q95"])
    return t[COLUMNS].sort_values(["measure", "state", "year"]).reset_index(drop=True)


def coverage(table: pd.DataFrame) -> pd.DataFrame:
    """Share of out-of-sample observations in the 50% and 90% bands, per measure (a
    calibrated forecast covers about 0.5 and 0.9) and the median absolute error."""
    out = table[~table["in_sample"]]
    g = out.groupby("measure", sort=False)
    return pd.DataFrame({"n": g.size(), "in_50": g["in_50"].mean(), "in_90": g["in_90"].mean(),
                         "median_abs_error": g["error"].apply(lambda e: e.abs().median())}
                        ).reset_index()


def hindcast(scenario, observed_file, until: int, *, years: int | None = None,
             seeds: int = 100, seed: int = 0, draws=None, **where) -> tuple[pd.DataFrame,
                                                                           pd.DataFrame]:
    """Run the forecast and compare: (comparison table, bands of every state and year)."""
    from model.scenario.loader import load_scenario

    sc = load_scenario(scenario) if not hasattr(scenario, "states") else scenario
    if until < sc.start_year:
        raise UsageError.one("--until", None, str(until), f"must be from the scenario's start "
                             f"year {sc.start_year} on")
    obs = read_observed(observed_file, list(sc.states), sc.start_year)
    last = int(obs["year"].max())
    years = years or max(last - sc.start_year, until - sc.start_year + 1)
    if sc.start_year + years < last:
        raise UsageError.one("--years", None, str(years), f"the run ends in "
                             f"{sc.start_year + years} but {observed_file} has rows up to "
                             f"{last}: give --years {last - sc.start_year} or more")
    band = bands(forecast_runs(sc, until, years, seeds, seed=seed, draws=draws, **where))
    return compare(obs, band, until), band


def fan_chart(band: pd.DataFrame, table: pd.DataFrame, measure: str, until: int, path) -> Path:
    """One panel per state: the forecast's median, 50% and 90% bands, history shaded up to
    ``until``, observations marked (filled: in-sample, open: out-of-sample)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    states = list(dict.fromkeys(table[table.measure == measure].state))
    cols = min(4, len(states))
    rows = -(-len(states) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows), squeeze=False)
    for ax, s in zip(axes.flat, states, strict=False):
        b = band[(band.state == s) & (band.measure == measure)].sort_values("year")
        ax.fill_between(b.year, b.q05, b.q95, color="#9ecae1", alpha=0.6, label="90%")
        ax.fill_between(b.year, b.q25, b.q75, color="#3182bd", alpha=0.6, label="50%")
        ax.plot(b.year, b["median"], color="#08519c", lw=1.2, label="median")
        ax.axvspan(b.year.min(), until, color="grey", alpha=0.12)
        o = table[(table.state == s) & (table.measure == measure)]
        ins, out = o[o.in_sample], o[~o.in_sample]
        ax.plot(ins.year, ins.observed, "o", color="black", ms=4, label="observed (fitted)")
        ax.plot(out.year, out.observed, "o", mfc="white", mec="#d62728", ms=5,
                label="observed (test)")
        ax.set_title(s, fontsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(states):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=6, loc="upper left")
    unit = "share of GDP" if measure == "burden" else "USD bn"
    fig.suptitle(f"Hindcast: {measure} ({unit}), history until {until} (grey)", fontsize=10)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# --- command line ---------------------------------------------------------------------------

def add_arguments(p) -> None:
    from model.experiments.evaluators import add_evaluator_arguments

    p.add_argument("scenario", help="scenario YAML (e.g. scenarios/baseline_2020.yaml)")
    p.add_argument("--until", type=int, required=True, metavar="YEAR",
                   help="last year of known history: scripted events after it are dropped")
    p.add_argument("--against", required=True, metavar="FILE.csv", help="observed values: "
                   "country, year, milex_usd_bn[, gdp_usd_bn] (as scenarios/data/"
                   "milex_gdp_2020_2022.csv)")
    p.add_argument("--seeds", type=int, default=100, help="runs (seeds) per draw (default 100)")
    p.add_argument("--posterior-draws", type=int, metavar="N", dest="posterior_draws",
                   help="run N draws of the scenario's posterior (its posterior: table, from "
                   "armsrace calibrate --abc), each over --seeds seeds: parameter and "
                   "stochastic uncertainty together")
    p.add_argument("--seed", type=int, default=0, help="the seed the runs' seeds derive from")
    p.add_argument("--years", type=int, help="years to run (default: to the last observation)")
    p.add_argument("--out", default="results/hindcast", help="folder for hindcast.csv and "
                   "the fan charts (default results/hindcast)")
    add_evaluator_arguments(p)


def command(args) -> int:
    if args.seeds < 2:
        raise UsageError.one("--seeds", None, str(args.seeds), "needs at least 2 runs for bands")
    draws = None
    if args.posterior_draws is not None:
        from model.experiments.posterior import parameter_draws
        from model.scenario.loader import load_scenario

        if args.posterior_draws < 1:
            raise UsageError.one("--posterior-draws", None, str(args.posterior_draws),
                                 "give a number of draws ≥ 1")
        draws = parameter_draws(load_scenario(args.scenario), args.posterior_draws)
    table, band = hindcast(args.scenario, args.against, args.until, years=args.years,
                           seeds=args.seeds, seed=args.seed, draws=draws, workers=args.workers,
                           scheduler=args.scheduler, dask_local=args.dask_local, yes=args.yes,
                           say=None if args.quiet else
                           lambda text: print(f"hindcast: {text}", file=sys.stderr))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "hindcast.csv", index=False)
    band.to_csv(out / "forecast.csv", index=False)   # every state, year and measure
    charts = [fan_chart(band, table, m, args.until, out / f"fan_{m}.png")
              for m in MEASURES if (table.measure == m).any()]
    if not args.quiet:
        cov = coverage(table)
        runs = f"{args.seeds} seeds" + (f" × {args.posterior_draws} posterior draws"
                                        if draws else "")
        print(f"hindcast from {args.until}: {len(table)} observations "
              f"({int((~table.in_sample).sum())} after {args.until}), {runs}")
        if cov.empty:
            print(f"no observation after {args.until}: everything is in-sample")
        for r in cov.itertuples():
            print(f"  {r.measure}: {r.n} out-of-sample, in 50% band {r.in_50:.0%}, "
                  f"in 90% band {r.in_90:.0%}, median |error| {r.median_abs_error:.0%}")
        print(f"wrote {out / 'hindcast.csv'}, {out / 'forecast.csv'} and "
              f"{', '.join(c.name for c in charts)}",
              file=sys.stdout)
    return 0
