"""Running a chunk of a sweep: contiguous run ids → one Arrow table of tidy rows.

A :class:`Job` is what a worker needs, sent once per worker: the base scenario, how to find
each point's parameters from its index (never a list of every point: see
:class:`model.experiments.sweep.Points`) and what to keep. :func:`run_chunk` runs each run with its seed
(:func:`model.experiments.sweep.derive_seeds`), keeps the yearly arrays (no pandas per run) and returns
one table, identical wherever it runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from model.experiments.sweep import MEASURES, Plan, derive_seeds
from model.simulation.measures import AGENT_MEASURES
from model.simulation.run import COUNTS


class Chunk(NamedTuple):
    """Chunk ``index`` of a sweep: run ids ``start`` .. ``stop``-1."""

    index: int
    start: int
    stop: int


@dataclass(frozen=True)
class Job:
    """Base scenario, the points' generator and what to keep, for one worker."""

    base: object                   # model.scenario.schema.Scenario
    names: tuple                   # varied parameters
    columns: tuple                 # per parameter: its values (grid) or its column (sample)
    strides: tuple | None          # a grid's mixed-radix strides; None: a sample's table
    replications: int
    seed: int
    common: bool
    states: tuple                  # indices of the states kept
    measures: tuple                # names kept, in MEASURES order
    final_only: bool
    draws: tuple = ()              # posterior draws, one override dict per replication

    @classmethod
    def of(cls, plan: Plan) -> Job:
        out, names = plan.spec.outputs, list(plan.base.states)
        pts = plan.values
        keep = set(out.measures or MEASURES)
        strides = tuple(pts.strides) if pts.product else None
        return cls(plan.base, tuple(plan.names), tuple(pts.columns()), strides,
                   plan.spec.replications, plan.spec.seed, plan.spec.common_random_numbers,
                   tuple(sorted(names.index(s) for s in out.states or names)),
                   tuple(m for m in MEASURES if m in keep), out.years == "final",
                   tuple(plan.draws))

    def value(self, k: int, points):
        """Parameter ``k``'s value at point(s) ``points`` (an int or an int64 array)."""
        column = self.columns[k]
        if self.strides is None:
            return column[points]
        return column[(points // self.strides[k]) % len(column)]


def run_chunk(job: Job, start: int, stop: int):
    """Run ids ``start`` .. ``stop``-1 → one pyarrow Table of tidy rows (year-major, states
    in scenario order), identical wherever it runs.

    The chunk's runs are stepped together as one
    :class:`~model.simulation.ensemble.Ensemble` — a point's replications, and the points of a
    sample or a grid that differ only in parameters and states' numbers, each with its own
    (:func:`~model.simulation.stacking.stack_key`) — so a chunk costs a few numpy calls a
    year, not a few hundred per run. Each run is its run alone, bit for bit."""
    import pyarrow as pa

    from model.experiments.arrow_columns import coded, column
    from model.scenario.loader import apply_overrides
    from model.simulation.stacking import stack_key

    runs = np.arange(start, stop, dtype=np.int64)
    seeds = derive_seeds(job.seed, job.replications, job.common, runs)
    keep = np.asarray(job.states)
    made: dict = {}                   # point (and draw) → (scenario, stack key)
    groups: dict = {}                 # stack key → (scenarios, runs, seeds), in run order
    for run, seed in zip(runs.tolist(), seeds.tolist(), strict=True):
        p, r = divmod(run, job.replications)
        key = (p, r) if job.draws else p
        if key not in made:
            point = {n: job.value(k, p).item() for k, n in enumerate(job.names)}
            if job.draws:  # replication r runs posterior draw r; the point's values win
                point = job.draws[r] | point
            scenario = apply_overrides(job.base, point) if point else job.base
            made[key] = scenario, stack_key(point, scenario.parameters)
        scenario, stack = made[key]
        group = groups.setdefault(stack, ([], [], []))
        for items, item in zip(group, (scenario, run, seed), strict=True):
            items.append(item)
    t = slice(-1, None) if job.final_only else slice(None)
    pieces = []
    for scenarios, group_runs, group_seeds in groups.values():
        values, top, model_vars = run_group(scenarios, group_seeds)
        for k, (run, seed) in enumerate(zip(group_runs, group_seeds, strict=True)):
            world = {name: v[k, t] for name, v in model_vars.items()
                     if name == "year" or name in MEASURES}
            pieces.append((run, seed, run // job.replications, values[k][:, t][:, :, keep],
                           top[k, t][:, keep], world))
    pieces.sort(key=lambda piece: piece[0])       # run order, whatever the stacks
    names = list(job.base.states)
    n_keep, cols = len(keep), {}
    lengths = np.array([len(w["year"]) * n_keep for *_, w in pieces])
    for key, k in (("run_id", 0), ("seed", 1), ("point", 2)):
        cols[key] = np.repeat(np.array([pc[k] for pc in pieces], dtype=np.int64), lengths)
    cols["replication"] = cols["run_id"] - cols["point"] * job.replications
    for k, name in enumerate(job.names):
        cols[name] = job.value(k, cols["point"])
    cols["year"] = np.concatenate([np.repeat(w["year"], n_keep) for *_, w in pieces]
                                  ).astype(np.int64)
    state = np.concatenate([np.tile(keep, len(w["year"])) for *_, w in pieces])
    cols["state"] = coded(state, names)
    for name in job.measures:
        if name in AGENT_MEASURES:
            k = AGENT_MEASURES.index(name)
            cols[name] = np.concatenate([v[k].reshape(-1) for _, _, _, v, _, _ in pieces])
        elif name == "top_threat":
            codes = np.concatenate([t.reshape(-1) for *_, t, _ in pieces])
            cols[name] = coded(np.where(codes < 0, len(names), codes), [*names, "none"])
        else:
            cols[name] = np.concatenate([np.repeat(w[name], n_keep) for *_, w in pieces]
                                        ).astype(np.int64 if name in COUNTS else np.float64)
    order = ["run_id", "point", "replication", "seed", *job.names, "year", "state",
             *job.measures]
    return pa.table({k: column(cols[k]) for k in order})


def run_group(scenarios, seeds):
    """Run r of ``scenarios[r]`` with ``seeds[r]``, each to its end year: (state measures runs
    × measures × years × states, top threats runs × years × states, model measures name →
    runs × years). The scenarios stack (one :func:`~model.simulation.stacking.stack_key`);
    several runs are stepped as one ensemble; one run, or runs with a played state (an
    ensemble has no players), run as single models."""
    from model.simulation.ensemble import Ensemble

    if len(seeds) > 1 and all(s.strategy != "human" for s in scenarios[0].states.values()):
        ens = Ensemble.of_scenarios(scenarios, seeds, chronicle=False)  # a batch keeps numbers
        ens.run()
        return ens.datacollector.arrays()
    from model.simulation.model import ArmsRaceModel  # Mesa: only for runs one by one

    runs = []
    for scenario, seed in zip(scenarios, seeds, strict=True):
        m = ArmsRaceModel(scenario, rng=int(seed))
        m.run()
        _, values, top = m.datacollector.agent_arrays(m)
        runs.append((values, top, {k: np.asarray(v) for k, v in m.datacollector.model_vars.items()}))
    return (np.stack([v for v, _, _ in runs]), np.stack([t for _, t, _ in runs]),
            {k: np.stack([mv[k] for _, _, mv in runs]) for k in runs[0][2]})


def points_batches(job: Job, n_points: int, size: int = 1_000_000):
    """The point → parameters table in record batches of ``size`` points (memory: one batch)."""
    import pyarrow as pa

    for start in range(0, n_points, size):
        p = np.arange(start, min(start + size, n_points), dtype=np.int64)
        yield pa.record_batch({"point": p, **{n: job.value(k, p)
                                              for k, n in enumerate(job.names)}})
