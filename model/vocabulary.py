"""Names the scenario schema and the model share: tie kinds, commitments, strategies."""

from pydantic import ConfigDict

Strict = ConfigDict(extra="forbid", validate_assignment=True)

#: Tie kinds as the shared data names them (ties_2020.csv, ties_2025.csv).
TIE_KINDS = (
    "defence_pact", "alliance", "declared_alliance", "strategic_partnership", "partnership",
    "limited_partnership", "friendly", "friendly_neighbour", "arms_supply", "improving",
    "neutral", "mixed", "wary_neutral", "normalising", "rivals_peace_process", "tense",
    "rivalry", "hostile", "defence_pact_frozen", "declared_alliance_degraded",
)
#: Kinds that carry a commitment a client can invoke in a crisis (Leeds 2003).
COMMITMENT_KINDS = frozenset({"defence_pact", "alliance", "declared_alliance",
                              "strategic_partnership"})
STRATEGIES = ("defensive", "offensive", "human")
