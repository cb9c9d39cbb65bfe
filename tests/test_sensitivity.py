"""`armsrace sensitivity`: Sobol' and Morris indices via SALib on a small real sweep."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.cli.main import main
from model.experiments.sensitivity import indices
from model.experiments.sweep import load_sweep
from model.scenario.input_errors import SweepError

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
PNG = b"\x89PNG\r\n\x1a\n"


def sweep(tmp_path, method="sobol", n=8, extra=""):
    path = tmp_path / f"{method}.yaml"
    path.write_text(f"name: {method} test\ndescription: A small sensitivity sweep.\n"
                    f"scenario: {BASELINE}\nyears: 4\nseed: 2\n{extra}sample:\n"
                    f"  method: {method}\n  n: {n}\n  bounds:\n"
                    "    offense_defense_balance: [0.6, 2.0]\n    crisis_rate: [0.0, 0.6]\n"
                    "    war_cost: [0.5, 3.0]\n")
    return path


def test_sobol_indices_recover_a_known_function(tmp_path):
    """The plumbing, checked on y = 3·x0 + x1 (no model): S1 ≈ ST ≈ 0.9, 0.1, 0."""
    plan = load_sweep(sweep(tmp_path, n=1024))
    x = np.array(plan.values)
    y = 3 * (x[:, 0] - 0.6) / 1.4 + (x[:, 1] / 0.6)
    t = indices(plan, y).set_index("parameter")
    assert np.allclose(t.S1, [0.9, 0.1, 0.0], atol=0.05)
    assert np.allclose(t.ST, [0.9, 0.1, 0.0], atol=0.05)
    assert (t.S1_conf >= 0).all() and t.S1_conf.iloc[0] > 0 and (t.ST_conf < 0.1).all()


def test_cli_sobol_from_a_real_sweep_writes_table_and_chart(tmp_path, capsys):
    path, res = sweep(tmp_path), tmp_path / "res"
    assert main(["sensitivity", str(path), "--metric", "crises", "--results", str(res),
                 "--workers", "1", "--quiet"]) == 0
    table = pd.read_csv(res / "sensitivity_crises_final.csv")
    assert list(table.parameter) == ["offense_defense_balance", "crisis_rate", "war_cost"]
    assert list(table.columns) == ["parameter", "S1", "S1_conf", "ST", "ST_conf"]
    assert table[["S1", "ST"]].notna().all().all() and (table.ST_conf >= 0).all()
    assert (res / "sensitivity_crises_final.png").read_bytes()[:8] == PNG
    assert len(pd.read_parquet(res / "points.parquet")) == 8 * 5
    # a second metric reuses the finished runs and prints its table
    assert main(["sensitivity", str(path), "--metric", "Armenia.milex", "--stat", "mean",
                 "--results", str(res), "--out", str(tmp_path / "si")]) == 0
    out = capsys.readouterr().out
    assert "sobol indices of Armenia.milex (mean) over 40 points" in out and "ST_conf" in out
    assert (tmp_path / "si" / "sensitivity_Armenia_milex_mean.png").exists()


def test_morris_elementary_effects(tmp_path):
    path, res = sweep(tmp_path, "morris", n=4, extra="replications: 2\n"), tmp_path / "m"
    assert main(["sensitivity", str(path), "--metric", "Azerbaijan.burden", "--results",
                 str(res), "--workers", "1", "--quiet"]) == 0
    t = pd.read_csv(res / "sensitivity_Azerbaijan_burden_final.csv")
    assert list(t.columns) == ["parameter", "mu", "mu_star", "mu_star_conf", "sigma"]
    assert (t.mu_star >= t.mu.abs() - 1e-12).all() and (t.sigma >= 0).all()
    assert (res / "sensitivity_Azerbaijan_burden_final.png").read_bytes()[:8] == PNG


@pytest.mark.parametrize("body, metric, says", [
    ("grid", "crises", ":5: grid: sensitivity indices need `sample: {method: sobol}`"),
    ("latin", "crises", ":7: sample.method: sensitivity indices need"),
    ("sobol", "Armenia.milx", "--metric: Armenia.milx: unknown state measure"),
    ("sobol", "milex", "--metric: milex: 'milex' is a state's measure: write STATE.milex"),
    ("kept", "wars", "--metric: wars: 'wars' was not kept by the sweep's outputs.measures"),
])
def test_mistakes_are_clear_and_nothing_runs(tmp_path, capsys, body, metric, says):
    if body == "grid":
        path = tmp_path / "g.yaml"
        path.write_text(f"name: g\ndescription: x.\nscenario: {BASELINE}\nyears: 2\n"
                        "grid: {war_cost: [1, 2]}\n")
    elif body == "kept":
        path = sweep(tmp_path, extra="outputs: {measures: [milex]}\n")
    else:
        path = sweep(tmp_path, method=body)
    res = tmp_path / "none"
    assert main(["sensitivity", str(path), "--metric", metric, "--results", str(res)]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err and not res.exists()


def test_a_sweep_without_sample_is_refused_in_python_too(tmp_path):
    from model.experiments.sensitivity import check

    plan = load_sweep(sweep(tmp_path, "latin"))
    with pytest.raises(SweepError, match="need `sample"):
        check(plan, "crises", "final")
