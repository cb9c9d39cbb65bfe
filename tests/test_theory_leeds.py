"""Leeds (2003): alliance commitments are honoured or broken, and trust follows (docs/model.md
§1), checked over many seeds."""

from model import ArmsRaceModel, load_scenario
from model.scenario.synthetic import synthetic_world

from .claims import off_switches, rests_on
from .worlds import BASELINE

# --- Leeds 2003: commitments invoked, honoured or broken ---------------------------------------

@rests_on("commitments")
def test_broken_commitment_lowers_trust_and_raises_client_spending(off=()):
    sc = load_scenario(BASELINE)
    m = ArmsRaceModel(sc, rng=3, mechanisms=off_switches(off))
    arm, rus = m.world.index("Armenia"), m.world.index("Russia")
    r0, s0 = m.world.reliability[arm, rus], m.world.strength[arm, rus]
    m.run(3)  # 2021 and 2022: the CSTO does not honour its commitment
    assert m.world.reliability[arm, rus] < r0 - 0.15
    assert m.world.strength[arm, rus] < s0
    assert any(e.kind == "commitment_broken" and e.actors == ("Russia", "Armenia")
               for e in m.chronicle)


# --- Leeds, Long and Mitchell 2000: honoured when conditions are met, not by default -----------

@rests_on("commitments")
def test_share_of_commitments_honoured_lies_between_the_two_empirical_rates(off=()):
    """Leeds, Long and Mitchell (2000) find about 0.75 of commitments honoured when the
    conditions the treaty names are met; Sabrosky (1980), counting every call, about 0.27.
    In synthetic worlds every call is within scope, but the ally's capacity and its stake in
    the challenger also decide (commitments.honour_probability), and broken ties lose trust:
    the realised share falls between the two, not at a tuned 0.75."""
    invoked = honoured = 0
    for s in range(30):
        m = ArmsRaceModel(synthetic_world(10, s, years=30), rng=s, collect=False,
                          mechanisms=off_switches(off))
        m.run()
        invoked += m.counts["commitments_invoked"]
        honoured += m.counts["commitments_honoured"]
    assert invoked > 300
    assert 0.3 < honoured / invoked < 0.75


# --- Leeds 2003; Snyder 1984: Russia and Armenia, 2021-2023, without the scripted answers -----

def _russia_answers_drawn(neutral: bool = False):
    """The baseline with Russia's answers to Armenia in 2021 and 2022 drawn, not given.

    ``neutral``: scope and attention neutralised — the CSTO commitment covers any crisis of
    Armenia's and the Ukraine war leaves Russia's regional focus as it was."""
    sc = load_scenario(BASELINE)
    for ev in sc.events:
        if ev.kind == "alliance_test" and ev.ally == "Russia" and ev.year in (2021, 2022):
            ev.honoured = None
        if neutral and ev.kind == "external_shock" and ev.state == "Russia":
            ev.regional_focus = None
    if neutral:
        for t in sc.ties:
            if {t.a, t.b} == {"Russia", "Armenia"}:
                t.scope = "any"
    return sc


def _share_russia_honours(sc, seeds, off):
    """Share of runs in which Russia honours a call of Armenia's dated 2021-2023."""
    runs = 0
    for s in seeds:
        m = ArmsRaceModel(sc, rng=s, collect=False, mechanisms=off_switches(off))
        m.run(4)  # 2020-2023
        runs += any(e.kind == "commitment_honoured" and e.actors == ("Russia", "Armenia")
                    and 2021 <= e.year <= 2023 for e in m.chronicle)
    return runs / len(seeds)


@rests_on("commitments")
def test_russia_rarely_honours_armenia_because_of_scope_and_attention(off=()):
    """Without the scripted ``honoured: false``, Russia honours Armenia's calls in 2021-2023
    in at most a third of runs: the crises with Azerbaijan are over Karabakh or the
    undemarcated border (outside a commitment to Armenia's recognised territory) and from
    2022 the war in Ukraine draws Russia's forces away. With scope and attention neutralised
    it honours in most runs."""
    seeds = range(40)
    actual = _share_russia_honours(_russia_answers_drawn(), seeds, off)
    neutral = _share_russia_honours(_russia_answers_drawn(neutral=True), seeds, off)
    assert actual <= 1 / 3
    assert neutral >= actual + 0.3
