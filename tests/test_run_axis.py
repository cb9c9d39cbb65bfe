"""The run axis: every pure function of the year, given a stack of worlds (a leading run axis
on its arrays), gives each run exactly what it gives that run alone — bit for bit
(model/simulation/dynamics.py; the ensemble idea of issue "Thousands of worlds at once").

The worlds are synthetic regions of the same size from different seeds, with their own ties,
proximities, budgets and beliefs, so the runs of a stack differ everywhere."""

import numpy as np
import pytest

from model import synthetic_world
from model.simulation import alignment, economy, posture
from model.simulation import alliance_health as health
from model.simulation import dynamics as dyn
from model.simulation.world import build_world

RUNS = 4


def worlds(n, seed):
    """``RUNS`` worlds of ``n`` states, with beliefs, trust and arms flows that differ."""
    out = []
    for r in range(RUNS):
        w = build_world(synthetic_world(n, seed=seed * 100 + r))
        rng = np.random.default_rng(seed * 100 + r)
        w.belief = np.clip(w.belief + rng.uniform(0, 0.5, (n, n)), 0, 1)
        dyn.zero_diagonal(w.belief)
        w.trust = np.clip(w.trust - rng.uniform(0, 0.3, (n, n)), 0.01, 0.99)
        w.measured = w.strength > 0.3
        focus = w.milex * w.regional_focus
        cover = dyn.alliance_cover(w.strength, w.reliability, focus, 0.6)
        w.weights = dyn.threat_weights(dyn.perceived_hostility(w.belief, 1.2), w.prox,
                                       w.regional_focus, 1.1, cover)
        w.arms_flow = dyn.arms_flows(w.strength, w.belief, w.weights, w.milex, 0.05)
        out.append(w)
    return out


def stack(values):
    return np.stack(values)


def stacked(args):
    """Per-run argument tuples → one tuple of stacks (argument k of every run, stacked)."""
    return [stack(column) for column in zip(*args, strict=True)]


def same(together, alone):
    """Run r of ``together`` is ``alone[r]`` to the last bit."""
    assert len(alone) == RUNS
    for r, a in enumerate(alone):
        assert np.array_equal(together[r], a), f"run {r} differs from its run alone"


CASES = [(8, 1), (8, 2), (23, 3)]


@pytest.fixture(params=CASES, ids=[f"N={n}-seed={s}" for n, s in CASES])
def ws(request):
    return worlds(*request.param)


def of(ws, name):
    return [getattr(w, name) for w in ws]


def test_perception_on_a_stack_is_each_runs_perception(ws):
    args = [(w.strength, w.reliability, w.milex * w.regional_focus) for w in ws]
    covers = [dyn.alliance_cover(*a, 0.6) for a in args]
    same(dyn.alliance_cover(*stacked(args), 0.6), covers)
    hostile = [dyn.perceived_hostility(w.belief, 1.2) for w in ws]
    same(dyn.threat_weights(stack(hostile), stack(of(ws, "prox")),
                            stack(of(ws, "regional_focus")), 1.1, stack(covers)),
         [dyn.threat_weights(h, w.prox, w.regional_focus, 1.1, c)
          for h, w, c in zip(hostile, ws, covers, strict=True)])
    total, top, terms = dyn.top_threats(stack(of(ws, "weights")), stack(of(ws, "milex")))
    alone = [dyn.top_threats(w.weights, w.milex) for w in ws]
    same(total, [a[0] for a in alone])
    same(top, [a[1] for a in alone])
    same(terms, [a[2] for a in alone])
    same(dyn.aim(stack(of(ws, "weights"))), [dyn.aim(w.weights) for w in ws])


def test_budgets_on_a_stack_are_each_runs_budgets(ws):
    n = ws[0].n
    rng = np.random.default_rng(5)
    noise = [np.exp(0.1 * rng.standard_normal(n)) for _ in ws]
    path = [np.where(np.arange(n) == r % n, w.milex * 1.03, np.nan) for r, w in enumerate(ws)]
    fiscal = [economy.fiscal_cost(w.milex, w.gdp, w.max_burden, 0.4) for w in ws]
    args = [(w.milex, w.weights, w.reaction, w.fatigue, w.grievance, w.arms_flow.sum(axis=0),
             w.max_burden * w.gdp, np.full(n, 0.01)) for w in ws]
    together = dyn.budget_year(*stacked(args), stack(noise), None, stack(fiscal),
                               stack(path), year=2021)
    alone = [dyn.budget_year(*a, z, None, f, p, year=2021)
             for a, z, f, p in zip(args, noise, fiscal, path, strict=True)]
    same(together[0], [a[0] for a in alone])
    same(together[1], [a[1] for a in alone])
    for term in ("threat", "fatigue", "fiscal", "floor", "cap", "drive", "noise", "path",
                 "after"):
        same(getattr(together[2], term), [getattr(a[2], term) for a in alone])
    same(together[2].total(), [a[2].total() for a in alone])
    same(dyn.richardson_step(*stacked(a[:6] for a in args), stack(of(ws, "gdp"))),
         [dyn.richardson_step(*a[:6], w.gdp) for a, w in zip(args, ws, strict=True)])


