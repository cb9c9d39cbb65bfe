"""Scenario files: YAML → validated :class:`model.schema.Scenario`, or one clear line per problem.

YAML is read with PyYAML's safe loader (plain data only). Every key and list item keeps
the file and line it came from, through ``extends:`` inheritance, so a problem is
reported as ``file:line: field: what is wrong and what is allowed``. A user mistake
raises :class:`ScenarioError` (a ValueError) — never a raw traceback.

``extends: other.yaml`` (relative to the file) merges the file over its parent:
mappings merge key by key (one field of one state can change), ``ties`` merge by the
unordered pair {a, b} (the child's tie replaces the parent's), ``events`` and
``exogenous_arms`` are the parent's followed by the child's, anything else replaces.
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import NamedTuple

import yaml
from pydantic import BaseModel, ValidationError

from . import schema
from .schema import Scenario

APPENDED = ("events", "exogenous_arms")
REPLACED = ("teaching",)


class Problem(NamedTuple):
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ScenarioError(ValueError):
    """One or more problems in a scenario (or sweep) file; ``str()`` is one line each."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))


# --- reading YAML with lines ------------------------------------------------------------------

def read_yaml(path: Path) -> tuple[object, dict[tuple, tuple[str, int]]]:
    """Safe-load ``path``; return the data and {path-in-document: (file, line)}."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(name, None, "", "no such file — check the path")]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise ScenarioError([Problem(name, None, "", f"cannot read it ({err})")]) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark or err.context_mark
        raise ScenarioError([Problem(name, mark.line + 1 if mark else None, "",
                                     f"{err.problem}: scenario files hold plain data only "
                                     "(no YAML tags such as !!python/...)")]) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f" (column {mark.column + 1})" if mark else ""
        raise ScenarioError([Problem(name, mark.line + 1 if mark else None, "",
                                     f"YAML syntax: {err.problem}{where} — check indentation, "
                                     "colons and quotes (a value containing ': ' needs quotes)")]
                            ) from None
    except yaml.YAMLError as err:
        raise ScenarioError([Problem(name, None, "", f"YAML: {err}")]) from None
    finally:
        loader.dispose()
    lines: dict[tuple, tuple[str, int]] = {}
    if node is not None:
        _walk(node, (), lines, name)
    return data, lines


def _walk(node, path, lines, name):
    lines[path] = (name, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            k = key.value
            if key.tag.endswith(":int"):
                k = int(k)
            lines[(*path, k)] = (name, key.start_mark.line + 1)
            _walk(value, (*path, k), lines, name)
            lines[(*path, k)] = (name, key.start_mark.line + 1)
    elif isinstance(node, yaml.SequenceNode):
        for k, item in enumerate(node.value):
            _walk(item, (*path, k), lines, name)


# --- extends ------------------------------------------------------------------------------------

def _load_tree(path: Path, chain: tuple[Path, ...] = ()) -> tuple[dict, dict]:
    path = path.resolve() if path.exists() else path
    if path in chain:
        loop = " → ".join(p.name for p in (*chain, path))
        raise ScenarioError([Problem(str(chain[-1]), None, "extends",
                                     f"extends goes round in a circle ({loop}); remove one link")])
    data, lines = read_yaml(path)
    if data is None:
        raise ScenarioError([Problem(str(path), None, "", "the file is empty: a scenario needs "
                                     "at least `name` and `states`")])
    if not isinstance(data, dict):
        raise ScenarioError([Problem(str(path), 1, "", "the top level must be a mapping "
                                     "(name: ..., states: ...), not a list or a single value")])
    parent = data.get("extends")
    if not parent:
        return data, lines
    ppath = (path.parent / str(parent))
    if not ppath.exists():
        raise ScenarioError([Problem(str(path), lines.get(("extends",), (None, None))[1],
                                     "extends", f"no such file {str(parent)!r} (looked for "
                                     f"{ppath}); paths are relative to this file")])
    base, base_lines = _load_tree(ppath, (*chain, path))
    return _merge(base, base_lines, data, lines)


def _merge(base, blines, over, olines, prefix=()):
    out = copy.deepcopy(base)
    lines = dict(blines)
    for key, value in over.items():
        here = (*prefix, key)
        if not prefix and key in APPENDED and isinstance(value, list):
            start = len(out.get(key) or [])
            out[key] = list(out.get(key) or []) + value
            _move(olines, here, lines, lambda k, start=start: k + start)
        elif not prefix and key == "ties" and isinstance(value, list):
            ties = list(out.get("ties") or [])
            pairs = [_pair(t) for t in ties]
            for k, tie in enumerate(value):
                pair = _pair(tie)
                if pair is not None and pair in pairs:
                    n = pairs.index(pair)
                    ties[n] = tie
                    _drop(lines, (*here, n))
                else:
                    n = len(ties)
                    ties.append(tie)
                    pairs.append(pair)
                _move(olines, (*here, k), lines, None, new=(*here, n))
            out["ties"] = ties
        elif (isinstance(value, dict) and isinstance(out.get(key), dict)
              and not (not prefix and key in REPLACED)):
            out[key], lines = _merge(out[key], lines, value, olines, here)
        else:
            out[key] = copy.deepcopy(value)
            _drop(lines, here)
            _move(olines, here, lines, None)
        lines[here] = olines.get(here, lines.get(here))
    return out, lines


def _pair(tie):
    return frozenset((tie.get("a"), tie.get("b"))) if isinstance(tie, dict) else None


def _drop(lines, prefix):
    for p in [p for p in lines if p[:len(prefix)] == prefix]:
        del lines[p]


def _move(src, prefix, dst, renumber, new=None):
    """Copy src lines under ``prefix`` into dst, renumbering the next index or re-rooting."""
    n = len(prefix)
    for p, where in src.items():
        if p[:n] != prefix:
            continue
        if new is not None:
            dst[(*new, *p[n:])] = where
        elif renumber is not None and len(p) > n:
            dst[(*prefix, renumber(p[n]), *p[n + 1:])] = where
        else:
            dst[p] = where


# --- validation → problems ---------------------------------------------------------------------

def load_scenario(source, overrides: dict | None = None) -> Scenario:
    """A validated Scenario from a path, a dict or a Scenario; overrides applied."""
    if isinstance(source, Scenario):
        sc = source
    elif isinstance(source, dict):
        sc = _validate(source, {}, "<dict>")
    else:
        path = Path(source)
        data, lines = _load_tree(path)
        sc = _validate(data, lines, str(source))
        sc.source = str(source)
    return apply_overrides(sc, overrides) if overrides else sc


def _validate(data, lines, name) -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(problems_from(err, data, lines, name)) from None


def problems_from(err: ValidationError, data, lines, name, root=Scenario) -> list[Problem]:
    """Pydantic's errors as Problems: file, line, dotted field, what is wrong and allowed."""
    out = []
    for e in err.errors():
        ctx_err = (e.get("ctx") or {}).get("error")
        if isinstance(ctx_err, schema.CrossReferenceError):
            for loc, msg in ctx_err.problems:
                out.append(Problem(*_where(lines, loc, name), _dotted(loc), msg))
            continue
        loc = _strip_tags(e["loc"])
        out.append(Problem(*_where(lines, loc, name), _dotted(loc),
                           _message(e, loc, data, root)))
    return out


