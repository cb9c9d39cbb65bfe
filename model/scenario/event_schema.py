"""Scheduled events a scenario may contain, one pydantic model per kind (``kind:`` picks it).

Defining a subclass of ``_Event`` with ``kind: Literal["name"]`` declares the kind: the
scenario's discriminated union (``Event``), ``EVENT_KINDS`` and ``EVENT_MODELS`` are built
from the subclasses, in the order they are defined here. What each kind does to the world
is its function in :mod:`model.simulation.events` (registered with ``@applies``).
"""

from __future__ import annotations

from typing import Annotated, Literal, Union, get_args

from pydantic import (
    BaseModel,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from model.scenario.input_errors import bounds, describe_range
from model.scenario.parameters import Parameters
from model.scenario.tie_indicators import INDICATORS
from model.scenario.vocabulary import TIE_KINDS, Strict

#: Largest sum of money a scenario may name (USD bn a year): forty times the world's
#: military spending, so never a real limit, but far from float overflow.
MAX_MONEY = 100_000.0


#: kind name → its pydantic model, filled as the subclasses of ``_Event`` are defined
EVENT_MODELS: dict[str, type[_Event]] = {}


class _Event(BaseModel):
    model_config = Strict
    year: int = Field(ge=1800, le=2300)
    note: str = ""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs):
        super().__pydantic_init_subclass__(**kwargs)
        (kind,) = get_args(cls.model_fields["kind"].annotation)
        if kind in EVENT_MODELS:
            raise TypeError(f"event kind {kind!r} is declared twice")
        EVENT_MODELS[kind] = cls

    def actors(self) -> list[tuple[str, str]]:
        """(field, state name) pairs that must name states of the scenario."""
        return []


def _pairs(ev, *fields):
    return [(f, getattr(ev, f)) for f in fields if getattr(ev, f) is not None]


class AllianceSigned(_Event):
    kind: Literal["alliance_signed"]
    a: str
    b: str
    strength: float = Field(0.7, ge=0, le=1)
    tie_kind: Literal[TIE_KINDS] = "defence_pact"  # type: ignore[valid-type]
    reliability: float | None = Field(None, ge=0, le=1)

    def actors(self):
        return _pairs(self, "a", "b")


class AllianceFrozen(_Event):
    kind: Literal["alliance_frozen"]
    a: str
    b: str
    strength: float = Field(0.2, ge=-1, le=1)

    def actors(self):
        return _pairs(self, "a", "b")


class TieChange(_Event):
    """Diplomacy that moves a tie without a commitment: normalisation talks, a rupture."""

    kind: Literal["tie_change"]
    a: str
    b: str
    strength: float = Field(ge=-1, le=1, description="the tie's new strength and anchor")
    tie_kind: Literal[TIE_KINDS] | None = None  # type: ignore[valid-type]

    def actors(self):
        return _pairs(self, "a", "b")


class AllianceTest(_Event):
    """A crisis in which `client` invokes `ally`'s commitment; honoured given or drawn."""

    kind: Literal["alliance_test"]
    ally: str
    client: str
    against: str | None = None
    honoured: bool | None = None

    def actors(self):
        return _pairs(self, "ally", "client", "against")


class ArmsDeal(_Event):
    kind: Literal["arms_deal"]
    supplier: str
    client: str
    value: float = Field(ge=0, le=MAX_MONEY, description="USD bn per year")
    years: int = Field(1, ge=1, le=50)
    quality: float = Field(0.0, ge=0, le=2, description="rise in the client's quality")
    financing: Literal["purchase", "aid"] = Field("purchase", description=(
        "purchase: paid from the client's own budget (already in its milex); aid: a grant "
        "or credit on top of it, which enters the budget rule as arms received"))

    def actors(self):
        return _pairs(self, "supplier", "client")


class MonitoringMission(_Event):
    kind: Literal["monitoring_mission"]
    monitor: str = Field(description="who monitors (may be outside the model, e.g. EU)")
    host: str
    watch: str | None = None
    level: float = Field(0.5, ge=0, le=1)

    def actors(self):
        return _pairs(self, "host", "watch")


class ConfidenceBuilding(_Event):
    kind: Literal["cbm"]
    a: str | None = None
    b: str | None = None
    level: float = Field(0.5, ge=0, le=1)

    def actors(self):
        return _pairs(self, "a", "b")


