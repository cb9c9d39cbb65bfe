"""The scenario library: every scenario validates and runs, and every teaching claim holds.

Each scenario's ``teaching.claim`` is a precise, falsifiable statement about the model; the
test named for it in ``CLAIMS`` checks exactly that statement over many seeds (common seeds:
a scenario and the baseline it is compared with run on the same seeds). Numbers measured
when the claims were written are in each test's docstring, so a change in the model that
moves them shows up as a failing claim, not as a silently different lesson. Each claim
declares the mechanisms it rests on (``@rests_on``, tests/claims.py); tests/test_ablation.py
runs the same check with each of them switched off and asserts the claim then fails.
"""

from __future__ import annotations

import numpy as np
import pytest

from model import ArmsRaceModel, load_scenario
from model.scenario.mechanisms import MECHANISMS

from .claims import off_switches, rests_on
from .scenario_runs import HISTORY_END, SCENARIO_DIR, _run, mean, runs, scenario

SCENARIOS = sorted(SCENARIO_DIR.glob("*.yaml"))
BASELINE = SCENARIO_DIR / "baseline_2020.yaml"
TEACHING_FIELDS = ("summary", "concept", "objectives", "watch", "questions", "try_", "claim",
                   "references")


# --- every scenario: valid, complete, runnable ------------------------------------------------

def test_there_are_at_least_twelve_scenarios():
    assert len(SCENARIOS) >= 12, [p.name for p in SCENARIOS]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_scenario_validates(path):
    sc = load_scenario(path)
    assert sc.name and sc.states and sc.years >= 1


def _teaching_params():
    out = []
    for p in SCENARIOS:
        marks = ()
        if p == BASELINE and not load_scenario(p).teaching.claim:
            marks = pytest.mark.xfail(strict=False, reason=(
                "baseline_2020.yaml has no teaching.claim; its test is "
                "test_baseline_cst_failure_means_internal_balancing"))
        out.append(pytest.param(p, marks=marks, id=p.name))
    return out


@pytest.mark.parametrize("path", _teaching_params())
def test_scenario_has_a_full_teaching_block(path):
    t = load_scenario(path).teaching
    missing = [f for f in TEACHING_FIELDS if not getattr(t, f)]
    assert not missing, f"{path.name}: teaching block lacks {missing}"
    assert len(t.questions) >= 2 and len(t.try_) >= 2 and len(t.objectives) >= 2
    assert len(t.claim.split()) >= 15, "a claim should be a precise statement, not a slogan"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_scenario_runs_to_its_end(path):
    sc = load_scenario(path)
    m = ArmsRaceModel(sc, rng=0)
    m.run()
    df = m.frame()
    assert m.year == sc.start_year + sc.years
    assert sorted(df.year.unique()) == list(range(sc.start_year, sc.start_year + sc.years + 1))
    assert len(df) == (sc.years + 1) * len(sc.states)
    assert np.isfinite(df.milex).all() and (df.milex >= 0).all()
    assert (df.milex <= df.gdp + 1e-9).all()


def test_every_claim_has_a_named_test():
    for path in SCENARIOS:
        if load_scenario(path).teaching.claim:
            assert path.name in CLAIMS, f"{path.name}: no test registered for its claim"
            fn = CLAIMS[path.name]
            assert fn.__name__.startswith("test_") and globals()[fn.__name__] is fn


# --- baseline 2020 ----------------------------------------------------------------------------

