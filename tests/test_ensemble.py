"""An ensemble steps many runs of a scenario together (model/simulation/ensemble.py): each of
its runs is that run alone with the same seed, bit for bit — every state measure, top threat,
model measure and chronicle line — on every scenario, with each mechanism switched off, with
budget noise, in pure Richardson mode and in a synthetic world of 30 states."""

import glob

import numpy as np
import pytest

from model import ArmsRaceModel, synthetic_world
from model.scenario.mechanisms import MECHANISMS
from model.scenario.parameters import Parameters
from model.simulation.ensemble import Ensemble, RunView

BASELINE = "scenarios/baseline_2020.yaml"


def differences(scenario, seeds, points=None, **model_args) -> list[str]:
    """What differs between each run of the ensemble and the same seed's run alone (with its
    point's overrides, when each run has its own)."""
    ens = Ensemble(scenario, seeds, points=points, **model_args)
    ens.run()
    values, top, model_vars = ens.datacollector.arrays()
    found, args = [], dict(model_args)
    shared = args.pop("overrides", None) or {}
    for r, seed in enumerate(seeds):
        own = {**shared, **(points[r] if points else {})}
        alone = ArmsRaceModel(scenario, rng=seed, overrides=own, **args)
        alone.run()
        _, v, t = alone.datacollector.agent_arrays(alone)
        if not np.array_equal(v, values[r]):
            found.append(f"seed {seed}: state measures")
        if not np.array_equal(t, top[r]):
            found.append(f"seed {seed}: top threats")
        for name, per_year in alone.datacollector.model_vars.items():
            if not np.array_equal(np.asarray(per_year), model_vars[name][r]):
                found.append(f"seed {seed}: {name}")
        if [str(e) for e in alone.chronicle] != [str(e) for e in ens.members[r].chronicle]:
            found.append(f"seed {seed}: chronicle")
    return found


@pytest.mark.parametrize("path", sorted(glob.glob("scenarios/*.yaml")))
def test_every_scenario_run_in_an_ensemble_is_each_run_alone(path):
    assert differences(path, [1, 2, 7]) == []


@pytest.mark.parametrize("mechanism", list(MECHANISMS))
def test_with_a_mechanism_off_each_run_is_still_itself(mechanism):
    assert differences(BASELINE, [3, 4], mechanisms={mechanism: False}) == []


@pytest.mark.parametrize("args", [{"richardson_only": True}, {"budget_noise": 0.1},
                                  {"overrides": {"Armenia.reaction": 0.3}}],
                         ids=["richardson", "budget-noise", "override"])
def test_modes_and_overrides_keep_each_run_itself(args):
    assert differences(BASELINE, [5, 6], **args) == []


def test_a_large_synthetic_world_keeps_each_run_itself():
    assert differences(synthetic_world(30, seed=3), [0, 1, 2]) == []


def test_the_runs_of_an_ensemble_differ_and_have_crises_and_wars():
    """The comparison above is not empty: the seeds give different histories with crises,
    calls on allies and wars, resolved in several runs in the same year."""
    ens = Ensemble(BASELINE, range(8))
    ens.run()
    values, _, _ = ens.datacollector.arrays()
    assert len({values[r].tobytes() for r in range(8)}) == 8
    assert (ens.counts["crises"] > 0).all() and ens.counts["wars"].sum() > 0
    assert ens.counts["commitments_invoked"].sum() > 0


def test_a_member_reads_and_writes_its_row_of_the_stack():
    ens = Ensemble(BASELINE, [1, 2])
    view = ens.members[1].world
    assert isinstance(view, RunView)
    view.milex[0] = 123.0
    assert ens.world.milex[1, 0] == 123.0 and ens.world.milex[0, 0] != 123.0
    view.gdp = np.arange(view.n, dtype=float)
    assert np.array_equal(ens.world.gdp[1], np.arange(view.n))
    ens.members[0].counts["wars"] += 2
    assert list(ens.counts["wars"]) == [2, 0]


def test_a_played_state_is_refused_with_what_to_do():
    with pytest.raises(ValueError, match="single ArmsRaceModel"):
        Ensemble(BASELINE, [1], overrides={"Armenia.strategy": "human"})