class PeaceTreaty(_Event):
    kind: Literal["peace_treaty"]
    a: str
    b: str
    guarantors: list[str] = Field(default_factory=list)
    guarantee: float = Field(0.0, ge=0, le=1, description="strength of enforcement")
    strength: float = Field(-0.2, ge=-1, le=1, description="tie anchor once signed")

    def actors(self):
        return _pairs(self, "a", "b")


class EconomicShock(_Event):
    kind: Literal["economic_shock"]
    state: str
    gdp_factor: float = Field(1.0, gt=0, le=10)
    growth_change: float = Field(0.0, ge=-0.5, le=0.5)

    def actors(self):
        return _pairs(self, "state")


class War(_Event):
    """A war the scenario's history records. ``winner`` gives its historical outcome (else
    capability in the theatre decides); ``stake`` what changed hands if the winner claimed it."""

    kind: Literal["war"]
    a: str
    b: str
    winner: str | None = Field(None, description="the side that prevailed, as history has it")
    stake: str | None = Field(None, description="the stake (scenario `stakes:`) fought over")

    @model_validator(mode="after")
    def _winner_fought(self):
        if self.winner is not None and self.winner not in (self.a, self.b):
            raise ValueError(f"the winner {self.winner!r} must be one of the two sides, "
                             f"{self.a!r} or {self.b!r}")
        return self

    def actors(self):
        return _pairs(self, "a", "b")


class BorderCrisis(_Event):
    kind: Literal["border_crisis"]
    a: str
    b: str
    invoke_allies: bool = Field(True, description=(
        "false when the scenario gives the allies' answer as an alliance_test"))

    def actors(self):
        return _pairs(self, "a", "b")


class ExternalShock(_Event):
    """Attention drawn away (Russia in Ukraine): focus and budget of one state change."""

    kind: Literal["external_shock"]
    state: str
    regional_focus: float | None = Field(None, ge=0, le=1)
    milex_factor: float = Field(1.0, gt=0, le=10)

    def actors(self):
        return _pairs(self, "state")


class SetParameter(_Event):
    """Changes a world parameter from ``year`` on; the value is checked against that
    parameter's own range when the file is read, not when the event fires."""

    kind: Literal["set_parameter"]
    name: str
    value: float

    @field_validator("name")
    @classmethod
    def _known(cls, v):
        if v not in Parameters.model_fields or v == "richardson_only":
            raise ValueError(f"unknown parameter {v!r}")
        return v

    @field_validator("value")
    @classmethod
    def _in_the_parameters_range(cls, v, info: ValidationInfo):
        name = info.data.get("name")  # absent if the name was refused: that is the error
        if name is None:
            return v
        field = Parameters.model_fields[name]
        try:
            return TypeAdapter(Annotated[field.annotation, field]).validate_python(v)
        except ValidationError:
            kind = "a whole number " if field.annotation is int else ""
            raise ValueError(f"{name} must be {kind}{describe_range(bounds(field))}, got {v!r}"
                             ) from None


class Exercise(_Event):
    """Joint military exercises (e.g. Eagle Partner): raise the tie's exercises indicator."""

    kind: Literal["exercise"]
    a: str
    b: str
    count: int = Field(1, ge=1, le=20)

    def actors(self):
        return _pairs(self, "a", "b")


class SetIndicator(_Event):
    kind: Literal["set_indicator"]
    a: str
    b: str
    name: Literal[INDICATORS]  # type: ignore[valid-type]
    value: float = Field(ge=0, le=1)

    def actors(self):
        return _pairs(self, "a", "b")


class GovernmentPivot(_Event):
    """A change of course at home (Leeds, Mattes and Vogel 2009): ties to the old partner fray."""

    kind: Literal["government_pivot"]
    state: str
    away_from: str
    toward: list[str] = Field(default_factory=list)
    shift: float = Field(0.5, ge=0, le=1)

    def actors(self):
        return _pairs(self, "state", "away_from") + [("toward", t) for t in self.toward]


Event = Annotated[Union[tuple(EVENT_MODELS.values())], Field(discriminator="kind")]  # noqa: UP007
EVENT_KINDS = tuple(EVENT_MODELS)
