"""The model's mathematics as pure numpy functions on N-vectors and N×N matrices.

No Mesa, no I/O, no randomness drawn here (random numbers come in as arguments),
so every rule can be tested on its own and the 8-state world and an N-state
synthetic world run the same code. Conventions: ``M[i, j]`` is *i's* view of
*j*; ties ``S`` are symmetric in [-1, 1]; diagonals are zero.

The run axis: every function of the year also takes a stack of worlds, N-vectors as
(..., N) and matrices as (..., N, N) with the runs in the leading axes (scalars and
unstacked arrays broadcast over them), and gives each run exactly, bit for bit, what it
gives that run alone (``tests/test_run_axis.py``). So axes are counted from the end
(``axis=-1``, ``[..., :, None]``, ``.mT`` for each matrix transposed), never from the front.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_KM = 6371.0


def clip(x, lo, hi):
    """np.clip without its per-call overhead (it dominates on 8×8 arrays). Unlike np.clip it
    returns +0.0 for −0.0 at a bound of 0 (the same number; only the sign bit differs)."""
    return np.minimum(np.maximum(x, lo), hi)


def zero_diagonal(a):
    """np.fill_diagonal(a, 0.0) for a C-contiguous square array, or for each square of a
    stack (..., N, N), without its overhead."""
    n = a.shape[-1]
    a.reshape(-1, n * n)[:, :: n + 1] = 0.0
    return a


# --- geography -----------------------------------------------------------------------

def great_circle_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Pairwise haversine distances between capitals, km."""
    la, lo = np.radians(lat), np.radians(lon)
    dlat = la[:, None] - la[None, :]
    dlon = lo[:, None] - lo[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(la)[:, None] * np.cos(la)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def proximity(distance_km: np.ndarray, border: np.ndarray, scale_km: float) -> np.ndarray:
    """Boulding's (1962) loss-of-strength gradient: 1 for land neighbours, else exp(-d/scale).

    Walt (1987) counts proximity among the sources of threat: power that must
    travel far threatens less.
    """
    p = np.where(border, 1.0, np.exp(-distance_km / scale_km))
    zero_diagonal(p)
    return p


# --- perception (Walt, Jervis) -----------------------------------------------------------

def perceived_hostility(belief: np.ndarray, media_amplification: float) -> np.ndarray:
    """What i *feels* about j: the belief that j is hostile, amplified by the media, in [0, 1]."""
    return np.minimum(belief * media_amplification, 1.0)


def tie_hostility(strength: np.ndarray) -> np.ndarray:
    """The hostility a tie implies on its own: rivals at -1 are fully hostile, friends not at all."""
    return np.maximum(-strength, 0.0)  # strength ≥ −1, so this is ≤ 1


def alliance_cover(strength, reliability, effective_milex, cover_max: float) -> np.ndarray:
    """Share of the threat from j that i expects its allies to absorb (Waltz 1979; Walt 1987).

    ``cover[i, j] = cover_max · (1 − exp(−Σ_k a_ik · b_kj))`` where ``a_ik = max(S_ik, 0) · R_ik``
    is how much i can count on k, and ``b_kj`` is k's power against j relative to j's
    (capped at 1), zero if k is j's friend. Unreliable allies give less cover, so the
    client balances internally: it arms more.
    """
    friends = np.maximum(strength, 0.0)  # strength ≤ 1
    trust = friends * reliability
    ratio = np.minimum(effective_milex[..., :, None]
                       / np.maximum(effective_milex[..., None, :], 1e-9), 1.0)
    ability = ratio * (1.0 - friends)
    zero_diagonal(ability)
    return cover_max * (1.0 - np.exp(-trust @ ability))


def threat_weights(hostility, prox, regional_focus, offense_defense_balance, cover) -> np.ndarray:
    """W[i, j] in [0, 1]: i's threat weight on j (Walt 1985: intent, proximity, offensive power).

    ``W = clip(hostility · proximity · focus_j · odb, 0, 1) · (1 − cover)``. It is 1 for a
    fully hostile neighbour at a neutral offence–defence balance with no allies,
    and ~0 for a distant or friendly state.
    """
    w = np.minimum(hostility * prox * regional_focus[..., None, :] * offense_defense_balance,
                   1.0)
    w *= 1.0 - cover
    return w  # the diagonal of prox is 0, so is W's


def richardson_weights(strength: np.ndarray) -> np.ndarray:
    """W for ``richardson_only``: fixed from the initial ties, 1 between rivals at −1."""
    w = tie_hostility(strength)
    zero_diagonal(w)
    return w


def aim(weights):
    """``aim[i, j]``: how far j's arming looks aimed at i — j's threat weight on i relative to
    j's largest (1 for j's main adversary, 0 if j does not fear i at all).

    Arms are read by where they point (Jervis 1976, ch. 3; Walt 1987 on offensive
    intentions): a friendly neighbour arming against a third party alarms little.
    """
    top = weights.max(axis=-1, keepdims=True)
    return (weights / np.where(top > 0, top, 1.0)).mT


def hostility_update(belief, baseline, milex_growth, read_offensive, strength, reach,
                     offense_defense_balance, sensitivity, reassurance):
    """One year of the spiral (Herz 1950; Jervis 1976, 1978).

    j's arming (relative growth of the capability it buys a year) is read by i as a sign
    of hostility. Only the part i reads as offensive counts: ``read_offensive[i, j]``
    (:func:`model.simulation.posture.read_offensive_share`: j's chosen posture where i can
    see it, a worst-case-leaning prior where it cannot); offence dominance makes any arming
    more alarming; allies' arming is discounted by tie strength; and arming alarms in
    proportion to how much of it can reach i and seems aimed at i (``reach_ij`` =
    proximity × j's regional focus × ``aim``; Walt 1987). Beliefs move toward 1 by the
    signal and back toward what the ties imply at the reassurance rate:

    ``b' = clip(b + σ (1 − b) − ρ (b − b0), 0, 1)``,
    ``σ_ij = s · odb · max(g_j, 0) · R_ij · (1 − max(S_ij, 0)) · reach_ij``.
    """
    signal = sensitivity * offense_defense_balance * np.maximum(milex_growth, 0.0)
    sigma = np.minimum(signal[..., None, :] * read_offensive * (1.0 - np.maximum(strength, 0.0))
                       * reach, 1.0)
    new = belief + sigma * (1.0 - belief) - reassurance * (belief - baseline)
    return clip(new, 0.0, 1.0)  # reach and baseline have zero diagonals, so has the result


# --- budgets (Richardson) --------------------------------------------------------------

def richardson_step(milex, weights, reaction, fatigue, grievance, arms_received, cap,
                    fiscal=0.0):
    """The budget rule, Richardson (1960) in discrete time, one year:

    ``m' = clip(m + k · (W m) − a · m + g + arms + fiscal, 0, cap)``.

    ``fiscal`` (≤ 0) is the soft fiscal constraint, :func:`model.simulation.economy.fiscal_cost`
    (guns cost butter increasingly as the burden rises; Intriligator and Brito 1984); 0, its
    default, leaves the rule exactly Richardson's.
    """
    proposed = (milex + reaction * np.matmul(weights, milex[..., None])[..., 0]
                - fatigue * milex + grievance
                + arms_received + fiscal)
    return clip(proposed, 0.0, cap)


def energy_grievance(grievance, factor):
    """Richardson's g as a producer pays it: a positive drive scales with the fiscal factor of
    energy prices (``economy.energy_factor``); a negative one (a dovish public) does not."""
    return np.where(grievance > 0, grievance * factor, grievance)


@dataclass(frozen=True)
class BudgetTerms:
    """One year's budget change of every state, split into the terms that made it.

    Recorded by the budget phase from the very numbers it used (USD bn; N-vectors, the
    threat term N×N). The terms add up to the change, ``after − recorded``::

        recorded + shock + Σ_j threat[:, j] + fatigue + fiscal + grievance + arms + floor
                 + cap + drive + noise + path + player + war = after

    ``cap`` (≤ 0) is what the GDP cap cut, from the rule's proposal or after the
    strategies; it is 0 wherever the cap did not bind. ``floor`` (≥ 0) is what the floor
    at zero added. ``fiscal`` (≤ 0) is the soft fiscal constraint (the butter a rising
    burden costs). ``path`` is the change of a state whose budget is set from outside the
    region (data, then a stated growth; ``budget: path``): its rule terms are all 0.
    """

    year: int               # the year whose budgets these are
    recorded: np.ndarray    # the budget recorded for the year before
    shock: np.ndarray       # scheduled events' budget shocks before the rule
    threat: np.ndarray      # N×N: k_i · W_ij · m_j, i's reaction to j's arming
    fatigue: np.ndarray     # −a · m, the cost of keeping arms
    fiscal: np.ndarray      # the soft fiscal constraint (≤ 0): guns cost butter (economy.py)
    grievance: np.ndarray   # g as the rule used it (a producer's scaled by energy revenue)
    arms: np.ndarray        # arms received (aid) in the rule
    floor: np.ndarray       # what the floor at zero added
    cap: np.ndarray         # what the cap, max burden × GDP, cut
    drive: np.ndarray       # offensive realists' push for relative gains
    noise: np.ndarray       # the year's domestic politics
    path: np.ndarray        # a budget set from outside the region (data, stated growth)
    player: np.ndarray      # a player's order replacing the budget
    war: np.ndarray         # war mobilisation after the budget phase
    limit: np.ndarray       # the cap itself, max burden × GDP
    after: np.ndarray       # the budget at the end of the year

    def total(self) -> np.ndarray:
        """The sum of the terms: the change of every state's budget."""
        return (self.shock + self.threat.sum(axis=-1) + self.fatigue + self.fiscal
                + self.grievance + self.arms + self.floor + self.cap + self.drive + self.noise
                + self.path + self.player + self.war)


def budget_year(milex, weights, reaction, fatigue, grievance, arms_received, cap,
                power_drive, noise=None, adjust=None, fiscal=None, path=None, *, year=0,
                recorded=None, shock=None):
    """A year's budgets: the Richardson rule, then the strategies, with the terms of each.

    The rule (:func:`richardson_step`, with the soft fiscal constraint ``fiscal``, an
    N-vector ≤ 0 or None) is capped at ``cap``; offensive realists add
    ``power_drive · m``; the year's ``noise`` (multiplicative, or None) moves the result;
    ``path`` (an N-vector, NaN where the rule decides, or None) sets the budget of states
    whose budget is driven from outside the region: for them every rule term, the drive and
    the noise are 0 and the ``path`` term carries the change; ``adjust(budgets)`` (players'
    orders, or None) may replace some; the result is clipped to [0, cap] again. Returns
    ``(budgets, uncapped, terms)``: ``uncapped`` is the budget the states would set with no
    cap (for :func:`aid_beyond_cap`); ``terms`` a :class:`BudgetTerms` for ``year`` with no
    war, ``recorded`` (default ``milex``) and ``shock`` (default none) as given.
    """
    m = milex
    zero = np.zeros(m.shape)
    ruled = np.ones(m.shape, bool) if path is None else np.isnan(path)
    on = ruled.astype(float)
    fiscal = zero if fiscal is None else np.asarray(fiscal, float) * on
    grievance = np.asarray(grievance, float) * on  # a scalar g broadcasts to every state
    arms = arms_received * on
    reaction = reaction * on
    fatigue = fatigue * on
    uncapped = richardson_step(m, weights, reaction, fatigue, grievance, arms, np.inf, fiscal)
    rule = np.where(ruled, np.minimum(uncapped, cap), m)
    threat = reaction[..., :, None] * weights * m[..., None, :]
    proposed = m + threat.sum(axis=-1) - fatigue * m + grievance + arms + fiscal
    floor = np.where(proposed < 0.0, -proposed, 0.0)
    cap_cut = np.where(ruled, rule - uncapped, 0.0)  # exactly 0 where the cap did not bind
    push = power_drive * m * on
    new = rule + push
    uncapped = np.where(ruled, uncapped, m) + push
    shaken = new
    if noise is not None:
        noise = np.where(ruled, noise, 1.0)
        shaken = new * noise
        uncapped = uncapped * noise
    pathed = shaken if path is None else np.where(ruled, shaken, path)
    if path is not None:
        uncapped = np.where(ruled, uncapped, path)
    played = pathed if adjust is None else adjust(pathed.copy())
    floored = np.maximum(played, 0.0)
    final = np.minimum(floored, cap)
    terms = BudgetTerms(
        year=year, recorded=m if recorded is None else recorded,
        shock=zero if shock is None else shock, threat=threat, fatigue=-fatigue * m,
        fiscal=fiscal, grievance=grievance, arms=arms,
        floor=floor + (floored - played), cap=cap_cut + (final - floored), drive=push,
        noise=shaken - new, path=pathed - shaken, player=played - pathed, war=zero, limit=cap,
        after=final.copy())
    return final, uncapped, terms


def richardson_stable(reaction, fatigue, weights) -> bool:
    """Stability of the linear system m' = m + K W m − A m (no cap, no noise).

    Two states: stable iff a1·a2 > k1·k2 (Richardson). N states: the equilibrium of
    ``A m = K W m + g`` is stable under the recursion iff the spectral radius of
    ``A⁻¹ K W`` is below 1 (and the step is small enough not to overshoot, a ≤ 1).
    """
    a = np.asarray(fatigue, float)
    if np.any(a <= 0):
        return False
    m = (np.asarray(reaction, float) / a)[:, None] * np.asarray(weights, float)
    return float(np.max(np.abs(np.linalg.eigvals(m)))) < 1.0


# --- crises and war (Fearon, Powell) -------------------------------------------------------

def crisis_probability(hostility, prox, offense_defense_balance, crisis_rate, dampening):
    """Annual probability of a militarised crisis in each pair (upper triangle used).

    Grows with the square of the more hostile side's perceived hostility (crises are
    the business of intense rivalries: Diehl and Goertz 2000) and with proximity;
    offence dominance makes crises likelier (Jervis 1978; Van Evera 1998);
    ``dampening`` in [0, 1] is what monitors, treaties and confidence-building take off.
    """
    h = np.maximum(hostility, hostility.mT) ** 2
    p = crisis_rate * h * prox * offense_defense_balance * (1.0 - dampening)
    return np.minimum(p, 0.95)  # every factor is ≥ 0; prox has a zero diagonal


def theatre_capability(capability, regional_focus):
    """The capability a state can bring to bear in the region: its stock × the share of its
    forces and attention on the South Caucasus.

    Power declines with distance and with commitments elsewhere — Boulding's (1962)
    loss-of-strength gradient. A local crisis is bargained over, and a local war fought,
    with the forces in the theatre: Turkey's army is fourteen times Armenia's, but most of
    it faces other fronts; Russia's after 2022 is in Ukraine.
    """
    return capability * regional_focus


def power_share(capability_i, capability_j):
    """i's share of the pair's capability."""
    return capability_i / np.maximum(capability_i + capability_j, 1e-12)


def war_probability(power_shift, uncertainty, offense_defense_balance, war_cost, third_parties,
                    sensitivity, information_risk, tolerance, challenger_share=0.5):
    """Probability that a crisis ends in war (Fearon 1995; Powell 2006).

    Bargaining fails for two reasons here: a commitment problem when relative power
    shifts fast (the declining side may prefer war now to worse terms later), and
    private information (``uncertainty`` = 1 − transparency). Costs of war and third
    parties who have honoured commitments widen the bargaining range. A challenger that
    expects to win presses harder, so a target that can deny it a quick victory deters
    (Mearsheimer 1983; Huth 1988): the pressure is scaled by ``2 · challenger_share``
    (1 at parity). With constant power and full information the probability is exactly 0.
    """
    pressure = sensitivity * np.maximum(np.abs(power_shift) - tolerance, 0.0)
    pressure = pressure + information_risk * uncertainty
    pressure = pressure * 2.0 * challenger_share
    return 1.0 - np.exp(-pressure * offense_defense_balance / (war_cost * (1.0 + third_parties)))


# --- arms trade, alliances, economy --------------------------------------------------------

def arms_flows(strength, hostility, weights, milex, rate):
    """Yearly arms transfers (assistance) supplier → client, USD bn (``F[s, c]``).

    Suppliers arm friends, the more so when the client's threats are states the
    supplier itself sees as hostile (Walt 1987: aid as a tool of alignment). Arms flow
    down the hierarchy of military power (Krause 1992): only the larger military of a
    pair supplies, in proportion to the gap, ``(m_s − m_c) / (m_s + m_c)``.
    """
    total = weights.sum(axis=-1, keepdims=True)
    focus = weights / np.where(total > 0, total, 1.0)
    motive = 0.5 + hostility @ focus.mT
    supplier, client = milex[..., :, None], milex[..., None, :]
    gap = np.maximum(supplier - client, 0.0) / np.maximum(supplier + client, 1e-12)
    return rate * np.maximum(strength, 0.0) * motive * gap * client  # S_ii = 0


def aid_beyond_cap(arms_received, uncapped_budget, cap):
    """The part of the aid that the GDP cap keeps out of the budget rule's result.

    The budget rule adds arms received before it caps the budget at ``max_burden · GDP``,
    so a state at its cap would lose its aid. The cap is a fiscal limit on
    what the state pays itself; gifts are not paid from its budget, so what the cap cut
    off, up to the aid, still arrives: ``min(arms, max(uncapped − cap, 0))``."""
    return np.minimum(arms_received, np.maximum(uncapped_budget - cap, 0.0))


def capability_step(capability, spending, quality, depreciation):
    """Perpetual-inventory capability stock: K' = (1 − δ) K + q · s.

    ``s`` is the year's spending as the budget rule sets it — arms received are inside it
    (the rule adds them) — plus the aid the GDP cap kept out (:func:`aid_beyond_cap`): every
    unit of aid is counted once."""
    return (1.0 - depreciation) * capability + quality * spending


def gdp_step(gdp, growth):
    """Nominal GDP one year on."""
    return gdp * (1.0 + growth)


def top_threats(weights, milex):
    """Each state's largest Richardson term ``W_ij m_j`` and who it comes from (Walt)."""
    terms = weights * milex[..., None, :]
    return terms.sum(axis=-1), terms.argmax(axis=-1), terms
