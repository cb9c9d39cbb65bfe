"""Guns versus butter: the economic price of an arms race, and energy-dependent budgets.

* Growth drag. Trend nominal growth is lowered in proportion to the defence burden
  above a reference level:

      g_eff = g_trend − drag · max(burden − reference_burden, 0)

  a linear, long-run crowding-out form, bounded smoothly so that GDP stays positive
  (:func:`bounded_growth`): down to −50% a year the line holds exactly (the whole range
  a scenario's trend may have), below it growth bends toward −70% a year and never
  reaches it, however heavy the burden (``drag`` 2 and a burden of 100% would
  otherwise ask for −196%: a negative GDP). Most of the empirical literature finds the
  effect of military burden on growth negative or nil, rarely positive (surveys:
  Dunne and Tian 2013; d'Agostino, Dunne and Pieroni 2016); the default ``drag`` of
  0.15 (each point of GDP spent on defence above 2% costs 0.15 points of growth a
  year) is a judgement of that order of magnitude, not an estimate, and is a
  parameter to argue with.

* Energy prices. A producer's GDP carries an oil-and-gas rent share ``e``; with an
  energy price index ``p`` (1 at the start year), GDP is ``trend · (1 + e · (p − 1))``,
  and its yearly drive to spend (Richardson's grievance, paid from the budget) scales
  with the same fiscal factor when it is positive — Azerbaijan's defence budget rides
  on oil and gas (its State Oil Fund finances the state budget).

* Fiscal pain (a soft fiscal constraint). Guns cost butter increasingly as the burden
  rises: the budget rule carries a convex cost term

      fiscal = −c · m · min(b / b_max, 1)²,   b = m / GDP

  so a budget settles where the threat response meets the fiscal pain, and keeps
  responding to threat at a high burden instead of sitting at the hard cap ``b_max``
  (``max_burden``), which stays an outer bound. Intriligator and Brito (1984) and Brito
  (1972) derive the budget rule from a government trading defence against consumption
  with a concave utility, so the marginal cost of guns rises with their share of output;
  the quadratic in the burden is that idea's simplest convex form. ``c``
  (``fiscal_cost``) is the yearly share of the budget this pain would cut at the cap: a
  judgement, fitted with the grievances on 2020–2022 only through them (the grievance
  absorbs the level; ``c`` sets the curvature).

* Foregone civilian spending. Defence spending above the reference burden, summed over
  the years, expressed in years of the state's public health budget (WHO Global Health
  Expenditure Database shares of GDP).
"""

from __future__ import annotations

import numpy as np

#: Growth is linear in the burden down to KNEE; below it, it tends smoothly to FLOOR.
GROWTH_KNEE, GROWTH_FLOOR = -0.5, -0.7
#: A shock never takes GDP outside these (USD bn), though growth may carry it beyond them.
SHOCK_GDP_RANGE = (0.001, 1e9)


def growth_with_drag(trend, burden, drag: float, reference_burden: float):
    """Trend growth minus the guns-versus-butter drag of a high defence burden, bounded by
    :func:`bounded_growth` (always above −70% a year: GDP stays positive and finite)."""
    return bounded_growth(trend - drag * np.maximum(burden - reference_burden, 0.0))


def bounded_growth(growth):
    """``g`` itself down to the knee (−0.5), then ``F + (K − F) · exp((g − K) / (K − F))``:
    equal to ``g`` at the knee with the same slope (smooth), increasing, and above the floor
    F = −0.7 for every ``g`` (even −inf), so ``GDP · (1 + g)`` stays positive."""
    g = np.asarray(growth, dtype=float)
    span = GROWTH_KNEE - GROWTH_FLOOR
    below = GROWTH_FLOOR + span * np.exp(np.minimum(g - GROWTH_KNEE, 0.0) / span)
    out = np.where(g >= GROWTH_KNEE, g, below)
    return float(out) if out.ndim == 0 else out


def energy_factor(energy_share, price_index: float):
    """GDP (and fiscal room) relative to a world where energy prices stayed at the start's."""
    return 1.0 + energy_share * (price_index - 1.0)


def price_on(path: dict[int, float], year: int) -> float:
    """The energy price index in ``year``: the last value given at or before it (1 before)."""
    if not path:
        return 1.0
    known = [y for y in path if y <= year]
    return float(path[max(known)]) if known else 1.0


def fiscal_cost(milex, gdp, max_burden, cost: float):
    """The soft fiscal constraint of the budget rule, USD bn (≤ 0): ``−c · m · (b / b_max)²``
    with ``b = m / GDP`` (Intriligator and Brito 1984: guns cost butter increasingly as
    the burden rises). 0 when ``cost`` is 0 (Richardson's rule unchanged). Above the cap
    (after a shock to GDP) the ratio is held at 1: there the hard cap does the cutting, and
    the pain never exceeds ``c · m``."""
    burden = milex / np.maximum(gdp, 1e-12)
    return -cost * milex * np.minimum(burden / max_burden, 1.0) ** 2


def observed_or_grown(observed, previous, growth):
    """A series given as data, then grown at a stated rate (an observed GDP path, or a budget
    driven from outside the region): the observed value where there is one (not NaN), else
    ``previous · (1 + growth)``."""
    observed = np.asarray(observed, float)
    return np.where(np.isnan(observed), previous * (1.0 + growth), observed)


def excess_milex(milex, gdp, reference_burden: float):
    """Spending above the reference burden this year, USD bn (what could have gone to butter)."""
    return np.maximum(milex - reference_burden * gdp, 0.0)
