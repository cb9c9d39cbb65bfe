"""Altair charts of a model run: pure functions from frames to charts (rendered in the browser).

Colours are the Okabe–Ito palette, safe for colour-blind readers.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000"]
ALLY, RIVAL = "#0072B2", "#D55E00"
REGIONAL = ["Armenia", "Azerbaijan", "Turkey", "Iran", "Georgia"]


def _scale(names):
    return alt.Scale(domain=list(names), range=(OKABE_ITO * 4)[: len(names)])


def spending(df: pd.DataFrame, names, great_powers=False, log=False, compare=None,
             width=420, height=260) -> alt.Chart:
    """Defence spending per state, USD bn (regional states unless great powers are shown)."""
    shown = [n for n in names if great_powers or n in REGIONAL] or list(names)
    data = df[df.state.isin(shown)].assign(run="this run")
    if compare is not None:
        data = pd.concat([data, compare[compare.state.isin(shown)].assign(run="compared")])
    y = alt.Y("milex:Q", title="USD bn", scale=alt.Scale(type="log") if log else alt.Scale())
    return alt.Chart(data, title="Defence spending").mark_line(point=True).encode(
        x=alt.X("year:O", title=None), y=y,
        color=alt.Color("state:N", scale=_scale(names)),
        strokeDash=alt.StrokeDash("run:N", legend=alt.Legend(title=None) if compare is not None
                                  else None),
        tooltip=["state", "year", alt.Tooltip("milex:Q", format=".3f"), "run"],
    ).properties(width=width, height=height)


def burden(df: pd.DataFrame, names, great_powers=False, width=420, height=260) -> alt.Chart:
    shown = [n for n in names if great_powers or n in REGIONAL] or list(names)
    return alt.Chart(df[df.state.isin(shown)], title="Burden: spending as % of GDP").mark_line(
        point=True).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("burden:Q", title="% of GDP", axis=alt.Axis(format="%")),
        color=alt.Color("state:N", scale=_scale(names)),
        tooltip=["state", "year", alt.Tooltip("burden:Q", format=".2%")],
    ).properties(width=width, height=height)


def threat_heatmap(model, width=300, height=300) -> alt.Chart:
    """Who fears whom: row state's threat from column state (W_ij · milex_j, USD bn)."""
    w = model.world
    terms = model.threat_terms
    rows = [dict(fears=w.names[i], of=w.names[j], threat=float(terms[i, j]))
            for i in range(w.n) for j in range(w.n) if i != j]
    data = pd.DataFrame(rows)
    data["share"] = data.threat / data.groupby("fears").threat.transform("sum").replace(0, 1)
    return alt.Chart(data, title="Who fears whom (share of each state's threat)").mark_rect(
    ).encode(
        x=alt.X("of:N", title="feared", sort=w.names),
        y=alt.Y("fears:N", title="state", sort=w.names),
        color=alt.Color("share:Q", scale=alt.Scale(scheme="oranges", domain=[0, 1]),
                        title="share"),
        tooltip=["fears", "of", alt.Tooltip("threat:Q", format=".3f", title="USD bn"),
                 alt.Tooltip("share:Q", format=".0%")],
    ).properties(width=width, height=height)


def fisheye(capital, centre, power=0.3):
    """Map-like position that keeps directions from the region's centre but compresses
    distance (r → r^power), so neighbours separate and far capitals stay on the page."""
    dx, dy = capital[1] - centre[1], capital[0] - centre[0]
    r = float(np.hypot(dx, dy))
    k = r ** power / r if r > 0 else 0.0
    return dx * k, dy * k


def _label_below(pos: dict, name: str, close: float = 0.1) -> bool:
    """Write a node's name below it when a neighbour to its west sits close by (Armenia and
    Azerbaijan), so the two names do not overprint; ``close`` is a share of the map's width."""
    xs = [p[0] for p in pos.values()]
    span = (max(xs) - min(xs)) or 1.0
    x, y = pos[name]
    return any(o != name and p[0] < x and np.hypot(p[0] - x, p[1] - y) < close * span
               for o, p in pos.items())


