"""Diplomacy: what agreements do to ties and beliefs, and how the computer answers a player.

Scheduled events (:mod:`model.simulation.events`) and a student's orders (:class:`agents.orders.Orders`)
change ties through the same functions here: ``set_tie``, ``shift_tie``, ``cbm`` and
``peace_treaty``.

Partners answer a player from the model's own numbers: they accept an approach unless they
see the player as hostile (belief above ``ACCEPT_HOSTILITY``) or are the friends of its main
threat (Walt 1987: states align against the threatening); a rival accepts CBMs or a treaty
while its fear of the player is below the same threshold (Kydd 2005: reassurance works only
while trust is not gone). A partner that is itself played answers for itself when its
players have given an answer (a class game's seats: ``Orders.answers``); otherwise the model
answers for it. Every answer goes into the chronicle with its reason.
"""

from __future__ import annotations

import numpy as np

from agents.orders import MOVES, Orders
from model.simulation import dynamics as dyn
from model.simulation.chronicle import Entry

ACCEPT_HOSTILITY = 0.6
#: A player's CBMs are a ``cbm`` event at its default level.
PLAYER_CBM_LEVEL = 0.5
#: A player's treaty anchors the tie where a ``peace_treaty`` event does by default.
PLAYER_TREATY_STRENGTH = -0.2
#: Share of each side's fear of the other that a peace treaty leaves.
TREATY_BELIEF_FACTOR = 0.6


# --- effects on the world, shared by events and orders -------------------------------------
# Each works on one world or on a stack of worlds (the run axis: dynamics.py), so a scheduled
# event applies to every run of an ensemble at once; a value may then be one per run.
def set_tie(w, i, j, strength=None, anchor=None, kind=None, commitment=None, reliability=None):
    """Set the given properties of the tie i–j (both directions); None leaves one as it is."""
    for x, y in ((i, j), (j, i)):
        if strength is not None:
            w.strength[..., x, y] = strength
        if anchor is not None:
            w.anchor[..., x, y] = anchor
        if kind is not None:
            w.kind[..., x, y] = kind
        if commitment is not None:
            w.commitment[..., x, y] = commitment
        if reliability is not None:
            w.reliability[..., x, y] = reliability


def shift_tie(w, i, j, delta: float) -> None:
    """Move the tie i–j and the anchor it returns to by ``delta`` (each kept in [-1, 1])."""
    s = np.clip(w.strength[..., i, j] + delta, -1.0, 1.0)
    a = np.clip(w.anchor[..., i, j] + delta, -1.0, 1.0)
    set_tie(w, i, j, strength=s, anchor=a)


def cbm(w, i, j, level: float) -> None:
    """Confidence-building measures between i and j: monitoring at least ``level``, and
    each side's fear of the other falls by ``level / 2`` of itself."""
    w.monitoring[..., i, j] = w.monitoring[..., j, i] = np.maximum(w.monitoring[..., i, j], level)
    w.belief[..., i, j] *= 1.0 - level / 2
    w.belief[..., j, i] *= 1.0 - level / 2


def peace_treaty(w, i, j, strength: float, guarantee: float | None = None,
                 kind: str | None = None) -> None:
    """A peace treaty between i and j: the tie's anchor rises to at least ``strength`` and the
    tie to its anchor; each side's fear falls to ``TREATY_BELIEF_FACTOR`` of itself.

    ``guarantee`` (third parties' enforcement) and ``kind`` (the tie's new name) are set when
    given: a scenario's treaty sets both, a player's treaty has no guarantor and keeps the
    tie's name."""
    anchor = np.maximum(w.anchor[..., i, j], strength)
    set_tie(w, i, j, strength=np.maximum(w.strength[..., i, j], anchor), anchor=anchor,
            kind=kind)
    w.belief[..., i, j] *= TREATY_BELIEF_FACTOR
    w.belief[..., j, i] *= TREATY_BELIEF_FACTOR
    if guarantee is not None:
        w.guarantee[..., i, j] = w.guarantee[..., j, i] = guarantee


