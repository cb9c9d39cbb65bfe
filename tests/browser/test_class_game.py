"""Issue 16 in a real browser: a lecturer and a class of students play the region together
(Debian chromium via Playwright, against the server `make run` starts), each in its own
browser context (own cookies: own Solara session), plus a forged seat link and a wrong code;
a proposal answered by the seat it addresses; the debrief; the record replayed in the
dashboard to the same table.
"""

import io
import json
import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, MAKE_RUN, outbound, start_server, stop_server

KEY = "test-lecturer-key"
#: one student per state of the baseline (8 contexts; the computer plays no seat)
STUDENTS = ["Armenia", "Azerbaijan", "Russia", "Turkey", "Iran", "France", "United States",
            "India"]


@pytest.fixture(scope="module")
def class_server():
    url, proc, netlog = start_server(MAKE_RUN, "class-game", ARMSRACE_LECTURER_KEY=KEY)
    yield url
    stop_server(proc)
    assert outbound(netlog) == [], "the server connected outside this machine"


def heading(page) -> str:
    return page.locator(".class-year").first.inner_text()


def wait_year(page, year: int) -> None:
    page.wait_for_function(
        f"(document.querySelector('.class-year')||{{innerText:''}}).innerText"
        f".includes('year {year}')", timeout=60000)


def error(page) -> str:
    page.locator(".class-error").first.wait_for(timeout=60000)
    return page.locator(".class-error").first.inner_text()


