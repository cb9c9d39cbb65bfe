"""dashboard/order_form.py: the one orders form of Play a state and of the class game."""

import ipyvuetify as v
import solara

from agents.orders import Orders
from dashboard.order_form import NO_MOVE, OrderFields, as_orders, blank

OTHERS = ["Azerbaijan", "Russia", "Turkey"]


def test_a_blank_form_orders_nothing():
    o = as_orders(blank(OTHERS), offers=["Russia"])
    assert o == {"budget_change": 0.0, "alliance_moves": {}, "decline_arms_from": [],
                 "propose_cbm": [], "propose_treaty": []}
    Orders(**{**o, "budget_change": o["budget_change"] / 100})   # the fields Orders takes


def test_a_move_names_its_partner_and_a_stale_refusal_is_dropped():
    form = {**blank(OTHERS), "budget": 5.0, "partner": "Russia", "move": "seek",
            "decline": ["Russia", "Turkey"], "cbm": ["Azerbaijan"]}
    o = as_orders(form, offers=["Turkey"])
    assert o["alliance_moves"] == {"Russia": "seek"} and o["budget_change"] == 5.0
    assert o["decline_arms_from"] == ["Turkey"]      # Russia no longer offers arms
    assert o["propose_cbm"] == ["Azerbaijan"]
    assert as_orders({**form, "move": NO_MOVE}, [])["alliance_moves"] == {}


def _labels(offers):
    @solara.component
    def Page():
        OrderFields(blank(OTHERS), lambda field: (lambda value: None), OTHERS, offers)

    box, rc = solara.render(Page(), handle_error=False)
    labels = [w.label for w in rc.find(v.Select).widgets + rc.find(v.Slider).widgets]
    rc.close()
    return labels


def test_the_fields_and_decline_only_when_arms_are_offered():
    shown = _labels(["Russia"])
    assert "Budget change this year: +0%" in shown and "Alliance move with" in shown
    assert "Decline arms from" in shown
    assert "Propose confidence-building to" in shown and "Propose a peace treaty to" in shown
    assert "Decline arms from" not in _labels([])
