"""dashboard/replay.py: a class game's record, uploaded, becomes the page's run."""

import pytest

from dashboard import guard
from dashboard.classroom.game import Games
from dashboard.classroom.rules import ClassroomError
from dashboard.replay import replay_upload
from dashboard.session import Session

KEY = "k"


@pytest.fixture(scope="module")
def game():
    g = Games(KEY).create(KEY, "baseline_2020.yaml")
    a, b = g.join("Ana", "Armenia"), g.join("Ben", "Azerbaijan")
    g.submit(a, {"budget_change": 20, "propose_treaty": ["Azerbaijan"]}, "Peace?")
    g.submit(b, {"budget_change": -10})
    g.answer(b, "Armenia", "treaty", True)
    g.submit(a, {"budget_change": 20})
    g.advance(KEY)
    return g


def test_an_uploaded_record_is_the_games_table_and_steps_on(game):
    s = Session(seed=7)
    replay_upload(s, "class_game.json", game.record_json().encode())
    assert s.frame().equals(game.model.frame())
    assert "Class game class_game.json" in s.replayed and "2025–2027" in s.replayed
    assert s.seed == game.seed and s.scenario_name == "baseline_2020.yaml"
    assert any("sign a peace treaty" in str(e) for e in s.model.chronicle)
    assert s.step() and s.model.year == 2028          # the computer plays on
    assert all(a.strategy.name == s.model.scenario.states[a.name].strategy
               for a in s.model.agent_list)
    s.reset()
    assert s.replayed == "" and s.model.year == s.model.scenario.start_year


def test_a_bad_upload_is_refused_and_the_run_stays(game):
    s = Session(seed=7)
    before = s.model
    with pytest.raises(ClassroomError, match="mine.json is not a class game record"):
        replay_upload(s, "mine.json", b"\xff\xfe not json")
    with pytest.raises(guard.Refused, match="too large"):
        replay_upload(s, "big.json", b" " * 3_000_000)
    assert s.model is before and s.replayed == ""
