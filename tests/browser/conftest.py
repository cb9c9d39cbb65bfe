"""Real-browser fixtures: the dashboard as `make run` serves it, on a free loopback port, with
every network address the server uses logged; Debian chromium."""

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


NETWATCH = Path(__file__).resolve().parent / "netwatch"
LOOPBACK = ("127.", "::1", "localhost", "0.0.0.0")


def start_server(command: list[str], log_name: str, **extra_env
                 ) -> tuple[str, subprocess.Popen, Path]:
    """Start the dashboard with ``command`` + host and port, with the environment cleared of
    Solara's settings (so nothing but the project turns anything off), its network use
    logged; return its URL, the process and the network log once the page answers."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    netlog = ARTIFACTS / f"{log_name}-network.log"
    netlog.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOLARA_")}
    env.update(PYTHONPATH=str(NETWATCH), ARMSRACE_NETLOG=str(netlog), **extra_env)
    log = open(ARTIFACTS / f"{log_name}.log", "w")
    proc = subprocess.Popen([*command, "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                return url, proc, netlog
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"the dashboard did not start; see test-artifacts/{log_name}.log")


def stop_server(proc) -> None:
    proc.terminate()
    proc.wait(timeout=20)


def outbound(netlog: Path) -> list[str]:
    """The addresses the server looked up or connected to that are not this machine."""
    out = []
    for line in netlog.read_text().splitlines():
        event, _, where = line.partition(" ")
        if where.startswith("'/"):   # a unix socket
            continue
        host = where.strip("()").split(",")[0].strip(" '\"")
        if not host.startswith(LOOPBACK):
            out.append(line)
    return out


#: how ``make run`` starts the dashboard
MAKE_RUN = [sys.executable, "-m", "dashboard"]


@pytest.fixture(scope="session")
def server():
    url, proc, netlog = start_server(MAKE_RUN, "solara-server")
    yield url
    stop_server(proc)
    assert outbound(netlog) == [], "the server connected outside this machine"


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
