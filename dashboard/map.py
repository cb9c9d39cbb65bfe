"""The region as a map: country shapes and borders, the capitals of the scenario's states,
their ties, arms flows and this year's crises and wars. Pure functions from a model to a
``charts.ChartData``; the network view (charts.network) stays as the other tab.

Country shapes are Natural Earth's 1:110m countries as TopoJSON, from the ``world-atlas``
npm package 2.0.2 (Mike Bostock, ISC licence; Natural Earth is public domain), vendored in
``dashboard/geo/`` and inlined in the spec: the map draws with no network at all.

The map is framed on the scenario's regional states (``regional: true``); a state whose
capital lies outside the frame (France, the United States, India in the baseline) is drawn
at the frame's edge, in the direction of its capital, with an arrow and its distance, so
its ties and arms flows still show without zooming out to the whole world.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import charts
from .charts import ARMS, SCHEMA, ChartData, _field, _size

WORLD = Path(__file__).with_name("geo") / "countries-110m.json"

#: scenario names spelled otherwise in Natural Earth's ``name``
NATURAL_EARTH_NAMES = {"United States": "United States of America"}

#: degrees of margin around the regional capitals: (longitude, latitude)
MARGIN = (6.0, 4.0)

#: this year's events: kind → (colour, point shape)
EVENTS = {"crisis": ("#CC79A7", "diamond"), "war": ("#000000", "cross")}

#: arrows for the eight directions from the frame towards a far capital, from east anticlockwise
ARROWS = "→↗↑↖←↙↓↘"
#: a far state's name runs away from the frame's edge its arrow points to
ALIGN = {"←": "left", "↖": "left", "↙": "left", "→": "right", "↗": "right", "↘": "right"}


@lru_cache(maxsize=1)
def world() -> dict:
    """The vendored world TopoJSON (objects ``countries`` and ``land``)."""
    return json.loads(WORLD.read_text())


def country_name(state: str) -> str:
    """The Natural Earth name of a scenario state."""
    return NATURAL_EARTH_NAMES.get(state, state)


def frame(capitals: dict[str, tuple[float, float]], regional) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees: the regional capitals with ``MARGIN`` around
    them (all capitals if none is regional)."""
    shown = [capitals[n] for n in regional if n in capitals] or list(capitals.values())
    lats, lons = zip(*shown, strict=True)
    return (min(lons) - MARGIN[0], min(lats) - MARGIN[1], max(lons) + MARGIN[0],
            max(lats) + MARGIN[1])


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points, km (haversine, R = 6371 km)."""
    (la1, lo1), (la2, lo2) = (np.radians(a), np.radians(b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def place(capital: tuple[float, float], box, inset: float = 0.08) -> dict:
    """Where a capital is drawn: itself if inside ``box``, else the point where the line
    from the box's centre towards it meets the box (``inset`` of the box's size inside),
    with an arrow pointing on and the distance from the centre."""
    west, south, east, north = box
    lat, lon = capital
    if west <= lon <= east and south <= lat <= north:
        return {"lon": lon, "lat": lat, "far": False, "arrow": "", "km": 0.0}
    clon, clat = (west + east) / 2, (south + north) / 2
    half_w, half_h = (east - west) / 2 * (1 - inset), (north - south) / 2 * (1 - inset)
    dx, dy = lon - clon, lat - clat
    t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    octant = round(math.atan2(dy, dx) / (math.pi / 4)) % 8
    return {"lon": clon + t * dx, "lat": clat + t * dy, "far": True, "arrow": ARROWS[octant],
            "km": km_between((clat, clon), capital)}


def places(model) -> dict[str, dict]:
    """Each state's place on the map (``place``); a state without a capital is left out."""
    sc, w = model.scenario, model.world
    caps = {n: tuple(sc.states[n].capital) for n in w.names if sc.states[n].capital}
    if not caps:
        return {}
    regional = [n for n, r in zip(w.names, w.regional, strict=True) if r]
    box = frame(caps, regional)
    return {n: place(c, box) for n, c in caps.items()}


