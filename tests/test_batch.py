"""Batch runs (model/experiments/batch.py): identical however they run, resumable, tidy and typed on disk."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model import ArmsRaceModel, __version__
from model.cli.main import main
from model.experiments.batch import read_manifest, read_results, run_sweep
from model.experiments.evaluators import Evaluator, evaluator_for, windowed
from model.experiments.sweep import load_sweep
from model.scenario.input_errors import ResultsError
from model.scenario.loader import apply_overrides
from tests.worlds import BASELINE_STATES

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"


def sweep_file(tmp_path, body="", years=4, reps=3, name="sweep.yaml"):
    path = tmp_path / name
    path.write_text(f"name: small\ndescription: A small test sweep.\nscenario: {BASELINE}\n"
                    f"years: {years}\nreplications: {reps}\nseed: 11\nchunk_size: 2\n"
                    "grid:\n  offense_defense_balance: [0.7, 1.6]\n" + body)
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The small sweep run in this process, one worker."""
    tmp = tmp_path_factory.mktemp("ref")
    path = sweep_file(tmp)
    out = run_sweep(path, tmp / "one", workers=1, progress=False)
    return path, out, read_results(out)


def test_rows_are_the_model_s_own_runs(reference):
    path, _, df = reference
    plan = load_sweep(path)
    assert df.run_id.nunique() == plan.n_runs == 6
    for run in (0, 2, 3, 4):  # runs 2 and 3, of two points, are stepped in one ensemble
        point, seed = plan.point(run // 3), int(plan.seeds([run])[0])
        m = ArmsRaceModel(apply_overrides(plan.base, point), rng=seed)
        m.run()
        direct = m.frame()
        mine = df[df.run_id == run].reset_index(drop=True)
        assert (mine.seed == seed).all() and (mine.offense_defense_balance == point[
            "offense_defense_balance"]).all()
        for col in ("year", "milex", "gdp", "burden", "net_threat", "regional_milex", "crises",
                    "wars", "commitments_honoured"):
            assert np.array_equal(mine[col].to_numpy(), direct[col].to_numpy()), col
        assert list(mine.state.astype(str)) == list(direct.state)
        assert list(mine.top_threat.astype(str)) == list(direct.top_threat.fillna("none"))


def test_results_load_back_with_their_dtypes(reference):
    _, out, df = reference
    assert list(df.columns[:7]) == ["run_id", "point", "replication", "seed",
                                    "offense_defense_balance", "year", "state"]
    for col in ("run_id", "point", "replication", "seed", "year", "crises", "wars",
                "commitments_invoked", "commitments_honoured"):
        assert df[col].dtype == np.int64, col
    for col in ("offense_defense_balance", "milex", "gdp", "burden", "regional_milex"):
        assert df[col].dtype == np.float64, col
    assert isinstance(df.state.dtype, pd.CategoricalDtype)
    assert list(df.state.cat.categories[:2]) == ["Armenia", "Azerbaijan"]
    assert "none" in df.top_threat.cat.categories
    assert df.equals(df.sort_values(["run_id", "year"], kind="stable"))
    assert len(df) == 6 * 5 * BASELINE_STATES and set(df.year) == set(range(2020, 2025))
    assert set(pd.read_parquet(out / "points.parquet").columns) == {"point",
                                                                    "offense_defense_balance"}


def test_manifest_records_sweep_scenario_hashes_version_and_timing(reference):
    path, out, _ = reference
    m = read_manifest(out)
    assert m["status"] == "complete" and m["model_version"] == __version__
    assert m["sweep"]["file"] == str(path) and len(m["sweep"]["sha256"]) == 64
    assert m["scenario"]["file"] == str(BASELINE) and len(m["scenario"]["sha256"]) == 64
    assert len(m["scenario"]["resolved_sha256"]) == 64
    assert m["runs"] == 6 and m["chunks"] == m["chunks_done"] == 3 and m["chunk_size"] == 2
    assert m["timing"]["seconds"] > 0 and m["timing"]["sessions"][0]["runs"] == 6


def test_identical_with_two_processes_and_a_dask_cluster(reference, tmp_path):
    import distributed

    path, _, df = reference
    two = read_results(run_sweep(path, tmp_path / "two", workers=2, progress=False))
    pd.testing.assert_frame_equal(two, df)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        # as `armsrace batch --scheduler tcp://HOST:8786` reaches a cluster
        dask = read_results(run_sweep(path, tmp_path / "dask", progress=False,
                                      scheduler=cluster.scheduler_address))
        assert read_manifest(tmp_path / "dask")["timing"]["sessions"][0]["backend"] == \
            f"dask {cluster.scheduler_address}"
    pd.testing.assert_frame_equal(dask, df)


class Threads(Evaluator):
    """A backend is one class: here chunks run on two threads of this process."""

    label, width = "threads (2)", 2

    def map_chunks(self, job, chunks, on_done):
        from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

        from model.experiments.chunks import run_chunk

        with ThreadPoolExecutor(2) as pool:
            windowed(lambda c: pool.submit(run_chunk, job, c.start, c.stop),
                     lambda fs: wait(fs, return_when=FIRST_COMPLETED), chunks, 4, on_done)


def test_a_new_backend_is_one_class_and_gives_the_same_table(reference, tmp_path):
    path, _, df = reference
    out = run_sweep(path, tmp_path / "threads", evaluator=Threads(), progress=False)
    pd.testing.assert_frame_equal(read_results(out), df)
    session = read_manifest(out)["timing"]["sessions"][0]
    assert (session["backend"], session["workers"], session["runs"]) == ("threads (2)", 2, 6)


def test_the_flags_choose_the_built_in_backend():
    chosen = {name: evaluator_for(**flags, chunks=chunks) for name, flags, chunks in [
        ("one", {"workers": 1}, 10), ("four", {"workers": 4}, 10),
        ("few chunks", {"workers": 4}, 3), ("last chunk", {"workers": 4}, 1),
        ("cluster", {"scheduler": "tcp://h:8786", "workers": 4}, 10),
        ("local dask", {"dask_local": 3}, 10)]}
    said = {name: (type(e).__name__, e.label, e.width) for name, e in chosen.items()}
    assert said == {"one": ("InProcess", "processes (1)", 1),
                    "four": ("LocalProcesses", "processes (4)", 4),
                    "few chunks": ("LocalProcesses", "processes (3)", 3),
                    "last chunk": ("InProcess", "processes (1)", 1),
                    "cluster": ("DaskCluster", "dask tcp://h:8786", None),
                    "local dask": ("DaskCluster", "dask local (3)", 3)}


def test_a_killed_run_resumed_gives_the_uninterrupted_table(tmp_path):
    path = sweep_file(tmp_path, years=10, reps=40)   # 80 runs in 40 chunks
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "model", "batch", str(path), "--out", str(out), "--workers", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    parts, deadline = out / "parts", time.time() + 120
    while len(list(parts.glob("part-*.parquet"))) < 3 and time.time() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    finished = len(list(parts.glob("part-*.parquet")))
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"  # as left
    assert 3 <= finished < 40 and read_manifest(out)["status"] == "interrupted"   # as read
    (parts / ".part-000039.parquet").write_bytes(b"half a file")   # as a kill leaves it
    with pytest.raises(ResultsError, match="--resume"):
        run_sweep(path, out, workers=1, progress=False)
    run_sweep(path, out, workers=2, resume=True, progress=False)
    m = read_manifest(out)
    assert m["status"] == "complete" and m["chunks_done"] == 40
    assert [s["status"] for s in m["timing"]["sessions"]] == ["interrupted", "complete"]
    assert sum(s["runs"] for s in m["timing"]["sessions"]) == 80 - 2 * finished
    whole = run_sweep(path, tmp_path / "whole", workers=1, progress=False)
    pd.testing.assert_frame_equal(read_results(out), read_results(whole))
    assert not list(parts.glob(".part-*"))


def test_resume_refuses_results_of_another_sweep(reference, tmp_path):
    _, out, _ = reference
    other = sweep_file(tmp_path, years=5)
    with pytest.raises(ResultsError, match="different sweep"):
        run_sweep(other, out, resume=True, progress=False)


def test_outputs_keep_only_what_is_asked(tmp_path):
    path = sweep_file(tmp_path, "outputs:\n  measures: [milex, wars]\n  states: [Azerbaijan, "
                                "Armenia]\n  years: final\n", reps=2)
    df = read_results(run_sweep(path, tmp_path / "o", workers=1, progress=False))
    assert list(df.columns) == ["run_id", "point", "replication", "seed",
                                "offense_defense_balance", "year", "state", "milex", "wars"]
    assert set(df.year) == {2024} and len(df) == 4 * 2
    assert list(df.state.astype(str)[:2]) == ["Armenia", "Azerbaijan"]   # scenario order


def test_cli_batch_writes_csv_quietly_when_not_a_terminal(tmp_path):
    path = sweep_file(tmp_path, reps=2, years=2)
    out = tmp_path / "cli"
    done = subprocess.run([sys.executable, "-m", "model", "batch", str(path), "--out", str(out),
                           "--workers", "1", "--csv"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and "4 runs (2 points × 2 replications)" in done.stdout
    csv, parquet = pd.read_csv(out / "results.csv"), read_results(out)
    assert len(csv) == len(parquet) == 4 * 3 * BASELINE_STATES
    assert np.allclose(csv.milex, parquet.milex) and list(csv.state) == list(parquet.state)
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


def test_cli_refuses_a_full_folder_and_bad_worker_counts(tmp_path, capsys, reference):
    path, out, _ = reference
    assert main(["batch", str(path), "--out", str(out)]) == 2
    assert "add --resume" in capsys.readouterr().err
    assert main(["batch", str(path), "--out", str(tmp_path / "x"), "--workers", "0"]) == 2
    assert "--workers: 0: must be ≥ 1" in capsys.readouterr().err


def test_at_most_a_window_of_tasks_is_in_flight():
    """Memory stays flat: results are handed on as they come, never more than `window` held."""
    from concurrent.futures import Future

    pending, most, got = [], [0], []

    def submit(task):
        f = Future()
        pending.append((f, task))
        most[0] = max(most[0], len(pending))
        return f

    def wait_some(fs):
        f, task = pending.pop(0)
        f.set_result(task * 10)
        return [f], []

    windowed(submit, wait_some, range(100), 4, lambda t, r: got.append((t, r)))
    assert most[0] == 4 and got == [(t, 10 * t) for t in range(100)]


def test_a_start_that_finished_nothing_can_simply_be_run_again(tmp_path, capsys):
    """A wrong scheduler address: a clear message, and the folder does not demand --resume."""
    path, out = sweep_file(tmp_path, reps=1, years=2), tmp_path / "nothing"
    assert main(["batch", str(path), "--out", str(out), "--scheduler",
                 "tcp://127.0.0.1:9", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler" in err and "Traceback" not in err
    assert main(["batch", str(path), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    assert read_manifest(out)["status"] == "complete" and len(read_results(out)) == 2 * 3 * BASELINE_STATES


def test_while_the_pool_starts_this_process_runs_tasks_and_submits_none():
    """``run_here`` and ``ready``: until the backend is ready (a pool's processes started),
    this process runs the tasks itself and submits none; once it is, the rest go to the
    backend. Every task runs once."""
    from concurrent.futures import Future

    here, sent, got = [], [], []

    def submit(task):
        sent.append(task)
        f = Future()
        f.set_result(task * 10)
        return f

    def run_here(task):
        here.append(task)
        return task * 10

    windowed(submit, lambda fs: (fs, []), range(20), 4, lambda t, r: got.append((t, r)),
             run_here, ready=lambda: len(here) == 3)
    assert here == [0, 1, 2] and sent == list(range(3, 20))
    assert sorted(got) == [(t, 10 * t) for t in range(20)]


def test_a_pool_that_is_never_ready_leaves_every_task_to_this_process():
    here, got = [], []
    windowed(lambda t: pytest.fail("nothing is submitted"), None, range(5), 4,
             lambda t, r: got.append(t), lambda t: here.append(t), ready=lambda: False)
    assert here == got == list(range(5))


def test_the_pool_is_started_from_a_thread_and_says_when_its_processes_are_up():
    """``start_processes``: when its event is set, the pool has all its processes."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from model.experiments.evaluators import start_processes

    with ProcessPoolExecutor(2, mp_context=mp.get_context("forkserver")) as pool:
        started = start_processes(pool, 2)
        assert started.wait(60)
        assert len(pool._processes) == 2   # the pool's own table of its processes


def test_two_workers_give_the_one_worker_table_also_when_this_process_helps(tmp_path):
    """A sweep big enough that this process runs chunks while the pool starts."""
    path = sweep_file(tmp_path, reps=40, years=3)
    one = read_results(run_sweep(path, tmp_path / "one", workers=1, progress=False))
    two = read_results(run_sweep(path, tmp_path / "two", workers=2, progress=False))
    assert one.equals(two)


def test_a_forecast_s_runs_know_only_its_history_as_the_model_alone_does(tmp_path):
    """``history_until`` cuts the events and data after it from every run of a chunk, as
    ArmsRaceModel cuts them (the runs of a chunk are stepped as one ensemble)."""
    path = tmp_path / "forecast.yaml"
    path.write_text(f"name: forecast\ndescription: A forecast.\nscenario: {BASELINE}\n"
                    "years: 8\nreplications: 2\nseed: 3\nchunk_size: 4\n"
                    "fixed:\n  history_until: 2021\n"
                    "grid:\n  war_cost: [0.5, 2.0]\n")
    df = read_results(run_sweep(path, tmp_path / "out", workers=1, progress=False))
    plan = load_sweep(path)
    for run in range(4):
        point, seed = plan.point(run // 2), int(plan.seeds([run])[0])
        m = ArmsRaceModel(apply_overrides(plan.base, point), rng=seed)
        m.run()
        mine = df[df.run_id == run].reset_index(drop=True)
        for col in ("milex", "gdp", "crises", "wars"):
            assert np.array_equal(mine[col].to_numpy(), m.frame()[col].to_numpy()), (run, col)


def test_a_sample_s_points_stepped_together_are_each_its_own_run(tmp_path):
    """A chunk steps a sample's points together, each with its own parameters and a state's
    number (chunks.run_chunk; model/simulation/run_parameters.py): every row is the row of the
    model built with its point and seed alone."""
    path = tmp_path / "latin.yaml"
    path.write_text(f"name: latin\ndescription: A small sample.\nscenario: {BASELINE}\n"
                    "years: 6\nreplications: 1\nseed: 5\nchunk_size: 8\nsample:\n"
                    "  method: latin\n  n: 8\n  bounds:\n    war_cost: [0.5, 3.0]\n"
                    "    spiral_sensitivity: [0.5, 5.0]\n    crisis_rate: [0.1, 0.6]\n"
                    "    Armenia.reaction: [0.05, 0.3]\n")
    df = read_results(run_sweep(path, tmp_path / "out", workers=1, progress=False))
    plan = load_sweep(path)
    assert df.run_id.nunique() == 8 and df.groupby("run_id").milex.sum().nunique() == 8
    for run in range(8):
        point, seed = plan.point(run), int(plan.seeds([run])[0])
        m = ArmsRaceModel(apply_overrides(plan.base, point), rng=seed)
        m.run()
        direct, mine = m.frame(), df[df.run_id == run].reset_index(drop=True)
        for col in ("milex", "gdp", "net_threat", "crises", "wars", "commitments_honoured"):
            assert np.array_equal(mine[col].to_numpy(), direct[col].to_numpy()), (run, col)


def test_a_sweep_of_a_world_of_many_states_names_every_state(tmp_path):
    """Past 127 states a chunk's state codes no longer fit in one byte (arrow_columns.coded):
    every state and top threat keeps its name."""
    import yaml

    from model import synthetic_world
    from model.scenario.loader import scenario_to_dict

    world = synthetic_world(130, 1, years=2)
    (tmp_path / "big.yaml").write_text(yaml.safe_dump(scenario_to_dict(world), sort_keys=False))
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(f"name: big\ndescription: 130 states.\nscenario: {tmp_path / 'big.yaml'}\n"
                     "years: 2\nreplications: 2\nseed: 1\n")
    df = read_results(run_sweep(sweep, tmp_path / "out", workers=1, progress=False))
    assert sorted(df["state"].unique()) == sorted(world.states)
    assert set(df["top_threat"].dropna()) <= set(world.states) | {"none"}
    run = df[df["run_id"] == 0]
    alone = ArmsRaceModel(world, rng=int(run["seed"].iloc[0]))
    alone.run()
    mine = run.set_index(["year", "state"])["milex"].sort_index()
    theirs = alone.frame().set_index(["year", "state"])["milex"].sort_index()
    assert mine.index.equals(theirs.index) and np.array_equal(mine, theirs)
