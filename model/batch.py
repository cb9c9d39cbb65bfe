"""``armsrace batch``: every point × replication of a sweep, on processes or a Dask cluster.

Runs are grouped in chunks (contiguous run ids); a worker runs a chunk with one loaded
scenario, keeps each run's yearly arrays (no pandas per run) and returns one Arrow table.
The parent writes each chunk as ``parts/part-NNNNNN.parquet`` the moment it arrives (to a
hidden file first, then renamed, so a part on disk is always whole), so a killed sweep
loses no finished chunk and ``--resume`` runs only the missing ones. At most a few chunks
are in flight at once: memory stays flat however many runs there are. Seeds come from the
sweep (:func:`model.sweep.derive_seeds`), so 1 worker, N processes and a Dask cluster give
identical tables.

Results folder: ``manifest.json`` (sweep, scenario hashes, model version, timing),
``points.parquet`` (point → parameters), ``parts/`` (tidy rows: run_id, point, replication,
seed, parameters, year, state, measures) and, with ``--csv``, ``results.csv``.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .collector import AGENT_MEASURES
from .scenario import Problem, ScenarioError
from .sweep import MEASURES, Plan, derive_seeds, load_sweep

PARTS, MANIFEST, POINTS = "parts", "manifest.json", "points.parquet"
COUNTS = ("crises", "wars", "commitments_invoked", "commitments_honoured")


@dataclass(frozen=True)
class Job:
    """What a worker needs, sent once per worker: base scenario, points and what to keep."""

    base: object                   # model.schema.Scenario
    names: tuple                   # varied parameters
    columns: tuple                 # one numpy array per parameter: its value at each point
    replications: int
    seed: int
    common: bool
    states: tuple                  # indices of the states kept
    measures: tuple                # names kept, in MEASURES order
    final_only: bool

    @classmethod
    def of(cls, plan: Plan) -> Job:
        out, names = plan.spec.outputs, list(plan.base.states)
        cols = tuple(np.array([v[k] for v in plan.values]) for k in range(len(plan.names)))
        keep = set(out.measures or MEASURES)
        return cls(plan.base, tuple(plan.names), cols, plan.spec.replications, plan.spec.seed,
                   plan.spec.common_random_numbers,
                   tuple(sorted(names.index(s) for s in out.states or names)),
                   tuple(m for m in MEASURES if m in keep), out.years == "final")


def run_chunk(job: Job, start: int, stop: int):
    """Run ids ``start`` .. ``stop``-1 → one pyarrow Table of tidy rows (year-major, states
    in scenario order), identical wherever it runs."""
    import pyarrow as pa

    from .model import ArmsRaceModel
    from .scenario import apply_overrides

    runs = np.arange(start, stop, dtype=np.int64)
    seeds = derive_seeds(job.seed, job.replications, job.common, runs)
    keep = np.asarray(job.states)
    scenarios, pieces = {}, []
    for run, seed in zip(runs, seeds, strict=True):
        p = int(run) // job.replications
        if p not in scenarios:
            point = {n: c[p].item() for n, c in zip(job.names, job.columns, strict=True)}
            scenarios[p] = apply_overrides(job.base, point) if point else job.base
        m = ArmsRaceModel(scenarios[p], rng=int(seed), collect=True)
        m.run()
        dc = m.datacollector
        _, values, top = dc.agent_arrays(m)
        t = slice(-1, None) if job.final_only else slice(None)
        world = {k: np.asarray(dc.model_vars[k])[t] for k in ("year", *MEASURES)
                 if k in dc.model_vars}
        pieces.append((run, seed, p, values[:, t][:, :, keep], top[t][:, keep], world))
    names = list(job.base.states)
    n_keep, cols = len(keep), {}
    lengths = np.array([len(w["year"]) * n_keep for *_, w in pieces])
    for key, k in (("run_id", 0), ("seed", 1), ("point", 2)):
        cols[key] = np.repeat(np.array([pc[k] for pc in pieces], dtype=np.int64), lengths)
    cols["replication"] = cols["run_id"] - cols["point"] * job.replications
    for name, column in zip(job.names, job.columns, strict=True):
        cols[name] = column[cols["point"]]
    cols["year"] = np.concatenate([np.repeat(w["year"], n_keep) for *_, w in pieces]
                                  ).astype(np.int64)
    state = np.concatenate([np.tile(keep, len(w["year"])) for *_, w in pieces])
    cols["state"] = pa.DictionaryArray.from_arrays(state.astype(np.int8), names)
    for name in job.measures:
        if name in AGENT_MEASURES:
            k = AGENT_MEASURES.index(name)
            cols[name] = np.concatenate([v[k].reshape(-1) for _, _, _, v, _, _ in pieces])
        elif name == "top_threat":
            codes = np.concatenate([t.reshape(-1) for *_, t, _ in pieces])
            cols[name] = pa.DictionaryArray.from_arrays(
                np.where(codes < 0, len(names), codes).astype(np.int8), [*names, "none"])
        else:
            cols[name] = np.concatenate([np.repeat(w[name], n_keep) for *_, w in pieces]
                                        ).astype(np.int64 if name in COUNTS else np.float64)
    order = ["run_id", "point", "replication", "seed", *job.names, "year", "state",
             *job.measures]
    return pa.table({k: cols[k] for k in order})


# --- where chunks run ----------------------------------------------------------------------

_JOB: Job | None = None


def _init_worker(job: Job) -> None:
    global _JOB
    _JOB = job


def _run_in_worker(start: int, stop: int):
    return run_chunk(_JOB, start, stop)


def _windowed(submit, wait_some, tasks, window: int, on_done) -> None:
    """Keep at most ``window`` tasks in flight; hand each result to ``on_done`` as it comes."""
    pending, todo = {}, iter(tasks)
    while True:
        while len(pending) < window and (task := next(todo, None)) is not None:
            pending[submit(task)] = task
        if not pending:
            return
        done, _ = wait_some(list(pending))
        for future in done:
            on_done(pending.pop(future), future.result())


def _execute(job, tasks, on_done, workers, scheduler=None, dask_local=None, client=None):
    """Run ``tasks`` [(chunk, start, stop)]: in this process, a process pool or Dask."""
    if client is not None or scheduler or dask_local:
        return _execute_dask(job, tasks, on_done, scheduler, dask_local, client)
    if workers <= 1:
        for task in tasks:
            on_done(task, run_chunk(job, task[1], task[2]))
        return
    if "forkserver" in mp.get_all_start_methods():
        # not fork: numpy's, Arrow's and jemalloc's threads are running (fork could deadlock);
        # the server imports the model once and each worker is a cheap fork of it
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["model.batch", "model.model", "pyarrow"])
    else:
        ctx = mp.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(job,))
    try:
        _windowed(lambda t: pool.submit(_run_in_worker, t[1], t[2]),
                  lambda fs: wait(fs, return_when=FIRST_COMPLETED), tasks, 2 * workers, on_done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _execute_dask(job, tasks, on_done, scheduler, dask_local, client):
    import logging

    import distributed

    cluster = None
    try:
        if client is None and scheduler:
            client = distributed.Client(scheduler, timeout="10s")
        elif client is None:
            cluster = distributed.LocalCluster(n_workers=dask_local, threads_per_worker=1,
                                               dashboard_address=None,
                                               silence_logs=logging.ERROR)
            client = distributed.Client(cluster)
    except (OSError, TimeoutError) as err:
        raise ScenarioError([Problem("--scheduler", None, str(scheduler), f"cannot reach the "
                                     f"Dask scheduler ({err}); is it running?")]) from None
    own = cluster is not None or scheduler is not None
    try:
        n = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
        shared = client.scatter(job, broadcast=True)
        _windowed(lambda t: client.submit(run_chunk, shared, t[1], t[2], pure=False),
                  lambda fs: distributed.wait(fs, return_when="FIRST_COMPLETED"),
                  tasks, 2 * n + 2, on_done)
    finally:
        if own:
            client.close()
        if cluster is not None:
            cluster.close()


# --- the results folder ---------------------------------------------------------------------

def run_sweep(sweep, out, *, workers: int | None = None, scheduler: str | None = None,
              dask_local: int | None = None, client=None, resume: bool = False,
              csv: bool = False, chunk_size: int | None = None,
              progress: bool | None = None) -> Path:
    """Run a sweep (file or :class:`Plan`) into the folder ``out``; return its path."""
    import pyarrow.parquet as pq

    plan = sweep if isinstance(sweep, Plan) else load_sweep(sweep)
    out = Path(out)
    parts = out / PARTS
    old = _read_manifest(out)
    if old and not part_files(out) and old.get("status") != "complete":
        old = None   # a start that finished nothing (e.g. no cluster there): start afresh
        (out / POINTS).unlink(missing_ok=True)
    if old and not resume:
        raise ScenarioError([Problem(str(out), None, "--out", "already holds results; add "
                                     "--resume to finish them, or choose another folder")])
    if old and old.get("digest") != plan.digest():
        raise ScenarioError([Problem(str(out), None, "--resume", "these results come from a "
                                     "different sweep, scenario or outputs; choose another "
                                     "folder to run this sweep afresh")])
    size = (old or {}).get("chunk_size") or chunk_size or plan.chunk_size()
    if size < 1:
        raise ScenarioError([Problem("--chunk-size", None, str(size), "must be ≥ 1")])
    parts.mkdir(parents=True, exist_ok=True)
    for tmp in parts.glob(".part-*"):
        tmp.unlink()  # half-written by a killed run
    done = {int(p.stem.split("-")[1]) for p in parts.glob("part-*.parquet")}
    tasks = [(k, s, min(s + size, plan.n_runs)) for k, s in enumerate(range(0, plan.n_runs,
                                                                             size))]
    todo = [t for t in tasks if t[0] not in done]
    if workers is not None and workers < 1:
        raise ScenarioError([Problem("--workers", None, str(workers), "must be ≥ 1")])
    workers = workers or os.cpu_count() or 1
    if not todo and old and old.get("status") == "complete":
        if csv:
            write_csv(out)
        return out  # nothing to do: leave the manifest as it is
    workers = min(workers, max(1, len(todo)))
    backend = ("dask " + str(scheduler) if scheduler else f"dask local ({dask_local})"
               if dask_local else "dask client" if client else f"processes ({workers})")
    manifest = old or _new_manifest(plan, size, len(tasks))
    session = {"started": _now(), "backend": backend, "runs": 0, "seconds": 0.0}
    manifest["timing"]["sessions"].append(session)
    manifest["status"] = "running"
    job = Job.of(plan)
    if not (out / POINTS).exists():
        pq.write_table(_points_table(job, plan), out / POINTS)
    _write_manifest(out, manifest)
    quiet = (not sys.stderr.isatty()) if progress is None else not progress
    bar = _bar_class()(total=plan.n_runs, initial=plan.n_runs - sum(t[2] - t[1] for t in todo),
               unit="run", desc=plan.spec.name[:30], disable=quiet, smoothing=0.1)
    t0 = time.perf_counter()

    def on_done(task, table):
        k, start, stop = task
        tmp, final = parts / f".part-{k:06d}.parquet", parts / f"part-{k:06d}.parquet"
        pq.write_table(table, tmp)
        os.replace(tmp, final)
        session["runs"] += stop - start
        bar.update(stop - start)

    try:
        _execute(job, todo, on_done, workers, scheduler, dask_local, client)
        manifest["status"] = "complete"
    except BaseException:
        manifest["status"] = "interrupted"
        raise
    finally:
        bar.close()
        session["seconds"] = round(time.perf_counter() - t0, 3)
        timing = manifest["timing"]
        timing["seconds"] = round(sum(s["seconds"] for s in timing["sessions"]), 3)
        timing["finished"] = _now()
        timing["runs_per_second"] = round(session["runs"] / max(session["seconds"], 1e-9), 2)
        manifest["chunks_done"] = len(list(parts.glob("part-*.parquet")))
        _write_manifest(out, manifest)
    if csv:
        write_csv(out)
    return out


def _bar_class():
    from tqdm import tqdm

    class Bar(tqdm):
        monitor_interval = 0  # no monitor thread: worker processes can then be forked
    return Bar


def _points_table(job: Job, plan: Plan):
    import pyarrow as pa

    return pa.table({"point": np.arange(plan.n_points, dtype=np.int64),
                     **dict(zip(job.names, job.columns, strict=True))})


def _new_manifest(plan: Plan, size: int, chunks: int) -> dict:
    import mesa

    from . import __version__

    base = plan.base
    scenario_file = Path(base.source) if base.source else None
    resolved = json.dumps(base.model_dump(mode="json"), sort_keys=True).encode()
    return {
        "sweep": {"file": plan.file, "sha256": _sha(Path(plan.file).read_bytes()),
                  **plan.spec.model_dump(mode="json")},
        "scenario": {"file": str(scenario_file) if scenario_file else None,
                     "sha256": _sha(scenario_file.read_bytes()) if scenario_file else None,
                     "resolved_sha256": _sha(resolved)},
        "digest": plan.digest(), "model_version": __version__,
        "start_year": base.start_year, "history_until": history_until(base), "mesa_version": mesa.__version__,
        "python": sys.version.split()[0], "parameters": plan.names, "points": plan.n_points,
        "replications": plan.spec.replications, "runs": plan.n_runs, "chunk_size": size,
        "chunks": chunks, "chunks_done": 0, "status": "running",
        "timing": {"started": _now(), "sessions": []},
    }


def history_until(scenario) -> int | None:
    """The last year with a scripted event (history as the scenario tells it), or None.

    Wars and crises up to that year may be the scenario's own (the 2020 and 2023 wars of the
    baseline); reports count what the model does on its own after it."""
    years = [ev.year for ev in scenario.events]
    return max(years) if years else None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _read_manifest(out: Path) -> dict | None:
    try:
        return json.loads((out / MANIFEST).read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise ScenarioError([Problem(str(out / MANIFEST), None, "", f"unreadable ({err}); "
                                     "is this a results folder of `armsrace batch`?")]) from None


def _write_manifest(out: Path, manifest: dict) -> None:
    tmp = out / f".{MANIFEST}"
    tmp.write_text(json.dumps(manifest, indent=2))
    os.replace(tmp, out / MANIFEST)


def read_manifest(out) -> dict:
    """The manifest of a results folder (ScenarioError if it is not one)."""
    found = _read_manifest(Path(out))
    if found is None:
        raise ScenarioError([Problem(str(out), None, "", "not a results folder (no manifest."
                                     "json); give the --out folder of `armsrace batch`")])
    return found


def part_files(out) -> list[Path]:
    return sorted(Path(out, PARTS).glob("part-*.parquet"), key=lambda p: int(p.stem[5:]))


def read_results(out, columns: list[str] | None = None):
    """The tidy table of a results folder, in run, year, state order (categoricals for
    state and top_threat, int64 ids and counts, float64 measures)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    read_manifest(out)
    files = part_files(out)
    if not files:
        raise ScenarioError([Problem(str(out), None, "", "no finished runs yet")])
    return pa.concat_tables([pq.read_table(f, columns=columns) for f in files]).to_pandas()


