"""Where chunks run: in this process, a pool of local processes, or a Dask cluster.

At most a window of chunks is in flight (:func:`windowed`), so memory stays flat however many
runs there are. Local worker processes die with the process that started them: on Linux the
kernel sends them SIGKILL when their parent dies (``prctl(PR_SET_PDEATHSIG)``), and
everywhere a watchdog thread ends a worker whose parent or starting process is gone.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from .chunks import Job, run_chunk
from .scenario import Problem, ScenarioError

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5

_JOB: Job | None = None


def _init_worker(job: Job, owner: int) -> None:
    global _JOB
    _JOB = job
    die_with_parent(owner)


def die_with_parent(owner: int) -> None:
    """End this process when its parent or ``owner`` (the pid that started the pool) dies."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # the watchdog below still ends the worker

    def watch():
        while True:
            if os.getppid() != parent or not _alive(owner):
                os._exit(1)
            time.sleep(WATCH_SECONDS)

    watch_thread = threading.Thread(target=watch, name="armsrace-parent-watch", daemon=True)
    watch_thread.start()


def _alive(pid: int) -> bool:
    """Is ``pid`` running (a zombie, dead but not yet reaped by its parent, is not)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = open(f"/proc/{pid}/stat").read()   # "pid (name) STATE ..."
    except OSError:
        return True   # no /proc: os.kill said it exists
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def _run_in_worker(start: int, stop: int):
    return run_chunk(_JOB, start, stop)


def windowed(submit, wait_some, tasks, window: int, on_done) -> None:
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


def execute(job, tasks, on_done, workers, scheduler=None, dask_local=None, client=None):
    """Run ``tasks`` (an iterable of (chunk, start, stop)): here, in processes or on Dask."""
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
        ctx.set_forkserver_preload(["model.workers", "model.model", "pyarrow"])
    else:
        ctx = mp.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(job, os.getpid()))
    try:
        windowed(lambda t: pool.submit(_run_in_worker, t[1], t[2]),
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
        windowed(lambda t: client.submit(run_chunk, shared, t[1], t[2], pure=False),
                 lambda fs: distributed.wait(fs, return_when="FIRST_COMPLETED"),
                 tasks, 2 * n + 2, on_done)
    finally:
        if own:
            client.close()
        if cluster is not None:
            cluster.close()
