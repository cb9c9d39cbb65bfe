"""Every value a browser sends is checked on the server (dashboard/guard.py).

The page is driven as a hostile client would drive it: by setting a control's value to
something the page never offered (what ``selectItem('/etc/passwd')`` from a browser console
does). The server must refuse it in a plain sentence, keep the run, read no file outside
``scenarios/`` and show neither the file nor its own paths.
"""

import math
from pathlib import Path

import ipyvuetify as v
import pytest
import solara

from dashboard import guard
from dashboard.app import Page
from dashboard.session import SCENARIOS, Session, scenario_info

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_FILES = ["/etc/passwd", "../README.md", "../../etc/passwd", "/dev/zero",
                 str(SCENARIOS / "baseline_2020.yaml"), "baseline_2020.yaml/../x",
                 "sweeps/cbm_effect.yaml", "", None, 3, ["baseline_2020.yaml"]]


def page():
    box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    return rc


def shown(rc) -> str:
    """All the text the page shows: texts, messages, card titles, labels."""
    out = []
    for kind in (v.Html, v.Alert, v.Card, v.CardTitle, v.Select, v.Slider, v.Btn):
        for w in rc.find(kind).widgets:
            out += [c for c in getattr(w, "children", []) or [] if isinstance(c, str)]
            out += [str(getattr(w, "label", "") or "")]
    return " ".join(out)


def year(rc) -> int:
    return int(rc.find(v.Html, class_="indicator-year").widget.children[0])


def select(rc, label):
    return [w for w in rc.find(v.Select).widgets if w.label == label][0]


@pytest.mark.parametrize("value", HOSTILE_FILES)
def test_scenario_select_refuses_anything_it_did_not_offer(value):
    rc = page()
    rc.find(v.Btn, children=["Step"]).widget.click()
    select(rc, "Scenario").v_model = value
    text = shown(rc)
    assert "not one of those offered" in text
    assert year(rc) == 2021, "the run is kept"
    assert "root:" not in text and str(ROOT) not in text and "Traceback" not in text


@pytest.mark.parametrize("value", ["/etc/passwd", "../README.md", "(none)/../../x"])
def test_compare_select_refuses_anything_it_did_not_offer(value):
    rc = page()
    select(rc, "Overlay a full run of").v_model = value
    text = shown(rc)
    assert "not one of those offered" in text and "root:" not in text
    assert str(ROOT) not in text


@pytest.mark.parametrize("value", ["Atlantis", "", "__class__", 7])
def test_you_play_refuses_a_state_not_in_the_run_without_a_traceback(value):
    rc = page()
    select(rc, "You play").v_model = value
    text = shown(rc)
    assert "state is not one of those offered" in text and "Traceback" not in text
    assert "Decide 2026 and step" not in text   # still nobody played


def test_a_state_the_page_offered_is_played():
    rc = page()
    select(rc, "You play").v_model = "Armenia"
    assert "Decide 2026 and step" in shown(rc)   # the game starts after history (2025)


@pytest.mark.parametrize("value", [-3, 2**40, "abc"])
def test_seed_box_refuses_a_seed_out_of_range_and_keeps_the_shown_seed(value):
    s = Session()
    with pytest.raises(guard.Refused, match="whole number from 0"):
        s.reset(seed=value)
    assert s.model.seed == s.seed != value


@pytest.mark.parametrize("value", ["-3", "abc", "4294967296", " "])
def test_seed_box_after_a_refusal_shows_the_runs_seed_not_the_refused_text(value):
    rc = page()
    box = rc.find(v.TextField, label="Seed").widget
    shown_before = box.v_model
    box.v_model = value
    box.fire_event("keyup.enter", None)   # what Enter in the box sends
    assert "The seed must be a whole number" in shown(rc)
    assert rc.find(v.TextField, label="Seed").widget.v_model == shown_before
    assert f"seed {shown_before}" in rc.find(v.Html, class_="run-params").widget.children[0]


def test_seed_box_takes_a_good_seed():
    rc = page()
    box = rc.find(v.TextField, label="Seed").widget
    box.v_model = "17"
    box.fire_event("keyup.enter", None)   # what Enter in the box sends
    assert "seed 17" in rc.find(v.Html, class_="run-params").widget.children[0]
    assert rc.find(v.TextField, label="Seed").widget.v_model == "17"


@pytest.mark.parametrize("value", [2019, 2026, "2030", "all history; rm", None, 2022.5])
def test_history_until_refuses_a_year_it_did_not_offer(value):
    rc = page()
    select(rc, "History until").v_model = value
    assert "history year is not one of those offered" in shown(rc)
    assert "history until" not in rc.find(v.Html, class_="run-params").widget.children[0]


@pytest.mark.parametrize("value", [1e9, -1.0, math.inf, math.nan])
def test_slider_value_outside_its_range_is_refused(value):
    rc = page()
    slider = [s for s in rc.find(v.Slider).widgets if s.label.startswith("Can defensive")][0]
    slider.v_model = value
    assert "must be a number from 0 to 1" in shown(rc)
    rc.find(v.Btn, children=["Reset"]).widget.click()
    assert "told apart? 0.30" in rc.find(v.Html, class_="run-params").widget.children[0]


def test_orders_outside_what_the_page_offered_are_refused():
    s = Session()
    s.play_as("Armenia")
    for bad in (dict(budget_change=500), dict(partner="Atlantis"), dict(move="annex"),
                dict(cbm=["Armenia"]), dict(treaty="Iran"), dict(decline=["Narnia"])):
        args = {"budget_change": 0, "partner": "Russia", "move": None, **bad}
        with pytest.raises(guard.Refused):
            s.decide(**args)
    assert s.model.year == 2025, "no refused order moved the year"
    assert s.decide(5, "Russia", "strengthen", ["Azerbaijan"], [], [])
    assert s.model.year == 2026


def test_scenario_info_only_reads_listed_files_and_names_them_without_server_paths(tmp_path,
                                                                                 monkeypatch):
    import dashboard.session as ses

    (tmp_path / "broken.yaml").write_text("name: broken\nstates:\n  Blue: {milex: -1, gdp: 1}\n")
    monkeypatch.setattr(ses, "SCENARIOS", tmp_path / "")
    sc, err = scenario_info("broken.yaml")
    assert sc is None and err.startswith(f"{tmp_path.name}/broken.yaml:3")
    assert str(tmp_path.parent) not in err
    with pytest.raises(guard.Refused):
        scenario_info("../" + tmp_path.name + "/broken.yaml")


def test_guarded_shows_one_sentence_for_an_unexpected_failure():
    said = []
    run = guard.guarded(said.append, lambda: 1 / 0)
    assert run() is None
    assert said == ["Something went wrong on the server (ZeroDivisionError); this run is kept. "
                    "Press Reset if the page looks wrong."]


@pytest.mark.parametrize("switches", [{"spiral": "no"}, {"gravity": False}, ["spiral"]])
def test_mechanism_switches_outside_what_the_page_offered_are_refused(switches):
    s = Session()
    with pytest.raises(guard.Refused):
        s.reset(mechanisms=switches)
    assert s.model.mechanisms.off() == []


def test_session_builds_its_run_with_the_switches_it_was_given():
    s = Session()
    s.reset(mechanisms={"spiral": False, "commitments": False})
    assert s.model.mechanisms.off() == ["spiral", "commitments"]
    for _ in range(6):
        s.step()
    assert s.model.counts["commitments_invoked"] == 0
