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


def test_broken_scenario_shows_its_message_and_builds_no_model(tmp_path, monkeypatch):
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


# --- issue 15: a dashboard that holds up in front of a class --------------------------------

def _page():
    return solara.render(solara.AppLayout(children=[Page()]), handle_error=False)


def _charts(rc):
    from dashboard.vega_view import VegaView

    return rc.find(VegaView).widgets


def test_compare_draws_this_run_solid_and_the_compared_run_dashed_and_says_so():
    from dashboard.controls import COMPARE_NOTE

    s = Session()
    other = Session(scenario="richardson_stable.yaml").model
    other.run()
    chart = charts.spending(s.frame(), s.model.world.names, compare=s.frame(),
                            region=s.region())
    dash = chart.spec["layer"][0]["encoding"]["strokeDash"]   # the lines' legend only
    dashes = dict(zip(dash["scale"]["domain"], dash["scale"]["range"], strict=True))
    assert set(r["run"] for r in chart.datasets["rows"]) == set(dashes)
    assert dashes["this run"] == [1, 0] and dashes["compared"] != [1, 0]  # solid vs dashed
    assert dash["legend"]["symbolType"] == "stroke"   # the legend draws dashes, not two dots
    assert "Dashed lines: the compared run" in COMPARE_NOTE
    assert "Solid lines: this run" in COMPARE_NOTE
    chart.altair()


def test_teaching_notes_are_lists_and_say_what_to_do_in_the_dashboard():
    import markdown

    from dashboard.teaching import notes_markdown

    for name in scenario_files():
        t = Session(scenario=name).model.scenario.teaching
        html = markdown.markdown(notes_markdown(t))
        assert html.count("<li>") == len(t.watch) + len(t.questions) + len(t.try_), name
        for item in t.try_:
            assert "--set" not in item and "--off" not in item, (name, item)


def test_large_font_enlarges_chart_text_by_at_least_a_quarter():
    box, rc = _page()
    before = [c.spec.get("config", {}) for c in _charts(rc)]
    assert before and all(c == {} for c in before)
    large = [s for s in rc.find(v.Switch).widgets if s.label == "Large font (projector)"][0]
    large.v_model = True
    for chart in _charts(rc):
        cfg = chart.spec["config"]
        assert cfg["title"]["fontSize"] >= 1.25 * charts.TEXT["title"]
        assert cfg["axis"]["labelFontSize"] >= 1.25 * charts.TEXT["label"]
        assert cfg["legend"]["titleFontSize"] >= 1.25 * charts.TEXT["axis_title"]


def test_every_slider_shows_its_value_in_its_label():
    box, rc = _page()
    labels = [s.label for s in rc.find(v.Slider).widgets]
    assert "Can defensive arming be told apart? 0.30" in labels
    assert "Cost of war: 1.00" in labels and "Speed (years per second): 2" in labels
    slider = [s for s in rc.find(v.Slider).widgets if s.label.startswith("Cost of war")][0]
    slider.v_model = 2.5
    assert "Cost of war: 2.50" in [s.label for s in rc.find(v.Slider).widgets]
    rc.find(v.Select, label="You play").widget.v_model = "Armenia"
    budget = [s for s in rc.find(v.Slider).widgets if s.label.startswith("Budget change")][0]
    assert budget.label == "Budget change this year: +0%"
    budget.v_model = 12
    assert "Budget change this year: +12%" in [s.label for s in rc.find(v.Slider).widgets]


