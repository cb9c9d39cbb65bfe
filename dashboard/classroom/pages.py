"""The class game's two pages: ``/classroom`` (the lecturer, on the projector) and ``/join``
(each student). Every action goes through :mod:`dashboard.classroom.game`, which checks it on
the server: the lecturer key from the page's link, the seat token from the student's link —
never a state name or a role the browser sends.

Each page follows its game: a thread per page waits on the game's change event and redraws
the page as soon as the game's ``version`` moves, so every seat and the projector are told
of the new year the moment it resolves (no polling delay).
"""

from __future__ import annotations

import html
import re
import secrets
import threading
from urllib.parse import parse_qs, quote

import reacton.core
import segno
import solara
import solara.lab
from solara.server import kernel_context

from .. import charts
from ..guard import guarded
from ..map import regional_map
from ..order_form import OrderFields, as_orders, blank
from ..serving import lecturer_key
from ..session import scenario_files
from ..vega_view import Chart
from .debrief import debrief_markdown
from .game import Games
from .rules import ClassroomError

#: the server's games (one registry per server process)
GAMES = Games(lecturer_key())
DEFAULT_SCENARIO = "baseline_2020.yaml"
KEEP, COMPUTER = "keep last year's policy", "the computer plays them"
#: a page's follower wakes at least this often (seconds) to notice that it was closed; a
#: change of the game wakes it at once
WAKE_SECONDS = 1.0


def _query() -> dict[str, str]:
    router = solara.use_router()
    return {k: v[0] for k, v in parse_qs(router.search or "").items()}


def _use_version(game) -> int:
    """Redraw when ``game`` changes (another browser's action): a thread of this page's
    session waits on the game's change event (:meth:`Game.watch`) and redraws at once when
    the version moves; it stops when the page goes or its session closes."""
    seen, set_seen = solara.use_state(-1)
    render_context = reacton.core.get_render_context()
    session = kernel_context.get_current_context()

    def follow(cancel: threading.Event):
        if game is None:
            return
        changed, last = game.watch(), -1
        try:
            while not session.closed_event.is_set() and not cancel.is_set():
                changed.wait(WAKE_SECONDS)
                changed.clear()
                if game.version != last:
                    last = game.version
                    with session, render_context:
                        set_seen(last)
        finally:
            game.unwatch(changed)

    solara.use_thread(follow, dependencies=[game], intrusive_cancel=False)
    return seen


def text_html(text: str) -> str:
    """``text`` as HTML: escaped (students' words stay text, never markup), ``**bold**``
    kept. The pages draw text as HTML, not Markdown: an HTML widget takes a new year's text
    in place, where a Markdown widget is built anew (31 pages redraw at once)."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(text))


def _acting(message):
    """A page's guard for actions: a refusal or failure is shown in ``message``."""
    def act(action):
        return guarded(message.set, action)
    return act


def _base_url() -> str:
    """This server as the browser reached it (``Host`` header), for the join link."""
    headers = solara.lab.headers.value or {}
    host = (headers.get("host") or ["127.0.0.1:8765"])[0]
    return f"http://{host}"


def _qr_svg(text: str) -> str:
    """A QR code of ``text`` as inline SVG, drawn locally by segno (no network)."""
    return segno.make(text, error="m").svg_inline(scale=8, dark="#000", light="#fff")


@solara.component
def ClassroomPage():
    """The lecturer's page: start a game, then its code, seats, Next year and charts."""
    q = _query()
    router = solara.use_router()
    message = solara.use_reactive("")
    solara.Title("Class game — lecturer")
    key = q.get("key", "")
    if not secrets.compare_digest(key.encode(), lecturer_key().encode()):
        solara.Error("This is the lecturer's page: open the lecturer link that `make run` "
                     "printed in its terminal.", classes=["class-error"])
        return
    try:
        game = GAMES.get(q["code"]) if q.get("code") else None
    except ClassroomError as err:
        game = None
        message.value = str(err)
    version = _use_version(game)
    act = _acting(message)
    if message.value:
        solara.Error(message.value, classes=["class-error"])
    if game is None:
        Setup(key, lambda code: router.push(f"/classroom?key={quote(key)}&code={code}"), act)
        return
    Lecturer(game, version, key, act, message)