@rests_on("commitments", holds_without=("alliance_cover", "hedging"), label="baseline_2020.yaml")
def test_baseline_cst_failure_means_internal_balancing(off=()):
    """Claim (Waltz 1979; Leeds 2003): because the CSTO did not honour its commitments in 2021
    and 2022, Armenia's mean 2025 spending is higher than in the same history with Russia
    honouring them (same seeds), and its trust in Russia (the tie's reliability) in 2025 is
    at least 0.25 lower. Measured (60 seeds, 2 Dec 2026): 1.0864 vs 1.0830 USD bn (a small
    margin); 0.31 vs 0.65. (Before the fiscal cost: 1.186 vs 1.180; 0.385 vs 0.757.) The
    spending part runs through two channels, either enough on its own: less allied cover
    (Waltz) and hedging toward new partners (with cover off 1.2691 vs 1.2673, with hedging off
    1.0994 vs 1.0837, with both off 1.2672 vs 1.2672); the trust part is the commitments
    mechanism's alone."""
    base = scenario("baseline_2020.yaml")
    honoured = base.model_copy(update={"events": [
        e.model_copy(update={"honoured": True}) if e.kind == "alliance_test" else e
        for e in base.events]})
    spend, trust = {}, {}
    for name, sc in (("failed", base), ("honoured", honoured)):
        s, r = [], []
        for seed in range(60):
            m = ArmsRaceModel(sc, rng=seed, collect=False, mechanisms=off_switches(off))
            m.run(2025 - m.year)
            s.append(m.states["Armenia"].milex)
            r.append(m.world.reliability[m.world.index("Armenia"), m.world.index("Russia")])
        spend[name], trust[name] = mean(s), mean(r)
    assert spend["failed"] > spend["honoured"], spend
    assert trust["failed"] < trust["honoured"] - 0.25, trust


# --- status quo 2025 ------------------------------------------------------------------------

def test_status_quo_2025_starts_on_the_baseline_path():
    """The 2025 budgets of status_quo_2025.yaml are the baseline model's own 2025 path (no
    post-2022 data): they must stay within 15% of the baseline's 2025 mean."""
    sq = scenario("status_quo_2025.yaml")
    base = runs("baseline_2020.yaml", 40)
    for name, st in sq.states.items():
        model_2025 = mean(r.at("milex", name, 2025) for r in base)
        assert st.milex == pytest.approx(model_2025, rel=0.15), name


@rests_on("spiral", label="status_quo_2025.yaml")
def test_status_quo_2025_spiral_outlasts_the_peace_text(off=()):
    """Claim: with no new events after 2025 the rivalry does not wind down. Armenia and
    Azerbaijan both spend more in 2035 than in 2025 (USD; their burdens fall as their
    economies grow, under the fiscal cost), >= 4 runs in 5 have an Armenia-Azerbaijan crisis
    in 2026-2035, and the spiral keeps each side's belief that the other is hostile >= 0.05
    above what the peace text's tie implies (the same runs with the spiral off). Rewritten
    after issue 14's fiscal cost: the old claim (burdens do not fall) no longer holds —
    measured (60 seeds): burden ARM 4.9% -> 4.1%, AZE 5.2% -> 4.6%; spending ARM 1.09 ->
    1.71, AZE 4.39 -> 5.40; crisis in 97% of runs; beliefs ARM->AZE 0.75, AZE->ARM 0.79 vs
    0.65 / 0.65 with the spiral off (spending 1.70 / 5.37: the spiral is not what raises it)."""
    rs = runs("status_quo_2025.yaml", 60, off=off)
    calm = runs("status_quo_2025.yaml", 60, off=tuple({*off, "spiral"}))
    for state in ("Armenia", "Azerbaijan"):
        m0 = mean(r.at("milex", state, 2025) for r in rs)
        m1 = mean(r.at("milex", state, 2035) for r in rs)
        assert m1 > m0, (state, m0, m1)
    with_crisis = mean(r.count("crisis", "Armenia", "Azerbaijan") > 0 for r in rs)
    assert with_crisis >= 0.8, with_crisis
    for a, b in (("Armenia", "Azerbaijan"), ("Azerbaijan", "Armenia")):
        spiral = mean(r.belief_of(a, b, 2035) for r in rs)
        ties = mean(r.belief_of(a, b, 2035) for r in calm)
        assert spiral >= ties + 0.05, (a, b, spiral, ties)


# --- Russia disengages --------------------------------------------------------------------

