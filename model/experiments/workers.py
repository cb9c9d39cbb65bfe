"""Inside a local worker process of :class:`model.experiments.evaluators.LocalProcesses`: the job it was
sent once, and the guard that ends it with the process that started it.

On Linux the kernel sends a worker SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``),
and everywhere a watchdog thread ends a worker whose parent or starting process is gone, so a
killed ``armsrace batch`` leaves no orphans running.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from model.experiments.chunks import Job, run_chunk

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5

_JOB: Job | None = None


def start_worker(job: Job, owner: int) -> None:
    """A pool's initializer: keep the job, and die with ``owner`` (the pid of the pool)."""
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


def run_in_worker(start: int, stop: int):
    """Run ids ``start`` .. ``stop``-1 of the job this worker was sent (a pyarrow Table)."""
    return run_chunk(_JOB, start, stop)