def test_drawn_calls_on_allies_in_and_out_of_scope_keep_each_run_itself():
    """Scheduled calls whose outcome is drawn (no ``honoured``): against a challenger over
    ground disputed half the time (out of scope in some runs, in scope in others), against one
    with no dispute, and with no challenger named."""
    from model.scenario.loader import load_scenario

    sc = load_scenario(BASELINE)
    call = {"kind": "alliance_test"}
    extra = [call | {"year": 2024, "ally": "Russia", "client": "Armenia", "against": "Azerbaijan"},
             call | {"year": 2024, "ally": "Russia", "client": "Azerbaijan", "against": "Armenia"},
             call | {"year": 2025, "ally": "Azerbaijan", "client": "Russia", "against": "Armenia"},
             call | {"year": 2025, "ally": "France", "client": "Turkey"}]
    data = sc.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["events"] = data["events"] + extra
    for tie in data["ties"]:  # half their crises over disputed ground: in scope in half the runs
        if {tie["a"], tie["b"]} == {"Armenia", "Azerbaijan"}:
            tie["disputed"] = 0.5
    drawn = load_scenario(data)
    seeds = list(range(30))
    assert differences(drawn, seeds) == []
    ens = Ensemble(drawn, seeds)
    ens.run()
    kinds = [[e.kind for e in m.chronicle if e.year in (2024, 2025)] for m in ens.members]
    out_of_scope = [k.count("commitment_out_of_scope") for k in kinds]
    assert max(out_of_scope) == 2 and min(out_of_scope) < 2   # in scope in some runs only
    assert {"commitment_honoured", "commitment_broken"} <= {e for k in kinds for e in k}


def test_an_ensemble_without_a_chronicle_computes_the_same_numbers():
    """A batch keeps no chronicle lines (chunks.run_group); nothing else changes."""
    kept, unkept = Ensemble(BASELINE, [1, 2, 3]), Ensemble(BASELINE, [1, 2, 3], chronicle=False)
    kept.run()
    unkept.run()
    for a, b in zip(kept.datacollector.arrays(), unkept.datacollector.arrays(), strict=True):
        if isinstance(a, dict):
            assert all(np.array_equal(a[k], b[k]) for k in a)
        else:
            assert np.array_equal(a, b)
    assert all(m.chronicle for m in kept.members) and not any(m.chronicle for m in unkept.members)


# --- runs with their own parameters: a sample's points stepped together ---------------------

def sampled_points(k: int, seed: int) -> list[dict]:
    """``k`` points that set every number of the parameters (within its range, from ×0.5 to
    ×1.5 of the reference value), and one state's reaction, differently in each run."""
    rng = np.random.default_rng(seed)
    points = []
    for _ in range(k):
        point = {}
        for name, field in Parameters.model_fields.items():
            if field.annotation is not float:  # richardson_only, power_shift_window
                continue
            low = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
            high = next((m.le for m in field.metadata if hasattr(m, "le")), None)
            value = field.default * rng.uniform(0.5, 1.5) if field.default else rng.uniform(0, .3)
            point[name] = float(np.clip(value, low if low is not None else 1e-6,
                                        high if high is not None else np.inf))
        point["Armenia.reaction"] = float(rng.uniform(0.05, 0.3))
        points.append(point)
    return points


@pytest.mark.parametrize("path", [BASELINE, "scenarios/confidence_building.yaml",
                                  "scenarios/preventive_war_window.yaml",
                                  "scenarios/status_quo_2025.yaml"])
def test_runs_with_their_own_parameters_are_each_that_run_alone(path):
    """Every parameter differs from run to run (a Sobol' sample's points in one stack), and
    each run equals the model built with its point and seed, bit for bit."""
    seeds = [1, 2, 3, 1, 2, 3]
    assert differences(path, seeds, points=sampled_points(len(seeds), 4)) == []


