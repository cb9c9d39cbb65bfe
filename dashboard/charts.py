"""The dashboard's charts: each is a Vega-Lite spec that depends only on the view (which
states, log scale, compare overlay…) and is built once, plus the year's data as named
datasets. The browser keeps each chart's Vega view alive and swaps in only the new data, so
a Step costs the data, not a redraw from scratch (measured: chart redraws dominated the
step time). Pure functions from frames to ``ChartData``.

The specs are plain Vega-Lite 5 (the version served to the browser), written as dicts: no
chart library is imported when the server starts. ``ChartData.altair()`` checks them
against the Vega-Lite schema in the tests.

Colours are the Okabe–Ito palette, safe for colour-blind readers, with its yellow
(#F0E442, 1.3:1 on white) replaced by Paul Tol's dark yellow #997700 (4:1) for lines.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#997700", "#0072B2", "#D55E00", "#CC79A7",
             "#000000"]
ALLY, RIVAL, ARMS = "#0072B2", "#D55E00", "#009E73"
#: the ties' colour scale and legend, shared by the network and the map (dashboard/map.py)
RELATION_COLOUR = {"scale": {"domain": ["ally", "rival", "arms flow"],
                             "range": [ALLY, RIVAL, ARMS]}, "title": None,
                   "legend": {"symbolType": "stroke", "symbolStrokeWidth": 3}}

#: the charts' text sizes at the normal view (Vega's defaults, px); ``sized_text`` scales them
TEXT = {"title": 13, "label": 10, "axis_title": 11}


def state_colours(n: int) -> list[str]:
    """A colour for each of ``n`` states: Okabe–Ito for the first eight, then hues spread
    by the golden angle at a darkness that reads on white (a ninth state needs no code)."""
    extra = []
    for k in range(max(n - len(OKABE_ITO), 0)):
        hue = (k * 137.508) % 360
        extra.append(f"hsl({hue:.0f}, 65%, 38%)")
    return (OKABE_ITO + extra)[:n] if n > len(OKABE_ITO) else OKABE_ITO[:max(n, 1)]


class ChartData(NamedTuple):
    """A chart: its Vega-Lite ``spec`` (data referenced by name) and those named ``datasets``."""

    spec: dict
    datasets: dict[str, list[dict]]

    def to_dict(self) -> dict:
        """The complete Vega-Lite spec with the data inlined (for export and checks)."""
        return {**self.spec, "datasets": self.datasets}

    def altair(self):
        """The chart as an Altair object; building it validates the spec against the schema."""
        import altair as alt

        kind = alt.Chart if "mark" in self.spec else alt.LayerChart
        return kind.from_dict(self.to_dict())


#: (id of a spec, scale) → (that spec, the spec at that text size); see ``sized_text``
_SIZED: dict[tuple[int, float], tuple[dict, dict]] = {}


def sized_text(chart: ChartData, scale: float = 1.0) -> ChartData:
    """``chart`` with its titles, axes and legends at ``scale`` × the normal text size (the
    projector's large font); the same spec at 1. The sized spec is made once per spec and
    scale, so it stays the same object from year to year, as the spec does (the page sends
    a spec's text once per spec object: dashboard/vega_view.py)."""
    if scale == 1.0:
        return chart
    hit = _SIZED.get((id(chart.spec), scale))
    if hit is not None and hit[0] is chart.spec:
        return ChartData(hit[1], chart.datasets)
    title, label, axis = (round(TEXT[k] * scale) for k in ("title", "label", "axis_title"))
    config = {"title": {"fontSize": title},
              "axis": {"labelFontSize": label, "titleFontSize": axis},
              "legend": {"labelFontSize": label, "titleFontSize": axis},
              "text": {"fontSize": label}}
    if len(_SIZED) >= 256:
        _SIZED.clear()
    sized = {**chart.spec, "config": config}
    _SIZED[(id(chart.spec), scale)] = (chart.spec, sized)
    return ChartData(sized, chart.datasets)


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain JSON values (NaN → null, numpy numbers → Python numbers)."""
    return json.loads(df.to_json(orient="records"))


SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def _field(name: str, kind: str = "quantitative", **more) -> dict:
    return {"field": name, "type": kind, **more}


def _colour(field: str, names=None, shown=None, **more) -> dict:
    """Colour by state: each state keeps its Okabe–Ito colour (its place in ``names``)
    whichever subset is ``shown``, and the legend lists only the states shown."""
    if not names:
        return _field(field, "nominal", scale={"range": OKABE_ITO}, **more)
    palette = dict(zip(names, state_colours(len(names)), strict=True))
    shown = list(shown or names)
    return _field(field, "nominal", scale={"domain": shown,
                                           "range": [palette[n] for n in shown]}, **more)


def _size(width, height) -> dict:
    """``width="container"``: as wide as the chart's column, legend included (laptop,
    projector); a number: that many pixels."""
    fit = {"autosize": {"type": "fit-x", "contains": "padding"}} if width == "container" \
        else {}
    return {"width": width, "height": height, **fit}


def _lines(title: str, y: dict, colour: dict, tooltip: list, width, height: int,
           **encoding) -> dict:
    """A line per state (or partner) over the years, with points."""
    return {"$schema": SCHEMA, "data": {"name": "rows"}, "title": title,
            **_size(width, height), "mark": {"type": "line", "point": True},
            "encoding": {"x": _field("year", "ordinal", title=None), "y": y, "color": colour,
                         "tooltip": tooltip, **encoding}}


def _shown(names, region, great_powers: bool) -> list[str]:
    """The states a chart shows: the ``region``'s (the scenario's ``regional`` states; all
    of them if it names none), or every state with the great powers."""
    return list(names) if great_powers or not region else [n for n in names if n in region]


#: the compare overlay's runs and their dashes: this run solid, the compared run dashed
RUNS = {"this run": [1, 0], "compared": [6, 4]}


@lru_cache(maxsize=64)
def _spending_spec(names: tuple, shown: tuple, log: bool, compare: bool, width,
                   height: int) -> dict:
    """Lines and points in two layers: the dash legend comes from the lines alone (merged
    with the filled points, Vega-Lite drew its symbols transparent: two blank entries)."""
    spec = _lines(
        "Defence spending",
        _field("milex", title="USD bn", scale={"type": "log"} if log else {}),
        _colour("state", names, shown),
        [_field("state", "nominal"), _field("year", "ordinal"),
         _field("milex", format=".3f"), _field("run", "nominal")],
        width, height)
    dash = _field("run", "nominal", scale={"domain": list(RUNS), "range": list(RUNS.values())},
                  legend={"title": None, "symbolType": "stroke", "symbolStrokeColor": "#333333",
                          "symbolStrokeWidth": 2, "symbolSize": 300} if compare else None)
    del spec["mark"]
    spec["layer"] = [{"mark": {"type": "line"}, "encoding": {"strokeDash": dash}},
                     {"mark": {"type": "point", "filled": True}}]
    return spec


def spending(df: pd.DataFrame, names, great_powers=False, log=False, compare=None,
             width="container", height=260, region=None) -> ChartData:
    """Defence spending per state, USD bn (the ``region``'s states unless great powers are
    shown); ``compare``: a second run's frame, drawn dashed."""
    shown = _shown(names, region, great_powers)
    cols = ["state", "year", "milex"]
    data = df.loc[df.state.isin(shown), cols].assign(run="this run")
    if compare is not None:
        data = pd.concat([data, compare.loc[compare.state.isin(shown), cols].assign(
            run="compared")])
    return ChartData(_spending_spec(tuple(names), tuple(shown), log, compare is not None,
                                    width, height),
                     {"rows": records(data)})


