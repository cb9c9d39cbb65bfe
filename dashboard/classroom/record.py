"""A class game's record: the CSV a lecturer downloads, and the record (JSON) read back and
replayed year by year through the game's own rules (:mod:`dashboard.classroom.rules`) —
same scenario + same seed + same orders = the same table. A record is an upload like any
other browser input: checked as it is replayed, a bad one is a :class:`ClassroomError`
naming the year, state and field.
"""

from __future__ import annotations

import csv
import io
import json

from .. import guard
from ..session import scenario_files, scenario_info
from .rules import ClassroomError, checked_answers, checked_orders, new_model, play_year


def record_csv(record: dict) -> str:
    """A record as CSV: one row per year and state — who played it, how, the orders and
    the statement."""
    out = io.StringIO()
    cols = ["year", "state", "players", "source", "budget_change_pct", "alliance_moves",
            "decline_arms_from", "propose_cbm", "propose_treaty", "answers", "statement"]
    writer = csv.DictWriter(out, cols)
    writer.writeheader()
    for year in record["years"]:
        for r in year["seats"]:
            o = r["orders"] or {}
            writer.writerow({
                "year": year["year"], "state": r["state"], "players": "; ".join(r["players"]),
                "source": r["source"], "budget_change_pct": o.get("budget_change", ""),
                "alliance_moves": "; ".join(f"{k}:{v}" for k, v in
                                            (o.get("alliance_moves") or {}).items()),
                "decline_arms_from": "; ".join(o.get("decline_arms_from", [])),
                "propose_cbm": "; ".join(o.get("propose_cbm", [])),
                "propose_treaty": "; ".join(o.get("propose_treaty", [])),
                "answers": "; ".join(
                    f"{a['from']} {a['kind']}: {'accepted' if a['accept'] else 'rejected'}"
                    for a in o.get("answers", [])),
                "statement": r["statement"]})
    return out.getvalue()


def replay(record: dict):
    """The model a game's record describes, rebuilt year by year: its ``frame()`` is the
    game's table (same scenario, seed, start year and orders).

    A record is checked as it is replayed, as a seat's orders are when submitted — a record
    file is a browser's upload like any other — and a bad one is a :class:`ClassroomError`
    naming the year, state and field."""
    if not isinstance(record, dict) or not isinstance(record.get("years"), list):
        raise ClassroomError("This is not a class game record: download one from the "
                             "lecturer's page (Record (JSON)).")
    scenario = guard.one_of(record.get("scenario"), scenario_files(), "scenario")
    sc, error = scenario_info(scenario)
    if sc is None:
        raise ClassroomError(f"The record's scenario cannot be run: {error}")
    seed = guard.seed(record.get("seed"))
    start = guard.whole_number(record.get("start_year"), sc.start_year,
                               sc.start_year + sc.years - 1, "The record's start year")
    model = new_model(scenario, seed, start)
    for k, year in enumerate(record["years"]):
        where = f"The record's year {model.year + 1}"
        if not isinstance(year, dict) or not isinstance(year.get("seats"), list):
            raise ClassroomError(f"{where} has no seats: the file was changed or cut short.")
        if year.get("year") != model.year + 1 or model.year >= model.end_year:
            raise ClassroomError(f"{where}: entry {k + 1} is dated {year.get('year')!r}; "
                                 "the years must follow each other within the scenario.")
        rows = []
        for row in year["seats"]:
            state = guard.one_of(row.get("state") if isinstance(row, dict) else None,
                                 model.world.names, f"state ({where})")
            raw = row.get("orders")
            try:
                orders = None if raw is None else {
                    **checked_orders(model, state, raw),
                    "answers": checked_answers(raw.get("answers", []), model, state)}
            except guard.Refused as err:
                raise ClassroomError(f"{where}, {state}: {err}") from None
            rows.append({"state": state, "orders": orders})
        play_year(model, rows)
    for state in model.world.names:   # after the record, the computer plays on
        model.release(state)
    return model


def read_record(data: bytes, name: str = "the record") -> dict:
    """A record file's JSON (an upload), or a :class:`ClassroomError` saying what is wrong."""
    try:
        record = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        where = f" (line {err.lineno}, column {err.colno})" if hasattr(err, "lineno") else ""
        raise ClassroomError(f"{name} is not a class game record{where}: upload the JSON "
                             "file the lecturer's page downloads (Record (JSON)).") from None
    return record