def test_a_broken_scenario_leaves_no_old_run_and_shows_its_message_once(tmp_path, monkeypatch):
    import shutil

    import dashboard.session as ses

    shutil.copy(ses.SCENARIOS / "baseline_2020.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("name: broken\nstates:\n  Blue: {milex: -1, gdp: 1}\n")
    monkeypatch.setattr(ses, "SCENARIOS", tmp_path)
    box, rc = _page()
    rc.find(v.Select, label="Scenario").widget.v_model = "broken.yaml"
    errors = [w for w in rc.find(v.Alert).widgets if "broken.yaml:3" in str(w.children)]
    assert len(errors) == 1                                  # once, not twice
    assert rc.find(v.Btn, children=["Step"]).widget.disabled  # no old run to step
    assert rc.find(v.Html, class_="run-params").widgets == []
    assert "Cost of war: 1.00" in [s.label for s in rc.find(v.Slider).widgets]  # not snapped
    (tmp_path / "broken.yaml").write_text(
        (tmp_path / "baseline_2020.yaml").read_text().replace("Baseline 2020", "Fixed", 1))
    rc.find(v.Btn, children=["Reset"]).widget.click()      # Reset reads the file again
    assert not rc.find(v.Btn, children=["Step"]).widget.disabled
    assert not [w for w in rc.find(v.Alert).widgets if "broken.yaml:3" in str(w.children)]


def test_the_csv_says_what_made_it_and_rounds_its_numbers():
    import io

    import pandas as pd

    from model import __version__

    s = Session()
    s.reset(settings={"war_cost": 2.5}, mechanisms={"spiral": False})
    for _ in range(5):
        s.step()
    assert s.csv_name() == "baseline_2020_seed42_2020-2025.csv"
    text = s.csv().decode()
    head = [line for line in text.splitlines() if line.startswith("#")]
    assert any("baseline_2020.yaml" in h for h in head)
    assert any(h == "# seed: 42" for h in head)
    assert any("war_cost=2.5" in h for h in head)
    assert any("switched off: spiral" in h for h in head)
    assert any(__version__ in h for h in head)
    df = pd.read_csv(io.StringIO(text), comment="#")
    assert len(df) == len(s.frame())
    body = text.split("\n", len(head))[-1]
    assert "99999" not in body and "00000000" not in body   # 157.83, not 157.82999999999998


def test_story_says_no_events_after_steps_without_any():
    box, rc = _page()
    rc.find(v.Select, label="Scenario").widget.v_model = "richardson_stable.yaml"
    story = lambda: " ".join(str(w.children) for w in rc.find(v.Html).widgets)  # noqa: E731
    assert "Nothing yet: press Step." in story()
    for _ in range(3):
        rc.find(v.Btn, children=["Step"]).widget.click()
    assert "Nothing yet: press Step." not in story() and "No events yet." in story()


def test_network_title_and_legend_match_its_colours():
    s = Session()
    spec = charts.network(s.model).spec
    title = " ".join(spec["title"]["text"])
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    named = dict(zip(colour["domain"], colour["range"], strict=True))
    assert named == {"ally": charts.ALLY, "rival": charts.RIVAL, "arms flow": charts.ARMS}
    assert "rivalries (orange)" in title and charts.RIVAL == "#D55E00"   # Okabe–Ito vermilion
    assert spec["layer"][1]["encoding"]["color"]["datum"] == "arms flow"


def test_crowded_states_names_do_not_overprint():
    s = Session()
    nodes = charts.network(s.model).datasets["nodes"]
    at = {n["state"]: (n["label_x"], n["label_y"]) for n in nodes}
    span = max(max(p[0] for p in at.values()) - min(p[0] for p in at.values()),
               max(p[1] for p in at.values()) - min(p[1] for p in at.values()))
    crowded = ["Armenia", "Azerbaijan", "Iran", "India"]
    for i, a in enumerate(crowded):
        for b in crowded[i + 1:]:
            dx, dy = at[a][0] - at[b][0], at[a][1] - at[b][1]
            assert (dx * dx + dy * dy) ** 0.5 > 0.08 * span, (a, b)


def test_state_colours_read_on_white():
    def luminance(hex_colour):
        rgb = [int(hex_colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    assert "#F0E442" not in charts.OKABE_ITO
    turkey = charts.OKABE_ITO[3]
    assert 1.05 / (luminance(turkey) + 0.05) >= 3.0   # WCAG's contrast for graphics


def test_alliance_health_without_alliances_has_no_legend():
    s = Session(scenario="richardson_stable.yaml")
    s.step()
    chart = charts.alliance_health(s.model.datacollector.get_tie_vars_dataframe(), "Blue",
                                   s.model.world.names)
    assert "color" not in chart.spec.get("encoding", {}) and "no alliances" in chart.spec["title"]
    chart.altair()


def test_chronicle_grammar():
    s = Session()
    for _ in range(5):
        s.step()
    text = "\n".join(str(e) for e in s.model.chronicle)
    assert "peacekeepers deploys" not in text
    import re
    assert not re.search(r"(\d\.\d\d) → \1\b", text)   # "reliability 0.51 → 0.51"
