"""Loaded by the dashboard server under test (PYTHONPATH): logs every network address it
looks up or connects to, from Python's own audit events, to the file $ARMSRACE_NETLOG.

This watches the server's side (its telemetry, version check, CDN fetches), which a
browser's request log cannot see.
"""

import os
import sys

_LOG = os.environ.get("ARMSRACE_NETLOG")


def _record(event, args):
    if event == "socket.connect":
        where = args[1]
    elif event == "socket.getaddrinfo":
        where = (args[0], args[1])
    else:
        return
    with open(_LOG, "a", encoding="utf-8") as f:
        f.write(f"{event} {where!r}\n")


if _LOG:
    sys.addaudithook(_record)
