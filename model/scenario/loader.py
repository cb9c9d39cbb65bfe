"""Scenario files: YAML → validated :class:`model.scenario.schema.Scenario`, or one clear line per problem.

YAML is read with the safe loader (plain data, no ``!!python`` tags; :mod:`model.scenario.yaml_read`). Every key and list
item keeps its file and line through ``extends:``, so a problem reads ``file:line: field:
what is wrong and what is allowed``; a user mistake raises :class:`ScenarioError`, never a
raw traceback. ``extends: other.yaml`` (relative to the file) merges the file over its
parent: mappings key by key (one field of one state can change), ``ties`` by the pair
{a, b} (the child's replaces the parent's), ``events`` and ``exogenous_arms`` parent's
then child's; ``teaching`` and anything else replaces.

Reading is bounded: a scenario file is a regular file of at most 1 MB (a folder, a device,
a pipe is refused before it is opened), nested at most 50 levels deep. ``extends:`` stays
inside the scenario tree — the folder of the file first loaded (and below) or the model's
own ``scenarios/`` folder — unless the environment variable ``ARMSRACE_EXTENDS_ANYWHERE=1``
allows any path. Messages never show the content of a file reached through ``extends:``
(the value a problem there is about is left out) nor paths other than those given.
"""

from __future__ import annotations

import os
import re
from functools import reduce
from pathlib import Path
from typing import get_args

from pydantic import BaseModel, ValidationError

from model.scenario import schema
from model.scenario.input_errors import (
    Lines,
    Problem,
    ScenarioError,
    did_you_mean,
    dotted,
    line_of,
    plain_words,
    short,
)
from model.scenario.mechanisms import MECHANISMS
from model.scenario.schema import Scenario
from model.scenario.yaml_read import MAX_BYTES, MAX_DEPTH, read_yaml

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Lines", "Problem", "ScenarioError", "apply_overrides",
           "load_scenario", "override_path", "problems_from", "read_yaml", "scenario_to_dict",
           "unknown_mechanism", "validate_paths"]

APPENDED = ("events", "exogenous_arms")
TOP_LEVEL = ("years", "seed", "start_year", "name", "description", "history_until")
ANYWHERE = "ARMSRACE_EXTENDS_ANYWHERE"  # =1: extends: may name any file
#: the repository's scenario folder (the loader and calibration read it; the dashboard lists it)
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _fail(file, line, field, message):
    raise ScenarioError.one(file, line, field, message) from None


# --- extends --------------------------------------------------------------------------------

def _load_tree(path: Path, name: str, chain: tuple = (), roots: tuple = ()) -> tuple[dict, Lines]:
    """(data, lines) of one file with its ``extends:`` resolved; ``chain`` = (path, name)
    of the files that extend it, to catch circles and to name them; ``roots``: the folders
    ``extends:`` may reach (empty: anywhere)."""
    data, lines = read_yaml(path, name)
    if data is None:
        _fail(name, None, "", "the file is empty: a scenario needs at least `name` and `states`")
    if not isinstance(data, dict):
        _fail(name, 1, "", "the top level must be a mapping (name: ..., states: ...), "
              f"not {type(data).__name__}")
    parent = data.get("extends")
    if parent is None:
        return data, lines
    line = lines.get(("extends",), (name, None))[1]
    if not isinstance(parent, str) or not parent.strip() or "\0" in parent:
        _fail(name, line, "extends", "expected the path of another scenario file (e.g. "
              f"extends: baseline_2020.yaml), got {short(parent)}")
    ppath = path.parent / parent
    pname = os.path.normpath(os.path.join(os.path.dirname(name), parent))
    names = [n for _, n in chain] + [name]
    real = _real(ppath, name, line)
    if real in [p for p, _ in chain] + [_real(path, name, line)]:
        loop = " → ".join(Path(n).name for n in [*names, pname])
        _fail(name, line, "extends", f"goes round in a circle ({loop}); remove one link")
    if roots and not any(real.is_relative_to(r) for r in roots):
        _fail(name, line, "extends", f"{short(parent)} is outside the scenario tree: extends: "
              "may name a file in this file's folder (or below it) or in the model's "
              f"scenarios/ folder; set {ANYWHERE}=1 to allow any path")
    if not os.path.lexists(ppath):
        via = f" (chain: {' → '.join(names)})" if chain else ""
        _fail(name, line, "extends", f"no such file {short(parent)} (looked for {pname}); "
              f"the path is relative to the file that extends it{via}")
    base, blines = _load_tree(ppath, pname, (*chain, (_real(path, name, line), name)), roots)
    merged, mlines = _merge(base, blines, data, lines)
    mlines[()] = lines[()]
    return merged, mlines