@rests_on(holds_without=("commitments",), label="russia_disengages.yaml")
def test_russia_exit_changes_little_once_trust_is_gone(off=()):
    """ARITHMETIC, NOT YET REWRITTEN (issue 13): this null claim also holds with commitments
    off, so it does not show that the CSTO's broken commitments emptied the alliance; a
    rewrite would compare the exit's effect after the failed and after an honoured 2021-22.
    Claim: Russia's 2026 exit moves Armenia's and Azerbaijan's mean 2035 spending by < 5%
    and the share of runs with an Armenia-Azerbaijan war in 2026-2035 by < 5 points.
    Measured (60 seeds, 2 Dec 2026): ARM 1.73 vs 1.67; war share 0.08 vs 0.08. The rewrite's
    comparison, measured: the exit adds +0.064 after the failed 2021-22 and +0.024 after an
    honoured one — the opposite of the teaching text's reading, so the claim stays a null."""
    n = 60
    exit_, base = runs("russia_disengages.yaml", n, off=off), runs("baseline_2020.yaml", n, off=off)
    for state in ("Armenia", "Azerbaijan"):
        a = mean(r.at("milex", state, 2035) for r in exit_)
        b = mean(r.at("milex", state, 2035) for r in base)
        assert abs(a / b - 1) < 0.05, (state, a, b)
    wa = mean(r.count("war", "Armenia", "Azerbaijan") > 0 for r in exit_)
    wb = mean(r.count("war", "Armenia", "Azerbaijan") > 0 for r in base)
    assert abs(wa - wb) < 0.05, (wa, wb)


# --- Western and Indian arms surge ------------------------------------------------------------

@rests_on("spiral", label="arms_surge_armenia.yaml")
def test_arms_surge_narrows_the_gap_and_azerbaijan_answers(off=()):
    """Claim: with the surge, Armenia's share of the pair's capability in 2030 is >= 5 points
    higher than in the baseline; Azerbaijan answers with money (its 2030 spending is higher:
    Richardson's reaction, kept small by the fiscal cost) and above all with fear: its 2030
    belief that Armenia is hostile is >= 0.10 higher. Rewritten after issue 14: Azerbaijan is
    no longer at its cap, so it does answer with money. Measured (40 seeds): share 0.217 ->
    0.338; AZE spending 4.92 -> 5.04; belief 0.755 -> 0.924 (with the spiral off: 0.636 ->
    0.669)."""
    n = 40
    surge, base = runs("arms_surge_armenia.yaml", n, off=off), runs("baseline_2020.yaml", n, off=off)
    s1 = mean(r.share("Armenia", "Azerbaijan", 2030) for r in surge)
    s0 = mean(r.share("Armenia", "Azerbaijan", 2030) for r in base)
    assert s1 >= s0 + 0.05, (s0, s1)
    m1 = mean(r.at("milex", "Azerbaijan", 2030) for r in surge)
    m0 = mean(r.at("milex", "Azerbaijan", 2030) for r in base)
    assert m1 > m0, (m0, m1)
    b1 = mean(r.belief_of("Azerbaijan", "Armenia", 2030) for r in surge)
    b0 = mean(r.belief_of("Azerbaijan", "Armenia", 2030) for r in base)
    assert b1 >= b0 + 0.10, (b0, b1)


# --- Turkey invokes the Shusha clause ----------------------------------------------------------

