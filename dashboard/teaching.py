"""A scenario's teaching notes (concept, what to watch, questions, things to try) as real
lists, near the top of the page."""

from __future__ import annotations

import solara


def notes_markdown(teaching) -> str:
    """The notes as Markdown: each heading, a blank line, then its items as a list (without
    the blank line Markdown runs the items into the heading's paragraph)."""
    parts = [f"**Concept:** {teaching.concept}"] if teaching.concept else []
    for heading, items in (("Watch", teaching.watch), ("Discuss", teaching.questions),
                           ("Try", teaching.try_)):
        if items:
            parts.append(f"**{heading}:**\n\n" + "\n".join(f"- {x}" for x in items))
    return "\n\n".join(parts)


@solara.component
def TeachingNotes(teaching):
    """The notes, folded under one line so the charts stay high on the page."""
    text = notes_markdown(teaching)
    if not text:
        return
    with solara.Details("Teaching notes for this scenario: what to watch, discuss and try"):
        with solara.Div(classes=["teaching"]):
            solara.Markdown(text, style={"padding": "0 12px"})
