"""The states of the model and how they decide."""

from .state import StateAgent
from .strategies import STRATEGIES, make_strategy

__all__ = ["StateAgent", "STRATEGIES", "make_strategy"]
