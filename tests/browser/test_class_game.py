"""Issue 16 in a real browser: a lecturer and a class of students play the region together
(Debian chromium via Playwright, against the server `make run` starts), each in its own
browser context (own cookies: own Solara session), plus a forged seat link and a wrong code.
"""

import re

import pytest

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

        # a reload returns to the seat
        armenia.reload()
        wait_year(armenia, 2026)
        assert heading(armenia).startswith("Armenia")

        # year 2: only two seats submit; the lecturer presses Next year
        students["Azerbaijan"].get_by_role("button", name="Submit orders").click()
        students["Iran"].get_by_role("button", name="Submit orders").click()
        students["Iran"].locator(".submitted").wait_for(timeout=30000)
        assert "2026" in heading(lecturer)
        lecturer.get_by_role("button", name="Next year").click()
        for p in everyone:
            wait_year(p, 2027)

        # year 3: the lecturer hands Russia to the computer; the rest submit
        russia_row = lecturer.locator(".seat-row", has_text="Russia:")
        russia_row.get_by_role("button", name="Computer").click()
        assert "not a seat in this game" in error(students["Russia"])
        for state, s in students.items():
            if state != "Russia":
                s.get_by_role("button", name="Submit orders").click()
        for state, p in [("Lecturer", lecturer), *students.items()]:
            if state != "Russia":
                wait_year(p, 2028)
        years = {heading(p).split("year ")[-1][:4] for p in everyone if p is not
                 students["Russia"]}
        assert years == {"2028"}
    finally:
        for ctx in contexts:
            ctx.close()
