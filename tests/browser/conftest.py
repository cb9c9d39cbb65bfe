"""Real-browser fixtures: `solara run server.py` on a free loopback port, Debian chromium."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    port = _free_port()
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    solara = Path(sys.executable).parent / "solara"
    log = open(ARTIFACTS / "solara-server.log", "w") if ARTIFACTS.mkdir(exist_ok=True) is None \
        else None
    proc = subprocess.Popen([str(solara), "run", "server.py", "--host", "127.0.0.1", "--port",
                             str(port), "--production"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("the dashboard did not start; see test-artifacts/solara-server.log")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), "chromium missing: `make test` installs it"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page with its console errors and any request that leaves 127.0.0.1."""

    def __init__(self, page):
        self.page = page
        self.errors, self.outside = [], []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(
            ("http://127.0.0.1", "data:", "blob:", "about:")) else self.outside.append(r.url))

    def year(self) -> int:
        return int(self.page.locator(".indicator-year").inner_text())

    def click(self, name):
        self.page.get_by_role("button", name=name, exact=True).first.click()


@pytest.fixture
def open_page(browser, server):
    contexts = []

    def opener():
        ctx = browser.new_context(viewport={"width": 1600, "height": 1200})
        contexts.append(ctx)
        page = ctx.new_page()
        w = Watched(page)
        page.goto(server)
        page.locator(".indicator-year").wait_for(timeout=60000)
        page.locator(".vega-embed canvas").first.wait_for(timeout=30000)
        return w

    yield opener
    for ctx in contexts:
        ctx.close()