# --- a player's orders ----------------------------------------------------------------------
def apply_diplomacy(model, agent, orders: Orders) -> None:
    """Alliance moves, CBMs and treaties: applied at the start of the year, before perception."""
    w = model.world
    i = agent.index
    top = model.top_threat_index[i] if model.net_threat[i] > 0 else None
    for partner, move in orders.alliance_moves.items():
        j = w.index(partner)
        if move not in MOVES:
            raise ValueError(f"unknown alliance move {move!r}; choose one of {', '.join(MOVES)}")
        if move == "downgrade":
            shift_tie(w, i, j, MOVES[move])
            if w.strength[i, j] < 0.3:
                w.commitment[i, j] = w.commitment[j, i] = False
            _note(model, (agent.name, partner), f"{agent.name} downgrades its tie to {partner}",
                  f"tie strength now {w.strength[i, j]:+.2f}")
            continue
        refusal = _decided(model, j, agent.name, "alliance", _refusal(model, j, i, top))
        if refusal:
            _note(model, (agent.name, partner), f"{partner} turns down {agent.name}'s approach",
                  refusal)
            continue
        shift_tie(w, i, j, MOVES[move])
        if move == "seek" and w.strength[i, j] >= 0.5:
            w.commitment[i, j] = w.commitment[j, i] = True
            w.kind[i, j] = w.kind[j, i] = "alliance"
        _note(model, (agent.name, partner),
              f"{partner} accepts {agent.name}'s offer to {move} their tie",
              f"tie strength now {w.strength[i, j]:+.2f}"
              + ("; it now carries a commitment" if w.commitment[i, j] else ""))
    for partner in orders.propose_cbm:
        j = w.index(partner)
        refusal = _decided(model, j, agent.name, "cbm",
                           f"it fears {agent.name} too much to trust them ({w.belief[j, i]:.2f})"
                           if w.belief[j, i] > ACCEPT_HOSTILITY else "")
        if refusal:
            _note(model, (agent.name, partner), f"{partner} rejects {agent.name}'s CBMs", refusal,
                  order="cbm")
            continue
        cbm(w, i, j, PLAYER_CBM_LEVEL)
        _note(model, (agent.name, partner), f"{agent.name} and {partner} agree CBMs",
              "hotlines and inspections: fewer crises, fears cool", order="cbm", agreed=True)
    for partner in orders.propose_treaty:
        j = w.index(partner)
        refusal = _decided(model, j, agent.name, "treaty",
                           f"mutual fear is too high ({w.belief[j, i]:.2f}, {w.belief[i, j]:.2f})"
                           if max(w.belief[j, i], w.belief[i, j]) > ACCEPT_HOSTILITY else "")
        if refusal:
            _note(model, (agent.name, partner), f"{partner} rejects a peace treaty", refusal,
                  order="treaty")
            continue
        peace_treaty(w, i, j, PLAYER_TREATY_STRENGTH)
        _note(model, (agent.name, partner), f"{agent.name} and {partner} sign a peace treaty",
              "no guarantor: it holds while power stays balanced (Fearon)", order="treaty",
              agreed=True)


def declined_flows(model, agent, orders: Orders) -> None:
    """Refused arms assistance is not delivered this year."""
    w = model.world
    for supplier in orders.decline_arms_from:
        s = w.index(supplier)
        if w.arms_flow[s, agent.index] > 0:
            _note(model, (agent.name, supplier), f"{agent.name} declines arms from {supplier}",
                  f"USD {w.arms_flow[s, agent.index]:.3f} bn not delivered; no dependence grows",
                  order="arms")
            w.arms_flow[s, agent.index] = 0.0


def arms_offers(model, state: str) -> dict[str, float]:
    """Suppliers that would give ``state`` arms this year, and how much (USD bn)."""
    w = model.world
    flows = dyn.arms_flows(w.strength, w.belief, w.weights, w.milex, model.arms_trade_rate)
    i = w.index(state)
    return {w.names[s]: float(flows[s, i]) for s in np.flatnonzero(flows[:, i] > 1e-6)}


def _decided(model, j, proposer: str, kind: str, model_refusal: str) -> str:
    """Why partner ``j`` refuses ``proposer``'s proposal of ``kind`` ('' if it accepts): its
    players' own answer when it is played and they gave one, else the model's reason."""
    answer = getattr(model.agent_list[j].strategy, "orders", None)
    answer = None if answer is None else answer.answers.get((proposer, kind))
    if answer is None:
        return model_refusal
    return "" if answer else f"{model.world.names[j]}'s players said no"


def _refusal(model, j, i, player_threat) -> str:
    w = model.world
    if w.belief[j, i] > ACCEPT_HOSTILITY:
        return f"it sees {w.names[i]} as hostile ({w.belief[j, i]:.2f})"
    if player_threat is not None and w.strength[j, player_threat] > 0.5:
        return f"it is a close friend of {w.names[player_threat]}, {w.names[i]}'s main threat"
    return ""


def _note(model, actors, text, why, order: str = "alliance", agreed: bool = False):
    """A player's order in the chronicle; ``data`` says which kind of order (alliance, arms,
    cbm, treaty) and whether a proposal was agreed, for the debriefs' concepts."""
    model.note(Entry(model.now, "player", tuple(actors), text, why,
                     data={"order": order, "agreed": agreed}))
