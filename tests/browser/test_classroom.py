"""Issue 15 in a real browser: the page at a laptop's 1366×768 and a projector's 1920×1080
(Debian chromium via Playwright, against the server `make run` starts)."""

import pytest

from .conftest import ARTIFACTS, Watched

LAPTOP, PROJECTOR = {"width": 1366, "height": 768}, {"width": 1920, "height": 1080}

#: JS: the drawn font size of the first chart's title (Vega's scenegraph, not the spec)
TITLE_SIZE = """() => {
  const find = (node) => {
    if (!node) return null;
    if (node.marktype === 'text' && node.role === 'title-text' && node.items.length)
      return node.items[0].fontSize;
    for (const item of (node.items || [])) {
      const hit = find(item);
      if (hit) return hit;
    }
    return null;
  };
  return find(document.querySelector('.vega-view').__vue__.view.scenegraph().root);
}"""

#: JS: the stroke symbols of the first chart's legends (the compare legend's entries)
LEGEND_STROKES = """() => {
  const out = [];
  const walk = (node) => {
    if (!node) return;
    if (node.marktype === 'symbol' && node.role === 'legend-symbol')
      for (const i of node.items) if (i.shape === 'stroke')
        out.push({stroke: i.stroke, dash: JSON.stringify(i.strokeDash || [])});
    for (const item of (node.items || [])) walk(item);
  };
  walk(document.querySelector('.vega-view').__vue__.view.scenegraph().root);
  return out;
}"""

#: JS: how far the sidebar (any visible element in it) reaches into the main area, in px
OVERLAP = """() => {
  const main = document.querySelector('.indicators').getBoundingClientRect().left;
  const drawer = document.querySelector('.v-navigation-drawer');
  const right = Math.max(drawer.getBoundingClientRect().right, ...[...drawer.querySelectorAll('*')]
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0)
    .map(r => r.right));
  return right - main;
}"""


def open_at(browser, server, viewport):
    ctx = browser.new_context(viewport=viewport)
    page = ctx.new_page()
    w = Watched(page)
    page.goto(server)
    page.locator(".indicator-year").wait_for(timeout=60000)
    page.locator(".vega-embed canvas").first.wait_for(timeout=30000)
    page.wait_for_timeout(1000)
    return ctx, w


@pytest.mark.parametrize("viewport", [LAPTOP, PROJECTOR], ids=["1366x768", "1920x1080"])
def test_run_buttons_in_view_and_the_sidebar_never_covers_the_main_area(browser, server,
                                                                        viewport):
    ctx, w = open_at(browser, server, viewport)
    try:
        for name in ("Step", "Play", "Pause", "Reset"):
            box = w.page.get_by_role("button", name=name, exact=True).first.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], name
            assert box["x"] + box["width"] <= viewport["width"], name
        assert w.page.evaluate(OVERLAP) <= 0
        w.page.get_by_label("You play").first.click(force=True)
        w.page.get_by_role("option", name="Armenia", exact=True).click()
        w.page.get_by_role("button", name="Decide 2026 and step").wait_for(timeout=60000)
        w.page.wait_for_timeout(800)
        assert w.page.evaluate(OVERLAP) <= 0, "the sidebar covers the main area"
        w.page.get_by_text("Budget change this year: +0%").wait_for(timeout=5000)
        w.page.screenshot(path=str(ARTIFACTS / f"play-{viewport['width']}.png"))
        assert w.errors == []
    finally:
        ctx.close()


def test_large_font_enlarges_chart_text_cards_and_story_by_a_quarter(browser, server):
    ctx, w = open_at(browser, server, PROJECTOR)
    try:
        w.click("Step")
        w.page.wait_for_function(
            "(document.querySelector('.indicator-year')||{}).innerText == '2021'")
        size = ("(sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize)")
        parts = [".indicator-year", ".indicators .v-card__title", "ul.story li"]
        before = [w.page.evaluate(size, p) for p in parts] + [w.page.evaluate(TITLE_SIZE)]
        w.page.get_by_text("Large font (projector)").click()
        w.page.wait_for_function(f"({TITLE_SIZE})() >= {1.25 * before[-1]}", timeout=20000)
        for part, b in zip(parts, before, strict=False):   # the page's CSS may come later
            w.page.wait_for_function(f"({size})({part!r}) >= {1.25 * b}", timeout=20000)
        after = [w.page.evaluate(size, p) for p in parts] + [w.page.evaluate(TITLE_SIZE)]
        for part, b, a in zip([*parts, "chart title"], before, after, strict=True):
            assert a >= 1.25 * b, (part, b, a)
        w.page.screenshot(path=str(ARTIFACTS / "projector-large-font.png"))
        assert w.errors == []
    finally:
        ctx.close()


def test_teaching_notes_render_as_lists(browser, server):
    ctx, w = open_at(browser, server, LAPTOP)
    try:
        w.page.get_by_text("Teaching notes for this scenario").click()
        w.page.locator(".teaching li").first.wait_for(timeout=10000)
        assert w.page.locator(".teaching ul").count() >= 3      # watch, discuss, try
        assert w.page.locator(".teaching li").count() >= 6
        paragraphs = w.page.locator(".teaching p").all_inner_texts()
        assert not [p for p in paragraphs if "\n- " in p or " - Watch" in p]
    finally:
        ctx.close()


def test_compare_legend_draws_the_two_runs_differently(browser, server):
    ctx, w = open_at(browser, server, LAPTOP)
    try:
        w.page.get_by_label("Overlay a full run of").first.click(force=True)
        w.page.get_by_role("option", name="confidence_building.yaml").click()
        dashes = ("() => { const v = document.querySelector('.vega-view').__vue__.view;"
                  " try { const s = v.scale('strokeDash'); return [s.domain(), s.range()]; }"
                  " catch (e) { return null; } }")
        w.page.wait_for_function(f"({LEGEND_STROKES})().length == 2", timeout=30000)
        domain, dash = w.page.evaluate(dashes)
        drawn = dict(zip(domain, [list(d) for d in dash], strict=False))
        assert drawn["this run"] == [1, 0] and drawn["compared"] != [1, 0]
        w.page.get_by_text("Dashed lines: the compared run").wait_for(timeout=5000)
        symbols = w.page.evaluate(LEGEND_STROKES)     # the legend's two entries as drawn
        assert len(symbols) == 2 and symbols[0]["dash"] != symbols[1]["dash"]
        assert all(s["stroke"] not in (None, "transparent") for s in symbols), symbols
        assert w.errors == []
    finally:
        ctx.close()
