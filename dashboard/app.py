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

from model.scenario.schema import Parameters

from . import charts
from .guard import guarded, number_in
from .mechanisms import MechanismCard, title
from .play import PlayPanel
from .session import SLIDERS, Session, checked_settings, scenario_files, scenario_info
from .story import bullets
from .vega_view import Chart

#: indicator titles wrap between words, not inside them ("Regional spe|nding") on a laptop
PAGE_CSS = """
.indicators .v-card__title { word-break: normal; }
"""

LARGE_FONT_CSS = """
.v-application { font-size: 125% !important; }
.v-application .v-label, .v-application .v-btn { font-size: 110% !important; }
"""


#: Play's speed slider, years per second: (low, high)
SPEED = (1.0, 20.0)

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
        if scenario is not None:  # a new scenario brings its own parameters and switches
            sc, _ = scenario_info(scenario)
            chosen = ({k: getattr(sc.parameters, k) for k in SLIDERS} if sc else {})
            switched = sc.mechanisms.model_dump() if sc else {}
            set_settings(chosen)
            set_switches(switched)
        session.reset(scenario=scenario, settings=chosen, mechanisms=switched)
        renew()

    solara.Title("Caucasus arms race")
    solara.Style(PAGE_CSS + (LARGE_FONT_CSS if large else ""))
    with solara.AppBarTitle():
        solara.Text("Caucasus arms race — the security dilemma, year by year")
    with solara.Sidebar():
        ScenarioCard(session, reset, tick)
        ParameterCard(session, settings, set_settings, renew, runs, act)
        RunCard(session, reset, playing, set_playing, speed, set_speed, refresh, tick, act)
        MechanismCard(session, switches, set_switches, runs, act)
        with solara.Card("View"):
            solara.Switch(label="Show great powers (US ≈ 300× Armenia)", value=great_powers,
                          on_value=set_great_powers)
            solara.Switch(label="Log scale", value=log_scale, on_value=set_log_scale)
            solara.Switch(label="Large font (projector)", value=large, on_value=set_large)
        Compare(session, settings, refresh, act)
        PlayPanel(session, refresh, tick, act)
    Main(session, tick, great_powers, log_scale)


@solara.component
def ScenarioCard(session, reset, tick):
    """The scenario picker, with the file's summary or its validation message."""
    tick.value  # noqa: B018 — re-render with the run: the chosen file is the session's
    with solara.Card("Scenario"):
        # an empty choice is refused (None would mean "this scenario again" to reset())
        solara.Select(label="Scenario", values=scenario_files(), value=session.scenario_name,
                      on_value=lambda name: reset(scenario=name or ""))
        sc, err = scenario_info(session.scenario_name)
        if err:
            solara.Error(f"This scenario file has problems — fix them and choose it again:\n{err}")
        elif sc is not None:
            solara.Markdown(f"**{sc.name}.** {sc.teaching.summary}")


@solara.component
def ParameterCard(session, settings, set_settings, renew, runs, act):
    """The IR parameters' sliders (taking effect on Reset) and the seed."""
    runs.value  # noqa: B018 — re-render for a new model: the pending hint compares with it
    with solara.Card("Parameters"):
        for name, (label, lo, hi, step) in SLIDERS.items():
            tip = Parameters.model_fields[name].description
            with solara.Tooltip(tip):
                solara.SliderFloat(label, value=settings.get(name, lo), min=lo, max=hi,
                                   step=step, on_value=act(
                                       lambda v, n=name: set_settings(
                                           {**settings, **checked_settings({n: v})})))
        solara.InputInt("Seed", value=session.seed or 0,
                        on_value=act(lambda s: (session.reset(seed=s), renew())))
        pending = [f"{SLIDERS[k][0].split(' (')[0].lower()} {settings[k]:.2f}" for k in SLIDERS
                   if session.model is not None and k in settings
                   and abs(settings[k] - getattr(session.model.params, k)) > 1e-9]
        if pending:
            solara.Warning("Press Reset to apply: " + ", ".join(pending), classes=["pending"])
        else:
            solara.Text("Slider changes take effect on Reset.")


