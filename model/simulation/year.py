"""The phases of one simulated year, in order, for one world or a stack of worlds.

A year (``Year.step``) runs, in order:

1. events dated the year being simulated (``events.py``): the step from t to t+1 applies
   the events of t+1, so an event dated 2022 shapes the 2022 budgets; events dated at
   or before the start year are part of the initial conditions;
2. perceive: threat weights W from beliefs, proximity, offence–defence balance and
   allied cover (Walt 1985, 1987; Jervis 1978; Waltz 1979);
3. arms trade: suppliers arm friends against states they dislike;
4. budgets: the Richardson rule (``dynamics.budget_year``), then each state's strategy;
5. crises: rival pairs clash; commitments are invoked (Leeds 2003); some crises
   become wars (Fearon 1995);
6. external balancing: ties drift with shared threats (Walt 1987), and clients that lost
   trust in their friends hedge toward states cooler to their threats; alliance health:
   the ties' indicators move and reliability follows them (Leeds, Mattes and Vogel 2009);
7. economy and capability: GDP grows, dragged by a high defence burden and moved by
   energy prices (guns versus butter); the capability stock depreciates and is fed;
8. perception update: the spiral (Jervis 1976).

With ``richardson_only`` only phase 4 runs, with W fixed from the initial ties.

The phases are written once and serve two worlds: :class:`model.simulation.model.ArmsRaceModel`
(one run: N-vectors and N×N matrices) and :class:`model.simulation.ensemble.Ensemble` (R runs
of one scenario stepped together: R×N and R×N×N stacks; the run axis of dynamics.py). So
they count axes from the end (``axis=-2``, ``[..., None, :]``) and leave what differs
between a run and a stack to the hooks each class gives: ``_scheduled`` (the year's events
and players' agreements), ``_refuse_declined_flows``, ``_year_done``, and what the crisis phase and the events
ask (``count``, ``log_of``, ``member``, ``all_runs``, ``note``, ``note_each``, ``each_run``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from model.simulation import alignment, economy, posture
from model.simulation import alliance_health as health
from model.simulation import dynamics as dyn
from model.simulation.crises import crisis_phase
from model.simulation.run_parameters import per_pair, per_state


class Year:
    """The year's phases, mixed into a model (one run) or an ensemble (a stack of runs).

    Needs ``world``, ``params``, ``mechanisms`` (with :class:`EffectiveInputs`), ``streams``,
    ``stakes``, ``scenario``, ``year``, ``_players``, ``_power_drive``, ``_recorded_milex``,
    ``_arming_prev``, ``_trust_start``, ``collect`` and ``datacollector``, and the hooks above.
    """

    def _begin(self) -> None:
        """The start year, once the world is built: what the first year's budgets and arming
        are compared with, the events dated up to the start year, then perception."""
        w = self.world
        self.last_budget = None
        self._arming_prev = w.quality * w.milex
        self._recorded_milex = w.milex.copy()
        self.events.apply_initial(self, self.year)
        self._trust_start = w.trust.copy()  # what lost trust is measured from
        self._perceive()

    # --- one year ---------------------------------------------------------------------
    def step(self) -> None:
        w = self.world
        self.now = self.year + 1
        richardson = self.params.richardson_only
        if not richardson:
            changed = self._scheduled(self.year + 1)
            if changed:
                self._perceive()  # W of this year already computed at the end of the last step
            self._trade_arms()
        self._decide_budgets()
        if not richardson:
            budgets = w.milex.copy()
            crisis_phase(self)
            if not np.array_equal(w.milex, budgets):   # wars mobilise
                self.last_budget = replace(self.last_budget, war=w.milex - budgets,
                                           after=w.milex.copy())
            self._balance_externally()
            self._update_alliance_health()
        self._grow()
        if not richardson:
            self._update_perceptions()
        self.year += 1
        self._year_done()
        self._recorded_milex = w.milex.copy()
        self._perceive()
        if self.collect:
            self.datacollector.collect(self)

    def run(self, years: int | None = None) -> None:
        """Step ``years`` times (default: to the scenario's end year)."""
        n = self.end_year - self.year if years is None else years
        for _ in range(n):
            self.step()

    # --- phases -------------------------------------------------------------------------
    def _perceive(self) -> None:
        """Walt's threat weights; fixed from the ties when richardson_only."""
        w, p = self.world, self.params
        if p.richardson_only:
            w.weights = dyn.richardson_weights(w.anchor)
        else:
            focus_milex = w.milex * w.regional_focus
            cover = dyn.alliance_cover(w.strength, w.reliability, focus_milex,
                                       per_pair(self.cover_max))
            hostility = dyn.perceived_hostility(w.belief, per_pair(p.media_amplification))
            w.weights = dyn.threat_weights(hostility, w.prox, w.regional_focus,
                                           per_pair(self.offense_defense_balance), cover)
        self.net_threat, self.top_threat_index, self.threat_terms = dyn.top_threats(
            w.weights, w.milex)

    def _trade_arms(self) -> None:
        """Suppliers arm friends (aid, which enters the budget rule); deals deliver."""
        w = self.world
        w.arms_flow = dyn.arms_flows(w.strength, w.belief, w.weights, w.milex,
                                     per_pair(self.arms_trade_rate))
        self._refuse_declined_flows()
        aid = w.arms_flow.sum(axis=-2)  # endogenous transfers are assistance
        w.arms_received = aid + self.events.deliveries(self, self.year + 1)

    def _decide_budgets(self) -> None:
        """The Richardson rule with its soft fiscal constraint, then the strategies: offensive
        realists press for relative gains (vectorised), states with ``budget: path`` take their
        budget from data and a stated growth, human players' orders replace the rule for their
        state. ``richardson_only`` keeps the rule exactly Richardson's (no fiscal cost, no
        paths).

        The year's terms, from the numbers the rule used, are kept in ``last_budget`` (a
        :class:`~model.simulation.dynamics.BudgetTerms`) so :mod:`model.simulation.explain` can word each change.
        """
        w, p = self.world, self.params
        cap = w.max_burden * w.gdp
        arms = w.arms_received if not p.richardson_only else np.zeros_like(w.milex)
        self.grievance_now = self._grievance()
        noise, adjust, drive, fiscal, path = None, None, np.zeros_like(w.milex), None, None
        if not p.richardson_only:
            drive = self._power_drive
            # the soft fiscal constraint (economy.fiscal_cost; Intriligator and Brito 1984)
            fiscal = economy.fiscal_cost(w.milex, w.gdp, w.max_burden, per_state(p.fiscal_cost))
            if w.budget_path.any():  # budgets driven from outside the region: data, then growth
                observed = w.milex_observed.get(self.year + 1, np.full(w.n, np.nan))
                path = np.where(w.budget_path,
                                economy.observed_or_grown(observed, w.milex, w.milex_growth),
                                np.nan)
            if np.any(p.budget_noise > 0):  # in every run or none (run_parameters.BRANCHING)
                s = per_state(p.budget_noise)
                noise = np.exp(s * self.streams.budget_noise.standard_normal(w.n) - 0.5 * s * s)
            if self._players:
                adjust = self._players_adjust
        # uncapped: the budget as the state would set it with no GDP cap; the aid the cap
        # keeps out of the budget still arrives (as equipment), so it counts in capability
        recorded = self._recorded_milex
        new, uncapped, self.last_budget = dyn.budget_year(
            w.milex, w.weights, w.reaction, w.fatigue, self.grievance_now, arms, cap, drive,
            noise, adjust, fiscal, path, year=self.year + 1, recorded=recorded,
            shock=w.milex - recorded)
        w.aid_beyond_cap = dyn.aid_beyond_cap(arms, uncapped, cap)
        w.milex = new

    def _grievance(self) -> np.ndarray:
        """Richardson's g, paid from the budget: a producer's positive drive scales with its
        energy revenue (economy.energy_factor); richardson_only keeps it constant."""
        w = self.world
        if self.params.richardson_only or not self.scenario.energy_prices:
            return w.grievance
        factor = economy.energy_factor(w.energy_share, self.energy_price(self.year + 1))
        return dyn.energy_grievance(w.grievance, factor)

    def energy_price(self, year: int) -> float:
        return economy.price_on(self.scenario.energy_prices, year)

    def _update_alliance_health(self) -> None:
        """Measured indicators move; reliability = trust shifted by the indicators."""
        w = self.world
        health.measured_ties_year(w.indicators, w.reliability, w.trust, w.measured, w.arms_flow,
                                  w.exogenous_arms, w.strength,
                                  per_state(self.params.indicator_weight))

    def _balance_externally(self) -> None:
        """Ties drift with threats (Walt 1987), then clients that lost trust in their friends
        seek partners cooler to their threats (hedging; alignment.py)."""
        w, p = self.world, self.params
        w.strength = alignment.alignment_drift(w.strength, w.anchor, w.weights,
                                               per_pair(self.alignment_rate),
                                               per_pair(p.tie_decay))
        pull = alignment.hedging_pull(w.strength, w.weights, w.trust, self._trust_start)
        w.strength = alignment.hedge(w.strength, pull, self.hedging_rate)

    def _grow(self) -> None:
        """Capability stock, guns-versus-butter accounts, then GDP one year on: the observed
        GDP where the scenario gives one for the year (``gdp_path``), else trend growth with
        the guns-versus-butter drag."""
        w, p = self.world, self.params
        w.capability = dyn.capability_step(w.capability, w.milex + w.aid_beyond_cap, w.quality,
                                           per_state(p.capability_depreciation))
        w.capability_history.append(w.capability.copy())
        if len(w.capability_history) > p.power_shift_window + 1:
            w.capability_history.pop(0)
        growth = economy.growth_with_drag(w.gdp_growth, w.milex / w.gdp,
                                          per_state(self.guns_butter_drag),
                                          per_state(p.reference_burden))
        w.gdp_base = dyn.gdp_step(w.gdp_base, growth)
        energy = (economy.energy_factor(w.energy_share, self.energy_price(self.year + 1))
                  if self.scenario.energy_prices else np.ones(w.n))
        observed = w.gdp_observed.get(self.year + 1)
        if observed is not None:  # data: the trend restarts from it at the year's energy prices
            w.gdp_base = np.where(np.isnan(observed), w.gdp_base, observed / energy)
        w.gdp = w.gdp_base * energy
        w.cumulative_milex = w.cumulative_milex + w.milex
        excess = economy.excess_milex(w.milex, w.gdp, per_state(p.reference_burden))
        w.foregone_health_years = w.foregone_health_years + excess / np.maximum(
            w.health_share * w.gdp, 1e-12)

    def _update_perceptions(self) -> None:
        w, p = self.world, self.params
        # what rivals see is arming: the capability bought this year (quality × spending, aid
        # included), so new Western systems alarm as much as a bigger budget would
        arming = w.quality * (w.milex + w.aid_beyond_cap)
        # real growth: arming at constant prices, so inflation is not read as hostility
        growth = arming / np.maximum(self._arming_prev * (1.0 + per_state(p.inflation)), 1e-12) - 1.0
        self._arming_prev = arming
        # Jervis 1978, Glaser 1997: each state chooses its posture; each observer reads it
        # through what it can see (the perception stream: one N×N block every year)
        noise = self.streams.perception.standard_normal((w.n, w.n))
        #: ω_j: the offensive share of its arming each state chose this year (posture.py)
        self.posture = posture.chosen_offensive_share(
            w.offensive_strategy, per_state(self.offense_defense_balance),
            per_state(self.distinguishability))
        #: R[i, j]: the share of j's arming that i reads as offensive
        self.read_posture = posture.read_offensive_share(
            self.posture, posture.visibility(per_pair(self.distinguishability), w.monitoring), noise)
        # the hostility a rivalry implies on its own, or an unmet claim on what the other holds
        # (stakes.py; Vasquez 1993); Kydd 2005: costly reassurance (CBMs) lowers it
        implied = np.maximum(dyn.tie_hostility(w.strength), self.stakes.claim(w.n))
        baseline = implied * (1.0 - 0.5 * per_pair(p.confidence_building))
        if not self.mechanisms.spiral:  # neutral: beliefs are what the ties imply
            w.belief = baseline
            return
        w.belief = dyn.hostility_update(
            w.belief, baseline, growth, self.read_posture, w.strength,
            w.prox * w.regional_focus[..., None, :] * dyn.aim(w.weights),
            per_state(self.offense_defense_balance), per_state(p.spiral_sensitivity),
            per_pair(self.reassurance))
