"""dashboard/classroom/game.py and rules.py: the class game's rules, without a browser."""

import pytest

from dashboard.classroom.game import Games
from dashboard.classroom.rules import ClassroomError
from dashboard.guard import Refused

KEY = "lecturer-secret"
ORDERS = {"budget_change": 10.0, "alliance_moves": {"France": "seek"},
          "propose_cbm": ["Azerbaijan"]}


@pytest.fixture(scope="module")
def games():
    return Games(KEY)


@pytest.fixture
def game(games):
    return games.create(KEY, "baseline_2020.yaml")


def test_starts_where_the_scripted_history_ends(game):
    assert game.start_year == 2025 and game.year == 2025
    assert sorted(game.free_states()) == sorted(game.model.world.names)


def test_refusals_are_one_clear_sentence(games, game):
    with pytest.raises(ClassroomError, match="No game has that code"):
        games.get("NOPE9")
    with pytest.raises(ClassroomError, match="Only the lecturer"):
        games.create("wrong", "baseline_2020.yaml")
    with pytest.raises(ClassroomError, match="Only the lecturer"):
        game.advance("wrong")
    with pytest.raises(ClassroomError, match="Only the lecturer"):
        game.hand_to_computer("wrong", "Armenia")
    with pytest.raises(ClassroomError, match="not a seat in this game"):
        game.submit("forged-token", ORDERS)
    token = game.join("Ana", "Armenia")
    with pytest.raises(ClassroomError, match="Armenia is taken"):
        game.join("Ben", "Armenia")
    with pytest.raises(Refused, match="not one of those offered"):
        game.join("Ben", "Atlantis")
    with pytest.raises(Refused, match="budget change"):
        game.submit(token, {**ORDERS, "budget_change": 500})
    with pytest.raises(Refused, match="not one of those offered"):
        game.submit(token, {**ORDERS, "alliance_moves": {"Armenia": "seek"}})  # itself
    assert game.year == 2025 and not game.submissions


def test_year_resolves_when_every_seat_has_submitted(game):
    a = game.join("Ana", "Armenia")
    b = game.join("Ben", "Azerbaijan")
    assert game.submit(a, ORDERS, "We want peace.") is False
    assert game.year == 2025
    assert game.submit(b, {"budget_change": -5}) is False   # Armenia's CBMs wait for an answer
    assert game.answer(b, "Armenia", "cbm", False) is True
    assert game.year == 2026
    rows = {r["state"]: r for r in game.years[-1]["seats"]}
    assert rows["Armenia"]["orders"]["budget_change"] == 10.0
    assert rows["Russia"]["orders"] is None and rows["Russia"]["source"] == "free"
    assert game.public == [{"year": 2026, "state": "Armenia", "text": "We want peace."}]


def test_orders_are_hidden_until_the_year_resolves(game):
    a = game.join("Ana", "Armenia")
    b = game.join("Ben", "Azerbaijan")
    game.submit(a, ORDERS, "secret plan? no: public statement")
    seen = game.view(b)
    assert seen["submitted"] == ["Armenia"] and seen["my_orders"] is None
    assert "10.0" not in repr(seen) and "seek" not in repr(seen)
    assert seen["statements"] == []   # statements go public with the year
    assert game.view(a)["my_orders"]["budget_change"] == 10.0


def test_lecturer_advances_keep_or_computer(game):
    a = game.join("Ana", "Armenia")
    game.join("Ben", "Azerbaijan")
    game.submit(a, ORDERS)
    game.advance(KEY)
    rows = {r["state"]: r for r in game.years[-1]["seats"]}
    assert rows["Azerbaijan"]["source"] == "kept"
    assert rows["Azerbaijan"]["orders"]["budget_change"] == 0.0
    game.settings(KEY, unsubmitted="computer")
    game.advance(KEY)
    rows = {r["state"]: r for r in game.years[-1]["seats"]}
    assert rows["Armenia"]["source"] == "computer" and rows["Armenia"]["orders"] is None
    assert game.model.states["Armenia"].strategy.name == game.strategies["Armenia"]


def test_handing_a_seat_to_the_computer_revokes_its_token(game):
    a = game.join("Ana", "Armenia")
    game.hand_to_computer(KEY, "Armenia")
    with pytest.raises(ClassroomError, match="not a seat in this game"):
        game.submit(a, ORDERS)
    assert "Armenia" not in game.free_states()
    game.free_seat(KEY, "Armenia")
    assert "Armenia" in game.free_states()


def test_teams_share_a_state_when_allowed(game):
    game.join("Ana", "Armenia")
    game.settings(KEY, teams=True)
    b = game.join("Ben", "Armenia")
    assert game.seats["Armenia"].players == ["Ana", "Ben"]
    assert game.view(b)["state"] == "Armenia"


def test_reconnect_by_token(games, game):
    token = game.join("Ana", "Armenia")
    again = games.get(game.code.lower())
    assert again is game and again.view(token)["name"] == "Ana"


def test_two_games_are_isolated(games):
    one = games.create(KEY, "baseline_2020.yaml")
    two = games.create(KEY, "baseline_2020.yaml")
    assert one.code != two.code and one.model is not two.model
    token = one.join("Ana", "Armenia")
    with pytest.raises(ClassroomError, match="not a seat in this game"):
        two.submit(token, ORDERS)
    one.submit(token, {"budget_change": 30})
    assert one.year == 2026 and two.year == 2025
    assert "Armenia" in two.free_states()


