"""Ablation: every theory pattern and scenario claim FAILS when a mechanism it rests on is
switched off (issue 13; the declarations are in tests/claims.py).

Each case calls the claim's own check — the function tests/test_theory*.py or
tests/test_scenarios.py runs with every mechanism on — with one mechanism off, on the
claim's own seeds, statistic and threshold (stated in its docstring), and asserts it raises
``AssertionError``. A claim that survives the removal of its own mechanism is a finding of
arithmetic, not of the mechanism; such claims were rewritten to compare the mechanism on
and off, or their declaration says ``holds_without`` (also asserted here: they still hold).
"""

from __future__ import annotations

import importlib
import inspect

import pytest

from . import test_scenarios
from .claims import CLAIM_MODULES, ablations, all_claims

CLAIMS = all_claims()


def _id(case):
    name, mechanism = case
    return f"{name.removeprefix('test_')}-without-{mechanism}"


@pytest.mark.slow
@pytest.mark.parametrize("case", ablations("needs"), ids=_id)
def test_claim_fails_without_a_mechanism_it_rests_on(case):
    name, mechanism = case
    with pytest.raises(AssertionError) as failed:
        CLAIMS[name].check(off=(mechanism,))
    # the claim failed on its statistic, not on a broken call: the message names it
    assert str(failed.value), f"{name} without {mechanism}: an assertion with no statistic"


@pytest.mark.parametrize("case", ablations("holds_without"), ids=_id)
def test_claim_holds_without_a_mechanism_it_does_not_need(case):
    name, mechanism = case
    CLAIMS[name].check(off=(mechanism,))


def test_every_claim_declares_what_it_rests_on():
    assert len(CLAIMS) >= 25
    for claim in CLAIMS.values():
        assert claim.needs or claim.holds_without, f"{claim.name} declares no mechanism"
        assert tuple(inspect.signature(claim.check).parameters) == ("off",), claim.name


def test_every_theory_test_and_scenario_claim_is_registered():
    """No theory test and no scenario claim escapes the ablation."""
    theory_modules = [m for m in CLAIM_MODULES if m.startswith("tests.test_theory")]
    assert len(theory_modules) == 4 and "tests.test_scenarios" in CLAIM_MODULES
    theory = {n for m in theory_modules
              for n, f in vars(importlib.import_module(m)).items()
              if n.startswith("test_") and callable(f)}
    assert theory <= set(CLAIMS), sorted(theory - set(CLAIMS))
    scenario_claims = {f.__name__ for f in test_scenarios.CLAIMS.values()}
    assert scenario_claims <= set(CLAIMS), sorted(scenario_claims - set(CLAIMS))
