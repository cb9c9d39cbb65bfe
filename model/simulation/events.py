"""Scheduled interventions: what a scenario says happens in a given year.

Each event kind is one small function, registered for its pydantic model with
``@applies(Model)``, that changes the world through the same quantities the endogenous
dynamics use (tie strength and anchor, reliability, beliefs, monitoring, guarantees, GDP)
and writes a chronicle entry saying what it did. Agreements a player can also make (CBMs,
treaties) go through :mod:`model.simulation.diplomacy`. Events apply at the start of their year,
before states perceive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np

from model.scenario import event_schema as kinds
from model.scenario.vocabulary import COMMITMENT_KINDS, signed_as
from model.simulation import alliance_health as health
from model.simulation import commitments, crises, diplomacy, economy
from model.simulation.chronicle import Entry
from model.simulation.diplomacy import set_tie
from model.simulation.run_axis import among

#: event kind → the function that applies it, filled by ``@applies``
APPLY: dict[str, Callable] = {}
#: the kinds whose function works on one run at a time (a stack applies them run by run)
ONE_RUN: set[str] = set()


def applies(model_class, one_run: bool = False):
    """Register the decorated function as what events of ``model_class``'s kind do.

    The function works on one world or a stack of worlds alike (``w.x[..., i, j]``; the run
    axis of dynamics.py), writing its chronicle line for each run with ``model.note_each``;
    with ``one_run`` it is given each run of a stack in turn (``model.each_run``)."""
    (kind,) = [k for k, m in kinds.EVENT_MODELS.items() if m is model_class]

    def register(fn):
        APPLY[kind] = fn
        if one_run:
            ONE_RUN.add(kind)
        return fn
    return register


class EventBook:
    """The scenario's events by year, plus arms deals still delivering."""

    def __init__(self, events):
        self.by_year = defaultdict(list)
        for ev in events:
            self.by_year[ev.year].append(ev)
        # start, end, supplier, client, USD bn a year, aid (True) or purchase (False)
        self.deals: list[tuple[int, int, int, int, float, bool]] = []

    def apply_initial(self, model, start_year: int) -> None:
        """Events dated at or before the start year are part of the initial conditions."""
        for y in sorted(y for y in self.by_year if y <= start_year):
            self.apply(model, y)

    def apply(self, model, year: int) -> bool:
        """Apply this year's events; True if there were any."""
        todo = self.by_year.get(year, ())
        for ev in todo:
            if ev.kind in ONE_RUN:
                model.each_run(APPLY[ev.kind], ev)
            else:
                APPLY[ev.kind](model, ev)
        return bool(todo)

    def deliveries(self, model, year: int) -> np.ndarray:
        """Arms delivered this year under deals: every deal shows as a flow (imports); only
        aid is returned, per client, for the budget rule's arms-received term."""
        aid = np.zeros(model.world.n)
        for start, end, s, c, value, is_aid in self.deals:
            if start <= year < end:
                model.world.arms_flow[..., s, c] += value
                if is_aid:
                    aid[c] += value
        return aid


def _ij(model, a, b):
    return model.world.index(a), model.world.index(b)


def _each(fn, values):
    """``fn`` of each run's value (a 0-d array for a lone world, one per run for a stack)."""
    values = np.asarray(values)
    out = np.empty(values.shape, dtype=values.dtype)
    for at in np.ndindex(values.shape):
        out[at] = fn(values[at])
    return out


@applies(kinds.AllianceSigned)
def alliance_signed(model, ev):
    w = model.world
    i, j = _ij(model, ev.a, ev.b)
    s = np.maximum(w.strength[..., i, j], ev.strength)
    set_tie(w, i, j, strength=s, anchor=np.maximum(w.anchor[..., i, j], ev.strength),
            kind=ev.tie_kind, commitment=ev.tie_kind in COMMITMENT_KINDS,
            reliability=ev.reliability)
    model.note_each(_signed_entry, ev, s)


def _signed_entry(ev, s):
    return Entry(ev.year, "alliance_signed", (ev.a, ev.b),
                 f"{ev.a} and {ev.b} {signed_as(ev.tie_kind)}",
                 f"tie strength now {s:+.2f}; each can invoke the other in a crisis"
                 if ev.tie_kind in COMMITMENT_KINDS else f"tie strength now {s:+.2f}")


def _frozen(old: str) -> str:
    return old if old.endswith("_frozen") else f"{old}_frozen" if old in ("defence_pact",) else old


