"""One browser session's run (dashboard/session.py): the forecast cut (History until) and a
game of Play a state that starts after the scripted history."""

import pytest

from dashboard import guard
from dashboard.controls import ALL_HISTORY, history_choice, history_choices
from dashboard.session import Session, history_years, scenario_info
from model import ArmsRaceModel
from model.experiments.debrief import counterfactual


def test_history_years_run_from_the_start_to_the_last_scripted_event():
    sc, _ = scenario_info("baseline_2020.yaml")
    assert history_years(sc) == list(range(2020, 2026))
    assert history_choices(sc)[0] == ALL_HISTORY
    assert history_choice("2022") == 2022 and history_choice(ALL_HISTORY) == "all"


def test_history_until_changes_the_run_and_is_the_models_own_cut():
    s = Session(seed=3)
    s.reset(history=2021)
    assert s.model.scenario.history_until == 2021 and s.history_end() == 2021
    s.model.run(6)
    cut = ArmsRaceModel("scenarios/baseline_2020.yaml", rng=3, history_until=2021)
    cut.run(6)
    assert s.frame().milex.equals(cut.frame().milex)
    full = ArmsRaceModel("scenarios/baseline_2020.yaml", rng=3)
    full.run(6)
    assert not s.frame().milex.equals(full.frame().milex)   # the dropped events mattered
    s.reset(history="all")
    assert s.history_until is None and s.history_end() == 2025


@pytest.mark.parametrize("bad", [2019, 2026, "2022", 2022.5, None.__class__])
def test_history_until_refuses_what_was_not_offered(bad):
    s = Session()
    with pytest.raises(guard.Refused):
        s.reset(history=bad)
    assert s.history_until is None


def test_a_game_starts_after_the_scripted_history_and_matches_the_computer_until_then():
    s = Session(seed=5)
    s.play_as("Armenia")
    assert s.model.year == 2025 == s.took_over
    s.decide(25, "Russia", None)
    s.decide(25, "Russia", None)
    you, cf = s.frame(), counterfactual(s.model)
    arm = you.state == "Armenia"
    before = you.year <= 2025
    assert you[arm & before].milex.equals(cf[(cf.state == "Armenia") & (cf.year <= 2025)]
                                          .milex.reset_index(drop=True).set_axis(
                                              you[arm & before].index))
    assert (you[arm & (you.year == 2027)].milex.to_numpy()
            != cf[(cf.state == "Armenia") & (cf.year == 2027)].milex.to_numpy()).all()


def test_a_game_can_start_at_the_start_year():
    s = Session(seed=5)
    s.set_play_after_history(False)
    s.play_as("Azerbaijan")
    assert s.model.year == 2020 == s.took_over
    with pytest.raises(guard.Refused):
        s.set_play_after_history("yes")


def test_a_forecast_game_starts_at_the_cut():
    s = Session(seed=5)
    s.reset(history=2022)
    s.play_as("Armenia")
    assert s.model.year == 2022