@rests_on("commitments", holds_without=("proximity",), label="turkey_shusha_clause.yaml")
def test_shusha_clause_makes_turkey_a_larger_threat_to_armenia(off=()):
    """Claim: once Turkey honours the clause and brings forces to bear (2027), Azerbaijan's
    trust in Turkey (the tie's reliability) in 2028 is >= 0.01 higher than the baseline's
    (Leeds: an honoured call is proof of reliability), Turkey's share of Armenia's perceived
    threat in 2028 is >= 2x the baseline's, and Armenia's net threat >= 1.25x.
    Partly rewritten (issue 13): the threat parts hold with every switch off — Turkey's
    regional focus goes 0.1 -> 0.3, so its weight on Armenia rises in proportion, the issue's
    example of arithmetic; the trust part is what the commitments mechanism alone produces.
    Measured (40 seeds): trust 0.912 -> 0.932 (0.9117 -> 0.9119 with commitments off);
    share 0.23 -> 0.50; net threat 4.56 -> 7.13; trust 0.913 -> 0.933 (2 Dec 2026)."""
    n = 40
    sh, base = runs("turkey_shusha_clause.yaml", n, off=off), runs("baseline_2020.yaml", n, off=off)

    def turkey_share(r):
        return r.threat_from("Armenia", "Turkey", 2028) / r.at("net_threat", "Armenia", 2028)

    t1, t0 = mean(map(turkey_share, sh)), mean(map(turkey_share, base))
    assert t1 >= 2 * t0, (t0, t1)
    n1 = mean(r.at("net_threat", "Armenia", 2028) for r in sh)
    n0 = mean(r.at("net_threat", "Armenia", 2028) for r in base)
    assert n1 >= 1.25 * n0, (n0, n1)
    trust = {}
    for name in ("baseline_2020.yaml", "turkey_shusha_clause.yaml"):
        r = []
        for seed in range(n):
            m = ArmsRaceModel(scenario(name), rng=seed, collect=False,
                              mechanisms=off_switches(off))
            m.run(2028 - m.year)
            r.append(m.world.reliability[m.world.index("Azerbaijan"), m.world.index("Turkey")])
        trust[name] = mean(r)
    assert trust["turkey_shusha_clause.yaml"] >= trust["baseline_2020.yaml"] + 0.01, trust


# --- peace treaty with and without guarantees (Fearon) -------------------------------------------

PEACE_SEEDS = 100


def _war_share(rs, a="Armenia", b="Azerbaijan", y0=HISTORY_END + 1, y1=10_000):
    return mean(r.count("war", a, b, y0, y1) > 0 for r in rs)


@rests_on("spiral", holds_without=("commitments", "alliance_cover", "private_information",
                                    "power_shift"), label="peace_treaty_guaranteed.yaml")
def test_guaranteed_treaty_at_most_halves_war_and_cuts_crises(off=()):
    """NOT A MECHANISM'S FINDING YET (issue 13): the guarantee is a parameter that damps
    crises and widens the bargaining range directly (crises.py), not Fearon's third-party
    enforcement as a mechanism, so the claim holds with the guarantors' commitments or cover
    off and with either cause of war off (seeds 0-99: 0.06 vs 0.36 without private
    information, 0.02 vs 0.08 without the power shift, 0 vs 0 with both off). It fails only
    with the spiral off, because wars then become too rare to halve (0.01 vs 0.01).
    Claim: with US and French guarantees, the share of runs with an Armenia-Azerbaijan war
    in 2026-2035 is at most half the unguaranteed treaty's, with fewer crises.
    Measured (seeds 0-99, 2 Dec 2026): war share 0.08 vs 0.43; crises 1.49 vs 3.15."""
    g = runs("peace_treaty_guaranteed.yaml", PEACE_SEEDS, off=off)
    u = runs("peace_treaty_unguaranteed.yaml", PEACE_SEEDS, off=off)
    assert _war_share(g) <= 0.5 * _war_share(u), (_war_share(g), _war_share(u))
    cg = mean(r.count("crisis", "Armenia", "Azerbaijan") for r in g)
    cu = mean(r.count("crisis", "Armenia", "Azerbaijan") for r in u)
    assert cg < cu, (cg, cu)


@rests_on("spiral", holds_without=("power_shift", "private_information"),
          label="peace_treaty_unguaranteed.yaml")
