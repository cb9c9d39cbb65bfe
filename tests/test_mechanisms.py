"""Mechanism switches (model/scenario/mechanisms.py): each switched-off mechanism runs its
stated neutral version, all switches on is the model as it was, and every way of giving a
switch (YAML, keyword, ``--set``, ``--off``, a sweep's grid) works or fails clearly."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model import ArmsRaceModel, ScenarioError
from model.cli.main import main
from model.experiments.batch import read_results, run_sweep
from model.experiments.sweep import load_sweep
from model.scenario.input_errors import SweepError
from model.scenario.loader import apply_overrides, load_scenario
from model.scenario.mechanisms import MECHANISMS, NEUTRAL_DISTINGUISHABILITY, Mechanisms, table
from model.simulation import dynamics as dyn
from model.simulation.diplomacy import arms_offers
from tests.worlds import client_ally_rival, dyad

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"


def run(scenario=BASELINE, seed=1, years=None, **kw) -> ArmsRaceModel:
    m = ArmsRaceModel(scenario, rng=seed, **kw)
    m.run(years)
    return m


def quiet_baseline(**parameters):
    """The baseline without its scheduled history: no events, and no crises unless asked."""
    sc = load_scenario(BASELINE)
    return apply_overrides(sc.model_copy(update={"events": []}), parameters)


def same(a, b) -> bool:
    return a.frame().equals(b.frame())


# --- the declaration ------------------------------------------------------------------------

def test_the_issue_s_eleven_mechanisms_are_declared_with_theory_and_neutral_version():
    assert set(MECHANISMS) >= {"spiral", "offence_defence", "signalling", "proximity",
                               "alliance_cover", "commitments", "power_shift",
                               "private_information", "arms_trade", "alignment",
                               "guns_vs_butter"}
    for name, f in Mechanisms.model_fields.items():
        assert f.default is True and f.description and f.json_schema_extra["neutral"], name
        assert any(c.isdigit() for c in f.description) or "guns" in name, name  # a source


def test_the_docs_table_is_generated_from_the_declaration():
    odd = (ROOT / "docs" / "model.md").read_text()
    assert "Mechanism switches" in odd
    assert table() in odd, ("docs/model.md's mechanism table is stale: paste the output of "
                            "`.venv/bin/python -m model.scenario.mechanisms`")


# --- all on is the model as it was ----------------------------------------------------------

@pytest.mark.parametrize("path", [BASELINE, ROOT / "scenarios" / "confidence_building.yaml"])
def test_all_switches_on_give_the_same_table_as_no_mechanisms_key(path):
    plain = load_scenario(path)
    assert "mechanisms" not in Path(path).read_text()
    explicit = apply_overrides(plain, {f"mechanisms.{n}": True for n in MECHANISMS})
    for seed in (1, 7):
        assert same(run(plain, seed), run(explicit, seed))
        assert same(run(plain, seed), run(plain, seed, mechanisms={n: True for n in MECHANISMS}))


# --- each neutral version ---------------------------------------------------------------------

def test_spiral_off_beliefs_are_what_the_ties_imply():
    off = run(years=10, mechanisms={"spiral": False})
    w, cbm = off.world, off.params.confidence_building
    assert np.array_equal(w.belief, dyn.tie_hostility(w.strength) * (1.0 - 0.5 * cbm))
    on = run(years=10).world
    assert np.max(on.belief - dyn.tie_hostility(on.strength)) > 0.05  # the spiral raised some


def test_offence_defence_off_is_a_neutral_balance_everywhere():
    sc = dyad(offense_defense_balance=2.0, crisis_rate=1.0, years=15)
    off = run(sc, mechanisms={"offence_defence": False})
    assert off.offense_defense_balance == 1.0
    assert same(off, run(apply_overrides(sc, {"offense_defense_balance": 1.0})))
    assert not same(run(sc), off)


def test_signalling_off_makes_distinguishability_inert():
    off = {"signalling": False}
    low, high = run(distinguishability=0.1, mechanisms=off), run(distinguishability=0.9,
                                                                   mechanisms=off)
    assert low.distinguishability == high.distinguishability == NEUTRAL_DISTINGUISHABILITY
    assert same(low, high)
    assert same(low, run(distinguishability=NEUTRAL_DISTINGUISHABILITY))
    assert not same(run(distinguishability=0.1), run(distinguishability=0.9))


def test_proximity_off_makes_all_pairs_equally_near():
    off = ArmsRaceModel(BASELINE, rng=1, mechanisms={"proximity": False}).world.prox
    n = off.shape[0]
    assert np.array_equal(off, 1.0 - np.eye(n))
    assert ArmsRaceModel(BASELINE, rng=1).world.prox[~np.eye(n, dtype=bool)].min() < 0.5


def test_alliance_cover_off_leaves_the_whole_threat_to_the_client():
    sc = client_ally_rival()
    on = ArmsRaceModel(sc, rng=1)
    off = ArmsRaceModel(sc, rng=1, mechanisms={"alliance_cover": False})
    c, r = off.world.index("Client"), off.world.index("Rival")
    w = off.world
    bare = dyn.threat_weights(dyn.perceived_hostility(w.belief, off.params.media_amplification),
                              w.prox, w.regional_focus, off.offense_defense_balance, 0.0)
    assert np.array_equal(off.world.weights, bare)
    assert off.world.weights[c, r] > on.world.weights[c, r] > 0


def test_commitments_off_invokes_none_in_crises_or_scheduled_tests():
    invoked = 0
    for seed in range(4):
        off = run(seed=seed, mechanisms={"commitments": False})
        f = off.frame()
        assert off.counts["commitments_invoked"] == off.counts["commitments_honoured"] == 0
        assert f.commitments_invoked.max() == 0 and off.counts["crises"] > 0
        assert not [e for e in off.chronicle if e.kind.startswith("commitment")]
        invoked += run(seed=seed).counts["commitments_invoked"]
    assert invoked > 0


def _wars(sc, seeds=range(20), **kw) -> int:
    return sum(run(sc, seed=s, **kw).counts["wars"] for s in seeds)


def test_power_shift_off_removes_preventive_war():
    # a dyad whose only cause of war is shifting power: one side arms, no private information
    sc = dyad(strength=-0.9, grievance=(1.0, 0.0), information_war_risk=0.0, crisis_rate=1.0,
              years=20)
    assert _wars(sc) > 0
    assert _wars(sc, mechanisms={"power_shift": False}) == 0


def test_private_information_off_removes_war_from_uncertainty():
    # equal, unchanging states: the only cause of war is private information
    sc = dyad(strength=-0.9, information_war_risk=1.0, transparency=0.0, war_sensitivity=0.0,
              crisis_rate=1.0, years=20)
    assert _wars(sc, seeds=range(5)) > 0
    assert _wars(sc, seeds=range(5), mechanisms={"private_information": False}) == 0


def test_arms_trade_off_no_endogenous_flow_but_scheduled_deals_deliver():
    sc = quiet_baseline()
    off = ArmsRaceModel(sc, rng=1, mechanisms={"arms_trade": False})
    on = ArmsRaceModel(sc, rng=1)
    flows = []
    for _ in range(5):
        off.step()
        on.step()
        assert not off.world.arms_flow.any() and not off.world.arms_received.any()
        flows.append(on.world.arms_flow.sum())
    assert min(flows) > 0
    assert arms_offers(off, "Armenia") == {} and arms_offers(on, "Armenia") != {}
    # deals the scenario schedules are history, not the mechanism: they still deliver
    deals = run(years=5, mechanisms={"arms_trade": False})
    assert deals.world.arms_flow.sum() > 0


def test_alignment_off_ties_stay_on_their_anchors():
    sc = quiet_baseline(crisis_rate=0.0)
    off = run(sc, years=10, mechanisms={"alignment": False}).world
    assert np.array_equal(off.strength, off.anchor)
    on = run(sc, years=10).world
    assert np.abs(on.strength - on.anchor).max() > 0.01


def test_guns_vs_butter_off_gdp_grows_at_trend():
    """With the drag off GDP grows at its trend rate (the observed 2021-22 path left out here:
    it is data, not the mechanism)."""
    sc = quiet_baseline(crisis_rate=0.0)
    sc = sc.model_copy(update={"states": {n: st.model_copy(update={"gdp_path": {}})
                                          for n, st in sc.states.items()}})
    years = 10
    trend = np.array([s.gdp * (1 + s.gdp_growth) ** years for s in sc.states.values()])
    off = run(sc, years=years, mechanisms={"guns_vs_butter": False}).world
    assert np.allclose(off.gdp_base, trend, rtol=1e-12)
    on = run(sc, years=years).world
    assert (on.gdp_base < trend * (1 - 1e-3)).any()   # heavy spenders grow less


@pytest.mark.parametrize("name", MECHANISMS)
def test_every_switch_changes_the_baseline_or_a_world_built_for_it(name):
    """No switch is a dead letter: each changes some run (a guard for a new switch)."""
    shifting = dyad(strength=-0.9, grievance=(1.0, 0.0), information_war_risk=0.0,
                    crisis_rate=1.0, years=20)
    unknown = dyad(strength=-0.9, information_war_risk=1.0, transparency=0.0, crisis_rate=1.0)
    worlds = [(BASELINE, s) for s in (1, 2)] + [(shifting, s) for s in range(10)] + [
        (unknown, s) for s in range(2)]
    assert any(not same(run(sc, seed), run(sc, seed, mechanisms={name: False}))
               for sc, seed in worlds)


# --- how switches are given ---------------------------------------------------------------------

def test_a_scenario_switches_mechanisms_off_and_extends_keeps_the_parent_s(tmp_path):
    child = tmp_path / "no_spiral.yaml"
    child.write_text(f"extends: {BASELINE}\nname: no spiral\nmechanisms:\n  spiral: false\n"
                     "  commitments: off\n")
    sc = load_scenario(child)
    assert sc.mechanisms.off() == ["spiral", "commitments"]
    assert same(run(sc), run(mechanisms={"spiral": False, "commitments": False}))
    grandchild = tmp_path / "again.yaml"
    grandchild.write_text(f"extends: {child.name}\nname: again\nmechanisms: {{spiral: true}}\n")
    assert load_scenario(grandchild).mechanisms.off() == ["commitments"]


def test_an_unknown_mechanism_in_a_file_names_file_line_field_and_the_fix(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text(f"extends: {BASELINE}\nname: typo\nmechanisms:\n  spiral: false\n"
                    "  spirall: false\n  guns_vs_butter: maybe\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    lines = str(err.value).splitlines()
    assert f"{path}:5: mechanisms.spirall: unknown mechanism 'spirall' — did you mean " \
           "'spiral'?" in lines[0] + lines[1]
    assert any(ln.startswith(f"{path}:6: mechanisms.guns_vs_butter: expected true or false")
               for ln in lines)


def test_an_unknown_mechanism_as_an_override_or_keyword_is_refused():
    with pytest.raises(ScenarioError, match=r"--set: mechanisms.spirl: unknown mechanism "
                                            r"'spirl' — did you mean 'spiral'\?"):
        apply_overrides(load_scenario(BASELINE), {"mechanisms.spirl": "false"})
    with pytest.raises(ScenarioError, match="unknown mechanism 'trade'"):
        ArmsRaceModel(BASELINE, mechanisms={"trade": False})
    with pytest.raises(ScenarioError, match=r"'spiral' is a mechanism: write mechanisms.spiral"):
        apply_overrides(load_scenario(BASELINE), {"spiral": "false"})
    sc = apply_overrides(load_scenario(BASELINE), {"mechanisms.spiral": "false"})
    assert sc.mechanisms.off() == ["spiral"]


def test_cli_off_switches_a_mechanism_off(tmp_path):
    on, off, set_ = (tmp_path / f"{n}.csv" for n in ("on", "off", "set"))
    assert main(["run", str(BASELINE), "--seed", "1", "--quiet", "--out", str(on)]) == 0
    assert main(["run", str(BASELINE), "--seed", "1", "--quiet", "--out", str(off),
                 "--off", "spiral", "--off", "proximity"]) == 0
    assert main(["run", str(BASELINE), "--seed", "1", "--quiet", "--out", str(set_), "--set",
                 "mechanisms.spiral=false", "--set", "mechanisms.proximity=false"]) == 0
    a, b, c = (pd.read_csv(p) for p in (on, off, set_))
    assert not a.equals(b) and b.equals(c)
    direct = run(mechanisms={"spiral": False, "proximity": False}).frame()
    assert np.allclose(b.milex, direct.milex)


def test_the_summary_says_which_mechanisms_are_off(capsys):
    assert main(["run", str(BASELINE), "--years", "1", "--off", "arms_trade", "--off",
                 "spiral"]) == 0
    assert "mechanisms off (their neutral versions run): spiral, arms_trade" in \
        capsys.readouterr().out
    assert main(["run", str(BASELINE), "--years", "1"]) == 0
    assert "mechanisms off" not in capsys.readouterr().out


def test_cli_unknown_off_is_one_line_and_exit_2(capsys):
    assert main(["run", str(BASELINE), "--quiet", "--off", "spirall"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("--off: spirall: unknown mechanism 'spirall' — did you mean "
                             "'spiral'?")


def test_a_sweep_grids_over_a_switch(tmp_path):
    path = tmp_path / "sweep.yaml"
    path.write_text(f"name: s\ndescription: Spiral on and off.\nscenario: {BASELINE}\n"
                    "years: 4\nreplications: 2\nseed: 5\ncommon_random_numbers: true\ngrid:\n"
                    "  mechanisms.spiral: [true, false]\n")
    plan = load_sweep(path)
    assert plan.names == ["mechanisms.spiral"] and plan.n_points == 2
    df = read_results(run_sweep(path, tmp_path / "out", workers=1, progress=False))
    for run_id in (0, 3):
        point, seed = plan.point(run_id // 2), int(plan.seeds([run_id])[0])
        direct = run(apply_overrides(plan.base, point), seed).frame()
        mine = df[df.run_id == run_id]
        assert np.array_equal(mine.milex.to_numpy(), direct.milex.to_numpy())
    assert plan.seeds([0])[0] == plan.seeds([2])[0]  # common random numbers: same seed
    off = df[df.run_id == 2].milex.to_numpy()
    on = df[df.run_id == 0].milex.to_numpy()
    assert not np.array_equal(on, off)


def test_a_sweep_with_an_unknown_switch_names_its_line(tmp_path):
    path = tmp_path / "sweep.yaml"
    path.write_text(f"name: s\ndescription: A typo.\nscenario: {BASELINE}\nyears: 2\n"
                    "grid:\n  mechanisms.spirall: [true, false]\n")
    with pytest.raises(SweepError, match=rf"{path}:6: grid.mechanisms.spirall: unknown "
                                         r"mechanism 'spirall' — did you mean 'spiral'\?"):
        load_sweep(path)
