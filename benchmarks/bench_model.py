"""How fast the model steps, measured side by side in one run (not a test: machines are noisy).

    .venv/bin/python benchmarks/bench_model.py [--seconds 2]

Prints simulated years per second for:
  * the baseline scenario with full data collection (our model);
  * the same year's maths as a plain-numpy loop over the same dynamics functions, no Mesa,
    no agents, arrays stored each year (the floor), and the ratio;
  * a Mesa Boltzmann-wealth model of 8 agents collecting model and agent data (Mesa's own
    reference for an 8-agent step), and the ratio;
  * synthetic worlds of N = 8, 50, 100, 200 states (model and floor), to show how cost grows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import mesa
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model import (  # noqa: E402
    ArmsRaceModel,
    economy,  # noqa: E402
    load_scenario,
    synthetic_world,
)
from model import alliance_health as health  # noqa: E402
from model import dynamics as dyn  # noqa: E402
from model.world import build_world  # noqa: E402

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline_2020.yaml"


def rate(make, step, seconds: float) -> float:
    """Years per second: build with ``make()`` every 100 years (runs stay realistic), step."""
    years, spent = 0, 0.0
    while spent < seconds:
        obj = make()
        t0 = time.perf_counter()
        for _ in range(100):
            step(obj)
        spent += time.perf_counter() - t0
        years += 100
    return years / spent


def model_factory(sc):
    def make():
        m = ArmsRaceModel(sc, rng=1)
        m.end_year = 10**9
        return m
    return make


def floor_factory(sc):
    """The same year's maths with nothing around it: arrays in, arrays out."""
    p = sc.parameters

    def make():
        w = build_world(sc)
        w.rng = np.random.default_rng(1)
        w.store = []
        w.arming_prev = w.quality * w.milex
        return w

    def step(w):
        odb = p.offense_defense_balance
        cover = dyn.alliance_cover(w.strength, w.reliability, w.milex * w.regional_focus,
                                   p.cover_max)
        hostile = dyn.perceived_hostility(w.belief, p.media_amplification)
        W = dyn.threat_weights(hostile, w.prox, w.regional_focus, odb, cover)
        flows = dyn.arms_flows(w.strength, w.belief, W, w.milex, p.arms_trade_rate)
        arms = flows.sum(axis=0) + w.exogenous_arms
        cap = w.max_burden * w.gdp
        new = dyn.richardson_step(w.milex, W, w.reaction, w.fatigue, w.grievance, arms, cap)
        new = np.minimum(new * np.exp(p.budget_noise * w.rng.standard_normal(w.n)), cap)
        crisis = dyn.crisis_probability(hostile, w.prox, odb, p.crisis_rate, w.monitoring)
        w.hits = w.rng.random(crisis.shape) < crisis  # the draw; outcomes are rare Python work
        w.strength = dyn.alignment_drift(w.strength, w.anchor, W, p.alignment_rate, p.tie_decay)
        a, b = np.nonzero(np.triu(w.measured, 1))
        if a.size:
            ind = health.update_indicators(w.indicators[a, b], a, b, flows, w.exogenous_arms,
                                           w.strength)
            w.reliability[a, b] = health.reliability(w.trust[a, b], ind, p.indicator_weight)
            w.indicators[a, b] = ind
        w.capability = dyn.capability_step(w.capability, new, arms, w.quality,
                                           p.capability_depreciation)
        growth = economy.growth_with_drag(w.gdp_growth, new / w.gdp, p.guns_butter_drag,
                                          p.reference_burden)
        w.gdp = dyn.gdp_step(w.gdp, growth)
        w.milex = new
        offensive = dyn.offensive_share(w.offensive_strategy, odb, p.distinguishability)
        arming = w.quality * (new + arms)
        growth = arming / w.arming_prev - 1.0
        w.arming_prev = arming
        w.belief = dyn.hostility_update(
            w.belief, dyn.tie_hostility(w.strength), growth, offensive, w.strength,
            w.prox * w.regional_focus[None, :] * dyn.aim(W), odb, p.distinguishability,
            p.spiral_sensitivity, p.reassurance)
        total, top, _ = dyn.top_threats(W, new)
        w.store.append((new.copy(), w.gdp.copy(), w.capability.copy(), total, top))

    return make, step


class Wealth(mesa.Agent):
    def __init__(self, model):
        super().__init__(model)
        self.wealth = 1

    def step(self):
        if self.wealth > 0:
            other = self.model.agent_list[self.model.rng.integers(len(self.model.agent_list))]
            other.wealth += 1
            self.wealth -= 1


class BoltzmannWealth(mesa.Model):
    """Mesa's introductory model: 8 agents, model and agent data collected every step."""

    def __init__(self, n=8, rng=None):
        super().__init__(rng=rng)
        self.agent_list = [Wealth(self) for _ in range(n)]
        self.datacollector = mesa.DataCollector(
            model_reporters={"total": lambda m: sum(a.wealth for a in m.agent_list)},
            agent_reporters={"wealth": "wealth"})

    def step(self):
        self.agents.shuffle_do("step")
        self.datacollector.collect(self)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = ap.parse_args()
    s = args.seconds
    sc = load_scenario(BASELINE)

    ours = rate(model_factory(sc), lambda m: m.step(), s)
    make, step = floor_factory(sc)
    floor = rate(make, step, s)
    boltz = rate(lambda: BoltzmannWealth(8, rng=1), lambda m: m.step(), s)
    print("Baseline 2020, 8 states, full data collection (one core)")
    print(f"  model                 {ours:9.0f} years/s  ({1e6 / ours:6.0f} µs/year)")
    print(f"  plain-numpy floor     {floor:9.0f} years/s  ({1e6 / floor:6.0f} µs/year)"
          f"   model/floor cost ratio {floor / ours:5.2f}×")
    print(f"  Mesa Boltzmann, 8     {boltz:9.0f} steps/s  ({1e6 / boltz:6.0f} µs/step)"
          f"   model/Mesa cost ratio  {boltz / ours:5.2f}×")
    print("\nSynthetic worlds (cost per simulated year)")
    print(f"  {'N':>4} {'model µs':>10} {'floor µs':>10} {'ratio':>6} {'µs / N²':>9}")
    for n in (8, 50, 100, 200):
        syn = synthetic_world(n, 0)
        m_rate = rate(model_factory(syn), lambda m: m.step(), s / 2)
        mk, st = floor_factory(syn)
        f_rate = rate(mk, st, s / 2)
        print(f"  {n:4d} {1e6 / m_rate:10.0f} {1e6 / f_rate:10.0f} {f_rate / m_rate:6.2f}"
              f" {1e6 / m_rate / n**2:9.3f}")


if __name__ == "__main__":
    main()
