"""The scenario schema: what a YAML scenario may say, validated with pydantic.

The loader in :mod:`model.scenario.loader` turns YAML into these objects and turns
pydantic's complaints into one clear line per problem (file, line, field, fix).
Every numeric field carries its range here, so the schema *is* the parameter
table of docs/model.md; every number must also be finite (``.inf``, ``.nan`` and
``"1e309"`` are refused).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from agents.strategies import STRATEGIES
from model.scenario.event_schema import EVENT_KINDS, MAX_MONEY, Event  # noqa: F401 — re-exported
from model.scenario.mechanisms import Mechanisms  # noqa: F401 — re-exported
from model.scenario.parameters import Parameters  # noqa: F401 — re-exported
from model.scenario.tie_indicators import TABLE
from model.scenario.vocabulary import COMMITMENT_KINDS, TIE_KINDS, Strict  # noqa: F401

#: Largest GDP a scenario may give (USD bn): ten times the world's, so never a real limit.
MAX_GDP = 1_000_000.0


class StateSpec(BaseModel):
    """One state at the start year. Money is USD bn, current prices."""

    model_config = Strict

    milex: float = Field(ge=0, le=MAX_MONEY, description=(
        "military expenditure, USD bn per year (the world spends about 2,500)"))
    gdp: float = Field(ge=0.001, le=MAX_GDP, description=(
        "gross domestic product, USD bn per year (the world's is about 110,000)"))
    gdp_growth: float = Field(0.03, ge=-0.5, le=0.5, description=(
        "trend nominal growth (USD), from the last year of gdp_path on"))
    gdp_path: dict[Annotated[int, Field(ge=1800, le=2300)],
                   Annotated[float, Field(ge=0.001, le=MAX_GDP)]] = Field(
        default_factory=dict, description=(
            "observed GDP by year, USD bn current (e.g. scenarios/data/"
            "milex_gdp_2020_2022.csv): GDP takes these values in those years, then grows "
            "at gdp_growth"))
    max_burden: float = Field(0.1, gt=0, le=1, description="cap on milex/gdp")
    reaction: float = Field(0.1, ge=0, le=5, description="Richardson k: reaction to threat")
    fatigue: float = Field(0.1, ge=0, le=1, description="Richardson a: cost of keeping arms")
    grievance: float = Field(0.0, ge=-1000, le=1000, description=(
        "Richardson g: yearly drive independent of rivals, USD bn"))
    budget: Literal["richardson", "path"] = Field("richardson", description=(
        "how the budget is set: 'richardson', by the region's budget rule (threat, fatigue, "
        "grievance, fiscal cost); 'path', from outside the region: milex_path where given, "
        "else last year's budget grown at milex_growth (a great power whose budget the "
        "Caucasus does not drive)"))
    milex_path: dict[Annotated[int, Field(ge=1800, le=2300)],
                     Annotated[float, Field(ge=0, le=MAX_MONEY)]] = Field(
        default_factory=dict, description=(
            "observed military expenditure by year, USD bn current, for budget: path"))
    milex_growth: float = Field(0.03, ge=-0.5, le=0.5, description=(
        "yearly nominal growth of a budget: path after its last observed year"))
    strategy: Literal[tuple(STRATEGIES)] = "defensive"  # type: ignore[valid-type]
    regional: bool = Field(True, description=(
        "one of the region's states: counted in regional_milex and shown by default; false "
        "for an outside great power whose forces mostly stand elsewhere"))
    regional_focus: float = Field(1.0, ge=0, le=1, description=(
        "share of this state's forces that bear on the region"))
    quality: float = Field(1.0, gt=0, le=5, description=(
        "capability per USD bn spent: modern systems and training (quality over quantity)"))
    energy_share: float = Field(0.0, ge=0, le=0.9, description=(
        "oil and gas rents as a share of GDP: how far energy prices move GDP and budget"))
    health_share: float = Field(0.03, ge=0, le=0.3, description=(
        "public health spending as a share of GDP (for foregone-butter accounting)"))
    capital: tuple[float, float] | None = Field(None, description="[lat, lon] of the capital")
    borders: list[str] = Field(default_factory=list, description="land neighbours (names)")
    iso3: str | None = None

    @model_validator(mode="after")
    def _a_path_for_a_path_budget(self):
        if self.milex_path and self.budget != "path":
            raise ValueError("milex_path is read only with budget: path; add `budget: path` "
                             "or remove milex_path (the budget rule sets this state's budget)")
        return self

    @field_validator("capital")
    @classmethod
    def _on_the_globe(cls, v):
        if v is not None and not (-90 <= v[0] <= 90 and -180 <= v[1] <= 180):
            raise ValueError("capital must be [latitude -90..90, longitude -180..180]")
        return v


class _TieIndicatorsBase(BaseModel):
    """ATOP-style indicators of a tie's health, each in [0, 1] (model/scenario/tie_indicators.py).

    A field left out takes a typical alliance's value, which leaves reliability as is.
    """

    model_config = Strict


#: One field per indicator of :data:`model.scenario.tie_indicators.TABLE`, defaulting to its reference.
TieIndicators = create_model(
    "TieIndicators", __base__=_TieIndicatorsBase, __module__=__name__,
    **{ind.name: (float, Field(ind.reference, ge=0, le=1)) for ind in TABLE},
    source=(str, ""))


class Tie(BaseModel):
    """An undirected tie: strength -1 (rivals) .. +1 (allies); reliability = P(honoured)."""

    model_config = Strict

    a: str
    b: str
    kind: Literal[TIE_KINDS] = Field("neutral", description=(  # type: ignore[valid-type]
        "what the tie is (vocabulary.TIE_KINDS); " + ", ".join(sorted(COMMITMENT_KINDS))
        + " carry a commitment a client can invoke in a crisis"))
    strength: float = Field(ge=-1, le=1, description=(
        "-1 rivals .. +1 allies; a commitment kind with a positive strength can be invoked"))
    reliability: float | None = Field(None, ge=0, le=1, description=(
        "initial trust that a commitment is honoured (parameters.alliance_reliability if "
        "not given)"))
    scope: Literal["territory", "any"] = Field("territory", description=(
        "what a commitment of this tie covers (Leeds, Long and Mitchell 2000): 'territory', "
        "an attack on the client's recognised territory only (most defence pacts), or "
        "'any' crisis of the client's"))
    disputed: float = Field(0.0, ge=0, le=1, description=(
        "share of this pair's crises fought over disputed or undemarcated ground, outside "
        "either's recognised territory: allies whose commitment covers territory only are "
        "not called in them (Armenia and Azerbaijan: Karabakh and the undemarcated border)"))
    indicators: TieIndicators | None = None
    note: str = ""

    @model_validator(mode="after")
    def _not_to_itself(self):
        if self.a == self.b:
            raise ValueError(f"a tie needs two different states, got {self.a!r} twice")
        return self


class ExogenousArms(BaseModel):
    """A supplier that is not an agent (Israel to Azerbaijan): fixed yearly purchases.

    They are paid from the client's own budget, so they count in its arms imports (the
    arms-share indicator of its ties), not on top of its spending."""

    model_config = Strict

    supplier: str
    client: str
    value: float = Field(ge=0, le=MAX_MONEY, description="USD bn per year")
    note: str = ""


class Stake(BaseModel):
    """Something a war is fought over (Fearon 1995; Vasquez 1993 on territory): disputed
    territory or a transit corridor, held by one state and claimed by another. An unmet
    claim makes the claimant hostile to the holder and crises between them likelier; a
    war the claimant wins moves control to it (model/simulation/stakes.py)."""

    model_config = Strict

    name: str = Field(min_length=1, max_length=80)
    held_by: str
    claimed_by: str
    value: float = Field(0.5, ge=0, le=1, description=(
        "how much the claimant cares, 0..1: the hostility an unmet claim adds, and how much "
        "it raises the pair's crisis and war odds"))
    note: str = ""

    @model_validator(mode="after")
    def _two_sides(self):
        if self.held_by == self.claimed_by:
            raise ValueError(f"a stake is held by one state and claimed by another; "
                             f"{self.held_by!r} is both")
        return self


class Teaching(BaseModel):
    """NetLogo's Info tab, for a lecturer: what it shows and how to use it."""

    model_config = Strict
    summary: str = ""
    concept: str = ""
    objectives: list[str] = Field(default_factory=list)
    watch: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    try_: list[str] = Field(default_factory=list, alias="try")
    claim: str = ""
    references: list[str] = Field(default_factory=list)


