"""Every benchmark runs once at a tiny size, so one that no longer matches the model fails here.

bench_dashboard times a real chromium against two `solara run` servers; here its parts that
need no browser run: the reference SolaraViz app builds and both apps' servers start and
answer. Its in-page timing is exercised only by running it (``--quick``).
"""

import importlib.util
import math
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from model import load_scenario, synthetic_world
from tests.worlds import BASELINE_STATES

ROOT = Path(__file__).resolve().parent.parent


def bench(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench_model():
    return bench("bench_model")


def test_bench_model_runs_at_a_tiny_size(bench_model, capsys):
    r = bench_model.main(["--seconds", "0.01", "--years", "3", "--sizes", "8", "12",
                          "--runs", "3"])
    out = capsys.readouterr().out
    assert "plain-numpy floor" in out and "Mesa Boltzmann" in out
    assert all(r[k] > 0 and math.isfinite(r[k]) for k in ("model", "floor", "boltzmann"))
    assert [n for n, *_ in r["sizes"]] == [8, 12]
    assert [runs for runs, *_ in r["runs"]] == [3] and min(r["runs"][0][1:]) > 0
    assert "Many runs at once" in out
    assert all(us > 0 for _, *cost, _, _ in r["sizes"] for us in cost)
    assert all(crises >= 0 and calls >= 0 for *_, crises, calls in r["sizes"])
    assert "products µs" in out and "crises/yr" in out


def test_growth_is_the_exponent_between_sizes(bench_model):
    """N² between sizes reads 2, N³ reads 3; the first size has none."""
    sizes = [(10, 100.0, 1000.0), (20, 400.0, 8000.0), (40, 1600.0, 64000.0)]
    assert bench_model.growth(sizes, 0) == [None, pytest.approx(2.0), pytest.approx(2.0)]
    assert bench_model.growth(sizes, 1) == [None, pytest.approx(3.0), pytest.approx(3.0)]


def test_events_per_year_counts_the_models_crises_and_calls(bench_model):
    """The synthetic world's crises and calls on allies a year, as the model counts them:
    a larger world of the same shares has more of both."""
    small = bench_model.events_per_year(synthetic_world(10, 0), 20)
    large = bench_model.events_per_year(synthetic_world(40, 0), 20)
    assert small[0] > 0 and large[0] > 2 * small[0] and large[1] > small[1]


@pytest.mark.parametrize("world", ["baseline", "synthetic"])
def test_the_floor_computes_the_models_year(bench_model, world):
    """With no crises, noise or events, the floor's year is the model's, to the last bit."""
    sc = load_scenario(bench_model.BASELINE) if world == "baseline" else synthetic_world(10, 3)
    assert bench_model.floor_matches_model(sc, years=8) < 1e-12


@pytest.mark.parametrize("world", ["baseline", "synthetic"])
def test_runs_stepped_together_are_each_run_alone(bench_model, world):
    """The floor on a run axis: every run of the stack is, to the last bit, the run of its
    seed stepped alone (each run draws from its own streams)."""
    sc = load_scenario(bench_model.BASELINE) if world == "baseline" else synthetic_world(10, 3)
    assert bench_model.ensemble_matches_alone(sc, runs=4, years=8)


def test_a_floor_that_drifts_from_the_model_is_caught(bench_model, monkeypatch):
    """The check bites: a floor that forgets the offensive realists' drive is refused."""
    sc = synthetic_world(10, 3)
    assert any(s.strategy == "offensive" for s in sc.states.values())
    defensive = bench_model.make_strategy("defensive")
    monkeypatch.setattr(bench_model, "make_strategy", lambda name: defensive)
    assert bench_model.floor_matches_model(sc, years=3) > 1e-6
    with pytest.raises(AssertionError, match="no longer computes the model"):
        bench_model.measure(0.01, [8], years=2)


@pytest.mark.slow
def test_bench_batch_runs_at_a_tiny_size(capsys):
    """Two runs of three years through every executor, mesa.batch_run and the memory probe
    (about a minute: process pools, a Dask cluster and subprocesses start)."""
    r = bench("bench_batch").main(["--runs", "2", "--years", "3"])
    out = capsys.readouterr().out
    assert r["same"], out                          # mesa.batch_run saw the same data
    assert r["rows"] == 2 * 4 * BASELINE_STATES                 # runs × (start + 3 years) × states
    assert "DATA DIFFER" not in out and "Peak memory" in out and "A sample:" in out
    assert r["sample_1"] > 0 and r["sample_mesa_1"] > 0
    assert r["memory_small_mb"] > 0 and r["memory_large_mb"] > 0


def test_bench_dashboard_reference_app_builds():
    """The SolaraViz reference the dashboard is timed against still builds with this Mesa."""
    b = bench("bench_dashboard")
    with b.reference_app() as app:
        done = subprocess.run([sys.executable, "-c", f"import runpy; p = runpy.run_path("
                               f"{app!r})['page']; print(type(p).__name__)"],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert Path(app).exists()
    assert not Path(app).exists()
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


@pytest.mark.parametrize("app", ["server.py", "reference"])
def test_bench_dashboard_servers_start_and_answer(app):
    b = bench("bench_dashboard")
    with b.reference_app() as reference:
        proc, url, _ = b.serve(reference if app == "reference" else app)
        try:
            with urllib.request.urlopen(url, timeout=30) as page:
                assert page.status == 200 and b"solara" in page.read().lower()
        finally:
            proc.terminate()
            proc.wait(timeout=20)