def _strip_tags(loc):
    """Drop the discriminator tag pydantic puts into event locations."""
    return tuple(p for k, p in enumerate(loc)
                 if not (k == 2 and loc[0] == "events" and p in schema.EVENT_KINDS))


def _where(lines, loc, name):
    loc = tuple(loc)
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, (name, None))


def _dotted(loc) -> str:
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _model_at(loc, data, root=Scenario):
    """The pydantic model that validates the mapping at ``loc`` (for allowed field names)."""
    if root is not Scenario:
        return root if len(loc) == 0 else None
    head = loc[:1]
    if not loc:
        return Scenario
    if head == ("parameters",) and len(loc) == 1:
        return schema.Parameters
    if head == ("states",) and len(loc) == 2:
        return schema.StateSpec
    if head == ("ties",) and len(loc) == 2:
        return schema.Tie
    if head == ("ties",) and len(loc) == 3 and loc[2] == "indicators":
        return schema.TieIndicators
    if head == ("exogenous_arms",) and len(loc) == 2:
        return schema.ExogenousArms
    if head == ("teaching",) and len(loc) == 1:
        return schema.Teaching
    if head == ("events",) and len(loc) == 2:
        try:
            kind = data["events"][loc[1]]["kind"]
        except (KeyError, IndexError, TypeError):
            return None
        return EVENT_MODELS.get(kind)
    return None