class Scenario(BaseModel):
    """A whole scenario after `extends:` is resolved."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)

    name: str
    description: str = ""
    extends: str | None = None
    start_year: int = Field(2020, ge=1800, le=2300)
    years: int = Field(15, ge=1, le=500)
    seed: int = Field(42, ge=0, le=2**64 - 1)
    history_until: int | None = Field(None, ge=1800, le=2300, description=(
        "the last year of scripted history: events and energy prices dated after it are "
        "dropped, so a run from the start year is a true forecast from that year's knowledge"))
    posterior: str | None = Field(None, description=(
        "a table of calibrated parameter draws (model/experiments/posterior.py), relative to "
        "this file: `armsrace run --posterior-draw K` and sweeps with posterior: true draw "
        "their parameters from it (written by `armsrace calibrate --abc --write`)"))
    parameters: Parameters = Field(default_factory=Parameters)
    mechanisms: Mechanisms = Field(default_factory=Mechanisms, description=(
        "mechanism switches (model/scenario/mechanisms.py): all on unless switched off"))
    states: dict[str, StateSpec] = Field(min_length=2)
    ties: list[Tie] = Field(default_factory=list)
    exogenous_arms: list[ExogenousArms] = Field(default_factory=list)
    stakes: list[Stake] = Field(default_factory=list, description=(
        "what wars are fought over: disputed territory or corridors, held and claimed"))
    energy_prices: dict[Annotated[int, Field(ge=1800, le=2300)],
                        Annotated[float, Field(gt=0, le=20)]] = Field(
        default_factory=dict, description="energy price index by year (1 = start year's)")
    events: list[Event] = Field(default_factory=list)
    teaching: Teaching = Field(default_factory=Teaching)
    source: str | None = Field(None, exclude=True, description="file it was loaded from")

    def known_history(self) -> Scenario:
        """This scenario as a forecast from ``history_until``: a copy without the events,
        energy prices and observed GDP and budget paths dated after it (itself when
        ``history_until`` is not set)."""
        if self.history_until is None:
            return self
        cut = self.history_until
        states = {name: st.model_copy(update={
            "gdp_path": {y: v for y, v in st.gdp_path.items() if y <= cut},
            "milex_path": {y: v for y, v in st.milex_path.items() if y <= cut}})
            for name, st in self.states.items()}
        known = self.model_copy(update={
            "states": states,
            "events": [e for e in self.events if e.year <= cut],
            "energy_prices": {y: v for y, v in self.energy_prices.items() if y <= cut}})
        return known

    @model_validator(mode="after")
    def _history_from_the_start(self):
        if self.history_until is not None and self.history_until < self.start_year:
            raise ValueError(f"history_until {self.history_until} is before start_year "
                             f"{self.start_year}: give a year from {self.start_year} on, or "
                             "leave it out to keep all the scenario's history")
        return self

    @model_validator(mode="after")
    def _cross_references(self):
        """Every name must be a state of the scenario; one tie per pair."""
        problems: list[tuple[tuple, str]] = []
        names = self.states
        for name, st in self.states.items():
            for k, other in enumerate(st.borders):
                if other not in names:
                    problems.append((("states", name, "borders", k), _unknown(other, names)))
        seen = {}
        for k, t in enumerate(self.ties):
            for f in ("a", "b"):
                if getattr(t, f) not in names:
                    problems.append((("ties", k, f), _unknown(getattr(t, f), names)))
            pair = frozenset((t.a, t.b))
            if pair in seen:
                problems.append((("ties", k),
                                 f"a second tie between {t.a} and {t.b} (first is ties[{seen[pair]}]);"
                                 " keep one"))
            seen[pair] = k
        for k, x in enumerate(self.exogenous_arms):
            if x.client not in names:
                problems.append((("exogenous_arms", k, "client"), _unknown(x.client, names)))
        stake_names = {}
        for k, st in enumerate(self.stakes):
            for f in ("held_by", "claimed_by"):
                if getattr(st, f) not in names:
                    problems.append((("stakes", k, f), _unknown(getattr(st, f), names)))
            if st.name in stake_names:
                problems.append((("stakes", k, "name"),
                                 f"a second stake named {st.name!r} (first is "
                                 f"stakes[{stake_names[st.name]}]); give each its own name"))
            stake_names.setdefault(st.name, k)
        for k, ev in enumerate(self.events):
            stake = getattr(ev, "stake", None)
            if stake is not None and stake not in stake_names:
                problems.append((("events", k, "stake"), _unknown(stake, stake_names, "stake")))
            for f, who in ev.actors():
                if who not in names:
                    problems.append((("events", k, f), _unknown(who, names)))
        if problems:
            raise CrossReferenceError(problems)
        return self


class CrossReferenceError(ValueError):
    """Raised by the scenario validator with (location, message) pairs."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(m for _, m in problems))


def _unknown(name, names, what: str = "state") -> str:
    import difflib

    close = difflib.get_close_matches(str(name), list(names), n=1, cutoff=0.6)
    hint = f" — did you mean {close[0]!r}?" if close else ""
    return f"unknown {what} {name!r}{hint} ({what}s: {', '.join(names)})"