@applies(kinds.AllianceFrozen)
def alliance_frozen(model, ev):
    w = model.world
    i, j = _ij(model, ev.a, ev.b)
    set_tie(w, i, j, strength=ev.strength, anchor=ev.strength, commitment=False,
            kind=_each(_frozen, w.kind[..., i, j]))
    model.note(Entry(ev.year, "alliance_frozen", (ev.a, ev.b),
                     f"{ev.a} freezes its alliance with {ev.b}",
                     f"no commitment to invoke any more; tie strength {ev.strength:+.2f}"))


@applies(kinds.TieChange)
def tie_change(model, ev):
    """Normalisation or rupture: the tie and the anchor it returns to move to ``strength``;
    beliefs follow over the years (they relax toward what the tie implies)."""
    w = model.world
    i, j = _ij(model, ev.a, ev.b)
    old = np.array(w.strength[..., i, j])
    set_tie(w, i, j, strength=ev.strength, anchor=ev.strength, kind=ev.tie_kind)
    model.note_each(_tie_change_entry, ev, old)


def _tie_change_entry(ev, old):
    better = ev.strength > old
    return Entry(ev.year, "tie_change", (ev.a, ev.b),
                 f"{ev.a} and {ev.b} {'improve' if better else 'worsen'} their relations"
                 + (f" ({ev.tie_kind.replace('_', ' ')})" if ev.tie_kind else ""),
                 f"tie {old:+.2f} → {ev.strength:+.2f}: each expects "
                 f"{'less' if better else 'more'} hostility from the other, so crises "
                 f"between them become {'rarer' if better else 'likelier'}")


@applies(kinds.AllianceTest)
def alliance_test(model, ev):
    """A scheduled call: with ``honoured`` given, history as recorded; otherwise drawn from
    the scheduled stream like a crisis's call (commitments.invoke): a call against ``against``
    over disputed ground is outside a territorial commitment's scope, and an invoked ally
    honours with :func:`commitments.honour_probability`. In every run of a stack at once
    (each run's draws from its own stream)."""
    if not model.mechanisms.commitments:  # neutral: no commitment is invoked
        return
    w = model.world
    client, ally = _ij(model, ev.client, ev.ally)
    runs = model.all_runs()
    if ev.honoured is not None:
        size = 1 if runs is None else runs.size
        honoured, pick = np.full(size, ev.honoured), np.arange(size)
    else:
        draw = np.atleast_1d(model.streams.scheduled.random())  # one per run
        if ev.against is None:
            honoured = np.atleast_1d(draw < w.reliability[..., client, ally])
            pick = np.arange(draw.size)
        else:
            h = w.index(ev.against)
            where = model.streams.scheduled.random()
            inside = np.atleast_1d(commitments.in_scope(
                w.scope_any[..., client, ally], w.disputed[..., client, h], where))
            for c in np.flatnonzero(~inside):
                model.log_of(among(runs, c)).note(commitments.out_of_scope_entry(
                    ev.year, ev.ally, ev.client, ev.against))
            pick = np.flatnonzero(inside)
            if not pick.size:
                return
            p = commitments.call_probability(model, np.full(pick.size, client),
                                             np.full(pick.size, ally), np.full(pick.size, h),
                                             among(runs, pick))
            honoured = draw[pick] < p
    commitments.settle_commitments(model, np.full(pick.size, client), np.full(pick.size, ally),
                                   honoured, among(runs, pick))


@applies(kinds.ArmsDeal)
def arms_deal(model, ev):
    w = model.world
    s, c = _ij(model, ev.supplier, ev.client)
    model.events.deals.append((ev.year, ev.year + ev.years, s, c, ev.value,
                               ev.financing == "aid"))
    w.measured[..., s, c] = w.measured[..., c, s] = True
    if ev.quality:
        w.quality[..., c] += ev.quality
    lift = np.minimum(1.0, w.anchor[..., s, c] + 0.1)
    kind = _each(lambda k: k if k in COMMITMENT_KINDS else "arms_supply", w.kind[..., s, c])
    set_tie(w, s, c, strength=np.maximum(w.strength[..., s, c], lift), anchor=lift, kind=kind)
    model.note_each(_deal_entry, ev, lift)


def _deal_entry(ev, lift):
    return Entry(ev.year, "arms_deal", (ev.supplier, ev.client),
                 f"{ev.supplier} agrees to {'give' if ev.financing == 'aid' else 'sell'} "
                 f"arms to {ev.client} (USD {ev.value:.2f} bn a year for {ev.years} years)",
                 f"{ev.client}'s capability grows; the tie strengthens to {lift:+.2f}")