@lru_cache(maxsize=8)
def _map_spec(states: tuple, box: tuple, width, height: int) -> dict:
    west, south, east, north = box
    span_x = math.radians(east - west)
    y_south, y_north = (math.log(math.tan(math.pi / 4 + math.radians(v) / 2))
                        for v in (south, north))
    mid_lat = math.degrees(2 * math.atan(math.exp((y_south + y_north) / 2)) - math.pi / 2)
    # Mercator framed on ``box`` whatever the chart's width: scale from the view's own size
    # (Vega-Lite would otherwise fit the projection to every country of the world)
    projection = {"type": "mercator", "center": [(west + east) / 2, mid_lat],
                  "scale": {"expr": f"min(width / {span_x:.6f}, "
                                    f"height / {y_north - y_south:.6f})"},
                  "translate": {"expr": "[width / 2, height / 2]"}}
    ours = json.dumps([country_name(s) for s in states])
    at = {"longitude": _field("lon"), "latitude": _field("lat")}
    to = {"longitude2": {"field": "lon2"}, "latitude2": {"field": "lat2"}}
    countries = {
        "data": {"values": world(), "format": {"type": "topojson", "feature": "countries"}},
        "transform": [{"calculate": f"indexof({ours}, datum.properties.name) >= 0",
                       "as": "in_scenario"}],
        "mark": {"type": "geoshape", "stroke": "#8c8c8c", "strokeWidth": 0.7, "clip": True},
        "encoding": {
            "color": {"condition": {"test": "datum.in_scenario", "value": "#e6dcc6"},
                      "value": "#f3f3f3"},
            "tooltip": [{"field": "properties.name", "type": "nominal", "title": "country"}]}}
    ties = {"data": {"name": "edges"}, "mark": {"type": "rule", "opacity": 0.75},
            "encoding": {**at, **to,
                         "color": _field("relation", "nominal", **charts.RELATION_COLOUR),
                         "strokeWidth": _field("width", legend=None, scale=None),
                         "tooltip": [_field("a", "nominal"), _field("b", "nominal"),
                                     _field("kind", "nominal"),
                                     _field("strength", format="+.2f"),
                                     _field("reliability", format=".2f")]}}
    arms = {"data": {"name": "flows"}, "mark": {"type": "rule", "strokeDash": [4, 3],
                                                "strokeWidth": 2},
            "encoding": {**at, **to, "color": {"datum": "arms flow", "type": "nominal"},
                         "tooltip": [_field("supplier", "nominal"), _field("client", "nominal"),
                                     _field("value", format=".3f", title="USD bn")]}}
    heads = {"data": {"name": "flows"},
             "mark": {"type": "point", "shape": "triangle", "filled": True, "color": ARMS,
                      "size": 60},
             "encoding": {"longitude": _field("lon2"), "latitude": _field("lat2")}}
    capitals = {"data": {"name": "nodes"},
                "mark": {"type": "circle", "color": "#444444", "opacity": 0.9,
                         "stroke": "white", "strokeWidth": 1},
                "encoding": {**at, "size": _field("capability", legend=None,
                                                  scale={"type": "sqrt", "range": [40, 700]}),
                             "tooltip": [_field("state", "nominal"),
                                         _field("capital", "nominal"),
                                         _field("capability", format=".1f")]}}

    def labels(align: str, halo: bool) -> dict:
        """Names aligned ``align`` (a far state's name runs into the map, not off it), in
        a white halo or in ink."""
        return {"data": {"name": "nodes"}, "transform": [{"filter": f"datum.align == '{align}'"}],
                "mark": {"type": "text", "fontWeight": "bold", "dy": -12,
                         "align": align, "stroke": "white", "strokeWidth": 3 if halo else 0,
                         "strokeOpacity": 0.8},
                "encoding": {**at, "text": _field("label", "nominal")}}

    events = {"data": {"name": "events"},
              "mark": {"type": "point", "filled": True, "size": 260, "opacity": 1,
                       "stroke": "white", "strokeWidth": 1},
              "encoding": {**at,
                           "fill": _field("event", "nominal", title="this year", scale={
                               "domain": list(EVENTS),
                               "range": [c for c, _ in EVENTS.values()]}),
                           "shape": _field("event", "nominal", title="this year", scale={
                               "domain": list(EVENTS),
                               "range": [s for _, s in EVENTS.values()]}),
                           "tooltip": [_field("event", "nominal"), _field("between", "nominal"),
                                       _field("text", "nominal")]}}
    return {"$schema": SCHEMA, **_size(width, height),
            "title": {"text": ["The region: alliances (blue), rivalries (orange),",
                               "arms flows (green, dashed), this year's crises and wars"]},
            "projection": projection,
            "layer": [countries, ties, arms, heads, capitals, events,
                      *(labels(a, halo) for halo in (True, False)
                        for a in ("left", "center", "right"))]}