def test_runs_with_their_own_states_numbers_are_each_that_run_alone():
    """Each state number a point may set (stacking.STACKED_STATE_FIELDS) differs between the
    runs, with borders and capitals among them: each run's start year is built from its own
    scenario and stacked; each run is its point's run alone."""
    rng = np.random.default_rng(12)
    states = ["Armenia", "Azerbaijan", "Turkey", "Iran", "Russia"]
    points = []
    for _ in range(4):
        state = states[int(rng.integers(len(states)))]
        points.append({
            f"{state}.reaction": float(rng.uniform(0.05, 0.3)),
            f"{state}.fatigue": float(rng.uniform(0.05, 0.3)),
            f"{state}.milex": float(rng.uniform(1.0, 3.0)),
            f"{state}.max_burden": float(rng.uniform(0.04, 0.1)),
            f"{state}.regional_focus": float(rng.uniform(0.2, 1.0)),
            f"{state}.quality": float(rng.uniform(0.8, 1.5)),
            f"{state}.gdp_growth": float(rng.uniform(0.0, 0.05)),
            f"{state}.grievance": float(rng.uniform(-0.1, 0.5)),
            "Iran.capital": [35.7 + float(rng.uniform(-2, 2)), 51.4],
            "Iran.borders": ["Armenia", "Azerbaijan"] if rng.random() < 0.5 else ["Turkey"],
        })
    assert differences(BASELINE, [2, 3, 2, 3], points=points) == []


def test_own_parameters_with_a_mechanism_off_and_budget_noise_keep_each_run_itself():
    points = [{"war_cost": 0.4, "budget_noise": 0.05}, {"war_cost": 3.0, "budget_noise": 0.2}]
    assert differences(BASELINE, [9, 9], points=points, mechanisms={"alignment": False}) == []


def test_a_sample_stepped_together_differs_by_its_parameters():
    """The comparison above is not empty: with one seed, runs that differ only in their
    parameters take different paths (the parameters reach the year's maths in each run)."""
    ens = Ensemble(BASELINE, [5] * 4, points=sampled_points(4, 8))
    ens.run()
    values, _, _ = ens.datacollector.arrays()
    assert len({values[r].tobytes() for r in range(4)}) == 4
    assert isinstance(ens.params.spiral_sensitivity, np.ndarray)
    assert ens.members[2].params.war_cost == sampled_points(4, 8)[2]["war_cost"]


@pytest.mark.parametrize("points, named", [
    ([{"budget_noise": 0.0}, {"budget_noise": 0.1}], "budget_noise"),
    ([{"years": 5}, {"years": 6}], "years"),
    ([{"Armenia.strategy": "offensive"}, {}], "Armenia.strategy")])
def test_runs_that_would_run_different_code_are_refused_with_what_differs(points, named):
    with pytest.raises(ValueError, match=named):
        Ensemble(BASELINE, [1, 2], points=points)


def test_a_point_for_each_seed_is_asked_for():
    with pytest.raises(ValueError, match="one point"):
        Ensemble(BASELINE, [1, 2, 3], points=[{}])


def test_a_finished_ensemble_is_freed_at_once_not_by_the_garbage_collector():
    """Members refer to their ensemble weakly: no cycle keeps a batch worker's finished
    ensembles (their streams' read-ahead buffers) alive until a full garbage collection."""
    import gc
    import weakref

    ens = Ensemble(BASELINE, [1, 2, 3])
    ens.run(3)
    assert ens.members[1].year == ens.year
    gone = weakref.ref(ens)
    gc.disable()
    try:
        del ens
        assert gone() is None
    finally:
        gc.enable()


def test_a_large_ensemble_reads_less_ahead_and_draws_the_same_numbers(monkeypatch):
    """The streams' read-ahead buffers are capped (stacked_streams.READ_AHEAD_BYTES): with the cap
    so low that each stream reads one year's block at a time, every run is still itself."""
    from model.simulation import stacked_streams

    big = Ensemble(BASELINE, range(2_000), collect=False)
    ahead = big.streams.crises._read_ahead
    assert ahead < stacked_streams.READ_AHEAD
    assert ahead * 8 * 2_000 <= stacked_streams.READ_AHEAD_BYTES
    del big
    monkeypatch.setattr(stacked_streams, "READ_AHEAD_BYTES", 1)
    assert Ensemble(BASELINE, [1, 2]).streams.crises._read_ahead == 1
    assert differences(BASELINE, [1, 2, 3]) == []
