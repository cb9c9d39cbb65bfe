"""One run is one story: the current settings over many seeds, drawn as a band behind the
single run, with the probability of a crisis and of a war in each year.

What a class should discuss is the distribution, not one trajectory: the same scenario,
sliders and mechanism switches, replayed with ``runs`` seeds derived from the page's seed
(``derive_seeds``: the same page seed gives the same band, on any machine), summarised with
the batch tools' own functions (``analysis.fan``: median, 50% and 90% bands;
``analysis.event_probability``: the share of runs with a new crisis or war that year).
``draws`` is the hook for parameter uncertainty: a list of override dicts, named as
``--set`` names them (what ``model.experiments.posterior.parameter_draws`` returns); run k
applies ``draws[k % len(draws)]`` to the scenario, and a value it sets wins over the
slider for that parameter (None: the sliders' values in every run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

import pandas as pd
import solara
import solara.lab

from model import ArmsRaceModel
from model.experiments.analysis import event_probability, fan, world_rows
from model.experiments.posterior import parameter_draws
from model.experiments.results_folder import history_until
from model.experiments.sweep import derive_seeds
from model.scenario.loader import apply_overrides
from model.simulation.ensemble import Ensemble

from . import guard
from .charts import SCHEMA, ChartData, _field, _size, records

#: runs the band offers, and the most the server will do for one request
RUN_CHOICES = (10, 30, 100)
MAX_RUNS = 200

BAND_COLOUR, THIS_RUN = "#0072B2", "#000000"
CRISIS, WAR = "#CC79A7", "#000000"


class Band(NamedTuple):
    """A band's summaries: ``spending`` (year, q05…q95 of regional spending, USD bn) and
    ``events`` (year, kind, p_year), with the number of ``runs``, the ``seed`` they came
    from, the last year of the scenario's scripted ``history`` (None: no events) and
    whether the runs drew their parameters from the scenario's posterior (``uncertain``)."""

    spending: pd.DataFrame
    events: pd.DataFrame
    runs: int
    seed: int
    history: int | None = None
    uncertain: bool = False


#: the band's option and its words on the charts
UNCERTAINTY = "with parameter uncertainty"


def posterior_draws(scenario, runs: int, seed: int) -> list[dict] | None:
    """``runs`` draws of the scenario's posterior (``posterior:`` key; run k takes draw k,
    drawn with the band's seed: posterior.parameter_draws), or None if it has none."""
    if not scenario.posterior:
        return None
    return parameter_draws(scenario, runs, seed)


