"""``armsrace report RESULTS``: an HTML page with PNG charts of a batch's results.

Charts (matplotlib, Agg): fan charts of spending per state (median, 50% and 90% bands),
the probability of a crisis and of a war by year, final-year distributions compared
across grid points (or, for sampled sweeps, the final value against each parameter), and
a summary table per point (also as summary.csv). With up to :data:`MAX_GROUPS` points the
charts show each point in its own colour; with more they pool every run.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd

from model.experiments import analysis
from model.experiments.results_folder import columns_of, part_files, read_manifest, read_results

MAX_GROUPS = 6          # points drawn separately in fan and probability charts
MAX_BOXES = 40          # points compared as boxes; more: scatter against the parameters
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")


def build_report(results, out=None, measure: str = "milex") -> Path:
    """Write index.html, the PNGs and summary.csv for the results folder; return the page."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    results = Path(results)
    manifest = read_manifest(results)
    params = list(manifest.get("parameters", []))
    have = set(columns_of(results))
    butter = [m for m, _ in analysis.FOCUS_MEASURES]
    wanted = ["run_id", "point", "year", "state", measure, *butter, *analysis.WORLD, *params]
    df = read_results(results, columns=[c for c in dict.fromkeys(wanted) if c in have])
    # the points that have runs, from the table itself (a grid may be too big to list)
    points = (df[["point", *params]].drop_duplicates("point").sort_values("point")
              .reset_index(drop=True))
    files = part_files(results)
    out = Path(out) if out else results / "report"
    out.mkdir(parents=True, exist_ok=True)
    labels = analysis.point_labels(points, params)
    grouped = 1 < len(points) <= MAX_GROUPS
    figures, notes = [], []
    many_years = df["year"].nunique() > 1
    kept = [s for s in df["state"].cat.categories if (df["state"] == s).any()]
    focus = kept[:2]
    history = manifest.get("history_until")
    if history is not None and not df["year"].min() <= history < df["year"].max():
        history = None
    if history is not None:
        notes.append(f"The scenario scripts history up to {history} (its events, wars "
                     f"included; shaded grey in the charts). Crises and wars in the table "
                     f"and the dashed lines count only those after {history}: what the "
                     "model does on its own.")
    if measure in df and many_years:
        figures.append(_fan_chart(df, measure, grouped, labels, out, history))
    elif not many_years:
        notes.append("Only the final year was kept (outputs.years: final): no charts by year.")
    if many_years and {"crises", "wars"} & set(df.columns):
        figures.append(_event_chart(df, grouped, labels, out, history))
    if many_years and {"burden", "foregone_health_years"} <= set(df.columns):
        figures.append(_butter_chart(df, focus, grouped, labels, out, history))
    if "milex" in df or "crises" in df:
        figures.append(_final_chart(df, params, points, labels, out, focus, history))
    table = analysis.summary_table(df, params, focus=focus, since=history)
    table.to_csv(out / "summary.csv", index=False)
    page = out / "index.html"
    page.write_text(_page(manifest, figures, _html_table(table, params, labels), notes,
                          len(files)), encoding="utf-8")
    return page


def _groups(df, grouped, labels):
    if grouped:
        return [(labels[p], COLOURS[k % len(COLOURS)], g)
                for k, (p, g) in enumerate(df.groupby("point", sort=True))]
    return [("all runs", COLOURS[0], df)]


