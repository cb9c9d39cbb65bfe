"""A results folder is one sweep's and one batch's (model/experiments/results_folder.py, model/experiments/workers.py,
model/experiments/evaluators.py): parts name their sweep and another's are refused; a second writer is
refused while the first holds the lock; workers die with their parent; a killed batch reads
as interrupted."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pyarrow.parquet as pq
import pytest

from model.cli.main import main
from model.experiments.batch import read_manifest, read_results, run_sweep
from model.experiments.sweep import load_sweep
from model.scenario.input_errors import ResultsError
from tests.worlds import BASELINE_STATES

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"


def sweep_file(tmp_path, seed=11, years=4, reps=3, name="sweep.yaml"):
    path = tmp_path / name
    path.write_text(f"name: small\ndescription: A small test sweep.\nscenario: {BASELINE}\n"
                    f"years: {years}\nreplications: {reps}\nseed: {seed}\nchunk_size: 2\n"
                    "grid:\n  offense_defense_balance: [0.7, 1.6]\n")
    return path


def start_batch(path, out, workers):
    """`armsrace batch` in a subprocess; its output goes to a file (a pipe would be held
    open by any worker that outlives it)."""
    log = open(out.parent / f"{out.name}.log", "w")
    return subprocess.Popen([sys.executable, "-m", "model", "batch", str(path), "--out",
                             str(out), "--workers", str(workers)], cwd=ROOT,
                            stdout=log, stderr=log)


def wait_for_parts(proc, out, n=1):
    deadline = time.time() + 120
    while len(list((out / "parts").glob("part-*.parquet"))) < n:
        assert proc.poll() is None and time.time() < deadline, \
            (out.parent / f"{out.name}.log").read_text()
        time.sleep(0.01)


def test_parts_name_their_sweep_and_another_sweep_s_parts_are_refused(tmp_path):
    out = run_sweep(sweep_file(tmp_path), tmp_path / "r", workers=1, progress=False)
    digest = load_sweep(sweep_file(tmp_path)).digest()
    parts = sorted((out / "parts").glob("part-*.parquet"))
    assert len(parts) == 3 and all(p.name.endswith(f"-{digest[:16]}.parquet") for p in parts)
    assert pq.read_schema(parts[0]).metadata[b"armsrace.sweep"] == digest.encode()
    (out / "manifest.json").unlink()       # parts/ without a manifest, as a copy leaves it
    (out / "points.parquet").unlink()
    parts[1].unlink()
    other = sweep_file(tmp_path, seed=12, name="other.yaml")
    with pytest.raises(ResultsError) as err:
        run_sweep(other, out, workers=1, resume=True, progress=False)
    says = str(err.value)
    assert "2 of the 2 finished chunks here belong to another sweep" in says
    assert "choose another --out, or delete this folder" in says
    assert len(list((out / "parts").glob("part-*"))) == 2   # nothing run, nothing removed


def test_a_folder_that_lost_its_manifest_resumes_its_own_parts(tmp_path):
    path = sweep_file(tmp_path)
    whole = read_results(run_sweep(path, tmp_path / "whole", workers=1, progress=False))
    out = run_sweep(path, tmp_path / "r", workers=1, progress=False)
    (out / "manifest.json").unlink()
    sorted((out / "parts").glob("part-*"))[0].unlink()
    with pytest.raises(ResultsError, match="add --resume"):
        run_sweep(path, out, workers=1, progress=False)
    run_sweep(path, out, workers=1, resume=True, progress=False)
    assert read_manifest(out)["timing"]["sessions"][0]["runs"] == 2
    pd.testing.assert_frame_equal(read_results(out), whole)


def test_a_second_batch_is_refused_while_the_first_runs_and_not_after_it_died(tmp_path,
                                                                             capsys):
    path, out = sweep_file(tmp_path, years=10, reps=40), tmp_path / "busy"
    proc = start_batch(path, out, 1)
    try:
        wait_for_parts(proc, out)
        assert main(["batch", str(path), "--out", str(out), "--resume", "--quiet"]) == 2
        err = capsys.readouterr().err
        assert f"in use by another armsrace batch (pid {proc.pid}" in err
        assert "wait for it to finish, or choose another --out" in err
        assert read_manifest(out)["status"] == "running"          # it is: the lock is held
    finally:
        proc.kill()
        proc.wait()
    assert read_manifest(out)["status"] == "interrupted"           # its writer is dead
    run_sweep(path, out, workers=1, resume=True, progress=False)    # the lock died with it
    assert read_manifest(out)["status"] == "complete"


def test_workers_exit_when_their_parent_is_killed(tmp_path):
    path, out = sweep_file(tmp_path, years=30, reps=100), tmp_path / "orphans"
    proc = start_batch(path, out, 2)
    parent = psutil.Process(proc.pid)
    try:
        wait_for_parts(proc, out)
        deadline = time.time() + 60   # the parent runs chunks itself while the pool starts
        while True:
            family = parent.children(recursive=True)
            workers = [p for p in family if p.ppid() != proc.pid]  # forked by the forkserver
            if len(workers) == 2 or time.time() > deadline or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert len(workers) == 2, [p.cmdline() for p in family]
        os.kill(proc.pid, signal.SIGKILL)   # not reaped yet: a zombie until proc.wait()
        deadline = time.time() + 5
        while time.time() < deadline and any(_lives(p) for p in family):
            time.sleep(0.05)
        assert not [p.pid for p in family if _lives(p)]
    finally:
        proc.kill()
        for p in family if "family" in locals() else []:
            if _lives(p):
                p.kill()   # only if the test failed: leave no process behind
        proc.wait()
    m = read_manifest(out)
    assert m["status"] == "interrupted" and m["timing"]["sessions"][0]["status"] == \
        "interrupted"
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"  # as left


def _lives(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_table_too_big_for_memory_is_refused_with_its_size(tmp_path):
    out = run_sweep(sweep_file(tmp_path), tmp_path / "r", workers=1, progress=False)
    assert len(read_results(out, max_bytes=10**6)) == 6 * 5 * BASELINE_STATES
    with pytest.raises(ResultsError, match=r"the table has 240 rows × 2 columns \(about "
                                            r"0.0 GB in memory\), more than 0.0 GB"):
        read_results(out, columns=["run_id", "milex"], max_bytes=1000)
