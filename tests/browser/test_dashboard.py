"""The dashboard in a real browser (Debian chromium via Playwright) against `solara run`."""

import re
import time

from playwright.sync_api import Error as PlaywrightError

from .conftest import ARTIFACTS

PANELS = ["What happened and why", "Why budgets changed", "Scenario", "Parameters",
          "Mechanisms", "Run",
          "Compare", "Play a state", "Download this run (CSV)", "Regional spending",
          "Azerbaijan / Armenia", "Crises / wars", "Commitments honoured"]
#: spending, burden, network, threat heatmap, alliance health, foregone butter
CHARTS = 6


def chart_image(w, index=0, tries=20):
    """Pixels of one chart (Vega draws on a canvas: titles are not page text). A view switch
    replaces the canvas: one caught half-way (detached, or not yet laid out) is taken again."""
    for _ in range(tries - 1):
        try:
            return w.page.locator(".vega-embed canvas").nth(index).screenshot(timeout=5000)
        except PlaywrightError:
            w.page.wait_for_timeout(250)
    return w.page.locator(".vega-embed canvas").nth(index).screenshot()


def chart_image_other_than(w, *before, index=0, timeout_s=20.0):
    """The chart's pixels once they differ from every image in ``before`` (a redraw can land
    late on a loaded machine); the last image seen if they never do."""
    deadline = time.monotonic() + timeout_s
    image = chart_image(w, index)
    while image in before and time.monotonic() < deadline:
        w.page.wait_for_timeout(250)
        image = chart_image(w, index)
    return image


def test_page_renders_every_panel_offline_and_without_errors(open_page):
    w = open_page()
    for text in PANELS:
        w.page.get_by_text(text).first.wait_for(timeout=20000)
    w.page.wait_for_function(f"document.querySelectorAll('.vega-embed canvas').length == {CHARTS}")
    w.page.wait_for_timeout(1500)
    w.page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert w.errors == []
    assert w.outside == []
    # issue 15 (9): Solara's "This website runs on Solara" banner sat on the heatmap
    assert w.page.get_by_text("runs on Solara").count() == 0


def test_step_advances_the_year_and_changes_the_charts(open_page):
    w = open_page()
    w.page.wait_for_timeout(1000)
    before = chart_image(w, 0)
    assert w.year() == 2020
    w.click("Step")
    w.page.wait_for_function("(document.querySelector('.indicator-year')||{}).innerText == '2021'")
    w.page.wait_for_timeout(1000)
    assert chart_image(w, 0) != before
    assert w.page.get_by_text(re.compile(r"Why budgets changed in 2021")).count() == 1
    assert w.errors == []


def charts_show(year) -> str:
    """JS that holds once all six charts have drawn the data of ``year``."""
    return (f"[...document.querySelectorAll('.vega-view')].filter("
            f"e => e.dataset.revision == '{year}').length == {CHARTS}")


def test_charts_take_each_year_in_place_and_redraw_for_a_new_view(open_page):
    """A Step swaps data into the live charts (same canvases, new year drawn); a view switch
    (great powers shown, then the log scale) redraws the spending chart."""
    w = open_page()
    w.page.wait_for_function(charts_show(2020))
    w.page.evaluate("window.__canvases = [...document.querySelectorAll('.vega-embed canvas')]")
    w.click("Step")
    w.page.wait_for_function(charts_show(2021))
    assert w.page.evaluate("[...document.querySelectorAll('.vega-embed canvas')].every("
                           "(c, i) => c === window.__canvases[i])"), "a Step rebuilt a chart"
    regional = chart_image(w, 0)
    w.page.get_by_text("Show great powers").click()
    great = chart_image_other_than(w, regional)
    assert great != regional
    w.page.get_by_text("Log scale").click()
    w.page.wait_for_function("document.querySelector('.vega-embed canvas') !== "
                             "window.__canvases[0]")
    assert chart_image_other_than(w, regional, great) not in (regional, great)
    w.click("Step")
    w.page.wait_for_function(charts_show(2022))
    assert w.errors == []


def test_play_runs_and_pause_stops(open_page):
    w = open_page()
    w.click("Play")
    w.page.wait_for_function("Number((document.querySelector('.indicator-year')||{}).innerText) >= 2022",
                             timeout=30000)
    w.click("Pause")
    w.page.wait_for_timeout(1500)
    stopped = w.year()
    w.page.wait_for_timeout(2000)
    assert w.year() == stopped
    assert w.errors == []


