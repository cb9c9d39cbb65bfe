"""ArmsRaceModel: the world of a scenario, stepping one simulated year at a time.

The phases of a year, in order, are :class:`model.simulation.year.Year`'s (shared with the
ensemble that steps many runs of a scenario at once, :mod:`model.simulation.ensemble`); this
module builds the world from a scenario and gives what belongs to one run: its events, the
students who play states, the alliance graph, the chronicle and the tidy frame.
"""

from __future__ import annotations

import mesa
import numpy as np

from agents import StateAgent, make_strategy
from agents.orders import Orders
from model.scenario.loader import load_scenario, prepared_scenario
from model.scenario.schema import Scenario
from model.simulation.alliances import AllianceGraph
from model.simulation.chronicle import Chronicle
from model.simulation.collector import YearlyCollector
from model.simulation.diplomacy import apply_diplomacy, declined_flows
from model.simulation.effective import EffectiveInputs
from model.simulation.events import EventBook
from model.simulation.reporters import MODEL_REPORTERS
from model.simulation.run import COUNTS, OneRun
from model.simulation.stakes import Stakes
from model.simulation.streams import Streams
from model.simulation.world import build_world
from model.simulation.year import Year


class ArmsRaceModel(OneRun, Year, EffectiveInputs, mesa.Model):
    """The eight states (or any N) of a scenario, stepping one calendar year at a time.

    ``ArmsRaceModel(scenario=sc, rng=42, distinguishability=0.8)``: keywords override
    parameters (or ``years``/``seed``); ``overrides={"Armenia.reaction": 0.2}`` reaches
    state fields; ``mechanisms={"spiral": False}`` switches mechanisms off (the same as
    ``overrides={"mechanisms.spiral": False}``; model/scenario/mechanisms.py). ``rng``
    defaults to the scenario's seed. ``history_until=2022`` drops the scenario's events and
    energy prices dated after 2022: a forecast from what was known then.
    """

    def __init__(self, scenario: Scenario | str | None = None, rng=None, *,
                 overrides: dict | None = None, collect: bool = True,
                 mechanisms: dict[str, bool] | None = None, **parameters):
        sc = prepared_scenario(scenario, overrides, mechanisms, parameters)
        if rng is None:
            rng = sc.seed
        if isinstance(rng, str):
            rng = int(rng)  # a text box gives a string; Mesa 3.5 rejects it
        super().__init__(rng=rng)
        self.seed = rng
        #: one random stream per mechanism, spawned from the seed (streams.py)
        self.streams = Streams(int(rng) if isinstance(rng, (int, np.integer)) else None, self.rng)
        self.scenario = sc
        self.params = sc.parameters.model_copy()  # events may change it; the scenario stays
        self.mechanisms = sc.mechanisms           # which mechanisms run (effective.py)
        self.year = sc.start_year
        self.now = sc.start_year  # the year being simulated: chronicle entries carry it
        self.end_year = sc.start_year + sc.years
        self.world = build_world(sc)
        self.pairs = np.triu_indices(self.world.n, 1)
        self.stakes = Stakes(sc.stakes, self.world.index)  # what wars are fought over
        self.counts = dict.fromkeys(COUNTS, 0)
        self.chronicle_log = Chronicle()
        self.events = EventBook(sc.events)
        self.agent_list: list[StateAgent] = [
            StateAgent(self, name, i, sc.states[name].strategy)
            for i, name in enumerate(self.world.names)
        ]
        self.states = {a.name: a for a in self.agent_list}
        self._power_drive = np.array([a.strategy.power_drive for a in self.agent_list])
        self._players = [a for a in self.agent_list if a.strategy.name == "human"]
        self._graph = AllianceGraph(self.world)
        self._begin()
        self.datacollector = YearlyCollector(MODEL_REPORTERS).bind(self)
        self.collect = collect
        if collect:
            self.datacollector.collect(self)

    @property
    def scenario(self) -> Scenario:
        """The validated scenario this model was built from (overrides applied)."""
        return self._scenario

    @scenario.setter
    def scenario(self, sc: Scenario) -> None:  # Mesa's own setter would tag sc with .model
        self._scenario = sc

    def play_as(self, state: str) -> Orders:
        """A student takes over ``state``: returns its orders for the coming year (fill them
        in before each ``step``; they are cleared after it). The computer plays the rest."""
        agent = self.states[state]
        if agent.strategy.name != "human":
            agent.strategy = make_strategy("human")
            self._power_drive[agent.index] = 0.0
            self._players.append(agent)
        return agent.strategy.orders

    def release(self, state: str) -> None:
        """Give a played ``state`` back to the computer: its scenario strategy (and that
        strategy's power drive) again, from the next ``step``. The inverse of ``play_as``."""
        agent = self.states[state]
        own = self.scenario.states[state].strategy
        if agent.strategy.name == own:
            return
        agent.strategy = make_strategy(own)
        self._power_drive[agent.index] = agent.strategy.power_drive
        if agent in self._players:
            self._players.remove(agent)

    def orders(self, state: str) -> Orders:
        """This year's orders of a played state (see ``play_as``)."""
        return self.states[state].strategy.orders

    @property
    def alliance_graph(self):
        """networkx graph over the state names, in sync with this year's ties."""
        return self._graph.view(self.year)

    # --- what one run gives the year's phases (year.py) -----------------------------------
    def _scheduled(self, year: int) -> bool:
        """The year's events, then players' agreements; True if anything was applied."""
        changed = self.events.apply(self, year)
        for agent in self._players:
            if not agent.strategy.orders.is_empty():
                apply_diplomacy(self, agent, agent.strategy.orders)
                changed = True
        return changed

    def _refuse_declined_flows(self) -> None:
        """Arms a player refused are not delivered."""
        for agent in self._players:
            declined_flows(self, agent, agent.strategy.orders)

    def _year_done(self) -> None:
        for agent in self._players:
            agent.strategy.orders.clear()

    def _players_adjust(self, budgets: np.ndarray) -> np.ndarray:
        """Players' orders replace the rule's budget for their states."""
        for agent in self._players:
            budgets[agent.index] = agent.strategy.adjust_budget(agent, budgets[agent.index])
        return budgets

    # --- convenience ----------------------------------------------------------------------
    def frame(self):
        """Tidy pandas frame of everything collected: one row per state and year."""
        from model.simulation.reporters import tidy_frame

        return tidy_frame(self)


def run_scenario(scenario, years: int | None = None, seed: int | None = None, **overrides):
    """One call from a scenario (path, dict or Scenario) to a tidy table.

    Columns: year, state, milex, gdp, capability, burden, net_threat, top_threat, then
    the per-year model measures (regional_milex, crises, wars, commitments_...).
    """
    sc = load_scenario(scenario)
    model = ArmsRaceModel(sc, rng=seed, **overrides)
    model.run(years)
    return model.frame()
