"""Mechanism switches (``mechanisms:`` in a scenario, ``--off NAME``, ``mechanisms.NAME`` in a
sweep): each named mechanism of the model can be replaced by a stated neutral version.

Declared once, here: one bool field per mechanism (default true), its description naming
the theory, and its ``neutral`` version (what runs instead when it is switched off). The
scenario schema, the loader's overrides, the command line's ``--off`` names, the docs table
in docs/model.md ("Mechanism switches", ``python -m model.scenario.mechanisms``) and the
dashboard all read this declaration. Where each switch acts: the model's effective inputs
(:mod:`model.simulation.effective`), its phases (:mod:`model.simulation.model`) and
:mod:`model.simulation.crises`.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from model.scenario.vocabulary import Strict

#: The distinguishability every observer uses when ``signalling`` is off: the reference value
#: (the parameter's default), whatever the scenario or confidence-building say.
NEUTRAL_DISTINGUISHABILITY = 0.5


def _switch(description: str, neutral: str):
    return Field(True, description=description, json_schema_extra={"neutral": neutral})


class Mechanisms(BaseModel):
    """Which mechanisms run (all by default). A switched-off mechanism runs its neutral version."""

    model_config = Strict

    spiral: bool = _switch(
        "the spiral (Herz 1950; Jervis 1976): rivals' arming raises the belief they are hostile",
        "each year beliefs are what the ties imply (max(−S, 0), lowered by confidence-building "
        "as in §7.5): no update from rivals' arming")
    offence_defence: bool = _switch(
        "the offence–defence balance (Jervis 1978; Van Evera 1998) in threat, offensive share, "
        "spiral, crisis and war odds",
        "the balance is neutral (odb = 1) everywhere it enters, whatever the scenario says")
    signalling: bool = _switch(
        "distinguishability of postures (Jervis 1978; Glaser 1997): security seekers choose "
        "defence others can see, and others read arming as offensive only where they cannot "
        "tell it apart",
        f"distinguishability is fixed at {NEUTRAL_DISTINGUISHABILITY}: in the postures states "
        "choose and in what observers read, the parameter and confidence-building's boost to it "
        "have no effect (monitoring still lets observers see)")
    proximity: bool = _switch(
        "proximity (Boulding 1962; Walt 1987): power that must travel far threatens less",
        "all pairs are equally near (proximity 1 off the diagonal)")
    alliance_cover: bool = _switch(
        "allied cover (Waltz 1979; Walt 1987): reliable allies take part of a threat",
        "no cover: allies take none of a state's threat (cover 0)")
    commitments: bool = _switch(
        "alliance commitments (Leeds 2003): a crisis invokes the target's allies, who honour "
        "or break the call",
        "no commitment is invoked, in crises or scheduled alliance tests: none honoured or "
        "broken, trust and ties unchanged by them, no honoured allies deter")
    power_shift: bool = _switch(
        "the commitment problem (Fearon 1995; Powell 2006): the side whose power is declining "
        "has a preventive motive for war",
        "no preventive motive: the declining side's fall in power share enters war odds as 0")
    private_information: bool = _switch(
        "private information (Fearon 1995): states estimate each other's capability with error, "
        "and mutual optimism makes bargaining fail",
        "every estimate is exact: no mutual optimism, so private information adds no war risk")
    arms_trade: bool = _switch(
        "endogenous arms transfers (Walt 1987; Krause 1992): suppliers arm friends",
        "no endogenous transfers (rate 0; none offered to players); arms deals scheduled by "
        "the scenario's events still deliver")
    alignment: bool = _switch(
        "external balancing (Walt 1987): ties drift with shared threats and enemies' friends",
        "no drift from threats (alignment rate 0): ties still return to their treaty anchors "
        "at tie_decay, and events, crises and wars still move them")
    hedging: bool = _switch(
        "hedging after abandonment (Snyder 1984; Kuik 2008; Walt 1987): a client that lost "
        "trust in its friends seeks partners that side less with its threats",
        "no hedging (rate 0): lost trust lowers reliability and cover but moves no other tie")
    guns_vs_butter: bool = _switch(
        "guns versus butter: a defence burden above the reference drags GDP growth",
        "no growth drag: GDP grows at trend (energy prices and wars still move it); foregone "
        "health budgets are still counted")

    def off(self) -> list[str]:
        """The names of the mechanisms switched off."""
        return [name for name in MECHANISMS if not getattr(self, name)]


#: the mechanisms' names, in declaration order
MECHANISMS: tuple[str, ...] = tuple(Mechanisms.model_fields)


def neutral(name: str) -> str:
    """What runs instead of mechanism ``name`` when it is switched off."""
    return Mechanisms.model_fields[name].json_schema_extra["neutral"]


def table() -> str:
    """The Markdown table of docs/model.md's "Mechanism switches" (kept current by a test)."""
    rows = ["| switch | mechanism (theory) | neutral version when off |", "|---|---|---|"]
    for name, f in Mechanisms.model_fields.items():
        rows.append(f"| `{name}` | {f.description} | {neutral(name)} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(table(), end="")
