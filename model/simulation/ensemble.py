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
  stacked (:class:`StackedStreams`), in the order the run alone would draw them;
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
— must be shared (:func:`stack_key`). Students cannot play a state in an ensemble: a played
state's orders are one run's (use a single model).
"""

from __future__ import annotations

import copy
import weakref
from functools import partial

import numpy as np

from agents.strategies import STRATEGIES
from model.scenario.loader import prepared_scenario
from model.scenario.parameters import Parameters
from model.simulation.chronicle import Chronicle, Unkept
from model.simulation.effective import EffectiveInputs
from model.simulation.events import EventBook
from model.simulation.measures import StackedCollector
from model.simulation.reporters import MODEL_REPORTERS
from model.simulation.run import COUNTS, OneRun
from model.simulation.run_parameters import RunParameters, branch_key
from model.simulation.stakes import Stakes
from model.simulation.streams import STREAMS, Streams
from model.simulation.world import World, build_world, world_key
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
        overrides with one :func:`stack_key` (a batch's chunk groups its runs so:
        model.experiments.chunks)."""
        ensemble = cls.__new__(cls)
        ensemble._stack(list(scenarios), list(seeds), collect, chronicle)
        return ensemble

    def _stack(self, scenarios, seeds, collect: bool, chronicle: bool) -> None:
        scenarios = _known_history(scenarios)
        sc = scenarios[0]
        if any(s.strategy == "human" for s in sc.states.values()):
            raise ValueError("a played state's orders belong to one run: play a state in a "
                             "single ArmsRaceModel, not in an ensemble")
        self.seeds = [int(s) for s in seeds]
        if not self.seeds:
            raise ValueError("an ensemble needs at least one seed")
        _check_stackable(scenarios)
        self.scenario, self.mechanisms = sc, sc.mechanisms
        self.scenarios = scenarios
        #: each run's parameters; events change them alike in every run
        self.params = RunParameters([s.parameters for s in scenarios])
        self.year = self.now = sc.start_year
        self.end_year = sc.start_year + sc.years
        built: dict[tuple, World] = {}            # the start year, once per world_key
        worlds = []
        for s in scenarios:
            key = world_key(s)
            if key not in built:
                built[key] = build_world(s)
            worlds.append(built[key])
        self.world = stack_worlds(worlds)
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


#: state fields that only set numbers in the world's arrays: runs that differ in them stack
STACKED_STATE_FIELDS = frozenset({
    "milex", "gdp", "gdp_growth", "max_burden", "reaction", "fatigue", "grievance",
    "milex_growth", "regional_focus", "quality", "energy_share", "health_share", "capital",
    "borders"})


def stack_key(point: dict, parameters: Parameters) -> tuple:
    """What runs made from one base scenario by ``point``'s overrides must share to be stepped
    in one stack: every override but a parameter's or a state's number
    (:data:`STACKED_STATE_FIELDS`), and what the parameters decide
    (:func:`model.simulation.run_parameters.branch_key`). Runs with equal keys stack."""
    fixed = []
    for name, value in point.items():
        head, _, field = str(name).rpartition(".")
        if head in ("", "parameters") and field in Parameters.model_fields:
            continue
        if head not in ("", "parameters", "mechanisms") and field in STACKED_STATE_FIELDS:
            continue
        fixed.append((str(name), repr(value)))
    return tuple(sorted(fixed)), branch_key(parameters)


def run_scenarios(base, points: list[dict]) -> list:
    """Each point's scenario (``base`` with the point's overrides; one object for equal
    points), checked to stack (:func:`stack_key`); a ValueError names what differs."""
    made, scenarios, keys = {}, [], set()
    for point in points:
        key = repr(sorted((str(k), repr(v)) for k, v in point.items()))
        if key not in made:
            made[key] = prepared_scenario(base, point, None, {})
            keys.add(stack_key(point, made[key].parameters))
        scenarios.append(made[key])
    if len(keys) > 1:
        fixed = sorted({name for k in keys for name, _ in k[0]})
        raise ValueError("the runs of one ensemble may differ in parameters and in states' "
                         "numbers only; these differ in what decides which code runs: "
                         + ", ".join(fixed or ["richardson_only, power_shift_window, whether "
                                               "budget_noise or indicator_weight is 0"])
                         + ". Run them as separate ensembles")
    return scenarios


def _known_history(scenarios) -> list:
    """Each scenario as a run sees it: only the history it may know (``history_until``: a
    forecast; :meth:`~model.scenario.schema.Scenario.known_history`, as ArmsRaceModel cuts
    it), cut once per scenario object."""
    cut: dict[int, object] = {}
    for s in scenarios:
        if id(s) not in cut:
            cut[id(s)] = s.known_history()
    return [cut[id(s)] for s in scenarios]