@solara.component
def Setup(key, started, act):
    scenario, set_scenario = solara.use_state(DEFAULT_SCENARIO)
    start, set_start = solara.use_state("")
    teams, set_teams = solara.use_state(False)

    @act
    def create():
        year = int(start) if start.strip().isdigit() else None
        if start.strip() and year is None:
            raise ClassroomError("The start year must be a year, e.g. 2025 (or left empty).")
        started(GAMES.create(key, scenario, year, teams).code)

    with solara.Card("Start a class game"):
        solara.Select(label="Scenario", values=scenario_files(), value=scenario,
                      on_value=set_scenario)
        solara.InputText("Start year (empty: where the scenario's history ends)", value=start,
                         on_value=set_start)
        solara.Switch(label="Allow teams (several students share a state)", value=teams,
                      on_value=set_teams)
        solara.Button("Start game", on_click=create, color="primary")


@solara.component
def Lecturer(game, version, key, act, message):
    """The game on the projector (``version``: redraw when the game changes)."""
    link = f"{_base_url()}/join?code={game.code}"
    with game.lock:
        seats = list(game.seats.values())
        submitted, year, finished = set(game.submissions), game.year, game.finished
        paused = game.paused
        to_answer = {}
        for to, _, _ in game.unanswered():
            to_answer[to] = to_answer.get(to, 0) + 1
        public = [s for s in game.public if s["year"] == year]
        df, names = game.model.frame(), game.model.world.names
        w = game.model.world   # the charts show the region (the great powers dwarf it)
        region = [n for n, regional in zip(w.names, w.regional, strict=True) if regional]
        chronicle = [str(e) for e in game.model.chronicle if e.year == year]
        region_map = regional_map(game.model)

    def lecturer(action):
        def run(*args):
            action(*args)
            message.set("")
        return act(run)

    # read from the back of a room: the code, the link and its QR code large
    with solara.Row(style={"align-items": "center", "padding": "0 16px", "gap": "48px"}):
        with solara.Column():
            with solara.Column(classes=["class-year"]):
                solara.HTML(tag="h1", unsafe_innerHTML=text_html(
                    f"Game code **{game.code}** — year {year}"
                    + (" (ended)" if finished else " — paused" if paused else "")))
            with solara.Column(classes=["join-link"]):
                solara.HTML(tag="p", unsafe_innerHTML=text_html(f"Students join at **{link}**"),
                            style={"font-size": "1.6em"})
        solara.HTML(unsafe_innerHTML=_qr_svg(link), classes=["join-qr"])
    with solara.Card("Seats"):
        for seat in seats:
            with solara.Row(classes=["seat-row"], style={"align-items": "center"}):
                who = {"free": "free (computer plays it)", "computer": "computer",
                       "player": ", ".join(seat.players)}[seat.mode]
                done = ("✓ submitted" if seat.state in submitted
                        else ("waiting" if seat.mode == "player" else ""))
                if to_answer.get(seat.state):
                    done += f" · {to_answer[seat.state]} proposal(s) to answer"
                solara.Text(f"{seat.state}: {who} {done}", classes=["seat"])
                if seat.mode != "computer":
                    solara.Button("Computer", small=True, on_click=lecturer(
                        lambda s=seat.state: game.hand_to_computer(key, s)))
                if seat.mode != "free":
                    solara.Button("Free", small=True, on_click=lecturer(
                        lambda s=seat.state: game.free_seat(key, s)))
    with solara.Row(style={"align-items": "center"}):
        solara.Select(label="Unsubmitted seats", values=[KEEP, COMPUTER],
                      value=KEEP if game.unsubmitted == "keep" else COMPUTER,
                      on_value=lecturer(lambda v: game.settings(
                          key, unsubmitted="keep" if v == KEEP else "computer")))
        solara.Switch(label="Allow teams", value=game.teams,
                      on_value=lecturer(lambda v: game.settings(key, teams=v)))
        solara.Button("Next year", on_click=lecturer(lambda: game.advance(key)),
                      color="primary", disabled=finished or paused)
        solara.Button("Resume" if paused else "Pause", disabled=finished,
                      on_click=lecturer(lambda: game.pause(key, not paused)))
        solara.Button("End game", on_click=lecturer(lambda: game.end(key)), disabled=finished)
        solara.FileDownload(game.record_json, filename=f"class_game_{game.code}.json",
                            label="Record (JSON)")
        solara.FileDownload(game.record_csv, filename=f"class_game_{game.code}.csv",
                            label="Record (CSV)")
    if finished:
        Debrief(game, version)
    with solara.Columns([1, 1]):
        Chart(charts.spending(df, names, region=region), year)
        Chart(charts.burden(df, names, region=region), year)
    with solara.Columns([1, 1]):
        Chart(region_map, year)   # ties, arms flows, this year's crises and wars
        with solara.Column():
            with solara.Card(f"Public statements, {year}"):
                Lines([f"**{s['state']}**: {s['text']}" for s in public], "No statements.",
                      "statements")
            with solara.Card(f"What happened in {year}"):
                Lines(chronicle, "Nothing yet.", "chronicle")