def write_csv(out) -> Path:
    """Stream every part into ``results.csv`` (one part in memory at a time)."""
    import pyarrow.parquet as pq

    out = Path(out)
    tmp, final = out / ".results.csv", out / "results.csv"
    for k, f in enumerate(part_files(out)):
        pq.read_table(f).to_pandas().to_csv(tmp, mode="w" if k == 0 else "a", header=k == 0,
                                            index=False)
    os.replace(tmp, final)
    return final


# --- command line ---------------------------------------------------------------------------

def add_arguments(p) -> None:
    p.add_argument("sweep", help="sweep YAML file (scenarios/sweeps/*.yaml)")
    p.add_argument("--out", help="results folder (default: results/NAME-OF-SWEEP-FILE)")
    p.add_argument("--workers", type=int, help="local processes (default: all cores)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster, e.g. "
                   "tcp://HOST:8786")
    p.add_argument("--dask-local", type=int, metavar="N", help="start a local Dask cluster "
                   "of N workers")
    p.add_argument("--resume", action="store_true", help="finish only what is missing in --out")
    p.add_argument("--csv", action="store_true", help="also write results.csv")
    p.add_argument("--chunk-size", type=int, metavar="RUNS", help="runs per task")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")


def command(args) -> int:
    plan = load_sweep(args.sweep)
    out = Path(args.out or Path("results") / Path(args.sweep).stem)
    t0 = time.perf_counter()
    run_sweep(plan, out, workers=args.workers, scheduler=args.scheduler,
              dask_local=args.dask_local, resume=args.resume, csv=args.csv,
              chunk_size=args.chunk_size, progress=False if args.quiet else None)
    if not args.quiet:
        s = time.perf_counter() - t0
        print(f"{plan.spec.name}: {plan.n_runs} runs ({plan.n_points} points × "
              f"{plan.spec.replications} replications) in {out}/ — {s:.1f} s\n"
              f"next: armsrace report {out}")
    return 0
