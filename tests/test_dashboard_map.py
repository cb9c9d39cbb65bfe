"""The map tab: country shapes inline (offline), capitals placed, far states at the edge."""

import pytest

from dashboard import map as region_map
from model import ArmsRaceModel, load_scenario
from model.scenario.loader import SCENARIOS


@pytest.fixture(scope="module")
def model():
    m = ArmsRaceModel(load_scenario(SCENARIOS / "baseline_2020.yaml"), rng=1)
    for _ in range(4):
        m.step()
    return m


def test_world_is_vendored_and_names_every_scenario_state(model):
    names = {g["properties"]["name"]
             for g in region_map.world()["objects"]["countries"]["geometries"]}
    for state in model.world.names:
        assert region_map.country_name(state) in names


def test_place_inside_and_outside_the_frame():
    box = (30.0, 30.0, 50.0, 45.0)
    assert region_map.place((40.0, 44.0), box) == {"lon": 44.0, "lat": 40.0, "far": False,
                                                   "arrow": "", "km": 0.0}
    paris = region_map.place((48.86, 2.35), box)
    assert paris["far"] and paris["arrow"] in "←↖"
    assert 30.0 < paris["lon"] < 32.0 and 30.0 < paris["lat"] < 45.0
    assert 2500 < paris["km"] < 3500   # Paris to about (37.5 N, 40 E)


def test_map_spec_is_valid_offline_and_framed_on_the_region(model):
    chart = region_map.regional_map(model)
    chart.altair()   # valid Vega-Lite
    countries = chart.spec["layer"][0]["data"]
    assert countries["format"] == {"type": "topojson", "feature": "countries"}
    assert "values" in countries and "url" not in countries   # inline: no network
    nodes = {n["state"]: n for n in chart.datasets["nodes"]}
    assert set(nodes) == set(model.world.names)
    assert not nodes["Armenia"]["label"].startswith(tuple(region_map.ARROWS))
    assert nodes["United States"]["label"].startswith("←")
    assert nodes["United States"]["align"] == "left"
    w, s, e, n = region_map.frame({k: tuple(model.scenario.states[k].capital)
                                   for k in nodes}, ["Armenia", "Azerbaijan"])
    assert w < 44.51 < e and s < 40.18 < n


def test_events_are_this_years_crises_and_wars_between_capitals(model):
    chart = region_map.regional_map(model)
    expected = [e for e in model.chronicle if e.year == model.year and e.kind in
                region_map.EVENTS]
    assert len(chart.datasets["events"]) == len(expected)
    nodes = {n["state"]: n for n in chart.datasets["nodes"]}
    for row, entry in zip(chart.datasets["events"], expected, strict=True):
        a, b = entry.actors[:2]
        assert row["lon"] == pytest.approx((nodes[a]["lon"] + nodes[b]["lon"]) / 2)


def test_ties_use_the_network_legend(model):
    from dashboard import charts

    chart = region_map.regional_map(model)
    ties = chart.spec["layer"][1]["encoding"]["color"]
    assert ties["scale"] == charts.RELATION_COLOUR["scale"]
    relations = {e["relation"] for e in chart.datasets["edges"]}
    assert relations <= set(charts.RELATION_COLOUR["scale"]["domain"])
    assert chart.datasets["edges"] and chart.datasets["flows"]
