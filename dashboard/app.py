"""The dashboard page: controls in the sidebar, the run's charts and its story in the main area.

One ``Session`` (own model) per browser session; ``Play`` steps in a background thread
of that session only.

Redraws: ``tick`` (a reactive counter, bumped after every change to the run) is read only by
the panels that show the year — the run buttons, the scenario card, the charts and the story,
the play-a-state panel — so a Step re-renders those and leaves the sliders and switches alone
(Solara re-renders a component when a reactive value it read changes). ``runs`` is bumped
when a new model is built (Reset, seed, scenario), for the panels that show its settings.
"""

from __future__ import annotations

import time

import reacton.core
import solara
import solara.lab

from . import charts
from .band import BandCard
from .controls import Compare, ParameterCard, RunCard, ScenarioCard
from .guard import guarded
from .map import regional_map
from .mechanisms import MechanismCard
from .play import PlayPanel
from .replay import ReplayCard
from .session import SLIDERS, Session, scenario_info
from .story import bullets
from .style import LARGE_FONT_CSS, PAGE_CSS
from .teaching import TeachingNotes
from .vega_view import Chart as VegaChart

#: the projector's chart text, as a multiple of the normal size
LARGE_CHART_TEXT = 1.4

#: At most this many years stepped between two redraws while playing.
MAX_YEARS_PER_DRAW = 10


@solara.component
def Page():
    session = solara.use_memo(Session, [])
    tick = solara.use_reactive(0)   # read by the panels that change each year, not here
    runs = solara.use_reactive(0)   # bumped for each new model
    playing_ref = solara.use_reactive(False)  # read live by the play loop
    playing, set_playing = playing_ref.value, playing_ref.set
    speed, set_speed = solara.use_state(2.0)
    great_powers, set_great_powers = solara.use_state(False)
    log_scale, set_log_scale = solara.use_state(False)
    large, set_large = solara.use_state(False)
    settings, set_settings = solara.use_state(dict(session.model.params.model_dump())
                                              if session.model else {})
    switches, set_switches = solara.use_state(dict(session.model.mechanisms.model_dump())
                                              if session.model else {})

    render_context = reacton.core.get_render_context()

    def refresh():
        with render_context:   # one redraw for all the panels that read tick, not one each
            tick.set(tick.value + 1)

    def renew():
        with render_context:   # batches nest: still one redraw
            runs.set(runs.value + 1)
            refresh()

    def play_loop():
        """Keep the model at ``speed`` years per second of wall time; redraw once per pass.

        Drawing a year's charts can take longer than a year at high speed: then each pass
        steps every year that fell due and draws only the latest (the charts jump a few
        years), so Play keeps its pace on a slow machine or a crowded classroom server."""
        start, done = time.perf_counter(), 0
        while playing_ref.value:
            due = int((time.perf_counter() - start) * max(speed, 0.5)) - done
            if due < 1:
                time.sleep(max((done + 1) / max(speed, 0.5) - (time.perf_counter() - start),
                               0.0))
                continue
            if not playing_ref.value:
                return
            ok = True
            for _ in range(min(due, MAX_YEARS_PER_DRAW)):
                ok = session.step()
                done += 1
                if not ok or not playing_ref.value:
                    break
            if due > MAX_YEARS_PER_DRAW:   # far behind: let the clock go, not a burst
                start, done = time.perf_counter(), 0
            refresh()
            if not ok:
                playing_ref.set(False)
                return

    solara.lab.use_task(play_loop, dependencies=[playing, speed], prefer_threaded=True)

    def act(action):
        """``action`` as a control's callback: every value it takes from the browser is
        checked on the server (dashboard/guard.py); a refusal or a failure is shown, the run
        is kept, and the page redraws either way."""
        def report(message):
            session.refuse(message)
            renew()
        return guarded(report, action)

    @act
    def reset(scenario=None):
        set_playing(False)
        chosen, switched = {k: settings[k] for k in SLIDERS if k in settings}, switches
        sc, _ = scenario_info(scenario) if scenario is not None else (None, "")
        if sc is not None:  # a new scenario brings its own parameters and switches (a broken
            chosen = {k: getattr(sc.parameters, k) for k in SLIDERS}  # one: the sliders stay)
            switched = sc.mechanisms.model_dump()
            set_settings(chosen)
            set_switches(switched)
        session.reset(scenario=scenario, settings=chosen, mechanisms=switched)
        renew()

    solara.Title("Caucasus arms race")
    solara.Style(PAGE_CSS + (LARGE_FONT_CSS if large else ""))
    with solara.AppBarTitle():
        solara.Text("Caucasus arms race — the security dilemma, year by year")
    with solara.Sidebar():   # Run first: Step and Play above the fold on a laptop
        RunCard(session, reset, playing, set_playing, speed, set_speed, refresh, tick, act)
        ScenarioCard(session, reset, runs)
        ParameterCard(session, settings, set_settings, renew, runs, act)
        MechanismCard(session, switches, set_switches, runs, act)
        with solara.Card("View"):
            solara.Switch(label="Show great powers (US ≈ 300× Armenia)", value=great_powers,
                          on_value=set_great_powers)
            solara.Switch(label="Log scale", value=log_scale, on_value=set_log_scale)
            solara.Switch(label="Large font (projector)", value=large, on_value=set_large)
        Compare(session, settings, refresh, act)
        PlayPanel(session, refresh, tick, act)
        ReplayCard(session, renew, tick, act)
    Main(session, tick, great_powers, log_scale, LARGE_CHART_TEXT if large else 1.0, act)


