"""The states of the model and how they decide.

``StateAgent`` (a Mesa agent) is imported when first asked for, so what needs only the
strategies (the scenario schema, a batch worker's ensemble) does not load Mesa.
"""

from .strategies import STRATEGIES, make_strategy

__all__ = ["StateAgent", "STRATEGIES", "make_strategy"]


def __getattr__(name: str):
    if name == "StateAgent":
        from .state import StateAgent

        return StateAgent
    raise AttributeError(f"module 'agents' has no attribute {name!r}")
