"""The map tab, the network tab and the many-seeds band in a real browser at 1366×768, with
no connection outside this machine and no console error."""

import pytest

from .conftest import MAKE_RUN, Watched, outbound, start_server, stop_server

SHAPES = """el => { let n = 0;
  const walk = (node) => { if (!node) return;
    if (node.marktype === 'shape') n += node.items.length;
    (node.items || []).forEach(walk); };
  walk(el.__vue__.view.scenegraph().root); return n; }"""


@pytest.fixture(scope="module")
def laptop(browser):
    url, proc, netlog = start_server(MAKE_RUN, "map-band-server")
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
    page = ctx.new_page()
    w = Watched(page)
    page.goto(url)
    page.locator(".indicator-year").wait_for(timeout=60000)
    yield w, netlog
    ctx.close()
    stop_server(proc)


def test_map_draws_country_shapes_and_network_tab_still_works(laptop):
    w, _ = laptop
    page = w.page
    w.click("Step")
    page.wait_for_function("() => document.querySelector('.indicator-year')"
                           ".innerText.trim() !== '2020'", timeout=30000)
    tabs = page.locator(".view-tabs")
    chart = tabs.locator(".vega-view").first
    chart.locator("canvas, svg").first.wait_for(timeout=30000)
    page.wait_for_function("el => el.__vue__ && el.__vue__.view", arg=chart.element_handle(),
                           timeout=30000)
    assert chart.evaluate(SHAPES) > 50   # the 1:110m world: 177 countries
    page.get_by_role("tab", name="Network").click()
    network = tabs.locator(".vega-view").nth(1)
    network.locator("canvas, svg").first.wait_for(state="visible", timeout=30000)
    box = network.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200
    page.get_by_role("tab", name="Map").click()
    assert w.errors == []


def test_band_button_draws_the_band_and_nothing_leaves_the_machine(laptop):
    w, netlog = laptop
    page = w.page
    page.locator(".band-button").click()
    charts = page.locator(".band-charts .vega-view")
    charts.nth(1).locator("canvas, svg").first.wait_for(timeout=90000)
    assert charts.count() == 2
    page.wait_for_function("el => el.__vue__ && el.__vue__.view",
                           arg=charts.nth(0).element_handle(), timeout=30000)
    areas = charts.nth(0).evaluate("""el => { let n = 0;
      const walk = (node) => { if (!node) return;
        if (node.marktype === 'area') n += node.items.length;
        (node.items || []).forEach(walk); };
      walk(el.__vue__.view.scenegraph().root); return n; }""")
    assert areas >= 2   # the 90% and the 50% band
    assert w.errors == []
    assert w.outside == []
    assert outbound(netlog) == []