def test_unguaranteed_treaty_leaves_war_possible_while_power_shifts(off=()):
    """Claim: without guarantees, >= 5% of runs see an Armenia-Azerbaijan war in 2026-2035,
    at least twice the share under the guaranteed treaty. Measured (seeds 0-99, 2 Dec 2026,
    war from the declining side and mutual optimism): 0.43 vs 0.08 (it was 0.16 vs 0.06).
    Either of Fearon's causes suffices on its own (power shift off: 0.08 vs 0.02; private
    information off: 0.36 vs 0.06); with both off there is no war (0 vs 0), and with the
    spiral off hardly any (0.01 vs 0.01): the war the treaty leaves possible needs the
    spiral's hostility and at least one bargaining failure."""
    g = runs("peace_treaty_guaranteed.yaml", PEACE_SEEDS, off=off)
    u = runs("peace_treaty_unguaranteed.yaml", PEACE_SEEDS, off=off)
    assert _war_share(u) >= 0.05, _war_share(u)
    assert _war_share(u) >= 2 * _war_share(g), (_war_share(u), _war_share(g))


# --- offence dominance (Jervis) -------------------------------------------------------------------

@rests_on("offence_defence", label="offence_dominance.yaml")
def test_offence_dominance_brings_more_crises_and_wars(off=()):
    """Claim: with offence dominant from 2026, >= 30% more crises in 2026-2035 (all pairs) and
    >= 50% more wars. Measured (seeds 0-99, 2 Dec 2026): crises 13.6 vs 7.9; wars 0.87 vs
    0.28. Wars cluster (a war hardens beliefs), so the ratio is noisy (earlier blocks of 100
    seeds: 1.9-3.4)."""
    n = 100
    od, base = runs("offence_dominance.yaml", n, off=off), runs("baseline_2020.yaml", n, off=off)
    c1, c0 = mean(r.count("crisis") for r in od), mean(r.count("crisis") for r in base)
    assert c1 >= 1.3 * c0, (c0, c1)
    w1, w0 = mean(r.count("war") for r in od), mean(r.count("war") for r in base)
    assert w1 >= 1.5 * w0, (w0, w1)


# --- confidence-building and transparency ------------------------------------------------------------

@rests_on("spiral", holds_without=("signalling",), label="confidence_building.yaml")
def test_confidence_building_lowers_spending_and_halves_crises(off=()):
    """Claim (the mitigation check of docs/model.md's patterns): with the measures, Armenia's +
    Azerbaijan's 2035 spending is lower than the baseline's and their crises in 2026-2035 at
    most half; and the measures avert at least 1.15x as many of those crises as in the same two
    worlds with the spiral off (reassurance works partly by interrupting the spiral; Kydd
    2005). Rewritten (issue 13): the first two parts held with the spiral off and with
    distinguishability neutral (reassurance lowers beliefs directly). Measured (40 seeds,
    after issue 14's fiscal cost): 6.18 vs 7.13 USD bn; crises 0.15 vs 3.12; averted 2.97
    with the spiral vs 2.31 without (1.29x; it was 2.65 vs 1.30 when budgets sat at the cap,
    where the spiral could move crises but not money)."""
    n = 40
    cbm, base = runs("confidence_building.yaml", n, off=off), runs("baseline_2020.yaml", n, off=off)

    def pair_spending(r):
        return r.at("milex", "Armenia", 2035) + r.at("milex", "Azerbaijan", 2035)

    assert mean(map(pair_spending, cbm)) < mean(map(pair_spending, base))
    def crises(rs):
        return mean(r.count("crisis", "Armenia", "Azerbaijan") for r in rs)

    c1, c0 = crises(cbm), crises(base)
    assert c1 <= 0.5 * c0, (c0, c1)
    no_spiral = tuple(sorted({*off, "spiral"}))
    averted_without = (crises(runs("baseline_2020.yaml", n, off=no_spiral))
                       - crises(runs("confidence_building.yaml", n, off=no_spiral)))
    assert c0 - c1 >= 1.15 * averted_without, (c0 - c1, averted_without)


# --- preventive-war window (Fearon, Powell) -------------------------------------------------------------

