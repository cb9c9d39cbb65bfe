"""Big sweeps (model/experiments/sweep.py Points, model/experiments/plan_cost.py): a grid is a product, never a list;
a plan beyond a day is refused with its estimate unless --yes; a large one says what it
will take before it starts. The big plans run in a subprocess with its address space capped
at 3 GB: listing 10⁹ points took 17.8 GB."""

import itertools
import json
import queue
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from model.experiments import plan_cost
from model.experiments.batch import read_manifest, run_sweep
from model.experiments.chunks import Job
from model.experiments.plan_cost import Cost, refuse_or_say
from model.experiments.sweep import load_sweep
from model.scenario.input_errors import SweepError

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
NAMES = ["offense_defense_balance", "distinguishability", "media_amplification", "transparency",
         "confidence_building", "war_cost", "alliance_reliability", "crisis_rate", "reassurance"]
VALUES = [round(v / 10, 1) for v in range(1, 11)]
CAP = 3 * 2**30


def grid_file(tmp_path, k, name="huge", years=2, reps=1):
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"name: {name}\ndescription: A big grid.\nscenario: {BASELINE}\n"
                    f"years: {years}\nreplications: {reps}\nseed: 4\ngrid:\n"
                    + "".join(f"  {n}: {VALUES}\n" for n in NAMES[:k]))
    return path


def capped():
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def armsrace(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "model", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=capped, **kw)


def first_line(stream, seconds: float) -> str | None:
    lines = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=seconds)
    except queue.Empty:
        return None


def test_a_grid_is_read_from_its_index_in_mixed_radix(tmp_path):
    plan = load_sweep(grid_file(tmp_path, 3, "small"))
    listed = list(itertools.product(VALUES, VALUES, VALUES))
    assert len(plan.values) == plan.n_points == 1000 and list(plan.values) == listed
    assert plan.values[-1] == listed[-1] and plan.values[5:8] == listed[5:8]
    job, p = Job.of(plan), np.arange(1000)
    for k in range(3):
        assert list(job.value(k, p)) == [v[k] for v in listed]
    with pytest.raises(IndexError):
        plan.values[1000]


def test_a_grid_of_a_billion_points_loads_in_little_memory(tmp_path):
    path = grid_file(tmp_path, 9)
    code = ("import sys; from model.experiments.sweep import load_sweep; from model.experiments.chunks import Job; "
            "p = load_sweep(sys.argv[1]); Job.of(p); "
            "import json; print(json.dumps([p.n_points, list(p.point(123456789).values())]))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, text=True,
                          capture_output=True, preexec_fn=capped, timeout=120)
    assert done.returncode == 0, done.stderr[-800:]
    n, point = json.loads(done.stdout)
    assert n == 10**9 and point == VALUES[1:]   # point 123456789: value k+1 of parameter k


def test_a_plan_beyond_a_day_is_refused_with_its_estimate(tmp_path):
    out = tmp_path / "refused"
    proc = armsrace("batch", grid_file(tmp_path, 9), "--out", out, "--workers", "1")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err[-800:]
    line, = err.strip().splitlines()
    for says in ("1,000,000,000 runs on 1 worker: about", "s per run, timed on 48 runs",
                 "of disk", "more than a day on this machine", "add --yes"):
        assert says in line, line
    assert not out.exists()


def test_yes_starts_a_billion_runs_in_flat_memory_without_listing_the_points(tmp_path):
    out = tmp_path / "yes"
    proc = armsrace("batch", grid_file(tmp_path, 9), "--out", out, "--workers", "1", "--yes")
    try:
        line = first_line(proc.stderr, 90)
        assert line and "1,000,000,000 runs" in line and "started with --yes" in line, line
        deadline = time.time() + 90
        while not list((out / "parts").glob("part-*.parquet")) and time.time() < deadline:
            assert proc.poll() is None, proc.stderr.read()[-800:]
            time.sleep(0.05)
        assert list((out / "parts").glob("part-*.parquet"))
    finally:
        proc.kill()
        proc.communicate()
    m = read_manifest(out)
    assert m["points"] == 10**9 and m["points_table"] is False
    assert not (out / "points.parquet").exists() and m["status"] == "interrupted"


def test_a_million_run_plan_says_how_long_before_it_starts(tmp_path):
    out = tmp_path / "million"
    proc = armsrace("batch", grid_file(tmp_path, 6, "million"), "--out", out, "--workers", "1")
    try:
        line = first_line(proc.stderr, 90)
        assert line and not list((out / "parts").glob("part-*")), line
    finally:
        proc.kill()
        proc.communicate()
    assert line.startswith("million: 1,000,000 runs on 1 worker: about ")
    assert "s per run, timed on 48 runs" in line and "of disk" in line
    assert "more than a day" not in line   # a few hours: it starts


def test_a_resumed_plan_is_estimated_from_what_was_measured(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(plan_cost, "ESTIMATE_FROM", 2)
    path = grid_file(tmp_path, 1, "ten", reps=1)
    out = run_sweep(path, tmp_path / "r", workers=1, chunk_size=2, progress=False)
    for part in sorted((out / "parts").glob("part-*"))[2:]:
        part.unlink()
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps(manifest | {"status": "running"}))
    run_sweep(path, out, workers=1, resume=True, progress=True)
    err = capsys.readouterr().err
    assert "ten: 6 runs on 1 worker: about" in err and "measured over 10 runs here" in err


def test_refusals_name_time_or_disk_and_yes_overrides_them():
    said = []
    fine = Cost(2_000, 2, 0.01, 1e4, "timed on 2 runs", free_bytes=1e12)
    refuse_or_say(fine, False, "s.yaml", said.append)
    assert said == ["2,000 runs on 2 workers: about 10 s (0.01 s per run, timed on 2 runs) "
                    "and about 20.0 MB of disk"]
    disk = Cost(2_000, 2, 0.01, 1e9, "timed on 2 runs", free_bytes=1e11)
    with pytest.raises(SweepError, match=r"2.0 TB of disk: more disk than is free \(100.0 "
                                            r"GB\).*add --yes"):
        refuse_or_say(disk, False, "s.yaml", said.append)
    slow = Cost(10**7, 4, 0.5, 1e3, "timed on 2 runs")
    assert slow.refusal() == "more than a day on this machine" and "14.5 days" in slow.text()
    refuse_or_say(slow, True, "s.yaml", said.append)
    assert said[-1].endswith("(more than a day on this machine; started with --yes)")


def test_a_replicated_plan_is_timed_as_its_chunks_run_it(tmp_path):
    """A chunk's runs are stepped as one ensemble (chunks.run_chunk), so the estimate times
    groups of consecutive runs, not runs one by one."""
    plan = load_sweep(grid_file(tmp_path, 2, "replicated", reps=30))
    job = Job.of(plan)
    per_run, per_bytes, how = plan_cost._timed(job, plan.n_runs, 12)
    assert how == "timed on 24 runs"
    assert per_run > 0 and per_bytes > 0
