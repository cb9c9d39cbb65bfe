"""The lesson sheet: one printable page of the run on screen, for a class's handout.

A self-contained HTML file (no script, no stylesheet or font from the network; the charts
are inline SVG drawn with matplotlib) with the scenario and its summary, the settings that
made the run (sliders, mechanism switches, seed, history cut, the state a student plays),
the charts up to the current year, the chronicle of what happened and the scenario's
discussion questions (its ``teaching:`` block). Pure: a model in, text out — the page's
"Download lesson sheet" button serves it (dashboard/app.py).
"""

from __future__ import annotations

import html
import io
import re

from model.experiments.results_folder import history_until

from .charts import state_colours
from .mechanisms import title

#: the page: A4 portrait, print-friendly (charts two to a row, no page break inside one)
CSS = """
body { font: 11pt/1.35 Georgia, 'Times New Roman', serif; max-width: 190mm; margin: 10mm auto;
       color: #111; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 5mm 0 1mm; }
table { border-collapse: collapse; font-size: 9.5pt; } td, th { padding: 1px 6px;
       text-align: left; border-bottom: 1px solid #ddd; }
.charts { display: flex; flex-wrap: wrap; gap: 2mm; } .charts figure { margin: 0;
       width: 93mm; break-inside: avoid; } .charts svg { width: 100%; height: auto; }
ul.chronicle { font-size: 9.5pt; columns: 2; column-gap: 6mm; padding-left: 4mm; }
ol.questions li { margin-bottom: 9mm; }   /* room to write an answer */
.small { font-size: 9pt; color: #444; }
@media print { body { margin: 0 auto; } h2 { break-after: avoid; } }
"""


def pyplot():
    """matplotlib's pyplot, drawing off screen. Imported when a sheet is drawn, not with the
    dashboard: it costs about 0.7 s, which the first page would otherwise wait for."""
    import matplotlib

    matplotlib.use("Agg")   # no display on a server
    import matplotlib.pyplot as plt

    return plt


def svg(fig) -> str:
    """A matplotlib figure as inline SVG text (no XML header, no date: the same run gives
    the same sheet)."""
    plt = pyplot()
    out = io.StringIO()
    with plt.rc_context({"svg.hashsalt": "lesson-sheet"}):   # ids fixed, not random
        fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = out.getvalue()
    return _METADATA.sub("", text[text.find("<svg"):])


_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)   # matplotlib's RDF credits


def _history_shade(ax, model) -> None:
    end = history_until(model.scenario)
    if end is not None and end > model.scenario.start_year:
        ax.axvspan(model.scenario.start_year, min(end, max(model.year, model.scenario.start_year)),
                   color="#000000", alpha=0.07, lw=0)


def _state_chart(model, df, column: str, heading: str, unit: str, scale: float = 1.0) -> str:
    """One line per regional state (all states if none is marked regional)."""
    w = model.world
    shown = [n for n, r in zip(w.names, w.regional, strict=True) if r] or list(w.names)
    colours = dict(zip(w.names, state_colours(len(w.names)), strict=True))
    fig, ax = pyplot().subplots(figsize=(4.6, 2.8), dpi=100)
    _history_shade(ax, model)
    for name in shown:
        rows = df[df.state == name]
        ax.plot(rows.year, rows[column] * scale, color=colours[name], label=name, lw=1.6)
    ax.set_title(heading, fontsize=10)
    ax.set_ylabel(unit, fontsize=8)
    ax.tick_params(labelsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=7, frameon=False, ncol=4, loc="upper center",
              bbox_to_anchor=(0.5, -0.14))   # below the plot: never over a line
    ax.spines[["top", "right"]].set_visible(False)
    return svg(fig)


