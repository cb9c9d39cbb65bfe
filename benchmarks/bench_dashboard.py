"""The dashboard's speed in a real browser (chromium), side by side with a plain Mesa SolaraViz.

    .venv/bin/python benchmarks/bench_dashboard.py [--steps 20] [--sessions 10]
    .venv/bin/python benchmarks/bench_dashboard.py --quick   # 2 Steps, 1 session, 1 start

Prints, for our dashboard (server.py) and for a plain SolaraViz of the same model with two
matplotlib charts: server start → interactive page; median time from the mousedown on Step
to the step's results drawn (ours: all six charts show the new year; SolaraViz: its step
counter changed), timed inside the page and as Playwright sees it; years per second while
playing (ours); and N concurrent sessions, each its own page, whose Step failed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

REFERENCE = '''
import sys
sys.path.insert(0, {root!r})
from mesa.visualization import SolaraViz, make_plot_component, solara_viz
from model import ArmsRaceModel

# Mesa 3.5's SolaraViz expects model.scenario to be a mesa.experimental Scenario; ours is the
# validated YAML scenario. The reference only times stepping and two plots, so give SolaraViz
# no scenario defaults to read (timing aid only; nothing of the dashboard uses this).
solara_viz._get_scenario_defaults = lambda scenario: {{"rng": None}}

model = ArmsRaceModel("{root}/scenarios/baseline_2020.yaml", rng=1)
page = SolaraViz(model, components=[make_plot_component("regional_milex"),
                                    make_plot_component("crises")], name="reference")
'''


@contextlib.contextmanager
def reference_app():
    """The reference SolaraViz app as a file in the repository (``solara run`` imports it from
    there); removed afterwards."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, dir=ROOT) as f:
        f.write(REFERENCE.format(root=str(ROOT)))
    try:
        yield f.name
    finally:
        os.unlink(f.name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app: str, timeout: float = 120.0):
    """Start ``solara run app`` and wait until it answers: (process, url, start time)."""
    port = free_port()
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "solara"), "run", app, "--host",
                             "127.0.0.1", "--port", str(port), "--production"], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.perf_counter() - t0 > timeout:
                proc.terminate()
                raise RuntimeError(f"solara run {app} did not answer (exit {proc.poll()})") from None
            time.sleep(0.1)
    return proc, url, t0


# In the page: the time of the mousedown on Step, and of the first DOM change after it at
# which `done` holds. Timing inside the page leaves out Playwright's own round trips (about
# 60 ms a click here), so the figure is what a student at the browser waits.
ARM = """(done) => {
  if (!window.__benchArmed) {
    document.addEventListener('mousedown', () => { window.__clickAt = performance.now(); }, true);
    window.__benchArmed = true;
  }
  window.__doneAt = null;
  if (window.__observer) window.__observer.disconnect();
  const check = new Function('return (' + done + ');');
  window.__observer = new MutationObserver(() => {
    if (window.__doneAt === null && window.__clickAt !== undefined && check()) {
      window.__doneAt = performance.now();
    }
  });
  window.__observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                            characterData: true});
}"""


def open_ready(browser, app, ready):
    """Launch ``solara run app``, open it in a new page, wait for ``ready``: (server process,
    page, seconds from launch to ready)."""
    proc, url, t0 = serve(app)
    try:
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.goto(url)
        page.locator(ready).first.wait_for(timeout=120000)
    except Exception:
        proc.terminate()
        raise
    return proc, page, time.perf_counter() - t0


def start_time(browser, app, ready) -> float:
    """Seconds from launching ``solara run`` to the page's ``ready`` element in a new page."""
    proc, page, elapsed = open_ready(browser, app, ready)
    page.close()
    proc.terminate()
    proc.wait(timeout=20)
    return elapsed


