"""The dashboard's Solara app (``make run`` serves it: ``python -m dashboard``).

It first makes the server private (dashboard/serving.py): no telemetry, no file fetched
from a CDN, idle sessions let go — however the server was started.

The model and the dashboard (Mesa, pandas, SciPy: about two seconds of imports here) load in
a background thread as soon as the server starts, so the server answers at once and the
import overlaps the browser fetching the page's scripts. The first page waits for that
thread (it never imports the same modules at the same time from two threads).
"""

import importlib
import threading

import solara

from dashboard.serving import keep_private

keep_private()
_loader = threading.Thread(target=importlib.import_module, args=("dashboard.app",),
                           daemon=True, name="import-dashboard")
_loader.start()


@solara.component
def Page():
    """The dashboard, one independent run per browser session (dashboard/app.py)."""
    _loader.join()
    from dashboard.app import Page as Dashboard  # done: the loader imported it (or failed,
                                                 # and this import shows why)
    return Dashboard()
