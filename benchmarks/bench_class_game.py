"""A class game under load (issue 16): one lecturer and N students, each its own browser context.

    .venv/bin/python benchmarks/bench_class_game.py [--students 30] [--years 2]
    .venv/bin/python benchmarks/bench_class_game.py --students 2 --years 1   # a smoke run

Part 1 (browser, page-observed): the server as ``make run`` starts it (tests/browser/conftest.py
``start_server``); one chromium, one context per person. The lecturer starts a game on the
baseline with teams allowed (8 states, so 30 students share them round-robin), every student
joins, and each year the students submit orders. A year resolves as soon as every seated state
has one submission, so every student of the first seven states submits (each waits until its
page shows the orders are in), then one student of the last state clicks **Submit orders**:
that click resolves the year. Timed: from the mousedown on that click to each page (lecturer
and every student) showing the new year, each page's time taken in the page by a
MutationObserver on one wall clock. Failures: contexts that could not join, submit or see the
new year within a minute.

Part 2 (in-process, server side): the game's own code without a page — the same number of
students join a :class:`Game` with teams, submit, and the resolving ``Game.submit`` (which
runs ``Game._resolve``: one model year) is timed; then every seat's page and the lecturer's
page, rendered in this process (Solara's ``render``, no browser), redraw the new year: the
server's whole share of the figure above — resolve plus building every page's update. The
rest of part 1's time is the browser side: here one chromium draws all 31 pages on the same
2 cores as the server, whereas in a classroom each page is drawn on its own device.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import solara
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.classroom import pages as class_pages  # noqa: E402
from dashboard.classroom.game import Game  # noqa: E402
from tests.browser.conftest import ARGS, CHROMIUM, MAKE_RUN, start_server, stop_server  # noqa: E402

KEY = "bench-lecturer-key"
SCENARIO = "baseline_2020.yaml"
WAIT_MS = 60000
ORDERS = {"budget_change": 2.0, "alliance_moves": {}, "decline_arms_from": [],
          "propose_cbm": [], "propose_treaty": []}

# In every page: the wall-clock time of a mousedown, and of the first DOM change at which the
# page's heading shows ``year``.
ARM = """(year) => {
  window.__yearAt = null;
  if (!window.__benchArmed) {
    document.addEventListener('mousedown', () => { window.__clickAt = Date.now(); }, true);
    window.__benchArmed = true;
  }
  if (window.__observer) window.__observer.disconnect();
  const shows = () => ((document.querySelector('.class-year') || {innerText: ''}).innerText
                       .includes('year ' + year));
  window.__observer = new MutationObserver(() => {
    if (window.__yearAt === null && shows()) window.__yearAt = Date.now();
  });
  window.__observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                            characterData: true});
}"""


def shows_year(year: int) -> str:
    return (f"(document.querySelector('.class-year')||{{innerText:''}}).innerText"
            f".includes('year {year}')")


def seats_for(students: int, states: list[str]) -> list[str]:
    """Student i sits at state i mod 8: teams as even as they can be."""
    return [states[i % len(states)] for i in range(students)]


def browser_part(students: int, years: int) -> dict:
    """Part 1: failures and page-observed times from the resolving click to every page."""
    url, proc, _ = start_server(MAKE_RUN, "bench-class-game", ARMSRACE_LECTURER_KEY=KEY)
    failures: set[str] = set()
    to_all: list[list[float]] = []
    played = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

            def page(path):
                ctx = browser.new_context(viewport={"width": 1280, "height": 900})
                pg = ctx.new_page()
                pg.goto(url + path)
                return pg

            lecturer = page(f"classroom?key={KEY}")
            lecturer.get_by_text("Allow teams").first.click()
            lecturer.get_by_role("button", name="Start game").click()
            lecturer.locator(".join-link").wait_for(timeout=WAIT_MS)
            code = lecturer.url.split("code=")[1].split("&")[0]
            year = int(lecturer.locator(".class-year").inner_text().split("year ")[-1][:4])
            states = [s.split(":")[0] for s in lecturer.locator(".seat").all_inner_texts()]
            pupils: list[tuple[str, str, object]] = []     # (who, state, page)
            for i, state in enumerate(seats_for(students, states)):
                who = f"Student {i}"
                try:
                    s = page(f"join?code={code}")
                    s.get_by_label("Name").fill(who)
                    s.get_by_label("State").click(force=True)
                    s.get_by_role("option", name=state, exact=True).click()
                    s.get_by_role("button", name="Join", exact=True).click()
                    s.wait_for_function(shows_year(year), timeout=WAIT_MS)
                    pupils.append((who, state, s))
                except Exception:
                    failures.add(who)
            seated = sorted({st for _, st, _ in pupils}, key=states.index)
            for y in range(years):
                if not seated:
                    break
                last = seated[(len(seated) - 1 + y) % len(seated)]  # a different one each year
                first = [(w, pg) for w, st, pg in pupils if st != last]
                resolver = next((w, pg) for w, st, pg in pupils if st == last)
                for _, pg in [("Lecturer", lecturer), *[(w, pg) for w, _, pg in pupils]]:
                    pg.evaluate(ARM, year + 1)
                for who, pg in first:
                    try:
                        pg.get_by_role("button", name="Submit orders").click(timeout=WAIT_MS)
                    except Exception:
                        failures.add(who)
                for who, pg in first:
                    try:
                        pg.locator(".submitted").wait_for(timeout=WAIT_MS)
                    except Exception:
                        failures.add(who)
                who, pg = resolver
                pg.get_by_role("button", name="Submit orders").click(timeout=WAIT_MS)
                clicked = None
                times = []
                for who, watched in [("Lecturer", lecturer), *[(w, q) for w, _, q in pupils]]:
                    try:
                        watched.wait_for_function("window.__yearAt !== null", timeout=WAIT_MS)
                        clicked = clicked or pg.evaluate("window.__clickAt")
                        times.append((watched.evaluate("window.__yearAt") - clicked) / 1000)
                    except Exception:
                        failures.add(who)
                year += 1
                played += 1
                to_all.append(times)
            browser.close()
    finally:
        stop_server(proc)
    return {"failures": len(failures), "failed": sorted(failures), "years": played,
            "to_all": to_all}


def server_part(students: int, years: int) -> tuple[list[float], list[float]]:
    """Part 2: seconds of the resolving ``Game.submit`` (one model year), and of it plus the
    redraw of every page (each seat's and the lecturer's, rendered in this process)."""
    game = Game("BENCH", KEY, SCENARIO, teams=True)
    states = list(game.seats)
    tokens = [(st, game.join(f"Student {i}", st))
              for i, st in enumerate(seats_for(students, states))]
    seated = sorted({st for st, _ in tokens}, key=states.index)
    version = solara.reactive(game.version)   # what each page's follower sets on a change

    @solara.component
    def Seat(token):
        version.value  # noqa: B018 — redraw with the game, as the page does
        class_pages.SeatView(game, token, game.view(token), lambda f: f, solara.use_reactive(""))

    @solara.component
    def Lecturer():
        class_pages.Lecturer(game, version.value, KEY, lambda f: f, solara.use_reactive(""))

    shown = [solara.render(Seat(t), handle_error=False) for _, t in tokens]
    shown.append(solara.render(Lecturer(), handle_error=False))
    resolve, redraw = [], []
    for y in range(years):
        last = seated[(len(seated) - 1 + y) % len(seated)]
        for st, token in tokens:
            if st != last:
                assert not game.submit(token, ORDERS), "the year resolved too early"
        token = next(t for st, t in tokens if st == last)
        t = time.perf_counter()
        assert game.submit(token, ORDERS), "the last seat's orders did not resolve the year"
        resolve.append(time.perf_counter() - t)
        version.value = game.version      # every page redraws (synchronously, here)
        redraw.append(time.perf_counter() - t)
    for _, rc in shown:
        rc.close()
    return resolve, redraw


def main(argv=None) -> dict:
    """Run both parts, print the table and return the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--years", type=int, default=2)
    args = ap.parse_args(argv)
    resolve, redraw = server_part(args.students, args.years)
    pages = browser_part(args.students, args.years)
    seen = [t for year in pages["to_all"] for t in year]
    worst = [max(year) for year in pages["to_all"] if year]
    nan = float("nan")
    print(f"{'students':>9}{'years':>7}{'failures':>10}{'resolve (server)':>22}"
          f"{'+ every page redrawn':>22}{'click → all pages':>22}")
    print(f"{'':>26}" + f"{'median':>11}{'max':>11}" * 3)
    print(f"{args.students:>9}{pages['years']:>7}{pages['failures']:>10}"
          f"{statistics.median(resolve):>10.3f}s{max(resolve):>10.3f}s"
          f"{statistics.median(redraw):>10.3f}s{max(redraw):>10.3f}s"
          f"{statistics.median(seen) if seen else nan:>10.2f}s"
          f"{max(worst) if worst else nan:>10.2f}s")
    print("(resolve: the resolving Game.submit timed in this process, one model year; + every "
          f"page redrawn: the same, then the {args.students} seats' and the lecturer's pages "
          "redrawn in this process — the server's whole share; click → all pages: from the "
          "last Submit orders click to each of the lecturer's and the students' pages showing "
          "the new year, timed in the pages of one chromium on this machine)")
    if pages["failed"]:
        print("failed:", ", ".join(pages["failed"]))
    return {"resolve": resolve, "redraw": redraw, **pages}


if __name__ == "__main__":
    main()
