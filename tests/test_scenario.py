"""Scenario files: every kind of bad input gets file, line, field and what to do (model/scenario.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

from model import ScenarioError, load_scenario
from model.scenario import apply_overrides, validate_paths

HERE = Path(__file__).resolve().parent / "fixtures" / "scenarios"


def problems(name):
    with pytest.raises(ScenarioError) as err:
        load_scenario(HERE / name)
    return err.value.problems


def one(name):
    found = problems(name)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("name, line, field, says", [
    ("unknown_state.yaml", 6, "ties[0].b", ["unknown state 'Rde'", "did you mean 'Red'",
                                              "states: Blue, Red"]),
    ("negative_budget.yaml", 4, "states.Blue.milex", ["must be ≥ 0", "got -1"]),
    ("tie_to_itself.yaml", 7, "ties[1]", ["two different states", "'Red' twice"]),
    ("unknown_event_kind.yaml", 7, "events[1]", ["unknown event kind 'alliance_sign'",
                                                 "did you mean 'alliance_signed'",
                                                 "allowed:", "arms_deal"]),
    ("misspelt_key.yaml", 7, "states.Red.reacton", ["unknown field 'reacton'",
                                                    "did you mean 'reaction'"]),
    ("wrong_type.yaml", 3, "parameters.war_cost", ["expected a number", "'very high'"]),
    ("duplicate_tie.yaml", 7, "ties[1]", ["second tie between Red and Blue", "keep one"]),
    ("unknown_tie_kind.yaml", 6, "ties[0].kind", ["'rivalri' is not allowed",
                                                 "did you mean 'rivalry'", "defence_pact"]),
    ("missing_field.yaml", 4, "states.Red.milex", ["missing required field 'milex'",
                                                   "required here: milex, gdp"]),
    ("unknown_top_key.yaml", 2, "year", ["unknown field 'year'", "did you mean 'years'"]),
])
def test_each_bad_input_kind_names_file_line_field_and_fix(name, line, field, says):
    p = one(name)
    assert p.file.endswith(name) and p.line == line and p.field == field
    text = str(p)
    assert text.startswith(f"{p.file}:{line}: {field}: ")
    for s in says:
        assert s in text


def test_bad_yaml_syntax_gives_line_and_advice():
    p = one("bad_syntax.yaml")
    assert p.line == 4 and "YAML syntax" in p.message and "indentation" in p.message


def test_extends_cycle_is_named():
    p = one("cycle_a.yaml")
    assert "circle" in p.message and "cycle_a.yaml → cycle_b.yaml → cycle_a.yaml" in p.message


def test_extends_missing_parent_is_named():
    p = one("missing_parent.yaml")
    assert p.field == "extends" and p.line == 1 and "not_there.yaml" in p.message


def test_yaml_tags_are_refused_by_the_safe_loader():
    p = one("unsafe_tag.yaml")
    assert "plain data only" in p.message and p.line == 1


@pytest.mark.parametrize("name, says", [("empty.yaml", "empty"), ("list_top.yaml", "mapping"),
                                        ("no_such_file.yaml", "no such file")])
def test_files_that_are_not_scenarios(name, says):
    assert says in one(name).message


def test_several_problems_are_all_reported(tmp_path):
    f = tmp_path / "many.yaml"
    f.write_text("name: many\nparameters:\n  war_cost: x\n  distinguishabilty: 1\n"
                 "states:\n  Blue: {milex: -1, gdp: 10}\n  Red: {milex: 1, gdp: 10}\n")
    found = problems(f)
    assert {p.line for p in found} == {3, 4, 6}


def test_extends_merges_one_state_field_and_keeps_the_rest():
    sc = load_scenario(HERE / "child.yaml")
    assert sc.states["Blue"].milex == 2 and sc.states["Blue"].gdp == 10
    assert sc.states["Green"].reaction == 0.2
    ties = {frozenset((t.a, t.b)): t for t in sc.ties}
    assert len(sc.ties) == 2
    assert ties[frozenset(("Blue", "Red"))].kind == "hostile"      # replaced by pair
    assert [e.kind for e in sc.events] == ["border_crisis", "war"]  # parent's, then child's


def test_an_error_in_a_child_points_at_the_child(tmp_path):
    child = tmp_path / "child.yaml"
    child.write_text(f"extends: {HERE / 'good.yaml'}\nname: c\nstates:\n  Red:\n    gdp: -5\n")
    p = one(child)
    assert p.file == str(child) and p.line == 5 and p.field == "states.Red.gdp"


def test_overrides_coerce_text_and_reject_unknown_names():
    sc = load_scenario(HERE / "good.yaml")
    new = apply_overrides(sc, {"distinguishability": "0.8", "Blue.reaction": "0.3",
                               "years": "7"})
    assert new.parameters.distinguishability == 0.8 and new.states["Blue"].reaction == 0.3
    assert new.years == 7 and sc.parameters.distinguishability == 0.5
    with pytest.raises(ScenarioError, match="did you mean 'reaction'"):
        apply_overrides(sc, {"Blue.reacton": 1})
    with pytest.raises(ScenarioError, match="did you mean 'Blue'"):
        apply_overrides(sc, {"Bleu.reaction": 1})
    with pytest.raises(ScenarioError, match="must be ≤ 1"):
        apply_overrides(sc, {"distinguishability": "2"})


def test_validate_command_exit_codes_and_one_line_per_problem():
    bad = [str(HERE / n) for n in ("negative_budget.yaml", "misspelt_key.yaml")]
    proc = subprocess.run([sys.executable, "-m", "model", "validate", *bad],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 2
    good = subprocess.run([sys.executable, "-m", "model", "validate", str(HERE / "good.yaml")],
                          capture_output=True, text=True)
    assert good.returncode == 0
    assert validate_paths([HERE / "good.yaml", HERE / "child.yaml"]) == []
