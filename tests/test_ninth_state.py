"""A ninth state is a YAML edit: it runs, is counted in the region, has its own colour on
every chart, and calibration says clearly that it has no data to fit on."""

from pathlib import Path

import numpy as np
import pytest

from dashboard import charts
from model import ArmsRaceModel, ScenarioError, load_scenario
from model.cli.main import main
from model.experiments.calibration import error_report

GEORGIA = Path(__file__).parent / "fixtures" / "scenarios" / "ninth_state_georgia.yaml"


@pytest.fixture(scope="module")
def model():
    m = ArmsRaceModel(load_scenario(GEORGIA), rng=1)
    for _ in range(5):
        m.step()
    return m


def test_the_ninth_state_runs_and_is_counted_in_the_region(model):
    w = model.world
    assert w.n == 9 and "Georgia" in model.states
    assert np.isfinite(w.milex).all() and model.states["Georgia"].milex > 0
    df = model.frame()
    last = df[df.year == model.year]
    assert last.regional_milex.iloc[0] == pytest.approx(
        last[last.state.isin(["Armenia", "Azerbaijan", "Turkey", "Iran", "Georgia"])].milex.sum())


def test_the_ninth_state_has_its_own_colour_on_the_charts(model):
    names = model.world.names
    scale = charts.spending(model.frame(), names, great_powers=True).spec["encoding"]["color"][
        "scale"]
    assert len(scale["domain"]) == 9 and len(set(scale["range"])) == 9


def test_calibration_names_the_missing_data_row_instead_of_a_key_error(capsys):
    with pytest.raises(ScenarioError, match="no observed milex for Georgia in 2021"):
        error_report(load_scenario(GEORGIA), seeds=range(1))
    assert main(["calibrate", str(GEORGIA), "--seeds", "1"]) == 2
    assert "Georgia" in capsys.readouterr().err
