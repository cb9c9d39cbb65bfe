"""Caucasus arms-race model: the public interface (README.md, docs/architecture.md)."""

from .model import ArmsRaceModel, run_scenario
from .scenario import ScenarioError, load_scenario
from .synthetic import synthetic_world

__version__ = "0.1.0"
__all__ = ["ArmsRaceModel", "ScenarioError", "load_scenario", "run_scenario", "synthetic_world",
           "__version__"]