def _years(ax, history=None) -> None:
    """Whole years on the x axis; the scripted history shaded."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    if history is not None:
        lo = ax.get_xlim()[0]
        ax.axvspan(lo, history, color="#000", alpha=0.06, lw=0)
        ax.set_xlim(left=lo)


def _band(ax, q, colour, label) -> None:
    """Median line, 50% band and 90% band of a :func:`analysis.fan` table."""
    ax.fill_between(q["year"], q["q05"], q["q95"], color=colour, alpha=0.15, lw=0)
    ax.fill_between(q["year"], q["q25"], q["q75"], color=colour, alpha=0.3, lw=0)
    ax.plot(q["year"], q["q50"], color=colour, lw=1.6, label=label)


def _fan_chart(df, measure, grouped, labels, out, history=None):
    import matplotlib.pyplot as plt

    states = [s for s in df["state"].cat.categories if (df["state"] == s).any()]
    cols = min(4, len(states))
    rows = -(-len(states) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.6 * cols, 2.8 * rows), squeeze=False)
    for label, colour, g in _groups(df, grouped, labels):
        q = analysis.fan(g, measure)
        for ax, state in zip(axes.flat, states, strict=False):
            _band(ax, q[q["state"] == state], colour, label)
            ax.set_title(state, fontsize=10)
    for ax in axes.flat[:len(states)]:
        _years(ax, history)
    for ax in axes.flat[len(states):]:
        ax.set_visible(False)
    unit = " (USD bn)" if measure in ("milex", "gdp", "arms_received") else ""
    fig.suptitle(f"{measure}{unit}: median, 50% and 90% of runs", fontsize=11)
    _legend_below(fig, axes.flat[0], grouped, top=0.96)
    return _save(fig, out / f"fan_{measure}.png",
                 f"Fan charts of {measure} per state: line = median, dark band = middle 50% "
                 "of runs, light band = middle 90%.")


def _legend_below(fig, ax, grouped: bool, top: float = 1.0) -> None:
    """Lay the figure out with the points' legend in a strip below the panels, never on the
    data (one entry per point, from ``ax``)."""
    if not grouped:
        fig.tight_layout(rect=(0, 0, 1, top))
        return
    handles, names = ax.get_legend_handles_labels()
    ncol = min(3, len(names))
    strip = 0.3 / fig.get_figheight() * (1 + (len(names) - 1) // ncol)   # inches per row
    fig.legend(handles, names, loc="lower center", ncol=ncol, fontsize=8,
               frameon=False)
    fig.tight_layout(rect=(0, strip, 1, top))


def _event_chart(df, grouped, labels, out, history=None):
    import matplotlib.pyplot as plt

    kinds = [k for k in ("crises", "wars") if k in df]
    fig, axes = plt.subplots(1, len(kinds), figsize=(6 * len(kinds), 3.4), squeeze=False)
    for ax, kind in zip(axes.flat, kinds, strict=True):
        for label, colour, g in _groups(df, grouped, labels):
            p = analysis.event_probability(g, kind, since=history)
            ax.plot(p["year"], p["p_year"], color=colour, lw=1.6, label=label)
            ax.plot(p["year"], p["p_by_then"], color=colour, lw=1, ls="--")
        ax.set_ylim(-0.02, 1.02)
        since = f"after {history}" if history is not None else "since the start"
        ax.set_title(f"P({'a crisis' if kind == 'crises' else 'a war'}): in the year (solid), "
                     f"{since} (dashed)", fontsize=9)
        ax.set_xlabel("year")
        _years(ax, history)
    _legend_below(fig, axes.flat[0], grouped)
    since = f"after {history}, the end of the scripted history" if history is not None \
        else "since the start"
    return _save(fig, out / "events.png", "Share of runs with at least one new crisis / war "
                 f"in each year (solid) and with at least one {since} (dashed).")


def _butter_chart(df, focus, grouped, labels, out, history=None):
    """Guns versus butter for the focus states: burden by year (fan) and the health-budget
    years the spending above the reference burden has cost by then (fan)."""
    import matplotlib.pyplot as plt

    rows = (("burden", "defence burden, % of GDP", 100.0),
            ("foregone_health_years", "foregone health budget, years of it (cumulative)", 1.0))
    fig, axes = plt.subplots(len(rows), len(focus), figsize=(5.2 * len(focus), 5.6),
                             squeeze=False)
    for label, colour, g in _groups(df, grouped, labels):
        for r, (measure, _, scale) in enumerate(rows):
            q = analysis.fan(g[g["state"].isin(focus)], measure)
            for c, state in enumerate(focus):
                s = q[q["state"] == state].copy()
                s[["q05", "q25", "q50", "q75", "q95"]] *= scale
                _band(axes[r, c], s, colour, label)
    for r, (_, title, _) in enumerate(rows):
        for c, state in enumerate(focus):
            axes[r, c].set_title(f"{state}: {title}", fontsize=9)
            _years(axes[r, c], history)
    _legend_below(fig, axes[0, 0], grouped)
    return _save(fig, out / "guns_butter.png", "Guns versus butter: each state's defence "
                 "burden (top) and, cumulated, the spending above its reference burden "
                 "counted in years of its health budget (bottom); median, 50% and 90% of runs.")


def _final_chart(df, params, points, labels, out, focus, history=None):
    """Final-year distributions across runs, per point: the focus states' spending and the
    crises after the scripted history; for large sampled sweeps, scatter against each
    parameter instead."""
    import matplotlib.pyplot as plt

    year = int(df["year"].max())
    w = analysis.world_rows(analysis.final_year(df))
    panels = []   # (title, one row per run: point, value and the parameters)
    for state in focus if "milex" in df else ():
        r = analysis.run_metric(df, f"{state}.milex", "final")
        panels.append((f"{state}: spending in {year}, USD bn",
                       r.merge(w[["run_id", *params]], on="run_id")))
    if "crises" in df:
        n = analysis.new_events(df, "crises", history).rename(columns={"new": "value"})
        after = f"after {history}" if history is not None else "from the start"
        panels.append((f"crises {after} to {year}",
                       n.merge(w[["run_id", *params]], on="run_id")))
    if len(points) <= MAX_BOXES or not params:
        few = len(points) <= MAX_GROUPS
        width = min(14.0, max(6.0, (1.9 if few else 0.32) * len(points) + 1.5))
        fig, axes = plt.subplots(len(panels), 1, figsize=(width, 2.9 * len(panels)),
                                 squeeze=False)
        order = sorted(int(p) for p in points["point"])
        ticks = [labels[p].replace(", ", "\n") if few else str(p) for p in order]
        for ax, (title, frame) in zip(axes.flat, panels, strict=True):
            data = [frame["value"][frame["point"] == p].to_numpy() for p in order]
            ax.boxplot(data, whis=(5, 95), showfliers=False)
            ax.set_xticks(range(1, len(data) + 1), ticks, fontsize=7)
            ax.set_title(title + ("" if few else " (by point)"), fontsize=10)
        text = (f"Distributions across runs, per grid point: spending in {year} and the "
                "crises in the projection (box: middle 50%, whiskers: 5–95%)."
                + ("" if few else " Points are numbered as in the summary table."))
    else:
        shown = params[:6]
        fig, axes = plt.subplots(len(panels), len(shown), figsize=(2.8 * len(shown),
                                                                   2.6 * len(panels)),
                                 squeeze=False, sharey="row")
        for row, (title, frame) in zip(axes, panels, strict=True):
            for ax, p in zip(row, shown, strict=True):
                ax.scatter(frame[p], frame["value"], s=3, alpha=0.35,
                           color=COLOURS[0], lw=0)
                ax.set_xlabel(p, fontsize=8)
            row[0].set_ylabel(title, fontsize=7)
        text = (f"Every run's spending in {year} and its crises in the projection, against "
                "each sampled parameter.")
    fig.tight_layout()
    return _save(fig, out / "final.png", text)


def _save(fig, path: Path, caption: str):
    import matplotlib.pyplot as plt

    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path.name, caption


#: how the summary's columns read on the page: (column suffix, label, format of a value)
MEASURES = (("_cumulative_milex_median", "spending to date, median", "{:,.1f} bn"),
            ("_milex_median", "spending, median", "{:,.2f} bn"),
            ("_milex_q05", "spending, 5th percentile", "{:,.2f} bn"),
            ("_milex_q95", "spending, 95th percentile", "{:,.2f} bn"),
            ("_milex_mean", "spending, mean", "{:,.2f} bn"),
            ("_burden_median", "burden (% of GDP), median", "{:.1%}"),
            ("_foregone_health_years_median", "foregone health budget, years, median",
             "{:,.1f}"),
            ("crises_per_run", "crises per run", "{:.2f}"),
            ("wars_per_run", "wars per run", "{:.2f}"),
            ("p_war", "P(a war)", "{:.0%}"),
            ("honoured_share", "alliance calls honoured", "{:.0%}"),
            ("runs", "runs", "{:,.0f}"))
#: the columns a long table (many points) keeps on the page; summary.csv has them all
LONG_COLUMNS = ("regional_milex_median", "crises_per_run", "p_war")


def _reading(column: str) -> tuple[str, str]:
    """(label, format) of a summary column: 'Armenia_burden_median' → ('Armenia: burden (% of
    GDP), median', '{:.1%}')."""
    for suffix, label, fmt in MEASURES:
        if column == suffix or column.endswith(suffix):
            who = column[: -len(suffix)] if column != suffix else ""
            who = "Region" if who == "regional" else who
            return (f"{who}: {label}" if who else label[:1].upper() + label[1:]), fmt
    return column, "{:.3g}"


