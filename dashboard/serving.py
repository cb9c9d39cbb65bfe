"""How the dashboard is served to a classroom: no outbound connection, idle sessions let go.

A classroom server answers the students' browsers and talks to nobody else. Solara, as
installed, would: it sends usage telemetry to Mixpanel when the server starts and for every
connection, fetches a front-end file it does not have from a public CDN (and writes it into
the venv), and ``solara run`` asks the package index for a newer version before anything of
this project is loaded. :func:`keep_private` turns the first two off from inside the app —
``server.py`` calls it, so they are off however the server is started — and
:func:`main` (``make run``, ``python -m dashboard``) starts Solara without the version check.
A plain ``solara run server.py`` still asks the package index once at start (Solara's own
command line does that before it loads the app): start it with ``--no-check-version`` or use
``make run``.

A closed browser tab's session (its model, a few MB) is kept for :data:`IDLE_SESSION`, so a
student whose laptop slept comes back to their run, and then let go; Solara's own default
is a day, which a class of 30 reloading tabs fills with abandoned models.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

#: how long a session whose browser went away is kept (``SOLARA_KERNEL_CULL_TIMEOUT`` wins)
IDLE_SESSION = "15m"
ROOT = Path(__file__).resolve().parent.parent


class MissingAsset(FileNotFoundError):
    """A front-end file that is not among the offline assets: the server will not fetch it."""


def _no_fetch(url) -> bytes:
    raise MissingAsset(f"{url} is not among the offline assets (scripts/offline_assets.sh); "
                       "the classroom server fetches nothing from the internet")


def keep_private() -> None:
    """No telemetry, no CDN fallback, idle sessions culled: set on the running server."""
    import solara.server.cdn_helper as cdn
    import solara.server.settings as settings

    settings.telemetry.mixpanel_enable = False
    settings.theme.show_banner = False   # "This website runs on Solara" sat on the heatmap
    cdn.fetch_from_cdn = _no_fetch   # a missing /_solara/cdn/ file is then a quick 404
    if "SOLARA_KERNEL_CULL_TIMEOUT" not in os.environ:
        settings.kernel.cull_timeout = IDLE_SESSION


def main(argv: list[str] | None = None) -> None:
    """Serve the dashboard: ``python -m dashboard [--host HOST] [--port PORT]``."""
    p = argparse.ArgumentParser(prog="python -m dashboard", description=(
        "Serve the dashboard. Loopback only unless --host says otherwise "
        "(--host 0.0.0.0 shares it with the classroom network)."))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    args = p.parse_args(argv)
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")  # before solara loads
    from solara.__main__ import cli

    cli(["run", str(ROOT / "server.py"), "--host", args.host, "--port", str(args.port),
         "--production", "--no-check-version"])