def _indicator(model, i, j, name, value, why=""):
    """Set one indicator of the tie i–j, mark it measured and recompute its reliability."""
    w = model.world
    k = health.INDICATORS.index(name)
    old = np.array(w.reliability[..., i, j])
    w.indicators[..., i, j, k] = w.indicators[..., j, i, k] = value
    w.measured[..., i, j] = w.measured[..., j, i] = True
    r = health.reliability(w.trust[..., i, j], w.indicators[..., i, j, :],
                           model.params.indicator_weight)
    w.reliability[..., i, j] = w.reliability[..., j, i] = r
    return old, r


def _moved(old: float, new: float) -> str:
    """"0.51 → 0.62", or "stays 0.51" when the two read the same."""
    return f"stays {new:.2f}" if f"{old:.2f}" == f"{new:.2f}" else f"{old:.2f} → {new:.2f}"


@applies(kinds.Exercise)
def exercise(model, ev):
    w = model.world
    i, j = _ij(model, ev.a, ev.b)
    value = min(1.0, 0.25 * ev.count)
    old, r = _indicator(model, i, j, "exercises", np.maximum(
        value, w.indicators[..., i, j, health.INDICATORS.index("exercises")]))
    model.note_each(_exercise_entry, ev, old, r)


def _exercise_entry(ev, old, r):
    return Entry(ev.year, "exercise", (ev.a, ev.b),
                 f"{ev.a} and {ev.b} hold joint military exercises",
                 f"practice makes help credible: reliability {_moved(old, r)}")


@applies(kinds.SetIndicator)
def set_indicator(model, ev):
    i, j = _ij(model, ev.a, ev.b)
    old, r = _indicator(model, i, j, ev.name, ev.value)
    model.note_each(_set_indicator_entry, ev, old, r)


def _set_indicator_entry(ev, old, r):
    return Entry(ev.year, "set_indicator", (ev.a, ev.b),
                 f"{ev.a}–{ev.b}: {ev.name.replace('_', ' ')} now {ev.value:.2f}",
                 f"reliability {_moved(old, r)}")


@applies(kinds.GovernmentPivot)
def government_pivot(model, ev):
    """Leeds, Mattes and Vogel 2009: a change of course at home since signing erodes the old tie."""
    w = model.world
    i, j = _ij(model, ev.state, ev.away_from)
    al = health.INDICATORS.index("alignment")
    shift = np.maximum(ev.shift,
                       w.indicators[..., i, j, health.INDICATORS.index("orientation_shift")])
    _indicator(model, i, j, "alignment",
               np.maximum(0.0, w.indicators[..., i, j, al] - 0.3 * ev.shift))
    old, r = _indicator(model, i, j, "orientation_shift", shift)
    for other in ev.toward:
        t = w.index(other)
        _indicator(model, i, t, "alignment",
                   np.minimum(1.0, w.indicators[..., i, t, al] + 0.2 * ev.shift))
    model.note_each(_pivot_entry, ev, old, r)


def _pivot_entry(ev, old, r):
    toward = f" toward {', '.join(ev.toward)}" if ev.toward else ""
    return Entry(ev.year, "government_pivot", (ev.state, ev.away_from),
                 f"{ev.state} turns away from {ev.away_from}{toward}",
                 f"a change of course since signing: the tie's reliability {_moved(old, r)}")


@applies(kinds.MonitoringMission)
def monitoring_mission(model, ev):
    w = model.world
    h = w.index(ev.host)
    if ev.monitor in w.names:  # a state's monitors or peacekeepers on the host's soil
        m = w.index(ev.monitor)
        pr = health.INDICATORS.index("presence")
        _indicator(model, h, m, "presence", np.maximum(ev.level, w.indicators[..., h, m, pr]))
    if ev.watch:
        watched = np.zeros(w.strength[..., h, :].shape, bool)
        watched[..., w.index(ev.watch)] = True
    else:
        watched = w.strength[..., h, :] < -0.2
    level = np.maximum(w.monitoring[..., h, :], ev.level)
    w.monitoring[..., h, :] = np.where(watched, level, w.monitoring[..., h, :])
    w.monitoring[..., :, h] = np.where(watched, level, w.monitoring[..., :, h])
    model.note_each(_mission_entry, ev, w.names, watched)


def _mission_entry(ev, names, watched):
    who = ", ".join(names[k] for k in np.flatnonzero(watched)) or "nobody"
    return Entry(ev.year, "monitoring_mission", (ev.host,),
                 f"Monitors in {ev.host} ({ev.monitor}), watching {who}",
                 "fewer crises and less private information on that border")


