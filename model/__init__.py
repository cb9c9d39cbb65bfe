"""Caucasus arms-race model: the public interface (README.md, docs/architecture.md)."""

from model.scenario.input_errors import InputError, ScenarioError
from model.scenario.loader import load_scenario
from model.scenario.synthetic import synthetic_world
from model.simulation.model import ArmsRaceModel, run_scenario

__version__ = "0.1.0"
__all__ = ["ArmsRaceModel", "InputError", "ScenarioError", "load_scenario", "run_scenario",
           "synthetic_world", "__version__"]
