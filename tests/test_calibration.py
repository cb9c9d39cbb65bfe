"""Calibration on 2020-2022 only: the in-sample error, reported honestly per state."""

import pytest

from model import load_scenario
from model.experiments.calibration import FIT_YEARS, error_report, observed_milex


@pytest.fixture(scope="module")
def report():
    return error_report(load_scenario("scenarios/baseline_2020.yaml"), seeds=range(10))


def test_calibration_reads_no_data_after_2022():
    assert max(observed_milex().columns) == 2022
    assert FIT_YEARS == (2021, 2022)


def test_in_sample_error_per_state(report, capsys):
    with capsys.disabled():
        print("\nin-sample error of mean modelled milex (10 seeds):")
        print(report.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    assert len(report) == 16
    # the fit is one parameter per state over two years: it cannot be exact, but the
    # fitted baseline must stay close to SIPRI in the years it was fitted on
    assert report.error.abs().mean() < 0.06
    assert report.error.abs().max() < 0.15