def test_idle_games_are_culled(games):
    g = games.create(KEY, "baseline_2020.yaml")
    assert g.code in games.cull(now=g.touched + 4 * 3600)
    with pytest.raises(ClassroomError, match="No game has that code"):
        games.get(g.code)


def test_proposals_go_to_the_other_seat_which_answers_them(game):
    a = game.join("Ana", "Armenia")
    b = game.join("Ben", "Azerbaijan")
    c = game.join("Cem", "Turkey")
    game.submit(a, {"alliance_moves": {"Azerbaijan": "seek"}, "propose_cbm": ["Azerbaijan"],
                    "propose_treaty": ["Russia"]})   # Russia has no players: the model answers
    assert [p["kind"] for p in game.view(b)["proposals"]] == ["alliance", "cbm"]
    assert game.view(c)["proposals"] == []           # only the addressee sees a proposal
    assert game.view(a)["proposals"] == []
    with pytest.raises(ClassroomError, match="no longer on the table"):
        game.answer(c, "Armenia", "cbm", True)       # not Turkey's to answer
    with pytest.raises(Refused, match="kind of proposal"):
        game.answer(b, "Armenia", "war", True)
    game.submit(b, {"budget_change": 0})
    game.submit(c, {"budget_change": 0})
    assert game.year == 2025 and len(game.unanswered()) == 2
    assert game.answer(b, "Armenia", "alliance", True) is False
    assert game.answer(b, "Armenia", "cbm", False) is True   # the last answer resolves
    notes = {e.text: e.why for e in game.model.chronicle if e.year == 2026}
    assert "Azerbaijan accepts Armenia's offer to seek their tie" in notes
    assert notes["Azerbaijan rejects Armenia's CBMs"] == "Azerbaijan's players said no"
    assert game.view(b)["proposals"] == []           # a new year, a clean table


def test_a_proposal_withdrawn_cannot_be_answered_and_the_lecturer_need_not_wait(game):
    a = game.join("Ana", "Armenia")
    b = game.join("Ben", "Azerbaijan")
    game.submit(a, {"propose_treaty": ["Azerbaijan"]})
    game.submit(b, {"budget_change": 0})
    game.submit(a, {"budget_change": 5})              # the treaty is withdrawn
    assert game.year == 2026                          # nothing left to answer: resolved
    game.submit(a, {"propose_treaty": ["Azerbaijan"]})
    with pytest.raises(ClassroomError, match="no longer on the table"):
        game.answer(b, "Armenia", "cbm", True)
    game.advance(KEY)                                 # unanswered: the model answers
    assert game.year == 2027
    assert "answers" not in game.years[-1]["seats"][1]["orders"]


def test_the_printed_lecturer_link_carries_the_key(monkeypatch):
    from dashboard.serving import LECTURER_KEY, lecturer_link

    monkeypatch.setenv(LECTURER_KEY, KEY)
    assert f"http://127.0.0.1:8765/classroom?key={KEY}" in lecturer_link("127.0.0.1", 8765)
    shared = lecturer_link("0.0.0.0", 8765)
    assert f"http://THIS-COMPUTER:8765/classroom?key={KEY}" in shared
    assert "hostname -I" in shared


def test_a_change_wakes_the_pages_that_follow_the_game(game):
    event = game.watch()
    assert not event.is_set()
    game.join("Ana", "Armenia")
    assert event.is_set()
    event.clear()
    game.unwatch(event)
    game.join("Ben", "Azerbaijan")
    assert not event.is_set()


def test_the_lecturer_pauses_and_resumes(game):
    """Only the lecturer pauses; while paused no orders or answers are taken and the year
    does not resolve; on resuming, a complete year resolves at once."""
    a, b = game.join("Ana", "Armenia"), game.join("Ben", "Azerbaijan")
    game.submit(a, {"budget_change": 5, "propose_cbm": ["Azerbaijan"]})
    with pytest.raises(ClassroomError, match="Only the lecturer"):
        game.pause("not-the-key", True)
    game.pause(KEY, True)
    assert game.view(b)["paused"] is True
    with pytest.raises(ClassroomError, match="paused the game"):
        game.submit(b, {"budget_change": 0})
    with pytest.raises(ClassroomError, match="paused the game"):
        game.answer(b, "Armenia", "cbm", True)
    with pytest.raises(ClassroomError, match="paused: resume it first"):
        game.advance(KEY)
    assert game.year == 2025 and "Azerbaijan" not in game.submissions
    game.pause(KEY, False)
    assert game.year == 2025                     # Azerbaijan has not submitted yet
    game.submit(b, {"budget_change": 0})
    game.pause(KEY, True)
    with pytest.raises(ClassroomError, match="paused the game"):
        game.answer(b, "Armenia", "cbm", True)
    game.pause(KEY, False)
    assert game.year == 2025                     # a proposal is still unanswered
    game.answer(b, "Armenia", "cbm", True)
    assert game.year == 2026                     # every seat in and answered: it resolves


def test_resuming_a_complete_year_resolves_it(game):
    """Paused, the lecturer hands the one seat still missing to the computer: every seat
    left has submitted, so resuming resolves the year."""
    a, b = game.join("Ana", "Armenia"), game.join("Ben", "Azerbaijan")
    game.submit(a, {"budget_change": 5})
    game.pause(KEY, True)
    game.hand_to_computer(KEY, "Azerbaijan")
    assert game.year == 2025                     # paused: nothing resolves
    game.pause(KEY, False)
    assert game.year == 2026
    with pytest.raises(ClassroomError, match="not a seat in this game"):
        game.view(b)
