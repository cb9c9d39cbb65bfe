"""Play a state: a student's orders (agents/orders.py) and how the computer answers them
(model/simulation/diplomacy.py)."""

import numpy as np
import pytest

from model import ArmsRaceModel, load_scenario
from model.scenario.event_schema import ConfidenceBuilding, PeaceTreaty
from model.simulation.diplomacy import arms_offers
from model.simulation.events import APPLY

BASELINE = "scenarios/baseline_2020.yaml"


@pytest.fixture
def model():
    return ArmsRaceModel(load_scenario(BASELINE), rng=5)


def test_budget_order_replaces_the_rule(model):
    orders = model.play_as("Armenia")
    before = model.states["Armenia"].milex
    orders.budget_change = 0.10
    model.step()
    assert model.states["Armenia"].milex == pytest.approx(before * 1.10)
    assert orders.budget_change is None  # orders last one year
    assert model.states["Armenia"].strategy.name == "human"


def test_without_orders_the_player_state_follows_the_rule():
    sc = load_scenario(BASELINE)
    a, b = ArmsRaceModel(sc, rng=3), ArmsRaceModel(sc, rng=3)
    b.play_as("Armenia")  # Armenia is a defensive realist already: same path
    a.run(5)
    b.run(5)
    np.testing.assert_allclose(a.world.milex, b.world.milex)


def test_a_friend_accepts_an_alliance_offer_and_a_rival_refuses(model):
    orders = model.play_as("Armenia")
    w = model.world
    arm, fra, aze = w.index("Armenia"), w.index("France"), w.index("Azerbaijan")
    s_fra, s_aze = w.strength[arm, fra], w.strength[arm, aze]
    orders.alliance_moves = {"France": "seek", "Azerbaijan": "seek"}
    model.step()
    texts = [e.text for e in model.chronicle if e.kind == "player"]
    assert "France accepts Armenia's offer to seek their tie" in texts
    assert "Azerbaijan turns down Armenia's approach" in texts
    assert w.anchor[arm, fra] > s_fra
    assert w.strength[arm, aze] <= s_aze + 0.05


def test_a_played_partner_answers_for_itself(model):
    """A class game: Azerbaijan's players accept the approach the model would refuse, and
    Iran's players reject CBMs the model would accept; without an answer the model decides."""
    armenia, azerbaijan, iran = (model.play_as(s) for s in ("Armenia", "Azerbaijan", "Iran"))
    armenia.alliance_moves = {"Azerbaijan": "seek"}
    armenia.propose_cbm = {"Iran", "Azerbaijan"}
    azerbaijan.answers = {("Armenia", "alliance"): True}
    iran.answers = {("Armenia", "cbm"): False}
    w = model.world
    before = w.strength[w.index("Armenia"), w.index("Azerbaijan")]
    model.step()
    notes = {e.text: e.why for e in model.chronicle if e.kind == "player"}
    assert "Azerbaijan accepts Armenia's offer to seek their tie" in notes
    assert w.strength[w.index("Armenia"), w.index("Azerbaijan")] > before
    assert notes["Iran rejects Armenia's CBMs"] == "Iran's players said no"
    assert "Azerbaijan rejects Armenia's CBMs" in notes      # unanswered: the model's fear
    assert "it fears Armenia" in notes["Azerbaijan rejects Armenia's CBMs"]
    assert azerbaijan.answers == {}                         # answers last one year


def test_declining_arms_stops_the_flow(model):
    model.run(3)
    offers = arms_offers(model, "Armenia")
    assert offers, "someone offers Armenia arms"
    supplier = max(offers, key=offers.get)
    orders = model.play_as("Armenia")
    orders.decline_arms_from = {supplier}
    model.step()
    w = model.world
    assert w.arms_flow[w.index(supplier), w.index("Armenia")] == 0.0


def test_cbms_accepted_only_while_fear_is_not_too_high(model):
    orders = model.play_as("Armenia")
    orders.propose_cbm = {"Azerbaijan", "Iran"}
    model.step()
    texts = {e.text for e in model.chronicle if e.kind == "player"}
    assert "Azerbaijan rejects Armenia's CBMs" in texts      # fear 0.9 after the 2020 war
    assert "Armenia and Iran agree CBMs" in texts


def test_debrief_compares_with_the_computers_own_play(model):
    from model.experiments.debrief import compare, counterfactual, debrief_markdown

    orders = model.play_as("Armenia")
    for _ in range(5):
        orders.budget_change = 0.2
        model.step()
    cf = counterfactual(model)
    table = compare(model.frame(), cf, "Armenia")
    assert list(table.year) == list(range(2020, 2026))
    assert table.milex_you.iloc[-1] > table.milex_computer.iloc[-1]
    text = debrief_markdown(model, "Armenia")
    assert "you played Armenia" in text and "Concepts at work" in text
    assert "Alliance reliability" in text  # the CSTO's silence in 2021-22 is in every game
    late = debrief_markdown(model, "Armenia", since=2023)   # took over after history
    assert "you played Armenia, 2023–2025" in late
    assert "| 2022 |" not in late and "| 2023 |" in late and "| 2022 |" in text


def test_a_players_cbms_and_treaty_do_what_the_scenarios_events_do():
    """One implementation: a player's CBMs are a cbm event at level 0.5, a player's treaty a
    peace_treaty event at its default strength, except that the event also sets the
    guarantee and names the tie "normalising"."""
    sc = load_scenario(BASELINE)
    played, scheduled = ArmsRaceModel(sc, rng=2), ArmsRaceModel(sc, rng=2)
    w, v = played.world, scheduled.world
    i, j = w.index("Armenia"), w.index("Iran")
    orders = played.play_as("Armenia")
    orders.propose_cbm, orders.propose_treaty = {"Iran"}, {"Iran"}
    w.anchor[i, j] = w.anchor[j, i] = w.strength[i, j] = w.strength[j, i] = -0.5
    v.anchor[i, j] = v.anchor[j, i] = v.strength[i, j] = v.strength[j, i] = -0.5
    v.guarantee[i, j] = v.guarantee[j, i] = w.guarantee[i, j] = w.guarantee[j, i] = 0.3
    played.now = 2021
    from model.simulation.diplomacy import apply_diplomacy
    apply_diplomacy(played, played.states["Armenia"], orders)
    for ev in (ConfidenceBuilding(kind="cbm", year=2021, a="Armenia", b="Iran"),
               PeaceTreaty(kind="peace_treaty", year=2021, a="Armenia", b="Iran")):
        APPLY[ev.kind](scheduled, ev)
    for name in ("monitoring", "belief", "strength", "anchor"):
        np.testing.assert_array_equal(getattr(w, name), getattr(v, name), err_msg=name)
    assert w.strength[i, j] == -0.2
    assert (w.guarantee[i, j], v.guarantee[i, j]) == (0.3, 0.0)
    assert (w.kind[i, j], v.kind[i, j]) != ("normalising", "normalising")
    assert v.kind[i, j] == "normalising"