@applies(kinds.ConfidenceBuilding)
def cbm(model, ev):
    w = model.world
    if ev.a and ev.b:
        diplomacy.cbm(w, *_ij(model, ev.a, ev.b), ev.level)
        who, text = (ev.a, ev.b), f"{ev.a} and {ev.b} agree confidence-building measures"
    else:
        model.params.confidence_building = np.maximum(model.params.confidence_building, ev.level)
        who, text = (), "confidence-building measures across the region"
    model.note(Entry(ev.year, "cbm", who, text,
                     "defensive arming is easier to tell apart; beliefs cool faster"))


@applies(kinds.PeaceTreaty)
def peace_treaty(model, ev):
    diplomacy.peace_treaty(model.world, *_ij(model, ev.a, ev.b), ev.strength,
                           guarantee=ev.guarantee, kind="normalising")
    by = f" guaranteed by {', '.join(ev.guarantors)}" if ev.guarantors else ""
    why = ("guarantors make war costlier and crises rarer" if ev.guarantee > 0 else
           "no enforcement: if power shifts, the treaty does not bind (Fearon's commitment problem)")
    model.note(Entry(ev.year, "peace_treaty", (ev.a, ev.b),
                     f"{ev.a} and {ev.b} sign a peace treaty{by}", why))


@applies(kinds.EconomicShock)
def economic_shock(model, ev):
    """GDP × factor and trend growth + change; the trend stays in the range a scenario may
    give (−0.5..0.5) and a shock does not take GDP outside economy.SHOCK_GDP_RANGE (many
    shocks in a row would otherwise reach 0 or overflow)."""
    w = model.world
    i = w.index(ev.state)
    lo, hi = economy.SHOCK_GDP_RANGE
    base = np.array(w.gdp_base[..., i])
    target = np.minimum(np.maximum(base * ev.gdp_factor, np.minimum(base, lo)),
                        np.maximum(base, hi))
    w.scale_gdp(i, target / base)
    w.gdp_growth[..., i] = np.minimum(np.maximum(w.gdp_growth[..., i] + ev.growth_change, -0.5),
                                      0.5)
    model.note_each(_shock_entry, ev, np.array(w.max_burden[..., i]))


def _shock_entry(ev, max_burden):
    return Entry(ev.year, "economic_shock", (ev.state,),
                 f"economic shock in {ev.state}: GDP × {ev.gdp_factor:.2f}",
                 f"the spending cap moves with GDP (max burden {max_burden:.0%})")


@applies(kinds.War, one_run=True)
def war(model, ev):
    a, b = _ij(model, ev.a, ev.b)
    crises.war(model, a, b, float(model.streams.scheduled.random()),
               why="a scheduled event of the scenario",
               winner=None if ev.winner is None else model.world.index(ev.winner),
               stake=ev.stake)


@applies(kinds.BorderCrisis)
def border_crisis(model, ev):
    crises.crisis(model, *_ij(model, ev.a, ev.b), forced=True, invoke_allies=ev.invoke_allies)


@applies(kinds.ExternalShock)
def external_shock(model, ev):
    w = model.world
    i = w.index(ev.state)
    old = np.array(w.regional_focus[..., i])
    if ev.regional_focus is not None:
        w.regional_focus[..., i] = ev.regional_focus
    w.milex[..., i] = np.minimum(w.milex[..., i] * ev.milex_factor,
                                 w.max_burden[..., i] * w.gdp[..., i])
    model.note_each(_external_shock_entry, ev, old, np.array(w.regional_focus[..., i]))


def _external_shock_entry(ev, old, new):
    if new == old:
        what, why = (f"{ev.state} faces a shock elsewhere (spending ×{ev.milex_factor:g})",
                     "its regional focus is unchanged: its bigger budget weighs in the region "
                     "in proportion")
    else:
        turn = "drawn elsewhere" if new < old else "turned toward the region"
        what = f"{ev.state}'s attention is {turn} (regional focus {old:.2f} → {new:.2f})"
        why = (f"its forces weigh {'less' if new < old else 'more'} in the region's threat "
               "calculations and in its local balance of power")
    return Entry(ev.year, "external_shock", (ev.state,), what, why)


@applies(kinds.SetParameter)
def set_parameter(model, ev):
    setattr(model.params, ev.name, ev.value)
    model.note(Entry(ev.year, "set_parameter", (), f"{ev.name} set to {ev.value:g}"))
