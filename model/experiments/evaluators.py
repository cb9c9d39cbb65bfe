"""Evaluators: where the chunks of a sweep run — in this process, on local processes, on Dask.

An :class:`Evaluator` is given a :class:`~model.experiments.chunks.Job` (sent once per worker), the
chunks to run and a callback. It runs each chunk with :func:`~model.experiments.chunks.run_chunk`
somewhere and hands its table back, in this process, to ``on_done(chunk, table)`` as each
finishes, in any order. That is all a backend does: :mod:`model.experiments.batch` decides which chunks
are left and :mod:`model.experiments.results_folder` writes each part, the manifest and the lock. Seeds
come from run ids, so every backend gives the same table.

A new backend is one subclass that implements :meth:`Evaluator.map_chunks` (and names
itself with ``label`` and ``width``); pass it to ``run_sweep(..., evaluator=...)``. A
backend that returns futures keeps memory flat with :func:`windowed`: at most a few chunks
are in flight however many there are. :func:`evaluator_for` chooses the built-in one from the
command line's flags (``--workers``, ``--scheduler``, ``--dask-local``).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from model.experiments.chunks import Chunk, Job, run_chunk
from model.experiments.workers import run_in_worker, start_worker
from model.scenario.input_errors import UsageError

#: called in this process with each chunk and its pyarrow Table
OnDone = Callable[[Chunk, object], None]


class Evaluator(ABC):
    """Runs chunks of a sweep somewhere; one subclass per backend."""

    #: how the results folder's manifest names the backend of a session
    label: str = "?"
    #: how many chunks run at once (for the time estimate); None: unknown, e.g. a cluster
    width: int | None = 1

    @abstractmethod
    def map_chunks(self, job: Job, chunks: Iterable[Chunk], on_done: OnDone) -> None:
        """Run every chunk (``run_chunk(job, chunk.start, chunk.stop)``) and call
        ``on_done(chunk, table)`` here as each finishes. Start whatever the backend needs
        (processes, a client) and release it before returning, also on an error or ^C.
        ``chunks`` is an iterator, generated as it is read: take a few at a time."""


def windowed(submit, wait_some, tasks, window: int, on_done, run_here=None,
             ready=None) -> None:
    """Keep at most ``window`` tasks in flight; hand each result to ``on_done`` as it comes.

    ``submit(task)`` returns a future; ``wait_some(futures)`` returns (done, not done).
    ``run_here(task)`` and ``ready()``, if given: until the backend is ready (a local pool's
    processes started: its fork server loading the model takes ~0.4 s), this process runs
    the tasks itself, one after another, and submits none, so a small sweep is not slower on
    a pool than on one worker and nothing waits on the start."""
    todo = iter(tasks)
    while run_here is not None and not ready():
        if (task := next(todo, None)) is None:
            return
        on_done(task, run_here(task))
    pending = {}
    while True:
        while len(pending) < window and (task := next(todo, None)) is not None:
            pending[submit(task)] = task
        if not pending:
            return
        done, _ = wait_some(list(pending))
        for future in done:
            on_done(pending.pop(future), future.result())


class InProcess(Evaluator):
    """One chunk after another in this process (one worker, or one chunk left)."""

    label = "processes (1)"
    width = 1

    def map_chunks(self, job, chunks, on_done) -> None:
        for chunk in chunks:
            on_done(chunk, run_chunk(job, chunk.start, chunk.stop))


class LocalProcesses(Evaluator):
    """A pool of ``workers`` processes on this machine, each sent the job once; a worker
    dies with this process (:func:`model.experiments.workers.die_with_parent`)."""

    def __init__(self, workers: int):
        self.width = workers
        self.label = f"processes ({workers})"

    def map_chunks(self, job, chunks, on_done) -> None:
        if "forkserver" in mp.get_all_start_methods():
            # not fork: numpy's, Arrow's and jemalloc's threads are running (fork could
            # deadlock); the server imports what a worker runs once (the ensemble: not Mesa,
            # not pandas) and each worker is a cheap fork
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["model.experiments.workers", "model.simulation.ensemble",
                                        "model.experiments.arrow_columns", "numpy.random"])
        else:
            ctx = mp.get_context("spawn")
        pool = ProcessPoolExecutor(self.width, mp_context=ctx, initializer=start_worker,
                                   initargs=(job, os.getpid()))
        started = start_processes(pool, self.width)
        try:
            windowed(lambda c: pool.submit(run_in_worker, c.start, c.stop),
                     lambda fs: wait(fs, return_when=FIRST_COMPLETED), chunks,
                     2 * self.width, on_done,
                     run_here=lambda c: run_chunk(job, c.start, c.stop),
                     ready=started.is_set)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def start_processes(pool: ProcessPoolExecutor, width: int) -> threading.Event:
    """Start the pool's ``width`` processes from a thread, and set the returned event once
    they all exist and the tasks sent to start them came back (or the pool broke: its next
    ``submit`` then raises why).

    A pool starts a process inside ``submit``, and the first one waits there for the fork
    server to load the model: started here, that wait is not this process's, which runs
    chunks meanwhile (:func:`windowed`)."""
    started = threading.Event()

    def start():
        try:
            for future in [pool.submit(os.getpid) for _ in range(width)]:
                future.result()
        except Exception:  # a broken pool says why at the next submit
            pass
        finally:
            started.set()

    threading.Thread(target=start, name="armsrace-pool-start", daemon=True).start()
    return started


class DaskCluster(Evaluator):
    """A Dask cluster: the scheduler at ``scheduler`` (tcp://HOST:8786), a local cluster of
    ``local`` worker processes started for the sweep, or an open ``client``."""

    def __init__(self, scheduler: str | None = None, local: int | None = None, client=None):
        self.scheduler, self.local, self.client = scheduler, local, client
        self.label = (f"dask {scheduler}" if scheduler else f"dask local ({local})" if local
                      else "dask client")
        self.width = local   # a cluster's size is not known before it is reached

    def map_chunks(self, job, chunks, on_done) -> None:
        import logging

        import distributed

        client, cluster = self.client, None
        try:
            if client is None and self.scheduler:
                client = distributed.Client(self.scheduler, timeout="10s")
            elif client is None:
                cluster = distributed.LocalCluster(n_workers=self.local, threads_per_worker=1,
                                                   dashboard_address=None,
                                                   silence_logs=logging.ERROR)
                client = distributed.Client(cluster)
        except (OSError, TimeoutError) as err:
            raise UsageError.one("--scheduler", None, str(self.scheduler), f"cannot reach the "
                                 f"Dask scheduler ({err}); is it running?") from None
        own = client is not self.client
        try:
            n = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
            shared = client.scatter(job, broadcast=True)
            windowed(lambda c: client.submit(run_chunk, shared, c.start, c.stop, pure=False),
                     lambda fs: distributed.wait(fs, return_when="FIRST_COMPLETED"),
                     chunks, 2 * n + 2, on_done)
        finally:
            if own:
                client.close()
            if cluster is not None:
                cluster.close()


def add_evaluator_arguments(p) -> None:
    """The flags that choose where runs go and how a big plan is confirmed (``armsrace batch``
    and ``armsrace sensitivity`` share them; :func:`evaluator_for` reads the first three)."""
    p.add_argument("--workers", type=int, help="local processes (default: all cores)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster, e.g. "
                   "tcp://HOST:8786")
    p.add_argument("--dask-local", type=int, metavar="N", help="start a local Dask cluster "
                   "of N workers")
    p.add_argument("--yes", action="store_true", help="start even a plan estimated at more "
                   "than a day on this machine, or more disk than is free")
    p.add_argument("--quiet", action="store_true", help="no estimate, progress bar or summary")


def evaluator_for(workers: int | None = None, scheduler: str | None = None,
                  dask_local: int | None = None, client=None,
                  chunks: int | None = None) -> Evaluator:
    """The built-in backend the flags ask for: Dask if ``--scheduler``, ``--dask-local`` or a
    client is given; else ``workers`` local processes (default: every core, at most one per
    chunk left of ``chunks``), this process alone when that is one."""
    if client is not None or scheduler or dask_local:
        return DaskCluster(scheduler, dask_local, client)
    n = workers or os.cpu_count() or 1
    if chunks is not None:
        n = min(n, max(1, chunks))
    return LocalProcesses(n) if n > 1 else InProcess()