@lru_cache(maxsize=16)
def _burden_spec(names: tuple, shown: tuple, width, height: int) -> dict:
    return _lines(
        "Burden: spending as % of GDP",
        _field("burden", title="% of GDP", axis={"format": "%"}),
        _colour("state", names, shown),
        [_field("state", "nominal"), _field("year", "ordinal"),
         _field("burden", format=".2%")],
        width, height)


def burden(df: pd.DataFrame, names, great_powers=False, width="container",
           height=260, region=None) -> ChartData:
    """Military burden, spending as a share of GDP."""
    shown = _shown(names, region, great_powers)
    rows = df.loc[df.state.isin(shown), ["state", "year", "burden"]]
    return ChartData(_burden_spec(tuple(names), tuple(shown), width, height),
                     {"rows": records(rows)})


@lru_cache(maxsize=16)
def _threat_spec(names: tuple, width, height: int) -> dict:
    return {"$schema": SCHEMA, "data": {"name": "rows"},
            "title": "Who fears whom (share of each state's threat)",
            **_size(width, height), "mark": {"type": "rect"},
            "encoding": {
                "x": _field("of", "nominal", title="feared", sort=list(names)),
                "y": _field("fears", "nominal", title="state", sort=list(names)),
                "color": _field("share", title="share",
                                scale={"scheme": "oranges", "domain": [0, 1]}),
                "tooltip": [_field("fears", "nominal"), _field("of", "nominal"),
                            _field("threat", format=".3f", title="USD bn"),
                            _field("share", format=".0%")]}}


