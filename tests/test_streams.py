"""model/simulation/streams.py: one random stream per mechanism, spawned from the seed."""

import numpy as np
import pytest

from model import ArmsRaceModel
from model.scenario.mechanisms import MECHANISMS
from model.simulation.streams import STREAMS, Streams

from .worlds import BASELINE


def states(model):
    return {name: getattr(model.streams, name).bit_generator.state["state"]
            for name in STREAMS}


def test_streams_are_independent_and_reproducible():
    a, b = Streams(7), Streams(7)
    draws = {name: getattr(a, name).random(4) for name in STREAMS}
    assert all(np.array_equal(draws[n], getattr(b, n).random(4)) for n in STREAMS)
    firsts = {float(d[0]) for d in draws.values()}
    assert len(firsts) == len(STREAMS)            # no two streams share their draws
    assert not np.array_equal(Streams(8).crises.random(4), Streams(7).crises.random(4))


def test_drawing_from_one_stream_leaves_the_others_where_they_were():
    a, b = Streams(3), Streams(3)
    a.crises.random(1000)
    assert np.array_equal(a.war.random(5), b.war.random(5))


@pytest.mark.parametrize("name", MECHANISMS)
def test_switching_a_mechanism_off_leaves_every_stream_in_step(name):
    """Each mechanism draws fixed-size blocks every year, used or not: after ten years with
    any one mechanism off, every stream has made exactly the draws of the all-on run, so
    "same seed" comparisons differ only by the mechanism (docs/model.md §4)."""
    on = ArmsRaceModel(BASELINE, rng=5, collect=False)
    off = ArmsRaceModel(BASELINE, rng=5, collect=False, mechanisms={name: False})
    on.run(10)
    off.run(10)
    assert states(on) == states(off)


def test_an_unseeded_run_still_gets_its_streams():
    m = ArmsRaceModel(BASELINE, rng=np.random.default_rng(1), collect=False)
    m.run(2)
    assert m.counts["crises"] >= 0
