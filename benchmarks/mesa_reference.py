"""The reference for benchmarks/bench_batch.py: the same runs through ``mesa.batch_run``.

    .venv/bin/python benchmarks/mesa_reference.py RUNS PROCESSES [--years 20] [--sample]

prints one JSON line: seconds, rows, and the sum of milex (bench_batch checks the data is
ours). Its own process and file: batch_run forces the ``spawn`` start method on the whole
process, and its workers import the model class from here.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_batch import YEARS, sample_file, sweep_file  # noqa: E402

from model import ArmsRaceModel  # noqa: E402
from model.simulation.collector import YearlyCollector  # noqa: E402
from model.simulation.reporters import MODEL_REPORTERS  # noqa: E402


class RecordingCollector(YearlyCollector):
    """Also keeps Mesa's per-step records (what mesa.batch_run reads)."""

    def collect(self, model):
        super().collect(model)
        step = len(self._rows) - 1
        _, values, top = self._rows[-1]
        names = model.world.names
        self._collection_steps.append(step)
        self._agent_records[step] = [
            (step, a.unique_id, names[i], *(float(v[i]) for v in values),
             names[top[i]] if top[i] >= 0 else "none")
            for i, a in enumerate(model.agent_list)]


class BatchRunModel(ArmsRaceModel):
    """The model as is, with Mesa's records kept as well; ``point``: a sample's overrides."""

    def __init__(self, scenario=None, rng=None, point=None):
        super().__init__(scenario, rng=rng, collect=False, overrides=point)
        self.datacollector = RecordingCollector(MODEL_REPORTERS).bind(self)
        self.collect = True
        self.datacollector.collect(self)


def mesa_reference(runs: int, procs: int, years: int = YEARS, sample: bool = False) -> dict:
    """``runs`` seeded replications of the baseline; or, with ``sample``, bench_batch's
    sample of ``runs`` points (a parameter of the model), each with the sweep's one seed."""
    import mesa
    import pandas as pd

    from model.experiments.sweep import load_sweep

    with tempfile.TemporaryDirectory() as tmp:
        plan = load_sweep((sample_file if sample else sweep_file)(Path(tmp), runs, years))
    parameters = {"scenario": [plan.base]}
    if sample:
        parameters["point"] = [plan.point(p) for p in range(plan.n_points)]
    seeds = [int(s) for s in plan.seeds(range(1 if sample else runs))]
    t0 = time.perf_counter()
    rows = mesa.batch_run(BatchRunModel, parameters=parameters, rng=seeds,
                          number_processes=procs, data_collection_period=1, max_steps=years,
                          display_progress=False)
    df = pd.DataFrame(rows)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rows": len(df), "milex_sum": float(df["milex"].sum())}




if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", type=int)
    ap.add_argument("procs", type=int)
    ap.add_argument("--years", type=int, default=YEARS)
    ap.add_argument("--sample", action="store_true")
    args = ap.parse_args()
    print(json.dumps(mesa_reference(args.runs, args.procs, args.years, args.sample)))
