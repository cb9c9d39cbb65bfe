"""Why a state's budget changed: the year's change in the terms the budget phase recorded.

The budget phase keeps the terms of every state's change (``model.last_budget``, a
:class:`~model.simulation.dynamics.BudgetTerms`): a scheduled shock, the reaction to each rival
(Richardson ``k·W_ij·m_j``: Walt's threat from whom), fatigue (``−a·m``), the fiscal cost
of a high burden (``−c·m·(b/b_max)²``, guns cost butter), grievance (``g``, as the rule
used it), arms received, the spending cap (max burden × GDP), the offensive realist's
drive for relative gains, the year's political noise, a budget set from outside the region
(``budget: path``), a player's order and war mobilisation. They add up to the actual change by construction; this
module only words and sorts them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    label: str      # what it is, in words
    kind: str       # event, threat, fatigue, fiscal, grievance, arms, floor, cap, drive, noise,
    #                 path, player, war
    value: float    # USD bn this term added to the budget
    source: str = ""  # the state a threat term comes from


#: (kind, field of BudgetTerms, label), in the order the budget phase applies them
WORDS = (
    ("event", "shock", "scheduled event (budget shock)"),
    ("fatigue", "fatigue", "fatigue (cost of keeping arms)"),
    ("fiscal", "fiscal", "fiscal cost (butter given up at a high burden)"),
    ("grievance", "grievance", "grievance (own drive)"),
    ("arms", "arms", "arms received"),
    ("floor", "floor", "floor (no negative budget)"),
    ("cap", "cap", "spending cap (max burden × GDP)"),
    ("drive", "drive", "drive for relative gains (offensive realism)"),
    ("noise", "noise", "domestic politics (noise)"),
    ("path", "path", "budget set outside the region (data, then stated growth)"),
    ("player", "player", "player's order"),
    ("war", "war", "war mobilisation"),
)


def budget_terms(model, state: str) -> list[Term]:
    """Terms of ``state``'s last budget change (from year-1 to year), summing to the change;
    terms that are exactly zero are left out (fatigue is always listed)."""
    t = model.last_budget
    if t is None:
        return []
    names = model.world.names
    i = names.index(state)
    terms = []
    for kind, name, label in WORDS:
        v = float(getattr(t, name)[i])
        if v != 0.0 or kind == "fatigue":
            terms.append(Term(label, kind, v))
        if kind == "event":   # the reaction to each rival comes right after the shock
            terms += [Term(f"threat from {other}", "threat", float(t.threat[i, j]), other)
                      for j, other in enumerate(names) if j != i and t.threat[i, j] != 0.0]
    return terms


def actual_change(model, state: str) -> float:
    """Recorded budget of the last simulated year minus that of the year before."""
    t = model.last_budget
    i = model.world.index(state)
    return float(t.after[i] - t.recorded[i])


def explain(model, state: str, top: int = 3) -> str:
    """One sentence: the change and its largest terms, from the model's numbers."""
    terms = budget_terms(model, state)
    if not terms:
        return f"{state}: no year simulated yet"
    t = model.last_budget
    i = model.world.index(state)
    change = actual_change(model, state)
    big = sorted(terms, key=lambda term: -abs(term.value))[:top]
    parts = ", ".join(f"{term.label} {term.value:+.3f}" for term in big)
    return (f"{t.year}: {state} {'raised' if change >= 0 else 'cut'} spending by "
            f"{abs(change):.3f} bn USD ({t.recorded[i]:.3f} → {t.after[i]:.3f}); "
            f"largest terms: {parts}")