def regional_map(model, width="container", height=330) -> ChartData:
    """The map of ``model`` this year: countries (the scenario's shaded), capitals sized by
    capability, ties weaker than 0.15 left out (as in the network view), arms transfers as
    dashed arrows, and the crises and wars of the year just simulated at the midpoint of
    their two capitals."""
    w, sc = model.world, model.scenario
    at = places(model)
    nodes = [dict(state=n, capital=f"{sc.states[n].capital[0]:.2f}, "
                  f"{sc.states[n].capital[1]:.2f}", lon=p["lon"], lat=p["lat"],
                  capability=float(w.capability[w.index(n)]),
                  label=(f"{p['arrow']} {n} ({p['km']:,.0f} km)" if p["far"] else n),
                  align=ALIGN.get(p["arrow"], "center"))
             for n, p in at.items()]
    edges = [dict(a=a, b=b, lon=at[a]["lon"], lat=at[a]["lat"], lon2=at[b]["lon"],
                  lat2=at[b]["lat"], strength=float(d["strength"]), relation=d["relation"],
                  width=1 + 4 * abs(float(d["strength"])), kind=d["kind"],
                  reliability=float(d["reliability"]))
             for a, b, d in model.alliance_graph.edges(data=True)
             if abs(d["strength"]) >= 0.15 and a in at and b in at]
    flows = []
    for s, c in zip(*np.nonzero(w.arms_flow > 1e-4), strict=True):
        a, b = w.names[s], w.names[c]
        if a in at and b in at:
            flows.append(dict(supplier=a, client=b, lon=at[a]["lon"], lat=at[a]["lat"],
                              lon2=0.15 * at[a]["lon"] + 0.85 * at[b]["lon"],
                              lat2=0.15 * at[a]["lat"] + 0.85 * at[b]["lat"],
                              value=float(w.arms_flow[s, c])))
    events = [dict(event=e.kind, between=" – ".join(e.actors[:2]), text=e.text,
                   lon=(at[e.actors[0]]["lon"] + at[e.actors[1]]["lon"]) / 2,
                   lat=(at[e.actors[0]]["lat"] + at[e.actors[1]]["lat"]) / 2)
              for e in model.chronicle if e.year == model.year and e.kind in EVENTS
              and len(e.actors) >= 2 and e.actors[0] in at and e.actors[1] in at]
    regional = [n for n, r in zip(w.names, w.regional, strict=True) if r]
    box = frame({n: tuple(sc.states[n].capital) for n in at}, regional) if at else (
        -180.0, -60.0, 180.0, 80.0)
    return ChartData(_map_spec(tuple(w.names), box, width, height),
                     {"nodes": nodes, "edges": edges, "flows": flows, "events": events})
