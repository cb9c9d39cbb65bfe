"""Caucasus arms-race model: the public interface (README.md, docs/architecture.md).

``ArmsRaceModel`` and ``run_scenario`` (Mesa) are imported when first asked for, so a batch
worker that steps ensembles (model/simulation/ensemble.py) starts without loading Mesa.
"""

from model.scenario.input_errors import InputError, ScenarioError
from model.scenario.loader import load_scenario
from model.scenario.synthetic import synthetic_world

__version__ = "0.1.0"
__all__ = ["ArmsRaceModel", "InputError", "ScenarioError", "load_scenario", "run_scenario",
           "synthetic_world", "__version__"]


def __getattr__(name: str):
    if name in ("ArmsRaceModel", "run_scenario"):
        from model.simulation import model as simulation

        return getattr(simulation, name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")
