"""The dashboard's components without a browser (solara.render) and its session logic."""

import ipyvuetify as v
import solara

from dashboard import charts
from dashboard.app import Page
from dashboard.session import Session, scenario_files


def test_session_steps_and_explains():
    s = Session()
    assert s.model.year == 2020 and not s.error
    assert s.step() and s.model.year == 2021
    assert any("Armenia" in line for line in s.why())
    assert s.indicators()["Year"] == "2021"


def test_sessions_are_independent():
    a, b = Session(), Session()
    a.step()
    a.step()
    assert a.model.year == 2022 and b.model.year == 2020
    assert a.model is not b.model


def test_broken_scenario_shows_its_message_and_keeps_the_old_model(tmp_path, monkeypatch):
    import dashboard.session as ses

    (tmp_path / "broken.yaml").write_text("name: broken\nstates:\n  Blue: {milex: -1, gdp: 1}\n")
    monkeypatch.setattr(ses, "SCENARIOS", tmp_path)
    s = Session.__new__(Session)
    Session.__init__(s, scenario="broken.yaml")
    assert "broken.yaml:3" in s.error and "must be ≥ 0" in s.error
    assert s.model is None and not s.step()


def test_a_failing_step_is_reported_not_raised(monkeypatch):
    s = Session()
    monkeypatch.setattr(s.model, "step", lambda: 1 / 0)
    assert s.step() is False
    assert "could not simulate 2021" in s.error


def test_reset_applies_slider_settings_and_seed():
    s = Session()
    s.reset(settings={"distinguishability": 0.9}, seed=7)
    assert s.model.params.distinguishability == 0.9 and s.model.seed == 7


def test_every_chart_builds_for_every_scenario():
    for name in scenario_files():
        s = Session(scenario=name)
        assert not s.error, s.error
        s.step()
        df = s.frame()
        names = s.model.world.names
        for chart in (charts.spending(df, names), charts.burden(df, names),
                      charts.threat_heatmap(s.model), charts.network(s.model),
                      charts.butter(df, names),
                      charts.alliance_health(s.model.datacollector.get_tie_vars_dataframe(),
                                             names[0])):
            chart.altair()  # the spec with its data validates against the Vega-Lite schema
            assert set(chart.datasets) == _named_data(chart.spec)
        assert charts.spending(df, names).datasets["rows"], name


def _named_data(spec) -> set[str]:
    """The dataset names a spec (or any of its layers) reads."""
    names = {spec["data"]["name"]} if "name" in spec.get("data", {}) else set()
    for layer in spec.get("layer", []):
        names |= _named_data(layer)
    return names


def test_spec_depends_on_the_view_not_the_year():
    """The browser keeps each chart's view and swaps data: a Step must not change a spec."""
    s = Session()
    names, region = s.model.world.names, s.region()
    before = charts.spending(s.frame(), names, region=region), charts.network(s.model)
    s.step()
    after = charts.spending(s.frame(), names, region=region), charts.network(s.model)
    assert [c.spec for c in before] == [c.spec for c in after]
    assert before[0].datasets != after[0].datasets
    assert charts.spending(s.frame(), names, log=True, region=region).spec != after[0].spec
    assert len(charts.spending(s.frame(), names, great_powers=True, region=region).datasets[
        "rows"]) > len(after[0].datasets["rows"])


def test_page_renders_and_step_button_advances_the_year():
    box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    step = rc.find(v.Btn, children=["Step"])
    step.assert_single()
    texts = lambda: " ".join(str(w.children) for w in rc.find(v.Html).widgets)  # noqa: E731
    assert "2020" in texts()
    step.widget.click()
    assert "2021" in texts()
    rc.find(v.Btn, children=["Reset"]).widget.click()
    assert "2020" in texts()


