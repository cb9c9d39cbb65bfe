"""The dashboard's Solara app (``make run`` serves it: ``python -m dashboard``).

It first makes the server private (dashboard/serving.py): no telemetry, no file fetched
from a CDN, idle sessions let go — however the server was started.

The model and the dashboard (Mesa, pandas, SciPy: about two seconds of imports here, then the
first page's scenario file) load in a background thread as soon as the server starts, so the server answers at once and the
import overlaps the browser fetching the page's scripts. The first page waits for that
thread (it never imports the same modules at the same time from two threads).
"""

import importlib
import os
import threading

import solara

from dashboard.serving import LECTURER_KEY, keep_private, lecturer_key

keep_private()
if LECTURER_KEY not in os.environ:   # started without `make run`, which printed the link
    print(f"Class game, lecturer page: /classroom?key={lecturer_key()}", flush=True)


def _load() -> None:
    """Import the dashboard, then read the scenario its first page shows."""
    importlib.import_module("dashboard.app")
    importlib.import_module("dashboard.session").warm()


_loader = threading.Thread(target=_load, daemon=True, name="import-dashboard")
_loader.start()


@solara.component
def Page():
    """The dashboard, one independent run per browser session (dashboard/app.py)."""
    _loader.join()
    from dashboard.app import Page as Dashboard  # done: the loader imported it (or failed,
                                                 # and this import shows why)
    return Dashboard()


@solara.component
def Classroom():
    """The class game's lecturer page (dashboard/classroom/pages.py)."""
    _loader.join()
    from dashboard.classroom.pages import ClassroomPage
    return ClassroomPage()


@solara.component
def Join():
    """The class game's student page (dashboard/classroom/pages.py)."""
    _loader.join()
    from dashboard.classroom.pages import JoinPage
    return JoinPage()


@solara.component
def Layout(children=[]):  # noqa: B006 — Solara's layout signature
    """Solara's app layout without route tabs: each page is reached by its own link."""
    return solara.AppLayout(children=children, navigation=False)


#: ``/`` the dashboard, ``/classroom`` and ``/join`` the class game (issue 16)
routes = [solara.Route(path="/", component=Page, layout=Layout),
          solara.Route(path="classroom", component=Classroom, layout=Layout),
          solara.Route(path="join", component=Join, layout=Layout)]
