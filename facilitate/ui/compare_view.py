"""`facilitate compare`: two workshops side by side in the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from facilitate.format import count, more_shifts, number, percent, share_of, shift_phrase
from facilitate.ui.summary_view import _table, indented

# Shifts listed per step unless --all; the rest are counted, never dropped.
LISTED = 8


def _n(value: int) -> str:
    return str(value) if value else "–"


def _listed(shifts: list, show_all: bool) -> tuple[list, list]:
    return (shifts, []) if show_all else (shifts[:LISTED], shifts[LISTED:])


def _more(console: Console, left: list, shift_of=lambda item: item[2]) -> None:
    if left:
        console.print(Text(f"  {more_shifts([shift_of(item) for item in left])}", style="dim"))


def _heading(console: Console, prompt: str, rule: str) -> None:
    console.print()
    console.rule(Text(prompt, style="bold"), characters=rule)


def print_comparison(console: Console, c, plain: bool, show_all: bool = False) -> None:
    rule = "=" if plain else "─"
    console.print(Text(f"{c.a_label}  →  {c.b_label}", style="bold"))
    console.print(Text(f"{c.a} compared with {c.b}", style="dim"))
    # The shift column wraps: "too few to compare" is words, not a figure.
    a_n = b_n = ("n", "right")
    for scale in c.scales:
        _heading(console, scale.prompt, rule)
        table = _table(plain, ("", "left"), (c.a_short, "right"), a_n, (c.b_short, "right"), b_n, ("shift", "left"))
        for shift in [scale.overall, *scale.by_group]:
            table.add_row(
                shift.label,
                number(shift.before),
                _n(shift.n_before),
                number(shift.after),
                _n(shift.n_after),
                shift_phrase(shift),
            )
        console.print(indented(table, 2))
    for tags in c.tags:
        _heading(console, tags.prompt, rule)
        if not tags.comparable:
            console.print(Text("  Not tagged in both workshops, so there is nothing to compare yet.", style="dim"))
            continue
        shown, left = _listed(tags.shifts, show_all)
        console.print(indented(_share_shifts(plain, c, ("tag", "group"), shown), 2))
        _more(console, left)
    for choices in c.choices:
        _heading(console, choices.prompt, rule)
        shown, left = _listed(choices.shifts, show_all)
        table = _share_shifts(plain, c, ("option", "who"), shown)
        console.print(Text("  The share of each group's hands that went to the option.", style="dim"))
        console.print(indented(table, 2))
        _more(console, left)
    for changes in c.answers:
        if not (changes.recurring or changes.new or changes.gone):
            continue
        console.print()
        console.rule(Text(changes.prompt, style="bold"), characters=rule)
        if changes.recurring:
            console.print(Text("  Came up again", style="bold"))
            for r in changes.recurring:
                how = "carried forward" if r.carried else f"{percent(r.score / 100)} alike"
                console.print(indented(Text(f"• {r.after}  (last time: “{r.before}”; {how})"), 4))
        if changes.new:
            console.print(Text("  New this time", style="bold"))
            for text in changes.new:
                console.print(indented(Text(f"• {text}"), 4))
        if changes.private_new:
            note = f"+ {count(changes.private_new, 'private answer')} (counted, not quoted)"
            console.print(indented(Text(note, style="dim"), 4))
        if changes.gone:
            console.print(Text("  Not heard this time", style="bold"))
            for text in changes.gone:
                console.print(indented(Text(f"• {text}", style="dim"), 4))
    for votes in c.votes:
        _heading(console, votes.prompt, rule)
        if not votes.again:
            console.print(Text("  No answer dotted here came up again.", style="dim"))
            continue
        shown, left = _listed(votes.again, show_all)
        console.print(
            Text("  Answers that came up again: the share of the room's people who dotted each.", style="dim")
        )
        table = _table(plain, ("answer", "left"), (c.a_short, "right"), (c.b_short, "right"), ("shift", "left"))
        for item in shown:
            table.add_row(
                item.after,
                f"{share_of(item.shift.before, item.shift.n_before)}, {count(item.dots_before, 'dot')}",
                f"{share_of(item.shift.after, item.shift.n_after)}, {count(item.dots_after, 'dot')}",
                shift_phrase(item.shift, True),
            )
        console.print(indented(table, 2))
        _more(console, left, lambda item: item.shift)
    for terms in c.terms:
        _heading(console, terms.prompt, rule)
        for t in terms.again:
            then = "groups differed" if t.differed else "meanings agreed"
            now_ = "groups differ" if t.differs else "meanings agree"
            groups = f"{len(t.groups_before)} → {count(len(t.groups_after), 'group')}"
            console.print(indented(Text(f"• {t.term}: {then} in {c.a_short}, {now_} in {c.b_short} ({groups})"), 4))
        if terms.new:
            console.print(indented(Text(f"New in {c.b_short}: " + ", ".join(terms.new)), 4))
        if terms.dropped:
            console.print(indented(Text(f"Not discussed in {c.b_short}: " + ", ".join(terms.dropped), style="dim"), 4))
    for skipped in c.skipped:
        console.print()
        console.rule(Text(skipped.prompt, style="bold"), characters=rule)
        where = " and ".join(skipped.where)
        console.print(Text(f"  Skipped in {where}, so it is not compared.", style="dim"))


def _share_shifts(plain: bool, c, names: tuple[str, str], shown):
    """A table of shares that moved between the two workshops, each with its n: a tag
    per group, or an option per group."""
    table = _table(
        plain, (names[0], "left"), (names[1], "left"), (c.a_short, "right"), (c.b_short, "right"), ("shift", "left")
    )
    for what, who, shift in shown:
        table.add_row(
            what,
            who,
            share_of(shift.before, shift.n_before),
            share_of(shift.after, shift.n_after),
            shift_phrase(shift, True),
        )
    return table
