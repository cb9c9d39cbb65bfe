"""The lesson sheet (dashboard/handout.py): one self-contained printable page of the run."""

import re

import pytest

from dashboard.handout import lesson_sheet, settings_rows, sheet_name
from dashboard.session import SLIDERS
from model import ArmsRaceModel, load_scenario


@pytest.fixture(scope="module")
def run():
    m = ArmsRaceModel("scenarios/baseline_2020.yaml", rng=7, war_cost=3.5,
                      mechanisms={"spiral": False})
    m.run(4)
    return m


@pytest.fixture(scope="module")
def sheet(run):
    return lesson_sheet(run, "baseline_2020.yaml", SLIDERS, player="Armenia")


def test_sheet_names_the_scenario_year_and_settings(run, sheet):
    assert f"<h1>{run.scenario.name} — 2024</h1>" in sheet.replace("&#x27;", "'")
    assert "<td>7</td>" in sheet                       # the seed
    assert "<td>3.50</td>" in sheet                    # the war-cost slider as run
    assert "<td>The spiral</td>" in sheet
    assert "<td>Armenia</td>" in sheet


def test_sheet_has_the_chronicle_and_the_questions(run, sheet):
    assert run.chronicle, "the baseline's first years have scripted events"
    for entry in run.chronicle[-5:]:
        assert str(entry).split(":")[1].strip()[:30].replace("'", "&#x27;") in sheet
    questions = run.scenario.teaching.questions
    assert questions
    for q in questions:
        assert f"<li>{q}</li>".replace("'", "&#x27;").replace('"', "&quot;") in sheet


def test_sheet_is_self_contained(sheet):
    assert sheet.count("<svg") == 3                   # the charts, inline
    assert "<script" not in sheet and "<link" not in sheet and "<img" not in sheet
    # nothing to fetch: the only URIs left are XML namespaces inside the SVGs
    urls = set(re.findall(r"""https?://[^"'\s<>]+""", sheet))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls


def test_sheet_is_the_same_for_the_same_run(run, sheet):
    assert lesson_sheet(run, "baseline_2020.yaml", SLIDERS, player="Armenia") == sheet


def test_forecast_cut_is_named():
    m = ArmsRaceModel(load_scenario("scenarios/baseline_2020.yaml"), rng=1,
                      history_until=2022)
    rows = dict(settings_rows(m, "baseline_2020.yaml", SLIDERS))
    assert rows["Scripted history"] == "until 2022 (a forecast after it)"
    first = lesson_sheet(m, "baseline_2020.yaml", SLIDERS)
    assert "Nothing yet" in first or "<ul class='chronicle'>" in first


def test_sheet_name():
    assert sheet_name("baseline_2020.yaml", 42, 2025) == "lesson_baseline_2020_seed42_2025.html"