def _real(path: Path, name: str, line) -> Path:
    """The path with every symbolic link followed; a link loop is a problem of ``name``."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python < 3.13's "Symlink loop"
        _fail(name, line, "extends", "a symbolic link that loops (it points back at itself); "
              "point extends: at a real file")


def _roots(path: Path) -> tuple:
    """Where ``extends:`` may reach from a file first loaded from ``path``."""
    if os.environ.get(ANYWHERE, "") not in ("", "0"):
        return ()
    try:
        return (path.resolve().parent, SCENARIOS)
    except (OSError, RuntimeError):
        return (SCENARIOS,)

def _merge(base: dict, blines: Lines, over: dict, olines: Lines, prefix=()) -> tuple[dict, Lines]:
    """Merge ``over`` into ``base`` (both freshly read: changed in place), lines alike."""
    for key, value in over.items():
        here, old = (*prefix, key), base.get(key)
        if not prefix and key in APPENDED and isinstance(value, list) and isinstance(old, list):
            _graft(olines, here, blines, here, shift=len(old))
            base[key] = old + value
        elif not prefix and key == "ties" and isinstance(value, list) and isinstance(old, list):
            ties, pairs = list(old), {}
            for n, tie in enumerate(old):
                pairs.setdefault(_pair(tie), n)
            pairs.pop(None, None)
            for k, tie in enumerate(value):
                n = pairs.pop(_pair(tie), None)  # pop: two child ties of a pair stay two
                if n is None:
                    n = len(ties)
                    ties.append(tie)
                ties[n] = tie
                _graft(olines, (*here, k), blines, (*here, n), drop=True)
            base[key] = ties
        elif isinstance(value, dict) and isinstance(old, dict) and here != ("teaching",):
            _merge(old, blines, value, olines, here)
        else:
            base[key] = value
            _graft(olines, here, blines, here, drop=True)
        blines[here] = olines.get(here, blines.get(here))
    return base, blines


def _pair(tie):
    ok = isinstance(tie, dict) and all(isinstance(tie.get(f), str) for f in "ab")
    return frozenset((tie["a"], tie["b"])) if ok else None


def _graft(src: Lines, prefix: tuple, dst: Lines, new: tuple, shift=0, drop=False) -> None:
    """Copy the lines under ``prefix`` in src to ``new`` in dst (list indices + shift),
    after dropping what dst had under ``new`` if ``drop``."""
    n = len(prefix)
    for p in [p for p in dst if drop and p[:len(new)] == new]:
        del dst[p]
    for p, where in src.items():
        if p[:n] == prefix:
            rest = (p[n] + shift, *p[n + 1:]) if shift and len(p) > n else p[n:]
            dst[(*new, *rest)] = where


# --- loading and validation → problems ------------------------------------------------------

def load_scenario(source, overrides: dict | None = None) -> Scenario:
    """A validated Scenario from a YAML path, a dict (shown as ``<dict>``; its ``extends``
    is not followed) or a Scenario (returned as is); ``overrides`` as in :func:`apply_overrides`."""
    if isinstance(source, Scenario):
        return apply_overrides(source, overrides) if overrides else source
    name = "<dict>" if isinstance(source, dict) else os.fspath(source)
    try:
        data, lines = (source, {}) if isinstance(source, dict) else _load_tree(
            Path(name), name, roots=_roots(Path(name)))
        try:
            sc = Scenario.model_validate(data)
        except ValidationError as err:
            raise ScenarioError(problems_from(err, data, lines, name)) from None
    except ScenarioError as err:
        raise ScenarioError([p if p.file == name else _hide(p) for p in err.problems]) from None
    sc.source = None if isinstance(source, dict) else name
    return apply_overrides(sc, overrides) if overrides else sc


_SAFE = re.compile(r"[\w' -]{1,30}(\[\d+\])*")


def _hide(p: Problem) -> Problem:
    """A problem in a file reached through ``extends:``, with nothing of that file quoted
    but names a scenario would use: keys and quoted text of other kinds become '…'."""
    field = ".".join(t if _SAFE.fullmatch(t) else "…" for t in p.field.split(".")) \
        if p.field else ""
    message = re.sub(r"'([^']*)'", lambda m: m[0] if _SAFE.fullmatch(m[1]) else "'…'",
                     p.message)
    return p._replace(field=field, message=message)


def problems_from(err: ValidationError, data, lines: Lines, name: str) -> list[Problem]:
    """Pydantic's errors as Problems: file, line, dotted field, what is wrong and allowed."""
    out = []
    for e in err.errors():
        ctx_err = (e.get("ctx") or {}).get("error")
        if isinstance(ctx_err, schema.CrossReferenceError):
            found = [(tuple(loc), msg) for loc, msg in ctx_err.problems]
        else:  # drop the event kind pydantic puts in event locations (events.3.war.a)
            loc = tuple(p for k, p in enumerate(e["loc"])
                        if not (k == 2 and e["loc"][0] == "events" and p in schema.EVENT_KINDS))
            found = [(loc, None)]
        for loc, msg in found:
            file, line = line_of(lines, loc, name)
            if msg is None:  # a value in a file reached through extends: is not quoted
                msg = _message(e, loc, data, echo=file == name)
            out.append(Problem(file, line, dotted(loc), msg))
    return out