@solara.component
def Debrief(game, version):
    """The class debrief, once the game has ended (computed once per change of the game)."""
    text = solara.use_memo(lambda: debrief_markdown(game), [game, version])
    title, body = text.split("\n", 1)   # the download's heading is the card's title
    with solara.Card(title.lstrip("# "), classes=["class-debrief"]):
        solara.Markdown(body.replace("<", "&lt;"))
        solara.FileDownload(text, filename=f"class_game_{game.code}_debrief.md",
                            label="Debrief (Markdown)")


@solara.component
def Lines(lines, empty, name):
    """Plain text lines (students' words are shown as text, never as HTML), as one block:
    one widget whatever the number of lines, so a new year updates it rather than building
    widgets (31 pages redraw at once when a year resolves)."""
    with solara.Column(classes=[name]):
        solara.HTML(unsafe_innerHTML="".join(f"<p>{text_html(line)}</p>"
                                             for line in lines or [empty]))


@solara.component
def JoinPage():
    """A student's page: join with a name and a free state, then play that seat."""
    q = _query()
    router = solara.use_router()
    message = solara.use_reactive("")
    solara.Title("Class game")
    act = _acting(message)
    try:
        game = GAMES.get(q.get("code", ""))
    except ClassroomError as err:
        solara.Error(str(err), classes=["class-error"])
        return
    version = _use_version(game)
    if message.value:
        solara.Error(message.value, classes=["class-error"])
    token = q.get("seat")
    if token:
        try:
            view = game.view(token)
        except ClassroomError as err:
            solara.Error(str(err), classes=["class-error"])
            return
        SeatView(game, token, view, act, message)
        return
    JoinForm(game, version, act, lambda t: router.push(f"/join?code={game.code}&seat={t}"))


@solara.component
def JoinForm(game, version, act, joined):
    """Name and a free state (``version``: the free states follow the game)."""
    name, set_name = solara.use_state("")
    free = game.free_states()
    state, set_state = solara.use_state(None)

    @act
    def join():
        joined(game.join(name, state))

    with solara.Card(f"Join game {game.code}"):
        if game.finished:
            solara.Info("This game has ended.")
            return
        solara.InputText("Name", value=name, on_value=set_name, continuous_update=True)
        solara.Select(label="State", values=free, value=state if state in free else None,
                      on_value=set_state)
        solara.Button("Join", on_click=join, color="primary")


