"""armsrace hindcast: a forecast from history until YEAR against observed values (issue 14).

The observed files are synthetic, written here: no data after 2022 is shipped or read."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.cli.main import main
from model.experiments import hindcast as hc
from model.scenario.input_errors import UsageError
from model.scenario.loader import load_scenario
from model.simulation.model import ArmsRaceModel

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
HEADER = "country,iso3,year,milex_usd_bn,gdp_usd_bn\n"


def observed(tmp_path, rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "observed.csv"
    path.write_text(header + rows)
    return path


def band_of(obs_value, *, until=2022, year=2024):
    """The comparison of one observation with a fixed band (q05..q95 = 1..5, median 3)."""
    band = pd.DataFrame([dict(state="Armenia", year=year, measure="milex", q05=1.0, q25=2.0,
                              median=3.0, q75=4.0, q95=5.0)])
    obs = pd.DataFrame([dict(state="Armenia", year=year, measure="milex",
                             observed=obs_value, line=2)])
    return hc.compare(obs, band, until).iloc[0]


def test_an_observation_at_the_median_is_in_both_bands_one_far_off_in_neither():
    at = band_of(3.0)
    assert at.in_50 and at.in_90 and at.error == 0.0 and not at.in_sample
    edge = band_of(4.5)                       # between q75 and q95
    assert not edge.in_50 and edge.in_90
    far = band_of(50.0)
    assert not far.in_50 and not far.in_90 and np.isclose(far.error, 3.0 / 50.0 - 1)
    assert band_of(3.0, year=2022).in_sample  # up to --until: fitted, not a test


def test_bands_are_quantiles_over_runs_per_state_year_and_measure():
    runs = pd.DataFrame({"run_id": range(101), "year": 2024, "state": "Armenia",
                         "milex": np.arange(101.0), "gdp": 10.0, "burden": 0.1})
    b = hc.bands(runs).set_index("measure")
    assert b.loc["milex", ["q05", "q25", "median", "q75", "q95"]].tolist() == [5, 25, 50, 75, 95]
    assert b.loc["gdp", "q05"] == b.loc["gdp", "q95"] == 10.0


@pytest.mark.parametrize("rows, header, line, column, says", [
    ("Armenia,ARM,2024,1.0,20\n", "country,iso3,year,gdp_usd_bn\n", 1, "milex_usd_bn",
     "missing column"),
    ("Armenia,ARM,2024,1.0,20\nNarnia,NAR,2024,1.0,20\n", HEADER, 3, "country",
     "unknown state 'Narnia'"),
    ("Armenia,ARM,twenty,1.0,20\n", HEADER, 2, "year", "expected a whole year"),
    ("Armenia,ARM,2024,-1,20\n", HEADER, 2, "milex_usd_bn", "positive number"),
    ("Armenia,ARM,2024,1.0,lots\n", HEADER, 2, "gdp_usd_bn", "positive number"),
    ("Armenia,ARM,2019,1.0,20\n", HEADER, 2, "year", "before the scenario's start year"),
])
def test_a_bad_observed_file_names_file_line_and_column(tmp_path, rows, header, line, column,
                                                        says):
    path = observed(tmp_path, rows, header)
    with pytest.raises(UsageError) as err:
        hc.read_observed(path, list(load_scenario(BASELINE).states), 2020)
    assert str(err.value).startswith(f"{path}:{line}: {column}: ") and says in str(err.value)


def test_a_file_that_is_not_text_or_has_no_rows_is_a_clear_error(tmp_path):
    states = list(load_scenario(BASELINE).states)
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00country\x00\x80")
    with pytest.raises(UsageError, match=r"x.csv: not a readable CSV"):
        hc.read_observed(binary, states, 2020)
    with pytest.raises(UsageError, match=r"observed.csv: no observations"):
        hc.read_observed(observed(tmp_path, ""), states, 2020)
    bom = observed(tmp_path, "Armenia,ARM,2023,0.9,\n", header="\ufeff" + HEADER)
    assert hc.read_observed(bom, states, 2020).measure.tolist() == ["milex"]  # Excel's BOM


def test_cli_bad_file_is_one_line_and_exit_2(tmp_path, capsys):
    path = observed(tmp_path, "Narnia,NAR,2024,1.0,20\n")
    assert main(["hindcast", str(BASELINE), "--until", "2022", "--against", str(path),
                 "--seeds", "2", "--workers", "1", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "observed.csv:2: country" in err


def test_the_command_writes_the_table_and_fan_charts(tmp_path, capsys):
    path = observed(tmp_path, "Armenia,ARM,2021,0.62,13.9\nArmenia,ARM,2024,1.0,24\n"
                              "Azerbaijan,AZE,2024,3.5,\n")
    out = tmp_path / "o"
    assert main(["hindcast", str(BASELINE), "--until", "2022", "--against", str(path),
                 "--seeds", "6", "--workers", "1", "--out", str(out)]) == 0
    table = pd.read_csv(out / "hindcast.csv")
    assert list(table.columns) == hc.COLUMNS
    assert set(table.measure) == {"milex", "gdp", "burden"}
    assert len(table) == 2 * 3 + 1            # Azerbaijan has no GDP: milex only
    assert table.set_index(["state", "year", "measure"]).loc[("Armenia", 2021, "milex"),
                                                             "in_sample"]
    assert (table.q05 <= table["median"]).all() and (table["median"] <= table.q95).all()
    for m in ("milex", "gdp", "burden"):
        assert (out / f"fan_{m}.png").stat().st_size > 10_000
    forecast = pd.read_csv(out / "forecast.csv")   # the bands of every state and year
    assert set(forecast.state) >= {"Armenia", "Azerbaijan", "Russia"}
    assert forecast.year.max() == 2024 and (forecast.q05 <= forecast.q95).all()
    said = capsys.readouterr().out
    assert "milex: 2 out-of-sample" in said and "in 90% band" in said


def test_same_seeds_same_table_on_one_or_two_workers(tmp_path):
    path = observed(tmp_path, "Armenia,ARM,2023,0.9,22\nTurkey,TUR,2023,16,900\n")
    one, _ = hc.hindcast(BASELINE, path, 2022, seeds=4, seed=3, workers=1)
    two, _ = hc.hindcast(BASELINE, path, 2022, seeds=4, seed=3, workers=2)
    pd.testing.assert_frame_equal(one, two)
    other, _ = hc.hindcast(BASELINE, path, 2022, seeds=4, seed=4, workers=1)
    assert not one.equals(other)


def test_the_forecast_drops_scripted_events_after_until():
    """Each run is the scenario with history until --until: the same as ArmsRaceModel with
    ``history_until`` (no event after it), and not the run with the 2023-25 history."""
    runs = hc.forecast_runs(BASELINE, 2022, 4, 3, seed=1, workers=1)
    first = runs[runs.run_id == 0]
    m = ArmsRaceModel(str(BASELINE), rng=int(first.seed.iloc[0]), history_until=2022, years=4)
    assert max(e.year for e in m.scenario.events) <= 2022
    m.run()
    mine = m.frame().pivot(index="year", columns="state", values="milex")
    theirs = first.pivot(index="year", columns="state", values="milex")
    np.testing.assert_allclose(theirs.to_numpy(), mine[theirs.columns].to_numpy())
    full = hc.forecast_runs(BASELINE, 2025, 4, 3, seed=1, workers=1)
    assert not np.allclose(full.milex, runs.milex)   # the 2023 war and deals are scripted there


def test_parameter_draws_hook_runs_every_draw_over_the_seeds():
    """The hook for calibration with uncertainty: a table of parameter draws."""
    draws = pd.DataFrame({"Armenia.grievance": [0.0, 0.3]})
    runs = hc.forecast_runs(BASELINE, 2022, 3, 2, draws=draws, workers=1)
    assert sorted(runs.run_id.unique()) == [0, 1, 2, 3] and sorted(runs.point.unique()) == [0, 1]
    arm = runs[(runs.state == "Armenia") & (runs.year == 2023)].groupby("point").milex.mean()
    assert arm[1] > arm[0]
    as_dicts = hc.forecast_runs(BASELINE, 2022, 3, 2, draws=draws.to_dict("records"), workers=1)
    pd.testing.assert_frame_equal(as_dicts, runs)
    with pytest.raises(UsageError, match="weight"):
        hc.forecast_runs(BASELINE, 2022, 3, 2, draws=draws.assign(weight=0.5), workers=1)
    with pytest.raises(Exception, match="grievance"):
        hc.forecast_runs(BASELINE, 2022, 3, 2, draws=pd.DataFrame({"Armenia.grievance": [1e9]}),
                         workers=1)


def test_a_plan_beyond_a_day_is_refused_unless_yes(tmp_path, monkeypatch, capsys):
    """As for ``armsrace batch``: the estimate first, refused beyond a day without --yes."""
    from model.experiments import plan_cost

    monkeypatch.setattr(plan_cost, "ESTIMATE_FROM", 1)
    monkeypatch.setattr(plan_cost, "DAY", 1e-9)
    path = observed(tmp_path, "Armenia,ARM,2023,0.9,22\n")
    args = ["hindcast", str(BASELINE), "--until", "2022", "--against", str(path), "--seeds",
            "3", "--workers", "1", "--out", str(tmp_path / "o")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "more than a day" in err and "--yes" in err and not (tmp_path / "o").exists()
    assert main([*args, "--yes"]) == 0
    assert "started with --yes" in capsys.readouterr().err


def test_posterior_draws_from_the_scenarios_posterior_table(tmp_path, capsys):
    """--posterior-draws N: N rows of the scenario's posterior: table, each over --seeds."""
    own = "".join(line for line in BASELINE.read_text().splitlines(keepends=True)
                  if not line.startswith("posterior:"))
    bare, sc = tmp_path / "bare.yaml", tmp_path / "with_posterior.yaml"
    bare.write_text(own)
    sc.write_text(own + "\nposterior: post.csv\n")
    (tmp_path / "post.csv").write_text("Armenia.grievance,weight\n0.0,0.5\n0.4,0.5\n")
    path = observed(tmp_path, "Armenia,ARM,2023,0.9,22\n")
    args = ["hindcast", str(sc), "--until", "2022", "--against", str(path), "--seeds", "2",
            "--workers", "1", "--out", str(tmp_path / "o")]
    assert main([*args, "--posterior-draws", "3"]) == 0
    assert "2 seeds × 3 posterior draws" in capsys.readouterr().out
    assert main([args[0], str(bare), *args[2:], "--posterior-draws", "3"]) == 2
    err = capsys.readouterr().err
    assert "bare.yaml: posterior: the scenario names no posterior" in err and err.count("\n") == 1