def test_slider_then_reset_changes_the_run():
    box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    slider = [s for s in rc.find(v.Slider).widgets if s.label.startswith("Can defensive")][0]
    slider.v_model = 0.5
    rc.find(v.Btn, children=["Reset"]).widget.click()
    text = rc.find(v.Html, class_="run-params").widget.children[0]
    assert "told apart? 0.50" in text


def test_play_runs_in_the_background_and_pause_stops_it():
    import time

    box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    year = lambda: int(rc.find(v.Html, class_="indicator-year").widget.children[0])  # noqa: E731
    speed = [s for s in rc.find(v.Slider).widgets if s.label.startswith("Speed")][0]
    speed.v_model = 1.0  # one year a second: time to pause long before the end, even when busy
    rc.find(v.Btn, children=["Play"]).widget.click()
    deadline = time.time() + 20
    while year() < 2022 and time.time() < deadline:
        time.sleep(0.1)
    assert year() >= 2022
    rc.find(v.Btn, children=["Pause"]).widget.click()
    time.sleep(1.2)  # a year already in flight may still land
    stopped = year()
    time.sleep(1.5)
    assert year() == stopped < 2035


def test_story_is_an_escaped_list_with_bold_names():
    from dashboard.story import bullets

    out = bullets(["**Armenia** +0.1 bn: threat <from> Azerbaijan & Iran"])
    assert out == ("<ul class='story'><li><b>Armenia</b> +0.1 bn: threat &lt;from&gt; "
                   "Azerbaijan &amp; Iran</li></ul>")
    assert bullets([], "Nothing yet: press Step.") == "<p>Nothing yet: press Step.</p>"


def test_legend_lists_the_states_shown_and_each_keeps_its_colour():
    s = Session()
    names = s.model.world.names
    regional = charts.spending(s.frame(), names, region=s.region()).spec["encoding"]["color"][
        "scale"]
    everyone = charts.spending(s.frame(), names, great_powers=True).spec["encoding"]["color"][
        "scale"]
    assert "Russia" not in regional["domain"] and "Russia" in everyone["domain"]
    colour = lambda sc, n: sc["range"][sc["domain"].index(n)]  # noqa: E731
    assert all(colour(regional, n) == colour(everyone, n) for n in regional["domain"])


def test_regional_spending_counts_the_regions_states_not_the_great_powers():
    s = Session()
    w = s.model.world
    region = sum(w.milex[w.index(n)] for n in ("Armenia", "Azerbaijan", "Turkey", "Iran"))
    assert s.indicators()["Regional spending"] == f"USD {region:,.1f} bn"
    assert region < 0.1 * w.milex.sum()   # the United States alone is ~300× Armenia
    s.step()
    csv = s.frame()   # the download says what the page says
    assert f"USD {csv[csv.year == 2021].regional_milex.iloc[0]:,.1f} bn" == s.indicators()[
        "Regional spending"]


def test_every_state_has_its_own_colour_however_many_there_are():
    for n in (1, 8, 9, 30):
        colours = charts.state_colours(n)
        assert len(colours) == n and len(set(colours)) == n


def test_mechanism_switch_then_reset_switches_it_off_in_the_run():
    box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    spiral = [s for s in rc.find(v.Switch).widgets if s.label == "The spiral"][0]
    spiral.v_model = False
    assert any("Press Reset to apply: the spiral" in str(w.children)
               for w in rc.find(v.Alert).widgets)
    rc.find(v.Btn, children=["Reset"]).widget.click()
    text = rc.find(v.Html, class_="run-params").widget.children[0]
    assert "switched off: the spiral" in text


def test_every_mechanism_has_a_labelled_switch_and_an_off_line():
    from dashboard.mechanisms import off_line, title
    from model.scenario.mechanisms import MECHANISMS

    box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    labels = {s.label for s in rc.find(v.Switch).widgets}
    assert {title(n) for n in MECHANISMS} <= labels
    assert all(off_line(n).startswith("Off: ") and len(off_line(n)) < 90 for n in MECHANISMS)