EVENT_MODELS = {get_args(m.model_fields["kind"].annotation)[0]: m
                for m in get_args(get_args(schema.Event)[0])}
_NESTED = {("parameters",): schema.Parameters, ("mechanisms",): schema.Mechanisms,
           ("states", None): schema.StateSpec,
           ("ties", None): schema.Tie, ("ties", None, "indicators"): schema.TieIndicators,
           ("exogenous_arms", None): schema.ExogenousArms, ("teaching",): schema.Teaching}


def _model_at(loc, data) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at ``loc`` (for its field names)."""
    if not loc:
        return Scenario
    if loc[0] == "events" and len(loc) == 2:
        try:
            return EVENT_MODELS.get(data["events"][loc[1]]["kind"])
        except (KeyError, IndexError, TypeError):
            return None
    return _NESTED.get(tuple(None if k == 1 else p for k, p in enumerate(loc)))


def _message(e: dict, loc: tuple, data, echo: bool = True) -> str:
    """What is wrong at ``loc`` and what is allowed, in plain words (an event's kind here,
    the rest in :func:`model.scenario.input_errors.plain_words`); ``echo``: quote the value given."""
    kind, got, ctx = e["type"], e.get("input"), e.get("ctx") or {}
    if kind == "union_tag_not_found":
        return f"an event needs a `kind`: one of {', '.join(schema.EVENT_KINDS)}"
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", got)
        return (f"unknown event kind {short(tag)}{did_you_mean(tag, schema.EVENT_KINDS)} "
                f"(allowed: {', '.join(schema.EVENT_KINDS)})")
    if kind == "extra_forbidden" and len(loc) == 2 and loc[0] == "mechanisms":
        return unknown_mechanism(loc[1])
    return plain_words(e, loc, lambda at: _model_at(at, data), echo=echo)


# --- overrides ------------------------------------------------------------------------------

def apply_overrides(sc: Scenario, overrides: dict[str, object]) -> Scenario:
    """A new Scenario with ``{name: value}`` overrides: a parameter (``distinguishability``),
    a top-level scalar (``years``), a state field (``Armenia.reaction``) or a mechanism
    switch (``mechanisms.spiral``, see :mod:`model.scenario.mechanisms`). Values may be
    text, as from a command line (``"0.8"``, ``"true"``); they are checked like the file's
    own. Problems are reported against the file ``--set`` and the name as given."""
    if not isinstance(sc, Scenario):
        sc = load_scenario(sc)
    if (new := _with_parameters(sc, overrides)) is not None:
        return new
    data, problems, given = scenario_to_dict(sc), [], {}
    for name, value in overrides.items():
        if path := override_path(str(name), data, problems):
            reduce(dict.__getitem__, path[:-1], data)[path[-1]] = value
            given[dotted(path)] = str(name)
    if problems:
        raise ScenarioError(problems)
    try:
        new = Scenario.model_validate(data)
    except ValidationError as err:
        found = problems_from(err, data, {}, "--set")
        raise ScenarioError([p._replace(field=given.get(p.field, p.field)) for p in found]
                            ) from None
    new.source = sc.source
    return new


def parameter_named(name) -> str | None:
    """The parameter an override name sets (``war_cost``, ``parameters.war_cost``), or None."""
    head, _, field = str(name).rpartition(".")
    return field if head in ("", "parameters") and field in schema.Parameters.model_fields \
        else None


def _with_parameters(sc: Scenario, overrides: dict[str, object]) -> Scenario | None:
    """``sc`` with ``overrides`` that are all parameters, validating only the parameters (a
    sample's point: ~0.1 ms instead of ~1 ms for the whole scenario; nothing else of a
    scenario depends on its parameters). None when an override is not a parameter or a value
    is refused: :func:`apply_overrides` then validates all and words the problem."""
    fields = {}
    for name, value in overrides.items():
        if (field := parameter_named(name)) is None:
            return None
        fields[field] = value
    try:
        params = schema.Parameters.model_validate(sc.parameters.model_dump() | fields)
    except ValidationError:
        return None
    new = sc.model_copy(update={"parameters": params})
    new.source = sc.source
    return new


def override_path(name: str, data: dict, problems: list) -> tuple | None:
    """Where ``name`` lives in the scenario's data, or None (with a problem noted)."""
    params, fields, states = list(schema.Parameters.model_fields), \
        list(schema.StateSpec.model_fields), list(data["states"])
    head, _, field = name.partition(".")
    if not field and (name in params or name in TOP_LEVEL):
        return ("parameters", name) if name in params else (name,)
    if head == "parameters" and field in params:
        return ("parameters", field)
    if head == "mechanisms" and "mechanisms" not in states:
        if field in MECHANISMS:
            return ("mechanisms", field)
        problems.append(Problem("--set", None, name, unknown_mechanism(field)))
        return None
    if head in states and field in fields:
        return ("states", head, field)
    if head in states:
        msg = f"unknown state field {field!r}" + (did_you_mean(field, fields) or f"; allowed: "
                                                  f"{', '.join(fields)}")
    elif field:
        msg = f"unknown state {head!r}{did_you_mean(head, states)} (states: {', '.join(states)})"
    elif name in fields:
        msg = f"{name!r} is a state field: write STATE.{name}, e.g. {states[0]}.{name}"
    elif name in MECHANISMS:
        msg = f"{name!r} is a mechanism: write mechanisms.{name}=false (armsrace run: --off {name})"
    else:
        msg = f"unknown parameter {name!r}" + (did_you_mean(name, [*params, *TOP_LEVEL]) or (
            f"; give a parameter ({', '.join(params)}), {', '.join(TOP_LEVEL)} or STATE.field"))
    problems.append(Problem("--set", None, name, msg))
    return None


