"""Which pairs go to war after the scenario's scripted history, over many seeds.

    .venv/bin/python scripts/war_dyads.py [SCENARIO] [SEEDS]     # default: baseline, 150

Counts, per pair, the runs with at least one war (and all wars and crises) after the last
year of the scenario's scripted events, from each run's chronicle.
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model import ArmsRaceModel, load_scenario  # noqa: E402
from model.experiments.batch import history_until  # noqa: E402


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "scenarios/baseline_2020.yaml"
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    sc = load_scenario(path)
    after = history_until(sc) or sc.start_year
    wars, crises, runs = collections.Counter(), collections.Counter(), collections.Counter()
    for seed in range(seeds):
        m = ArmsRaceModel(sc, rng=seed, collect=False)
        m.run()
        seen = set()
        for e in m.chronicle:
            if e.year > after and e.kind in ("war", "crisis"):
                pair = " – ".join(sorted(e.actors))
                (wars if e.kind == "war" else crises)[pair] += 1
                if e.kind == "war":
                    seen.add(pair)
        runs.update(seen)
    print(f"{path}: {seeds} seeds, {sc.start_year + 1}–{m.year}, counted after {after}")
    print(f"{'pair':<28} {'runs with a war':>16} {'wars':>6} {'crises':>7}")
    for pair in sorted(set(crises) | set(wars), key=lambda p: (-runs[p], -crises[p]))[:10]:
        print(f"{pair:<28} {runs[pair] / seeds:>15.0%} {wars[pair]:>6} {crises[pair]:>7}")


if __name__ == "__main__":
    main()