def many_runs(scenario, settings: dict, mechanisms: dict, runs: int, seed: int,
              draws: Sequence[dict] | None = None,
              progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """Tidy frames of ``runs`` whole runs of ``scenario`` with the page's ``settings`` and
    ``mechanisms``, seeds derived from ``seed``; columns of ``model.frame()`` plus run_id,
    seed and point (the draw's index, 0 without draws). ``progress(done, total)`` as they go.

    The runs step together as one ensemble (model/simulation/ensemble.py: each run is that
    seed's run alone, bit for bit, at a tenth of the cost), each with its draw's parameters;
    a played state, or draws that change more than numbers (stacking.stack_key), run one by
    one."""
    runs = guard.whole_number(runs, 1, MAX_RUNS, "The number of runs")
    seeds = derive_seeds(seed, runs, False, range(runs))
    ens = None
    if all(s.strategy != "human" for s in scenario.states.values()):
        points = [draws[k % len(draws)] for k in range(runs)] if draws else None
        try:
            ens = Ensemble(scenario, seeds, points=points, chronicle=False,
                           mechanisms=mechanisms, **settings)
        except ValueError:  # the draws do not stack: one by one below
            ens = None
    if ens is not None:
        years = ens.end_year - ens.year
        for done in range(years):
            ens.step()
            if progress is not None:
                progress(done + 1, years)
        return pd.concat([ens.frame(k).assign(run_id=k, seed=int(s),
                                              point=k % len(draws) if draws else 0)
                          for k, s in enumerate(seeds)], ignore_index=True)
    drawn = [apply_overrides(scenario, d) for d in draws] if draws else [scenario]
    frames = []
    for k, s in enumerate(seeds):
        point = k % len(drawn)
        params = {n: v for n, v in settings.items() if not draws or n not in draws[point]}
        m = ArmsRaceModel(drawn[point], rng=int(s), mechanisms=mechanisms, **params)
        m.run()
        frames.append(m.frame().assign(run_id=k, seed=int(s), point=point))
        if progress is not None:
            progress(k + 1, runs)
    return pd.concat(frames, ignore_index=True)


def summarise(df: pd.DataFrame, seed: int, history: int | None = None,
              uncertain: bool = False) -> Band:
    """The band of regional spending and P(crisis), P(war) by year over the runs of ``df``
    (``history``: the last scripted year, shaded: its crises and wars are the scenario's)."""
    spending = fan(world_rows(df), "regional_milex", by=())
    events = pd.concat([event_probability(df, kind)[["year", "p_year"]].assign(kind=label)
                        for kind, label in (("crises", "crisis"), ("wars", "war"))])
    return Band(spending, events.dropna(subset=["p_year"]), int(df.run_id.nunique()), seed,
                history, uncertain)


#: the scripted years, shaded grey behind a band chart (data: ``scripted``)
SCRIPTED = {"data": {"name": "scripted"}, "mark": {"type": "rect", "color": "#000000",
                                                    "opacity": 0.07},
            "encoding": {"x": {"field": "start", "type": "quantitative",
                               "scale": {"zero": False}},
                         "x2": {"field": "end"},
                         "tooltip": [{"field": "note", "type": "nominal", "title": "grey"}]}}


def scripted(band: Band) -> list[dict]:
    """The shaded span of scripted history, or none."""
    if band.history is None or band.spending.empty:
        return []
    start = int(band.spending.year.min())
    if band.history < start:
        return []
    return [{"start": start, "end": band.history,
             "note": f"scripted history to {band.history}: the scenario's own events, "
                     "wars included"}]


def _uncertain_line(uncertain: bool) -> list[str]:
    """The subtitle line of a band run with the posterior's parameter draws."""
    return [f"{UNCERTAINTY} (posterior draws);"] if (
        uncertain) else []


#: the band charts' year axis: whole years, labels that do not overlap, the first one centred
#: on its tick (a label flush with the axis's start hid the next year's on a narrow chart)
YEAR_AXIS = {"format": "d", "tickMinStep": 1, "labelOverlap": "greedy", "labelSeparation": 4,
             "labelFlush": False}


@lru_cache(maxsize=8)
def _band_spec(runs: int, uncertain: bool, width, height: int) -> dict:
    x = _field("year", "quantitative", title=None, scale={"zero": False, "nice": False},
               axis=YEAR_AXIS)
    wide = {"data": {"name": "band"}, "mark": {"type": "area", "color": BAND_COLOUR,
                                               "opacity": 0.18},
            "encoding": {"x": x, "y": _field("q05", title="USD bn"), "y2": {"field": "q95"},
                         "tooltip": [_field("year"), _field("q05", format=".2f"),
                                     _field("q95", format=".2f")]}}
    mid = {"data": {"name": "band"}, "mark": {"type": "area", "color": BAND_COLOUR,
                                              "opacity": 0.35},
           "encoding": {"x": x, "y": _field("q25"), "y2": {"field": "q75"}}}
    median = {"data": {"name": "band"},
              "mark": {"type": "line", "color": BAND_COLOUR, "strokeDash": [5, 3]},
              "encoding": {"x": x, "y": _field("q50"),
                           "tooltip": [_field("year"), _field("q50", format=".2f",
                                                                title="median")]}}
    this = {"data": {"name": "this_run"}, "mark": {"type": "line", "color": THIS_RUN,
                                                   "point": True, "strokeWidth": 2},
            "encoding": {"x": x, "y": _field("regional_milex"),
                         "tooltip": [_field("year"), _field("regional_milex", format=".2f",
                                                            title="this run")]}}
    return {"$schema": SCHEMA, **_size(width, height),
            "title": {"text": f"Regional spending over {runs} runs",
                      "subtitle": [*_uncertain_line(uncertain),
                                   "median dashed; 50% and 90% of runs shaded; this run black;",
                                   "grey: the scenario's scripted history"]},
            "layer": [SCRIPTED, wide, mid, median, this]}


def spending_band(band: Band, this_run: pd.DataFrame, width="container", height=260
                  ) -> ChartData:
    """The band of regional spending with this run's line (``this_run``: the page's frame)."""
    mine = this_run.drop_duplicates("year")[["year", "regional_milex"]]
    return ChartData(_band_spec(band.runs, band.uncertain, width, height),
                     {"band": records(band.spending), "this_run": records(mine),
                      "scripted": scripted(band)})


@lru_cache(maxsize=8)
def _odds_spec(runs: int, uncertain: bool, width, height: int) -> dict:
    return {"$schema": SCHEMA, "data": {"name": "rows"}, **_size(width, height),
            "title": {"text": f"Probability of a crisis and of a war, by year ({runs} runs)",
                      "subtitle": [*_uncertain_line(uncertain),
                                   "share of runs with at least one new one that year;",
                                   "grey: the scenario's scripted history"]},
            "layer": [SCRIPTED, {
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": _field("year", "quantitative", title=None,
                                scale={"zero": False, "nice": False}, axis=YEAR_AXIS),
                    "y": _field("p_year", title="probability", scale={"domain": [0, 1]},
                                axis={"format": "%"}),
                    "color": _field("kind", "nominal", title=None, scale={
                        "domain": ["crisis", "war"], "range": [CRISIS, WAR]}),
                    "tooltip": [_field("kind", "nominal"), _field("year"),
                                _field("p_year", format=".0%", title="probability")]}}]}