def test_slider_change_and_reset_take_effect(open_page):
    w = open_page()
    params = w.page.locator(".run-params")
    assert "told apart? 0.30" in params.inner_text()
    w.page.wait_for_timeout(1000)
    assert w.page.locator(".pending").count() == 0   # the scenario's values, none snapped
    slider = w.page.locator(".v-input", has_text="Can defensive arming be told apart?").get_by_role(
        "slider")
    slider.focus()
    for _ in range(2):
        slider.press("PageUp")                       # + 0.10 each
    w.page.locator(".pending").get_by_text("told apart? 0.50").wait_for(timeout=30000)
    w.click("Step")
    w.page.wait_for_function("(document.querySelector('.indicator-year')||{}).innerText == '2021'")
    w.click("Reset")
    w.page.wait_for_function(
        "document.querySelector('.run-params').innerText.includes('told apart? 0.50')")
    # the sidebar and the main area are updated one after the other: wait for both
    w.page.wait_for_function(
        "(document.querySelector('.indicator-year')||{}).innerText == '2020'", timeout=10000)
    assert w.year() == 2020


def test_switching_scenario(open_page):
    w = open_page()
    w.page.get_by_label("Scenario", exact=True).first.click(force=True)
    w.page.get_by_role("option", name="richardson_stable.yaml").click()
    w.page.locator(".indicator-year").wait_for(timeout=20000)
    w.page.get_by_text("Blue").first.wait_for(timeout=20000)
    w.click("Step")
    w.page.wait_for_function("(document.querySelector('.indicator-year')||{}).innerText != '2020'")
    assert w.errors == []


def test_browser_sessions_are_isolated(open_page):
    a, b = open_page(), open_page()
    for _ in range(3):
        a.click("Step")
        a.page.wait_for_timeout(300)
    a.page.wait_for_function("(document.querySelector('.indicator-year')||{}).innerText == '2023'")
    b.page.wait_for_timeout(1000)
    assert b.year() == 2020
    b.click("Step")
    b.page.wait_for_function("(document.querySelector('.indicator-year')||{}).innerText == '2021'")
    assert a.year() == 2023


def test_ten_concurrent_sessions_step_without_errors(open_page):
    """A class on one server: ten sessions open at once, each stepping its own model."""
    pages = [open_page() for _ in range(10)]
    for target in ("2021", "2022"):
        for w in pages:
            w.page.get_by_role("button", name="Step", exact=True).first.click(timeout=60000)
        for w in pages:
            w.page.wait_for_function(
                f"(document.querySelector('.indicator-year')||{{}}).innerText == '{target}'",
                timeout=60000)
    for w in pages:
        assert w.errors == [] and w.outside == []


def test_play_a_state_for_five_years_and_see_the_debrief(open_page):
    w = open_page()
    w.page.get_by_label("You play").first.click(force=True)
    w.page.get_by_role("option", name="Armenia", exact=True).click()
    for year in range(2026, 2031):   # the game starts after the scripted history (2025)
        w.page.get_by_role("button", name=f"Decide {year} and step").click()
        w.page.wait_for_function(
            f"(document.querySelector('.indicator-year')||{{}}).innerText == '{year}'")
    w.page.get_by_text("Debrief: your play against the computer's").click()
    w.page.get_by_text("Concepts at work").wait_for(timeout=20000)
    w.page.screenshot(path=str(ARTIFACTS / "play-debrief.png"), full_page=True)
    assert w.errors == []


def test_mechanism_switches_keep_their_order_when_one_is_flipped(open_page):
    """Each switch keeps its row: flipping one (its 'Off:' line appears) moves no other."""
    from dashboard.mechanisms import title
    from model.scenario.mechanisms import MECHANISMS

    w = open_page()
    order = ("() => [...document.querySelectorAll('.v-input--switch label')]"
             ".map(e => e.innerText.trim())")
    expected = [title(n) for n in MECHANISMS]
    shown = lambda: [t for t in w.page.evaluate(order) if t in expected]  # noqa: E731
    assert shown() == expected
    w.page.get_by_text("The spiral", exact=True).click()
    w.page.get_by_text("Off: each year beliefs").wait_for(timeout=10000)
    w.page.wait_for_timeout(500)
    assert shown() == expected
    assert w.errors == []
