"""Caucasus arms-race model: the public interface (README.md, docs/architecture.md)."""

from model.scenario.loader import ScenarioError, load_scenario
from model.scenario.synthetic import synthetic_world
from model.simulation.model import ArmsRaceModel, run_scenario

__version__ = "0.1.0"
__all__ = ["ArmsRaceModel", "ScenarioError", "load_scenario", "run_scenario", "synthetic_world",
           "__version__"]
