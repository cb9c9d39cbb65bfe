"""docs/validation.md, generated: what the model is fitted on, how it is tested, what it gets right.

    .venv/bin/python -m model.experiments.validation --write     # docs/validation.md + figures
    .venv/bin/python -m model.experiments.validation             # the page on standard output

Four parts, each computed here, none typed by hand:

1. in-sample fit: :func:`model.experiments.calibration.error_report` (2021–2022, the years
   the grievances are fitted on);
2. the hindcast protocol: what is fitted (2020–2022 only), what a forecast conditions on
   (``history_until``, :meth:`model.scenario.schema.Scenario.known_history`) and how it is
   scored (:mod:`model.experiments.hindcast`: bands and their coverage, Gneiting and
   Raftery 2007);
3. what in the baseline is conditional on scripted events after 2022: the events, and the
   baseline's figures with and without them over the same seeds;
4. patterns the model reproduces and those it does not, each a stated test on the
   2020–2022 data (levels, direction of change, ranking, burden) and on one known fact kept
   out of the forecast (a war between Armenia and Azerbaijan in 2023).

Nothing after 2022 is read from data: the scenario's own post-2022 events are the only
later history, and they are what part 3 sets apart.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from model.experiments import calibration, hindcast
from model.scenario.loader import SCENARIOS, load_scenario

ROOT = SCENARIOS.parent
DOC = ROOT / "docs" / "validation.md"
FIGURES = ROOT / "docs" / "figures"
BASELINE = SCENARIOS / "baseline_2020.yaml"
UNTIL = 2022
#: the default sizes: the calibration's own 20 seeds; 40 seeds for the bands, to 2030
FIT_SEEDS, SEEDS, YEARS, SEED = 20, 40, 10, 2022
#: a state's in-sample level counts as reproduced within this relative error
LEVEL_TOLERANCE = 0.10


def given_states(sc) -> list[str]:
    """States whose budget is not modelled but read from an observed path (``budget: path``:
    great powers the Caucasus does not drive); their 2020–2022 spending matches by
    construction, so it is no test of the model."""
    return [n for n, st in sc.states.items() if getattr(st, "budget", "richardson") == "path"]


def post_history_events(sc, until: int = UNTIL) -> pd.DataFrame:
    """The scenario's scripted events dated after ``until``: what a forecast does not know."""
    rows = [dict(year=e.year, kind=e.kind, states=", ".join(dict.fromkeys(s for _, s in
                                                                          e.actors())),
                 note=e.note) for e in sc.events if e.year > until]
    return pd.DataFrame(rows, columns=["year", "kind", "states", "note"])


def conditional_figures(sc, until: int, seeds: int, years: int, seed: int) -> pd.DataFrame:
    """The baseline's final-year medians with its whole scripted history and as a forecast
    from ``until`` (same seeds): per state milex and burden, and the share of runs with a
    war after ``until``."""
    last = max([e.year for e in sc.events] + [until])
    out = {}
    for label, cut in (("with scripted history", last), (f"forecast from {until}", until)):
        runs = hindcast.forecast_runs(sc, cut, years, seeds, seed=seed, workers=1,
                                      measures=("wars",))
        end = runs[runs.year == runs.year.max()]
        at = runs[runs.year == until].set_index(["run_id", "state"]).wars
        war = (end.set_index(["run_id", "state"]).wars - at).groupby("run_id").first() > 0
        med = end.groupby("state", sort=False)[["milex", "burden"]].median()
        out[label] = pd.concat([med.milex.rename(lambda s: f"{s} milex"),
                                med.burden.rename(lambda s: f"{s} burden"),
                                pd.Series({f"runs with a war after {until}": war.mean()})])
    t = pd.DataFrame(out)
    t["difference"] = t.iloc[:, 1] - t.iloc[:, 0]
    return t


