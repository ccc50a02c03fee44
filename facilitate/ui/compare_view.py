"""`facilitate compare`: two workshops side by side in the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from facilitate.format import count, number, percent
from facilitate.ui.summary_view import _table, indented


def _signed(value: float | None, as_percent: bool = False) -> str:
    if value is None:
        return ""
    if as_percent:
        points = percent(abs(value)).rstrip("%")
        return (("+" if value > 0 else "−") + f"{points} pts") if points != "0" else "same"
    text = number(abs(value))
    return "same" if text == "0.0" else ("+" if value > 0 else "−") + text


def print_comparison(console: Console, c, plain: bool) -> None:
    rule = "=" if plain else "─"
    console.print(Text(f"{c.a_label}  →  {c.b_label}", style="bold"))
    console.print(Text(f"{c.a} compared with {c.b}", style="dim"))
    for scale in c.scales:
        console.print()
        console.rule(Text(scale.prompt, style="bold"), characters=rule)
        table = _table(plain, ("", "left"), (c.a_short, "right"), (c.b_short, "right"), ("shift", "right"))
        for shift in [scale.overall, *scale.by_group]:
            table.add_row(shift.label, number(shift.before), number(shift.after), _signed(shift.change))
        console.print(indented(table, 2))
    for tags in c.tags:
        moved = [item for item in tags.shifts if item[2].change][:8]
        console.print()
        console.rule(Text(tags.prompt, style="bold"), characters=rule)
        if not tags.comparable:
            console.print(Text("  Not tagged in both workshops, so there is nothing to compare yet.", style="dim"))
            continue
        if not moved:
            console.print(Text("  No change in how answers were tagged.", style="dim"))
            continue
        table = _table(
            plain, ("tag", "left"), ("group", "left"), (c.a_short, "right"), (c.b_short, "right"), ("shift", "right")
        )
        for tag, group, shift in moved:
            table.add_row(tag, group, percent(shift.before), percent(shift.after), _signed(shift.change, True))
        console.print(indented(table, 2))
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
    for skipped in c.skipped:
        console.print()
        console.rule(Text(skipped.prompt, style="bold"), characters=rule)
        where = " and ".join(skipped.where)
        console.print(Text(f"  Skipped in {where}, so it is not compared.", style="dim"))