def _events_chart(model, df) -> str:
    """Crises and wars so far (the model's running counts), by year."""
    world = df.drop_duplicates("year")
    fig, ax = pyplot().subplots(figsize=(4.6, 2.8), dpi=100)
    _history_shade(ax, model)
    ax.step(world.year, world.crises, where="post", color="#CC79A7", label="crises", lw=1.6)
    ax.step(world.year, world.wars, where="post", color="#000000", label="wars", lw=1.6)
    ax.set_title("Crises and wars so far", fontsize=10)
    ax.tick_params(labelsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return svg(fig)


def charts(model) -> list[tuple[str, str]]:
    """The sheet's charts up to the current year, as (caption, SVG)."""
    df = model.frame()
    return [("Defence spending of the regional states, USD bn",
             _state_chart(model, df, "milex", "Defence spending", "USD bn")),
            ("Burden: defence spending as a share of GDP",
             _state_chart(model, df, "burden", "Burden", "% of GDP", 100.0)),
            ("Crises and wars so far", _events_chart(model, df))]


def settings_rows(model, scenario_file: str, sliders: dict, player: str | None = None
                  ) -> list[tuple[str, str]]:
    """(setting, value) rows: the sliders (``sliders``: name → (label, …) as the page has
    them), the mechanisms switched off, the seed, the history cut and the player."""
    sc, p = model.scenario, model.params
    rows = [("Scenario file", scenario_file), ("Seed", str(model.seed)),
            ("Years", f"{sc.start_year}–{model.year} (of {sc.start_year}–{model.end_year})")]
    rows += [(spec[0], f"{getattr(p, name):.2f}") for name, spec in sliders.items()]
    off = [title(n) for n in model.mechanisms.off()]
    rows.append(("Mechanisms switched off", ", ".join(off) if off else "none (all on)"))
    end = history_until(sc)
    rows.append(("Scripted history", f"until {sc.history_until} (a forecast after it)"
                 if sc.history_until is not None else
                 (f"all of it (to {end})" if end is not None else "none")))
    if player:
        rows.append(("Played by a student", player))
    return rows


def lesson_sheet(model, scenario_file: str, sliders: dict, player: str | None = None,
                 chronicle_max: int = 40) -> str:
    """The lesson sheet of ``model`` at its current year, as one HTML page (the chronicle's
    latest ``chronicle_max`` entries, oldest first)."""
    e = html.escape
    sc = model.scenario
    t = sc.teaching
    parts = ["<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
             f"<title>Lesson sheet: {e(sc.name)}, {model.year}</title>",
             f"<style>{CSS}</style></head><body>",
             f"<h1>{e(sc.name)} — {model.year}</h1>"]
    if t.summary:
        parts.append(f"<p>{e(t.summary)}</p>")
    if t.concept:
        parts.append(f"<p><b>Concept:</b> {e(t.concept)}</p>")
    parts.append("<h2>Settings of this run</h2><table>")
    parts += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>"
              for k, v in settings_rows(model, scenario_file, sliders, player)]
    parts.append("</table>")
    parts.append(f"<h2>The run to {model.year}</h2>"
                 "<p class='small'>Grey: the scenario's scripted history (its events, wars "
                 "included, are the scenario's own, not the model's).</p><div class='charts'>")
    parts += [f"<figure>{chart}<figcaption class='small'>{e(caption)}</figcaption></figure>"
              for caption, chart in charts(model)]
    parts.append("</div><h2>What happened</h2>")
    entries = model.chronicle[-chronicle_max:]
    if entries:
        more = len(model.chronicle) - len(entries)
        if more:
            parts.append(f"<p class='small'>The last {len(entries)} entries ({more} earlier "
                         "ones left out).</p>")
        parts.append("<ul class='chronicle'>" + "".join(f"<li>{e(str(x))}</li>"
                                                         for x in entries) + "</ul>")
    else:
        parts.append("<p>Nothing yet: the run is at its first year.</p>")
    if t.questions:
        parts.append("<h2>Discuss</h2><ol class='questions'>"
                     + "".join(f"<li>{e(q)}</li>" for q in t.questions) + "</ol>")
    if t.watch:
        parts.append("<h2>Watch</h2><ul>" + "".join(f"<li>{e(w)}</li>" for w in t.watch)
                     + "</ul>")
    from model import __version__

    parts.append(f"<p class='small'>Made with the Caucasus arms race dashboard (armsrace "
                 f"{e(__version__)}); the same scenario, settings and seed give the same "
                 "run.</p></body></html>")
    return "\n".join(parts)


def sheet_name(scenario_file: str, seed, year: int) -> str:
    """The download's name: lesson_baseline_2020_seed42_2025.html."""
    return f"lesson_{scenario_file.rsplit('.', 1)[0]}_seed{seed}_{year}.html"


__all__ = ["charts", "lesson_sheet", "settings_rows", "sheet_name", "svg"]
