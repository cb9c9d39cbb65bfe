"""Many runs of one scenario stepped together: the run axis, for batches.

An :class:`Ensemble` holds R runs of a scenario, each with its own seed, and steps them
together: the world's arrays gain a leading run axis (R×N vectors, R×N×N matrices) and
every phase of the year (:class:`model.simulation.year.Year`, the same code a single
:class:`~model.simulation.model.ArmsRaceModel` runs) pays each numpy call once for all R
runs. That is the idea behind mesa-frames; here it is the answer to batches of thousands of
replications whose cost was the ~200 small numpy calls of each run's year (docs/architecture.md,
"Speed: the run axis").

Each run stays itself, bit for bit (``tests/test_ensemble.py``):

* its random streams are its own: a stacked draw is each run's draw from its own generator,
  stacked (stacked_streams.py), in the order the run alone would draw them;
* the year's crises are found in every run at once and resolved as (run, pair) arrays
  (crises.py, commitments.py, :mod:`model.simulation.run_axis`); a war, rarer, is fought
  in its own run;
* the scenario's events apply to every run at once (events.py works on a stack; a scheduled
  call on an ally draws from each run's own stream), each run's chronicle line written from
  its own numbers;
* what happens in one run only — a war, its stakes changing hands — is done by that run's
  :class:`Member`, whose world is a :class:`RunView` onto its row of the stack: it reads
  and writes the stack's arrays as if they were its own.

Runs may differ in their parameters and their states' numbers — a sample's points, a
posterior's draws (``points``): each run's world is built from its own scenario and stacked,
and a parameter that differs is held as one value per run
(:mod:`model.simulation.run_parameters`). What decides which code runs — the years, the
events, the switches, a state's strategy, :data:`~model.simulation.run_parameters.BRANCHING`
— must be shared (:func:`~model.simulation.stacking.stack_key`). Students cannot play a
state in an ensemble: a played state's orders are one run's (use a single model).
"""

from __future__ import annotations

import weakref
from functools import partial

import numpy as np

from agents.strategies import STRATEGIES
from model.scenario.loader import prepared_scenario
from model.simulation.chronicle import Chronicle, Unkept
from model.simulation.effective import EffectiveInputs
from model.simulation.events import EventBook
from model.simulation.measures import StackedCollector
from model.simulation.reporters import MODEL_REPORTERS
from model.simulation.run import COUNTS, OneRun
from model.simulation.run_parameters import RunParameters
from model.simulation.stacked_streams import StackedStreams
from model.simulation.stacking import check_stackable, known_histories, run_scenarios, stacked_start
from model.simulation.stakes import Stakes
from model.simulation.streams import Streams
from model.simulation.world import World
from model.simulation.year import Year