def odds(band: Band, width="container", height=260) -> ChartData:
    """P(crisis) and P(war) by year across the band's runs."""
    return ChartData(_odds_spec(band.runs, band.uncertain, width, height),
                     {"rows": records(band.events), "scripted": scripted(band)})


@solara.component
def BandCard(session, act, Chart):  # noqa: N803 — the page's chart component
    """A button that runs the current settings over many seeds (in a thread, with a
    progress bar) and the two charts of the result; the band is for the settings it was made
    with, and says so when they change."""
    runs, set_runs = solara.use_state(RUN_CHOICES[1])
    uncertain, set_uncertain = solara.use_state(False)
    done, set_done = solara.use_state((0, 0))
    has_posterior = session.model is not None and bool(session.model.scenario.posterior)

    def settings_now():
        return (session.scenario_name, session.seed, tuple(sorted(session.settings.items())),
                tuple(sorted(session.mechanisms.items())), session.history_until)

    def compute(n: int, with_draws: bool):
        n = guard.whole_number(n, 1, MAX_RUNS, "The number of runs")
        made_for, m = settings_now(), session.model
        draws = posterior_draws(m.scenario, n, session.seed) if with_draws else None
        df = many_runs(m.scenario, session.settings, session.mechanisms, n, session.seed,
                       draws=draws, progress=lambda k, total: set_done((k, total)))
        return made_for, summarise(df, session.seed, history_until(m.scenario),
                                   uncertain=draws is not None)

    def choose_uncertainty(v):
        if not isinstance(v, bool):
            raise guard.Refused("Choose parameter uncertainty with the page's switch.")
        set_uncertain(v)

    task = solara.lab.use_task(compute, dependencies=None, prefer_threaded=True)
    with session.lock:   # a year is read whole, never while Play's thread steps it
        with solara.Card("One run is one story: many seeds"):
            with solara.Row():
                solara.Select(label="runs", values=list(RUN_CHOICES), value=runs,
                              on_value=act(lambda v: set_runs(
                                  guard.whole_number(v, 1, MAX_RUNS, "The number of runs"))),
                              style={"max-width": "120px"})
                with_draws = uncertain and has_posterior
                solara.Button(f"Run {runs} seeds" + (f" {UNCERTAINTY}" if with_draws else ""),
                              color="primary", classes=["band-button"],
                              disabled=task.pending or session.model is None,
                              on_click=act(lambda: task(runs, with_draws)))
            if has_posterior:
                solara.Switch(label=f"{UNCERTAINTY.capitalize()}: each run draws the "
                              "parameters from the scenario's posterior (calibration)",
                              value=uncertain,
                              on_value=act(choose_uncertainty), classes=["band-uncertainty"])
            if task.pending:
                k, total = done
                solara.ProgressLinear(value=100 * k / total if total else True)
                solara.Text(f"{runs} runs: {round(100 * k / total) if total else 0}% done…")
            if task.error:
                solara.Error("The runs failed: press the button again or Reset.")
            if task.latest is None or session.model is None:
                solara.Text("The same settings with other seeds: the band shows where runs go, "
                            "and how often a crisis or a war happens each year.")
                return
            made_for, band = task.latest
            if made_for != settings_now():
                solara.Warning("The settings changed since this band was made: press the "
                               "button again.", classes=["band-stale"])
            year = session.model.year
            with solara.Columns([1, 1], classes=["band-charts"]):
                Chart(spending_band(band, session.frame()), year)
                Chart(odds(band), year)
