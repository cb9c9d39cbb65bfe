"""The `armsrace` command as a user runs it."""

import subprocess
import sys

import pandas as pd
import pytest

from model.cli.main import main
from tests.worlds import BASELINE_STATES

BASELINE = "scenarios/baseline_2020.yaml"


def test_run_prints_a_year_by_year_summary_and_writes_a_tidy_table(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["run", BASELINE, "--years", "15", "--seed", "1", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "AZE/ARM" in text and "crises" in text
    assert "2035" in text and "alliance changes" in text
    assert "did not honour its commitment to Armenia" in text
    df = pd.read_csv(out)
    assert set(df.year) == set(range(2020, 2036)) and len(df) == 16 * BASELINE_STATES


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


# --- issue 11: exit 2 with one clear line, never a traceback ---------------------------------

GOOD = "tests/fixtures/scenarios/good.yaml"


def _armsrace(*args, **kw):
    return subprocess.run([sys.executable, "-m", "model", *args], capture_output=True,
                          text=True, **kw)


def test_infinite_numbers_are_refused_not_run_into_nan(tmp_path):
    f = tmp_path / "inf.yaml"
    f.write_text(open(GOOD).read().replace("{milex: 1, gdp: 10}", "{milex: .inf, gdp: 10}", 1))
    proc = _armsrace("run", str(f), "--out", str(tmp_path / "out.csv"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "inf.yaml:3: states.Blue.milex: must be a finite number" in proc.stderr
    assert not (tmp_path / "out.csv").exists()


def test_validate_refuses_what_run_would_crash_on(tmp_path):
    f = tmp_path / "setp.yaml"
    f.write_text(open(GOOD).read()
                 + "  - {year: 2021, kind: set_parameter, name: distinguishability, value: 7}\n")
    for command in ("validate", "run"):
        proc = _armsrace(command, str(f))
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert "setp.yaml:11: events[1].value: distinguishability must be ≥ 0 and ≤ 1" in proc.stderr


@pytest.mark.parametrize("text", ["name: x\0\n", "name: x\nstates: " + "[" * 1000 + "]" * 1000])
def test_nul_bytes_and_deep_nesting_exit_2(tmp_path, text):
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    for command in ("validate", "run"):
        proc = _armsrace(command, str(f))
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.startswith(str(f))


def test_an_unwritable_out_is_exit_2_with_the_name_given(tmp_path, capsys):
    (tmp_path / "afile").write_text("")
    out = tmp_path / "afile" / "table.csv"  # a file where a folder should be
    assert main(["run", GOOD, "--years", "1", "--quiet", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path / 'afile'}: it is a file, not a folder")


@pytest.mark.parametrize("argv", [["run", GOOD, "--years", "1", "--quiet", "--out", "o.csv"],
                                  ["batch", "sweep.yaml", "--out", "o"],
                                  ["report", "results", "--out", "o"]])
def test_permission_errors_anywhere_are_exit_2(argv, monkeypatch, capsys):
    """Run as root the real thing cannot be provoked; every command raises it here."""
    def refuse(*args, **kw):
        raise PermissionError(13, "Permission denied", "o/table.csv")

    monkeypatch.setattr("pandas.DataFrame.to_csv", refuse)
    monkeypatch.setattr("model.experiments.batch.command", refuse)
    monkeypatch.setattr("model.experiments.report.command", refuse)
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "error: o/table.csv: Permission denied — check the path and its permissions\n")


def test_output_cut_short_by_head_ends_quietly():
    """``armsrace run ... | head`` once head has exited: the pipe's reader is gone."""
    import os

    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([sys.executable, "-m", "model", "run", BASELINE, "--years", "3"],
                              stdout=write, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write)
    assert proc.returncode == 141 and proc.stderr == b""


def test_a_bad_seed_is_a_clear_error(capsys):
    assert main(["run", GOOD, "--seed", "-1", "--quiet"]) == 2
    assert "seed: must be ≥ 0" in capsys.readouterr().err


def test_summary_counts_in_the_right_number():
    from model.cli.summary import counted

    assert [counted(1, "war"), counted(2, "war"), counted(0, "war")] == ["1 war", "2 wars",
                                                                         "0 wars"]
    assert [counted(1, "crisis", "crises"), counted(3, "crisis", "crises")] == [
        "1 crisis", "3 crises"]
