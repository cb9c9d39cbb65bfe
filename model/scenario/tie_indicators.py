"""The ATOP-style indicators of a tie's health: declared once, as a scenario may give them.

Scholars of alliances judge whether a commitment will work in practice from indicators, not
from the treaty text (Holsti, Hopmann and Sullivan 1973; Leeds 2003; Leeds, Mattes and Vogel
2009). Each indicator is in [0, 1]; its weight is the log-odds of honouring a commitment
added per unit above its reference (a typical alliance's value). How reliability follows
from them: model/simulation/alliance_health.py.
"""

from __future__ import annotations

from typing import NamedTuple


class Indicator(NamedTuple):
    name: str
    weight: float     # log-odds added per unit of the indicator above its reference value
    reference: float  # a typical alliance's value: leaves reliability at its trust value
    source: str       # what it measures and who says it matters


#: Each indicator is declared here once; the scenario schema's ``TieIndicators`` (fields
#: and defaults), the ``set_indicator`` event's names and the simulation's weights
#: (model/simulation/alliance_health.py) are derived from this table.
TABLE = (
    Indicator("arms_share", 1.5, 0.3,
              "share of the client's arms imports from this partner (SIPRI Arms Transfers "
              "Database); arms ties signal and create a patron's stake (Yarhi-Milo, "
              "Lanoszka and Cooper 2016)"),
    Indicator("exercises", 1.0, 0.25,
              "joint military exercises, scaled so 1 = four or more a year; practice makes "
              "implementation credible (Holsti, Hopmann and Sullivan 1973)"),
    Indicator("presence", 1.0, 0.0,
              "foreign bases, troops or monitors of the partner on the client's soil, 0-1; "
              "a tripwire (Schelling 1966)"),
    Indicator("alignment", 1.5, 0.6,
              "political alignment, e.g. agreement in UN General Assembly votes "
              "(Signorino and Ritter 1999; Bailey, Strezhnev and Voeten 2017)"),
    Indicator("trade_share", 1.0, 0.1,
              "share of the client's trade with the partner; interdependence raises the "
              "stake in the client's survival"),
    Indicator("contiguity", 0.5, 0.0,
              "a land border or corridor between the partners (help can arrive)"),
    Indicator("regime_similarity", 0.5, 0.5,
              "similar regimes ally and keep faith (Siverson and Emmons 1991; "
              "Gaubatz 1996)"),
    Indicator("orientation_shift", -2.0, 0.0,
              "change of domestic political course since signing, 0-1: the main "
              "reason commitments are broken (Leeds, Mattes and Vogel 2009)"),
)
INDICATORS = tuple(ind.name for ind in TABLE)
SOURCES = {ind.name: ind.source for ind in TABLE}
