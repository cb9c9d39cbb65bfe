"""Input errors: what is wrong in what a user gave, in plain words, with file, line and field.

Every mistake a user can make (a scenario file, a sweep file, a command-line flag, a results
folder) raises an :class:`InputError` that carries :class:`Problem` records; ``str()`` is
one line per problem, ``file:line: field: what is wrong and what is allowed``, and the
command line prints those lines and exits 2. The kinds:

* :class:`ScenarioError`: a scenario file, or an override of one (``--set``, a sweep's point);
* :class:`SweepError`: a sweep file and the plan it makes;
* :class:`UsageError`: a command-line flag (``--set`` without ``=``, ``--out x.txt``, ...);
* :class:`ResultsError`: a results folder that cannot be written or read as asked.

The wording is shared so that every kind reads alike: :func:`did_you_mean`, the range of a
field (:func:`bounds`, :func:`describe_range`), :func:`plain_words` (one pydantic error as
what is wrong and what is allowed) and :func:`line_of` (a path in a document → file, line).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import NamedTuple

from annotated_types import Ge, Gt, Le, Lt  # the bounds Field(ge=..) puts in metadata
from pydantic import BaseModel

#: {path in a document (keys and list indices): (file, line)}, as :mod:`model.scenario.yaml_read` reads it
Lines = dict[tuple, tuple[str, "int | None"]]


class Problem(NamedTuple):
    """One mistake: ``file:line: field: message`` (line and field may be empty)."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(ValueError):
    """One or more problems in what a user gave; ``str()`` is one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))

    @classmethod
    def one(cls, file, line: int | None, field: str, message: str) -> InputError:
        """The error of a single problem (``raise ScenarioError.one(...)``)."""
        return cls([Problem(str(file), line, field, message)])


class ScenarioError(InputError):
    """Problems in a scenario file or in an override of its values."""


class SweepError(InputError):
    """Problems in a sweep file or in the plan it makes."""


class UsageError(InputError):
    """A command-line flag that cannot be used as given (the field names the flag)."""


class ResultsError(InputError):
    """A results folder that cannot be written or read as asked."""


# --- words ----------------------------------------------------------------------------------

def did_you_mean(word, options) -> str:
    """`` — did you mean 'x'?`` for the closest of ``options``, or "" if none is close."""
    match = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" — did you mean {match[0]!r}?" if match else ""


def short(value, n: int = 40, quote: bool = True) -> str:
    """``repr(value)`` (or str) cut to ``n`` characters: a message quotes, never dumps."""
    text = repr(value) if quote else str(value)
    if len(text) <= n:
        return text
    return text[:n - 2] + "…" + text[-1] if quote else text[:n - 1] + "…"  # keeps its quote


def bounds(field) -> dict[str, float]:
    """{'ge'|'gt'|'le'|'lt': bound} of a pydantic field (empty if it has none)."""
    return {type(m).__name__.lower(): getattr(m, type(m).__name__.lower())
            for m in getattr(field, "metadata", ()) if isinstance(m, Ge | Gt | Le | Lt)}


def describe_range(found: dict) -> str:
    """A field's whole allowed range in words, e.g. '≥ 0 and ≤ 1' (from :func:`bounds`)."""
    signs = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
    return " and ".join(f"{signs[k]} {_num(found[k])}" for k in signs if k in found)


def _num(x) -> str:
    return str(x) if isinstance(x, int) else f"{x:g}"


def field_names(model: type[BaseModel], required: bool = False) -> list[str]:
    """The names a file uses for ``model``'s fields (aliases; not the excluded ones)."""
    return [f.alias or n for n, f in model.model_fields.items()
            if not f.exclude and (f.is_required() or not required)]


# --- where ----------------------------------------------------------------------------------

def dotted(loc) -> str:
    """A path in a document as a field name: ('states', 'A', 'milex') → states.A.milex,
    ('events', 3, 'year') → events[3].year."""
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def line_of(lines: Lines, loc: tuple, name: str) -> tuple[str, int | None]:
    """(file, line) of ``loc``, or of the nearest key above it that has one; (name, None)
    if none has (a value built in memory)."""
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, (name, None))


def problem_at(lines: Lines, loc: tuple, name: str, message: str) -> Problem:
    """The problem ``message`` about the field at ``loc``, with its file and line."""
    file, line = line_of(lines, loc, name)
    return Problem(file, line, dotted(loc), message)


# --- pydantic's errors in plain words --------------------------------------------------------

TYPE_WORDS = {"float": "a number", "int": "a whole number", "bool": "true or false",
              "dict": "a mapping (key: value, ...)", "model": "a mapping (key: value, ...)",
              "list": "a list ([..., ...] or '- ' items)", "tuple": "a list ([..., ...])",
              "string": "text (quote it if it contains ': ')"}
RANGE_KINDS = ("greater_than_equal", "greater_than", "less_than_equal", "less_than")

#: the pydantic model that validates the mapping at a path (for field names and ranges)
ModelAt = Callable[[tuple], "type[BaseModel] | None"]


def range_words(model: type[BaseModel] | None, name, ctx: dict) -> str:
    """The whole allowed range of field ``name`` of ``model`` (else pydantic's ``ctx``)."""
    field = model.model_fields.get(name) if model else None
    return describe_range(bounds(field) or ctx)


def plain_words(e: dict, loc: tuple, model_at: ModelAt, echo: bool = True) -> str:
    """One pydantic error (``e``, an item of ``ValidationError.errors()``) at ``loc`` as what
    is wrong and what is allowed; ``echo``: quote the value given (shortened), else leave it
    out."""
    kind, got, ctx = e["type"], e.get("input"), e.get("ctx") or {}
    said = f", got {short(got)}" if echo else ""
    model = model_at(loc[:-1]) if loc else None
    if kind == "extra_forbidden":
        allowed = field_names(model) if model else []
        listed = f"; allowed: {', '.join(allowed)}" if allowed else ""
        return f"unknown field {short(loc[-1])}" + (did_you_mean(loc[-1], allowed) or listed)
    if kind == "missing":
        need = f" (required here: {', '.join(field_names(model, True))})" if model else ""
        return f"missing required field {loc[-1]!r}{need}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return (f"{short(got) if echo else 'the value'} is not allowed"
                f"{did_you_mean(got, options)} (allowed: {', '.join(options)})")
    if kind in RANGE_KINDS:
        return f"must be {range_words(model, loc[-1] if loc else None, ctx)}{said}"
    if kind == "finite_number":
        allowed = range_words(model, loc[-1] if loc else None, ctx)
        return (f"must be a finite number{' ' + allowed if allowed else ''}{said} — .inf, .nan "
                "and numbers too large for a float (such as 1e309) are not allowed")
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} entries, got {ctx.get('actual_length')}"
    base = kind.split("_")[0]
    if base in TYPE_WORDS and kind.endswith(("_type", "_parsing", "_from_float", "_size")):
        return f"expected {TYPE_WORDS[base]}{said}"
    msg = e["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if not echo:
        return msg.split(", got ")[0]
    return msg if "got" in msg or isinstance(got, dict) else f"{msg} (got {short(got)})"
