"""World parameters a scenario may set (``parameters:``), with their ranges.

Kept apart from :mod:`model.scenario.schema` so that the events (``set_parameter`` checks its value
against the parameter's range) and the scenario both read it without importing each other.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from model.scenario.vocabulary import Strict


class Parameters(BaseModel):
    """World parameters. Defaults are the model's reference values (docs/model.md)."""

    model_config = Strict

    offense_defense_balance: float = Field(1.0, gt=0, le=5, description=(
        "Jervis 1978: >1 offence has the edge (e.g. drones), <1 defence has it"))
    distinguishability: float = Field(0.5, ge=0, le=1, description=(
        "Jervis 1978: how well others can tell defensive from offensive arming"))
    media_amplification: float = Field(1.0, ge=0, le=5, description=(
        "multiplies perceived hostility (nationalist media on both sides)"))
    transparency: float = Field(0.5, ge=0, le=1, description=(
        "Fearon 1995: how much private information about capability and resolve is shared"))
    confidence_building: float = Field(0.0, ge=0, le=1, description=(
        "level of confidence-building measures: raise distinguishability, transparency and "
        "reassurance, lower crisis odds"))
    war_cost: float = Field(1.0, gt=0, le=10, description=(
        "Fearon 1995: expected costs of war; higher costs widen the bargaining range"))
    alliance_reliability: float = Field(0.67, ge=0, le=1, description=(
        "initial trust in a commitment when a tie gives none: the probability an attentive, "
        "capable ally with no stake in the challenger honours it (the honoured share of "
        "calls is lower: commitments.honour_probability)"))
    reliability_learning: float = Field(0.15, ge=0, le=1, description=(
        "how far one honoured or broken commitment moves a tie's reliability"))
    spiral_sensitivity: float = Field(2.5, ge=0, le=50, description=(
        "Jervis 1976: how strongly a rival's arming raises the belief it is hostile"))
    reassurance: float = Field(0.1, ge=0, le=1, description=(
        "yearly rate at which hostility beliefs return to what the ties imply"))
    crisis_rate: float = Field(0.3, ge=0, le=1, description=(
        "annual crisis probability of a fully hostile neighbouring pair"))
    war_sensitivity: float = Field(2.0, ge=0, le=100, description=(
        "Fearon/Powell: war pressure per unit of decline in the declining side's power share "
        "over the window (the commitment problem)"))
    information_war_risk: float = Field(0.7, ge=0, le=10, description=(
        "Fearon: war pressure per unit of mutual optimism (the two sides' expected chances of "
        "winning adding up to more than 1)"))
    estimate_error: float = Field(0.5, ge=0, le=3, description=(
        "Fearon: s.d. of the log of a state's estimate of another's capability when "
        "transparency and monitoring are 0 (private information)"))
    revanchism: float = Field(0.25, ge=0, le=1, description=(
        "share of a lost stake's value its old holder still claims (Goertz and Diehl 1992)"))
    power_shift_window: int = Field(3, ge=1, le=20, description=(
        "years over which a shift in relative power is measured"))
    shift_tolerance: float = Field(0.03, ge=0, le=1, description=(
        "shift in the power share below which no preventive motive arises"))
    budget_noise: float = Field(0.03, ge=0, le=1, description=(
        "s.d. of the yearly log-normal shock to each budget (politics, exchange rates)"))
    arms_trade_rate: float = Field(0.01, ge=0, le=1, description=(
        "share of a client's budget a fully friendly supplier transfers yearly"))
    alignment_rate: float = Field(0.03, ge=0, le=1, description=(
        "Walt 1987: how fast ties move with shared threats and with an enemy's friends"))
    tie_decay: float = Field(0.15, ge=0, le=1, description=(
        "yearly pull of a tie back to its treaty anchor"))
    cover_max: float = Field(0.5, ge=0, le=1, description=(
        "Waltz 1979: largest share of a threat allies can take off a state's hands"))
    capability_depreciation: float = Field(0.1, ge=0.01, le=1, description=(
        "yearly loss of the military capability stock (at least 1%: the stock is at most "
        "100 years of spending)"))
    distance_scale_km: float = Field(2000.0, ge=1, le=100_000, description=(
        "Boulding 1962 loss-of-strength gradient: e-folding distance of threat (beyond "
        "half the Earth's circumference, 20,000 km, distance hardly matters any more)"))
    indicator_weight: float = Field(1.0, ge=0, le=5, description=(
        "how much a tie's measurable indicators (arms share, exercises, bases, alignment, "
        "trade, contiguity, regime similarity, change of course) move its reliability; 0 = off"))
    guns_butter_drag: float = Field(0.15, ge=0, le=2, description=(
        "growth lost per unit of defence burden above the reference (guns versus butter)"))
    reference_burden: float = Field(0.02, ge=0, le=0.5, description=(
        "defence burden taken as normal: no growth drag and no foregone butter below it"))
    fiscal_cost: float = Field(0.5, ge=0, le=1, description=(
        "soft fiscal constraint (Intriligator and Brito 1984): the share of its budget a state "
        "at its max_burden would cut in a year for the butter it gives up; the cost is "
        "fiscal_cost · m · (burden / max_burden)², so budgets settle below the cap. 0 = off"))
    inflation: float = Field(0.0, ge=-0.2, le=1, description=(
        "yearly rise of the prices of what military budgets buy, in the scenario's currency (a "
        "deflator): the spiral reads real arming growth, not nominal. 0 (the default) for a "
        "world at constant prices; the baseline, in current USD, states 0.02"))
    richardson_only: bool = Field(False, description=(
        "switch everything off but Richardson's recursion with W fixed from the ties"))
