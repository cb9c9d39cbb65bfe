"""The end-of-game debrief of play mode: the student's path against the computer's own play
of the same state on the same seed (the counterfactual), and the concepts that were at work,
read off the model's own records (never canned).
"""

from __future__ import annotations

import pandas as pd

#: chronicle kinds → the concept a lecturer would name
CONCEPTS = {
    "commitment_broken": "Alliance reliability (Leeds 2003): an ally did not honour its "
                         "commitment, so trust fell and the client armed more (Waltz 1979).",
    "commitment_honoured": "Alliance reliability (Leeds 2003): an ally honoured its "
                           "commitment, deterring war and raising trust.",
    "war": "Commitment problems (Fearon 1995; Powell 2006): bargaining failed when power "
           "shifted or information was private.",
    "crisis": "The spiral (Jervis 1976): crises came from hostility beliefs that rose with "
              "each side's arming.",
    "player": "External balancing (Waltz 1979; Walt 1987): alliances sought, kept or refused "
              "by how threatening the partners found each other.",
    "cbm": "Mitigation (Kydd 2005): confidence-building lowered fear and crises.",
    "peace_treaty": "Commitment problems (Fearon 1995): a treaty without enforcement holds "
                    "only while power stays balanced.",
    "government_pivot": "Alliance reliability (Leeds, Mattes and Vogel 2009): a change of "
                        "course at home frays the old tie.",
}


def counterfactual(model, years: int | None = None) -> pd.DataFrame:
    """The same scenario and seed with every state played by the computer."""
    from model.simulation.model import ArmsRaceModel

    cf = ArmsRaceModel(model.scenario, rng=model.seed)
    cf.run(years if years is not None else model.year - model.scenario.start_year)
    return cf.frame()


def compare(played: pd.DataFrame, computer: pd.DataFrame, state: str) -> pd.DataFrame:
    """Year by year: the student's and the computer's spending, burden and threat for ``state``."""
    cols = ["milex", "burden", "net_threat", "top_threat", "crises", "wars"]
    a = played.loc[played.state == state, ["year", *cols]]
    b = computer.loc[computer.state == state, ["year", *cols]]
    return a.merge(b, on="year", suffixes=("_you", "_computer"))


def concept_of(entry) -> str | None:
    """The concept a chronicle entry shows, or None. A player's agreed CBMs and treaties show
    what the scenario's own CBMs and treaties show (Kydd; Fearon); their alliance moves, arms
    declined and refused proposals, external balancing (Waltz; Walt)."""
    if entry.kind == "player" and entry.data.get("agreed"):
        return CONCEPTS[{"cbm": "cbm", "treaty": "peace_treaty"}[entry.data["order"]]]
    return CONCEPTS.get(entry.kind)


def concepts_at_work(model, state: str) -> list[str]:
    """Concepts shown by what happened to or around ``state`` in this game."""
    seen = []
    for e in model.chronicle:
        concept = concept_of(e)
        if state in e.actors and concept is not None and concept not in seen:
            seen.append(concept)
    return seen


def debrief_markdown(model, state: str, since: int | None = None) -> str:
    """A downloadable debrief: the paths, the differences, the concepts. ``since``: the year
    the student took over (the years before, the same in both games, are left out)."""
    you = model.frame()
    cf = counterfactual(model)
    table = compare(you, cf, state)
    start = model.scenario.start_year if since is None else since
    table = table[table.year >= start]
    last = table.iloc[-1]
    lines = [f"# Debrief: you played {state}, {start}–{model.year}",
             f"Scenario: {model.scenario.name}; seed {model.seed}.", "",
             f"- Your spending in {int(last.year)}: USD {last.milex_you:.2f} bn "
             f"(burden {last.burden_you:.1%}); the computer's own play: USD "
             f"{last.milex_computer:.2f} bn ({last.burden_computer:.1%}).",
             f"- Crises in the region: {int(last.crises_you)} in your game, "
             f"{int(last.crises_computer)} in the computer's; wars: {int(last.wars_you)} vs "
             f"{int(last.wars_computer)}.",
             f"- The state you feared most at the end: {last.top_threat_you} "
             f"(computer: {last.top_threat_computer}).", "", "## Concepts at work", ""]
    lines += [f"- {c}" for c in concepts_at_work(model, state)] or ["- (none recorded)"]
    lines += ["", "## Year by year", "",
              "| year | your milex | computer's milex | your burden | computer's burden |",
              "|---|---|---|---|---|"]
    for r in table.itertuples():
        lines.append(f"| {r.year} | {r.milex_you:.3f} | {r.milex_computer:.3f} | "
                     f"{r.burden_you:.2%} | {r.burden_computer:.2%} |")
    lines += ["", "## What you decided and how others answered", ""]
    lines += [f"- {e}" for e in model.chronicle if e.kind == "player"] or ["- (no orders)"]
    return "\n".join(lines) + "\n"
