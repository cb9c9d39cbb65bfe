"""Parameter tables for docs/parameters.md, generated from the schema so they stay true.

    python -m model.scenario.paramdoc > docs/parameters.md
"""

from __future__ import annotations

from annotated_types import Ge, Gt, Le, Lt

from model.scenario.schema import Parameters, StateSpec, Tie
from model.scenario.tie_indicators import TABLE


def _range(field) -> str:
    lo = hi = ""
    for m in field.metadata:
        if isinstance(m, Ge):
            lo = f"≥ {m.ge:g}"
        elif isinstance(m, Gt):
            lo = f"> {m.gt:g}"
        elif isinstance(m, Le):
            hi = f"≤ {m.le:g}"
        elif isinstance(m, Lt):
            hi = f"< {m.lt:g}"
    return ", ".join(x for x in (lo, hi) if x) or "—"


def _default(field) -> str:
    if field.is_required():
        return "required"
    d = field.get_default(call_default_factory=True)
    return "—" if d is None or d == [] else f"{d}"


def table(model) -> list[str]:
    rows = ["| name | meaning | default | range |", "|---|---|---|---|"]
    for name, f in model.model_fields.items():
        rows.append(f"| `{name}` | {f.description or ''} | {_default(f)} | {_range(f)} |")
    return rows


def render() -> str:
    out = ["# Parameters", "",
           "Generated from `model/scenario/schema.py` by `python -m model.scenario.paramdoc`; a test checks that",
           "this file is current. Sources and equations: [model.md](model.md).", "",
           "## World parameters (`parameters:` in a scenario, `--set name=value`)", ""]
    out += table(Parameters)
    out += ["", "## State fields (`states: {Name: {...}}`, `--set Name.field=value`)", ""]
    out += table(StateSpec)
    out += ["", "## Tie fields (`ties: [{a, b, kind, strength, ...}]`)", ""]
    out += [r for r in table(Tie) if not r.startswith(("| `a`", "| `b`", "| `indicators`",
                                                      "| `note`"))]
    out += ["", "## Tie indicators (`ties: [{..., indicators: {...}}]`)", "",
            "| indicator | weight (log-odds per unit) | reference | source |", "|---|---|---|---|"]
    for ind in TABLE:
        out.append(f"| `{ind.name}` | {ind.weight:+g} | {ind.reference:g} | {ind.source} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render(), end="")
