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
import secrets
from pathlib import Path

#: how long a session whose browser went away is kept (``SOLARA_KERNEL_CULL_TIMEOUT`` wins)
IDLE_SESSION = "15m"
#: the environment variable holding the class game's lecturer key (dashboard/classroom/)
LECTURER_KEY = "ARMSRACE_LECTURER_KEY"
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


def lecturer_key() -> str:
    """The key that opens the class game's lecturer page (``/classroom?key=...``): from
    ``ARMSRACE_LECTURER_KEY`` if set, else a fresh random one for this server process."""
    if not os.environ.get(LECTURER_KEY):
        os.environ[LECTURER_KEY] = secrets.token_urlsafe(12)
    return os.environ[LECTURER_KEY]


def lecturer_link(host: str, port: int) -> str:
    """The lines ``make run`` prints: the lecturer's link to the class game."""
    shown = host if host not in ("0.0.0.0", "::") else "THIS-COMPUTER"
    text = f"Class game, lecturer page (keep this link to yourself): " \
           f"http://{shown}:{port}/classroom?key={lecturer_key()}"
    if shown != host:
        text += ("\n  (replace THIS-COMPUTER by this computer's address on the classroom "
                 "network: `hostname -I` on Linux, `ipconfig getifaddr en0` on a Mac)")
    return text


def main(argv: list[str] | None = None) -> None:
    """Serve the dashboard: ``python -m dashboard [--host HOST] [--port PORT]``."""
    p = argparse.ArgumentParser(prog="python -m dashboard", description=(
        "Serve the dashboard. Loopback only unless --host says otherwise "
        "(--host 0.0.0.0 shares it with the classroom network)."))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    args = p.parse_args(argv)
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")  # before solara loads
    print(lecturer_link(args.host, args.port), flush=True)
    from solara.__main__ import cli

    cli(["run", str(ROOT / "server.py"), "--host", args.host, "--port", str(args.port),
         "--production", "--no-check-version"])
