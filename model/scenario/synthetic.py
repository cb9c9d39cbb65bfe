"""A generic N-state world from a seed: shows the engine is not tied to eight states.

Used by the benchmarks (cost as N grows), by property tests (random worlds keep
the invariants) and by anyone who wants a stylised region.
"""

from __future__ import annotations

import numpy as np

from model.scenario.schema import Scenario


def synthetic_world(n: int = 8, seed: int = 0, *, years: int = 20, rival_share: float = 0.15,
                    ally_share: float = 0.15, **parameters) -> Scenario:
    """A random region of ``n`` states with capitals, borders, rivalries and alliances."""
    if n < 2:
        raise ValueError("a world needs at least two states")
    rng = np.random.default_rng(seed)
    names = [f"S{i:03d}" for i in range(n)]
    lat = rng.uniform(30, 50, n)
    lon = rng.uniform(20, 60, n)
    gdp = np.exp(rng.normal(4.0, 1.2, n))
    burden = rng.uniform(0.01, 0.05, n)
    d = np.hypot(lat[:, None] - lat[None, :], lon[:, None] - lon[None, :])
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1)[:, :2]
    borders = {i: set(nearest[i].tolist()) for i in range(n)}
    states = {}
    for i, s in enumerate(names):
        states[s] = dict(
            milex=round(float(gdp[i] * burden[i]), 4), gdp=round(float(gdp[i]), 3),
            gdp_growth=round(float(rng.uniform(0.0, 0.05)), 4),
            max_burden=round(float(rng.uniform(0.06, 0.12)), 3),
            reaction=round(float(rng.uniform(0.02, 0.15)), 3),
            fatigue=round(float(rng.uniform(0.08, 0.2)), 3),
            strategy="offensive" if rng.random() < 0.2 else "defensive",
            capital=(round(float(lat[i]), 3), round(float(lon[i]), 3)),
            borders=sorted(names[j] for j in borders[i] if j != i),
        )
    ties = []
    for i in range(n):
        for j in range(i + 1, n):
            u = rng.random()
            if u < rival_share:
                ties.append(dict(a=names[i], b=names[j], kind="rivalry",
                                 strength=round(float(-rng.uniform(0.3, 1.0)), 3)))
            elif u < rival_share + ally_share:
                ties.append(dict(a=names[i], b=names[j], kind="defence_pact",
                                 strength=round(float(rng.uniform(0.3, 0.9)), 3)))
    return Scenario.model_validate(dict(
        name=f"Synthetic world of {n} states (seed {seed})", start_year=2020, years=years,
        seed=seed, parameters=parameters, states=states, ties=ties))
