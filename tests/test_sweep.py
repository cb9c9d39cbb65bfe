"""Sweep files (model/experiments/sweep.py): shipped sweeps load; every mistake names file, line, field."""

from pathlib import Path

import numpy as np
import pytest

from model import ScenarioError
from model.cli.main import main
from model.experiments.sweep import load_sweep
from model.scenario.input_errors import SweepError

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
SHIPPED = sorted((ROOT / "scenarios" / "sweeps").glob("*.yaml"))

HEAD = f"""name: t
description: A test sweep.
scenario: {BASELINE}
years: 3
"""


def write(tmp_path, body: str, head: str = HEAD) -> Path:
    path = tmp_path / "sweep.yaml"
    path.write_text(head + body)
    return path


def test_the_four_shipped_sweeps_load_and_say_what_they_show():
    names = {p.stem for p in SHIPPED}
    assert {"jervis_four_worlds", "cbm_effect", "alliance_reliability", "sobol_core"} <= names
    for path in SHIPPED:
        plan = load_sweep(path)
        assert plan.spec.description.strip().endswith(".") and len(plan.spec.description) > 60
        assert plan.n_runs == plan.n_points * plan.spec.replications > 1
    four = load_sweep(ROOT / "scenarios/sweeps/jervis_four_worlds.yaml")
    assert four.n_points == 4 and four.names == ["offense_defense_balance", "distinguishability"]
    assert load_sweep(ROOT / "scenarios/sweeps/sobol_core.yaml").spec.sample.method == "sobol"


def test_grid_is_every_combination_last_key_fastest(tmp_path):
    plan = load_sweep(write(tmp_path, "grid:\n  war_cost: [1, 2]\n  Armenia.reaction: [0.1, 0.2, 0.3]\n"))
    assert plan.names == ["war_cost", "Armenia.reaction"]
    assert plan.values[:4] == [(1, 0.1), (1, 0.2), (1, 0.3), (2, 0.1)] and plan.n_points == 6
    assert plan.base.years == 3


def test_seeds_come_from_the_sweep_seed_point_and_replication_only(tmp_path):
    plan = load_sweep(write(tmp_path, "replications: 4\nseed: 9\ngrid: {war_cost: [1, 2]}\n"))
    all_at_once = plan.seeds(range(8))
    one_by_one = np.concatenate([plan.seeds([r]) for r in range(8)])
    assert np.array_equal(all_at_once, one_by_one) and len(set(all_at_once)) == 8
    again = load_sweep(write(tmp_path, "replications: 4\nseed: 9\ngrid: {war_cost: [1, 2]}\n"))
    assert np.array_equal(again.seeds(range(8)), all_at_once)
    other = load_sweep(write(tmp_path, "replications: 4\nseed: 10\ngrid: {war_cost: [1, 2]}\n"))
    assert not np.array_equal(other.seeds(range(8)), all_at_once)
    crn = load_sweep(write(tmp_path, "replications: 4\nseed: 9\ncommon_random_numbers: true\n"
                                     "grid: {war_cost: [1, 2]}\n"))
    assert np.array_equal(crn.seeds(range(4)), crn.seeds(range(4, 8)))


def test_samples_are_reproducible_and_round_whole_number_fields(tmp_path):
    body = ("seed: 5\nsample:\n  method: sobol\n  n: 8\n  bounds:\n"
            "    distinguishability: [0, 1]\n    power_shift_window: [1, 6]\n")
    a, b = load_sweep(write(tmp_path, body)), load_sweep(write(tmp_path, body))
    assert a.n_points == 8 * (2 + 2) and a.values == b.values
    assert all(isinstance(v[1], int) and 1 <= v[1] <= 6 for v in a.values)
    assert all(0 <= v[0] <= 1 for v in a.values)
    latin = load_sweep(write(tmp_path, body.replace("sobol", "latin")))
    assert latin.n_points == 8
    morris = load_sweep(write(tmp_path, body.replace("sobol", "morris")))
    assert morris.n_points == 8 * 3 and morris.x.shape == (24, 2)


def test_fixed_overrides_apply_to_every_run(tmp_path):
    plan = load_sweep(write(tmp_path, "fixed: {war_cost: 3.5, Armenia.max_burden: 0.2}\n"))
    assert plan.base.parameters.war_cost == 3.5 and plan.base.states["Armenia"].max_burden == 0.2
    assert plan.n_points == 1 and plan.point(0) == {}