@rests_on("power_shift", label="preventive_war_window.yaml")
def test_preventive_war_risk_rises_with_the_size_of_the_shift(off=()):
    """Claim: the share of runs with an Armenia-Azerbaijan war in 2026-2030 is >= 2x the
    baseline's, and with every deal halved it lies between the two. Measured (150 seeds):
    baseline 0.04, half 0.37, full 0.58 (2 Dec 2026; it was 0.05 / 0.13 / 0.27 when a
    rising side could strike too: now Azerbaijan, whose share declines, starts 26 of 29 wars)."""
    n, years = 150, 2030 - 2020
    full = scenario("preventive_war_window.yaml")
    half = full.model_copy(update={"events": [
        e.model_copy(update={"value": e.value / 2, "quality": e.quality / 2})
        if e.kind == "arms_deal" and e.year > HISTORY_END else e for e in full.events]})
    share = {
        "baseline": _war_share(runs("baseline_2020.yaml", n, years, off=off), y1=2030),
        "half": _war_share(runs(half, n, years, key="preventive_half", off=off), y1=2030),
        "full": _war_share(runs(full, n, years, key="preventive_full", off=off), y1=2030),
    }
    assert share["full"] >= 2 * share["baseline"], share
    assert share["baseline"] <= share["half"] <= share["full"], share


# --- Iran steps in --------------------------------------------------------------------------------------

@rests_on("commitments", label="iran_steps_in.yaml")
def test_iran_commitment_moves_the_conflict(off=()):
    """Claim: with Iran committed to Armenia, Iran is called to Armenia's side (a commitment
    invoked, honoured or broken) in 2026-2035 in at least half the runs (chain-ganging; Leeds
    2003), Azerbaijan's perceived threat from Iran in 2035 is >= 1.5x the baseline's and Iran
    and Azerbaijan have more crises in 2026-2035. Partly rewritten (issue 13): the threat and
    crisis parts hold with commitments off (the event's new tie and Iran's focus 0.3 -> 0.5:
    arithmetic); the invocation part is what only the commitments mechanism produces
    (0% of runs with commitments off). Measured (seeds 0-99, 2 Dec 2026): called in 89% of
    runs; threat 2.88 -> 5.26; crises 2.56 -> 2.73. The Armenia-Azerbaijan war share does
    not fall (0.06 -> 0.07): no deterrence, see the summary."""
    n = 100
    iran, base = runs("iran_steps_in.yaml", n, off=off), runs("baseline_2020.yaml", n, off=off)
    t1 = mean(r.threat_from("Azerbaijan", "Iran", 2035) for r in iran)
    t0 = mean(r.threat_from("Azerbaijan", "Iran", 2035) for r in base)
    assert t1 >= 1.5 * t0, (t0, t1)
    c1 = mean(r.count("crisis", "Iran", "Azerbaijan") for r in iran)
    c0 = mean(r.count("crisis", "Iran", "Azerbaijan") for r in base)
    assert c1 > c0, (c0, c1)
    called = mean(any(k in ("commitment_honoured", "commitment_broken") and "Iran" in actors
                      and y > HISTORY_END for y, k, actors in r.events) for r in iran)
    assert called >= 0.5, called


# --- oil-price shock ---------------------------------------------------------------------------------------

@rests_on("spiral", label="oil_shock_azerbaijan.yaml")
def test_oil_shock_runs_the_spiral_in_reverse(off=()):
    """Claim: after the shock, Azerbaijan's mean 2030 spending is >= 30% below the baseline's
    and Armenia's >= 5% below, and Armenia's 2030 belief that Azerbaijan is hostile is >= 0.01
    lower: the spiral runs in reverse. Rewritten (issue 13): the spending cuts alone held with
    the spiral off (they are the GDP shock and Richardson's reaction); the belief part is what
    only the spiral does. Measured (40 seeds, after issue 14: the spiral reads real arming):
    AZE 3.20 vs 4.92; ARM 1.15 vs 1.38; belief 0.698 vs 0.719 (0.636 vs 0.636 with the spiral
    off). It was 0.745 vs 0.806 when nominal growth read as hostility."""
    n = 40
    oil, base = runs("oil_shock_azerbaijan.yaml", n, off=off), runs("baseline_2020.yaml", n, off=off)
    for state, cut in (("Azerbaijan", 0.30), ("Armenia", 0.05)):
        a = mean(r.at("milex", state, 2030) for r in oil)
        b = mean(r.at("milex", state, 2030) for r in base)
        assert a <= (1 - cut) * b, (state, a, b)
    fear1 = mean(r.belief_of("Armenia", "Azerbaijan", 2030) for r in oil)
    fear0 = mean(r.belief_of("Armenia", "Azerbaijan", 2030) for r in base)
    assert fear1 <= fear0 - 0.01, (fear0, fear1)


