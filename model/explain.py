"""Why a state's budget changed: the year's change split into the model's own terms.

The budget rule is a sum, so the change from last year splits exactly into:
the reaction to each rival (Richardson ``k·W_ij·m_j``: Walt's threat from whom),
fatigue (``−a·m``), grievance (``g``), arms received, then what came after the rule:
the offensive realist's drive for relative gains, the year's political noise, a
player's order, and the spending cap (max burden × GDP). The terms always add up to
the actual change (tests check it); the text names the largest ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Term:
    label: str      # what it is, in words
    kind: str       # threat, fatigue, grievance, arms, drive, noise, player, cap
    value: float    # USD bn this term added to the budget
    source: str = ""  # the state a threat term comes from


def budget_terms(model, state: str) -> list[Term]:
    """Terms of ``state``'s last budget change (from year-1 to year), summing to the change."""
    if model.last_budget is None:
        return []
    year, recorded, before, weights, arms, rule, noise, final = model.last_budget
    w = model.world
    i = w.index(state)
    k, a, g = w.reaction[i], w.fatigue[i], w.grievance[i]
    terms = []
    if before[i] != recorded[i]:
        terms.append(Term("scheduled event (budget shock)", "event", float(before[i] - recorded[i])))
    for j, other in enumerate(w.names):
        v = k * weights[i, j] * before[j]
        if j != i and v != 0.0:
            terms.append(Term(f"threat from {other}", "threat", float(v), other))
    terms.append(Term("fatigue (cost of keeping arms)", "fatigue", float(-a * before[i])))
    if g:
        terms.append(Term("grievance (own drive)", "grievance", float(g)))
    if arms[i]:
        terms.append(Term("arms received", "arms", float(arms[i])))
    unclipped = recorded[i] + sum(t.value for t in terms)
    after = rule[i]
    if after != unclipped:  # the rule's own clip to [0, cap]
        terms.append(Term("spending cap (max burden × GDP)", "cap", float(after - unclipped)))
    drive = model._power_drive[i] * before[i]
    if drive:
        terms.append(Term("drive for relative gains (offensive realism)", "drive", float(drive)))
        after += drive
    if noise is not None:
        terms.append(Term("domestic politics (noise)", "noise", float(after * (noise[i] - 1))))
        after *= noise[i]
    rest = final[i] - after
    if not np.isclose(rest, 0.0, atol=1e-12):
        player = any(p.index == i for p in model._players)
        terms.append(Term("player's order" if player else "spending cap (max burden × GDP)",
                          "player" if player else "cap", float(rest)))
    if model.year == year and w.milex[i] != final[i]:
        terms.append(Term("war mobilisation", "war", float(w.milex[i] - final[i])))
    return terms


def actual_change(model, state: str) -> float:
    """Recorded budget of the last simulated year minus that of the year before."""
    year, recorded, *_ , final = model.last_budget
    i = model.world.index(state)
    now = model.world.milex[i] if model.year == year else final[i]
    return float(now - recorded[i])


def explain(model, state: str, top: int = 3) -> str:
    """One sentence: the change and its largest terms, from the model's numbers."""
    terms = budget_terms(model, state)
    if not terms:
        return f"{state}: no year simulated yet"
    year, before, *_ = model.last_budget
    i = model.world.index(state)
    change = actual_change(model, state)
    big = sorted(terms, key=lambda t: -abs(t.value))[:top]
    parts = ", ".join(f"{t.label} {t.value:+.3f}" for t in big)
    return (f"{year}: {state} {'raised' if change >= 0 else 'cut'} spending by "
            f"{abs(change):.3f} bn USD ({before[i]:.3f} → {before[i] + change:.3f}); "
            f"largest terms: {parts}")
