"""Scenario files: every kind of bad input gets file, line, field and what to do (model/scenario/loader.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

from model import ScenarioError, load_scenario
from model.scenario.loader import apply_overrides, scenario_to_dict, validate_paths

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
    ("negative_budget.yaml", 4, "states.Blue.milex", ["must be ≥ 0 and ≤ 100000, got -1"]),
    ("tie_to_itself.yaml", 7, "ties[1]", ["two different states", "'Red' twice"]),
    ("unknown_event_kind.yaml", 7, "events[1]", ["unknown event kind 'alliance_sign'",
                                                 "did you mean 'alliance_signed'",
                                                 "allowed:", "arms_deal"]),
    ("misspelt_key.yaml", 7, "states.Red.reacton", ["unknown field 'reacton'",
                                                    "did you mean 'reaction'"]),
    ("wrong_type.yaml", 3, "parameters.war_cost", ["expected a number", "'very high'"]),
    ("duplicate_tie.yaml", 7, "ties[1]", ["second tie between Red and Blue", "keep one"]),
    ("unknown_tie_kind.yaml", 6, "ties[0].kind", ["'rivalri' is not allowed",
                                                 "did you mean 'rivalry'", "allowed:",
                                                 "defence_pact"]),
    ("missing_field.yaml", 4, "states.Red.milex", ["missing required field 'milex'",
                                                   "required here: milex, gdp"]),
    ("unknown_top_key.yaml", 2, "year", ["unknown field 'year'", "did you mean 'years'"]),
])
def test_each_bad_input_kind_names_file_line_field_and_fix(name, line, field, says):
    p = one(name)
    assert p.file == str(HERE / name) and p.line == line and p.field == field
    text = str(p)
    assert text.startswith(f"{p.file}:{line}: {field}: ")
    for s in says:
        assert s in text


def test_bad_yaml_syntax_gives_line_and_advice():
    p = one("bad_syntax.yaml")
    assert str(p).startswith(f"{HERE / 'bad_syntax.yaml'}:4: YAML syntax: ")
    assert "column" in p.message and "indentation" in p.message


def test_extends_cycle_is_named():
    p = one("cycle_a.yaml")
    assert str(p).startswith(f"{HERE / 'cycle_b.yaml'}:1: extends: ")
    assert "circle" in p.message and "cycle_a.yaml → cycle_b.yaml → cycle_a.yaml" in p.message


def test_extends_missing_parent_is_named():
    p = one("missing_parent.yaml")
    assert str(p).startswith(f"{HERE / 'missing_parent.yaml'}:1: extends: no such file ")
    assert "'not_there.yaml'" in p.message and "relative to the file" in p.message


def test_missing_grandparent_names_the_chain(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nname: a\n")
    (tmp_path / "b.yaml").write_text("name: b\nextends: gone.yaml\n")
    p = one(tmp_path / "a.yaml")
    assert p.file == str(tmp_path / "b.yaml") and p.line == 2 and p.field == "extends"
    assert f"chain: {tmp_path / 'a.yaml'} → {tmp_path / 'b.yaml'}" in p.message


def test_extends_must_be_a_path(tmp_path):
    (tmp_path / "a.yaml").write_text("name: a\nextends: [b.yaml]\n")
    p = one(tmp_path / "a.yaml")
    assert p.line == 2 and p.field == "extends" and "path of another scenario" in p.message


def test_yaml_tags_are_refused_by_the_safe_loader(tmp_path):
    p = one("unsafe_tag.yaml")
    assert str(p).startswith(f"{HERE / 'unsafe_tag.yaml'}:1: could not determine a constructor")
    assert "plain data only" in p.message and "!!python" in p.message
    (tmp_path / "key.yaml").write_text("name: x\n!!python/name:os.system : 1\n")
    assert one(tmp_path / "key.yaml").line == 2


def test_a_key_given_twice_is_an_error_not_silently_dropped(tmp_path):
    f = tmp_path / "twice.yaml"
    f.write_text("name: t\nstates:\n  Blue: {milex: 1, gdp: 10}\n  Red: {milex: 1, gdp: 10}\n"
                 "  Blue: {milex: 2, gdp: 10}\n")
    p = one(f)
    assert (p.line, p.field) == (5, "states.Blue") and "also on line 3" in p.message
    assert "keep one" in p.message


def test_an_alias_that_contains_itself_is_refused(tmp_path):
    (tmp_path / "loop.yaml").write_text("name: &a [*a]\n")
    assert "contains itself" in one(tmp_path / "loop.yaml").message


@pytest.mark.parametrize("name, says", [("empty.yaml", "empty"), ("list_top.yaml", "mapping"),
                                        ("no_such_file.yaml", "no such file")])
def test_files_that_are_not_scenarios(name, says):
    assert says in one(name).message


def test_a_folder_or_unreadable_file_is_a_clear_error(tmp_path):
    assert "cannot read it" in one(tmp_path).message
    (tmp_path / "latin1.yaml").write_bytes("name: Erevan\u00e9\n".encode("latin-1"))
    assert "UTF-8" in one(tmp_path / "latin1.yaml").message


def test_several_problems_are_all_reported(tmp_path):
    f = tmp_path / "many.yaml"
    f.write_text("name: many\nparameters:\n  war_cost: x\n  distinguishabilty: 1\n"
                 "states:\n  Blue: {milex: -1, gdp: 10}\n  Red: {milex: 1, gdp: 10}\n")
    found = problems(f)
    assert {p.line for p in found} == {3, 4, 6}


def test_range_errors_give_the_whole_range(tmp_path):
    f = tmp_path / "range.yaml"
    f.write_text("name: r\nparameters: {distinguishability: 1.5, war_cost: 0}\n"
                 "energy_prices: {2021: -1}\nstates:\n  Blue: {milex: 1, gdp: 10}\n"
                 "  Red: {milex: 1, gdp: 10}\n")
    found = {p.field: str(p) for p in problems(f)}
    assert found["parameters.distinguishability"].endswith(
        ":2: parameters.distinguishability: must be ≥ 0 and ≤ 1, got 1.5")
    assert "must be > 0 and ≤ 10, got 0" in found["parameters.war_cost"]
    assert found["energy_prices[2021]"].endswith(":3: energy_prices[2021]: must be > 0, got -1")


def test_other_messages_say_what_is_allowed(tmp_path):
    f = tmp_path / "other.yaml"
    f.write_text("name: o\nstates:\n  Blue: {milex: 1, gdp: 10, strategy: sneaky, zzz: 1}\n"
                 "events:\n  - {year: 2021, kind: arms_deal, supplier: Blue, client: Blue}\n"
                 "  - {year: 2021}\n")
    found = {p.field: p for p in problems(f)}
    assert "allowed: defensive, offensive, human" in found["states.Blue.strategy"].message
    assert "allowed: milex, gdp" in found["states.Blue.zzz"].message  # no close match: all
    assert "required here: year, kind, supplier, client, value" in found["events[0].value"].message
    assert found["events[1]"].line == 6 and "needs a `kind`" in found["events[1]"].message
    f.write_text("name: o\nstates:\n  Blue: {milex: 1, gdp: 10}\n")
    assert str(one(f)).endswith(":2: states: needs at least 2 entries, got 1")


def test_extends_merges_one_state_field_and_keeps_the_rest():
    sc = load_scenario(HERE / "child.yaml")
    assert sc.states["Blue"].milex == 2 and sc.states["Blue"].gdp == 10
    assert sc.states["Green"].reaction == 0.2
    ties = {frozenset((t.a, t.b)): t for t in sc.ties}
    assert len(sc.ties) == 2
    assert ties[frozenset(("Blue", "Red"))].kind == "hostile"      # replaced by pair
    assert [e.kind for e in sc.events] == ["border_crisis", "war"]  # parent's, then child's


def test_ties_merge_by_pair_and_the_rest_replaces(tmp_path):
    (tmp_path / "base.yaml").write_text((HERE / "good.yaml").read_text()
                                        + "teaching: {summary: old, questions: [q1]}\n")
    child = tmp_path / "c.yaml"
    child.write_text("extends: base.yaml\nname: c\nyears: 3\nteaching: {questions: [q2]}\n"
                     "ties:\n  - {a: Green, b: Blue, kind: alliance, strength: 0.9}\n"
                     "  - {a: Red, b: Green, kind: tense, strength: -0.2}\n")
    sc = load_scenario(child)
    assert [(t.a, t.b, t.kind) for t in sc.ties] == [
        ("Blue", "Red", "rivalry"), ("Green", "Blue", "alliance"), ("Red", "Green", "tense")]
    assert sc.years == 3 and sc.name == "c" and sc.states["Green"].reaction == 0.2
    assert sc.teaching.summary == "" and sc.teaching.questions == ["q2"]
    assert sc.source == str(child)


def test_two_ties_of_one_pair_in_a_child_are_still_a_duplicate(tmp_path):
    (tmp_path / "good.yaml").write_text((HERE / "good.yaml").read_text())
    child = tmp_path / "c.yaml"
    child.write_text("extends: good.yaml\nname: c\nties:\n"
                     "  - {a: Red, b: Blue, strength: 0.1}\n  - {a: Blue, b: Red, strength: 0.2}\n")
    p = one(child)
    assert p.file == str(child) and p.line == 5 and "second tie between Blue and Red" in p.message


def test_an_error_in_a_child_points_at_the_child(tmp_path, monkeypatch):
    monkeypatch.setenv("ARMSRACE_EXTENDS_ANYWHERE", "1")  # good.yaml is outside tmp_path
    child = tmp_path / "child.yaml"
    child.write_text(f"extends: {HERE / 'good.yaml'}\nname: c\nstates:\n  Red:\n    gdp: -5\n")
    p = one(child)
    assert p.file == str(child) and p.line == 5 and p.field == "states.Red.gdp"


def test_an_error_in_a_parent_points_at_the_parent_and_appended_items_renumber(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "parent.yaml").write_text(
        "name: p\nstates:\n  Blue: {milex: 1, gdp: 10}\n  Red: {milex: -1, gdp: 10}\n"
        "events:\n  - {year: 2021, kind: war, a: Blue, b: Red}\n")
    child = tmp_path / "c.yaml"
    child.write_text("name: c\nextends: sub/parent.yaml\nstates: {Blue: {gdp: 20}}\n")
    p = one(child)  # untouched by the child: the parent's file and line
    assert (p.file, p.line, p.field) == (str(tmp_path / "sub" / "parent.yaml"), 4,
                                         "states.Red.milex")
    child.write_text("name: c\nextends: sub/parent.yaml\nstates: {Red: {milex: 1}}\n"
                     "events:\n  - {year: 2021, kind: war, a: Blue, b: Rde}\n")
    p = one(child)  # the child's first event is the second of the merged list
    assert (p.file, p.line, p.field) == (str(child), 5, "events[1].b")
    assert "did you mean 'Red'" in p.message


def test_dicts_and_scenarios_are_accepted():
    sc = load_scenario(HERE / "good.yaml")
    data = scenario_to_dict(sc)
    assert "try" in data["teaching"] and "source" not in data
    assert load_scenario(data) == sc.model_copy(update={"source": None})
    assert load_scenario(sc) is sc
    assert load_scenario(sc, {"years": 4}).years == 4 and sc.years == 15
    data["states"]["Blue"]["milex"] = -2
    with pytest.raises(ScenarioError, match=r"^<dict>: states\.Blue\.milex: must be ≥ 0"):
        load_scenario(data)


def test_overrides_coerce_text_and_reject_unknown_names():
    sc = load_scenario(HERE / "good.yaml")
    new = apply_overrides(sc, {"distinguishability": "0.8", "Blue.reaction": "0.3",
                               "years": "7"})
    assert new.parameters.distinguishability == 0.8 and new.states["Blue"].reaction == 0.3
    assert new.years == 7 and sc.parameters.distinguishability == 0.5
    assert new.source == sc.source
    with pytest.raises(ScenarioError, match="did you mean 'reaction'"):
        apply_overrides(sc, {"Blue.reacton": 1})
    with pytest.raises(ScenarioError, match="did you mean 'Blue'"):
        apply_overrides(sc, {"Bleu.reaction": 1})
    with pytest.raises(ScenarioError) as err:
        apply_overrides(sc, {"distinguishability": "2"})
    assert str(err.value) == "--set: distinguishability: must be ≥ 0 and ≤ 1, got '2'"
    assert apply_overrides(sc, {"richardson_only": "true"}).parameters.richardson_only is True
    with pytest.raises(ScenarioError, match="expected true or false, got 'perhaps'"):
        apply_overrides(sc, {"richardson_only": "perhaps"})
    with pytest.raises(ScenarioError, match=r"did you mean 'years'\?"):
        apply_overrides(sc, {"year": 3})
    with pytest.raises(ScenarioError, match="is a state field: write STATE.reaction"):
        apply_overrides(sc, {"reaction": 3})
    assert load_scenario(HERE / "good.yaml", {"seed": "9"}).seed == 9


def test_override_of_armenia_reaction_by_command_line_text():
    sc = load_scenario("scenarios/baseline_2020.yaml")
    assert apply_overrides(sc, {"Armenia.reaction": "0.8"}).states["Armenia"].reaction == 0.8
    with pytest.raises(ScenarioError) as err:
        apply_overrides(sc, {"Armenia.reacton": "0.8"})
    assert str(err.value) == ("--set: Armenia.reacton: unknown state field 'reacton' — "
                              "did you mean 'reaction'?")


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


def test_validate_paths_collects_every_file_and_reads_folders(tmp_path):
    for n in ("good.yaml", "negative_budget.yaml", "misspelt_key.yaml"):
        (tmp_path / n).write_text((HERE / n).read_text())
    found = validate_paths([tmp_path, HERE / "missing_field.yaml"])
    assert [Path(p.file).name for p in found] == [
        "misspelt_key.yaml", "negative_budget.yaml", "missing_field.yaml"]
    assert validate_paths(sorted(Path("scenarios").glob("*.yaml"))) == []


# --- issue 11: finite, bounded numbers; events checked; bounded reading ---------------------

GOOD = (HERE / "good.yaml").read_text()


def test_every_number_must_be_finite_and_in_range(tmp_path):
    f = tmp_path / "huge.yaml"
    f.write_text(GOOD.replace("Blue: {milex: 1, gdp: 10}", 'Blue: {milex: .inf, gdp: "1e309"}')
                 + "  - {year: 2021, kind: arms_deal, supplier: Red, client: Blue, value: 1e308}\n"
                 "exogenous_arms: [{supplier: Israel, client: Blue, value: .inf}]\n"
                 "parameters: {distance_scale_km: 1.0e+308}\n")
    found = {p.field: p for p in problems(f)}
    assert set(found) == {"states.Blue.milex", "states.Blue.gdp", "events[1].value",
                          "exogenous_arms[0].value", "parameters.distance_scale_km"}
    assert (found["states.Blue.milex"].line, found["events[1].value"].line) == (3, 11)
    assert "must be a finite number ≥ 0 and ≤ 100000, got inf" in found["states.Blue.milex"].message
    assert "finite number" in found["states.Blue.gdp"].message
    assert "≤ 100000, got '1e308'" in found["events[1].value"].message
    assert "≤ 100000" in found["parameters.distance_scale_km"].message
    with pytest.raises(ScenarioError, match="Blue.milex: must be a finite number"):
        apply_overrides(load_scenario(HERE / "good.yaml"), {"Blue.milex": "1e309"})


def test_set_parameter_events_are_checked_against_the_parameters_range(tmp_path):
    f = tmp_path / "setp.yaml"
    f.write_text(GOOD + "  - {year: 2022, kind: set_parameter, name: war_cost, value: 50}\n"
                 "  - {year: 2022, kind: set_parameter, name: power_shift_window, value: 2.5}\n"
                 "  - {year: 2022, kind: set_parameter, name: crisis_rate, value: 0.5}\n")
    found = problems(f)
    assert [(p.line, p.field) for p in found] == [(11, "events[1].value"), (12, "events[2].value")]
    assert found[0].message == "war_cost must be > 0 and ≤ 10, got 50.0"
    assert "a whole number ≥ 1 and ≤ 20" in found[1].message


@pytest.mark.parametrize("text, line, says", [
    ("name: x\0\n", 1, "U+0000 is not allowed"),
    ("name: x\nstates: " + "[" * 1000 + "]" * 1000 + "\n", None, "nested too deep"),
    ("name: x\nstates: " + "{a: " * 60 + "1" + "}" * 60 + "\n", 2, "more than 50 levels"),
    ("name: x\nyears: 2021-13-45\n", None, "a value YAML cannot read"),
    ("name: x\nyears: " + "9" * 5000 + "\n", None, "a value YAML cannot read"),
])
def test_unreadable_yaml_is_a_scenario_error_not_a_traceback(tmp_path, text, line, says):
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    p = one(f)
    assert p.line == line and says in p.message


def test_big_files_devices_and_pipes_are_refused_without_reading_them(tmp_path):
    import os
    import time

    big = tmp_path / "big.yaml"
    with open(big, "wb") as out:
        out.truncate(50_000_000)  # sparse: 50 MB of NUL bytes
    start = time.perf_counter()
    assert "at most 1,000,000 (1 MB)" in one(big).message
    assert time.perf_counter() - start < 1
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it for reading would wait for a writer
    assert "not a regular file" in one(tmp_path / "pipe.yaml").message
    assert "not a regular file" in one("/dev/zero").message
    assert validate_paths([tmp_path])[0].message.startswith("the file is 50,000,000 bytes")


def test_extends_stays_in_the_scenario_tree_unless_asked(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:$6$very-secret-hash:19000:0:99999:7:::\nname: 12\n")
    (tmp_path / "tree").mkdir()
    child = tmp_path / "tree" / "child.yaml"
    child.write_text(f"name: c\nextends: {secret}\n")
    p = one(child)
    assert (p.line, p.field) == (2, "extends") and "outside the scenario tree" in p.message
    assert "ARMSRACE_EXTENDS_ANYWHERE=1" in p.message
    child.write_text("name: c\nextends: ../secret.txt\n")
    assert "outside the scenario tree" in one(child).message
    child.write_text("name: c\nextends: ../../scenarios/baseline_2020.yaml\n")  # still refused
    assert "outside" in one(child).message
    baseline = Path("scenarios/baseline_2020.yaml").resolve()
    child.write_text(f"extends: {baseline}\nname: c\n")  # the model's own scenarios: allowed
    assert load_scenario(child).name == "c"
    monkeypatch.setenv("ARMSRACE_EXTENDS_ANYWHERE", "1")
    child.write_text(f"name: c\nextends: {secret}\n")
    text = "\n".join(map(str, problems(child)))
    assert "secret" not in text.replace("secret.txt", "") and "19000" not in text


def test_a_symlink_loop_in_extends_is_named(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    (tmp_path / "c.yaml").write_text("name: c\nextends: a.yaml\n")
    p = one(tmp_path / "c.yaml")
    assert (p.line, p.field) == (2, "extends") and "loops" in p.message
    assert "cannot read it" in one(tmp_path / "a.yaml").message