# --- Richardson, pure theory ----------------------------------------------------------------------------

def _richardson_arrays(sc):
    names = list(sc.states)
    k = np.array([sc.states[n].reaction for n in names])
    a = np.array([sc.states[n].fatigue for n in names])
    g = np.array([sc.states[n].grievance for n in names])
    cap = np.array([sc.states[n].max_burden * sc.states[n].gdp for n in names])
    w = np.zeros((len(names), len(names)))
    for t in sc.ties:
        i, j = names.index(t.a), names.index(t.b)
        w[i, j] = w[j, i] = max(-t.strength, 0.0)
    m0 = np.array([sc.states[n].milex for n in names])
    return k, a, g, cap, w, m0


def _recursion(sc, years):
    k, a, g, cap, w, m = _richardson_arrays(sc)
    path = [m]
    for _ in range(years):
        m = np.clip(m + k * (w @ m) - a * m + g, 0.0, cap)
        path.append(m)
    return np.array(path)


@rests_on(holds_without=MECHANISMS, label="richardson_stable.yaml")
def test_richardson_stable_is_the_recursion_and_converges(off=()):
    """Claim: every year equals m(t+1) = m(t) + K W m(t) - A m(t) + g to 1e-9 in every seed, and
    by year 50 both budgets are within 1% of (A - K W)^-1 g = (8, 7)."""
    sc = scenario("richardson_stable.yaml")
    k, a, g, _, w, _ = _richardson_arrays(sc)
    expected = _recursion(sc, sc.years)
    for seed in range(5):
        assert np.allclose(_run(sc, seed, None, {}, off).milex, expected, rtol=0, atol=1e-9)
    equilibrium = np.linalg.solve(np.diag(a) - np.diag(k) @ w, g)
    assert equilibrium == pytest.approx([8.0, 7.0])
    assert expected[-1] == pytest.approx(equilibrium, rel=0.01)


@rests_on(holds_without=MECHANISMS, label="richardson_unstable.yaml")
def test_richardson_unstable_runs_away_to_the_cap(off=()):
    """Claim: both budgets grow every year until they reach their cap of 50 and stay there;
    until the cap their sum follows T(t+1) = 1.2 T(t) + 1.5 exactly (largest eigenvalue of
    I - A + K W; the two grievances)."""
    sc = scenario("richardson_unstable.yaml")
    k, a, g, cap, w, _ = _richardson_arrays(sc)
    run = _run(sc, 0, None, {}, off)
    m = run.milex
    assert np.allclose(m, _recursion(sc, sc.years), rtol=0, atol=1e-9)
    assert np.allclose(m[-1], cap)
    for i in range(m.shape[1]):
        capped = np.flatnonzero(np.isclose(m[:, i], cap[i]))
        first = capped[0]
        assert (np.diff(m[: first + 1, i]) > 0).all()      # grows every year until the cap
        assert np.allclose(m[first:, i], cap[i])            # and stays there
    lam = max(abs(np.linalg.eigvals(np.eye(2) - np.diag(a) + np.diag(k) @ w)))
    assert lam == pytest.approx(1.2)
    total = m.sum(axis=1)
    free = np.flatnonzero((m[1:] < cap - 1e-9).all(axis=1))  # steps that end below both caps
    assert free.size >= 5
    assert np.allclose(total[free + 1], lam * total[free] + g.sum(), rtol=0, atol=1e-9)


# --- another region: India, China, Pakistan ---------------------------------------------------------------