@solara.component
def Main(session, tick, great_powers, log_scale, text=1.0, act=None):
    """The year's indicators, the teaching notes, the charts (the map and the network as
    tabs), the many-seeds band, the story and the download (``text``: the charts' text size,
    1 normal; ``act``: the page's guard for controls)."""
    tick.value  # noqa: B018 — redraw after every change to the run
    with session.lock:   # a year is read whole, never while Play's thread steps it
        if session.error:   # shown here only (the scenario card points to it)
            solara.Error(session.error, classes=["run-error"])
        if session.notice:
            solara.Warning(session.notice, classes=["notice"])
        m = session.model
        if m is None:
            solara.Info("Choose a valid scenario to start (or fix the file and press Reset).")
            return

        def Chart(chart, year):   # noqa: N802 — the charts at the view's text size
            return VegaChart(charts.sized_text(chart, text), year)

        df = session.frame()
        names = m.world.names
        with solara.Row(classes=["indicators"]):
            for label, value in session.indicators().items():
                with solara.Card(label, style={"min-width": "150px"}):
                    slug = label.lower().split()[0].strip("/")
                    solara.Text(value, classes=[f"indicator-{slug}"])
        TeachingNotes(m.scenario.teaching)
        year = m.year
        with solara.Columns([1, 1]):
            region = session.region()
            Chart(charts.spending(df, names, great_powers, log_scale, session.compare_frame,
                                  region=region), year)
            Chart(charts.burden(df, names, great_powers, region=region), year)
        with solara.Columns([1, 1]):
            with solara.Column(classes=["view-tabs"]), solara.lab.Tabs():   # map, then network
                with solara.lab.Tab("Map"):
                    Chart(regional_map(m), year)
                with solara.lab.Tab("Network"):
                    Chart(charts.network(m), year)
            Chart(charts.threat_heatmap(m), year)
        BandCard(session, act or (lambda action: action), Chart)
        with solara.Columns([1, 1]):
            focus = session.player or ("Armenia" if "Armenia" in names else names[0])
            Chart(charts.alliance_health(m.datacollector.get_tie_vars_dataframe(), focus,
                                         names), year)
            Chart(charts.butter(df, names, region=region), year)
        with solara.Columns([1, 1]):
            with solara.Card("What happened and why"):
                empty = ("Nothing yet: press Step." if m.year == m.scenario.start_year
                         else "No events yet.")
                solara.HTML(unsafe_innerHTML=bullets(m.chronicle[-25:][::-1], empty),
                            classes=["story"])
            with solara.Card(f"Why budgets changed in {m.year}"):
                solara.HTML(unsafe_innerHTML=bullets(session.why()), classes=["story"])
        with solara.Row():
            # a method, not a new lambda each year: FileDownload restarts a thread (and another
            # redraw) whenever its data argument changes
            solara.FileDownload(session.csv, filename=session.csv_name(),
                                label="Download this run (CSV)")
            solara.FileDownload(session.lesson_sheet, filename=session.lesson_name(),
                                label="Download lesson sheet", mime_type="text/html")
            solara.Text("Charts: use the ⋯ menu on a chart to save it as PNG. Teaching material: "
                        "docs/teaching/ in the project folder.")