def threat_heatmap(model, width=300, height=300) -> ChartData:
    """Who fears whom: row state's threat from column state (W_ij · milex_j, USD bn), as a
    share of all the row state's threat (Walt: threat, not power, drives balancing)."""
    w = model.world
    terms = np.asarray(model.threat_terms, dtype=float)
    totals = terms.sum(axis=1) - np.diag(terms)
    rows = [dict(fears=w.names[i], of=w.names[j], threat=float(terms[i, j]),
                 share=float(terms[i, j] / totals[i]) if totals[i] else 0.0)
            for i in range(w.n) for j in range(w.n) if i != j]
    return ChartData(_threat_spec(tuple(w.names), width, height), {"rows": rows})


def fisheye(capital, centre, power=0.3):
    """Map-like position that keeps directions from the region's centre but compresses
    distance (r → r^power), so neighbours separate and far capitals stay on the page."""
    dx, dy = capital[1] - centre[1], capital[0] - centre[0]
    r = float(np.hypot(dx, dy))
    k = r ** power / r if r > 0 else 0.0
    return dx * k, dy * k


def label_places(pos: dict, close: float = 0.18, gap: float = 0.07) -> dict:
    """Where each node's name goes: above the node, or, when neighbours sit close by
    (Armenia, Azerbaijan, Iran, India), pushed away from them — each name on its own side,
    aligned away from its node. ``close`` and ``gap`` are shares of the map's size.
    Returns name → (x, y, align)."""
    pts = np.array(list(pos.values()), dtype=float)
    span = float(max(np.ptp(pts[:, 0]), np.ptp(pts[:, 1]))) or 1.0
    out = {}
    for name, (x, y) in pos.items():
        here = np.array([x, y])
        near = [p for p in pts if 0 < np.hypot(*(p - here)) < close * span]
        if near:
            away = here - np.mean(near, axis=0)
            away = away / (np.hypot(*away) or 1.0)
        else:
            away = np.array([0.0, 1.0])
        lx, ly = here + gap * span * away
        align = "left" if away[0] > 0.4 else "right" if away[0] < -0.4 else "center"
        out[name] = (float(lx), float(ly), align)
    return out


def layout(model) -> dict[str, tuple[float, float]]:
    """Each state's place on the map: its capital through ``fisheye``, or a circle."""
    sc, names = model.scenario, model.world.names
    caps = [sc.states[n].capital for n in names]
    centre = np.median([c for c in caps if c], axis=0) if any(caps) else (0, 0)
    return {n: fisheye(caps[i], centre) if caps[i] else
            (np.cos(2 * np.pi * i / len(names)), np.sin(2 * np.pi * i / len(names)))
            for i, n in enumerate(names)}


@lru_cache(maxsize=16)
def _network_spec(width, height: int) -> dict:
    place = {"scale": {"zero": False, "padding": 30}, "axis": None}
    at = {"x": _field("x", **place), "y": _field("y", **place)}
    to = {"x2": {"field": "x2"}, "y2": {"field": "y2"}}
    colour = RELATION_COLOUR
    ties = {"data": {"name": "edges"}, "mark": {"type": "rule", "opacity": 0.7},
            "encoding": {**at, **to,
                         "color": _field("relation", "nominal", **colour),
                         "strokeWidth": _field("width", legend=None),
                         "tooltip": [_field("a", "nominal"), _field("b", "nominal"),
                                     _field("kind", "nominal"),
                                     _field("strength", format="+.2f"),
                                     _field("reliability", format=".2f")]}}
    arms = {"data": {"name": "flows"},
            "mark": {"type": "rule", "strokeDash": [4, 3]},
            "encoding": {**at, **to, "color": {"datum": "arms flow", "type": "nominal"},
                         "tooltip": [_field("supplier", "nominal"), _field("client", "nominal"),
                                     _field("value", format=".3f", title="USD bn")]}}
    heads = {"data": {"name": "flows"},
             "mark": {"type": "point", "shape": "triangle", "filled": True,
                      "color": ARMS, "size": 60},
             "encoding": {"x": _field("x2", axis=None), "y": _field("y2", axis=None)}}
    states = {"data": {"name": "nodes"},
              "mark": {"type": "circle", "color": "#555555", "opacity": 0.85},
              "encoding": {**at, "size": _field("capability", legend=None,
                                                scale={"type": "sqrt", "range": [60, 1500]}),
                           "tooltip": [_field("state", "nominal"),
                                       _field("capability", format=".1f")]}}

    def names(align: str) -> dict:
        return {"data": {"name": "nodes"}, "transform": [{"filter": f"datum.align == '{align}'"}],
                "mark": {"type": "text", "align": align, "baseline": "middle",
                         "fontWeight": "bold"},
                "encoding": {"x": _field("label_x", **place), "y": _field("label_y", **place),
                             "text": _field("state", "nominal")}}

    return {"$schema": SCHEMA, **_size(width, height),
            "title": {"text": ["Alliances (blue), rivalries (orange),",
                               "arms flows (green, dashed)"]},
            "layer": [ties, arms, heads, states, names("left"), names("center"),
                      names("right")]}


