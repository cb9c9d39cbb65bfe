"""The results folder of ``armsrace batch``: its lock, manifest, points table and parts.

    OUT/.lock              held (flock) by the one ``armsrace batch`` writing the folder
    OUT/manifest.json      sweep, scenario hashes, versions, status, timing per session
    OUT/points.parquet     point → parameters (grids of at most POINTS_TABLE_MAX points)
    OUT/parts/part-NNNNNN-DIGEST.parquet   tidy rows of chunk NNNNNN of the sweep DIGEST

Every part names the sweep it belongs to (the first 16 hex digits of
:meth:`model.experiments.sweep.Plan.digest`, in its file name and in full in its Parquet metadata), so a
folder holding another sweep's chunks is refused, never counted as finished. The lock is an
``flock`` the kernel releases when its process dies: a killed batch never blocks the folder,
and a manifest left "running" by a dead process reads as "interrupted".
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from model.scenario.input_errors import Problem, ResultsError

PARTS, MANIFEST, POINTS, LOCK = "parts", "manifest.json", "points.parquet", ".lock"
POINTS_TABLE_MAX = 10_000_000   # more points: no points.parquet (the manifest's grid says)
TAG = 16                        # hex digits of the sweep's digest in a part's name


# --- the lock -------------------------------------------------------------------------------

class FolderLock:
    """An exclusive flock on ``OUT/.lock`` for as long as a batch writes the folder."""

    def __init__(self, out: Path):
        self.out, self.fd = Path(out), None

    def __enter__(self) -> FolderLock:
        self.out.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd, exclusive=True):
            holder = os.read(fd, 400).decode(errors="replace")
            os.close(fd)
            try:
                who = json.loads(holder)
                who = f"pid {who['pid']} on {who['host']}, since {who['started']}"
            except (ValueError, KeyError, TypeError):
                who = "another process"
            raise ResultsError([Problem(str(self.out), None, "--out", f"in use by another "
                                         f"armsrace batch ({who}); wait for it to finish, or "
                                         "choose another --out")])
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": os.uname().nodename,
                                 "started": now()}).encode())
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)   # closing releases the lock
            self.fd = None


def _try_lock(fd: int, exclusive: bool) -> bool:
    try:
        import fcntl
    except ImportError:   # not POSIX: no lock
        return True
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def is_locked(out) -> bool:
    """Is a live batch writing ``out`` right now?"""
    try:
        fd = os.open(Path(out) / LOCK, os.O_RDONLY)
    except OSError:
        return False
    try:
        return not _try_lock(fd, exclusive=False)
    finally:
        os.close(fd)


# --- the manifest ---------------------------------------------------------------------------

def raw_manifest(out: Path) -> dict | None:
    """The manifest as written (None if there is none)."""
    try:
        return json.loads((Path(out) / MANIFEST).read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise ResultsError([Problem(str(Path(out) / MANIFEST), None, "", f"unreadable "
                                     f"({err}); is this a results folder of `armsrace "
                                     "batch`?")]) from None


def mark_interrupted(manifest: dict) -> dict:
    """A manifest whose writer is dead: "running" becomes "interrupted" (status, sessions)."""
    if manifest.get("status") == "running":
        manifest["status"] = "interrupted"
    for s in manifest.get("timing", {}).get("sessions", []):
        if s.get("status", "running") == "running":
            s["status"] = "interrupted"
    return manifest


def read_manifest(out) -> dict:
    """The manifest of a results folder (ResultsError if it is not one); "running" only if
    a live batch holds the folder's lock, else "interrupted"."""
    found = raw_manifest(Path(out))
    if found is None:
        raise ResultsError([Problem(str(out), None, "", "not a results folder (no manifest."
                                     "json); give the --out folder of `armsrace batch`")])
    return found if is_locked(out) else mark_interrupted(found)


def write_manifest(out: Path, manifest: dict) -> None:
    tmp = Path(out) / f".{MANIFEST}"
    tmp.write_text(json.dumps(manifest, indent=2))
    os.replace(tmp, Path(out) / MANIFEST)


def new_manifest(plan, size: int, chunks: int) -> dict:
    from importlib.metadata import version  # Mesa's version, without loading Mesa (~1 s)

    from model import __version__

    base = plan.base
    scenario_file = Path(base.source) if base.source else None
    resolved = json.dumps(base.model_dump(mode="json"), sort_keys=True).encode()
    return {
        "sweep": {"file": plan.file, "sha256": sha(Path(plan.file).read_bytes()),
                  **plan.spec.model_dump(mode="json")},
        "scenario": {"file": str(scenario_file) if scenario_file else None,
                     "sha256": sha(scenario_file.read_bytes()) if scenario_file else None,
                     "resolved_sha256": sha(resolved)},
        "digest": plan.digest(), "model_version": __version__,
        "start_year": base.start_year, "history_until": history_until(base),
        "mesa_version": version("mesa"),
        "python": sys.version.split()[0], "parameters": plan.names, "points": plan.n_points,
        "points_table": plan.n_points <= POINTS_TABLE_MAX,
        "replications": plan.spec.replications, "runs": plan.n_runs, "chunk_size": size,
        "chunks": chunks, "chunks_done": 0, "status": "running",
        "timing": {"started": now(), "sessions": []},
    }


def history_until(scenario) -> int | None:
    """The last year with a scripted event (history as the scenario tells it), or None.

    Wars and crises up to that year may be the scenario's own (the 2020 and 2023 wars of the
    baseline); reports count what the model does on its own after it. A scenario run with
    ``history_until`` (a sweep's ``fixed: {history_until: 2022}``) keeps only the events up
    to it (:meth:`~model.scenario.schema.Scenario.known_history`), so its history ends there."""
    years = [ev.year for ev in scenario.known_history().events]
    return max(years) if years else None


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- parts ----------------------------------------------------------------------------------