class Ensemble(Year, EffectiveInputs):
    """R runs of one scenario, one per seed, stepped together.

    ``Ensemble("scenarios/baseline_2020.yaml", seeds=range(100), mechanisms={"spiral": False})``
    takes what :class:`ArmsRaceModel` takes (``overrides``, ``mechanisms``, parameters as
    keywords) and gives every run the same. ``points`` gives each run its own overrides on
    top (one dict a run, as ``overrides``: ``[{"war_cost": 0.5}, {"war_cost": 2.0}]`` with two
    seeds); each run is then what ``ArmsRaceModel(scenario, rng=seed, overrides=...)`` with
    its point would be. ``run()`` steps to the scenario's end; ``datacollector.arrays()`` gives
    every run's yearly measures at once, ``members[r]`` run r's chronicle and counts.
    ``chronicle=False`` keeps no chronicle lines (a batch keeps only the numbers; they are
    the same either way).
    """

    def __init__(self, scenario=None, seeds=(0,), *, points: list[dict] | None = None,
                 collect: bool = True, chronicle: bool = True, overrides: dict | None = None,
                 mechanisms: dict[str, bool] | None = None, **parameters):
        base = prepared_scenario(scenario, overrides, mechanisms, parameters)
        seeds = list(seeds)
        if points is None:
            scenarios = [base] * len(seeds)
        elif len(points) != len(seeds):
            raise ValueError(f"{len(points)} points for {len(seeds)} seeds: give one point "
                             f"(a dict of overrides) for each seed")
        else:
            scenarios = run_scenarios(base, points)
        self._stack(scenarios, seeds, collect, chronicle)

    @classmethod
    def of_scenarios(cls, scenarios, seeds, *, collect: bool = True,
                     chronicle: bool = True) -> Ensemble:
        """Run r of ``scenarios[r]`` with ``seeds[r]``: scenarios made from one base by
        overrides with one :func:`~model.simulation.stacking.stack_key` (a batch's chunk
        groups its runs so: model.experiments.chunks)."""
        ensemble = cls.__new__(cls)
        ensemble._stack(list(scenarios), list(seeds), collect, chronicle)
        return ensemble

    def _stack(self, scenarios, seeds, collect: bool, chronicle: bool) -> None:
        scenarios = known_histories(scenarios)
        sc = scenarios[0]
        if any(s.strategy == "human" for s in sc.states.values()):
            raise ValueError("a played state's orders belong to one run: play a state in a "
                             "single ArmsRaceModel, not in an ensemble")
        self.seeds = [int(s) for s in seeds]
        if not self.seeds:
            raise ValueError("an ensemble needs at least one seed")
        check_stackable(scenarios)
        self.scenario, self.mechanisms = sc, sc.mechanisms
        self.scenarios = scenarios
        #: each run's parameters; events change them alike in every run
        self.params = RunParameters([s.parameters for s in scenarios])
        self.year = self.now = sc.start_year
        self.end_year = sc.start_year + sc.years
        self.world = stacked_start(scenarios)
        self.pairs = np.triu_indices(self.world.n, 1)
        self.counts = {k: np.zeros(len(self.seeds), np.int64) for k in COUNTS}
        self.events = EventBook(sc.events)
        self.chronicled = chronicle
        self.members = [Member(self, r, seed) for r, seed in enumerate(self.seeds)]
        self.streams = StackedStreams([m.streams for m in self.members])
        self.stakes = StackedStakes([m.stakes for m in self.members])
        self._players = []
        # what the strategies push (ArmsRaceModel reads it from its agents; no agents here)
        self._power_drive = np.array([STRATEGIES[s.strategy].power_drive
                                      for s in sc.states.values()])
        self._begin()
        self.datacollector = StackedCollector(MODEL_REPORTERS)
        self.collect = collect
        if collect:
            self.datacollector.collect(self)

    def __len__(self) -> int:
        return len(self.members)

    def frame(self, run: int):
        """Run ``run``'s tidy frame, as :meth:`ArmsRaceModel.frame` gives it for that run
        alone (pandas, loaded here)."""
        from model.simulation.reporters import frame_of

        values, top, model_vars = self.datacollector.arrays()
        return frame_of(self.world.names, values[run], top[run],
                        {k: v[run] for k, v in model_vars.items()})

    # --- what a stack gives the year's phases (year.py) --------------------------------
    def _scheduled(self, year: int) -> bool:
        """The year's events, applied to every run at once (or run by run: events.ONE_RUN)."""
        return self.events.apply(self, year)

    def _refuse_declined_flows(self) -> None:
        """No players in an ensemble: nothing is declined."""

    def _year_done(self) -> None:
        """No players' orders to clear."""

    # --- what the crisis phase asks of a world (crises.py): here, of a stack ---------------
    def count(self, name: str, runs, happened) -> None:
        """Add to each run's ``name`` count its crises (or calls) that ``happened``."""
        self.counts[name] += np.bincount(runs[happened], minlength=len(self.members))

    def log_of(self, run):
        return self.members[run].chronicle_log

    def note_rows(self, runs, formatter, *args) -> None:
        """Each run's rows (in their order) to that run's chronicle."""
        if not self.chronicled or not runs.size:
            return
        order = np.argsort(runs, kind="stable")
        bounds = np.flatnonzero(np.diff(runs[order])) + 1
        for rows in np.split(order, bounds):
            self.members[runs[rows[0]]].chronicle_log.add_rows(
                formatter, *(a[rows] if isinstance(a, np.ndarray) else a for a in args))

    def member(self, run):
        return self.members[run]

    def all_runs(self) -> np.ndarray:
        return np.arange(len(self.members))

    # --- what the events ask (events.py) ------------------------------------------------
    def note(self, entry) -> None:
        """The same chronicle line in every run."""
        if not self.chronicled:
            return
        for m in self.members:
            m.chronicle_log.note(entry)

    def note_each(self, formatter, *args) -> None:
        """Run r's line is ``formatter`` of its own values: row r of every array argument."""
        if not self.chronicled:
            return
        for r, m in enumerate(self.members):
            m.chronicle_log.add(formatter, *(a[r] if isinstance(a, np.ndarray) else a
                                             for a in args))

    def each_run(self, fn, *args) -> None:
        """``fn(member, *args)`` for each run's member (an event that works run by run)."""
        for m in self.members:
            fn(m, *args)


