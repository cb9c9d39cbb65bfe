"""What a sweep will cost before it starts: runs, time on this machine and disk.

The cost of one run is measured: from the sessions already in the results folder (seconds ×
workers per run, bytes of the finished parts per run) or, for a fresh folder, by timing a
few runs spread over the plan right here. A plan of more than :data:`ESTIMATE_FROM` runs
says what it will take before it starts; one that would take more than a day, or more disk
than is free, is refused unless the user confirms it (``--yes``).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from model.experiments.chunks import Job, run_chunk
from model.experiments.results_folder import POINTS_TABLE_MAX, part_meta
from model.scenario.input_errors import SweepError

ESTIMATE_FROM = 1_000   # runs: smaller plans start without timing anything
DAY = 86_400.0
TIMED_RUNS = 2
#: at most this many replications of a point timed together: a small ensemble costs more a
#: run than a chunk's, so the estimate errs high, and stays a fraction of a second
TIMED_GROUP = 24


@dataclass
class Cost:
    runs: int                    # runs left to do
    workers: int | None          # None: a Dask cluster of unknown size
    per_run: float               # seconds of one worker per run
    bytes_per_run: float
    how: str                     # where per_run comes from
    extra_bytes: float = 0.0     # the points table
    free_bytes: float | None = None

    @property
    def seconds(self) -> float:
        return self.runs * self.per_run / (self.workers or 1)

    @property
    def disk(self) -> float:
        return self.runs * self.bytes_per_run + self.extra_bytes

    def text(self) -> str:
        where = (f"on {self.workers} worker{'s' if self.workers > 1 else ''}: about "
                 f"{duration(self.seconds)}" if self.workers else
                 f"about {duration(self.seconds)} of one worker (divide by the cluster's)")
        return (f"{self.runs:,} runs {where} ({self.per_run:.3g} s per run, {self.how}) and "
                f"about {size(self.disk)} of disk")

    def refusal(self) -> str | None:
        """Why the plan should not start unconfirmed, or None."""
        if self.workers and self.seconds > DAY:
            return "more than a day on this machine"
        if self.free_bytes is not None and self.disk > self.free_bytes:
            return f"more disk than is free ({size(self.free_bytes)})"
        return None


def estimate(plan, job: Job, out: Path, runs_left: int, workers: int | None,
             old: dict | None, done: dict) -> Cost | None:
    """The cost of the runs left, or None for a plan too small to matter."""
    if runs_left <= ESTIMATE_FROM:
        return None
    measured = _measured(old, done)
    per_run, per_bytes, how = measured or _timed(
        job, plan.n_runs, min(plan.chunk_size(), TIMED_GROUP))
    k = len(plan.names)
    extra = (plan.n_points * 8 * (k + 1) if plan.n_points <= POINTS_TABLE_MAX
             and not (out / "points.parquet").exists() else 0)
    probe = out if out.exists() else next((p for p in out.parents if p.exists()), Path("."))
    return Cost(runs_left, workers, per_run, per_bytes, how, extra,
                shutil.disk_usage(probe).free)


def _measured(old: dict | None, done: dict):
    """Per-run seconds and bytes from the sessions and parts already there, or None."""
    sessions = [s for s in (old or {}).get("timing", {}).get("sessions", [])
                if s.get("runs") and s.get("seconds") and s.get("workers")]
    if not sessions or not done:
        return None
    runs = sum(s["runs"] for s in sessions)
    per_run = sum(s["seconds"] * s["workers"] for s in sessions) / runs
    sample = [done[k] for k in sorted(done)[:20]]
    spans = [part_meta(f) for f in sample]
    counted = sum(m["stop"] - m["start"] for m in spans if "stop" in m)
    per_bytes = sum(f.stat().st_size for f in sample) / max(counted, 1)
    return per_run, per_bytes, f"measured over {runs:,} runs here"


def _timed(job: Job, n_runs: int, group: int):
    """Time a few groups of runs spread over the plan (after two runs to warm up), and their size
    on disk. A group is what a chunk steps together: up to ``group`` consecutive runs — a
    point's replications, and the next points' (one ensemble: chunks.run_chunk) — so plans are
    timed as they will run."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    run_chunk(job, 0, min(group, 2, n_runs))  # warm up: the code the timed groups run
    picks = [n_runs * (i + 1) // (TIMED_RUNS + 1) for i in range(TIMED_RUNS)]
    seconds, nbytes, timed = 0.0, 0, 0
    for r in picks:
        start = r - r % job.replications            # the point's first replication
        stop = min(start + max(group, 1), n_runs)
        sink = pa.BufferOutputStream()
        t0 = time.perf_counter()
        pq.write_table(run_chunk(job, start, stop), sink)
        seconds += time.perf_counter() - t0
        nbytes += sink.getvalue().size
        timed += stop - start
    return seconds / timed, nbytes / timed, f"timed on {timed} runs"


def refuse_or_say(cost: Cost | None, yes: bool, sweep_file: str, say) -> None:
    """Refuse a plan beyond a day or the free disk unless ``yes``; else say what it costs."""
    if cost is None:
        return
    why = cost.refusal()
    if why and not yes:
        raise SweepError.one(sweep_file, None, "plan", f"{cost.text()}: {why}. Vary fewer "
                             "values, lower replications or years, run on a cluster "
                             "(--scheduler), or add --yes to start anyway")
    say(f"{cost.text()}" + (f" ({why}; started with --yes)" if why else ""))


def duration(seconds: float) -> str:
    for unit, s, least in (("years", 365.25 * DAY, 1), ("days", DAY, 2), ("h", 3600.0, 1),
                           ("min", 60.0, 2)):
        if seconds >= least * s:
            return f"{seconds / s:,.1f} {unit}"
    return f"{seconds:.0f} s"


def size(nbytes: float) -> str:
    for unit, b in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if nbytes >= b:
            return f"{nbytes / b:,.1f} {unit}"
    return f"{nbytes:.0f} bytes"