def part_name(k: int, digest: str) -> str:
    return f"part-{k:06d}-{digest[:TAG]}.parquet"


def chunk_of(path: Path) -> int:
    return int(path.name.split("-")[1].split(".")[0])


def part_files(out) -> list[Path]:
    """Every finished part in ``out/parts``, in chunk order (whatever sweep it belongs to)."""
    return sorted(Path(out, PARTS).glob("part-*.parquet"), key=chunk_of)


def finished_chunks(out: Path, digest: str) -> dict[int, Path]:
    """Chunk → part of the sweep ``digest``; ResultsError if a part is another sweep's."""
    files = part_files(out)
    mine = {chunk_of(f): f for f in files if f.name.endswith(f"-{digest[:TAG]}.parquet")}
    foreign = [f for f in files if chunk_of(f) not in mine or mine[chunk_of(f)] != f]
    if foreign:
        raise ResultsError([Problem(str(out / PARTS), None, "", f"{len(foreign)} of the "
                                     f"{len(files)} finished chunks here belong to another "
                                     f"sweep (e.g. {foreign[0].name}: another seed, grid, "
                                     "scenario or outputs, or an older armsrace); choose "
                                     "another --out, or delete this folder to run the sweep "
                                     "afresh")])
    return mine


def write_part(out: Path, k: int, digest: str, table, meta: dict) -> Path:
    """Write chunk ``k`` to a hidden file, then rename it: a part on disk is always whole."""
    import pyarrow.parquet as pq

    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           b"armsrace.sweep": digest.encode(),
                                           b"armsrace.chunk": json.dumps(meta).encode()})
    tmp, final = out / PARTS / f".part-{k:06d}.parquet", out / PARTS / part_name(k, digest)
    pq.write_table(table, tmp)
    os.replace(tmp, final)
    return final


def part_meta(path: Path) -> dict:
    """What a part records about its chunk (k, start, stop, chunk_size), {} if nothing."""
    import pyarrow.parquet as pq

    meta = pq.read_schema(path).metadata or {}
    return json.loads(meta.get(b"armsrace.chunk", b"{}"))


def write_points(out: Path, batches) -> None:
    """Stream the point table (record batches) to points.parquet, one batch in memory."""
    import pyarrow.parquet as pq

    tmp, writer = out / f".{POINTS}", None
    for batch in batches:
        writer = writer or pq.ParquetWriter(tmp, batch.schema)
        writer.write_batch(batch)
    if writer is not None:
        writer.close()
        os.replace(tmp, out / POINTS)


# --- the table ------------------------------------------------------------------------------

def read_results(out, columns: list[str] | None = None, max_bytes: int | None = None):
    """The tidy table of a results folder, in run, year, state order (categoricals for
    state and top_threat, int64 ids and counts, float64 measures).

    A table that would not fit in half the memory available (or ``max_bytes``) is refused
    with its size, as is one that cannot be read: ResultsError, one line."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out)
    manifest = read_manifest(out)
    files = [f for _, f in sorted(finished_chunks(out, manifest.get("digest", "")).items())]
    if not files:
        raise ResultsError([Problem(str(out), None, "", "no finished runs yet")])
    rows = sum(_readable(f, pq.read_metadata).num_rows for f in files)
    width = len(columns) if columns else len(_readable(files[0], pq.read_schema).names)
    need, limit = 16 * rows * width, max_bytes or available_memory() // 2
    if need > limit:
        raise ResultsError([Problem(str(out), None, "", f"the table has {rows:,} rows × "
                                     f"{width} columns (about {need / 1e9:.1f} GB in memory), "
                                     f"more than {limit / 1e9:.1f} GB; read fewer columns "
                                     "(read_results(out, columns=[...])) or keep fewer "
                                     "outputs in the sweep (outputs: measures, states, "
                                     "years: final)")])
    tables = [_readable(f, lambda f: pq.read_table(f, columns=columns)) for f in files]
    try:
        return pa.concat_tables(tables).to_pandas()
    except (pa.ArrowException, ValueError) as err:
        raise ResultsError([Problem(str(out / PARTS), None, "", "the parts do not fit "
                                     f"together ({_first_line(err)})")]) from None


def columns_of(out) -> list[str]:
    """The columns of the results table (from its first part; [] if none is finished)."""
    import pyarrow.parquet as pq

    files = part_files(out)
    return list(_readable(files[0], pq.read_schema).names) if files else []


def _readable(path: Path, read):
    import pyarrow as pa

    try:
        return read(path)
    except (OSError, pa.ArrowException, ValueError) as err:
        raise ResultsError([Problem(str(path), None, "", f"cannot read it "
                                     f"({_first_line(err)}); delete it and finish the sweep "
                                     "with armsrace batch --resume")]) from None


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:200]


def available_memory() -> int:
    """Bytes of memory available now (MemAvailable on Linux; else free pages; else 8 GB)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 8 * 2**30


def write_csv(out) -> Path:
    """Stream every part into ``results.csv`` (one part in memory at a time)."""
    import pyarrow.parquet as pq

    out = Path(out)
    digest = read_manifest(out).get("digest", "")
    tmp, final = out / ".results.csv", out / "results.csv"
    for k, (_, f) in enumerate(sorted(finished_chunks(out, digest).items())):
        pq.read_table(f).to_pandas().to_csv(tmp, mode="w" if k == 0 else "a", header=k == 0,
                                            index=False)
    os.replace(tmp, final)
    return final
