"""The dashboard's entry point: ``solara run server.py`` (``make run``).

The model and the dashboard (Mesa, pandas, SciPy: about two seconds of imports here) load in
a background thread as soon as the server starts, so the server answers at once and the
import overlaps the browser fetching the page's scripts; the first page waits for it only
if it is not done yet.
"""

import importlib
import threading

import solara

threading.Thread(target=importlib.import_module, args=("dashboard.app",), daemon=True,
                 name="import-dashboard").start()


@solara.component
def Page():
    """The dashboard, one independent run per browser session (dashboard/app.py)."""
    from dashboard.app import Page as Dashboard

    return Dashboard()
