"""What a browser may send: every value is checked on the server against what the page offered.

A select, a slider or a text box is a suggestion to the browser, not a limit: anyone on the
classroom network can send any value down the page's websocket (a browser console is
enough). So each value a client sends is checked here, on the server, before it is used — a
scenario must be one of the files the page listed, a state one of the run's states, a number
inside the slider's range — and a refusal is a plain sentence for the page that echoes
neither the value sent nor anything read from the server's disk.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable

log = logging.getLogger("armsrace.dashboard")

#: seeds the page accepts (numpy's SeedSequence takes any non-negative int; this keeps the
#: number readable and the same on every platform)
SEED_RANGE = (0, 2**32 - 1)


class Refused(ValueError):
    """A value the page did not offer; ``str()`` is the sentence the page shows."""


def one_of(value, offered: Iterable, what: str):
    """``value`` if it is one of ``offered`` (compared as given: no path or case games)."""
    offered = list(offered)
    if not isinstance(value, str | int | float) or value not in offered:
        raise Refused(f"That {what} is not one of those offered: choose one from the list.")
    return value


def some_of(values, offered: Iterable, what: str) -> set:
    """A set of choices, each one of ``offered``."""
    if not isinstance(values, list | tuple | set | frozenset):
        raise Refused(f"Choose {what} from the list.")
    return {one_of(v, offered, what) for v in values}


def number_in(value, low: float, high: float, what: str) -> float:
    """A finite number within the control's own range [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            value) or not low <= value <= high:
        raise Refused(f"{what} must be a number from {low:g} to {high:g}.")
    return float(value)


def whole_number(value, low: int, high: int, what: str) -> int:
    """A whole number within [low, high] (a count the server caps, e.g. the band's runs)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            value) or value != int(value) or not low <= value <= high:
        raise Refused(f"{what} must be a whole number from {low} to {high}.")
    return int(value)


def seed(value) -> int:
    """A whole-number seed from 0 to 2³² − 1 (text from a box is converted)."""
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    low, high = SEED_RANGE
    if number is None or not low <= number <= high:
        raise Refused(f"The seed must be a whole number from {low} to {high:,}.")
    return number


def guarded(report: Callable[[str], None], action: Callable) -> Callable:
    """``action`` for a button or a control: a refusal is shown with ``report``; any other
    failure is logged on the server (with its traceback, for whoever runs it) and shown as one
    sentence, so the page never shows a traceback or a server path and the run is kept."""

    def run(*args, **kwargs):
        try:
            return action(*args, **kwargs)
        except Refused as err:
            report(str(err))
        except Exception as err:  # noqa: BLE001 — the page must survive any failure
            log.exception("dashboard action failed")
            report(f"Something went wrong on the server ({type(err).__name__}); this run is "
                   "kept. Press Reset if the page looks wrong.")
        return None

    return run
