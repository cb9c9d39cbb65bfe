"""The many-seeds band: same settings, derived seeds, summaries from the batch tools."""

import pandas as pd
import pytest

from dashboard import band, guard
from model import load_scenario
from model.scenario.loader import SCENARIOS


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIOS / "baseline_2020.yaml")


def test_runs_are_deterministic_and_seeded_from_the_page(scenario):
    a = band.many_runs(scenario, {"war_cost": 2.0}, {}, 4, seed=5)
    b = band.many_runs(scenario, {"war_cost": 2.0}, {}, 4, seed=5)
    c = band.many_runs(scenario, {"war_cost": 2.0}, {}, 4, seed=6)
    assert a.equals(b)
    assert a.seed.nunique() == 4 and set(a.seed) != set(c.seed)


def test_the_seeds_step_together_and_each_is_that_seeds_run_alone(scenario):
    """Without draws the band's runs are one ensemble; each run's rows are the rows of the
    same seed's ArmsRaceModel with the page's settings and switches."""
    from model import ArmsRaceModel

    df = band.many_runs(scenario, {"war_cost": 2.0}, {"spiral": False}, 4, seed=5)
    for k, seed in enumerate(df.drop_duplicates("run_id").seed):
        alone = ArmsRaceModel(scenario, rng=int(seed), mechanisms={"spiral": False},
                              war_cost=2.0)
        alone.run()
        mine = df[df.run_id == k].drop(columns=["run_id", "seed", "point"])
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), alone.frame(),
                                      check_exact=True)


def test_band_quantiles_are_ordered_and_probabilities_are_shares(scenario):
    df = band.many_runs(scenario, {}, {}, 6, seed=1)
    b = band.summarise(df, 1)
    assert b.runs == 6
    q = b.spending
    assert (q.q05 <= q.q25).all() and (q.q25 <= q.q50).all() and (q.q75 <= q.q95).all()
    assert set(b.events.kind) == {"crisis", "war"}
    assert b.events.p_year.between(0, 1).all()
    assert set((b.events.p_year * 6).round(9) % 1) == {0}   # k of 6 runs
    band.spending_band(b, df[df.run_id == 0]).altair()
    band.odds(b).altair()
    assert band.scripted(b) == []


def test_scripted_history_is_shaded(scenario):
    from model.experiments.results_folder import history_until

    df = band.many_runs(scenario, {}, {}, 3, seed=2)
    b = band.summarise(df, 2, history_until(scenario))
    span = band.scripted(b)
    assert span == [{"start": scenario.start_year, "end": history_until(scenario),
                     "note": span[0]["note"]}]
    for chart in (band.spending_band(b, df[df.run_id == 0]), band.odds(b)):
        assert chart.datasets["scripted"] == span
        assert chart.spec["layer"][0] is band.SCRIPTED
        chart.altair()


def test_draws_hook_applies_override_dicts_per_run_over_the_sliders(scenario):
    slider = {"war_cost": 1.0}
    low = band.many_runs(scenario, slider, {}, 4, seed=3, draws=[{"war_cost": 0.2}])
    high = band.many_runs(scenario, slider, {}, 4, seed=3, draws=[{"war_cost": 5.0}])
    mixed = band.many_runs(scenario, slider, {}, 4, seed=3,
                           draws=[{"war_cost": 0.2}, {"war_cost": 5.0}])
    assert set(low.point) == {0} and set(mixed.point) == {0, 1}
    assert not low.milex.equals(high.milex)
    # run k takes draw k % 2: runs 0 and 2 as in `low`, runs 1 and 3 as in `high`
    for k, same in ((0, low), (1, high), (2, low), (3, high)):
        a = mixed[mixed.run_id == k].milex.to_numpy()
        assert (a == same[same.run_id == k].milex.to_numpy()).all()
    nested = band.many_runs(scenario, {}, {}, 1, seed=3,
                            draws=[{"Armenia.max_burden": 0.2}])
    assert not nested.milex.equals(band.many_runs(scenario, {}, {}, 1, seed=3).milex)


@pytest.mark.parametrize("draws", [[{"war_cost": 0.3, "Armenia.reaction": 0.25},
                                    {"war_cost": 4.0, "crisis_rate": 0.5}],
                                   [{"Armenia.strategy": "offensive"}, {}]],
                         ids=["stacked", "one-by-one"])
def test_with_draws_each_run_is_its_draw_s_run_alone(scenario, draws):
    """Runs with their own draws step as one ensemble (each its draw's parameters), or one by
    one when a draw changes more than numbers; either way run k is the model built with draw
    k % 2 over the sliders (the draw wins), with its seed."""
    from model import ArmsRaceModel

    sliders = {"war_cost": 1.5, "media_amplification": 1.2}
    df = band.many_runs(scenario, sliders, {"hedging": False}, 4, seed=7, draws=draws)
    for k, seed in enumerate(df.drop_duplicates("run_id").seed):
        draw = draws[k % 2]
        alone = ArmsRaceModel(scenario, rng=int(seed), mechanisms={"hedging": False},
                              overrides={**sliders, **draw})
        alone.run()
        mine = df[df.run_id == k]
        assert set(mine.point) == {k % 2}
        pd.testing.assert_frame_equal(
            mine.drop(columns=["run_id", "seed", "point"]).reset_index(drop=True),
            alone.frame(), check_exact=True)


def test_progress_and_server_cap(scenario):
    seen = []   # the seeds step together: one step of progress a year
    band.many_runs(scenario, {}, {}, 3, seed=0, progress=lambda k, n: seen.append((k, n)))
    assert seen == [(k, scenario.years) for k in range(1, scenario.years + 1)]
    seen.clear()   # draws that change more than numbers go one by one: one step a run
    band.many_runs(scenario, {}, {}, 3, seed=0, draws=[{"Armenia.strategy": "offensive"}, {}],
                   progress=lambda k, n: seen.append((k, n)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    for bad in (0, band.MAX_RUNS + 1, 2.5, "30", True):
        with pytest.raises(guard.Refused):
            band.many_runs(scenario, {}, {}, bad, seed=0)


def test_posterior_draws_are_the_scenarios_own(scenario):
    """With parameter uncertainty, run k takes posterior draw k (posterior.parameter_draws
    with the band's seed); a scenario without a posterior offers none."""
    from model.experiments.posterior import parameter_draws

    assert scenario.posterior, "the baseline names its posterior (posteriors/baseline_2020.csv)"
    draws = band.posterior_draws(scenario, 3, seed=4)
    assert draws == parameter_draws(scenario, 3, 4)
    assert len({tuple(sorted(d.items())) for d in draws}) > 1 or len(draws) == 1
    assert band.posterior_draws(scenario.model_copy(update={"posterior": None}), 3, 4) is None
    df = band.many_runs(scenario, {}, {}, 3, seed=4, draws=draws)
    b = band.summarise(df, 4, uncertain=True)
    assert b.uncertain
    for chart in (band.spending_band(b, df), band.odds(b)):
        assert "3 runs" in chart.spec["title"]["text"]
        assert chart.spec["title"]["subtitle"][0].startswith("with parameter uncertainty")
    for chart in (band.spending_band(band.summarise(df, 4), df), band.odds(band.summarise(df, 4))):
        assert not any("uncertainty" in line for line in chart.spec["title"]["subtitle"])
    plain = band.many_runs(scenario, {}, {}, 3, seed=4)
    assert not plain.milex.equals(df.milex)   # the draws changed the runs
