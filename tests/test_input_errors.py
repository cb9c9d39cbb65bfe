"""Input errors (model/scenario/input_errors.py): one record, one wording and one line lookup for
scenarios, sweeps, flags and results folders; a bad flag is a UsageError, not a ScenarioError."""

import ast
from pathlib import Path

import pytest
from pydantic import BaseModel, Field, ValidationError

import model
from model.cli.main import main, parse_sets
from model.scenario.input_errors import (
    InputError,
    Problem,
    ResultsError,
    ScenarioError,
    SweepError,
    UsageError,
    bounds,
    describe_range,
    did_you_mean,
    dotted,
    line_of,
    plain_words,
    problem_at,
    range_words,
)
from model.scenario.yaml_read import read_yaml

ROOT = Path(__file__).resolve().parent.parent


class Knob(BaseModel):
    model_config = {"extra": "forbid"}
    gain: float = Field(ge=0, le=1)
    steps: int = Field(gt=0, lt=1000)
    label: str


def _errors(data) -> list[dict]:
    with pytest.raises(ValidationError) as err:
        Knob.model_validate(data)
    return err.value.errors()


def test_did_you_mean_names_the_closest_option_or_nothing():
    assert did_you_mean("reacton", ["reaction", "grievance"]) == " — did you mean 'reaction'?"
    assert did_you_mean("Azerbajan", ["Armenia", "Azerbaijan"]) == \
        " — did you mean 'Azerbaijan'?"
    assert did_you_mean("zzz", ["reaction", "grievance"]) == ""
    assert did_you_mean(2022, [2020, 2021]) == " — did you mean '2021'?"   # not only text


def test_range_wording_reads_the_field_s_bounds():
    assert bounds(Knob.model_fields["gain"]) == {"ge": 0, "le": 1}
    assert describe_range(bounds(Knob.model_fields["gain"])) == "≥ 0 and ≤ 1"
    assert describe_range(bounds(Knob.model_fields["steps"])) == "> 0 and < 1000"
    assert describe_range({"ge": 0.25, "le": 1_000_000}) == "≥ 0.25 and ≤ 1000000"
    assert bounds(Knob.model_fields["label"]) == {} and describe_range({}) == ""
    # a field without bounds of its own: pydantic's context says what the check was
    assert range_words(Knob, "label", {"gt": 2.5}) == "> 2.5"
    assert range_words(None, "x", {"le": 3}) == "≤ 3"


def test_pydantic_errors_in_plain_words():
    model_at = {(): Knob}.get
    said = {e["loc"][-1]: plain_words(e, tuple(e["loc"]), model_at)
            for e in _errors({"gain": 1.5, "steps": "many", "lable": "x"})}
    assert said["gain"] == "must be ≥ 0 and ≤ 1, got 1.5"
    assert said["steps"] == "expected a whole number, got 'many'"
    assert said["lable"] == "unknown field 'lable' — did you mean 'label'?"
    assert said["label"] == "missing required field 'label' (required here: gain, steps, label)"
    quiet = [plain_words(e, tuple(e["loc"]), model_at, echo=False)
             for e in _errors({"gain": 7, "steps": 3, "label": "x"})]
    assert quiet == ["must be ≥ 0 and ≤ 1"]   # the value is not quoted


def test_a_dotted_path_finds_its_line_or_the_nearest_above(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("name: t\nstates:\n  Blue:\n    milex: 1\n    gdp: 2\nevents:\n  - year: 2021\n"
                 "    kind: war\n")
    _, lines = read_yaml(f, "s.yaml")
    assert line_of(lines, ("states", "Blue", "gdp"), "s.yaml") == ("s.yaml", 5)
    assert line_of(lines, ("events", 0, "kind"), "s.yaml") == ("s.yaml", 8)
    assert line_of(lines, ("states", "Blue", "reaction"), "s.yaml") == ("s.yaml", 3)   # absent
    assert line_of({}, ("states", "Blue"), "<dict>") == ("<dict>", None)
    assert dotted(("events", 0, "kind")) == "events[0].kind"
    p = problem_at(lines, ("states", "Blue", "milex"), "s.yaml", "must be ≥ 0, got -1")
    assert str(p) == "s.yaml:4: states.Blue.milex: must be ≥ 0, got -1"
    assert str(Problem("--set", None, "", "no value")) == "--set: no value"


def test_each_kind_is_an_input_error_and_none_is_another():
    kinds = (ScenarioError, SweepError, UsageError, ResultsError)
    for kind in kinds:
        err = kind.one("f.yaml", 3, "x", "wrong")
        assert isinstance(err, InputError) and isinstance(err, ValueError)
        assert str(err) == "f.yaml:3: x: wrong" and err.problems == [Problem("f.yaml", 3, "x",
                                                                             "wrong")]
        assert [k for k in kinds if isinstance(err, k)] == [kind]
    assert model.ScenarioError is ScenarioError   # `from model import ScenarioError` still works
    two = ScenarioError([Problem("a", 1, "f", "one"), Problem("a", 2, "g", "two")])
    assert str(two).splitlines() == ["a:1: f: one", "a:2: g: two"]


def test_a_bad_set_flag_is_a_usage_error_and_the_cli_says_one_line(capsys):
    with pytest.raises(UsageError) as err:
        parse_sets(["distinguishability"])
    assert not isinstance(err.value, ScenarioError)
    assert str(err.value) == ("--set: distinguishability: expected NAME=VALUE, e.g. "
                              "distinguishability=0.8")
    baseline = str(ROOT / "scenarios" / "baseline_2020.yaml")
    assert main(["run", baseline, "--set", "distinguishability", "--quiet"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [str(err.value)]


def test_a_bad_out_suffix_is_a_usage_error(tmp_path):
    from model.cli.main import write_table

    with pytest.raises(UsageError, match="must end in .csv or .parquet"):
        write_table(None, tmp_path / "x.txt")


def test_no_module_imports_another_module_s_underscore_names():
    found = []
    for path in sorted((ROOT / "model").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or node.level):
                found += [f"{path.name}: {a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    assert found == []