class Member(OneRun, EffectiveInputs):
    """Run ``run`` of an ensemble, for what happens in one run: a war (crises.war; the
    scheduled war of events.ONE_RUN). Its world is its row of the stack (:class:`RunView`); its seed's
    streams, its stakes, chronicle and counts are its own; its parameters are its row of the
    ensemble's (read when asked: events change them); switches are the ensemble's."""

    def __init__(self, ensemble: Ensemble, run: int, seed: int):
        sc = ensemble.scenarios[run]
        # a weak reference: an ensemble and its members would otherwise form a cycle, and a
        # batch worker's finished ensembles (their streams' read-ahead buffers, ~40 MB for
        # 250 runs) would wait for the garbage collector's rare full passes
        self._ensemble, self._run = weakref.proxy(ensemble), run
        self.seed = seed
        self.scenario, self.mechanisms = sc, ensemble.mechanisms
        self.world = RunView(ensemble.world, run)
        self.streams = Streams(seed)               # as ArmsRaceModel(rng=seed) draws
        self.stakes = Stakes(sc.stakes, ensemble.world.index)
        self.counts = RunCounts(ensemble.counts, run)
        self.chronicle_log = Chronicle() if ensemble.chronicled else Unkept()
        self.events = ensemble.events

    # the ensemble's clock and choices, read, not copied
    year = property(lambda self: self._ensemble.year)
    now = property(lambda self: self._ensemble.now)
    chronicled = property(lambda self: self._ensemble.chronicled)
    params = property(lambda self: self._ensemble.params.of_run(self._run))


class RunView:
    """Run ``run`` of a stacked World, read and written as that run's own World.

    ``view.milex`` is the run's row of the stack's current ``milex`` (a numpy view, so
    ``view.milex[i] *= 2`` writes into the stack), ``view.milex = x`` writes the row; names and
    the observed paths are the stack's. What a member's events and wars do to their world
    therefore happens in the stack the year's phases step."""

    __slots__ = ("_stack", "_run")

    def __init__(self, stack: World, run: int):
        object.__setattr__(self, "_stack", stack)
        object.__setattr__(self, "_run", run)

    def __getattr__(self, name):
        value = getattr(self._stack, name)
        if isinstance(value, np.ndarray):
            return value[self._run]
        if name == "capability_history":
            return [year[self._run] for year in value]
        return value

    def __setattr__(self, name, value) -> None:
        getattr(self._stack, name)[self._run] = value

    n = World.n
    index = World.index
    scale_gdp = World.scale_gdp


class RunCounts:
    """A member's ``counts``: its entries of the ensemble's per-run counts."""

    __slots__ = ("_counts", "_run")

    def __init__(self, counts: dict[str, np.ndarray], run: int):
        self._counts, self._run = counts, run

    def __getitem__(self, name: str) -> int:
        return int(self._counts[name][self._run])

    def __setitem__(self, name: str, value: int) -> None:
        self._counts[name][self._run] = value


class StackedStakes:
    """Each run's stakes (stakes.py), read as R×N×N stacks, stacked once; after a run's stake
    changed hands (its :class:`Stakes` tells which run) only that run's row is made again."""

    def __init__(self, runs):
        self.runs = runs
        self._claim = self._pair = None
        self._stale: set[int] = set()
        for run, stakes in enumerate(runs):
            stakes.on_transfer.append(partial(self._stale.add, run))

    def claim(self, n: int) -> np.ndarray:
        if self._claim is None or self._claim.shape[-1] != n:
            self._claim = np.stack([s.claim(n) for s in self.runs])
            self._pair = None
            self._stale.clear()
        elif self._stale:
            for run in self._stale:
                self._claim[run] = self.runs[run].claim(n)
                if self._pair is not None:
                    self._pair[run] = self.runs[run].pair(n)
            self._stale.clear()
        return self._claim

    def pair(self, n: int) -> np.ndarray:
        self.claim(n)                               # brings a changed run's rows up to date
        if self._pair is None:
            self._pair = np.stack([s.pair(n) for s in self.runs])
        return self._pair
