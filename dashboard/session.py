"""One browser session's run: its own model, scenario, settings and any error to show.

Plain Python (no Solara), so it is tested without a browser. The page keeps one
``Session`` per browser session (``solara.use_memo``), so 30 students on one server
each have their own model.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from agents.orders import MOVES
from model import ArmsRaceModel, ScenarioError, load_scenario
from model.experiments.results_folder import history_until as history_end
from model.scenario.loader import SCENARIOS
from model.scenario.mechanisms import MECHANISMS
from model.simulation.diplomacy import arms_offers
from model.simulation.explain import budget_terms
from model.simulation.reporters import regional_milex

from . import guard

#: the budget slider of Play a state, in per cent: (low, high)
BUDGET_CHANGE = (-20.0, 30.0)

#: the sliders: parameter → (label in plain words, low, high, step)
SLIDERS = {   # steps of 0.01: a coarser step would snap a scenario's value (0.67 → 0.65)
    "offense_defense_balance": ("Offence vs defence advantage", 0.5, 2.0, 0.01),
    "distinguishability": ("Can defensive arming be told apart?", 0.0, 1.0, 0.01),
    "media_amplification": ("Media amplification of threat", 0.5, 2.5, 0.01),
    "alliance_reliability": ("Ally reliability (initial trust)", 0.0, 1.0, 0.01),
    "war_cost": ("Cost of war", 0.2, 5.0, 0.01),
    "confidence_building": ("Confidence-building measures", 0.0, 1.0, 0.01),
}


def scenario_files() -> list[str]:
    """The scenario files the page offers: the regular *.yaml files of ``scenarios/``."""
    return sorted(p.name for p in SCENARIOS.glob("*.yaml") if p.is_file())


def scenario_info(name: str):
    """(Scenario or None, error text or '') — a broken file gives its validation message.

    ``name`` must be one of :func:`scenario_files` (:class:`guard.Refused` otherwise): a
    browser can send any text, and this is where a path would reach the disk. Parsed once
    per version of the scenario folder (the page asks on every redraw; reading the YAML took
    ~100 ms), and again as soon as any file in it changes on disk."""
    files = scenario_files()
    guard.one_of(name, files, "scenario")
    stamp = tuple((f, (SCENARIOS / f).stat().st_mtime_ns, (SCENARIOS / f).stat().st_size)
                  for f in files)
    return _parsed(name, stamp)


#: the scenario a new page opens with
FIRST_SCENARIO = "baseline_2020.yaml"


def warm() -> None:
    """Read the first page's scenario ahead of the first page (server.py calls it in the
    background while the browser loads the page's scripts): reading it costs ~0.25 s."""
    scenario_info(FIRST_SCENARIO)


@lru_cache(maxsize=32)
def _parsed(name: str, stamp: tuple):
    try:
        return load_scenario(SCENARIOS / name), ""
    except ScenarioError as err:   # shown as scenarios/NAME.yaml:LINE, not the server's path
        return None, str(err).replace(f"{SCENARIOS.parent}{os.sep}", "")


def history_years(sc) -> list[int]:
    """The years the "History until" control offers: the scenario's start year to its last
    scheduled event (empty: a scenario without scripted history has nothing to cut)."""
    last = history_end(sc.model_copy(update={"history_until": None}))
    return list(range(sc.start_year, last + 1)) if last is not None else []


def checked_mechanisms(switches: dict) -> dict[str, bool]:
    """Mechanism switches as the page offered them: known names, each on or off."""
    if not isinstance(switches, dict) or not all(isinstance(v, bool) for v in switches.values()):
        raise guard.Refused("Mechanism switches must be the page's own switches, on or off.")
    return {guard.one_of(k, MECHANISMS, "mechanism"): v for k, v in switches.items()}


def checked_settings(settings: dict) -> dict[str, float]:
    """Slider values as the page offered them: known sliders, each within its range."""
    if not isinstance(settings, dict):
        raise guard.Refused("Slider settings must be the page's own sliders.")
    return {guard.one_of(k, SLIDERS, "slider"): guard.number_in(v, *SLIDERS[k][1:3],
                                                                SLIDERS[k][0])
            for k, v in settings.items()}


