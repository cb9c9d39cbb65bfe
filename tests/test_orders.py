"""Play a state: a student's orders and how the computer answers them (agents/orders.py)."""

import numpy as np
import pytest

from agents.orders import arms_offers
from model import ArmsRaceModel, load_scenario

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
    from model.debrief import compare, counterfactual, debrief_markdown

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