@pytest.mark.parametrize("body, line, field, says", [
    ("replicatons: 3\n", 5, "replicatons", ["unknown field 'replicatons'",
                                            "did you mean 'replications'"]),
    ("replications: 0\n", 5, "replications", ["must be ≥ 1", "got 0"]),
    ("replications: many\n", 5, "replications", ["expected a whole number", "'many'"]),
    ("grid:\n  distinguishabilty: [0.2, 0.8]\n", 6, "grid.distinguishabilty",
     ["unknown parameter 'distinguishabilty'", "did you mean 'distinguishability'"]),
    ("grid:\n  distinguishability:\n    - 0.2\n    - 1.5\n", 8, "grid.distinguishability[1]",
     ["must be ≥ 0 and ≤ 1", "1.5"]),
    ("grid:\n  Armenia.reacton: [0.1]\n", 6, "grid.Armenia.reacton",
     ["unknown state field 'reacton'", "did you mean 'reaction'"]),
    ("grid:\n  war_cost: []\n", 6, "grid.war_cost", ["at least one value"]),
    ("fixed:\n  war_cost: -1\n", 6, "fixed.war_cost", ["must be > 0"]),
    ("sample:\n  method: sobol\n  n: 10\n  bounds: {war_cost: [1, 2], crisis_rate: [0, 1]}\n",
     7, "sample.n", ["power of 2", "got 10", "8 or 16"]),
    ("sample:\n  method: sobolx\n  n: 8\n  bounds: {war_cost: [1, 2]}\n", 6, "sample.method",
     ["'sobolx' is not allowed", "did you mean 'sobol'", "allowed: sobol, morris, latin"]),
    ("sample:\n  method: latin\n  n: 8\n  bounds:\n    war_cost: [2, 1]\n", 9,
     "sample.bounds.war_cost", ["low < high", "[2, 1]"]),
    ("sample:\n  method: latin\n  n: 8\n  bounds:\n    crisis_rate: [0, 3]\n", 9,
     "sample.bounds.crisis_rate", ["must be ≥ 0 and ≤ 1", "3"]),
    ("sample:\n  method: latin\n  n: 8\n  bounds: {war_cost: [1, 2]}\ngrid: {war_cost: [1]}\n",
     5, "sample", ["either a grid or a sample, not both"]),
    ("outputs:\n  measures: [milex, crisis]\n", 6, "outputs.measures[1]",
     ["unknown measure 'crisis'", "did you mean 'crises'"]),
    ("outputs:\n  states: [Armenia, Azerbajan]\n", 6, "outputs.states[1]",
     ["unknown state 'Azerbajan'", "did you mean 'Azerbaijan'"]),
    ("outputs:\n  years: first\n", 6, "outputs.years", ["'first' is not allowed",
                                                       "allowed: all, final"]),
])
def test_each_mistake_names_file_line_field_and_what_is_allowed(tmp_path, body, line, field,
                                                                 says):
    path = write(tmp_path, body)
    with pytest.raises(SweepError) as err:
        load_sweep(path)
    p = err.value.problems[0]
    assert (p.file, p.line, p.field) == (str(path), line, field), p
    for s in says:
        assert s in str(p), str(p)
    assert str(p).startswith(f"{path}:{line}: {field}: ")


def test_missing_fields_file_and_scenario_are_clear(tmp_path):
    path = write(tmp_path, "", head="name: t\ndescription: x.\n")
    with pytest.raises(SweepError, match="missing required field 'scenario'"):
        load_sweep(path)
    path = write(tmp_path, "", head="name: t\ndescription: x.\nscenario: nowhere.yaml\n")
    with pytest.raises(SweepError) as err:
        load_sweep(path)
    assert str(err.value).startswith(f"{path}:3: scenario: no such file 'nowhere.yaml'")
    with pytest.raises(SweepError, match="no such file"):
        load_sweep(tmp_path / "absent.yaml")
    path = write(tmp_path, "grid: [1, 2\n")
    with pytest.raises(SweepError, match="YAML syntax"):
        load_sweep(path)


def test_a_bad_scenario_behind_a_sweep_names_the_scenario_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: b\nstates:\n  A: {milex: -1, gdp: 1}\n  B: {milex: 1, gdp: 1}\n")
    path = write(tmp_path, "", head="name: t\ndescription: x.\nscenario: bad.yaml\n")
    with pytest.raises(ScenarioError) as err:   # the scenario's own problem, not the sweep's
        load_sweep(path)
    assert not isinstance(err.value, SweepError)
    assert str(err.value).startswith(f"{bad}:3: states.A.milex: must be ≥ 0")


def test_cli_prints_one_line_and_exits_2_without_a_traceback(tmp_path, capsys):
    path = write(tmp_path, "grid:\n  distinguishabilty: [0.2]\n")
    assert main(["batch", str(path), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.strip().startswith(f"{path}:6: grid.distinguishabilty: unknown parameter")
    assert "Traceback" not in err and not (tmp_path / "r").exists()


def test_history_until_is_a_sweep_setting_fixed_or_varied(tmp_path):
    """``history_until`` (issue 14, item 4) in a sweep: fixed, the manifest's history ends
    there; varied, each point drops the scripted events after its own year (the baseline's
    2023 war is in every run with history to 2025 and is not scripted with history to 2022)."""
    from model.experiments.batch import read_manifest, read_results, run_sweep

    plan = load_sweep(write(tmp_path, "replications: 2\nfixed: {history_until: 2022}\n"))
    assert plan.base.history_until == 2022
    out = run_sweep(plan, tmp_path / "fixed", workers=1, progress=False)
    assert read_manifest(out)["history_until"] == 2022   # not the scenario's last event, 2025

    grid = write(tmp_path, "replications: 4\ncommon_random_numbers: true\n"
                 "grid: {history_until: [2022, 2025]}\n",
                 head=HEAD.replace("years: 3", "years: 4"))
    df = read_results(run_sweep(grid, tmp_path / "grid", workers=1, progress=False))
    wars = (df[df.state == "Armenia"].pivot_table(index=["history_until", "replication"],
                                                  columns="year", values="wars"))
    new = wars[2024] - wars[2022]
    assert (new.loc[2025] >= 1).all()                  # the scripted war of 2023
    assert not new.loc[2022].equals(new.loc[2025])     # forecast: the model's own wars only

    with pytest.raises(SweepError, match=r"sweep.yaml:5: fixed.*before start_year 2020"):
        load_sweep(write(tmp_path, "fixed: {history_until: 2010}\n"))