def network(model, width="container", height=330) -> ChartData:
    """The alliance network on a map-like layout (capitals' longitude and latitude): nodes
    sized by capability, ties coloured ally/rival and weighted by strength (ties weaker than
    0.15 left out), arms transfers as dashed arrows."""
    pos = layout(model)
    labels = label_places(pos)
    w = model.world
    nodes = [dict(state=n, x=pos[n][0], y=pos[n][1], capability=float(w.capability[i]),
                  label_x=labels[n][0], label_y=labels[n][1], align=labels[n][2])
             for i, n in enumerate(w.names)]
    edges = [dict(a=a, b=b, x=pos[a][0], y=pos[a][1], x2=pos[b][0], y2=pos[b][1],
                  strength=float(d["strength"]), relation=d["relation"],
                  width=1 + 5 * abs(float(d["strength"])), kind=d["kind"],
                  reliability=float(d["reliability"]))
             for a, b, d in model.alliance_graph.edges(data=True) if abs(d["strength"]) >= 0.15]
    flows = []
    for s, c in zip(*np.nonzero(w.arms_flow > 1e-4), strict=True):
        a, b = w.names[s], w.names[c]
        flows.append(dict(supplier=a, client=b, x=pos[a][0], y=pos[a][1],
                          x2=0.15 * pos[a][0] + 0.85 * pos[b][0],
                          y2=0.15 * pos[a][1] + 0.85 * pos[b][1],
                          value=float(w.arms_flow[s, c])))
    return ChartData(_network_spec(width, height), {"nodes": nodes, "edges": edges,
                                                    "flows": flows})


@lru_cache(maxsize=64)
def _health_spec(state: str, names: tuple, partners: tuple, width, height: int) -> dict:
    if not partners:   # no alliance: say so, with no legend for lines that are not there
        return {"$schema": SCHEMA, "data": {"name": "rows"}, **_size(width, height),
                "title": f"Alliance health: {state} has no alliances in this scenario",
                "mark": {"type": "text", "text": "no alliances", "color": "#666666"}}
    return _lines(
        f"Alliance health: how reliable are {state}'s partners?",
        _field("reliability", title="P(commitment honoured)", scale={"domain": [0, 1]}),
        _colour("partner", names, partners),
        [_field("partner", "nominal"), _field("year", "ordinal"),
         *[_field(k, format=".2f") for k in ("reliability", "arms_share", "alignment",
                                              "exercises", "presence", "orientation_shift")]],
        width, height)


HEALTH_COLUMNS = ["year", "reliability", "arms_share", "alignment", "exercises", "presence",
                  "orientation_shift"]


def alliance_health(ties: pd.DataFrame, state: str, names=None, width="container",
                    height=240) -> ChartData:
    """Reliability of each of ``state``'s alliances over time, from the Leeds-style
    indicators (arms share, alignment, exercises, presence) and trust; each partner in its
    own colour from the other charts (``names``: all states, in the scenario's order)."""
    mine = ties[(ties.a == state) | (ties.b == state)]
    rows = mine[HEALTH_COLUMNS].assign(partner=np.where(mine.a == state, mine.b, mine.a))
    present = set(rows.partner)
    order = list(names) if names else sorted(present)
    partners = tuple(n for n in order if n in present)
    return ChartData(_health_spec(state, tuple(order), partners, width, height),
                     {"rows": records(rows)})


@lru_cache(maxsize=16)
def _butter_spec(names: tuple, shown: tuple, width, height: int) -> dict:
    return _lines(
        "Price of the race: foregone health budgets (years)",
        _field("foregone_health_years", title="years"),
        _colour("state", names, shown),
        [_field("state", "nominal"), _field("year", "ordinal"),
         _field("foregone_health_years", format=".1f"),
         _field("cumulative_milex", format=".2f", title="spent, USD bn")],
        width, height)


def butter(df: pd.DataFrame, names, width="container", height=240, region=None
           ) -> ChartData:
    """Guns versus butter: spending above the reference burden, in years of health budget."""
    shown = _shown(names, region, False)
    rows = df.loc[df.state.isin(shown),
                  ["state", "year", "foregone_health_years", "cumulative_milex"]]
    return ChartData(_butter_spec(tuple(names), tuple(shown), width, height),
                     {"rows": records(rows)})
