"""Replay a class game in the dashboard: the record the lecturer's page downloads (JSON) is
chosen here, checked and replayed year by year
(:func:`dashboard.classroom.record.replay`), and becomes this page's run — the same table,
charts, chronicle and downloads as the game, which
a class can then step on from, or compare with another run.

The file is read on the server like any browser upload and checked as it replays; a bad file
gets one sentence saying what is wrong and the current run stays."""

from __future__ import annotations

import ipywidgets
import solara

from .classroom.record import read_record, replay

#: the largest record accepted (a 20-year game of 8 seats with statements is ~100 kB)
MAX_RECORD_BYTES = 2_000_000


def replay_upload(session, name: str, data: bytes) -> None:
    """Replay the uploaded record ``data`` (file ``name``) as ``session``'s run."""
    from .guard import Refused

    if len(data) > MAX_RECORD_BYTES:
        raise Refused(f"{name} is too large for a class game record (over 2 MB).")
    record = read_record(bytes(data), name)
    model = replay(record)
    game = f"{record['start_year']}–{model.year}"
    session.adopt(model, record["scenario"],
                  f"Class game {name}: {record['scenario']}, seed {model.seed}, {game}. "
                  "Step goes on with the computer playing every state.")


@solara.component
def ReplayCard(session, renew, tick, act):
    """The sidebar's "Replay a class game" (``renew``: redraw everything after a new run)."""
    tick.value  # noqa: B018 — the label follows the run

    def uploaded(files):
        for f in files or ():
            act(lambda f=f: (replay_upload(session, f["name"], f["content"]), renew()))()

    with solara.Card("Replay a class game", classes=["replay"]):
        solara.Text("Choose the record (JSON) that the class game's lecturer page downloads.")
        ipywidgets.FileUpload.element(accept=".json", multiple=False,
                                      description="Choose record", on_value=uploaded)
        if session.replayed:
            solara.Success(session.replayed, classes=["replayed"])
