"""The sidebar's controls: the run buttons, the scenario, the parameters' sliders and the
compare overlay. Every value they take from the browser goes through ``act`` (the page's
guard, dashboard/guard.py) or a checking function of the session."""

from __future__ import annotations

import solara

from model.scenario.schema import Parameters

from . import guard
from .guard import number_in
from .mechanisms import title
from .session import SLIDERS, checked_settings, history_years, scenario_files, scenario_info

#: Play's speed slider, years per second: (low, high)
SPEED = (1.0, 20.0)

#: the "History until" choice that keeps every scripted event
ALL_HISTORY = "all history"


def history_choices(sc) -> list[str]:
    """What "History until" offers: all history, or a year from the start to the last
    scripted event (a forecast from then: later events dropped, Scenario.known_history)."""
    return [ALL_HISTORY, *map(str, history_years(sc))]


def history_choice(label) -> int | str:
    """A "History until" label as ``Session.reset(history=...)`` takes it ("all" or a
    year); the year is checked against the scenario there."""
    if not isinstance(label, str) or not (label == ALL_HISTORY or label.isdigit()):
        raise guard.Refused("That history year is not one of those offered: choose one "
                            "from the list.")
    return "all" if label == ALL_HISTORY else int(label)


def short(name: str) -> str:
    """A slider's label without its bracket, in lower case ("cost of war")."""
    return SLIDERS[name][0].split(" (")[0].lower()


@solara.component
def ScenarioCard(session, reset, runs):
    """The scenario picker, with the file's summary (a broken file's message is shown once,
    in the main area). Re-rendered for each new model (``runs``), not each year: a step does
    not change the scenario, and the summary's Markdown is not free to redraw."""
    runs.value  # noqa: B018 — re-render with the run: the chosen file is the session's
    with solara.Card("Scenario"):
        # an empty choice is refused (None would mean "this scenario again" to reset())
        solara.Select(label="Scenario", values=scenario_files(), value=session.scenario_name,
                      on_value=lambda name: reset(scenario=name or ""))
        sc, err = scenario_info(session.scenario_name)
        if err:
            solara.Text("This file has problems: see the message on the right.")
        elif sc is not None:
            solara.Markdown(f"**{sc.name}.** {sc.teaching.summary}")


@solara.component
def ParameterCard(session, settings, set_settings, renew, runs, act):
    """The IR parameters' sliders, each with its value in its label (taking effect on Reset),
    and the seed."""
    runs.value  # noqa: B018 — re-render for a new model: the pending hint compares with it
    with solara.Card("Parameters"):
        for name, (label, lo, hi, step) in SLIDERS.items():
            tip = Parameters.model_fields[name].description
            value = settings.get(name, lo)
            with solara.Tooltip(tip):
                solara.SliderFloat(f"{label}{'' if label.endswith('?') else ':'} {value:.2f}",
                                   value=value, min=lo, max=hi,
                                   step=step, on_value=act(
                                       lambda v, n=name: set_settings(
                                           {**settings, **checked_settings({n: v})})))
        # text, checked by guard.seed; after a refusal the box shows the run's own seed
        # again (the refusal sentence stays above the charts), not the refused text
        seed_text = solara.use_reactive(str(session.seed if session.seed is not None else 0))

        def set_seed(text):
            try:
                session.reset(seed=text)
                renew()
            finally:
                seed_text.set(str(session.seed))

        solara.InputText("Seed", value=seed_text, on_value=act(set_seed), classes=["seed-box"])
        HistoryUntil(session, renew, act)
        pending = [f"{short(k)} {settings[k]:.2f}" for k in SLIDERS
                   if session.model is not None and k in settings
                   and abs(settings[k] - getattr(session.model.params, k)) > 1e-9]
        if pending:
            solara.Warning("Press Reset to apply: " + ", ".join(pending), classes=["pending"])
        else:
            solara.Text("Slider changes take effect on Reset.")


@solara.component
def HistoryUntil(session, renew, act):
    """The forecast toggle: the scripted history up to a chosen year, the model's own play
    after it (``history_until``; takes effect at once, like the seed)."""
    sc, _ = scenario_info(session.scenario_name)
    if sc is None or not history_years(sc):
        return
    labels = history_choices(sc)
    now = ALL_HISTORY if session.history_until is None else str(session.history_until)
    with solara.Tooltip("A forecast: the scenario's scripted events after this year are "
                        "dropped, and the model plays those years on its own."):
        solara.Select(label="History until", values=labels, value=now,
                      on_value=act(lambda v: (session.reset(history=history_choice(
                          guard.one_of(v, labels, "history year"))), renew())),
                      classes=["history-until"])


@solara.component
def RunCard(session, reset, playing, set_playing, speed, set_speed, refresh, tick, act):
    """Step, Play, Pause, Reset (first in the sidebar: above the fold on a laptop), the
    speed, and this run's settings."""
    tick.value  # noqa: B018 — Step and Play turn off at the scenario's last year
    with solara.Card("Run"):
        with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):  # wraps in a narrow column
            solara.Button("Step", on_click=lambda: (session.step(), refresh()),
                          disabled=playing or session.finished)
            solara.Button("Play", on_click=lambda: set_playing(True),
                          disabled=playing or session.finished)
            solara.Button("Pause", on_click=lambda: set_playing(False), disabled=not playing)
            solara.Button("Reset", on_click=lambda: reset())
        solara.SliderFloat(f"Speed (years per second): {speed:g}", value=speed, min=SPEED[0],
                           max=SPEED[1], step=1, on_value=act(lambda v: set_speed(number_in(
                               v, *SPEED, "Speed (years per second)"))))
        if session.model is not None:
            p = session.model.params
            off = [title(n).lower() for n in session.model.mechanisms.off()]
            solara.Text("This run: " + ", ".join(f"{short(k)} {getattr(p, k):.2f}"
                                                  for k in SLIDERS)
                        + (f"; switched off: {', '.join(off)}" if off else "")
                        + f"; seed {session.seed}"
                        + (f"; history until {session.history_until}"
                           if session.history_until is not None else ""),
                        classes=["run-params"])


#: what the Compare card says: the chart draws this run solid, the compared run dashed
COMPARE_NOTE = ("Solid lines: this run. Dashed lines: the compared run (a full run, same "
                "seed, current sliders).")


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
        solara.Text(COMPARE_NOTE)


__all__ = ["ALL_HISTORY", "SPEED", "Compare", "HistoryUntil", "history_choice",
           "history_choices", "ParameterCard", "RunCard", "ScenarioCard", "scenario_info"]