def network(model, width=460, height=330) -> alt.Chart:
    """The alliance network on a map-like layout (capitals' longitude and latitude)."""
    g = model.alliance_graph
    sc = model.scenario
    pos = {}
    caps = [sc.states[n].capital for n in model.world.names]
    centre = np.median([c for c in caps if c], axis=0) if any(caps) else (0, 0)
    for i, n in enumerate(model.world.names):
        pos[n] = fisheye(caps[i], centre) if caps[i] else (
            np.cos(2 * np.pi * i / model.world.n), np.sin(2 * np.pi * i / model.world.n))
    nodes = pd.DataFrame([dict(state=n, x=pos[n][0], y=pos[n][1],
                               capability=float(model.world.capability[i]),
                               below=_label_below(pos, n))
                          for i, n in enumerate(model.world.names)])
    edges = []
    for a, b, d in g.edges(data=True):
        if abs(d["strength"]) < 0.15:
            continue
        edges.append(dict(a=a, b=b, x=pos[a][0], y=pos[a][1], x2=pos[b][0], y2=pos[b][1],
                          strength=d["strength"], relation=d["relation"],
                          width=1 + 5 * abs(d["strength"]), kind=d["kind"],
                          reliability=d["reliability"]))
    edges = pd.DataFrame(edges, columns=["a", "b", "x", "y", "x2", "y2", "strength",
                                         "relation", "width", "kind", "reliability"])
    flows = []
    w = model.world
    for s, c in zip(*np.nonzero(w.arms_flow > 1e-4), strict=True):
        a, b = w.names[s], w.names[c]
        flows.append(dict(supplier=a, client=b, x=pos[a][0], y=pos[a][1],
                          x2=0.15 * pos[a][0] + 0.85 * pos[b][0],
                          y2=0.15 * pos[a][1] + 0.85 * pos[b][1],
                          value=float(w.arms_flow[s, c])))
    flows = pd.DataFrame(flows, columns=["supplier", "client", "x", "y", "x2", "y2", "value"])
    xs = alt.X("x:Q", axis=None, scale=alt.Scale(zero=False, padding=30))
    ys = alt.Y("y:Q", axis=None, scale=alt.Scale(zero=False, padding=30))
    lines = alt.Chart(edges).mark_rule(opacity=0.7).encode(
        x=xs, y=ys, x2="x2:Q", y2="y2:Q",
        color=alt.Color("relation:N", scale=alt.Scale(domain=["ally", "rival"],
                                                      range=[ALLY, RIVAL]), title="tie"),
        strokeWidth=alt.StrokeWidth("width:Q", legend=None),
        tooltip=["a", "b", "kind", alt.Tooltip("strength:Q", format="+.2f"),
                 alt.Tooltip("reliability:Q", format=".2f")])
    arrows = alt.Chart(flows).mark_rule(strokeDash=[4, 3], color="#009E73").encode(
        x=xs, y=ys, x2="x2:Q", y2="y2:Q",
        tooltip=["supplier", "client", alt.Tooltip("value:Q", format=".3f", title="USD bn")])
    heads = alt.Chart(flows).mark_point(shape="triangle", filled=True, color="#009E73",
                                        size=60).encode(x=alt.X("x2:Q", axis=None),
                                                        y=alt.Y("y2:Q", axis=None))
    dots = alt.Chart(nodes).mark_circle(color="#555555", opacity=0.85).encode(
        x=xs, y=ys, size=alt.Size("capability:Q", scale=alt.Scale(type="sqrt",
                                                                   range=[60, 1500]),
                                  legend=None),
        tooltip=["state", alt.Tooltip("capability:Q", format=".1f")])
    labels = (alt.Chart(nodes[~nodes.below]).mark_text(dy=-14, fontWeight="bold")
              .encode(x=xs, y=ys, text="state:N")
              + alt.Chart(nodes[nodes.below]).mark_text(dy=16, fontWeight="bold")
              .encode(x=xs, y=ys, text="state:N"))
    return (lines + arrows + heads + dots + labels).properties(
        width=width, height=height,
        title="Alliances (blue), rivalries (red), arms flows (green, dashed)")


def alliance_health(ties: pd.DataFrame, state: str, width=420, height=240) -> alt.Chart:
    """Reliability of each of ``state``'s alliances over time (from its indicators and trust)."""
    mine = ties[(ties.a == state) | (ties.b == state)].copy()
    mine["partner"] = np.where(mine.a == state, mine.b, mine.a)
    return alt.Chart(mine, title=f"Alliance health: how reliable are {state}'s partners?").mark_line(
        point=True).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("reliability:Q", scale=alt.Scale(domain=[0, 1]),
                title="P(commitment honoured)"),
        color=alt.Color("partner:N", scale=alt.Scale(range=OKABE_ITO)),
        tooltip=["partner", "year", alt.Tooltip("reliability:Q", format=".2f"),
                 alt.Tooltip("arms_share:Q", format=".2f"),
                 alt.Tooltip("alignment:Q", format=".2f"),
                 alt.Tooltip("exercises:Q", format=".2f"),
                 alt.Tooltip("presence:Q", format=".2f"),
                 alt.Tooltip("orientation_shift:Q", format=".2f")],
    ).properties(width=width, height=height)


def butter(df: pd.DataFrame, names, width=420, height=240) -> alt.Chart:
    """Guns versus butter: spending above the reference burden, in years of health budget."""
    shown = [n for n in names if n in REGIONAL] or list(names)
    return alt.Chart(df[df.state.isin(shown)],
                     title="Price of the race: foregone health budgets (years)").mark_line(
        point=True).encode(
        x=alt.X("year:O", title=None), y=alt.Y("foregone_health_years:Q", title="years"),
        color=alt.Color("state:N", scale=_scale(names)),
        tooltip=["state", "year", alt.Tooltip("foregone_health_years:Q", format=".1f"),
                 alt.Tooltip("cumulative_milex:Q", format=".2f", title="spent, USD bn")],
    ).properties(width=width, height=height)
