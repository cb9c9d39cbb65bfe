"""How fast `armsrace batch` runs a sweep, side by side in one run (not a test: machines are noisy).

    .venv/bin/python benchmarks/bench_batch.py            # 2,000 runs; memory at 2,000 and 20,000
    .venv/bin/python benchmarks/bench_batch.py --quick    # 400 runs; memory at 400 and 4,000
    .venv/bin/python benchmarks/bench_batch.py --runs 2 --years 3   # a smoke run (~30 s:
                                                      # pools, a cluster and subprocesses start)

Prints runs per second for N runs × 20 years (``--years``) of scenarios/baseline_2020.yaml (one point, N
seeded replications, every state measure of every year kept):
  * `armsrace batch` (model.experiments.batch.run_sweep) with 1 worker (in this process) and 2 workers
    (local processes), results written as Parquet parts; then both again for 10·N runs, where
    the pool's start-up no longer hides the speed-up of the work;
  * the same runs, same seeds, through `mesa.batch_run(rng=[seeds])` with 1 and 2 processes
    and the list of dicts turned into a DataFrame (benchmarks/mesa_reference.py, in a
    subprocess: batch_run forces the `spawn` start method on the whole process). The model is
    the same; its collector also fills Mesa's per-step records so batch_run can read the same
    per-state data;
  * a sample: N Latin-hypercube points of four core parameters, one run each (every run its
    own parameters: a Sobol' or Morris design runs the same way), through `armsrace batch`
    with 1 worker and through `mesa.batch_run` with 1 process (the points as a parameter;
    every point the sweep's seed: common random numbers, as batch_run gives seeds);
  * a Dask LocalCluster of 2 worker processes, reached by its address as `--scheduler`
    reaches a cluster; shown without and with the cluster's start-up (`--dask-local`);
  * peak memory (resident set of the parent and all its worker processes, polled with
    psutil) of a 2-worker sweep at N and 10·N runs, each in a fresh subprocess.
Every timing includes start-up (process pool, cluster).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
YEARS = 20
# Nothing of the model is imported at the top: a local pool's fork server runs this file as
# its main module, as it runs the light `armsrace` command, and must not load Mesa for it.


def sweep_file(folder: Path, runs: int, years: int = YEARS) -> Path:
    path = folder / f"bench_{runs}_{years}.yaml"
    path.write_text(f"name: bench\ndescription: Benchmark sweep.\nscenario: {BASELINE}\n"
                    f"years: {years}\nreplications: {runs}\nseed: 1\n")
    return path


#: the sample's parameters and their ranges (those of scenarios/sweeps/sobol_core.yaml)
SAMPLED = {"offense_defense_balance": (0.6, 2.0), "media_amplification": (0.5, 2.0),
           "crisis_rate": (0.05, 0.6), "war_cost": (0.5, 3.0)}


def sample_file(folder: Path, runs: int, years: int = YEARS) -> Path:
    """A Latin-hypercube sample of ``runs`` points, one run each, every point with the
    sweep's seed (common random numbers)."""
    path = folder / f"sample_{runs}_{years}.yaml"
    bounds = "".join(f"    {k}: [{lo}, {hi}]\n" for k, (lo, hi) in SAMPLED.items())
    path.write_text(f"name: bench sample\ndescription: Benchmark sample.\nscenario: {BASELINE}\n"
                    f"years: {years}\nreplications: 1\nseed: 1\ncommon_random_numbers: true\n"
                    f"sample:\n  method: latin\n  n: {runs}\n  bounds:\n{bounds}")
    return path


# --- memory (runs in its own process) --------------------------------------------------------

