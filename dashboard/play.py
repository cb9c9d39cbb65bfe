"""Play a state: a student's orders for the coming year, and the end-of-game debrief.

A game starts where the scenario's scripted history ends (2025 for the baseline): the
scripted years are run silently by the computer, then the student takes over, so their
choices — not the script — decide what happens; a switch starts it at the start year
instead. The debrief compares with the computer's own play of the same seed."""

from __future__ import annotations

import solara

from model.experiments.debrief import debrief_markdown
from model.simulation.diplomacy import arms_offers

from .order_form import NO_MOVE, OrderFields, blank, declined

COMPUTER = "(computer plays all)"

#: years of play before the debrief is offered (it is always offered at the end)
DEBRIEF_AFTER = 5


def start_label(session) -> str:
    """The switch's label, naming the year the game would start."""
    end = session.history_end()
    return (f"Start after the scripted history ({end})" if end is not None
            else "Start at the scenario's start year")


def took_over_note(session) -> str:
    """One line before the debrief: when the student took over, and what came before."""
    m, start = session.model, session.took_over
    if start is None or start <= m.scenario.start_year:
        return f"You played {session.player} from {m.scenario.start_year}."
    return (f"You took over {session.player} in {start}; {m.scenario.start_year}–{start} "
            "was the scenario's scripted history, the same in both games.")


@solara.component
def PlayPanel(session, refresh, tick, act):
    """Choose a state to play; its orders; the debrief (``tick``: re-render after a step)."""
    tick.value  # noqa: B018 — the year and the debrief follow the run
    with session.lock:   # a year is read whole, never while Play's thread steps it
        m = session.model
        if m is None:
            return
        names = m.world.names
        with solara.Card("Play a state"):
            if session.history_end() is not None:
                solara.Switch(label=start_label(session), value=session.play_after_history,
                              on_value=act(lambda v: (session.set_play_after_history(v),
                                                      refresh())),
                              disabled=bool(session.player), classes=["play-after-history"])
            solara.Select(label="You play", values=[COMPUTER, *names],
                          value=session.player or COMPUTER,
                          on_value=act(lambda v: (session.play_as(None if v == COMPUTER else v),
                                                  refresh())))
            if not session.player:
                solara.Text("Pick a state to decide its budget and alliances each year; the "
                            "computer plays the others. The game starts afresh "
                            f"in {session.play_start()}.")
                return
            solara.Text(f"Your game began in {session.took_over}.", classes=["play-start"])
            Orders(session, refresh, tick, act).key(f"orders-{session.player}")  # fresh per state
            begun = session.took_over if session.took_over is not None else m.scenario.start_year
            if session.finished or m.year - begun >= DEBRIEF_AFTER:
                text = took_over_note(session) + "\n\n" + debrief_markdown(
                    m, session.player, session.took_over)
                with solara.Details("Debrief: your play against the computer's"):
                    solara.Markdown(text)
                solara.FileDownload(text.encode(), filename=f"debrief_{session.player}.md",
                                    label="Download the debrief")


@solara.component
def Orders(session, refresh, tick, act):
    """This year's orders for the state the student plays (checked by ``session.decide``)."""
    tick.value  # noqa: B018 — the button names the coming year
    with session.lock:   # a year is read whole, never while Play's thread steps it
        m = session.model
        me = session.player
        others = [n for n in m.world.names if n != me]
        form, set_form = solara.use_state(blank(others))
        offers = list(arms_offers(m, me))

        def on(field):
            return lambda value: set_form(lambda old: {**old, field: value})

        @act
        def submit():
            session.decide(form["budget"], form["partner"],
                           None if form["move"] == NO_MOVE else form["move"], form["cbm"],
                           form["treaty"], declined(form, offers))
            # a move and proposals are for one year; the budget and declined arms stay set
            set_form(lambda old: {**old, "move": NO_MOVE, "cbm": [], "treaty": []})
            refresh()

        OrderFields(form, on, others, offers)
        solara.Button(f"Decide {m.year + 1} and step", on_click=submit, color="primary",
                      disabled=session.finished)
