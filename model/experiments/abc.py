"""Calibration with uncertainty: approximate Bayesian computation (ABC-SMC, pyabc) on
2021–2022, fitted to several patterns at once (pattern-oriented modelling).

Pattern-oriented modelling (Grimm et al. 2005, *Science* 310:987) fits a model to several
observed patterns at once, so that parameters one pattern cannot tell apart another can.
Here the patterns are, for 2021 and 2022 only (the start year 2020 is the initial state;
nothing after 2022 is read): each fitted state's budget level, its burden (milex/GDP), and
the Azerbaijan/Armenia spending ratio, all compared in logs (relative error), each pattern
group weighted equally. ABC-SMC (Toni et al. 2009; Beaumont et al. 2009; Del Moral et al.
2012) draws parameters from the priors, runs the model with a fresh seed for each, keeps
those whose patterns fall within a shrinking tolerance, and so yields a weighted sample
from the approximate posterior: parameter uncertainty and the model's own randomness
together. The sampler is pyabc (Klinger, Rickert and Hasenauer 2018; Schälte et al. 2022):
see docs/calibration.md for why.

Parameters are read and set by their override names (``Armenia.reaction``,
``fiscal_cost``) through :func:`model.scenario.loader.apply_overrides`, so nothing here
depends on the budget rule's internals.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from model.experiments.calibration import DATA, FIT_YEARS
from model.experiments.posterior import WEIGHT, weighted_quantile
from model.scenario.loader import apply_overrides
from model.scenario.parameters import Parameters

#: the rivals whose reaction and fatigue are fitted, and whose spending ratio is a pattern
PAIR = ("Azerbaijan", "Armenia")
#: prior ranges, declared once. Grievance is a share of the state's start-year budget
#: (USD bn/yr per USD bn spent); reaction (Richardson k) and fatigue (a) are per year.
GRIEVANCE_SHARE = (-0.5, 0.8)
REACTION = (0.0, 0.5)
FATIGUE = (0.0, 0.5)
#: the fiscal cost of the budget rule (Intriligator and Brito 1984), when the rule has one
FISCAL_COST = (0.0, 1.0)
#: posterior/prior 90%-interval width above which a parameter counts as not identified
NOT_IDENTIFIED = 0.75
WEAKLY_IDENTIFIED = 0.5


@dataclass(frozen=True)
class Prior:
    """A uniform prior on one override name."""

    name: str
    low: float
    high: float

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        tail = (1 - level) / 2 * (self.high - self.low)
        return self.low + tail, self.high - tail


def priors(sc, pair=PAIR) -> list[Prior]:
    """The priors: grievance of every state whose budget the region's rule sets;
    reaction and fatigue of the two rivals of ``pair``; the fiscal cost if the rule has
    one. Grievance's range scales with the state's start-year budget."""
    out = []
    for name, st in sc.states.items():
        if st.budget != "richardson":
            continue
        lo, hi = GRIEVANCE_SHARE
        out.append(Prior(f"{name}.grievance", lo * st.milex, hi * st.milex))
    for name in pair:
        if name in sc.states:
            out.append(Prior(f"{name}.reaction", *REACTION))
            out.append(Prior(f"{name}.fatigue", *FATIGUE))
    if "fiscal_cost" in Parameters.model_fields:
        out.append(Prior("fiscal_cost", *FISCAL_COST))
    return out


def fitted_states(sc) -> list[str]:
    return [n for n, st in sc.states.items() if st.budget == "richardson"]


def summaries(milex: np.ndarray, gdp: np.ndarray, names, states, pair=PAIR) -> dict:
    """The patterns, in logs: ``level`` and ``burden`` of each of ``states`` per fit year
    and the ``ratio`` of ``pair``'s budgets. ``milex``/``gdp``: years × ``names`` arrays."""
    milex, gdp = np.maximum(milex, 1e-9), np.maximum(gdp, 1e-9)
    out = {}
    for k, y in enumerate(FIT_YEARS):
        for s in states:
            i = names.index(s)
            out[f"level:{s}:{y}"] = float(np.log(milex[k, i]))
            out[f"burden:{s}:{y}"] = float(np.log(milex[k, i] / gdp[k, i]))
        if all(p in names for p in pair):
            a, b = (names.index(p) for p in pair)
            out[f"ratio:{y}"] = float(np.log(milex[k, a] / milex[k, b]))
    return out