@solara.component
def RunCard(session, reset, playing, set_playing, speed, set_speed, refresh, tick, act):
    """Step, Play, Pause, Reset, the speed, and this run's settings."""
    tick.value  # noqa: B018 — Step and Play turn off at the scenario's last year
    with solara.Card("Run"):
        with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):  # wraps in a narrow column
            solara.Button("Step", on_click=lambda: (session.step(), refresh()),
                          disabled=playing or session.finished)
            solara.Button("Play", on_click=lambda: set_playing(True),
                          disabled=playing or session.finished)
            solara.Button("Pause", on_click=lambda: set_playing(False), disabled=not playing)
            solara.Button("Reset", on_click=lambda: reset())
        solara.SliderFloat("Speed (years per second)", value=speed, min=SPEED[0], max=SPEED[1],
                           step=1, on_value=act(lambda v: set_speed(number_in(
                               v, *SPEED, "Speed (years per second)"))))
        if session.model is not None:
            p = session.model.params
            off = [title(n).lower() for n in session.model.mechanisms.off()]
            solara.Text("This run: " + ", ".join(f"{SLIDERS[k][0].split(' (')[0].lower()} "
                                                  f"{getattr(p, k):.2f}" for k in SLIDERS)
                        + (f"; switched off: {', '.join(off)}" if off else "")
                        + f"; seed {session.seed}", classes=["run-params"])


@solara.component
def Compare(session, settings, refresh, act):
    """Overlay a full run of another scenario (or this one with the sliders' values)."""
    with solara.Card("Compare"):
        files = ["(none)", *scenario_files()]

        def choose(name):
            session.compare_with(None if name == "(none)" else name,
                                 {k: settings[k] for k in SLIDERS if k in settings})
            refresh()

        solara.Select(label="Overlay a full run of", values=files,
                      value=session.compare_label or "(none)", on_value=act(choose))
        solara.Text("Dashed lines: the compared run (same seed, current sliders).")


@solara.component
def Main(session, tick, great_powers, log_scale):
    """The year's indicators, the six charts, the story and the downloads."""
    tick.value  # noqa: B018 — redraw after every change to the run
    if session.error:
        solara.Error(session.error)
    if session.notice:
        solara.Warning(session.notice, classes=["notice"])
    m = session.model
    if m is None:
        solara.Info("Choose a valid scenario to start.")
        return
    df = session.frame()
    names = m.world.names
    with solara.Row(classes=["indicators"]):
        for label, value in session.indicators().items():
            with solara.Card(label, style={"min-width": "150px"}):
                slug = label.lower().split()[0].strip("/")
                solara.Text(value, style={"font-size": "1.4em", "font-weight": "bold"},
                            classes=[f"indicator-{slug}"])
    year = m.year
    with solara.Columns([1, 1]):
        region = session.region()
        Chart(charts.spending(df, names, great_powers, log_scale, session.compare_frame,
                              region=region), year)
        Chart(charts.burden(df, names, great_powers, region=region), year)
    with solara.Columns([1, 1]):
        Chart(charts.network(m), year)
        Chart(charts.threat_heatmap(m), year)
    with solara.Columns([1, 1]):
        focus = session.player or ("Armenia" if "Armenia" in names else names[0])
        Chart(charts.alliance_health(m.datacollector.get_tie_vars_dataframe(), focus,
                                     names), year)
        Chart(charts.butter(df, names, region=region), year)
    with solara.Columns([1, 1]):
        with solara.Card("What happened and why"):
            solara.HTML(unsafe_innerHTML=bullets(m.chronicle[-25:][::-1],
                                                 "Nothing yet: press Step."), classes=["story"])
        with solara.Card(f"Why budgets changed in {m.year}"):
            solara.HTML(unsafe_innerHTML=bullets(session.why()), classes=["story"])
    with solara.Row():
        # a method, not a new lambda each year: FileDownload restarts a thread (and another
        # redraw) whenever its data argument changes
        solara.FileDownload(session.csv, filename="run.csv", label="Download this run (CSV)")
        solara.Text("Charts: use the ⋯ menu on a chart to save it as PNG. Teaching material: "
                    "docs/teaching/ in the project folder.")
    if m.scenario.teaching.questions:
        with solara.Details("Teaching notes for this scenario"):
            t = m.scenario.teaching
            solara.Markdown("\n".join(
                [f"**Concept:** {t.concept}", "", "**Watch:**", *[f"- {x}" for x in t.watch],
                 "", "**Discuss:**", *[f"- {x}" for x in t.questions], "", "**Try:**",
                 *[f"- {x}" for x in t.try_]]))