def test_a_class_plays_three_years(browser, class_server):
    url = class_server
    printed = (ARTIFACTS / "class-game.log").read_text()
    assert f"/classroom?key={KEY}" in printed, "make run must print the lecturer link"
    contexts = []

    def page(path):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(ctx)
        p = ctx.new_page()
        p.goto(url + path)
        return p

    try:
        # the lecturer's page needs the key
        assert "lecturer link" in error(page("classroom?key=wrong"))
        lecturer = page(f"classroom?key={KEY}")
        lecturer.get_by_role("button", name="Start game").click()
        wait_year(lecturer, 2025)   # the baseline's scripted history ends in 2025
        code = re.search(r"code=(\w+)", lecturer.url).group(1)
        assert f"/join?code={code}" in lecturer.locator(".join-link").inner_text()
        assert lecturer.locator(".join-qr svg path.qrline").count() == 1   # the QR code, drawn here

        assert "No game has that code" in error(page("join?code=NOGAME"))

        students = {}
        for i, state in enumerate(STUDENTS):
            s = page(f"join?code={code}")
            s.get_by_label("Name").fill(f"Student {i}")
            s.get_by_label("State").click(force=True)
            s.get_by_role("option", name=state, exact=True).click()
            s.get_by_role("button", name="Join", exact=True).click()
            wait_year(s, 2025)
            assert heading(s).startswith(state)
            assert "seat=" in s.url
            students[state] = s
        everyone = [lecturer, *students.values()]

        # a page that does not hold a seat cannot act for one
        forged = page(f"join?code={code}&seat=not-a-real-seat-token")
        assert "not a seat in this game" in error(forged)
        assert forged.get_by_role("button", name="Submit orders").count() == 0

        # year 1: the year resolves when every seat has submitted
        armenia = students["Armenia"]
        armenia.get_by_label("Public statement").fill("Armenia seeks a lasting peace.")
        for state, s in students.items():
            s.get_by_role("button", name="Submit orders").click()
            if state == "Armenia":   # not everyone is in: the year waits, orders hidden
                s.locator(".submitted").wait_for(timeout=30000)
                lecturer.wait_for_function(
                    "document.body.innerText.includes('Armenia: Student 0 ✓ submitted')",
                    timeout=30000)
                assert "2025" in heading(lecturer)
        for p in everyone:
            wait_year(p, 2026)
        lecturer.wait_for_function(
            "document.body.innerText.includes('Armenia seeks a lasting peace.')",
            timeout=30000)

        # the projector shows the spending and burden charts and the map of the region
        lecturer.wait_for_function(
            "document.querySelectorAll('.vega-embed canvas').length == 3", timeout=30000)

        # a reload returns to the seat
        armenia.reload()
        wait_year(armenia, 2026)
        assert heading(armenia).startswith("Armenia")

        # the same seat's link on a phone: one column, nothing wider than the screen
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        contexts.append(phone)
        on_phone = phone.new_page()
        on_phone.goto(armenia.url)
        wait_year(on_phone, 2026)
        assert on_phone.evaluate("document.documentElement.scrollWidth") <= 390
        boxes = [on_phone.get_by_text(t).first.bounding_box()
                 for t in ("Your situation", "What happened in 2026")]
        assert boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"], "the cards sit side by side"
        on_phone.screenshot(path=str(ARTIFACTS / "class-game-phone.png"))

        # the lecturer pauses: every seat sees it and cannot submit; then resumes
        lecturer.get_by_role("button", name="Pause", exact=True).click()
        students["Turkey"].locator(".paused").wait_for(timeout=30000)
        expect(students["Turkey"].get_by_role("button", name="Submit orders")).to_be_disabled(
            timeout=30000)
        lecturer.get_by_role("button", name="Resume", exact=True).click()
        students["Turkey"].locator(".paused").wait_for(state="detached", timeout=30000)
        expect(students["Turkey"].get_by_role("button", name="Submit orders")).to_be_enabled(
            timeout=30000)   # each widget is updated on its own: wait for the button too

        # year 2: only two seats submit; the lecturer presses Next year
        students["Azerbaijan"].get_by_role("button", name="Submit orders").click()
        students["Iran"].get_by_role("button", name="Submit orders").click()
        students["Iran"].locator(".submitted").wait_for(timeout=30000)
        assert "2026" in heading(lecturer)
        lecturer.get_by_role("button", name="Next year").click()
        for p in everyone:
            wait_year(p, 2027)

        # year 3: the lecturer hands Russia to the computer; Armenia proposes a treaty to
        # Azerbaijan, which only Azerbaijan sees; the year waits for its answer
        russia_row = lecturer.locator(".seat-row", has_text="Russia:")
        russia_row.get_by_role("button", name="Computer").click()
        assert "not a seat in this game" in error(students["Russia"])
        armenia.get_by_label("Propose a peace treaty to").click(force=True)
        armenia.get_by_role("option", name="Azerbaijan", exact=True).click()
        armenia.keyboard.press("Escape")
        for state, s in students.items():
            if state != "Russia":
                s.get_by_role("button", name="Submit orders").click()
                s.locator(".submitted").wait_for(timeout=30000)
        azerbaijan = students["Azerbaijan"]
        azerbaijan.locator(".proposal", has_text="Armenia proposes a peace treaty").wait_for(
            timeout=30000)
        lecturer.wait_for_function("document.body.innerText.includes('1 proposal(s) to "
                                   "answer')", timeout=30000)
        assert "2027" in heading(lecturer)
        assert students["Turkey"].locator(".proposals").count() == 0   # not Turkey's to see
        azerbaijan.locator(".proposal").get_by_role("button", name="Accept").click()
        for state, p in [("Lecturer", lecturer), *students.items()]:
            if state != "Russia":
                wait_year(p, 2028)
        years = {heading(p).split("year ")[-1][:4] for p in everyone if p is not
                 students["Russia"]}
        assert years == {"2028"}
        lecturer.wait_for_function("document.body.innerText.includes('Armenia and "
                                   "Azerbaijan sign a peace treaty')", timeout=30000)

        # the end: the debrief, and the record, which replays in the dashboard
        lecturer.get_by_role("button", name="End game").click()
        debrief = lecturer.locator(".class-debrief")
        debrief.wait_for(timeout=60000)
        assert "| Armenia | Student 0 |" not in debrief.inner_text()   # rendered, not raw
        assert "Student 0" in debrief.inner_text() and "For discussion" in debrief.inner_text()
        with lecturer.expect_download(timeout=60000) as info:
            lecturer.get_by_role("button", name="Record (JSON)").click()
        record = json.loads(open(info.value.path(), encoding="utf-8").read())
        assert [y["year"] for y in record["years"]] == [2026, 2027, 2028]
        dash = page("")
        with dash.expect_file_chooser(timeout=60000) as chooser:
            dash.locator(".replay").get_by_role("button", name=re.compile("Choose record")).click()
        chooser.value.set_files(info.value.path())
        dash.locator(".replayed").wait_for(timeout=60000)
        dash.wait_for_function("document.querySelector('.indicator-year').innerText.trim()"
                               " === '2028'", timeout=30000)
        button = dash.get_by_role("button", name="Download this run (CSV)")
        button.scroll_into_view_if_needed()
        with dash.expect_download(timeout=60000) as csv_info:
            button.click()
        table = pd.read_csv(csv_info.value.path(), comment="#")
        from dashboard.classroom.record import replay  # the same record, replayed here

        expected = pd.read_csv(io.StringIO(replay(record).frame().to_csv(
            index=False, float_format="%.6g")))
        pd.testing.assert_frame_equal(table, expected)
    finally:
        for ctx in contexts:
            ctx.close()
