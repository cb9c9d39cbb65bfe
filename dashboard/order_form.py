"""The orders a player gives for the coming year, as one form: drawn by Play a state
(dashboard/play.py) and by a class game's seat page (dashboard/classroom/pages.py), so the
two offer the same choices with the same labels. The server checks what comes back
(``Session.decide``; ``Game.submit`` through agents/orders.py), never this form."""

from __future__ import annotations

from collections.abc import Callable

import solara

from agents.orders import MOVES

from .session import BUDGET_CHANGE

NO_MOVE = "(no move)"


def blank(others: list[str]) -> dict:
    """A fresh form: no budget change, no move, nothing proposed or declined."""
    return {"budget": 0.0, "partner": others[0], "move": NO_MOVE, "cbm": [], "treaty": [],
            "decline": []}


def declined(form: dict, offers: list[str]) -> list[str]:
    """The suppliers the form declines that offer arms this year (a refusal kept from an
    earlier year is dropped once that supplier stops offering)."""
    return [s for s in form["decline"] if s in offers]


def as_orders(form: dict, offers: list[str]) -> dict:
    """The form as the fields of :class:`agents.orders.Orders` (budget change in per cent)."""
    return {"budget_change": form["budget"],
            "alliance_moves": {} if form["move"] == NO_MOVE else {form["partner"]: form["move"]},
            "decline_arms_from": declined(form, offers), "propose_cbm": form["cbm"],
            "propose_treaty": form["treaty"]}


@solara.component
def OrderFields(form: dict, on: Callable[[str], Callable], others: list[str],
                offers: list[str]):
    """The form's fields: budget change (its value in the label), an alliance move with one
    partner, arms to decline (only when some are offered), CBMs and treaties to propose.
    ``on(field)`` is the callback that sets ``field``."""
    solara.SliderFloat(f"Budget change this year: {form['budget']:+.0f}%", value=form["budget"],
                       min=BUDGET_CHANGE[0], max=BUDGET_CHANGE[1], step=1, on_value=on("budget"))
    solara.Select(label="Alliance move with", values=others, value=form["partner"],
                  on_value=on("partner"))
    solara.ToggleButtonsSingle(value=form["move"], values=[NO_MOVE, *MOVES], on_value=on("move"))
    if offers:
        solara.SelectMultiple("Decline arms from", values=declined(form, offers),
                              all_values=offers, on_value=on("decline"))
    solara.SelectMultiple("Propose confidence-building to", values=form["cbm"],
                          all_values=others, on_value=on("cbm"))
    solara.SelectMultiple("Propose a peace treaty to", values=form["treaty"], all_values=others,
                          on_value=on("treaty"))
