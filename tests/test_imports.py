"""Imports run one way: agents/ → Mesa and itself; model/ → agents/; dashboard/ → both.
No module imports, at any depth and lazily or not, a module that imports it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("agents", "model", "dashboard")


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project's modules ``name`` imports anywhere in its body (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()

    def known(target: str) -> str | None:
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        return target or None

    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {known(a.name) for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = ".".join(base[:len(base) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else known(base))
    found.discard(None)
    found.discard(name)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycle(graph) -> list[str]:
    """One import cycle of ``graph`` (module → modules it imports), or [] if there is none."""
    state, stack = {}, []

    def visit(m):
        state[m] = "open"
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == "open":
                return stack[stack.index(n):] + [n]
            if n not in state and (found := visit(n)):
                return found
        state[m] = "done"
        stack.pop()
        return []

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return []


def test_the_import_graph_sees_lazy_and_relative_imports():
    year = GRAPH["model.simulation.model"]
    assert {"model.simulation.year", "model.simulation.diplomacy",
            "model.simulation.events"} <= year
    assert "model.simulation.alliance_health" in GRAPH["model.simulation.year"]
    assert "agents.orders" in GRAPH["agents.strategies"]
    assert "model.simulation.model" in GRAPH["model"]         # a package's __init__
    assert "model.simulation.reporters" in year               # imported inside a method
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    assert _cycle(GRAPH) == []


@pytest.mark.parametrize(("layer", "forbidden"), [("agents", ("model", "dashboard")),
                                                   ("model", ("dashboard",))])
def test_lower_layers_do_not_import_higher_ones(layer, forbidden):
    wrong = {f"{m} → {n}" for m, targets in GRAPH.items() if m.split(".")[0] == layer
             for n in targets if n.split(".")[0] in forbidden}
    assert not wrong


#: the layers, lowest first: a module may import its own layer and those below, never above
LAYERS = ("agents", "model.scenario", "model.simulation", "model", "model.experiments",
          "model.cli", "dashboard")


def _layer(module: str) -> int:
    """The index in LAYERS of the longest layer name that ``module`` is, or lies in."""
    found = [k for k, name in enumerate(LAYERS)
             if module == name or module.startswith(name + ".")]
    return max(found, key=lambda k: len(LAYERS[k]))


def test_imports_run_down_the_layers():
    """Scenario input → simulation → the public interface → experiments → command line →
    dashboard: each imports only its own layer and the ones below (``model.__main__`` is
    the command line's)."""
    layer = {m: 5 if m == "model.__main__" else _layer(m) for m in GRAPH}
    upward = sorted(f"{m} → {n}" for m, targets in GRAPH.items() for n in targets
                    if n in layer and layer[n] > layer[m])
    assert upward == []


def test_a_batch_worker_runs_its_chunks_without_loading_mesa_or_pandas(tmp_path):
    """A local worker's fork server loads what a worker runs (evaluators.py); Mesa and pandas
    are ~1 s of imports a batch's start would wait for, and a worker needs neither: it is
    sent its job (pickled, as the pool sends it), steps each chunk as an ensemble and
    returns an Arrow table (arrow_columns.py: pyarrow's converter would load pandas)."""
    import pickle
    import subprocess
    import sys

    from model.experiments.chunks import Job
    from model.experiments.sweep import load_sweep

    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("name: w\ndescription: A worker's chunk.\n"
                     f"scenario: {ROOT / 'scenarios' / 'baseline_2020.yaml'}\nyears: 3\n"
                     "replications: 2\nseed: 1\ngrid:\n  war_cost: [1.0, 2.0]\n")
    (tmp_path / "job.pickle").write_bytes(pickle.dumps(Job.of(load_sweep(sweep))))
    code = ("import pickle, sys, model.experiments.workers, model.simulation.ensemble;"
            f"job = pickle.loads(open({str(tmp_path / 'job.pickle')!r}, 'rb').read());"
            "table = model.experiments.workers.run_chunk(job, 0, 4);"
            "print(table.num_rows, sorted(m for m in ('mesa', 'pandas') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.strip() == "128 []"   # 4 runs × (the start year + 3) × 8 states
