"""One year of a class game, as the game plays it and as a record replays it: the world
(the scenario stepped silently to the start year), the orders a seat may give (checked as
Play a state checks them, dashboard/guard.py) and a played year.

:mod:`dashboard.classroom.game` (the live game) and :mod:`dashboard.classroom.record` (a
game's record replayed) both go through here, so a replay is the game. Refusals are
:class:`ClassroomError`, whose text is one sentence for the page.
"""

from __future__ import annotations

from agents.orders import MOVES, PROPOSALS, Orders
from model import ArmsRaceModel
from model.scenario.loader import SCENARIOS
from model.simulation.diplomacy import arms_offers

from .. import guard
from ..session import BUDGET_CHANGE


class ClassroomError(guard.Refused):
    """A refused classroom action; ``str()`` is the one sentence the page shows."""




def checked_orders(model, state: str, raw: dict) -> dict:
    """A seat's orders as plain values, each checked against what the page offers
    (dashboard/guard.py): budget change in per cent within the slider's range, partners
    among the other states, moves among ``MOVES``, suppliers among this year's offers."""
    if not isinstance(raw, dict):
        raise ClassroomError("Orders must come from the page's own form.")
    others = [n for n in model.world.names if n != state]
    budget = guard.number_in(raw.get("budget_change", 0.0), *BUDGET_CHANGE,
                             "The budget change (%)")
    moves = raw.get("alliance_moves") or {}
    if not isinstance(moves, dict):
        raise ClassroomError("Alliance moves must come from the page's own form.")
    moves = {guard.one_of(p, others, "partner"): guard.one_of(m, list(MOVES), "alliance move")
             for p, m in moves.items()}
    return {"budget_change": budget,
            "alliance_moves": dict(sorted(moves.items())),
            "decline_arms_from": sorted(guard.some_of(raw.get("decline_arms_from", []),
                                                      list(arms_offers(model, state)),
                                                      "supplier")),
            "propose_cbm": sorted(guard.some_of(raw.get("propose_cbm", []), others, "partner")),
            "propose_treaty": sorted(guard.some_of(raw.get("propose_treaty", []), others,
                                                   "partner"))}


def checked_answers(answers, model, state: str) -> list[dict]:
    """A record's answers of ``state`` to others' proposals: who, what, yes or no."""
    others = [n for n in model.world.names if n != state]
    if not isinstance(answers, list) or not all(isinstance(a, dict) for a in answers):
        raise ClassroomError("Answers must be a list, as the record writes them.")
    out = []
    for a in answers:
        if not isinstance(a.get("accept"), bool):
            raise ClassroomError("An answer must accept (true) or reject (false).")
        out.append({"from": guard.one_of(a.get("from"), others, "proposer"),
                    "kind": guard.one_of(a.get("kind"), PROPOSALS, "kind of proposal"),
                    "accept": a["accept"]})
    return out


def play_year(model, seats: list[dict]) -> None:
    """One year from the record's rows: a row with orders is a played state (its orders
    set), a row without is the computer's; then the model steps. The game and
    :func:`replay` both go through here."""
    for row in seats:
        state, orders = row["state"], row["orders"]
        if orders is None:
            model.release(state)
            continue
        o: Orders = model.play_as(state)
        o.budget_change = orders["budget_change"] / 100.0
        o.alliance_moves = dict(orders["alliance_moves"])
        o.decline_arms_from = set(orders["decline_arms_from"])
        o.propose_cbm = set(orders["propose_cbm"])
        o.propose_treaty = set(orders["propose_treaty"])
        o.answers = {(a["from"], a["kind"]): bool(a["accept"])
                     for a in orders.get("answers", [])}
    model.step()


def scripted_until(scenario) -> int:
    """The last year of a scenario's scripted history (its last dated event), within its
    run; the start year when it scripts nothing."""
    years = [e.year for e in scenario.events if e.year < scenario.start_year + scenario.years]
    return max([scenario.start_year, *years])


def new_model(scenario: str, seed: int | None, start_year: int):
    """The scenario's model, stepped silently (every state the computer's) to ``start_year``."""
    model = ArmsRaceModel(SCENARIOS / scenario, rng=seed)
    while model.year < start_year:
        model.step()
    return model
