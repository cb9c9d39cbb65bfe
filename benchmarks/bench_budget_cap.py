"""How often the GDP cap decides the budget (issue 14): Armenia and Azerbaijan, 2026–2035.

For each seed of the baseline, every simulated year records from the budget phase's own
terms (``model.last_budget``, dynamics.BudgetTerms):

* at the cap: the year's budget ends within 0.1% of the cap, max_burden × GDP (near: 3%);
* proposal above the cap: the budget rule's proposal (the budget before this year's rule,
  plus the rule's terms: threat, fatigue, grievance, arms, fiscal cost, floor) exceeds it.

It also prints the in-sample 2022 burdens against scenarios/data/milex_gdp_2020_2022.csv
and the 2030 median spending of every state.

    .venv/bin/python benchmarks/bench_budget_cap.py [--seeds 20]
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from model.experiments.calibration import DATA
from model.simulation.model import ArmsRaceModel

STATES = ("Armenia", "Azerbaijan")
YEARS = range(2026, 2036)


def rule_proposal(t) -> np.ndarray:
    """The rule's budget before the cap (and before drive, noise, players and war)."""
    fiscal = getattr(t, "fiscal", 0.0)
    path = getattr(t, "path", 0.0)
    return (t.recorded + t.shock + t.threat.sum(axis=1) + t.fatigue + t.grievance + t.arms
            + fiscal + t.floor + path)


def main(seeds: int = 20, scenario: str = "scenarios/baseline_2020.yaml") -> None:
    rows, burdens, spend = [], [], []
    for seed in range(seeds):
        m = ArmsRaceModel(scenario, rng=seed, collect=False)
        idx = [m.world.index(s) for s in STATES]
        while m.year < m.end_year:
            m.step()
            t = m.last_budget
            if m.year == 2022:
                burdens.append(m.world.milex / m.world.gdp)
            if m.year == 2030:
                spend.append(m.world.milex.copy())
            if m.year in YEARS:
                prop = rule_proposal(t)
                for s, i in zip(STATES, idx, strict=True):
                    rows.append(dict(state=s, year=m.year, seed=seed,
                                     at_cap=t.after[i] >= 0.999 * t.limit[i],
                                     near_cap=t.after[i] >= 0.97 * t.limit[i],
                                     above=prop[i] > t.limit[i],
                                     of_cap=t.after[i] / t.limit[i]))
    df = pd.DataFrame(rows)
    print(f"{seeds} seeds, {YEARS.start}-{YEARS.stop - 1}: share of run-years")
    print(df.groupby("state")[["at_cap", "near_cap", "above"]].mean().round(3).to_string())
    print("\nbudget as a share of the cap (median, 95th percentile, max)")
    print(df.groupby("state")["of_cap"].quantile([0.5, 0.95, 1.0]).unstack().round(3).to_string())
    obs = pd.read_csv(DATA).query("year == 2022").set_index("country")
    names = m.world.names
    b = np.median(np.array(burdens), axis=0)
    print("\n2022 burden (median over seeds) vs data")
    for i, n in enumerate(names):
        o = obs.loc[n, "milex_usd_bn"] / obs.loc[n, "gdp_usd_bn"]
        print(f"  {n:14s} model {b[i]:.4f}  data {o:.4f}  error {b[i] / o - 1:+.1%}")
    med = np.median(np.array(spend), axis=0)
    print("\n2030 median spending, USD bn")
    for i, n in enumerate(names):
        print(f"  {n:14s} {med[i]:9.3f}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--scenario", default="scenarios/baseline_2020.yaml")
    a = ap.parse_args()
    main(a.seeds, a.scenario)