def _cell(value, fmt: str) -> str:
    return "–" if pd.isna(value) else fmt.format(value)


def _html_table(table, params, labels) -> str:
    """The summary as the page shows it, readable at any width and in one number format per
    measure. Up to :data:`MAX_GROUPS` points: one row per measure and one column per point,
    headed by its settings. More: one row per point with its settings and
    :data:`LONG_COLUMNS` (every column is in summary.csv)."""
    esc = html.escape
    if len(table) <= MAX_GROUPS:
        heads = "".join(f"<th>{esc(labels.get(int(p), str(p)))}</th>" for p in table["point"])
        rows = []
        for col in table.columns:
            if col == "point" or col in params:
                continue
            label, fmt = _reading(col)
            cells = "".join(f"<td>{esc(_cell(v, fmt))}</td>" for v in table[col])
            rows.append(f"<tr><th>{esc(label)}</th>{cells}</tr>")
        return (f'<table class="summary"><thead><tr><th></th>{heads}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>")
    cols = ["point", *params, *(c for c in LONG_COLUMNS if c in table)]
    heads = "".join(f"<th>{esc(c if c == 'point' or c in params else _reading(c)[0])}</th>"
                    for c in cols)
    fmts = {c: "{:.0f}" if c == "point" else "{:.3g}" if c in params else _reading(c)[1]
            for c in cols}
    body = "".join("<tr>" + "".join(f"<td>{esc(_cell(r[c], fmts[c]))}</td>" for c in cols)
                   + "</tr>" for _, r in table.iterrows())
    return (f'<table class="summary"><thead><tr>{heads}</tr></thead><tbody>{body}</tbody>'
            "</table>")


def _page(manifest, figures, body, notes, parts_done) -> str:
    sweep, timing = manifest.get("sweep", {}), manifest.get("timing", {})
    esc = html.escape
    status = manifest.get("status")
    if status != "complete":
        notes.append(f"Partial results: {parts_done} of {manifest.get('chunks')} chunks "
                     f"finished (status: {status}). Finish them with armsrace batch --resume.")
    facts = [("sweep file", sweep.get("file")), ("scenario", manifest.get("scenario", {})
                                                 .get("file")),
             ("runs", f"{manifest.get('runs')} = {manifest.get('points')} points × "
                      f"{manifest.get('replications')} replications"),
             ("seed", sweep.get("seed")), ("model version", manifest.get("model_version")),
             ("compute time", f"{timing.get('seconds', 0):.1f} s"),
             ("scenario sha256", manifest.get("scenario", {}).get("resolved_sha256"))]
    rows = "".join(f"<tr><th>{esc(str(k))}</th><td>{esc(str(v))}</td></tr>" for k, v in facts)
    figs = "".join(f'<figure><img src="{esc(name)}" alt="{esc(cap)}"><figcaption>{esc(cap)}'
                   "</figcaption></figure>" for name, cap in figures)
    warn = "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{esc(str(sweep.get('name', 'Batch results')))}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}
img{{max-width:100%}} figure{{margin:1.5em 0}} figcaption{{color:#555;font-size:.9em}}
table{{border-collapse:collapse;font-size:.85em}} th,td{{padding:.25em .6em;text-align:right;
border-bottom:1px solid #ddd}} table.facts th,table.facts td{{text-align:left}}
table.summary tbody th{{text-align:left;font-weight:normal}} .scroll{{overflow-x:auto}}
.note{{background:#fff3cd;padding:.5em 1em}}</style></head><body>
<h1>{esc(str(sweep.get('name', 'Batch results')))}</h1>
<p>{esc(str(sweep.get('description', '')))}</p>{warn}
<table class="facts">{rows}</table>
{figs}
<h2>Summary per point (final year)</h2>
<div class="scroll">{body}</div>
<p>Spending in US dollars (bn, current prices). Every column, unrounded, is in
<a href="summary.csv">summary.csv</a>. Written by <code>armsrace report</code>.</p>
</body></html>
"""


def add_arguments(p) -> None:
    p.add_argument("results", help="results folder written by armsrace batch")
    p.add_argument("--out", help="folder for the page and charts (default: RESULTS/report)")
    p.add_argument("--measure", default="milex", help="state measure of the fan charts "
                   "(default milex; e.g. burden, capability)")


def command(args) -> int:
    from model.scenario.input_errors import UsageError
    from model.simulation.measures import AGENT_MEASURES

    if args.measure not in AGENT_MEASURES:
        raise UsageError.one("--measure", None, args.measure,
                             f"allowed: {', '.join(AGENT_MEASURES)}")
    page = build_report(args.results, args.out, args.measure)
    print(f"wrote {os.path.relpath(page)} ({len(list(page.parent.glob('*.png')))} charts)")
    return 0