def test_india_china_is_built_from_its_own_data():
    """The other region uses its own data file (SIPRI fact sheets), not the Caucasus figures,
    and its fitted grievances reproduce 2021-2022 within 10% for India, China and the US."""
    import pandas as pd

    from model.experiments.calibration import mean_path

    sc = scenario("india_china_2020.yaml")
    data = pd.read_csv(SCENARIO_DIR / "data" / "india_china.csv")
    obs = data.pivot(index="country", columns="year", values="milex_usd_bn")
    assert set(sc.states) == set(obs.index)
    for name, st in sc.states.items():
        assert st.milex == pytest.approx(obs.loc[name, 2020])
    names = list(sc.states)
    path = mean_path(sc, [sc.states[n].grievance for n in names], range(10))
    for k, year in enumerate((2021, 2022)):
        for name in ("India", "China", "United States"):
            assert path[k, names.index(name)] == pytest.approx(obs.loc[name, year], rel=0.10)


@rests_on(holds_without=("proximity",), label="india_china_2020.yaml")
def test_india_china_threat_chain(off=()):
    """NOT YET REWRITTEN (issue 13): it holds with proximity off; the chain is hostility and
    Richardson's reaction, which have no switch.
    Claim: in every run and year Pakistan's top threat is India and India's is China; and
    raising China's grievance by 20% raises India's mean 2035 spending by >= 1% and
    Pakistan's as well, on the same seeds. Measured (30 seeds, after issue 14's fiscal cost
    and refit): China 483 -> 525; India 143.3 -> 145.5 (+1.5%), Pakistan 16.13 -> 16.16
    (+0.2%). It was +6.1% / +2.7% before the fiscal cost damped reactions at high burden."""
    n = 30
    sc = scenario("india_china_2020.yaml")
    base = runs("india_china_2020.yaml", n, off=off)
    for r in base:
        names = r.names
        assert (r.top[:, names.index("Pakistan")] == names.index("India")).all()
        assert (r.top[:, names.index("India")] == names.index("China")).all()
    g = sc.states["China"].grievance
    push = runs("india_china_2020.yaml", n, **{"China.grievance": 1.2 * g}, off=off)
    for state, rise in (("India", 0.01), ("Pakistan", 0.0)):
        a = mean(r.at("milex", state, 2035) for r in push)
        b = mean(r.at("milex", state, 2035) for r in base)
        assert a > (1 + rise) * b, (state, a, b)


#: scenario file → the test of its teaching claim
CLAIMS = {
    "baseline_2020.yaml": test_baseline_cst_failure_means_internal_balancing,
    "status_quo_2025.yaml": test_status_quo_2025_spiral_outlasts_the_peace_text,
    "russia_disengages.yaml": test_russia_exit_changes_little_once_trust_is_gone,
    "arms_surge_armenia.yaml": test_arms_surge_narrows_the_gap_and_azerbaijan_answers,
    "turkey_shusha_clause.yaml": test_shusha_clause_makes_turkey_a_larger_threat_to_armenia,
    "peace_treaty_guaranteed.yaml": test_guaranteed_treaty_at_most_halves_war_and_cuts_crises,
    "peace_treaty_unguaranteed.yaml": test_unguaranteed_treaty_leaves_war_possible_while_power_shifts,
    "offence_dominance.yaml": test_offence_dominance_brings_more_crises_and_wars,
    "confidence_building.yaml": test_confidence_building_lowers_spending_and_halves_crises,
    "preventive_war_window.yaml": test_preventive_war_risk_rises_with_the_size_of_the_shift,
    "iran_steps_in.yaml": test_iran_commitment_moves_the_conflict,
    "oil_shock_azerbaijan.yaml": test_oil_shock_runs_the_spiral_in_reverse,
    "richardson_stable.yaml": test_richardson_stable_is_the_recursion_and_converges,
    "richardson_unstable.yaml": test_richardson_unstable_runs_away_to_the_cap,
    "india_china_2020.yaml": test_india_china_threat_chain,
}
