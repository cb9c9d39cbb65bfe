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


def excess_milex(milex, gdp, reference_burden: float):
    """Spending above the reference burden this year, USD bn (what could have gone to butter)."""
    return np.maximum(milex - reference_burden * gdp, 0.0)
