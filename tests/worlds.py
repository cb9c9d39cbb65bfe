"""Small hand-made worlds for the theory tests: each isolates one mechanism."""

from __future__ import annotations

from model.scenario.loader import load_scenario
from model.scenario.schema import Scenario

#: the baseline's number of states (tests count rows with it: a ninth state is a YAML edit)
BASELINE = "scenarios/baseline_2020.yaml"
BASELINE_STATES = len(load_scenario(BASELINE).states)
#: the rivalry at the core of the region: the two states whose budgets are driven by regional
#: threat (Turkey's and Iran's are mostly driven by their calibrated exogenous drive)
REGION = ["Armenia", "Azerbaijan"]
#: the seeds of a theory pattern unless its docstring says otherwise
SEEDS = range(12)


def dyad(*, strength=-0.3, reaction=(0.15, 0.15), fatigue=(0.1, 0.1), grievance=(0.0, 0.0),
         milex=(1.0, 1.0), strategy=("defensive", "defensive"), years=30, gdp=100.0,
         growth=0.0, max_burden=0.5, **parameters) -> Scenario:
    """Two neighbouring states, Blue and Red, with one tie between them."""
    states = {}
    for k, name in enumerate(("Blue", "Red")):
        states[name] = dict(milex=milex[k], gdp=gdp, gdp_growth=growth if k == 0 else 0.0,
                            max_burden=max_burden, reaction=reaction[k], fatigue=fatigue[k],
                            grievance=grievance[k], strategy=strategy[k])
    return Scenario.model_validate(dict(
        name="dyad", years=years, parameters=parameters, states=states,
        ties=[dict(a="Blue", b="Red", kind="rivalry", strength=strength)]))


def client_ally_rival(*, reliability=0.75, years=20, **parameters) -> Scenario:
    """A small client (Client) facing a rival (Rival), with a strong patron (Patron)."""
    states = dict(
        Client=dict(milex=1.0, gdp=20.0, max_burden=0.2, reaction=0.1, fatigue=0.1,
                    capital=(40.0, 44.5), borders=["Rival"]),
        Rival=dict(milex=2.0, gdp=40.0, max_burden=0.2, reaction=0.1, fatigue=0.1,
                   grievance=0.1, capital=(40.4, 49.9), borders=["Client"]),
        Patron=dict(milex=50.0, gdp=1500.0, max_burden=0.1, reaction=0.02, fatigue=0.1,
                    grievance=5.0, regional_focus=0.3, capital=(55.8, 37.6)),
    )
    ties = [dict(a="Client", b="Rival", kind="rivalry", strength=-0.8),
            dict(a="Patron", b="Client", kind="defence_pact", strength=0.8,
                 reliability=reliability)]
    return Scenario.model_validate(dict(name="client, ally, rival", years=years,
                                        parameters=parameters, states=states, ties=ties))
