"""The page's running text (what happened, why budgets changed) as a small HTML list.

Updated in place each year: solara.Markdown builds a new widget (and the browser compiles a
new Vue template) whenever its text changes, which cost more than the year's charts.
Only ``**bold**`` is markup here; everything else is escaped.
"""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def bullets(lines, empty: str = "") -> str:
    """``lines`` as an HTML bullet list (``**x**`` → bold), or ``empty`` as a paragraph."""
    items = [_BOLD.sub(r"<b>\1</b>", html.escape(str(line), quote=False)) for line in lines]
    if not items:
        return f"<p>{html.escape(empty, quote=False)}</p>"
    return "<ul class='story'>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