def measure(browser, app, ready, step_button, changed_js, steps, sessions, play=None,
            drawn_js=None, starts=3):
    """Server start → ready; median Step in the page and as Playwright sees it; Play rate;
    sessions (each its own page) whose Step did not change their page within a minute.

    ``changed_js``: text that a Step changes; ``drawn_js(before)``: JS that holds once the
    Step's results are drawn (default: ``changed_js`` differs from ``before``)."""
    proc, page, start_to_ready = open_ready(browser, app, ready)
    url = page.url
    try:
        in_page, round_trip = [], []
        for _ in range(steps):
            before = page.evaluate(changed_js)
            done = (drawn_js or (lambda b: f"({changed_js}) !== {b!r}"))(before)
            page.evaluate(ARM, done)
            t = time.perf_counter()
            page.locator(step_button).first.click()
            page.wait_for_function("window.__doneAt !== null", timeout=60000, polling=5)
            round_trip.append(time.perf_counter() - t)
            in_page.append(page.evaluate("window.__doneAt - window.__clickAt") / 1000)
        play_rate = play(page) if play else None
        errors = 0
        pages = [browser.new_page() for _ in range(sessions)]
        for p in pages:
            p.goto(url)
            p.locator(ready).first.wait_for(timeout=120000)
        befores = [p.evaluate(changed_js) for p in pages]
        for p in pages:
            p.locator(step_button).first.click()
        for p, before in zip(pages, befores, strict=True):
            try:
                p.wait_for_function(f"({changed_js}) !== {before!r}", timeout=60000)
            except Exception:
                errors += 1
        for p in [page, *pages]:
            p.close()
        proc.terminate()
        proc.wait(timeout=20)
        # a server start is noisy on a busy 2-core machine: the median of several
        start_to_ready = statistics.median(
            [start_to_ready, *(start_time(browser, app, ready) for _ in range(starts - 1))])
        return (start_to_ready, statistics.median(in_page), statistics.median(round_trip),
                play_rate, errors)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def our_play(page):
    """Play the 15-year baseline at the speed slider's maximum (20 years/s) and time it."""
    page.get_by_role("button", name="Reset", exact=True).click()
    page.wait_for_function("(document.querySelector('.indicator-year')||{}).innerText == '2020'")
    slider = page.locator(".v-input", has_text="Speed (years per second)").locator(
        "[role=slider]").first
    slider.focus()
    page.keyboard.press("End")
    page.wait_for_function("[...document.querySelectorAll('[role=slider]')].some("
                           "s => s.getAttribute('aria-valuenow') == '20')", timeout=10000)
    t = time.perf_counter()
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("(document.querySelector('.indicator-year')||{}).innerText == '2035'",
                           timeout=120000)
    return 15 / (time.perf_counter() - t)


def main(argv=None) -> dict:
    """Run the benchmark in chromium, print its figures and return them."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--starts", type=int, default=3, help="server starts timed (median)")
    ap.add_argument("--quick", action="store_true", help="a smoke run: 2 Steps, 1 session, "
                    "1 server start")
    args = ap.parse_args(argv)
    if args.quick:
        args.steps, args.sessions, args.starts = 2, 1, 1
    year = "(document.querySelector('.indicator-year')||{}).innerText||''"

    def charts_drawn(before):  # the next year's text, and all six charts drawn for it
        nxt = str(int(before) + 1)
        return (f"({year}) == '{nxt}' && [...document.querySelectorAll('.vega-view')]"
                f".filter(e => e.dataset.revision == '{nxt}').length == 6")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        browser.new_page().goto("about:blank")  # the browser is up before the server starts
        ours = measure(browser, "server.py", ".indicator-year", "text=Step", year,
                       min(args.steps, 14), args.sessions, our_play, charts_drawn,
                       args.starts)
        with reference_app() as app:
            try:
                steps_js = "document.body.textContent"  # the step counter changes the text
                ref = measure(browser, app, "button:has-text('Reset')",
                              "button:has-text('Step')", steps_js,
                              min(args.steps, 14), args.sessions, starts=args.starts)
            except Exception as err:  # report it rather than hide our own figures
                print(f"reference SolaraViz could not be measured: {type(err).__name__}: "
                      f"{str(err).splitlines()[0]}")
                ref = (float("nan"), float("nan"), float("nan"), None, -1)
        browser.close()
    print(f"{'':34}{'ours':>12}{'SolaraViz':>12}")
    print(f"{'server start → interactive (median)':34}{ours[0]:11.1f}s{ref[0]:11.1f}s")
    print(f"{'median Step → charts drawn (page)':34}{ours[1] * 1000:10.0f}ms"
          f"{ref[1] * 1000:10.0f}ms")
    print(f"{'  same, seen through Playwright':34}{ours[2] * 1000:10.0f}ms"
          f"{ref[2] * 1000:10.0f}ms")
    print(f"{'Play at 20 y/s, years per s':34}{ours[3]:12.1f}{'—':>12}")
    print(f"{'sessions failing to step':34}{ours[4]:>9}/{args.sessions}"
          f"{ref[4]:>9}/{args.sessions}")
    print("(ours: up to 14 Steps of the 15-year baseline; the reference shares one model "
          "between its sessions, ours has one per session)")
    return {"ours": ours, "reference": ref}


if __name__ == "__main__":
    main()
