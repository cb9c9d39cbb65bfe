"""Regenerate the model-output numbers of scenarios/status_quo_2025.yaml from the baseline.

status_quo_2025.yaml starts in 2025 from the BASELINE MODEL'S OWN PATH (no data after 2022 is
used): each state's budget and GDP are the mean over 50 seeds of baseline_2020.yaml in 2025,
its grievance is the baseline's fitted value (a producer's multiplied by the energy factor at
the 2022 price held since, because the file states no energy price path), and the
reliability of the ties whose history changed it is the baseline's mean 2025 value. Run it
after the budget rule, the calibration or the baseline changes::

    .venv/bin/python scripts/status_quo_2025.py          # print what would change
    .venv/bin/python scripts/status_quo_2025.py --write  # and write it into the file

tests/test_scenarios.py::test_status_quo_2025_starts_on_the_baseline_path checks the budgets
stay within 15% of the baseline's 2025 mean.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import ArmsRaceModel, load_scenario  # noqa: E402
from model.simulation import economy  # noqa: E402

BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
TARGET = ROOT / "scenarios" / "status_quo_2025.yaml"
SEEDS = 50
YEAR = 2025


def baseline_2025():
    """Mean 2025 budget, GDP and tie reliability of the baseline over SEEDS seeds."""
    milex, gdp, rel = [], [], []
    for seed in range(SEEDS):
        m = ArmsRaceModel(BASELINE, rng=seed, collect=False)
        m.run(YEAR - m.year)
        milex.append(m.world.milex.copy())
        gdp.append(m.world.gdp.copy())
        rel.append(m.world.reliability.copy())
    return m.world.names, np.mean(milex, 0), np.mean(gdp, 0), np.mean(rel, 0)


def grievances():
    """The baseline's grievance, a producer's scaled by its energy factor at the 2022 price."""
    sc = load_scenario(BASELINE)
    price = economy.price_on(sc.energy_prices, 2022)
    return {name: st.grievance * (economy.energy_factor(st.energy_share, price)
                                  if st.grievance > 0 else 1.0)
            for name, st in sc.states.items()}


def _set(block: str, field: str, value: str) -> str:
    return re.sub(rf"(\n    {field}: )([-0-9.]+)", lambda m: m.group(1) + value, block, count=1)


def rewrite(text: str) -> str:
    names, milex, gdp, rel = baseline_2025()
    g = grievances()
    out = text
    for k, name in enumerate(names):
        start = out.index(f"\n  {name}:\n")
        later = [out.find(f"\n  {n}:\n", start + 1) for n in names if n != name]
        end = min([i for i in later if i > start] + [out.index("\nties:", start)])
        block = out[start:end]
        block = _set(block, "milex", f"{milex[k]:.4g}")
        block = _set(block, "gdp", f"{gdp[k]:.4g}")
        block = _set(block, "grievance", f"{g[name]:.4g}")
        out = out[:start] + block + out[end:]
        print(f"{name:14s} milex {milex[k]:9.3f}  gdp {gdp[k]:9.1f}  grievance {g[name]:8.3f}")

    def tie_rel(m):
        a, b = m.group(2), m.group(3)
        i, j = names.index(a), names.index(b)
        return f"{m.group(1)}reliability: {rel[i, j]:.2f}"

    out = re.sub(r"(\{a: ([A-Za-z ]+?), b: ([A-Za-z ]+?), .*?)reliability: [0-9.]+", tie_rel, out)
    return out


if __name__ == "__main__":
    new = rewrite(TARGET.read_text())
    if "--write" in sys.argv:
        TARGET.write_text(new)
        print(f"wrote {TARGET.relative_to(ROOT)}")
