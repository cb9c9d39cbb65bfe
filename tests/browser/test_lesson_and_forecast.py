"""The lesson sheet, Play a state after the scripted history and the History-until control
in a real browser at 1366×768, with no console error."""

import pytest

from .conftest import MAKE_RUN, Watched, start_server, stop_server


@pytest.fixture(scope="module")
def laptop(browser):
    url, proc, _ = start_server(MAKE_RUN, "lesson-forecast-server")
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = ctx.new_page()
    w = Watched(page)
    page.goto(url)
    page.locator(".indicator-year").wait_for(timeout=60000)
    yield w
    ctx.close()
    stop_server(proc)


def run_params(page) -> str:
    return page.locator(".run-params").inner_text()


def choose(page, label: str, option: str) -> None:
    """Open the sidebar's select named ``label`` and pick ``option``."""
    page.get_by_label(label).first.click(force=True)
    page.get_by_role("option", name=option, exact=True).click()


def test_lesson_sheet_downloads_with_the_scenario_chronicle_and_questions(laptop):
    w = laptop
    page = w.page
    for _ in range(2):
        year = w.year()
        w.click("Step")
        page.wait_for_function(f"() => document.querySelector('.indicator-year')"
                               f".innerText.trim() === '{year + 1}'", timeout=30000)
    button = page.get_by_role("button", name="Download lesson sheet")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=90000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("lesson_baseline_2020_seed")
    text = open(download.path(), encoding="utf-8").read()
    assert "<h1>Baseline 2020 — 2022</h1>" in text
    assert "<ul class='chronicle'>" in text and text.count("<li>") > 5
    assert "<h2>Discuss</h2>" in text and "<ol class='questions'>" in text
    assert "spiral" in text.lower()               # a question of the baseline's teaching block
    assert text.count("<svg") == 3 and "<script" not in text
    assert w.errors == []


def test_history_until_changes_the_run(laptop):
    w = laptop
    page = w.page
    assert "history until" not in run_params(page)
    choose(page, "History until", "2021")
    page.wait_for_function("() => document.querySelector('.run-params')"
                           ".innerText.includes('history until 2021')", timeout=30000)
    page.wait_for_function("() => document.querySelector('.indicator-year')"
                           ".innerText.trim() === '2020'", timeout=30000)   # a new run
    choose(page, "History until", "all history")
    page.wait_for_function("() => !document.querySelector('.run-params')"
                           ".innerText.includes('history until')", timeout=30000)
    assert w.errors == []


def test_play_a_state_starts_after_the_scripted_history(laptop):
    w = laptop
    page = w.page
    page.get_by_text("Start after the scripted history (2025)").wait_for(timeout=30000)
    choose(page, "You play", "Armenia")
    page.get_by_role("button", name="Decide 2026 and step").wait_for(timeout=60000)
    assert w.year() == 2025
    assert page.get_by_text("Your game began in 2025.").count() == 1
    page.get_by_role("button", name="Decide 2026 and step").click()
    page.wait_for_function("() => document.querySelector('.indicator-year')"
                           ".innerText.trim() === '2026'", timeout=30000)
    assert w.errors == []
