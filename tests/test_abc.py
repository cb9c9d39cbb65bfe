"""ABC calibration (model/experiments/abc.py) and posterior draws (model/experiments/posterior.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.experiments import abc
from model.experiments.posterior import (
    WEIGHT,
    parameter_draws,
    read_posterior,
    weighted_quantile,
    write_posterior,
)
from model.scenario.input_errors import ScenarioError
from model.scenario.loader import load_scenario, scenario_to_dict
from tests.worlds import dyad

TOY_PAIR = ("Red", "Blue")


def _toy():
    return dyad(reaction=(0.15, 0.15), grievance=(0.1, 0.1), milex=(1.0, 1.0), gdp=20.0,
                years=3)


def test_priors_cover_grievance_reaction_fatigue_by_name():
    sc = load_scenario("scenarios/baseline_2020.yaml")
    names = [p.name for p in abc.priors(sc)]
    assert "Armenia.reaction" in names and "Azerbaijan.fatigue" in names
    assert "Russia.grievance" in names
    assert "United States.grievance" not in names  # a budget: path state has no rule to fit
    assert len(names) == len(set(names))
    for p in abc.priors(sc):
        assert p.low < p.high
        lo, hi = p.interval(0.9)
        assert p.low < lo < hi < p.high


def test_summaries_are_log_patterns_and_distance_is_zero_at_the_data():
    milex = np.array([[1.0, 2.0], [1.5, 3.0]])
    gdp = np.array([[10.0, 20.0], [10.0, 20.0]])
    x = abc.summaries(milex, gdp, ["Blue", "Red"], ["Blue", "Red"], TOY_PAIR)
    assert x["ratio:2021"] == pytest.approx(np.log(2.0))
    assert x["burden:Blue:2022"] == pytest.approx(np.log(0.15))
    assert abc.distance(x, x) == 0.0
    y = dict(x, **{"ratio:2021": x["ratio:2021"] + 0.2})  # one group off by 0.2 in logs
    assert abc.distance(y, x) == pytest.approx(np.sqrt(0.2 ** 2 / 2 / 3))


def test_weighted_quantile():
    v, w = np.array([0.0, 1.0, 2.0, 3.0]), np.array([0.0, 0.0, 1.0, 0.0])
    assert weighted_quantile(v, w, 0.5)[0] == pytest.approx(2.0)
    assert weighted_quantile(np.arange(101.0), np.ones(101), [0.05, 0.95]) == \
        pytest.approx([5.0, 95.0], abs=0.6)


def test_tiny_abc_recovers_a_known_reaction_and_grievance(tmp_path):
    """Synthetic 'observed' patterns from the toy with known values; ABC must put them
    inside its 90% interval and narrow grievance's range well below the prior's."""
    sc = _toy()
    truth = {"Red.reaction": 0.3, "Red.grievance": 0.2}
    milex = np.mean([abc.simulate(sc, truth, s)[0] for s in range(5)], axis=0)
    gdp = abc.simulate(sc, truth, 0)[1]
    observed = abc.summaries(milex, gdp, ["Blue", "Red"], ["Blue", "Red"], TOY_PAIR)
    pri = [abc.Prior("Red.reaction", 0.0, 1.0), abc.Prior("Red.grievance", -0.5, 0.8)]
    res = abc.run_abc(sc, observed, population=60, generations=4, seed=3,
                      workdir=tmp_path, pair=TOY_PAIR, prior_list=pri)
    table = abc.intervals(res.posterior, pri).set_index("parameter")
    for name, value in truth.items():
        assert table.loc[name, "low"] <= value <= table.loc[name, "high"], table
    assert table.loc["Red.grievance", "width_ratio"] < 0.5, table
    assert res.posterior[WEIGHT].sum() == pytest.approx(1.0)
    assert list(tmp_path.iterdir()) == []  # pyabc's database does not outlive the run


def test_abc_is_reproducible_for_a_seed(tmp_path):
    sc = _toy()
    observed = abc.summaries(*abc.simulate(sc, {}, 0), ["Blue", "Red"], ["Blue", "Red"],
                             TOY_PAIR)
    pri = [abc.Prior("Red.grievance", -0.5, 0.8)]
    runs = [abc.run_abc(sc, observed, population=20, generations=2, seed=7, workdir=tmp_path,
                        pair=TOY_PAIR, prior_list=pri).posterior for _ in range(2)]
    pd.testing.assert_frame_equal(runs[0], runs[1])


def _with_posterior(tmp_path, table: pd.DataFrame | str, name="post.csv"):
    path = tmp_path / name
    if isinstance(table, str):
        path.write_text(table)
    else:
        write_posterior(path, table)
    data = scenario_to_dict(_toy()) | {"posterior": name}
    (tmp_path / "toy.yaml").write_text(__import__("yaml").safe_dump(data))
    return load_scenario(tmp_path / "toy.yaml")


def test_posterior_round_trips_and_draws_are_deterministic(tmp_path):
    table = pd.DataFrame({"Red.reaction": [0.1, 0.2, 0.3], "Red.grievance": [0.0, 0.1, 0.2],
                          WEIGHT: [1.0, 2.0, 1.0]})
    sc = _with_posterior(tmp_path, table)
    back = read_posterior(tmp_path / "post.csv", sc)
    assert list(back.columns) == list(table.columns)
    np.testing.assert_allclose(back[WEIGHT], [0.25, 0.5, 0.25])
    np.testing.assert_allclose(back["Red.reaction"], table["Red.reaction"])
    a, b = parameter_draws(sc, 50, seed=1), parameter_draws(sc, 50, seed=1)
    assert a == b
    assert parameter_draws(sc, 5, seed=1, start=10) == a[10:15]  # draw k is draw k
    assert a != parameter_draws(sc, 50, seed=2)
    rows = {(d["Red.reaction"], d["Red.grievance"]) for d in a}
    assert rows <= {(0.1, 0.0), (0.2, 0.1), (0.3, 0.2)}  # whole rows: joint draws
    assert len(rows) > 1


def test_missing_posterior_is_a_clear_error(tmp_path):
    data = scenario_to_dict(_toy()) | {"posterior": "nowhere.csv"}
    (tmp_path / "toy.yaml").write_text(__import__("yaml").safe_dump(data))
    sc = load_scenario(tmp_path / "toy.yaml")
    with pytest.raises(ScenarioError) as err:
        parameter_draws(sc, 1)
    msg = str(err.value)
    assert "toy.yaml" in msg and "posterior" in msg and "nowhere.csv" in msg


def test_posterior_outside_the_tree_is_refused(tmp_path):
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "out.csv").write_text("Red.reaction,weight\n0.1,1\n")
    data = scenario_to_dict(_toy()) | {"posterior": "../out.csv"}
    (inner / "toy.yaml").write_text(__import__("yaml").safe_dump(data))
    with pytest.raises(ScenarioError, match="outside the scenario tree"):
        parameter_draws(load_scenario(inner / "toy.yaml"), 1)


@pytest.mark.parametrize("text, says", [
    ("Red.reaction\n0.1\n", "no weight column"),
    ("Red.reaction,weight\n0.1,abc\n", "not a finite number"),
    ("Red.reaction,weight\n", "no draws"),
    ("Red.nonsense,weight\n0.1,1\n", "unknown state field"),
    ("", "not a readable posterior table"),
])
def test_garbled_posterior_is_a_clear_error(tmp_path, text, says):
    sc = _with_posterior(tmp_path, text)
    with pytest.raises(ScenarioError) as err:
        parameter_draws(sc, 1)
    assert says in str(err.value) and "post.csv" in str(err.value)


def test_cli_run_takes_a_posterior_draw(tmp_path, capsys):
    from model.cli.main import main

    table = pd.DataFrame({"Red.grievance": [0.0, 0.5], WEIGHT: [0.5, 0.5]})
    _with_posterior(tmp_path, table)
    outs = []
    for k in (0, 1, 2, 3):
        out = tmp_path / f"r{k}.csv"
        assert main(["run", str(tmp_path / "toy.yaml"), "--posterior-draw", str(k),
                     "--quiet", "--out", str(out)]) == 0
        outs.append(pd.read_csv(out))
    draws = parameter_draws(load_scenario(tmp_path / "toy.yaml"), 4)
    by_value = {}
    for d, df in zip(draws, outs, strict=True):
        by_value.setdefault(d["Red.grievance"], []).append(df)
    assert len(by_value) == 2  # both rows were drawn and they give different runs
    for dfs in by_value.values():
        pd.testing.assert_frame_equal(dfs[0], dfs[-1])
    a, b = (dfs[0] for dfs in by_value.values())
    assert not a.equals(b)


def test_sweep_with_posterior_gives_replication_r_draw_r(tmp_path):
    from model.experiments.chunks import Job, run_chunk
    from model.experiments.sweep import load_sweep

    table = pd.DataFrame({"Red.grievance": [0.0, 0.5], WEIGHT: [0.5, 0.5]})
    _with_posterior(tmp_path, table)
    (tmp_path / "s.yaml").write_text(
        "name: s\ndescription: posterior draws\nscenario: toy.yaml\nreplications: 4\n"
        "posterior: true\ngrid:\n  Blue.reaction: [0.1, 0.2]\n")
    plan = load_sweep(tmp_path / "s.yaml")
    assert plan.draws == parameter_draws(plan.base, 4)
    job = Job.of(plan)
    whole = run_chunk(job, 0, plan.n_runs).to_pandas()
    split = pd.concat([run_chunk(job, 0, 3).to_pandas(), run_chunk(job, 3, plan.n_runs)
                       .to_pandas()], ignore_index=True)
    pd.testing.assert_frame_equal(whole, split)  # the same however the runs are split
    from model.scenario.loader import apply_overrides
    from model.simulation.model import ArmsRaceModel

    for run in (1, 6):  # point 0 replication 1, point 1 replication 2
        p, r = divmod(run, 4)
        rows = whole[whole.run_id == run]
        sc = apply_overrides(plan.base, plan.draws[r] | plan.point(p))
        m = ArmsRaceModel(sc, rng=int(rows.seed.iloc[0]), collect=False)
        m.run()
        red = rows[(rows.state == "Red") & (rows.year == rows.year.max())]
        assert red.milex.iloc[0] == pytest.approx(m.world.milex[1])
    plain = load_sweep(tmp_path / "s.yaml")
    plain.spec = plain.spec.model_copy(update={"posterior": False})
    plain.draws = []
    assert plan.digest() != plain.digest()


def test_fit_table_predictive_band_holds_the_truth(tmp_path):
    sc = _toy()
    truth = {"Red.grievance": 0.2}
    runs = [abc.simulate(sc, truth, s) for s in range(10)]
    milex = np.mean([m for m, _ in runs], axis=0)
    rows = [dict(country=n, year=y, milex_usd_bn=milex[k, i], gdp_usd_bn=runs[0][1][k, i])
            for k, y in enumerate(abc.FIT_YEARS) for i, n in enumerate(["Blue", "Red"])]
    data = tmp_path / "obs.csv"
    pd.DataFrame(rows).to_csv(data, index=False)
    post = pd.DataFrame({"Red.grievance": [0.2], WEIGHT: [1.0]})
    fit = abc.fit_table(sc, truth, range(10), path=data, posterior=post, draws=40)
    assert fit.error.abs().max() < 1e-9  # the same seeds as the 'observed' mean
    assert fit.inside.all() and (fit.low <= fit.predictive).all()
    wrong = abc.fit_table(sc, {"Red.grievance": -0.4}, range(3), path=data,
                          posterior=post.assign(**{"Red.grievance": [-0.4]}), draws=20)
    assert not wrong[wrong.state == "Red"].inside.any()


def test_cli_calibrate_abc_writes_a_posterior_the_scenario_can_use(tmp_path, capsys):
    from model.cli.main import main

    out = tmp_path / "post.csv"
    assert main(["calibrate", "--abc", "--population", "10", "--generations", "1",
                 "--max-simulations", "10", "--seeds", "2", "--write",
                 "--posterior-out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "90% intervals" in text and "identified" in text and "predictive" in text
    sc = load_scenario("scenarios/baseline_2020.yaml")
    table = read_posterior(out, sc)
    assert len(table) == 10 and set(p.name for p in abc.priors(sc)) < set(table.columns)


def test_effective_sample_size_sees_weight_degeneracy():
    def result(w):
        post = pd.DataFrame({"Red.grievance": np.arange(len(w), dtype=float), WEIGHT: w})
        return abc.Result(post, [], {}, 1, len(w), 0.1)

    assert result([1.0, 1.0, 1.0, 1.0]).effective_size == pytest.approx(4.0)
    assert result([1.0, 1e-9, 1e-9, 1e-9]).effective_size == pytest.approx(1.0, abs=1e-6)


def test_cli_run_without_a_posterior_says_how_to_make_one(capsys):
    from model.cli.main import main

    assert main(["run", "scenarios/richardson_stable.yaml", "--posterior-draw", "0",
                 "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "richardson_stable.yaml" in err and "calibrate --abc --write" in err
    assert "Traceback" not in err