def patterns(table: pd.DataFrame, runs: pd.DataFrame, until: int,
             given: list[str] = ()) -> pd.DataFrame:
    """Stated tests of the forecast against 2020–2022 observations and one later fact;
    ``table`` is :func:`model.experiments.hindcast.compare`'s, ``runs`` the forecast's runs;
    ``given``: states whose budgets are observed paths, left out of the spending tests."""
    table = table[~table.state.isin(given)]
    milex = table[table.measure == "milex"].set_index(["state", "year"])
    rows = []
    for s in dict.fromkeys(milex.index.get_level_values(0)):
        err = milex.loc[s].error.abs().max()
        rows.append(dict(pattern=f"{s}: spending level 2021–22 within "
                         f"{LEVEL_TOLERANCE:.0%}", measured=f"largest error {err:.1%}",
                         reproduced=bool(err <= LEVEL_TOLERANCE)))
    for s in dict.fromkeys(milex.index.get_level_values(0)):
        if (s, 2021) in milex.index and (s, 2022) in milex.index:
            obs = np.sign(milex.loc[(s, 2022)].observed - milex.loc[(s, 2021)].observed)
            mod = np.sign(milex.loc[(s, 2022)]["median"] - milex.loc[(s, 2021)]["median"])
            word = {1: "up", -1: "down", 0: "flat"}
            rows.append(dict(pattern=f"{s}: direction of spending 2021→2022",
                             measured=f"observed {word[obs]}, model {word[mod]}",
                             reproduced=bool(obs == mod)))
    last = milex.xs(until, level="year")
    same = list(last.observed.rank().sort_values().index) == list(
        last["median"].rank().sort_values().index)
    rows.append(dict(pattern=f"ranking of the modelled states by spending in {until}",
                     measured="same order" if same else "order differs", reproduced=same))
    burden = table[(table.measure == "burden") & (table.year == until)]
    if len(burden):
        n = int(burden.in_90.sum())
        rows.append(dict(pattern=f"burden (milex/GDP) in {until} inside the 90% band "
                         "(not fitted: the fit is on milex)",
                         measured=f"{n} of {len(burden)} states",
                         reproduced=bool(n == len(burden))))
    at = runs[runs.year == until].groupby("run_id").wars.first()
    war = (runs[runs.year == until + 1].groupby("run_id").wars.first() - at) > 0
    rows.append(dict(pattern=f"a war in {until + 1}, not scripted (there was one: "
                     "Azerbaijan–Armenia, Sep 2023): most runs have a war that year",
                     measured=f"{war.mean():.0%} of {len(war)} runs have a war (any pair) "
                     f"in {until + 1}",
                     reproduced=bool(war.mean() > 0.5)))
    return pd.DataFrame(rows)


def build(scenario=BASELINE, *, figures: Path = FIGURES, fit_seeds: int = FIT_SEEDS,
          seeds: int = SEEDS, years: int = YEARS, seed: int = SEED) -> str:
    """The page (markdown) and its figures, written to ``figures``."""
    sc = load_scenario(scenario)
    fit = calibration.error_report(sc, seeds=range(fit_seeds))
    runs = hindcast.forecast_runs(sc, UNTIL, years, seeds, seed=seed, workers=1,
                                  measures=("wars",))
    obs = hindcast.read_observed(calibration.DATA, list(sc.states), sc.start_year)
    obs = obs[obs.year > sc.start_year]   # 2020 is the starting point, not a prediction
    table = hindcast.compare(obs, hindcast.bands(runs), UNTIL)
    figures = Path(figures)
    figures.mkdir(parents=True, exist_ok=True)
    band = hindcast.bands(runs)
    charts = [hindcast.fan_chart(band, table, m, UNTIL, figures / f"validation_fan_{m}.png")
              for m in ("milex", "burden")]
    events = post_history_events(sc)
    cond = conditional_figures(sc, UNTIL, seeds, years, seed)
    given = given_states(sc)
    fit["budget"] = np.where(fit.state.isin(given), "observed path", "modelled")
    pats = patterns(table, runs, UNTIL, given)
    return render(sc, fit, fit_seeds, seeds, years, seed, charts, events, cond, pats,
                  table[~table.state.isin(given)], given)


