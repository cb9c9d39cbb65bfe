"""The Mechanisms panel: switch a mechanism off to see what it does ("what if no one misread
defensive arming?"). Switches take effect on Reset, like the sliders; each has one line on
what switching it off means, read from the declaration (model/scenario/mechanisms.py)."""

from __future__ import annotations

import solara

from model.scenario.mechanisms import MECHANISMS, Mechanisms, neutral


def title(name: str) -> str:
    """A switch's label: its mechanism in a few words ("The spiral", "Allied cover")."""
    words = Mechanisms.model_fields[name].description.split(" (")[0].split(":")[0]
    return words[0].upper() + words[1:]


def off_line(name: str) -> str:
    """One line on what switching ``name`` off means (the start of its neutral version)."""
    return "Off: " + neutral(name).split(":")[0].split(" (")[0].split(";")[0] + "."


@solara.component
def MechanismCard(session, switches, set_switches, runs, act):
    """One switch per mechanism, with its theory in the tooltip and its neutral version
    under it; ``switches`` are the pending values (applied by Reset)."""
    runs.value  # noqa: B018 — the pending hint compares with the model Reset built
    with solara.Card("Mechanisms"):
        for name in MECHANISMS:
            with solara.Tooltip(Mechanisms.model_fields[name].description):
                solara.Switch(label=title(name), value=switches.get(name, True),
                              on_value=act(lambda on, n=name: set_switches(
                                  {**switches, n: on})), classes=[f"mechanism-{name}"])
            # always there (empty while on): a row keeps its place when a switch flips
            solara.Text(off_line(name) if not switches.get(name, True) else "",
                        style={"font-size": "0.85em"})
        built = session.model.mechanisms if session.model is not None else None
        pending = [title(n).lower() for n in MECHANISMS
                   if built is not None and switches.get(n, True) != getattr(built, n)]
        if pending:
            solara.Warning("Press Reset to apply: " + ", ".join(pending), classes=["pending"])
        else:
            solara.Text("Switch a mechanism off and press Reset to see what it does.")