def unknown_mechanism(name) -> str:
    """The message for a mechanism switch that does not exist."""
    return (f"unknown mechanism {short(name)}" + did_you_mean(name, MECHANISMS)
            + f" (mechanisms: {', '.join(MECHANISMS)})")


# --- for the command line and the dashboard -------------------------------------------------

def validate_paths(paths) -> list[Problem]:
    """Every problem in every file (a folder stands for its *.yaml); empty list: all valid."""
    problems: list[Problem] = []
    for p in paths:
        files = sorted(Path(p).glob("*.yaml")) if Path(p).is_dir() else [p]
        for f in files:
            try:
                load_scenario(f)
            except ScenarioError as err:
                problems.extend(err.problems)
    return problems


def scenario_to_dict(sc: Scenario) -> dict:
    """Plain data (``try`` keeps its YAML name); ``load_scenario`` takes it back."""
    return sc.model_dump(by_alias=True, exclude={"source"})


def prepared_scenario(scenario, overrides: dict | None, mechanisms: dict[str, bool] | None,
                      parameters: dict) -> Scenario:
    """The scenario a model runs: loaded (default: the baseline), with ``overrides``,
    ``parameters`` and ``mechanisms`` switches applied, and only the history it may know
    (``history_until``: a forecast)."""
    if scenario is None:
        scenario = "scenarios/baseline_2020.yaml"
    merged = dict(overrides or {})
    merged.update(parameters)
    merged.update({f"mechanisms.{k}": v for k, v in (mechanisms or {}).items()})
    sc = load_scenario(scenario)
    if merged:
        sc = apply_overrides(sc, merged)
    return sc.known_history()  # history_until: drop what was not yet known (a forecast)
