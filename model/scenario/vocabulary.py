"""Names the scenario schema and the model share: tie kinds and commitments, and how the
chronicle words a signing."""

from pydantic import ConfigDict

#: Unknown keys are errors, assignments are checked, and .inf/.nan are refused (every
#: number of a scenario is finite and within the range its field states).
Strict = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

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
#: What signing a tie of each kind is called in the chronicle (kinds not listed: "agree on
#: <kind> relations", e.g. "agree on improving relations").
SIGNED_AS = {"defence_pact": "sign a defence pact", "alliance": "sign an alliance",
             "declared_alliance": "declare an alliance",
             "strategic_partnership": "sign a strategic partnership",
             "partnership": "sign a partnership",
             "limited_partnership": "sign a limited partnership",
             "arms_supply": "sign an arms-supply agreement"}


def signed_as(kind: str) -> str:
    """The chronicle's verb phrase for signing a tie of ``kind``."""
    return SIGNED_AS.get(kind, f"agree on {kind.replace('_', ' ')} relations")
