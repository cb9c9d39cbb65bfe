"""The year-by-year summary `armsrace run` prints: readable in a terminal or a handout."""

from __future__ import annotations

#: the regional pair whose spending ratio the summary follows, if both are present
PAIR = ("Azerbaijan", "Armenia")
CHANGE_KINDS = {"alliance_signed", "alliance_frozen", "tie_change", "commitment_broken",
                "commitment_honoured", "war", "peace_treaty", "arms_deal"}


def print_summary(model, df, out=print) -> None:
    names = model.world.names
    milex = df.pivot(index="year", columns="state", values="milex")[names]
    years = df.groupby("year")[["crises", "wars"]].max()
    short = {n: model.scenario.states[n].iso3 or n[:8] for n in names}   # ARM, AZE, ...
    has_pair = all(p in names for p in PAIR)
    head = "year " + " ".join(f"{short[n]:>8}" for n in names)
    if has_pair:
        head += f" {'AZE/ARM':>8}"
    head += f" {'crises':>7} {'wars':>5}"
    out(f"{model.scenario.name} — military spending, USD bn (seed {model.seed})")
    if off := model.mechanisms.off():
        out(f"mechanisms off (their neutral versions run): {', '.join(off)}")
    out(head)
    for y, row in milex.iterrows():
        line = f"{y:<4} " + " ".join(f"{row[n]:8.3f}" if row[n] < 10 else f"{row[n]:8.1f}"
                                     for n in names)
        if has_pair:
            line += f" {row[PAIR[0]] / max(row[PAIR[1]], 1e-9):8.2f}"
        line += f" {int(years.loc[y, 'crises']):7d} {int(years.loc[y, 'wars']):5d}"
        out(line)
    changes = [e for e in model.chronicle if e.kind in CHANGE_KINDS]
    if changes:
        out("\nalliance changes, wars and arms deals:")
        for e in changes:
            out(f"  {e}")
    c = model.counts
    share = c["commitments_honoured"] / c["commitments_invoked"] if c["commitments_invoked"] else 0
    out(f"\n{counted(c['crises'], 'crisis', 'crises')}, {counted(c['wars'], 'war')}; "
        f"{c['commitments_honoured']} of {counted(c['commitments_invoked'], 'invoked commitment')}"
        f" honoured ({share:.0%})")


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` with the noun in the right number: '1 war', '3 wars', '1 crisis', '2 crises'."""
    return f"{n} {one if n == 1 else many or one + 's'}"

