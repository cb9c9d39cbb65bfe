"""dashboard/classroom/record.py: a game's record as CSV, read back and replayed to the same
table; a bad record refused with where and what."""

import csv
import io
import json

import pytest

from dashboard.classroom.game import Games
from dashboard.classroom.record import read_record, replay
from dashboard.classroom.rules import ClassroomError
from dashboard.guard import Refused

KEY = "lecturer-secret"
ORDERS = {"budget_change": 10.0, "alliance_moves": {"France": "seek"},
          "propose_cbm": ["Azerbaijan"]}


@pytest.fixture
def game():
    return Games(KEY).create(KEY, "baseline_2020.yaml")


def json_copy(record):
    return json.loads(json.dumps(record))


def test_record_replays_to_the_same_table(game):
    a = game.join("Ana", "Armenia")
    b = game.join("Ben", "Azerbaijan")
    game.submit(a, ORDERS, "Peace.")
    game.submit(b, {"budget_change": 20, "alliance_moves": {"Turkey": "strengthen"}})
    game.answer(b, "Armenia", "cbm", True)
    assert game.year == 2026
    assert game.years[0]["seats"][1]["orders"]["answers"] == [
        {"from": "Armenia", "kind": "cbm", "accept": True}]
    game.submit(a, {"budget_change": -10, "propose_treaty": ["Azerbaijan"]})
    game.settings(KEY, unsubmitted="computer")
    game.advance(KEY)
    assert game.year == 2027
    rebuilt = replay(game.record())
    assert rebuilt.frame().equals(game.model.frame())
    rows = list(csv.DictReader(io.StringIO(game.record_csv())))
    assert len(rows) == 2 * 8
    assert rows[0]["state"] == "Armenia" and rows[0]["statement"] == "Peace."
    assert rows[1]["answers"] == "Armenia cbm: accepted"
    # the orders matter: a record with another budget gives another table
    record = game.record()
    record["years"][0]["seats"][0]["orders"]["budget_change"] = -20.0
    assert not replay(record).frame().equals(game.model.frame())


def test_a_bad_record_is_refused_with_where_and_what(game):
    a = game.join("Ana", "Armenia")
    game.submit(a, {"budget_change": 5})
    game.submit(a, {"budget_change": 5})
    good = game.record()
    assert replay(read_record(game.record_json().encode())).frame().equals(game.model.frame())
    with pytest.raises(ClassroomError, match="not a class game record .line 1"):
        read_record(b"{not json")
    with pytest.raises(ClassroomError, match="not a class game record"):
        replay({"scenario": "baseline_2020.yaml"})
    bad = json_copy(good)
    bad["years"][1]["seats"][0]["orders"]["budget_change"] = 900
    with pytest.raises(ClassroomError, match="year 2027, Armenia: The budget change"):
        replay(bad)
    bad = json_copy(good)
    bad["years"][1]["year"] = 2031
    with pytest.raises(ClassroomError, match="years must follow each other"):
        replay(bad)
    bad = json_copy(good)
    bad["scenario"] = "../../etc/passwd"
    with pytest.raises(Refused, match="not one of those offered"):
        replay(bad)