def test_crises_and_arms_trade_on_a_stack_are_each_runs(ws):
    same(dyn.crisis_probability(stack(of(ws, "belief")), stack(of(ws, "prox")), 1.1, 0.2,
                                stack(of(ws, "monitoring"))),
         [dyn.crisis_probability(w.belief, w.prox, 1.1, 0.2, w.monitoring) for w in ws])
    same(dyn.arms_flows(stack(of(ws, "strength")), stack(of(ws, "belief")),
                        stack(of(ws, "weights")), stack(of(ws, "milex")), 0.05),
         of(ws, "arms_flow"))


def test_alignment_on_a_stack_is_each_runs_alignment(ws):
    s, a, w_ = stack(of(ws, "strength")), stack(of(ws, "anchor")), stack(of(ws, "weights"))
    same(alignment.alignment_drift(s, a, w_, 0.05, 0.1),
         [alignment.alignment_drift(w.strength, w.anchor, w.weights, 0.05, 0.1) for w in ws])
    start = [np.clip(w.trust + 0.2, 0, 1) for w in ws]
    pulls = [alignment.hedging_pull(w.strength, w.weights, w.trust, t0)
             for w, t0 in zip(ws, start, strict=True)]
    assert any(p.any() for p in pulls)  # trust was lost: there is something to compare
    same(alignment.hedging_pull(s, w_, stack(of(ws, "trust")), stack(start)), pulls)
    same(alignment.hedge(s, stack(pulls), 0.3),
         [alignment.hedge(w.strength, p, 0.3) for w, p in zip(ws, pulls, strict=True)])


def test_the_spiral_on_a_stack_is_each_runs_spiral(ws):
    n = ws[0].n
    rng = np.random.default_rng(9)
    z = [rng.standard_normal((n, n)) for _ in ws]
    share = [posture.chosen_offensive_share(w.offensive_strategy, 1.1, 0.3) for w in ws]
    seen = [posture.visibility(0.3, w.monitoring) for w in ws]
    read = [posture.read_offensive_share(c, v, e) for c, v, e in zip(share, seen, z, strict=True)]
    same(posture.read_offensive_share(stack(share), stack(seen), stack(z)), read)
    growth = [rng.normal(0.05, 0.1, n) for _ in ws]
    reach = [w.prox * w.regional_focus[None, :] * dyn.aim(w.weights) for w in ws]
    base = [dyn.tie_hostility(w.strength) for w in ws]
    same(dyn.hostility_update(stack(of(ws, "belief")), stack(base), stack(growth), stack(read),
                              stack(of(ws, "strength")), stack(reach), 1.1, 0.8, 0.2),
         [dyn.hostility_update(w.belief, b, g, r, w.strength, h, 1.1, 0.8, 0.2)
          for w, b, g, r, h in zip(ws, base, growth, read, reach, strict=True)])


def test_alliance_health_on_a_stack_is_each_runs(ws):
    measured = ws[0].measured   # the scenario's pattern, shared by the runs of a stack
    assert measured.any()
    alone = []
    for w in ws:
        ind, honour = w.indicators.copy(), w.reliability.copy()
        health.measured_ties_year(ind, honour, w.trust, measured, w.arms_flow,
                                  w.exogenous_arms, w.strength, 1.0)
        alone.append((ind, honour))
    ind, honour = stack(of(ws, "indicators")), stack(of(ws, "reliability"))
    health.measured_ties_year(ind, honour, stack(of(ws, "trust")), measured,
                              stack(of(ws, "arms_flow")), stack(of(ws, "exogenous_arms")),
                              stack(of(ws, "strength")), 1.0)
    same(ind, [a[0] for a in alone])
    same(honour, [a[1] for a in alone])
    assert not all(np.array_equal(a[1], w.reliability) for a, w in zip(alone, ws, strict=True))


def test_zero_diagonal_clears_each_square_of_a_stack():
    a = np.ones((3, 4, 4))
    dyn.zero_diagonal(a)
    assert (np.diagonal(a, axis1=-2, axis2=-1) == 0).all()
    assert a.sum() == 3 * (16 - 4)
