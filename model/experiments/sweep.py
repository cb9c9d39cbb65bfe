"""Sweep files: an experiment in YAML → a validated :class:`Plan` of points × replications.

A sweep names a base scenario, the years to run, how many replications per point, the
sweep's seed, and either a ``grid`` (every combination of the listed values) or a
``sample`` (``method: sobol | morris | latin`` with ``n`` and ``bounds``, drawn with SALib),
plus ``fixed`` overrides for every run and the ``outputs`` to keep. Parameter names are the
ones ``armsrace run --set`` takes: a world parameter (``distinguishability``), ``years`` or a
state field (``Armenia.reaction``).

Mistakes raise :class:`model.scenario.input_errors.SweepError`, worded like a scenario's: one line per
problem with file, line, field and what is allowed (a problem in the base scenario file itself
stays a ``ScenarioError`` naming that file). Every run's seed is derived from the
sweep's seed and (point, replication) alone, so results do not depend on how runs are split
among workers.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field, ValidationError

from model.scenario import schema
from model.scenario.input_errors import (
    Problem,
    ScenarioError,
    SweepError,
    did_you_mean,
    dotted,
    line_of,
    plain_words,
    problem_at,
)
from model.scenario.loader import (
    apply_overrides,
    load_scenario,
    override_path,
    read_yaml,
    scenario_to_dict,
)
from model.scenario.vocabulary import Strict
from model.simulation.measures import AGENT_MEASURES
from model.simulation.reporters import MODEL_COLUMNS

Scalar = bool | int | float | str
#: what a run can record: per-state measures, the top threat, then per-year world measures
MEASURES = (*AGENT_MEASURES, "top_threat", *[c for c in MODEL_COLUMNS if c != "year"])


class Sample(BaseModel):
    """Points drawn from ``bounds`` by SALib (Saltelli/Sobol', Morris trajectories, LHS)."""

    model_config = Strict
    method: Literal["sobol", "morris", "latin"]
    n: int = Field(ge=1, le=1_000_000, description=(
        "sobol: base sample (a power of 2; points = n·(k+2), n·(2k+2) with second_order); "
        "morris: trajectories "
        "(points = n·(k+1)); latin: points"))
    bounds: dict[str, tuple[float, float]] = Field(min_length=1)
    levels: int = Field(4, ge=2, le=50, description="Morris grid levels")
    second_order: bool = Field(False, description="Sobol: also second-order indices")


class Outputs(BaseModel):
    """What each run keeps (default: every measure, every state, every year)."""

    model_config = Strict
    measures: list[str] | None = None
    states: list[str] | None = None
    years: Literal["all", "final"] = "all"


class Sweep(BaseModel):
    model_config = Strict
    name: str
    description: str = Field(min_length=1, description="one sentence: what the sweep shows")
    scenario: str = Field(description="base scenario file, relative to the sweep file")
    years: int | None = Field(None, ge=1, le=500)
    replications: int = Field(1, ge=1, le=1_000_000)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    common_random_numbers: bool = Field(False, description=(
        "the same seeds at every point (replication r uses one seed everywhere)"))
    fixed: dict[str, Scalar] = Field(default_factory=dict)
    grid: dict[str, list[Scalar]] | None = None
    sample: Sample | None = None
    outputs: Outputs = Field(default_factory=Outputs)
    chunk_size: int | None = Field(None, ge=1, le=100_000, description="runs per task")
    posterior: bool = Field(False, description=(
        "draw each run's parameters from the base scenario's posterior (its posterior: "
        "table): replication r takes draw r, at every point; a point's own values win"))


_MODELS = {(): Sweep, ("sample",): Sample, ("outputs",): Outputs}
#: the most points a sample may draw: SALib draws them all at once, in memory
MAX_SAMPLE_POINTS = 5_000_000


class Points(Sequence):
    """The points of a sweep, never listed: point ``p`` is computed from its index.

    A grid is a product: ``p`` is read in mixed radix, one digit per parameter (the last
    parameter fastest), each digit an index into that parameter's values. A sample is a
    table: every parameter's column is indexed by ``p`` itself. So a grid of 10⁹ points costs
    its value lists, not 10⁹ tuples."""

    def __init__(self, levels: list[list], product: bool):
        self.levels = [list(v) for v in levels]          # a grid's values, or a sample's columns
        self.product = product
        radix = [len(v) for v in self.levels] if product else []
        self.strides = [int(np.prod(radix[k + 1:], dtype=object)) for k in range(len(radix))]
        self.size = (int(np.prod(radix, dtype=object)) if product else
                     len(self.levels[0]) if self.levels else 1)

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, p):
        if isinstance(p, slice):
            return [self[i] for i in range(*p.indices(self.size))]
        p = int(p)
        if p < 0:
            p += self.size
        if not 0 <= p < self.size:
            raise IndexError(f"point {p} of {self.size}")
        return tuple(v[self.index(p, k)] for k, v in enumerate(self.levels))

    def index(self, p, k: int):
        """Index into ``levels[k]`` of point(s) ``p`` (an int or an int64 array)."""
        if not self.product:
            return p
        return (p // self.strides[k]) % len(self.levels[k])

    def __eq__(self, other) -> bool:
        if isinstance(other, Points):
            return (self.product, self.levels) == (other.product, other.levels)
        return isinstance(other, Sequence) and len(other) == self.size and list(other) == \
            list(self)

    __hash__ = None

    def columns(self) -> list[np.ndarray]:
        """Each parameter's values as a numpy array: a grid's value list, a sample's column
        (the dtype a column of every point would have: the values' common type)."""
        return [np.array(v) for v in self.levels]

    def fingerprint(self) -> str:
        """A hash of the points: of the grid's value lists, or of the sample's columns."""
        h = hashlib.sha256(json.dumps([self.product, self.levels], default=str).encode())
        return h.hexdigest()


@dataclass
class Plan:
    """A loaded sweep: the spec, the base scenario (years and ``fixed`` applied) and points."""

    spec: Sweep
    file: str
    base: schema.Scenario
    names: list[str]                       # the varied parameters, in column order
    values: Sequence[tuple]                # one tuple of values per point (see Points)
    x: np.ndarray | None = None            # SALib's sample (unrounded), for the analysis
    lines: dict = field(default_factory=dict, repr=False)
    draws: list = field(default_factory=list)  # posterior: true → one override dict per replication

    @property
    def n_points(self) -> int:
        return len(self.values)

    @property
    def n_runs(self) -> int:
        return self.n_points * self.spec.replications

    def point(self, p: int) -> dict:
        return dict(zip(self.names, self.values[p], strict=True))

    def seeds(self, runs) -> np.ndarray:
        """The seed of each run id: from (sweep seed, point, replication) only."""
        s = self.spec
        return derive_seeds(s.seed, s.replications, s.common_random_numbers, runs)

    def problem(self) -> dict:
        """SALib's problem definition of the sample."""
        b = self.spec.sample.bounds
        return {"num_vars": len(b), "names": list(b), "bounds": [list(v) for v in b.values()]}

    def chunk_size(self) -> int:
        """Runs per task: the sweep's, or about 1/16 of the runs, at most 250 (a chunk's runs
        are stepped together: chunks.run_chunk)."""
        return self.spec.chunk_size or int(np.clip(self.n_runs // 16, 1, 250))

    def digest(self) -> str:
        """A hash of everything that decides the results (not name or description)."""
        points = (self.values.fingerprint() if isinstance(self.values, Points)
                  else [list(v) for v in self.values])
        what = {"scenario": self.base.model_dump(mode="json"), "names": self.names,
                "points": points, "seed": self.spec.seed,
                "replications": self.spec.replications,
                "crn": self.spec.common_random_numbers,
                "outputs": self.spec.outputs.model_dump(),
                **({"draws": self.draws} if self.draws else {})}
        return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()


def derive_seeds(seed: int, replications: int, common: bool, runs) -> np.ndarray:
    """Seeds of run ids ``runs`` (run = point × replications + replication): a SeedSequence
    of (sweep seed, point, replication), or of (sweep seed, 0, replication) when ``common``."""
    point, rep = np.divmod(np.asarray(runs, dtype=np.int64), replications)
    if common:
        point = np.zeros_like(point)
    return np.array([np.random.SeedSequence(seed, spawn_key=(int(p), int(r)))
                     .generate_state(1)[0] for p, r in zip(point, rep, strict=True)],
                    dtype=np.int64)


def load_sweep(path) -> Plan:
    """Read, validate and expand a sweep file; raise SweepError naming file, line, field."""
    name = os.fspath(path)
    try:
        data, lines = read_yaml(Path(name), name)
    except ScenarioError as err:  # the reader's wording: the file is not readable YAML
        raise SweepError(err.problems) from None
    if not isinstance(data, dict):
        raise SweepError.one(name, 1, "", "a sweep file is a mapping (name: ..., "
                             "scenario: ..., grid: ... or sample: ...)")
    try:
        spec = Sweep.model_validate(data)
    except ValidationError as err:
        raise SweepError([problem_at(lines, tuple(e["loc"]), name,
                                     plain_words(e, tuple(e["loc"]), _MODELS.get))
                          for e in err.errors()]) from None
    where = _where(lines, name)
    if spec.grid is not None and spec.sample is not None:
        _fail(where, ("sample",), "give either a grid or a sample, not both")
    sc_path = Path(name).parent / spec.scenario
    if not sc_path.is_file():
        _fail(where, ("scenario",), f"no such file {spec.scenario!r} (looked for {sc_path}); "
              "the path is relative to the sweep file")
    base = load_scenario(sc_path)  # its own problems name its own file
    fixed = dict(spec.fixed) | ({"years": spec.years} if spec.years else {})
    base = _override(base, fixed, where, "fixed")
    plan = Plan(spec, name, base, [], Points([], product=True), lines=lines)
    if spec.grid:
        _expand_grid(plan, where)
    elif spec.sample:
        _draw_sample(plan, where)
    _check_outputs(plan, where)
    if spec.posterior:
        from model.experiments.posterior import parameter_draws

        plan.draws = parameter_draws(base, spec.replications)  # a problem names the scenario
    return plan


def _expand_grid(plan: Plan, where) -> None:
    grid = plan.spec.grid
    data = scenario_to_dict(plan.base)
    for name, values in grid.items():
        found: list[Problem] = []
        if override_path(name, data, found) is None:
            _fail(where, ("grid", name), found[0].message)
        if not values:
            _fail(where, ("grid", name), "give at least one value, e.g. [0.2, 0.8]")
        for i, v in enumerate(values):
            _override(plan.base, {name: v}, where, "grid", (name, i))
    plan.names = list(grid)
    plan.values = Points(list(grid.values()), product=True)
    if plan.n_runs >= 2**62:
        _fail(where, ("grid",), f"{plan.n_points:.3g} points × {plan.spec.replications} "
              "replications: more runs than can be numbered; vary fewer parameters")


def _draw_sample(plan: Plan, where) -> None:
    from SALib.sample import latin, morris, sobol

    s = plan.spec.sample
    for name, (lo, hi) in s.bounds.items():
        if not lo < hi:
            _fail(where, ("sample", "bounds", name), f"needs [low, high] with low < high, got "
                  f"[{lo:g}, {hi:g}]")
        for v in (lo, hi):
            _override(plan.base, {name: _as_field(name, v)}, where, "sample", ("bounds", name))
    if s.method == "sobol" and s.n & (s.n - 1):
        _fail(where, ("sample", "n"), f"Sobol' sampling needs a power of 2, got {s.n} "
              f"(e.g. {1 << max(s.n.bit_length() - 1, 0)} or {1 << s.n.bit_length()})")
    if s.method != "latin" and len(s.bounds) < 2:
        _fail(where, ("sample", "bounds"), f"{s.method} needs at least 2 parameters to compare")
    k = len(s.bounds)
    count = {"sobol": s.n * (2 * k + 2 if s.second_order else k + 2),
             "morris": s.n * (k + 1), "latin": s.n}[s.method]
    if count > MAX_SAMPLE_POINTS:
        _fail(where, ("sample", "n"), f"{s.method} with n = {s.n} and {k} parameters draws "
              f"{count:,} points, all in memory; at most {MAX_SAMPLE_POINTS:,}: lower n")
    problem, seed = plan.problem(), plan.spec.seed % 2**32
    if s.method == "sobol":
        x = sobol.sample(problem, s.n, calc_second_order=s.second_order, seed=seed)
    elif s.method == "morris":
        x = morris.sample(problem, s.n, num_levels=s.levels, seed=seed)
    else:
        x = latin.sample(problem, s.n, seed=seed)
    plan.names, plan.x = list(s.bounds), x
    plan.values = Points([[_as_field(n, v) for v in x[:, j].tolist()]
                          for j, n in enumerate(plan.names)], product=False)


def _as_field(name: str, value: float):
    """A sampled number as the field wants it: whole-number fields are rounded."""
    head, _, tail = name.partition(".")
    model, key = ((schema.Parameters, name) if not tail else
                  (schema.Parameters, tail) if head == "parameters" else (schema.StateSpec, tail))
    f = model.model_fields.get(key) or schema.Scenario.model_fields.get(name)
    return int(round(value)) if f is not None and f.annotation is int else float(value)


def _check_outputs(plan: Plan, where) -> None:
    out = plan.spec.outputs
    for k, m in enumerate(out.measures or []):
        if m not in MEASURES:
            _fail(where, ("outputs", "measures", k), f"unknown measure {m!r}"
                  f"{did_you_mean(m, MEASURES) or '; allowed: ' + ', '.join(MEASURES)}")
    states = list(plan.base.states)
    for k, s in enumerate(out.states or []):
        if s not in states:
            _fail(where, ("outputs", "states", k), f"unknown state {s!r}{did_you_mean(s, states)} "
                  f"(states: {', '.join(states)})")


def _override(sc, overrides: dict, where, section: str, sub: tuple = ()):
    """apply_overrides, with its problems moved to the sweep file's line and field."""
    try:
        return apply_overrides(sc, overrides)
    except ScenarioError as err:
        loc = (section, *sub) if sub else None
        found = []
        for p in err.problems:
            here = loc or (section, p.field)
            file, line = where(here)
            found.append(Problem(file, line, dotted(here), p.message))
        raise SweepError(found) from None


def _where(lines, name):
    return lambda loc: line_of(lines, loc, name)


def _fail(where, loc: tuple, message: str):
    file, line = where(loc)
    raise SweepError([Problem(file, line, dotted(loc), message)])