def _md(df: pd.DataFrame) -> str:
    """A markdown table (numbers to 3 decimals, or 4 significant figures when small)."""
    def cell(v):
        if isinstance(v, (bool, np.bool_)):
            return "yes" if v else "no"
        if isinstance(v, (float, np.floating)):
            return f"{v:.3f}" if abs(v) >= 0.01 or abs(v) < 1e-9 else f"{v:.4g}"
        return str(v).replace("|", "\\|")
    head = "| " + " | ".join(map(str, df.columns)) + " |"
    rule = "|" + "|".join("---" for _ in df.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def render(sc, fit, fit_seeds, seeds, years, seed, charts, events, cond, pats, table,
           given) -> str:
    end = sc.start_year + years
    ok = pats[pats.reproduced]
    not_ok = pats[~pats.reproduced]
    mare = fit[fit.budget == "modelled"].error.abs().mean()
    path_note = (f"\n{', '.join(given)} spend along observed paths (`budget: path`): their "
                 "rows match by construction and are left out of the mean error,\nthe band "
                 "coverage and the patterns below." if given else "")
    links = "\n\n".join(f"![{c.stem}](figures/{c.name})" for c in charts)
    cond_t = cond.reset_index().rename(columns={"index": f"median in {end}"})
    return f"""# Validation

<!-- generated by `.venv/bin/python -m model.experiments.validation --write`; do not edit -->

What the model is fitted on, how its forecasts are tested, which of the baseline's figures
rest on scripted history after 2022, and which patterns it reproduces. Every number here
is computed by `model/experiments/validation.py` from `{Path(str(sc.source)).name}`
(seed {seed}); regenerate the page after changing the model or the baseline.

## 1. In-sample fit (2021–2022)

One parameter per state, the Richardson grievance, is fitted to SIPRI military
expenditure in 2021 and 2022 (`armsrace calibrate`, `model/experiments/calibration.py`);
everything else is a judgement stated in the scenario. Observed against the mean of
{fit_seeds} seeds:

{_md(fit)}

Mean absolute relative error of the modelled budgets: {mare:.1%}. This is the error on the
data fitted; it says how well the budget rule can follow two years, not how well it
forecasts.{path_note}

## 2. The hindcast protocol

- **Fitted:** 2020–2022 only (`scenarios/data/milex_gdp_2020_2022.csv`). No data after
  2022 is read by the model, the calibration or this page.
- **Conditioned on:** the state of the world in {sc.start_year} and the scripted events,
  energy prices and observed GDP or budget paths up to {UNTIL}
  (`history_until: {UNTIL}`; `armsrace run --history-until {UNTIL}`;
  `ArmsRaceModel(sc, history_until={UNTIL})`; a sweep's `fixed: {{history_until: {UNTIL}}}`).
  Everything after {UNTIL} — wars, deals, pivots — is the model's own.
- **Scored:** `armsrace hindcast SCENARIO --until {UNTIL} --against OBSERVED.csv` runs the
  forecast over many seeds, and with `--posterior-draws N` over N draws of the scenario's
  `posterior:` table (`armsrace calibrate --abc`; in Python any table of draws:
  `hindcast.forecast_runs(..., draws=...)`), and reports, per state, year and measure
  (milex, GDP, burden): the median's relative error and whether the observation lies in the
  central 50% and 90% bands. A calibrated forecast puts about half the observations in
  its 50% bands and nine in ten in its 90% bands (Gneiting and Raftery 2007); rows up to
  {UNTIL} are marked in-sample and are not counted in that coverage.
- **Observed values after {UNTIL}** (SIPRI's 2023 and later editions) are not shipped:
  the user supplies them, in the columns of the data file above.

The forecast from {UNTIL} ({seeds} seeds, to {end}) against the 2021–2022 observations
(filled dots: in-sample; grey: scripted history):

{links}

In-sample, {table.in_90.mean():.0%} of the {len(table)} observations of the modelled states
(state × year × measure) fall in the 90% band and {table.in_50.mean():.0%} in the 50% band.
The bands are the spread over seeds with the parameters fixed, so they are narrow;
parameter uncertainty (a posterior from calibration) would widen them.

## 3. What in the baseline is conditional on events after {UNTIL}

The baseline scripts these events after {UNTIL}; its figures for later years take them as
given. A run from {sc.start_year} with `history_until: {UNTIL}` is the true forecast.

{_md(events)}

The baseline's medians in {end} with its whole scripted history and as a forecast from
{UNTIL} (the same {seeds} seeds; milex in USD bn, burden as a share of GDP):

{_md(cond_t)}

## 4. Patterns the model reproduces, and those it does not

Each is a stated test of the forecast from {UNTIL} ({seeds} seeds). The theory patterns
(spiral, balance of threat, commitments, bargaining) are tests listed in
[model.md §7.15](model.md).

Reproduced ({len(ok)}):

{_md(ok[["pattern", "measured"]]) if len(ok) else "none"}

Not reproduced ({len(not_ok)}):

{_md(not_ok[["pattern", "measured"]]) if len(not_ok) else "none"}
"""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m model.experiments.validation",
                                description="generate docs/validation.md and its figures")
    p.add_argument("--write", action="store_true", help=f"write {DOC.relative_to(ROOT)}")
    p.add_argument("--seeds", type=int, default=SEEDS)
    args = p.parse_args(argv)
    page = build(seeds=args.seeds)
    if args.write:
        DOC.write_text(page, encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
