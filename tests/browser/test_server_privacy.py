"""A classroom server in a real browser: it reads no file the page did not list, shows no
server path or traceback, talks to nobody outside this machine, and lets idle sessions go."""

import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, outbound, start_server, stop_server

#: a front-end file that is not among the offline assets
MISSING_ASSET = "_solara/cdn/left-pad@1.3.0/index.js"


def select_item(w, label: str, value: str) -> None:
    """What a student can do from the browser console: make a select send any value."""
    w.page.evaluate("""([label, value]) => {
        const el = [...document.querySelectorAll('.v-select')].find(
            e => e.innerText.includes(label));
        el.__vue__.selectItem(value);
    }""", [label, value])


def body(w) -> str:
    return w.page.locator("body").inner_text()


@pytest.mark.parametrize("label,value", [
    ("Scenario", "/etc/passwd"), ("Scenario", "../README.md"), ("Scenario", "/dev/zero"),
    ("Overlay a full run of", "../../etc/passwd"), ("You play", "Atlantis")])
def test_a_value_the_page_did_not_offer_is_refused_by_the_server(open_page, label, value):
    w = open_page()
    w.click("Step")
    w.page.wait_for_function("(document.querySelector('.indicator-year')||{}).innerText == '2021'")
    select_item(w, label, value)
    w.page.locator(".notice").wait_for(timeout=20000)
    text = body(w)
    assert "not one of those offered" in text
    assert "root:" not in text and str(ROOT) not in text and "Traceback" not in text
    assert w.year() == 2021, "the run is kept"
    assert w.errors == []


def _missing_asset_answer(url: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        status = urllib.request.urlopen(url + MISSING_ASSET, timeout=30).status
    except urllib.error.HTTPError as err:
        status = err.code
    return status, time.perf_counter() - start


def test_make_run_server_makes_no_outbound_connection(open_page, server):
    w = open_page()
    w.click("Step")
    w.page.wait_for_function("(document.querySelector('.indicator-year')||{}).innerText == '2021'")
    status, seconds = _missing_asset_answer(server)
    assert status == 404 and seconds < 3, (status, seconds)
    assert w.outside == []
    netlog = ROOT / "test-artifacts" / "solara-server-network.log"
    assert outbound(netlog) == []


def test_plain_solara_run_sends_no_telemetry_and_fetches_no_cdn_file(browser):
    """Started by hand (not `make run`), with no Solara setting in the environment: server.py
    itself keeps the server private. (The version check of `solara run` happens before the
    app loads, so this start passes --no-check-version, as dashboard/serving.py says.)"""
    solara = str(Path(sys.executable).parent / "solara")
    url, proc, netlog = start_server([solara, "run", "server.py", "--production",
                                      "--no-check-version"], "plain-solara-run")
    try:
        page = browser.new_page()
        page.goto(url)
        page.locator(".indicator-year").wait_for(timeout=60000)
        status, seconds = _missing_asset_answer(url)
        page.close()
        time.sleep(1)   # telemetry goes out in a background thread
    finally:
        stop_server(proc)
    assert status == 404 and seconds < 3, (status, seconds)
    assert outbound(netlog) == []


def test_closed_sessions_are_let_go_after_the_idle_timeout(browser):
    url, proc, _ = start_server([sys.executable, "-m", "dashboard"], "idle-sessions",
                                SOLARA_KERNEL_CULL_TIMEOUT="2s")
    try:
        contexts = [browser.new_context() for _ in range(3)]
        for ctx in contexts:
            page = ctx.new_page()
            page.goto(url)
            page.locator(".indicator-year").wait_for(timeout=60000)
        kernels = lambda: json.load(urllib.request.urlopen(url + "resourcez"))["kernels"]  # noqa
        assert kernels()["total"] >= 3
        for ctx in contexts:
            ctx.close()
        deadline = time.time() + 30
        while kernels()["total"] and time.time() < deadline:
            time.sleep(0.5)
        assert kernels()["total"] == 0
    finally:
        stop_server(proc)
