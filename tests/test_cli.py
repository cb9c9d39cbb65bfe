"""The `armsrace` command as a user runs it."""

import subprocess
import sys

import pandas as pd

from model.cli import main

BASELINE = "scenarios/baseline_2020.yaml"


def test_run_prints_a_year_by_year_summary_and_writes_a_tidy_table(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["run", BASELINE, "--years", "15", "--seed", "1", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "AZE/ARM" in text and "crises" in text
    assert "2035" in text and "alliance changes" in text
    assert "did not honour its commitment to Armenia" in text
    df = pd.read_csv(out)
    assert set(df.year) == set(range(2020, 2036)) and len(df) == 16 * 8


def test_set_overrides_a_parameter(tmp_path):
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    main(["run", BASELINE, "--seed", "1", "--quiet", "--out", str(a)])
    main(["run", BASELINE, "--seed", "1", "--quiet", "--out", str(b), "--set",
          "distinguishability=0.8"])
    assert not pd.read_parquet(a).milex.equals(pd.read_parquet(b).milex)


def test_bad_override_is_one_clear_line_and_exit_2(capsys):
    assert main(["run", BASELINE, "--set", "distinguishabilty=0.8"]) == 2
    err = capsys.readouterr().err
    assert "distinguishability" in err and "Traceback" not in err


def test_bad_output_suffix_is_a_clear_error(capsys, tmp_path):
    assert main(["run", BASELINE, "--years", "1", "--quiet", "--out", str(tmp_path / "x.txt")]) == 2
    assert ".csv or .parquet" in capsys.readouterr().err


def test_validate_all_shipped_scenarios():
    proc = subprocess.run([sys.executable, "-m", "model", "validate", *map(str, sorted(
        __import__("pathlib").Path("scenarios").glob("*.yaml")))], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_missing_file_is_exit_2_without_traceback():
    proc = subprocess.run([sys.executable, "-m", "model", "run", "nope.yaml"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "nope.yaml" in proc.stderr and "Traceback" not in proc.stderr
