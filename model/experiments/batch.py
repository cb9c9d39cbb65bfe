"""``armsrace batch``: every point × replication of a sweep, on processes or a Dask cluster.

Runs are grouped in chunks (contiguous run ids); a worker runs a chunk with one loaded
scenario (:mod:`model.experiments.chunks`) and returns one Arrow table. The parent writes each chunk as a
part in the results folder (:mod:`model.experiments.results_folder`) the moment it arrives, so a killed
sweep loses no finished chunk and ``--resume`` runs only the missing ones. Chunks are
generated as they are needed and at most a few are in flight; where they run is an
evaluator (:mod:`model.experiments.evaluators`: this process, local processes, Dask, or one of your
own): memory stays flat however many runs there are. Seeds come from the sweep
(:func:`model.experiments.sweep.derive_seeds`), so 1 worker, N processes and a Dask cluster give
identical tables.

One batch at a time writes a folder (a lock); a plan of more than a day on this machine or
more disk than is free is refused with its estimate unless confirmed (``--yes``,
:mod:`model.experiments.plan_cost`), and a large one says what it will take before it starts.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from model.experiments.chunks import Chunk, Job, points_batches, run_chunk
from model.experiments.evaluators import Evaluator, add_evaluator_arguments, evaluator_for
from model.experiments.plan_cost import estimate, refuse_or_say
from model.experiments.results_folder import (
    MANIFEST,
    PARTS,
    POINTS,
    FolderLock,
    finished_chunks,
    history_until,
    mark_interrupted,
    new_manifest,
    now,
    part_files,
    part_meta,
    raw_manifest,
    read_manifest,
    read_results,
    write_csv,
    write_manifest,
    write_part,
    write_points,
)
from model.experiments.sweep import Plan, load_sweep
from model.scenario.input_errors import ResultsError, UsageError

__all__ = ["MANIFEST", "PARTS", "POINTS", "Job", "history_until", "part_files", "read_manifest",
           "read_results", "run_chunk", "run_sweep", "write_csv"]


def run_sweep(sweep, out, *, workers: int | None = None, scheduler: str | None = None,
              dask_local: int | None = None, client=None, resume: bool = False,
              csv: bool = False, chunk_size: int | None = None,
              progress: bool | None = None, yes: bool = False,
              evaluator: Evaluator | None = None) -> Path:
    """Run a sweep (file or :class:`Plan`) into the folder ``out``; return its path.

    Where the chunks run: ``evaluator`` if given, else the built-in backend ``workers``,
    ``scheduler``, ``dask_local`` or ``client`` ask for (:func:`model.experiments.evaluators.evaluator_for`).
    ``yes``: start even a plan estimated at more than a day or more disk than is free."""
    plan = sweep if isinstance(sweep, Plan) else load_sweep(sweep)
    out = Path(out)
    if workers is not None and workers < 1:
        raise UsageError.one("--workers", None, str(workers), "must be ≥ 1")
    if chunk_size is not None and chunk_size < 1:
        raise UsageError.one("--chunk-size", None, str(chunk_size), "must be ≥ 1")
    existed = out.exists()
    try:
        with FolderLock(out):
            return _run_locked(plan, out, (workers, scheduler, dask_local, client), evaluator,
                               resume, csv, chunk_size, progress, yes)
    finally:
        if not existed and out.is_dir() and set(os.listdir(out)) <= {".lock"}:
            (out / ".lock").unlink(missing_ok=True)   # refused before anything was written
            out.rmdir()


def _run_locked(plan, out, flags, evaluator, resume, csv, chunk_size, progress, yes) -> Path:
    digest = plan.digest()
    old = raw_manifest(out)
    if old is not None:
        mark_interrupted(old)   # we hold the lock: a "running" batch here is a dead one
    if old and not part_files(out) and old.get("status") != "complete":
        old = None   # a start that finished nothing (e.g. no cluster there): start afresh
        (out / POINTS).unlink(missing_ok=True)
    if old and old.get("digest") != digest:
        raise ResultsError.one(out, None, "--out", "these results come from a different "
                               "sweep, scenario or outputs; choose another folder to run "
                               "this sweep afresh")
    done = finished_chunks(out, digest)           # refuses another sweep's parts
    if (old or done) and not resume:
        raise ResultsError.one(out, None, "--out", "already holds results; add --resume to "
                               "finish them, or choose another folder")
    size = ((old or {}).get("chunk_size") or (done and part_meta(next(iter(done.values())))
                                              .get("chunk_size")) or chunk_size
            or plan.chunk_size())
    chunks = -(-plan.n_runs // size)
    runs_left = plan.n_runs - sum(min(size, plan.n_runs - k * size) for k in done)
    if runs_left == 0 and old and old.get("status") == "complete":
        if csv:
            write_csv(out)
        return out  # nothing to do: leave the manifest as it is
    evaluator = evaluator or evaluator_for(*flags, chunks=chunks - len(done))
    job = Job.of(plan)
    say = (lambda text: None) if progress is False else (lambda text: print(
        f"{plan.spec.name}: {text}", file=sys.stderr, flush=True))
    refuse_or_say(estimate(plan, job, out, runs_left, evaluator.width, old, done), yes,
                  plan.file, say)

    manifest = old or new_manifest(plan, size, chunks)
    session = {"started": now(), "backend": evaluator.label, "workers": evaluator.width,
               "runs": 0, "seconds": 0.0, "status": "running"}
    manifest["timing"]["sessions"].append(session)
    manifest["status"] = "running"
    parts = out / PARTS
    parts.mkdir(parents=True, exist_ok=True)
    for tmp in parts.glob(".part-*"):
        tmp.unlink()  # half-written by a killed run
    if manifest.get("points_table", True) and not (out / POINTS).exists():
        write_points(out, points_batches(job, plan.n_points))
    write_manifest(out, manifest)
    quiet = (not sys.stderr.isatty()) if progress is None else not progress
    bar = _bar_class()(total=plan.n_runs, initial=plan.n_runs - runs_left, unit="run",
                       desc=plan.spec.name[:30], disable=quiet, smoothing=0.1)
    todo = (Chunk(k, k * size, min((k + 1) * size, plan.n_runs)) for k in range(chunks)
            if k not in done)
    t0 = time.perf_counter()

    def on_done(task, table):
        k, start, stop = task
        write_part(out, k, digest, table, {"chunk": k, "start": start, "stop": stop,
                                           "chunk_size": size})
        session["runs"] += stop - start
        bar.update(stop - start)

    try:
        evaluator.map_chunks(job, todo, on_done)
        manifest["status"] = "complete"
    except BaseException:
        manifest["status"] = "interrupted"
        raise
    finally:
        bar.close()
        session["status"] = manifest["status"]
        session["seconds"] = round(time.perf_counter() - t0, 3)
        timing = manifest["timing"]
        timing["seconds"] = round(sum(s["seconds"] for s in timing["sessions"]), 3)
        timing["finished"] = now()
        timing["runs_per_second"] = round(session["runs"] / max(session["seconds"], 1e-9), 2)
        manifest["chunks_done"] = len(part_files(out))
        write_manifest(out, manifest)
    if csv:
        write_csv(out)
    return out


def _bar_class():
    from tqdm import tqdm

    class Bar(tqdm):
        monitor_interval = 0  # no monitor thread: worker processes can then be forked
    return Bar


# --- command line ---------------------------------------------------------------------------

def add_arguments(p) -> None:
    p.add_argument("sweep", help="sweep YAML file (scenarios/sweeps/*.yaml)")
    p.add_argument("--out", help="results folder (default: results/NAME-OF-SWEEP-FILE)")
    add_evaluator_arguments(p)
    p.add_argument("--resume", action="store_true", help="finish only what is missing in --out")
    p.add_argument("--csv", action="store_true", help="also write results.csv")
    p.add_argument("--chunk-size", type=int, metavar="RUNS", help="runs per task")


def command(args) -> int:
    plan = load_sweep(args.sweep)
    out = Path(args.out or Path("results") / Path(args.sweep).stem)
    t0 = time.perf_counter()
    run_sweep(plan, out, workers=args.workers, scheduler=args.scheduler,
              dask_local=args.dask_local, resume=args.resume, csv=args.csv,
              chunk_size=args.chunk_size, progress=False if args.quiet else None,
              yes=args.yes)
    if not args.quiet:
        s = time.perf_counter() - t0
        print(f"{plan.spec.name}: {plan.n_runs} runs ({plan.n_points} points × "
              f"{plan.spec.replications} replications) in {out}/ — {s:.1f} s\n"
              f"next: armsrace report {out}")
    return 0