EVENT_MODELS = {m.model_fields["kind"].annotation.__args__[0]: m
                for m in schema.Event.__origin__.__args__} if hasattr(
    schema.Event, "__origin__") else {}


def _names(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items() if n != "source"]


def _close(word, options) -> str:
    match = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" — did you mean {match[0]!r}?" if match else ""


def _message(e, loc, data, root) -> str:
    kind, got = e["type"], e.get("input")
    ctx = e.get("ctx") or {}
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1], data, root)
        allowed = _names(model) if model else []
        hint = _close(loc[-1], allowed)
        return (f"unknown field {loc[-1]!r}{hint}" if hint else
                f"unknown field {loc[-1]!r}; allowed: {', '.join(allowed)}")
    if kind == "missing":
        model = _model_at(loc[:-1], data, root)
        need = [n for n, f in model.model_fields.items() if f.is_required()] if model else []
        return f"missing required field {loc[-1]!r}" + (
            f" (required here: {', '.join(need)})" if need else "")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = ctx.get("tag", got)
        if kind == "union_tag_not_found":
            return f"an event needs a `kind`: one of {', '.join(schema.EVENT_KINDS)}"
        return (f"unknown event kind {tag!r}{_close(tag, schema.EVENT_KINDS)} "
                f"(allowed: {', '.join(schema.EVENT_KINDS)})")
    if kind == "literal_error":
        allowed = ctx.get("expected", "")
        options = [o.strip(" '") for o in str(allowed).replace(" or ", ", ").split(",")]
        return f"{got!r} is not allowed{_close(got, options)}; choose one of: {allowed}"
    bounds = {"greater_than_equal": "≥ {ge}", "greater_than": "> {gt}",
              "less_than_equal": "≤ {le}", "less_than": "< {lt}"}
    if kind in bounds:
        return f"must be {bounds[kind].format(**ctx)}, got {got!r}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        want = "a whole number" if kind.startswith("int") else "a number"
        return f"expected {want}, got {got!r}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {got!r}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (key: value, ...), got {got!r}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {got!r}"
    if kind in ("string_type",):
        return f"expected text, got {got!r} (quote it if it contains ': ')"
    if kind == "too_short":
        return f"too few entries ({e['msg'].lower()})"
    msg = e["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return f"{msg} (got {got!r})" if "got" not in msg and not isinstance(got, dict) else msg


# --- overrides -----------------------------------------------------------------------------------

TOP_LEVEL = ("years", "seed", "start_year", "name")


def apply_overrides(sc: Scenario, overrides: dict) -> Scenario:
    """A new Scenario with ``{name: value}`` overrides: a parameter (``distinguishability``),
    a top-level scalar (``years``), or a state field (``Armenia.reaction``). Values may be
    text, as from a command line; they are checked like the file's own values."""
    data = sc.model_dump(by_alias=True, exclude={"source"})
    problems = []
    params = list(schema.Parameters.model_fields)
    for name, value in overrides.items():
        if "." in name:
            state, field = name.split(".", 1)
            if state not in data["states"]:
                problems.append(Problem("--set", None, name, f"unknown state {state!r}"
                                        f"{_close(state, data['states'])}"))
            elif field not in schema.StateSpec.model_fields:
                problems.append(Problem("--set", None, name, f"unknown state field {field!r}"
                                        f"{_close(field, schema.StateSpec.model_fields)}"))
            else:
                data["states"][state][field] = value
        elif name in params:
            data["parameters"][name] = value
        elif name in TOP_LEVEL:
            data[name] = value
        else:
            hint = _close(name, [*params, *TOP_LEVEL])
            problems.append(Problem("--set", None, name, f"unknown parameter {name!r}{hint}"))
    if problems:
        raise ScenarioError(problems)
    try:
        new = Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError([Problem("--set", None, _dotted(_strip_tags(e["loc"])),
                                     _message(e, _strip_tags(e["loc"]), data, Scenario))
                             for e in err.errors()]) from None
    new.source = sc.source
    return new


def validate_paths(paths) -> list[Problem]:
    """Every problem in every file (an empty list: all valid)."""
    problems = []
    for p in paths:
        try:
            load_scenario(p)
        except ScenarioError as err:
            problems.extend(err.problems)
    return problems


def scenario_to_dict(sc: Scenario) -> dict:
    """Plain data (``try`` keeps its YAML name)."""
    return sc.model_dump(by_alias=True, exclude={"source"})