def _check_stackable(scenarios) -> None:
    """Runs of one stack share their years, switches, events, states and strategies."""
    first = scenarios[0]
    shape = (first.start_year, first.years, first.mechanisms, first.history_until,
             [(n, s.strategy, s.budget, s.gdp_path, s.milex_path)
              for n, s in first.states.items()])
    for s in scenarios[1:]:
        if s is first:
            continue
        if (s.start_year, s.years, s.mechanisms, s.history_until,
                [(n, t.strategy, t.budget, t.gdp_path, t.milex_path)
                 for n, t in s.states.items()]) != shape \
                or s.events != first.events:
            raise ValueError("the runs of one ensemble must share their years, mechanisms, "
                             "events, states and strategies (stack_key)")


def stack_worlds(worlds: list[World]) -> World:
    """One World whose arrays are the runs' arrays stacked (run first); what is not an array
    (names, the observed paths by year) is the scenario's and is shared."""
    stacked = copy.copy(worlds[0])
    for name, value in vars(worlds[0]).items():
        if isinstance(value, np.ndarray):
            setattr(stacked, name, np.stack([getattr(w, name) for w in worlds]))
    stacked.capability_history = [np.stack(years) for years in
                                  zip(*(w.capability_history for w in worlds), strict=True)]
    return stacked


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


class StackedStream:
    """One mechanism's stream in every run: a draw is each run's own draw, stacked.

    With ``read_ahead`` the stream draws that many numbers per run at a time (one generator
    call per run every few years, not every year) and serves the year's blocks from them: a
    generator gives the same sequence whether its numbers are drawn one block at a time or
    many blocks at once, so each run still sees exactly its numbers alone (tests/test_ensemble.py).
    A stream read ahead serves one kind of draw (``random`` or ``standard_normal``): the
    year's streams each draw one kind; the scheduled stream, which events draw both kinds
    from and members draw from directly, is not read ahead."""

    def __init__(self, generators, read_ahead: int = 0):
        self._generators = generators
        self._read_ahead = read_ahead
        self._method: str | None = None
        self._buffer = np.empty((len(generators), 0))
        self._used = 0

    def _draw(self, method: str, size):
        if size is None:  # one number a run
            return np.array([getattr(g, method)() for g in self._generators])
        shape = (len(self._generators), *np.atleast_1d(size))
        if not self._read_ahead:
            out = np.empty(shape)
            for r, g in enumerate(self._generators):
                getattr(g, method)(size, out=out[r])
            return out
        if self._method not in (None, method):
            raise RuntimeError(f"a stream read ahead serves one kind of draw ({self._method})")
        self._method = method
        k = int(np.prod(shape[1:]))
        if self._used + k > self._buffer.shape[1]:
            self._refill(method, k)
        block = self._buffer[:, self._used:self._used + k].reshape(shape)
        self._used += k
        return block

    def _refill(self, method: str, k: int) -> None:
        left = self._buffer[:, self._used:]
        more = max(k, self._read_ahead)
        buffer = np.empty((len(self._generators), left.shape[1] + more))
        buffer[:, :left.shape[1]] = left
        for r, g in enumerate(self._generators):
            getattr(g, method)(more, out=buffer[r, left.shape[1]:])
        self._buffer, self._used = buffer, 0

    def random(self, size=None):
        return self._draw("random", size)

    def standard_normal(self, size=None):
        return self._draw("standard_normal", size)


#: numbers a run's stream draws at a time (2,048: ~30 years of an 8-state world's blocks;
#: 16 kB a run and stream) ...
READ_AHEAD = 2048
#: ... unless the ensemble's buffers would pass this many bytes (an ensemble of 10,000 runs
#: would hold 1.1 GB): then fewer, at least one year's block (the numbers are the same)
READ_AHEAD_BYTES = 64 * 2**20


class StackedStreams:
    """The runs' streams (streams.py) by mechanism: ``streams.crises.random(k)`` is R×k. The
    year's streams are read ahead (:class:`StackedStream`); the scheduled stream is not."""

    def __init__(self, streams):
        ahead = max(1, min(READ_AHEAD, READ_AHEAD_BYTES // (8 * len(STREAMS) * len(streams))))
        for name in STREAMS:
            setattr(self, name, StackedStream([getattr(s, name) for s in streams],
                                              0 if name == "scheduled" else ahead))


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
