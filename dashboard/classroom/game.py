"""A class game's rules: games by code, seats by state, hidden orders, one year at a time.

Plain Python, no page: the two classroom pages (``pages.py``) only call what is here, so
every rule is tested without a browser (tests/test_classroom_game.py).

* The lecturer creates a :class:`Game` with the server's lecturer key (``make run`` prints
  it): a short code, a scenario and a start year — by default the last year of the
  scenario's scripted history (2025 for the baseline), reached silently before play.
* A student joins with the code, a name and a free state and gets a *seat token*: a
  secret that stands for that seat. Every later action carries the token, never a state
  name, so a page can act only for the seat it holds; a reload with the token (it sits in
  the page's link) returns to the seat.
* Each year every seated state submits orders (agents/orders.py ``Orders``: the same as
  Play a state, checked on the server the same way) and may write a public statement. No
  one sees another seat's orders before the year resolves — only whether it has submitted.
* A seat's proposals to another *seated* state — an approach (alliance ``seek`` or
  ``strengthen``), CBMs, a peace treaty — go to that seat, which accepts or rejects each
  (:meth:`Game.answer`) before the year resolves; only the two seats see the proposal. A
  state without players answers from the model's numbers, as in Play a state.
* The year resolves when every seat has submitted and answered the proposals made to it,
  or when the lecturer advances (an unanswered proposal is then answered by the model): an
  unsubmitted seat keeps last year's policy (its budget change and declined suppliers;
  one-off alliance moves and proposals are not repeated; a seat that never submitted holds
  its budget flat) or is played by the computer,
  as the lecturer chose. Free seats and seats handed to the computer play the
  scenario's own strategy.
* :meth:`Game.record` keeps every order, statement and year;
  :func:`dashboard.classroom.record.replay` rebuilds the same yearly table from it (same
  scenario + same seed + same orders = same results). A year's rules — the world, the
  orders a seat may give, a played year — are in :mod:`dashboard.classroom.rules`.

Refusals are :class:`~dashboard.classroom.rules.ClassroomError`, whose text is one sentence
for the page.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field

from agents.orders import PROPOSALS
from model.simulation.diplomacy import arms_offers

from .. import guard
from ..session import scenario_files, scenario_info
from .record import record_csv
from .rules import ClassroomError, checked_orders, new_model, play_year, scripted_until

#: a game untouched for this long (seconds) is let go by :meth:`Games.cull`
IDLE_GAME = 3 * 3600
#: game codes: letters and digits that cannot be misread on a projector (no 0/O, 1/I/L)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 5
#: what happens to a seat that did not submit when the lecturer advances
UNSUBMITTED = ("keep", "computer")
MAX_NAME, MAX_STATEMENT = 40, 500


@dataclass
class Seat:
    """One state's seat: ``mode`` is ``free`` (the computer plays it until someone joins),
    ``player`` (one student, or a team) or ``computer`` (the lecturer's choice)."""

    state: str
    mode: str = "free"
    players: list[str] = field(default_factory=list)
    last_orders: dict | None = None   # the last orders submitted, for "keep last year's"


class Game:
    """One class's game: its code, world, seats, this year's submissions and the record."""

    def __init__(self, code: str, lecturer_key: str, scenario: str, start_year: int | None = None,
                 teams: bool = False, unsubmitted: str = "keep"):
        guard.one_of(scenario, scenario_files(), "scenario")
        sc, error = scenario_info(scenario)
        if sc is None:
            raise ClassroomError(f"That scenario cannot be played: {error}")
        start = scripted_until(sc) if start_year is None else guard.whole_number(
            start_year, sc.start_year, sc.start_year + sc.years - 1, "The start year")
        self.code, self._key, self.scenario = code, lecturer_key, scenario
        self.teams = bool(teams)
        self.unsubmitted = guard.one_of(unsubmitted, UNSUBMITTED, "choice for unsubmitted seats")
        self.seed = sc.seed
        self.start_year = start
        self.model = new_model(scenario, self.seed, start)
        self.strategies = {a.name: a.strategy.name for a in self.model.agent_list}
        self.seats = {name: Seat(name) for name in self.model.world.names}
        self._tokens: dict[str, tuple[str, str]] = {}   # token → (state, player's name)
        self.submissions: dict[str, dict] = {}        # state → checked orders, this year
        self.statements: dict[str, str] = {}          # state → this year's statement
        self.answers: dict[str, dict] = {}            # state → {(proposer, kind): accept}
        self.public: list[dict] = []                  # statements made public, by year
        self.years: list[dict] = []                   # the record: one entry per year played
        self.ended = False
        self.paused = False       # the lecturer's pause: no orders, answers or resolution
        self.lock = threading.RLock()
        self.version = 0          # bumped on every change: pages redraw when it moves
        self.touched = time.monotonic()
        self._watchers: set[threading.Event] = set()   # one per open page: set on a change

    # --- who may act ------------------------------------------------------------------
    def _lecturer(self, key) -> None:
        if not isinstance(key, str) or not secrets.compare_digest(key, self._key):
            raise ClassroomError("Only the lecturer can do that: open the lecturer link that "
                                 "`make run` printed.")

    def seat_of(self, token) -> tuple[str, str]:
        """(state, player's name) for a seat token of this game."""
        if not isinstance(token, str) or token not in self._tokens:
            raise ClassroomError("This seat link is not a seat in this game: join with the "
                                 "game code and pick a free state.")
        return self._tokens[token]

    def _changed(self) -> None:
        self.version += 1
        self.touched = time.monotonic()
        for event in list(self._watchers):
            event.set()

    def watch(self) -> threading.Event:
        """An event set at every change of the game, for a page that follows it (wait on
        it, clear it, read ``version``); give it back with :meth:`unwatch`."""
        event = threading.Event()
        self._watchers.add(event)
        return event

    def unwatch(self, event: threading.Event) -> None:
        self._watchers.discard(event)

    @property
    def year(self) -> int:
        return self.model.year

    @property
    def finished(self) -> bool:
        return self.ended or self.model.year >= self.model.end_year

    def free_states(self) -> list[str]:
        """States a student may join: free seats, and played ones when teams are allowed."""
        return [s.state for s in self.seats.values()
                if s.mode == "free" or (self.teams and s.mode == "player")]

    def played(self) -> list[str]:
        return [s.state for s in self.seats.values() if s.mode == "player"]

    # --- students -----------------------------------------------------------------------
    def join(self, name, state) -> str:
        """Seat ``name`` at ``state``; returns the seat token (keep it: it is the seat)."""
        with self.lock:
            if self.finished:
                raise ClassroomError("This game has ended: ask the lecturer for a new code.")
            if not isinstance(name, str) or not name.strip():
                raise ClassroomError("Type your name (or your team's) first.")
            name = " ".join(name.split())[:MAX_NAME]
            guard.one_of(state, list(self.seats), "state")
            if state not in self.free_states():
                raise ClassroomError(f"{state} is taken: pick a free state from the list.")
            token = secrets.token_urlsafe(16)
            seat = self.seats[state]
            seat.mode = "player"
            seat.players.append(name)
            self._tokens[token] = (state, name)
            self._changed()
            return token

    def submit(self, token, orders: dict, statement: str = "") -> bool:
        """This year's orders (and public statement) for the token's seat; a second
        submission replaces the first. True if the year then resolved (all seats in)."""
        with self.lock:
            state, _ = self.seat_of(token)
            if self.finished:
                raise ClassroomError("This game has ended: no more orders.")
            if self.seats[state].mode != "player":
                raise ClassroomError("The lecturer handed this state to the computer.")
            self._not_paused()
            if not isinstance(statement, str):
                raise ClassroomError("A statement must be text.")
            self.submissions[state] = checked_orders(self.model, state, orders)
            self.statements[state] = statement.strip()[:MAX_STATEMENT]
            return self._resolve_if_ready()

    def proposals(self, to: str) -> list[dict]:
        """This year's proposals to the seated state ``to`` from the other seats' orders:
        ``{"from", "kind", "accept"}`` (``accept`` None until ``to`` answers). Empty for a
        state without players: the model answers for it."""
        if self.seats[to].mode != "player":
            return []
        given = self.answers.get(to, {})
        found = []
        for proposer, orders in sorted(self.submissions.items()):
            kinds = [k for k, asked in (
                ("alliance", orders["alliance_moves"].get(to) in ("seek", "strengthen")),
                ("cbm", to in orders["propose_cbm"]),
                ("treaty", to in orders["propose_treaty"])) if asked]
            found += [{"from": proposer, "kind": k, "accept": given.get((proposer, k))}
                      for k in kinds]
        return found

    def unanswered(self) -> list[tuple[str, str, str]]:
        """(to, from, kind) of every proposal to a seat not answered yet."""
        return [(to, p["from"], p["kind"]) for to in self.played()
                for p in self.proposals(to) if p["accept"] is None]

    def answer(self, token, proposer, kind, accept) -> bool:
        """The token's seat accepts or rejects ``proposer``'s proposal of ``kind`` (one of
        ``PROPOSALS``) made this year; it may change its answer until the year resolves.
        True if the year then resolved."""
        with self.lock:
            state, _ = self.seat_of(token)
            if self.finished:
                raise ClassroomError("This game has ended: no more answers.")
            self._not_paused()
            guard.one_of(kind, PROPOSALS, "kind of proposal")
            if not isinstance(accept, bool):
                raise ClassroomError("Answer with the page's Accept or Reject button.")
            if not any(p["from"] == proposer and p["kind"] == kind
                       for p in self.proposals(state)):
                raise ClassroomError("That proposal is no longer on the table: its sender "
                                     "changed their orders.")
            self.answers.setdefault(state, {})[(proposer, kind)] = accept
            return self._resolve_if_ready()

    def _not_paused(self) -> None:
        if self.paused:
            raise ClassroomError("The lecturer has paused the game: send your orders and "
                                 "answers when it resumes.")

    def _resolve_if_ready(self) -> bool:
        """Note the change; resolve the year if every seat is in and every proposal answered."""
        self._changed()
        if set(self.played()) <= set(self.submissions) and not self.unanswered():
            self._resolve()
            return True
        return False

    def view(self, token) -> dict:
        """What a seat sees: its state's situation, its own orders this year, who has
        submitted (not what), the public statements and last year's chronicle."""
        with self.lock:
            state, name = self.seat_of(token)
            return {"state": state, "name": name, "year": self.year,
                    "situation": situation(self.model, state),
                    "my_orders": self.submissions.get(state),
                    "proposals": self.proposals(state),
                    "submitted": sorted(self.submissions), "seated": sorted(self.played()),
                    "statements": list(self.public),
                    "chronicle": last_chronicle(self.model), "finished": self.finished,
                    "paused": self.paused}

    # --- the lecturer -------------------------------------------------------------------
    def advance(self, key) -> None:
        """Resolve the year now (the lecturer's "Next year")."""
        with self.lock:
            self._lecturer(key)
            if self.finished:
                raise ClassroomError("This game has ended.")
            if self.paused:
                raise ClassroomError("The game is paused: resume it first.")
            self._resolve()

    def pause(self, key, paused: bool) -> None:
        """Pause the game (a discussion, a break) or resume it. While paused no orders or
        answers are taken and the year does not resolve; on resuming, a year whose seats
        have all submitted and answered resolves at once."""
        with self.lock:
            self._lecturer(key)
            if self.finished:
                raise ClassroomError("This game has ended.")
            self.paused = bool(paused)
            if not self.paused and self.played():
                self._resolve_if_ready()
            else:
                self._changed()

    def hand_to_computer(self, key, state) -> None:
        """The computer plays ``state`` from now on; its seat tokens stop working."""
        self._set_seat(key, state, "computer")

    def free_seat(self, key, state) -> None:
        """Empty ``state``'s seat (another student may take it); its tokens stop working."""
        self._set_seat(key, state, "free")

    def _set_seat(self, key, state, mode: str) -> None:
        with self.lock:
            self._lecturer(key)
            guard.one_of(state, list(self.seats), "state")
            seat = self.seats[state]
            seat.mode, seat.players, seat.last_orders = mode, [], None
            self._tokens = {t: v for t, v in self._tokens.items() if v[0] != state}
            self.submissions.pop(state, None)
            self.statements.pop(state, None)
            self.answers.pop(state, None)
            self._changed()

    def settings(self, key, *, teams=None, unsubmitted=None) -> None:
        """Allow teams; choose what unsubmitted seats do when the lecturer advances."""
        with self.lock:
            self._lecturer(key)
            if teams is not None:
                self.teams = bool(teams)
            if unsubmitted is not None:
                self.unsubmitted = guard.one_of(unsubmitted, UNSUBMITTED,
                                                "choice for unsubmitted seats")
            self._changed()

    def end(self, key) -> None:
        with self.lock:
            self._lecturer(key)
            self.ended = True
            self._changed()

    # --- the year -----------------------------------------------------------------------
    def _resolve(self) -> None:
        rows = []
        asked = {to: self.proposals(to) for to in self.played()}
        for state, seat in self.seats.items():
            orders, source = None, "computer" if seat.mode == "computer" else "free"
            if seat.mode == "player":
                if state in self.submissions:
                    orders, source = self.submissions[state], "submitted"
                    seat.last_orders = orders
                elif self.unsubmitted == "keep":
                    orders, source = self._kept(state, seat.last_orders), "kept"
                else:
                    source = "computer"
                given = [p for p in asked[state] if p["accept"] is not None]
                if orders is not None and given:
                    orders = {**orders, "answers": given}
            rows.append({"state": state, "players": list(seat.players), "source": source,
                         "orders": orders, "statement": self.statements.get(state, "")})
        decided = self.model.year + 1
        play_year(self.model, rows)
        self.years.append({"year": decided, "seats": rows})
        self.public.extend({"year": decided, "state": r["state"], "text": r["statement"]}
                           for r in rows if r["statement"])
        self.submissions.clear()
        self.statements.clear()
        self.answers.clear()
        self._changed()

    def _kept(self, state: str, last: dict | None) -> dict:
        """Last year's policy: its budget change and declined suppliers (those still
        offering), no one-off acts."""
        if last is None:
            return {"budget_change": 0.0, "alliance_moves": {}, "decline_arms_from": [],
                    "propose_cbm": [], "propose_treaty": []}
        offers = arms_offers(self.model, state)
        return {**last, "alliance_moves": {}, "propose_cbm": [], "propose_treaty": [],
                "decline_arms_from": [s for s in last["decline_arms_from"] if s in offers]}

    # --- the record ---------------------------------------------------------------------
    def record(self) -> dict:
        """Every year played: each seat's orders (None: the computer's), source and statement."""
        with self.lock:
            return {"scenario": self.scenario, "seed": self.seed, "start_year": self.start_year,
                    "strategies": dict(self.strategies),
                    "years": json.loads(json.dumps(self.years))}

    def record_json(self) -> str:
        return json.dumps(self.record(), indent=1)

    def record_csv(self) -> str:
        """One row per year and state: who played it, how, the orders and the statement."""
        return record_csv(self.record())

def situation(model, state: str) -> dict:
    """A state's own situation: budget, economy, its main threats, its allies and how
    reliable each is (the honour probability of the tie: Leeds 2003)."""
    w = model.world
    i = w.index(state)
    terms = getattr(model, "threat_terms", None)
    threats = []
    if terms is not None:
        row = [(w.names[j], float(terms[i][j])) for j in range(w.n) if j != i]
        threats = [(n, v) for n, v in sorted(row, key=lambda t: -t[1]) if v > 0][:3]
    allies = [(w.names[j], float(w.strength[i, j]), float(w.reliability[i, j]))
              for j in range(w.n) if j != i and w.strength[i, j] > 0]
    return {"milex": float(w.milex[i]), "gdp": float(w.gdp[i]),
            "burden": float(w.milex[i] / w.gdp[i]) if w.gdp[i] else 0.0,
            "threats": threats, "allies": sorted(allies, key=lambda a: -a[1]),
            "offers": sorted(arms_offers(model, state))}


def last_chronicle(model) -> list[str]:
    """The chronicle of the latest year simulated."""
    return [str(e) for e in model.chronicle if e.year == model.year]


class Games:
    """The server's games by code (thread-safe: Solara serves each browser in a thread)."""

    def __init__(self, lecturer_key: str, idle: float = IDLE_GAME):
        self._key, self._idle = lecturer_key, idle
        self._games: dict[str, Game] = {}
        self._lock = threading.Lock()

    def create(self, key, scenario: str, start_year: int | None = None, teams: bool = False,
               unsubmitted: str = "keep") -> Game:
        if not isinstance(key, str) or not secrets.compare_digest(key, self._key):
            raise ClassroomError("Only the lecturer can start a game: open the lecturer link "
                                 "that `make run` printed.")
        self.cull()
        with self._lock:
            code = self._new_code()
            self._games[code] = None   # reserved while the world is built
        try:
            game = Game(code, key, scenario, start_year, teams, unsubmitted)
        except Exception:
            with self._lock:
                self._games.pop(code, None)
            raise
        with self._lock:
            self._games[code] = game
        return game

    def _new_code(self) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self._games:
                return code

    def get(self, code) -> Game:
        """The game with ``code`` (any case, spaces ignored)."""
        if isinstance(code, str):
            code = code.strip().upper()
        with self._lock:
            game = self._games.get(code) if isinstance(code, str) else None
        if game is None:
            raise ClassroomError("No game has that code: check the code on the projector.")
        game.touched = time.monotonic()
        return game

    def cull(self, now: float | None = None) -> list[str]:
        """Let go of games nobody touched for the idle time; returns their codes."""
        now = time.monotonic() if now is None else now
        with self._lock:
            gone = [c for c, g in self._games.items()
                    if g is not None and now - g.touched > self._idle]
            for c in gone:
                del self._games[c]
        return gone