def distance(x: dict, x0: dict) -> float:
    """Root mean square log error, each pattern group (level, burden, ratio) weighted
    equally: a mean square per group, then the mean over groups."""
    groups: dict[str, list[float]] = {}
    for key, obs in x0.items():
        groups.setdefault(key.split(":")[0], []).append((x[key] - obs) ** 2)
    return float(np.sqrt(np.mean([np.mean(v) for v in groups.values()])))


def observed_summaries(sc, path=DATA, pair=PAIR) -> dict:
    """The patterns of SIPRI's 2021–2022 budgets and GDP (no later year is read)."""
    df = pd.read_csv(path)
    df = df[df.year.isin(FIT_YEARS)]
    names = list(sc.states)
    from model.experiments.calibration import observed_targets

    milex = observed_targets(names, path)  # a clear error if a state's rows are missing
    gdp = df.pivot(index="year", columns="country", values="gdp_usd_bn").reindex(
        index=list(FIT_YEARS), columns=names).to_numpy(float)
    return summaries(milex, gdp, names, fitted_states(sc), pair)


def simulate(sc, overrides: dict, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Budgets and GDP (years of :data:`FIT_YEARS` × states) of one run."""
    from model.simulation.model import ArmsRaceModel

    run = apply_overrides(sc, overrides) if overrides else sc
    m = ArmsRaceModel(run, rng=int(seed), collect=False)
    milex, gdp = np.zeros((len(FIT_YEARS), len(sc.states))), np.zeros((len(FIT_YEARS),
                                                                         len(sc.states)))
    while m.year < max(FIT_YEARS):
        m.step()
        if m.year in FIT_YEARS:
            k = FIT_YEARS.index(m.year)
            milex[k], gdp[k] = m.world.milex, m.world.gdp
    return milex, gdp


@dataclass
class Result:
    """An ABC-SMC run: the posterior table and how it was reached."""

    posterior: pd.DataFrame        # one column per prior name, plus weight
    priors: list[Prior]
    observed: dict
    generations: int
    simulations: int
    epsilon: float

    @property
    def effective_size(self) -> float:
        """Kish's effective sample size of the weighted posterior, 1/Σw² (weights summing
        to 1): far below the population, a few particles carry the weight and the
        intervals are too narrow to trust."""
        w = self.posterior[WEIGHT].to_numpy()
        return float(1.0 / np.sum((w / w.sum()) ** 2))


def run_abc(sc, observed: dict | None = None, *, population: int = 200,
            generations: int = 10, seed: int = 0, workdir=None, pair=PAIR,
            max_simulations: int = 8000, transitions=None,
            prior_list: list[Prior] | None = None) -> Result:
    """ABC-SMC with pyabc, single-core and seeded (the same seed gives the same
    posterior); it stops after ``generations`` populations or once ``max_simulations``
    runs are spent, whichever comes first. The history database pyabc needs is a temporary sqlite file under
    ``workdir`` (a temporary folder if not given), deleted afterwards. ``transitions``:
    a pyabc transition kernel (default: its adaptive multivariate normal)."""
    import pyabc

    for name in ("ABC", "Sampler", "Epsilon", "Distance", "Acceptor", "Transitions"):
        logging.getLogger(f"ABC.{name}" if name != "ABC" else name).setLevel(logging.WARNING)
    pri = prior_list or priors(sc, pair)
    keys = {f"p{k}": p for k, p in enumerate(pri)}   # pyabc-safe keys for names like "X.y"
    states, names = fitted_states(sc), list(sc.states)
    observed = observed if observed is not None else observed_summaries(sc, pair=pair)

    def model(par):
        run_seed = int(np.random.randint(0, 2**31 - 1))  # from pyabc's seeded stream
        milex, gdp = simulate(sc, {p.name: float(par[k]) for k, p in keys.items()}, run_seed)
        return summaries(milex, gdp, names, states, pair)

    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", p.low, p.high - p.low)
                                  for k, p in keys.items()})
    np.random.seed(seed % 2**32)
    abc = pyabc.ABCSMC(model, prior, distance, population_size=population,
                       transitions=transitions,
                       sampler=pyabc.sampler.SingleCoreSampler(check_max_eval=False))
    with tempfile.TemporaryDirectory(dir=workdir, prefix="abc-") as tmp:
        abc.new("sqlite:///" + str(Path(tmp) / "abc.db"), observed)
        history = abc.run(max_nr_populations=generations,
                          max_total_nr_simulations=max_simulations)
        frame, weights = history.get_distribution()
        pops = history.get_all_populations()
        sims = int(history.total_nr_simulations)
        eps = float(pops.epsilon.iloc[-1])
        n_gen = int(history.max_t) + 1
        abc.history = None
    post = pd.DataFrame({p.name: frame[k].to_numpy(float) for k, p in keys.items()})
    post[WEIGHT] = np.asarray(weights, float) / np.sum(weights)
    return Result(post, pri, observed, n_gen, sims, eps)


def intervals(posterior: pd.DataFrame, pri: list[Prior], level: float = 0.9) -> pd.DataFrame:
    """Per parameter: prior and posterior median and ``level`` interval, the width ratio
    (posterior/prior) and whether the data identify it."""
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    w = posterior[WEIGHT].to_numpy()
    rows = []
    for p in pri:
        lo, med, hi = weighted_quantile(posterior[p.name], w, [lo_q, 0.5, hi_q])
        plo, phi = p.interval(level)
        ratio = (hi - lo) / (phi - plo)
        rows.append(dict(parameter=p.name, prior_low=plo, prior_high=phi, median=med,
                         low=lo, high=hi, width_ratio=ratio,
                         identified=("no" if ratio > NOT_IDENTIFIED else "weakly"
                                     if ratio > WEAKLY_IDENTIFIED else "yes")))
    return pd.DataFrame(rows)


def median_overrides(posterior: pd.DataFrame, pri: list[Prior]) -> dict:
    """The weighted posterior median of each parameter, as overrides."""
    w = posterior[WEIGHT].to_numpy()
    return {p.name: float(weighted_quantile(posterior[p.name], w, 0.5)[0]) for p in pri}


def fit_table(sc, overrides: dict, seeds=range(20), path=DATA,
              posterior: pd.DataFrame | None = None, draws: int = 100,
              seed: int = 0) -> pd.DataFrame:
    """Observed vs modelled budget per fitted state and fit year (in-sample: these years
    were fitted). ``model``: mean over ``seeds`` with ``overrides`` (the posterior median);
    ``error`` its relative error. With ``posterior``: the posterior predictive of ``draws``
    rows drawn by weight, one run each — its median and 90% band, and whether the observed
    value is ``inside`` it (parameter and stochastic uncertainty together)."""
    from model.experiments.calibration import observed_targets

    names = fitted_states(sc)
    all_names = list(sc.states)
    obs = observed_targets(all_names, path)
    mean = np.mean([simulate(sc, overrides, s)[0] for s in seeds], axis=0)
    pred = None
    if posterior is not None:
        rng = np.random.default_rng(seed)
        w = posterior[WEIGHT].to_numpy()
        rows_ = rng.choice(len(posterior), size=draws, p=w / w.sum())
        params = [c for c in posterior.columns if c != WEIGHT]
        pred = np.array([simulate(sc, {c: float(posterior[c].iloc[r]) for c in params},
                                  int(rng.integers(2**31)))[0] for r in rows_])
    rows = []
    for k, y in enumerate(FIT_YEARS):
        for n in names:
            i = all_names.index(n)
            o = float(obs[k, i])
            row = dict(state=n, year=y, observed=o, model=float(mean[k, i]),
                       error=float(mean[k, i] / o - 1))
            if pred is not None:
                lo, med, hi = np.quantile(pred[:, k, i], [0.05, 0.5, 0.95])
                row |= dict(predictive=float(med), low=float(lo), high=float(hi),
                            inside=bool(lo <= o <= hi))
            rows.append(row)
    return pd.DataFrame(rows)
