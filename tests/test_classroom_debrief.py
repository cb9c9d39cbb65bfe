"""dashboard/classroom/debrief.py: the class debrief, read off the game and the same-seed
computer play (no browser)."""

import pytest

from dashboard.classroom.debrief import debrief_markdown, history_overlap, regional_events
from dashboard.classroom.game import Games
from model import ArmsRaceModel
from model.scenario.loader import SCENARIOS

KEY = "lecturer-secret"


@pytest.fixture(scope="module")
def played():
    game = Games(KEY).create(KEY, "baseline_2020.yaml")
    a = game.join("Ana", "Armenia")
    for _ in range(3):
        game.submit(a, {"budget_change": 25})
    game.end(KEY)
    return game


def test_each_state_against_the_computers_own_play(played):
    text = debrief_markdown(played)
    computer = ArmsRaceModel(SCENARIOS / "baseline_2020.yaml", rng=played.seed)
    computer.run(played.year - computer.year)
    cf = computer.frame()
    arm = cf[(cf.state == "Armenia") & (cf.year == 2028)].iloc[0]
    mine = played.model.frame()
    me = mine[(mine.state == "Armenia") & (mine.year == 2028)].iloc[0]
    assert me.milex > arm.milex          # +25% a year is more than the rule gives
    assert f"| Armenia | Ana | {me.milex:.2f} | {arm.milex:.2f} |" in text
    assert "| Russia | computer |" in text
    crises, wars = regional_events(mine, 2025, 2028)
    assert f"Crises in 2026–2028: **{crises}** in the class's game" in text
    assert "no history to set them against" in text    # 2026–28 lie after the data
    assert "## For discussion" in text


def test_history_where_the_game_overlaps_it():
    game = Games(KEY).create(KEY, "baseline_2020.yaml", start_year=2020)
    a = game.join("Ana", "Armenia")
    game.submit(a, {"budget_change": 0})
    game.submit(a, {"budget_change": 0})
    table = history_overlap(game.model.frame(), game.model.world.names, 2020, 2022)
    arm = table[table.state == "Armenia"].set_index("year")
    assert arm.observed.to_dict() == {2021: 0.619, 2022: 0.795}   # SIPRI, the shipped data
    assert "| Armenia | 2021 | 0.619 |" in debrief_markdown(game)


def test_concepts_come_from_the_games_own_years(played):
    text = debrief_markdown(played)
    concepts = text.split("## Concepts at work")[1].split("## For discussion")[0]
    kinds = {e.kind for e in played.model.chronicle if e.year > 2025}
    assert ("The spiral" in concepts) == ("crisis" in kinds)
    assert ("Commitment problems" in concepts) == bool({"war", "peace_treaty"} & kinds)


def test_a_treaty_the_class_signed_is_a_commitment_problem_not_balancing():
    """A players' treaty shows Fearon's commitment problem (as a scenario's treaty does), not
    external balancing, which once took every player's entry."""
    from dashboard.classroom.debrief import concepts_seen

    game = Games(KEY).create(KEY, "baseline_2020.yaml")
    arm, aze = game.join("Ana", "Armenia"), game.join("Aydin", "Azerbaijan")
    game.submit(arm, {"propose_treaty": ["Azerbaijan"]})
    game.submit(aze, {})
    game.answer(aze, "Armenia", "treaty", True)
    signed = [e for e in game.model.chronicle
              if e.kind == "player" and "sign a peace treaty" in e.text]
    assert len(signed) == 1 and signed[0].year > 2025
    seen = {c.split(":")[0]: states for c, states, _ in concepts_seen(signed, 2025)}
    assert set(seen) == {"Commitment problems (Fearon 1995)"}
    assert seen["Commitment problems (Fearon 1995)"] == ["Armenia", "Azerbaijan"]
