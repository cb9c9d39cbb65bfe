"""Docs stay true to the code."""

from pathlib import Path

from model.scenario.paramdoc import render
from model.scenario.schema import Parameters

ROOT = Path(__file__).resolve().parent.parent


def test_parameter_table_is_current():
    assert (ROOT / "docs" / "parameters.md").read_text() == render(), (
        "docs/parameters.md is stale: run `.venv/bin/python -m model.scenario.paramdoc > docs/parameters.md`")


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
