"""Fuzzing scenario files (hypothesis): bad input is a ScenarioError, never a traceback or NaN.

A valid scenario touching every part of the schema is mutated — random values in fields
(infinities, 1e308, "1e309", huge integers, text, lists), deleted keys, random text and
weird unicode spliced into the YAML, NUL bytes, invalid UTF-8, truncation, deep nesting —
then loaded and, if it loads, run for a few years. Every failure must be a
:class:`ScenarioError`; every run that starts must end with finite numbers.

The same examples are drawn on every run (``derandomize``). To count the failing examples
instead of stopping at the first: ``.venv/bin/python -m tests.test_fuzz_scenarios``.
"""

from __future__ import annotations

import copy
import math
import sys
import tempfile
import traceback
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import ArmsRaceModel, ScenarioError, load_scenario

BASE = {
    "name": "fuzz", "start_year": 2020, "years": 3, "seed": 1,
    "parameters": {"distance_scale_km": 2000.0, "guns_butter_drag": 0.15, "war_cost": 1.0,
                   "crisis_rate": 0.3, "power_shift_window": 3, "reference_burden": 0.02},
    "states": {
        "Blue": {"milex": 1.0, "gdp": 10.0, "gdp_growth": 0.03, "max_burden": 0.1,
                 "reaction": 0.1, "fatigue": 0.1, "grievance": 0.1, "strategy": "offensive",
                 "quality": 1.0, "energy_share": 0.2, "health_share": 0.03,
                 "capital": [40.2, 44.5], "borders": ["Red"]},
        "Red": {"milex": 2.0, "gdp": 40.0, "capital": [40.4, 49.9], "borders": ["Blue"]},
        "Green": {"milex": 5.0, "gdp": 100.0, "regional_focus": 0.5, "capital": [55.8, 37.6]},
    },
    "ties": [{"a": "Blue", "b": "Red", "kind": "rivalry", "strength": -0.6,
              "indicators": {"arms_share": 0.3, "exercises": 0.2}},
             {"a": "Blue", "b": "Green", "kind": "defence_pact", "strength": 0.5,
              "reliability": 0.6}],
    "exogenous_arms": [{"supplier": "Israel", "client": "Red", "value": 0.5}],
    "energy_prices": {2021: 1.5, 2022: 0.8},
    "events": [
        {"year": 2021, "kind": "arms_deal", "supplier": "Green", "client": "Blue",
         "value": 0.3, "years": 2, "financing": "aid"},
        {"year": 2021, "kind": "set_parameter", "name": "war_cost", "value": 2.0},
        {"year": 2022, "kind": "economic_shock", "state": "Red", "gdp_factor": 0.9,
         "growth_change": -0.1},
        {"year": 2021, "kind": "external_shock", "state": "Green", "milex_factor": 1.2},
        {"year": 2022, "kind": "border_crisis", "a": "Blue", "b": "Red"},
        {"year": 2021, "kind": "tie_change", "a": "Red", "b": "Green", "strength": 0.2},
    ],
}


def _at(data, path):
    for p in path:
        data = data[p]
    return data


def _paths(data, here=()):
    out = [here] if here else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*here, k))
    elif isinstance(data, list):
        for k, v in enumerate(data):
            out += _paths(v, (*here, k))
    return out


PATHS = _paths(BASE)
NUMBERS = sorted((p for p in PATHS if isinstance(_at(BASE, p), int | float)
                  and not isinstance(_at(BASE, p), bool)), key=lambda p: zlib.crc32(repr(p).encode()))
NASTY = [float("inf"), float("-inf"), float("nan"), 1e308, -1e308, 1.7e308, 1e-320, "1e309",
         "-1e309", ".inf", "NaN", "nan", "inf", 10**400, -10**30, 2**64, 0, -1, 0.0, 1, True,
         None, "", "   ", [], {}, [1, 2], {"a": 1}, "Blue", "𝔅𝔩𝔲𝔢", "\u202e", "\ufeff",
         "extends", "2021", 2300, 1799]
EXTREME = [float("inf"), float("-inf"), float("nan"), 1e308, -1e308, 1e-320, "1e309", ".inf",
           10**400, 1e30, 1e6, 1000.0, 100.0, 10.0, 2.0, 1.0, 0.0, -1.0]