def peak_memory(runs: int, workers: int, years: int = YEARS) -> dict:
    import psutil

    from model.experiments.batch import run_sweep

    me, peak, stop = psutil.Process(), [0], threading.Event()

    def poll():
        while not stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            peak[0] = max(peak[0], total)
            time.sleep(0.1)

    watcher = threading.Thread(target=poll, daemon=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = sweep_file(Path(tmp), runs, years)
        watcher.start()
        t0 = time.perf_counter()
        run_sweep(path, Path(tmp) / "out", workers=workers, progress=False)
        seconds = time.perf_counter() - t0
        stop.set()
        watcher.join()
        size = sum(f.stat().st_size for f in (Path(tmp) / "out").rglob("*") if f.is_file())
    import resource

    return {"seconds": seconds, "peak_tree_mb": peak[0] / 2**20, "disk_mb": size / 2**20,
            "parent_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_subprocess(*args, script: Path = Path(__file__)) -> dict:
    done = subprocess.run([sys.executable, str(script), *args], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the benchmark ---------------------------------------------------------------------------

def ours(runs: int, tmp: Path, years: int = YEARS, sample: bool = False,
         **how) -> tuple[float, object]:
    from model.experiments.batch import read_results, run_sweep

    out = tmp / f"out_{len(list(tmp.iterdir()))}"
    path = (sample_file if sample else sweep_file)(tmp, runs, years)
    t0 = time.perf_counter()
    run_sweep(path, out, progress=False, **how)
    seconds = time.perf_counter() - t0
    return seconds, read_results(out, columns=["milex"])


def model_alone(runs: int, years: int = YEARS) -> float:
    """Seconds to run the same seeded runs with nothing kept or written: the floor."""
    from model.experiments.sweep import load_sweep

    with tempfile.TemporaryDirectory() as tmp:
        plan = load_sweep(sweep_file(Path(tmp), runs, years))
    from model import ArmsRaceModel

    seeds = plan.seeds(range(runs))
    t0 = time.perf_counter()
    for seed in seeds:
        ArmsRaceModel(plan.base, rng=int(seed), collect=False).run()
    return time.perf_counter() - t0


def line(label: str, runs: int, seconds: float, note: str = "") -> None:
    print(f"  {label:<34} {runs / seconds:7.1f} runs/s  ({seconds:6.1f} s)   {note}", flush=True)


def main(argv=None) -> dict:
    """Run the benchmark, print its figures and return them (``same``: every executor and
    mesa.batch_run gave the same data)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="400 runs (memory: 400 and 4,000)")
    ap.add_argument("--runs", type=int, help="runs per measurement (default 2,000)")
    ap.add_argument("--years", type=int, default=YEARS, help=f"years per run (default {YEARS})")
    ap.add_argument("--memory", nargs=2, type=int, metavar=("RUNS", "WORKERS"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    years = args.years
    if args.memory:
        print(json.dumps(peak_memory(*args.memory, years)))
        return {}
    # load what a sweep runs before timing one (mesa_reference.py loads its model, Mesa and
    # pandas before its clock starts too; a sweep's parts load pandas through pyarrow); not at
    # the top of this file: a fork server runs it as its main module
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    import model.experiments.batch  # noqa: F401
    import model.simulation.ensemble  # noqa: F401

    runs = args.runs or (400 if args.quick else 2000)
    print(f"Batch benchmark: {runs} runs × {years} years of {BASELINE.name}, "
          f"{os.cpu_count()} cores, every state measure of every year kept", flush=True)
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        s1, df1 = ours(runs, tmp, years, workers=1)
        line("armsrace batch, 1 worker", runs, s1)
        s2, df2 = ours(runs, tmp, years, workers=2)
        line("armsrace batch, 2 workers", runs, s2, f"speed-up {s1 / s2:.2f}× (aim ≥ 1.7×)")
        import logging

        import distributed
        t0 = time.perf_counter()
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                           dashboard_address=None, silence_logs=logging.ERROR)
        start = time.perf_counter() - t0
        try:
            sd, dfd = ours(runs, tmp, years, scheduler=cluster.scheduler_address)
        finally:
            cluster.close()
        line("Dask LocalCluster, 2 workers", runs, sd,
             f"{sd / s2 - 1:+.0%} time vs local pool (aim within 25%); cluster running, "
             "as with --scheduler")
        line("  ... with cluster start-up", runs, sd + start,
             f"{(sd + start) / s2 - 1:+.0%} (start-up {start:.1f} s, as with --dask-local)")
        assert df1.equals(df2) and df1.equals(dfd), "results differ between executors"
        # the pool's start-up (~1.5 s: a fork server importing the model) is a fixed cost;
        # the speed-up of the work itself shows on a sweep ten times as large
        big = 10 * runs
        b1, _ = ours(big, tmp, years, workers=1)
        line(f"  ... {big:,} runs, 1 worker", big, b1)
        b2, _ = ours(big, tmp, years, workers=2)
        line(f"  ... {big:,} runs, 2 workers", big, b2, f"speed-up {b1 / b2:.2f}× (aim ≥ 1.7×)")
    figures.update(batch_1=s1, batch_2=s2, dask=sd, dask_start=start, rows=len(df1),
                   big_1=b1, big_2=b2)
    floor = model_alone(runs, years)
    figures["model_alone"] = floor
    line("the model alone, 1 process", runs, floor, "the same runs, nothing kept: the floor "
         f"(our batch adds {s1 / floor - 1:+.0%})")
    total = float(df1["milex"].sum())
    figures["same"] = True
    for procs in (1, 2):
        ref = in_subprocess(str(runs), str(procs), "--years", str(years),
                            script=Path(__file__).with_name("mesa_reference.py"))
        same = abs(ref["milex_sum"] - total) <= 1e-9 * abs(total) and ref["rows"] == len(df1)
        figures["same"] &= same
        figures[f"mesa_{procs}"] = ref["seconds"]
        mine = s1 if procs == 1 else s2
        line(f"mesa.batch_run, {procs} process{'es' if procs > 1 else ''}", runs,
             ref["seconds"], f"ours {ref['seconds'] / mine:.2f}× faster (aim ≥ 10×); "
             f"adds {ref['seconds'] / (floor / procs) - 1:+.0%} to the floor"
             f"{'' if same else '  [DATA DIFFER]'}")
    print(f"A sample: {runs} Latin-hypercube points × 1 run, each its own parameters",
          flush=True)
    with tempfile.TemporaryDirectory() as folder:
        ss, dfs = ours(runs, Path(folder), years, sample=True, workers=1)
    line("armsrace batch, 1 worker", runs, ss)
    ref = in_subprocess(str(runs), "1", "--years", str(years), "--sample",
                        script=Path(__file__).with_name("mesa_reference.py"))
    total = float(dfs["milex"].sum())
    same = abs(ref["milex_sum"] - total) <= 1e-9 * abs(total) and ref["rows"] == len(dfs)
    figures["same"] &= same
    figures.update(sample_1=ss, sample_mesa_1=ref["seconds"])
    line("mesa.batch_run, 1 process", runs, ref["seconds"],
         f"ours {ref['seconds'] / ss:.2f}× faster (aim ≥ 10×){'' if same else '  [DATA DIFFER]'}")
    print("Peak memory, 2 workers (resident set of parent + workers; fresh process each)")
    small = in_subprocess("--memory", str(runs), "2", "--years", str(years))
    large = in_subprocess("--memory", str(10 * runs), "2", "--years", str(years))
    for n, m in ((runs, small), (10 * runs, large)):
        print(f"  {n:>7,} runs   {m['peak_tree_mb']:7.0f} MB  (parent alone {m['parent_maxrss_mb']:.0f}"
              f" MB; {n / m['seconds']:.0f} runs/s; {m['disk_mb']:.0f} MB of Parquet)", flush=True)
    print(f"  ratio {large['peak_tree_mb'] / small['peak_tree_mb']:.2f}× for 10× the runs "
          "(aim ≤ 1.2×)")
    figures.update(memory_small_mb=small["peak_tree_mb"], memory_large_mb=large["peak_tree_mb"])
    return figures


if __name__ == "__main__":
    main()
