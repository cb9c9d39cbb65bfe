"""Docs stay true to the code."""

from pathlib import Path

from model.scenario.paramdoc import render
from model.scenario.schema import Parameters

ROOT = Path(__file__).resolve().parent.parent


def test_parameter_table_is_current():
    assert (ROOT / "docs" / "parameters.md").read_text() == render(), (
        "docs/parameters.md is stale: run `.venv/bin/python -m model.scenario.paramdoc > docs/parameters.md`")


def test_claims_table_is_current():
    """docs/model.md's "Patterns and claims × mechanisms" is generated from tests/claims.py."""
    from .claims import MODEL_MD, current_table, table

    assert current_table(MODEL_MD.read_text()) == table(), (
        "docs/model.md's claims table is stale: run `.venv/bin/python -m tests.claims --write`")


def test_every_parameter_is_described_in_the_odd_or_the_table():
    odd = (ROOT / "docs" / "model.md").read_text()
    table = (ROOT / "docs" / "parameters.md").read_text()
    for name, field in Parameters.model_fields.items():
        assert field.description, f"{name} has no description"
        assert f"`{name}`" in table
    for key in ("Richardson", "Jervis", "Walt", "Waltz", "Fearon", "Leeds", "Purpose",
                "Process overview", "Design concepts", "Initialisation", "Input data",
                "Submodels"):
        assert key in odd


def test_architecture_names_only_files_and_functions_that_exist():
    """docs/architecture.md is the contributors' map: every file it names exists, and every
    `module.function` it names is defined there."""
    import importlib
    import re

    text = (ROOT / "docs" / "architecture.md").read_text()
    paths = set(re.findall(r"\b((?:model|dashboard|agents|tests|scenarios|benchmarks)/"
                           r"[\w/]+\.(?:py|yaml|csv))", text))
    assert len(paths) > 20
    assert [p for p in paths if not (ROOT / p).exists()] == []
    modules = {Path(p).stem: p for p in paths if p.startswith("model/") and p.endswith(".py")}
    named = set(re.findall(r"`(\w+)\.(\w+)`", text))
    missing = []
    for module, name in named:
        if module in modules and module != "model" and name != "py":
            dotted = modules[module].removesuffix(".py").replace("/", ".")
            if not hasattr(importlib.import_module(dotted), name):
                missing.append(f"{module}.{name}")
    assert missing == []