VALUES = st.one_of(st.sampled_from(NASTY), st.floats(), st.integers(),
                   st.text(max_size=12), st.lists(st.integers(), max_size=3))
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)


@st.composite
def set_value(draw, data):
    path = draw(st.sampled_from(PATHS))
    _at(data, path[:-1])[path[-1]] = draw(VALUES)


@st.composite
def set_number(draw, data):
    """A number field gets an extreme value: the usual way NaN gets in."""
    path = draw(st.sampled_from(NUMBERS))
    _at(data, path[:-1])[path[-1]] = draw(st.sampled_from(EXTREME) | st.floats())


@st.composite
def delete_key(draw, data):
    path = draw(st.sampled_from(PATHS))
    del _at(data, path[:-1])[path[-1]]


@st.composite
def scenario_text(draw) -> bytes:
    """A mutated scenario file, as bytes."""
    data = copy.deepcopy(BASE)
    mode = draw(st.sampled_from(["numbers", "fields", "text"]))
    change = {"numbers": set_number, "fields": lambda d: set_value(d) | delete_key(d)}
    for _ in range(draw(st.integers(1, 2 if mode == "numbers" else 4)) if mode != "text" else 0):
        try:
            draw(change[mode](data))
        except (KeyError, IndexError, TypeError):  # an earlier mutation removed the spot
            pass
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    how = "as is" if mode == "numbers" else draw(st.sampled_from(
        ["as is", "splice", "truncate", "nest", "replace", "bytes"]))
    if how == "splice":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.one_of(TEXT, st.sampled_from(["\0", "\x07", ": ", "- ",
                                                                 "\t", "&a *a", "!!python/x"]))) + text[at:]
    elif how == "truncate":
        text = text[:draw(st.integers(0, len(text)))]
    elif how == "nest":
        n = draw(st.sampled_from([10, 100, 1000, 3000]))
        inner = "[" * n + "]" * n if draw(st.booleans()) else "{a: " * n + "1" + "}" * n
        field = draw(st.sampled_from(["states", "parameters", "events", "description",
                                      "teaching"]))
        text = f"name: deep\n{field}: {inner}\n" + text
    elif how == "replace":
        text = draw(TEXT)
    raw = text.encode("utf-8")
    if how == "bytes":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    return raw


def check(raw: bytes) -> str | None:
    """None if the file is refused with a ScenarioError or runs finite; else what went wrong."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_bytes(raw)
        try:
            sc = load_scenario(path)
        except ScenarioError:
            return None
        except BaseException as err:  # noqa: BLE001 — any other exception is the finding
            if isinstance(err, KeyboardInterrupt):
                raise
            return f"load: {type(err).__name__}: {_where(err)}"
    try:
        model = ArmsRaceModel(sc)
        for _ in range(min(sc.years, 3)):
            model.step()
        df = model.frame()
    except BaseException as err:  # noqa: BLE001
        if isinstance(err, KeyboardInterrupt):
            raise
        return f"run: {type(err).__name__}: {_where(err)}"
    values = df.select_dtypes("number").to_numpy(float)
    if not np.isfinite(values).all():
        return "run: non-finite output"
    if (df.gdp <= 0).any() or (df.milex < 0).any():
        return "run: GDP ≤ 0 or negative milex"
    return None


def _where(err) -> str:
    tb = traceback.extract_tb(err.__traceback__)
    return f"{Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""


FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@FUZZ
@given(scenario_text())
def test_every_mutated_scenario_is_refused_clearly_or_runs_finite(raw):
    outcome = check(raw)
    assert outcome is None, outcome


def count_failures() -> Counter:
    """Run the fuzz's examples without stopping at the first failure; count the findings."""
    found: Counter = Counter()

    @FUZZ
    @given(scenario_text())
    def run(raw):
        outcome = check(raw)
        if outcome:
            found[outcome] += 1

    run()
    return found


def test_base_is_valid_and_finite():
    """The fuzz starts from a valid scenario (else every mutation would merely be refused)."""
    assert check(yaml.safe_dump(BASE).encode()) is None
    assert math.isfinite(load_scenario(BASE).states["Blue"].milex)


if __name__ == "__main__":
    counts = count_failures()
    for what, n in counts.most_common():
        print(f"{n:4d}  {what}")
    print(f"{sum(counts.values())} failing examples of {FUZZ.max_examples}"
          + ("" if counts else " — none"))
    sys.exit(1 if counts else 0)