class Session:
    def __init__(self, scenario: str = FIRST_SCENARIO, seed: int | None = None):
        #: held while the model changes (a step, a rebuild) and while a panel reads it: Play
        #: steps in its own thread, and a redraw asked for by another control (the speed
        #: slider, Pause) must not read a model half-way through a year (reentrant: a
        #: panel's reading may call a method that takes it too)
        self.lock = threading.RLock()
        self.error = ""    # the scenario or the model failed: what to fix
        self.notice = ""   # the last thing the page asked for and was refused
        self.compare_frame = None
        self.compare_label = ""
        self.player: str | None = None
        self.settings: dict[str, float] = {}
        self.mechanisms: dict[str, bool] = {}   # switched as the page says (empty: the file's)
        self.scenario_name = scenario
        self.seed = seed
        #: the forecast toggle: scripted events after this year dropped (None: all history)
        self.history_until: int | None = None
        #: a played game starts where the scripted history ends (False: at the start year)
        self.play_after_history = True
        self.took_over: int | None = None   # the year the student took over a state
        self.replayed = ""   # what the run replays (a class game's record), if it does
        self.model = None
        self._frame = None   # (model, year, its frame): see frame()
        self.reset()

    def refuse(self, message: str) -> None:
        """Say why the last request was not carried out (until the next one that is)."""
        self.notice = message

    # --- building -----------------------------------------------------------------------------
    def reset(self, scenario: str | None = None, seed: int | None = None,
              settings: dict | None = None, mechanisms: dict | None = None,
              history: int | str | None = None) -> None:
        """A fresh model from the scenario with the current slider settings, mechanism
        switches, seed and history (``history``: a year of :func:`history_years` of the
        scenario, or ``"all"``; a new scenario brings back all its history)."""
        if scenario is not None:
            scenario_info(scenario)   # refuses a name the page did not offer
        if history is not None and history != "all":
            sc, _ = scenario_info(scenario if scenario is not None else self.scenario_name)
            history = guard.one_of(history, history_years(sc) if sc is not None else [],
                                   "year for the end of history")
        seed = guard.seed(seed) if seed is not None else None
        settings = checked_settings(settings) if settings is not None else None
        mechanisms = checked_mechanisms(mechanisms) if mechanisms is not None else None
        with self.lock:
            if scenario is not None:
                if scenario != self.scenario_name:
                    self.history_until = None
                self.scenario_name = scenario
            if history is not None:
                self.history_until = None if history == "all" else int(history)
            if seed is not None:
                self.seed = seed
            if settings is not None:
                self.settings = settings
            if mechanisms is not None:
                self.mechanisms = mechanisms
            sc, err = scenario_info(self.scenario_name)
            if sc is None:   # no old run left to step: its scenario is no longer chosen
                self.error = ("This scenario file has problems — fix them and press Reset "
                              f"(or choose another scenario):\n{err}")
                self.model, self.player, self.notice = None, None, ""
                return
            try:
                self.model = self._build(sc)
                self.seed = self.model.seed
                self.error = self.notice = self.replayed = ""
                self.player = self.took_over = None
            except ScenarioError as err:
                self.error = str(err)

    def adopt(self, model: ArmsRaceModel, scenario: str, label: str) -> None:
        """Show ``model``, built elsewhere from ``scenario`` (one of :func:`scenario_files`;
        e.g. a class game's record replayed), as this session's run; ``label`` says what it
        is. Step goes on from its year; Reset goes back to the scenario."""
        scenario_info(scenario)   # refuses a name the page did not offer
        with self.lock:
            self.model, self.scenario_name, self.seed = model, scenario, model.seed
            self.history_until, self.player, self.took_over = None, None, None
            self.error = self.notice = ""
            self.replayed = label

    def _build(self, sc) -> ArmsRaceModel:
        """The model of ``sc`` with this session's seed, sliders, switches and history."""
        cut = {"history_until": self.history_until} if self.history_until is not None else {}
        return ArmsRaceModel(sc, rng=self.seed if self.seed is not None else sc.seed,
                             mechanisms=self.mechanisms, **self.settings, **cut)

    def history_end(self) -> int | None:
        """The last year of this run's scripted history (None: the scenario has none)."""
        return history_end(self.model.scenario) if self.model is not None else None

    def play_start(self) -> int:
        """The year a game of this run starts: the end of the scripted history (the
        default), or the scenario's start year when ``play_after_history`` is off."""
        m = self.model
        end = self.history_end()
        if not self.play_after_history or end is None:
            return m.scenario.start_year
        return min(max(end, m.scenario.start_year), m.end_year)

    def set_play_after_history(self, after: bool) -> None:
        """Start games at the end of the scripted history (True) or at the start year."""
        if not isinstance(after, bool):
            raise guard.Refused("Choose where the game starts from the page's switch.")
        self.play_after_history = after

    def play_as(self, state: str | None) -> None:
        """Play ``state`` (one of the run's states), or let the computer play all (None).

        A game starts afresh at :meth:`play_start`: the run is rebuilt with the same
        settings and the scripted years before it are run silently by the computer, so the
        student's choices, not the script, decide what happens next — and the debrief's
        computer play of the same seed shares those years exactly."""
        if state is None or self.model is None:
            self.player = self.took_over = None
            return
        state = guard.one_of(state, self.model.world.names, "state")
        with self.lock:
            sc, _ = scenario_info(self.scenario_name)
            if sc is None:
                raise guard.Refused("Fix the scenario file first, then press Reset.")
            m = self._build(sc)
            self.model = m
            m.run(self.play_start() - m.year)
            m.play_as(state)
            self.player, self.took_over = state, m.year
            self.notice = ""

    def decide(self, budget_change: float, partner: str, move: str | None,
               cbm=(), treaty=(), decline=()) -> bool:
        """The player's orders for the coming year, checked against what the page offered
        (``budget_change`` in per cent), then the year. True if the year was simulated."""
        m, me = self.model, self.player
        if m is None or me is None:
            raise guard.Refused("Choose a state to play first.")
        others = [n for n in m.world.names if n != me]
        orders = m.orders(me)
        budget = guard.number_in(budget_change, *BUDGET_CHANGE, "The budget change (%)")
        partner = guard.one_of(partner, others, "partner")
        moves = {partner: guard.one_of(move, list(MOVES), "alliance move")} if move else {}
        cbm = guard.some_of(cbm, others, "partner")
        treaty = guard.some_of(treaty, others, "partner")
        decline = guard.some_of(decline, list(arms_offers(m, me)), "supplier")
        orders.budget_change = budget / 100.0
        orders.alliance_moves = moves
        orders.propose_cbm, orders.propose_treaty, orders.decline_arms_from = cbm, treaty, decline
        return self.step()

    # --- running --------------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.model is None or self.model.year >= self.model.end_year

    def step(self) -> bool:
        """One year; on failure keep the page alive and say what went wrong."""
        with self.lock:
            if self.finished:
                return False
            try:
                self.model.step()
                self.notice = ""
                return True
            except Exception as err:  # a failing step must not take the page down
                self.error = f"The model could not simulate {self.model.year + 1}: {err}"
                return False

    def frame(self):
        """The run so far as a tidy frame (state × year). Made once per model and year: the
        charts, the band and the download all ask for it on each redraw, and building it
        from the collector is most of a redraw's data work. Callers do not change it."""
        m = self.model
        if m is None:
            return None
        cached = self._frame
        if cached is not None and cached[0] is m and cached[1] == m.year:
            return cached[2]
        df = m.frame()
        self._frame = (m, m.year, df)
        return df

    def csv_name(self) -> str:
        """The download's name: scenario, seed and years (baseline_2020_seed42_2020-2025.csv)."""
        m = self.model
        if m is None:
            return "run.csv"
        stem = self.scenario_name.rsplit(".", 1)[0]
        return f"{stem}_seed{self.seed}_{m.scenario.start_year}-{m.year}.csv"

    def csv(self) -> bytes:
        """The run so far as a tidy CSV (state × year), for the download button: ``#`` lines
        first say what made it (read it with ``pandas.read_csv(f, comment="#")``), numbers to
        six significant digits."""
        df, m = self.frame(), self.model
        if df is None:
            return b""
        from model import __version__

        off = m.mechanisms.off()
        meta = [f"scenario: {self.scenario_name} ({m.scenario.name})", f"seed: {self.seed}",
                f"years: {m.scenario.start_year}-{m.year}",
                "parameters: " + ", ".join(f"{k}={v:g}" for k, v in
                                           m.params.model_dump().items()
                                           if isinstance(v, int | float)),
                "mechanisms switched off: " + (", ".join(off) if off else "none"),
                f"model version: armsrace {__version__}"]
        head = "".join(f"# {line}\n" for line in meta)
        return (head + df.to_csv(index=False, float_format="%.6g")).encode()

    def lesson_name(self) -> str:
        """The lesson sheet's name (lesson_baseline_2020_seed42_2025.html)."""
        from .handout import sheet_name

        return sheet_name(self.scenario_name, self.seed, self.model.year if self.model
                          else 0)

    def lesson_sheet(self) -> bytes:
        """The printable lesson sheet of the run at its current year (dashboard/handout.py),
        built when the button is pressed."""
        if self.model is None:
            return b""
        from .handout import lesson_sheet

        with self.lock:
            return lesson_sheet(self.model, self.scenario_name, SLIDERS, self.player).encode()

    def compare_with(self, scenario: str | None, settings: dict | None = None) -> None:
        """Run a second scenario (or this one with other settings) to overlay on the charts."""
        if not scenario:
            self.compare_frame, self.compare_label = None, ""
            return
        settings = checked_settings(settings or {})
        sc, err = scenario_info(scenario)
        if sc is None:
            self.error = err
            return
        cut = ({"history_until": self.history_until}
               if self.history_until is not None and scenario == self.scenario_name else {})
        m = ArmsRaceModel(sc, rng=self.seed, mechanisms=self.mechanisms, **settings, **cut)
        m.run()
        self.compare_frame = m.frame()
        self.compare_label = scenario

    # --- words ----------------------------------------------------------------------------------
    def region(self) -> list[str]:
        """The scenario's regional states (``regional: true``), in scenario order."""
        w = self.model.world
        return [n for n, regional in zip(w.names, w.regional, strict=True) if regional]

    def indicators(self) -> dict[str, str]:
        m = self.model
        w = m.world
        out = {"Year": str(m.year),
               "Regional spending": f"USD {regional_milex(m):,.1f} bn"}
        if "Azerbaijan" in w.names and "Armenia" in w.names:
            ratio = w.milex[w.index("Azerbaijan")] / max(w.milex[w.index("Armenia")], 1e-9)
            out["Azerbaijan / Armenia"] = f"{ratio:.2f}"
        c = m.counts
        out["Crises / wars"] = f"{c['crises']} / {c['wars']}"
        share = c["commitments_honoured"] / c["commitments_invoked"] if c[
            "commitments_invoked"] else float("nan")
        out["Commitments honoured"] = (f"{c['commitments_honoured']} of "
                                       f"{c['commitments_invoked']}" +
                                       (f" ({share:.0%})" if c["commitments_invoked"] else ""))
        return out

    def why(self, top: int = 3) -> list[str]:
        """Each state's budget change this year, by its largest terms in the model."""
        m = self.model
        if m.last_budget is None:
            return ["Press Step: each state's budget change will be explained here."]
        lines = []
        for name in m.world.names:
            terms = sorted(budget_terms(m, name), key=lambda t: -abs(t.value))[:top]
            change = sum(t.value for t in budget_terms(m, name))
            parts = "; ".join(f"{t.label} {t.value:+.3f}" for t in terms)
            lines.append(f"**{name}** {change:+.3f} bn: {parts}")
        return lines
