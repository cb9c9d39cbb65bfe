"""The class debrief at the end of a class game: what the class did, against the computer's
own play of the same scenario and seed, against history where the game overlaps it, and the
concepts the year-by-year chronicle shows at work.

Everything is read off the game's model and the same-seed counterfactual
(:func:`model.experiments.debrief.counterfactual`): nothing here is canned but the questions,
which ask the class to explain what the numbers show. Plain Python: the lecturer's page
renders :func:`debrief_markdown`, and a test checks it without a browser.
"""

from __future__ import annotations

import pandas as pd

from model.experiments.calibration import DATA as OBSERVED
from model.experiments.debrief import concept_of, counterfactual
from model.experiments.hindcast import read_observed
from model.scenario.input_errors import UsageError

#: questions for the class, after the figures (see docs/teaching/class_game.md)
QUESTIONS = (
    "Which state ended up spending more than the computer's own play of it, and what did "
    "its players fear that the computer's play did not?",
    "Did anyone's arming make them safer, or did it raise their rival's fear and spending "
    "in turn (the spiral)? Point to the years in the table.",
    "Which proposals were rejected, and why could the other side not trust them "
    "(commitment problems, fear of being exploited)?",
    "Did the allies you counted on come when called? What did that do to your budget "
    "(internal against external balancing)?",
    "Where the class and the computer differ most, is it because of a choice, or because "
    "the same choice met different answers?",
)


def final_rows(played: pd.DataFrame, computer: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each state in ``year``: the class's and the computer's spending, burden and the
    state it feared most (``_class`` / ``_computer`` columns)."""
    cols = ["state", "milex", "burden", "top_threat"]
    a = played.loc[played.year == year, cols]
    b = computer.loc[computer.year == year, cols]
    return a.merge(b, on="state", suffixes=("_class", "_computer"))


def regional_events(frame: pd.DataFrame, since: int, until: int) -> tuple[int, int]:
    """(crises, wars) in the region over the years ``since`` < year ≤ ``until`` (the frame's
    counts are running totals, the same on every state's row)."""
    per_year = frame.groupby("year")[["crises", "wars"]].first()
    return tuple(int(per_year.loc[until, c] - per_year.loc[since, c]) for c in ("crises", "wars"))


def history_overlap(played: pd.DataFrame, states, since: int, until: int,
                    observed_file=OBSERVED) -> pd.DataFrame:
    """Observed spending (USD bn) in the game's years, beside the class's; empty when the
    game lies after the data (the shipped data end in 2022) or its states are not in them."""
    try:
        obs = read_observed(observed_file, list(states), since)
    except UsageError:
        return pd.DataFrame(columns=["state", "year", "observed", "milex"])
    obs = obs[(obs.measure == "milex") & (obs.year > since) & (obs.year <= until)]
    return obs[["state", "year", "observed"]].merge(played[["state", "year", "milex"]],
                                                     on=["state", "year"])


def concepts_seen(chronicle, since: int) -> list[tuple[str, list[str], int]]:
    """(concept, states involved, times seen) for the chronicle's entries after ``since``,
    in order of first appearance."""
    seen: dict[str, tuple[list[str], int]] = {}
    for e in chronicle:
        concept = concept_of(e)
        if e.year <= since or concept is None:
            continue
        states, n = seen.get(concept, ([], 0))
        states += [a for a in e.actors if a not in states]
        seen[concept] = (states, n + 1)
    return [(c, s, n) for c, (s, n) in seen.items()]


def debrief_markdown(game) -> str:
    """The class debrief of ``game`` (a :class:`dashboard.classroom.game.Game`) as Markdown."""
    with game.lock:
        model, record = game.model, game.record()
        played = model.frame()
    start, end = record["start_year"], model.year
    computer = counterfactual(model)
    by = {s: "computer" for s in model.world.names}
    for year in record["years"]:
        for r in year["seats"]:
            if r["players"]:
                by[r["state"]] = ", ".join(r["players"])
    lines = [f"# Class debrief: game {game.code}, {start}–{end}",
             f"Scenario {record['scenario']}, seed {record['seed']}. The computer's own play "
             "is the same scenario and seed with every state left to the model.", ""]
    if end == start:
        return "\n".join(lines + ["No year was played."]) + "\n"
    lines += [f"## Each state in {end}", "",
              "| state | played by | spending, class (USD bn) | computer's play | burden, class "
              "| computer's play | feared most, class | computer's play |",
              "|---|---|---|---|---|---|---|---|"]
    for r in final_rows(played, computer, end).itertuples():
        lines.append(f"| {r.state} | {by[r.state]} | {r.milex_class:.2f} | "
                     f"{r.milex_computer:.2f} | {r.burden_class:.1%} | {r.burden_computer:.1%} "
                     f"| {r.top_threat_class or '—'} | {r.top_threat_computer or '—'} |")
    crises, wars = regional_events(played, start, end)
    c_crises, c_wars = regional_events(computer, start, end)
    lines += ["", f"Crises in {start + 1}–{end}: **{crises}** in the class's game, {c_crises} in "
              f"the computer's; wars: **{wars}** against {c_wars}.", "", "## Against history", ""]
    history = history_overlap(played, model.world.names, start, end)
    if history.empty:
        lines.append(f"The game's years ({start + 1}–{end}) lie after the observed data "
                     "(SIPRI, to 2022), so there is no history to set them against.")
    else:
        lines += ["| state | year | observed (USD bn) | class (USD bn) |", "|---|---|---|---|"]
        lines += [f"| {r.state} | {r.year} | {r.observed:.3f} | {r.milex:.3f} |"
                  for r in history.itertuples()]
    lines += ["", "## Concepts at work", ""]
    lines += [f"- {c} Seen {n}× ({', '.join(s)})."
              for c, s, n in concepts_seen(model.chronicle, start)] or ["- (none recorded)"]
    lines += ["", "## For discussion", ""] + [f"{k}. {q}" for k, q in enumerate(QUESTIONS, 1)]
    return "\n".join(lines) + "\n"
