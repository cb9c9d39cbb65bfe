"""How fast the model steps, measured side by side in one run (not a test: machines are noisy).

    .venv/bin/python benchmarks/bench_model.py [--seconds 2] [--sizes 8 50 100 200]
    .venv/bin/python benchmarks/bench_model.py --quick      # a second or two, small worlds

Prints simulated years per second (of the fastest run of ``--years`` years; see ``rate``) for:
  * the baseline scenario with full data collection (our model);
  * the same year's maths as a plain-numpy loop, no Mesa, no agents, arrays stored each
    year (the floor), and the ratio. The floor calls the pure functions the model calls
    (model.simulation.dynamics, economy, alliance_health) in the model's order; before
    timing, the benchmark checks that it computes the model's numbers (no crises, no
    noise, no events) and stops if it does not;
  * a Mesa Boltzmann-wealth model of 8 agents collecting model and agent data (Mesa's own
    reference for an 8-agent step), and the ratio;
  * the model with R runs stepped at once as one ensemble (model/simulation/ensemble.py:
    events, crises, wars and data collection included; each run is its run alone, bit for
    bit: tests/test_ensemble.py), per run-year, beside the floor stepped the same way (the
    world's arrays stacked; each run its own random streams; before timing, the benchmark
    checks that every run of the stack is that run alone, bit for bit);
  * synthetic worlds of N states (model and floor), to show how cost grows, beside what
    grows with N by the theory: the year's N×N matrix products (sums over third parties,
    N³) and the crises and calls on allies the model resolves.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import sys
import time
from pathlib import Path

import mesa
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents import make_strategy  # noqa: E402
from model import ArmsRaceModel, load_scenario, synthetic_world  # noqa: E402
from model.simulation import alignment, economy, posture  # noqa: E402
from model.simulation import alliance_health as health  # noqa: E402
from model.simulation import dynamics as dyn  # noqa: E402
from model.simulation.ensemble import Ensemble  # noqa: E402
from model.simulation.streams import Streams  # noqa: E402
from model.simulation.world import build_world  # noqa: E402

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline_2020.yaml"


def rate(make, step, seconds: float, years: int = 100) -> float:
    """Years per second of the fastest run: build with ``make()`` every ``years`` years (runs
    stay realistic; the build is not timed), step, until ``seconds`` of stepping are spent (at
    least one build). The fastest run is the one other jobs on the machine disturbed least
    (timeit's convention: the minimum estimates what the code costs, the spread is the
    machine's noise); on a shared 2-core machine the mean moved by 30–40% between runs."""
    best, spent = 0.0, 0.0
    while spent < seconds or not best:
        obj = make()
        t0 = time.perf_counter()
        for _ in range(years):
            step(obj)
        took = time.perf_counter() - t0
        spent += took
        best = max(best, years / took)
    return best


def model_factory(sc):
    def make():
        m = ArmsRaceModel(sc, rng=1)
        m.end_year = 10**9
        return m
    return make


def ensemble_factory(sc, runs: int):
    """The model itself, ``runs`` runs of ``sc`` (seeds 1, 2, ...) stepped as one ensemble
    (model/simulation/ensemble.py), data collection on."""
    def make():
        e = Ensemble(sc, range(1, runs + 1))
        e.end_year = 10**9
        return e
    return make


#: World arrays that are the scenario's, not a run's: an ensemble shares them unstacked.
SHARED = ("measured", "kind")


def stacked(w, runs: int):
    """``runs`` copies of the world ``w`` as one world whose arrays carry a leading run axis
    (the run axis of model/simulation/dynamics.py); the scenario's own fields stay shared."""
    out = copy.copy(w)
    for name, value in vars(w).items():
        if name not in SHARED and isinstance(value, np.ndarray):
            setattr(out, name, np.repeat(value[None], runs, axis=0))
    return out


def floor_factory(sc, runs: int | None = None):
    """The model's year with nothing around it: arrays in, arrays out, the same functions.

    What the floor leaves out: scheduled events, the outcome of crises (it draws them, as
    the model does; resolving the rare hits is Python bookkeeping), players, the chronicle
    and confidence-building's effect on the effective parameters.

    ``runs``: step that many runs at once, the world's arrays stacked on a leading run axis
    (every numpy call paid once for all of them); run r of ``make(seed)`` draws from the streams
    of seed ``seed + r``, so it is the run of that seed alone, bit for bit
    (:func:`ensemble_matches_alone`). ``make(seed)`` builds one run (``runs`` None) of
    ``seed``, default 1."""
    p = sc.parameters
    drive = np.array([make_strategy(sc.states[s].strategy).power_drive for s in sc.states])
    iu, ju = np.triu_indices(len(sc.states), 1)

    def draw(gens, method, shape):   # each run's block from its own stream, stacked
        if runs is None:
            return getattr(gens, method)(shape)
        return np.stack([getattr(g, method)(shape) for g in gens])

    def perceive(w):
        cover = dyn.alliance_cover(w.strength, w.reliability, w.milex * w.regional_focus,
                                   p.cover_max)
        hostile = dyn.perceived_hostility(w.belief, p.media_amplification)
        w.weights = dyn.threat_weights(hostile, w.prox, w.regional_focus,
                                       p.offense_defense_balance, cover)
        w.threat = dyn.top_threats(w.weights, w.milex)

    def make(seed: int = 1):
        w = build_world(sc)
        seeds = [seed] if runs is None else range(seed, seed + runs)
        if runs is not None:
            w = stacked(w, runs)
        rngs = [np.random.default_rng(s) for s in seeds]
        perception = [Streams(s).perception for s in seeds]  # the model's, for these seeds
        w.rng, w.perception = (rngs[0], perception[0]) if runs is None else (rngs, perception)
        w.store = []
        w.year = sc.start_year
        w.arming_prev = w.quality * w.milex
        perceive(w)
        return w

    def step(w):
        odb = p.offense_defense_balance
        price = economy.price_on(sc.energy_prices, w.year + 1)
        # arms trade
        w.arms_flow = dyn.arms_flows(w.strength, w.belief, w.weights, w.milex, p.arms_trade_rate)
        arms = w.arms_flow.sum(axis=-2)
        # budgets
        cap = w.max_burden * w.gdp
        grievance = dyn.energy_grievance(w.grievance, economy.energy_factor(w.energy_share,
                                                                            price))
        noise = None
        if p.budget_noise > 0:
            s = p.budget_noise
            noise = np.exp(s * draw(w.rng, "standard_normal", w.n) - 0.5 * s * s)
        new, uncapped, w.terms = dyn.budget_year(w.milex, w.weights, w.reaction, w.fatigue,
                                                 grievance, arms, cap, drive, noise)
        w.aid_beyond_cap = dyn.aid_beyond_cap(arms, uncapped, cap)
        w.milex = new
        # crises: the draw (outcomes are rare Python work)
        hostile = dyn.perceived_hostility(w.belief, p.media_amplification)
        damp = np.minimum(0.5 * (w.monitoring + w.guarantee), 1.0)
        prob = dyn.crisis_probability(hostile, w.prox, odb, p.crisis_rate, damp)
        w.hits = draw(w.rng, "random", iu.size) < prob[..., iu, ju]
        # external balancing and alliance health
        w.strength = alignment.alignment_drift(w.strength, w.anchor, w.weights,
                                               p.alignment_rate, p.tie_decay)
        health.measured_ties_year(w.indicators, w.reliability, w.trust, w.measured, w.arms_flow,
                                  w.exogenous_arms, w.strength, p.indicator_weight)
        # economy and capability
        w.capability = dyn.capability_step(w.capability, w.milex + w.aid_beyond_cap, w.quality,
                                           p.capability_depreciation)
        growth = economy.growth_with_drag(w.gdp_growth, w.milex / w.gdp, p.guns_butter_drag,
                                          p.reference_burden)
        w.gdp_base = dyn.gdp_step(w.gdp_base, growth)
        w.gdp = w.gdp_base * economy.energy_factor(w.energy_share, price)
        w.cumulative_milex = w.cumulative_milex + w.milex
        # perceptions: the spiral
        arming = w.quality * (w.milex + w.aid_beyond_cap)
        growth = arming / np.maximum(w.arming_prev, 1e-12) - 1.0
        w.arming_prev = arming
        noise = draw(w.perception, "standard_normal", (w.n, w.n))
        chosen = posture.chosen_offensive_share(w.offensive_strategy, odb, p.distinguishability)
        read = posture.read_offensive_share(
            chosen, posture.visibility(p.distinguishability, w.monitoring), noise)
        w.belief = dyn.hostility_update(
            w.belief, dyn.tie_hostility(w.strength), growth, read, w.strength,
            w.prox * w.regional_focus[..., None, :] * dyn.aim(w.weights), odb,
            p.spiral_sensitivity, p.reassurance)
        w.year += 1
        perceive(w)
        total, top, _ = w.threat
        w.store.append((w.milex.copy(), w.gdp.copy(), w.capability.copy(), total, top))

    return make, step


def floor_world(sc):
    """``sc`` as the floor computes it: no events, crises, noise or stakes; the fiscal cost,
    inflation, observed paths and hedging left out (the floor is the Richardson-Walt-Jervis
    core of the year; what it leaves out is stated here, not approximated)."""
    states = {name: st.model_copy(update={"budget": "richardson", "gdp_path": {},
                                          "milex_path": {}})
              for name, st in sc.states.items()}
    return sc.model_copy(update={
        "events": [], "stakes": [], "states": states,
        "mechanisms": sc.mechanisms.model_copy(update={"hedging": False}),
        "parameters": sc.parameters.model_copy(update={
            "crisis_rate": 0.0, "budget_noise": 0.0, "fiscal_cost": 0.0, "inflation": 0.0})})


def floor_matches_model(sc, years: int = 10) -> float:
    """Largest relative gap between the floor's and the model's budgets, GDP, capability and
    beliefs over ``years`` years of ``sc`` with no crises, no noise and no events (where
    both compute the same year); about 1e-15 while the floor is the model's maths."""
    calm = floor_world(sc)
    m = ArmsRaceModel(calm, rng=1, collect=False)
    make, step = floor_factory(calm)
    w = make()
    gap = 0.0
    for _ in range(years):
        m.step()
        step(w)
        for name in ("milex", "gdp", "capability", "belief", "strength"):
            ours, floor = getattr(m.world, name), getattr(w, name)
            gap = max(gap, float(np.max(np.abs(ours - floor) / np.maximum(np.abs(ours), 1e-9))))
    return gap


def ensemble_matches_alone(sc, runs: int = 5, years: int = 10) -> bool:
    """Whether ``runs`` floors stepped at once on a run axis give, run by run and to the last
    bit, what each gives alone with the same seed (its arrays every year, and its crisis
    draws)."""
    make_all, step_all = floor_factory(sc, runs)
    make_one, step_one = floor_factory(sc)
    together = make_all(1)
    alone = [make_one(1 + r) for r in range(runs)]
    for _ in range(years):
        step_all(together)
        for w in alone:
            step_one(w)
        for name in ("milex", "gdp", "capability", "belief", "strength", "reliability",
                     "indicators", "weights", "arms_flow", "hits"):
            stack = getattr(together, name)
            if not all(np.array_equal(stack[r], getattr(w, name)) for r, w in enumerate(alone)):
                return False
    return True


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


def measure(seconds: float, sizes, years: int = 100, runs=(10, 100, 1000)) -> dict:
    """All the figures: {"model", "floor", "boltzmann": years (steps) per second, "sizes":
    [(N, model µs/year, floor µs/year, µs of the year's N×N products, crises a year, calls
    on allies a year)], "runs": [(R, floor µs per run-year, model ensemble µs
    per run-year)]}. Raises if
    the floor no longer computes the model's numbers, or a stacked run is not its run
    alone."""
    sc = load_scenario(BASELINE)
    for world in (sc, synthetic_world(8, 0)):
        gap = floor_matches_model(world)
        if not gap < 1e-9:
            raise AssertionError(f"the floor no longer computes the model's year ({world.name}:"
                                 f" relative gap {gap:.2e}); update floor_factory")
    out = {"model": rate(model_factory(sc), lambda m: m.step(), seconds, years)}
    make, step = floor_factory(sc)
    out["floor"] = rate(make, step, seconds, years)
    out["boltzmann"] = rate(lambda: BoltzmannWealth(8, rng=1), lambda m: m.step(), seconds,
                            years)
    if not (ensemble_matches_alone(sc) and ensemble_matches_alone(synthetic_world(12, 3))):
        raise AssertionError("a run of the stacked floor differs from the same run alone")
    out["runs"] = []
    for r in runs:
        mk, st = floor_factory(sc, r)
        floor_us = 1e6 / (r * rate(mk, st, seconds, max(1, years * 10 // r)))
        # the ensemble's runs span the scenario's years (its events, its crises) and more
        ens = rate(ensemble_factory(sc, r), lambda e: e.step(), seconds,
                   max(sc.years + 5, years * 10 // r))
        out["runs"].append((r, floor_us, 1e6 / (r * ens)))
    out["sizes"] = []
    for n in sizes:
        syn = synthetic_world(n, 0)
        m_rate = rate(model_factory(syn), lambda m: m.step(), seconds / 2, years)
        mk, st = floor_factory(syn)
        f_rate = rate(mk, st, seconds / 2, years)
        out["sizes"].append((n, 1e6 / m_rate, 1e6 / f_rate, products_us(n, seconds / 4),
                             *events_per_year(syn, years)))
    return out


#: The year's N×N matrix products: sums over third parties k for every pair (i, j), so
#: N³ multiplications each, by the theory they compute — allies' cover
#: (``dynamics.alliance_cover``: Σ_k trust_ik ability_kj), arms-flow motives
#: (``dynamics.arms_flows``), shared threats and friends of threats
#: (``alignment.alignment_drift``, two) and whose side each state is on
#: (``alignment.threat_side``, with hedging on).
PRODUCTS = 5


def products_us(n: int, seconds: float) -> float:
    """µs for :data:`PRODUCTS` products of two dense N×N matrices (the year's own are dense:
    ties drift between every pair, so no state is indifferent to another after a few
    years): the part of a year that is N³ whatever the code around it does."""
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n)), rng.random((n, n))

    def step(_):
        for _ in range(PRODUCTS):
            a @ b.mT
    return 1e6 / rate(lambda: None, step, seconds, 10)


def events_per_year(sc, years: int) -> tuple[float, float]:
    """Crises and calls on allies a year (the mean over ``years`` years of seed 1): the
    work the model adds to its maths grows with them, and a call is a crisis times one
    of the target's allies."""
    m = ArmsRaceModel(sc, rng=1, collect=False)
    m.end_year = 10**9
    for _ in range(years):
        m.step()
    return m.counts["crises"] / years, m.counts["commitments_invoked"] / years


def growth(sizes, column: int) -> list[float | None]:
    """The exponent ``k`` of cost ∝ Nᵏ between each size and the one before it (None for
    the first): 2 where a column grows as N², 3 where it grows as N³."""
    out = [None]
    for (n0, *a), (n1, *b) in itertools.pairwise(sizes):
        out.append(np.log(b[column] / a[column]) / np.log(n1 / n0)
                   if a[column] > 0 and b[column] > 0 else None)
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    ap.add_argument("--sizes", type=int, nargs="+", default=[8, 50, 100, 200],
                    help="numbers of states of the synthetic worlds")
    ap.add_argument("--years", type=int, default=100, help="years per run built")
    ap.add_argument("--runs", type=int, nargs="+", default=[10, 100, 1000],
                    help="runs stepped at once on the run axis (the model's ensemble, the floor)")
    ap.add_argument("--quick", action="store_true",
                    help="a smoke run: 0.05 s per measurement, 20-year runs, N = 8 and 20")
    args = ap.parse_args(argv)
    if args.quick:
        args.seconds, args.years, args.sizes, args.runs = 0.05, 20, [8, 20], [4]
    r = measure(args.seconds, args.sizes, args.years, args.runs)
    ours, floor, boltz = r["model"], r["floor"], r["boltzmann"]
    print("Baseline 2020, 8 states, full data collection (one core)")
    print(f"  model                 {ours:9.0f} years/s  ({1e6 / ours:6.0f} µs/year)")
    print(f"  plain-numpy floor     {floor:9.0f} years/s  ({1e6 / floor:6.0f} µs/year)"
          f"   model/floor cost ratio {floor / ours:5.2f}×")
    print(f"  Mesa Boltzmann, 8     {boltz:9.0f} steps/s  ({1e6 / boltz:6.0f} µs/step)"
          f"   model/Mesa cost ratio  {boltz / ours:5.2f}×")
    print("\nMany runs at once, µs per run-year: the model as one ensemble (each run its own"
          " streams,\nevents, crises and data collection) and the floor's year on the same run axis")
    print(f"  {'runs':>6} {'model':>9} {'vs alone':>9} {'vs Boltzmann':>13} {'floor':>9}"
          f" {'vs alone':>9}")
    for runs, floor_us, model_us in r["runs"]:
        print(f"  {runs:6d} {model_us:9.1f} {1e6 / ours / model_us:8.1f}×"
              f" {model_us * boltz / 1e6:12.2f}× {floor_us:9.1f} {1e6 / floor / floor_us:8.1f}×")
    print("\nSynthetic worlds (cost per simulated year; Nᵏ: the growth from the size above;"
          f"\n{PRODUCTS} N×N products: the year's sums over third parties alone)")
    print(f"  {'N':>4} {'model µs':>10} {'Nᵏ':>4} {'floor µs':>10} {'Nᵏ':>4} {'ratio':>6}"
          f" {'µs / N²':>8} {'products µs':>12} {'Nᵏ':>4} {'crises/yr':>10} {'Nᵏ':>4}"
          f" {'calls/yr':>9} {'Nᵏ':>4}")
    sizes = r["sizes"]
    k = [growth(sizes, c) for c in range(5)]

    def exponent(v):
        return f"{v:4.1f}" if v is not None else "    "
    for i, (n, model_us, floor_us, prod_us, crises, calls) in enumerate(sizes):
        print(f"  {n:4d} {model_us:10.0f} {exponent(k[0][i])} {floor_us:10.0f}"
              f" {exponent(k[1][i])} {model_us / floor_us:6.2f} {model_us / n**2:8.3f}"
              f" {prod_us:12.0f} {exponent(k[2][i])} {crises:10.1f} {exponent(k[3][i])}"
              f" {calls:9.1f} {exponent(k[4][i])}")
    return r


if __name__ == "__main__":
    main()