@solara.component
def SeatView(game, token, view, act, message):
    state, year = view["state"], view["year"]
    s = view["situation"]
    with solara.Column(classes=["class-year"], style={"padding": "0 16px"}, gap="0"):
        solara.HTML(tag="h1", unsafe_innerHTML=text_html(f"{state} — year {year}"))
        solara.Text(f"Played by {view['name']}. Game {game.code}.")
    with solara.ColumnsResponsive(12, medium=6):   # stacked on a phone, side by side from 960 px
        with solara.Card("Your situation"):
            solara.HTML(unsafe_innerHTML="".join(f"<p>{text_html(p)}</p>" for p in (
                f"Defence budget **USD {s['milex']:.2f} bn** ({s['burden']:.1%} of GDP); "
                f"GDP **USD {s['gdp']:.1f} bn**.",
                "Main threats: " + (", ".join(f"{n} ({v:.2f})" for n, v in s["threats"])
                                    or "none") + ".",
                "Allies (tie strength; chance they honour a call): "
                + (", ".join(f"{n} ({st:+.2f}; {r:.0%})" for n, st, r in s["allies"])
                   or "none") + ".")))
        with solara.Card(f"What happened in {year}"):
            Lines(view["chronicle"], "Nothing yet.", "chronicle")
    if view["finished"]:
        solara.Info("The game has ended.")
        return
    paused = view["paused"]
    with solara.Column():   # always here: what comes and goes inside leaves the form in place
        if paused:
            solara.Warning("The lecturer has paused the game: read, discuss, and send your "
                           "orders when it resumes.", classes=["paused"])
        if view["my_orders"] is not None:
            solara.Success(f"Your orders for {year + 1} are in ({len(view['submitted'])} of "
                           f"{len(view['seated'])} seats). You may change them until the year "
                           "resolves.", classes=["submitted"])
        if view["proposals"]:
            Proposals(game, token, view["proposals"], act, message, paused)
    OrdersForm(game, token, state, s["offers"], act, message, year, paused)
    with solara.Card("Public statements"):
        Lines([f"{p['year']} **{p['state']}**: {p['text']}" for p in view["statements"][-12:]],
              "No statements yet.", "statements")


#: how a proposal reads on the addressee's page
PROPOSAL_TEXT = {"alliance": "{p} seeks a closer alliance with you",
                 "cbm": "{p} proposes confidence-building measures (hotlines, inspections)",
                 "treaty": "{p} proposes a peace treaty"}


@solara.component
def Proposals(game, token, proposals, act, message, paused=False):
    """This year's proposals to the seat, each with Accept and Reject (the answer may change
    until the year resolves; the server checks the seat is the addressee)."""
    def answering(p, accept):
        @act
        def run():
            game.answer(token, p["from"], p["kind"], accept)
            message.set("")
        return run

    with solara.Card("Proposals to you", classes=["proposals"]):
        for p in proposals:
            status = {None: "waiting for your answer", True: "you accept",
                      False: "you reject"}[p["accept"]]
            with solara.Row(classes=["proposal"], style={"align-items": "center"}):
                solara.Text(f"{PROPOSAL_TEXT[p['kind']].format(p=p['from'])}: {status}.")
                solara.Button("Accept", small=True, on_click=answering(p, True), disabled=paused,
                              color="primary" if p["accept"] is None else None)
                solara.Button("Reject", small=True, on_click=answering(p, False),
                              disabled=paused)


@solara.component
def OrdersForm(game, token, state, offers, act, message, year, paused=False):
    """The seat's orders for the year after ``year`` (dashboard/order_form.py) and its public
    statement. The form's values belong to that year: a new year shows a fresh form by its
    values, not by a new form (building the widgets again for every seat is what made a
    resolved year slow to reach 31 pages)."""
    others = [n for n in game.model.world.names if n != state]
    fresh = {**blank(others), "statement": ""}
    form, set_form = solara.use_state((year, fresh))
    f = form[1] if form[0] == year else fresh

    def on(field):
        def set_field(value):
            set_form(lambda old: (year, {**(old[1] if old[0] == year else fresh),
                                         field: value}))
        return set_field

    @act
    def submit():
        game.submit(token, as_orders(f, list(offers)), f["statement"])   # the seat is the token's, not the form's
        message.set("")

    with solara.Card(f"Your orders for {year + 1}"):
        OrderFields(f, on, others, list(offers))
        solara.InputTextArea("Public statement (everyone sees it after the year)",
                             value=f["statement"], on_value=on("statement"),
                             continuous_update=True)
        solara.Button("Submit orders", on_click=submit, color="primary", disabled=paused)

