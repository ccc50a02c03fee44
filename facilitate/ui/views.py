"""Rich views of sessions and steps: what `show`, `list` and the walk-through print.

Each view is built as simple lines first, so the same words reach a colour screen,
a monochrome projector and a screen reader (`--plain` / NO_COLOR).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:  # only for annotations: `list` runs without loading the model
    from facilitate.model import ExerciseRun, Session, StepDefinition

_NUMBERED = re.compile(r"\d+\. ")
GROUP_STYLES = ["cyan", "magenta", "green", "yellow", "blue", "red"]


def make_console(plain: bool = False, stderr: bool = False, width: int | None = None) -> Console:
    from facilitate.ui.text import safe_console

    return safe_console(
        stderr=stderr,
        no_color=plain,
        color_system=None if plain else "auto",
        highlight=False,
        emoji=False,
        width=width,
        file=sys.stderr if stderr else sys.stdout,
    )


def group_style(session: Session, group: str | None) -> str:
    names = [g.name for g in session.groups]
    if group in names:
        return GROUP_STYLES[names.index(group) % len(GROUP_STYLES)]
    return "white"


@dataclass
class Line:
    text: str
    style: str = ""
    indent: int = 0


def step_lines(session: Session, exercise: ExerciseRun, definition: StepDefinition, legend: bool = True) -> list[Line]:
    """What a step holds, numbered as the grammar numbers it, in the step kind's own
    words, coloured by group. For the facilitator: the projector has its own view
    (ui/present.py). `legend` adds a tag step's tag list."""
    from facilitate.registry import kind_named

    lines = [
        Line(plain.text, _style(session, plain), plain.indent)
        for plain in kind_named(definition.kind).lines(session, exercise, definition, legend)
    ]
    return lines or [Line("(nothing yet)", "dim")]


def as_lines(session: Session | None, plain_lines: list) -> list[Line]:
    """A kind's plain lines (kinds.base.ListLine) as styled lines."""
    return [Line(p.text, _style(session, p), p.indent) for p in plain_lines]


def _style(session: Session | None, plain) -> str:
    if plain.emphasis:
        return plain.emphasis
    if plain.group is not None and session is not None:
        return group_style(session, plain.group)
    return ""


# Beyond this many characters a line is wrapped by _wrap_long: textwrap took a
# second for each megabyte of a pasted answer, which `show` prints twice.
LONG_LINE = 5_000


def _wrap_long(text: str, width: int, first: str, rest: str) -> list[str]:
    """Greedy wrapping at spaces, as textwrap does (a word longer than a line is cut),
    in one pass of a regular expression over each paragraph."""
    import re

    room = max(1, width - len(rest))
    # As much as fits, ending before a space (or at the end), else a hard cut.
    piece = re.compile(rf"\S.{{0,{room - 1}}}(?=\s|$)|\S.{{0,{room - 1}}}")
    found = [match.group() for part in text.split("\n") for match in piece.finditer(" ".join(part.split()))]
    if not found:
        return [first]
    # The first line has its own indent; its width is taken as the rest's, close enough
    # for a line this long.
    return [first + found[0], *(rest + f for f in found[1:])]


class _Wrapped:
    """Lines wrapped already, drawn as they are in one style (the console hands
    them on a line at a time: ui/text.py)."""

    def __init__(self, text: str, style: str) -> None:
        self.text, self.style = text, style

    def __rich_console__(self, console: Console, options):
        from rich.segment import Segment

        yield Segment(self.text, console.get_style(self.style) if self.style else None)
        yield Segment.line()


def print_lines(console: Console, lines: list[Line], indent: int = 2) -> None:
    import textwrap

    width = max(20, console.width - 1)
    # A print per hundred lines: a print per line took seconds for 20,000 answers, and
    # one text of them all is cut into lines more slowly than a hundred at a time.
    for start in range(0, len(lines), 100):
        out, held = Text(), 0
        for line in lines[start : start + 100]:
            pad = " " * (indent + 2 * line.indent)
            # Wrapped lines keep their indent, so each numbered answer stands apart.
            hang = "   " if _NUMBERED.match(line.text) else ""
            if len(line.text) > LONG_LINE:
                # Printed on its own, already wrapped: rich made an object of every
                # line of a text, a second for each megabyte of one answer.
                if held:
                    console.print(out, soft_wrap=True)
                    out, held = Text(), 0
                wrapped = _wrap_long(line.text, width, pad, pad + hang)
                console.print(_Wrapped("\n".join(wrapped), line.style), soft_wrap=True)
                continue
            wrapped = textwrap.wrap(line.text, width, initial_indent=pad, subsequent_indent=pad + hang) or [pad]
            if held:
                out.append("\n")
            out.append("\n".join(wrapped), style=line.style or "")
            held += 1
        if held:
            console.print(out, soft_wrap=True)


def show_session(console: Console, session: Session) -> None:
    facts = [session.date.isoformat()]
    if session.location:
        facts.append(session.location)
    if session.facilitator:
        facts.append(f"facilitated by {session.facilitator}")
    facts.append(session.status)
    console.print(Text(session.title, style="bold"))
    console.print(Text(" · ".join(facts)))
    if session.groups:
        groups = ", ".join(
            f"{g.key} = {g.name}" + (f" ({session.headcount[g.name]})" if g.name in session.headcount else "")
            for g in session.groups
        )
        console.print(Text(f"Groups: {groups}"))
    if session.like:
        console.print(Text(f"A re-run of {session.like}"))
    for exercise in session.exercises:
        console.print()
        console.print(
            Text(
                f"{exercise.definition.title}  [{exercise.id}, {exercise.definition.minutes} min]",
                style="bold underline",
            )
        )
        for definition in exercise.definition.steps:
            record = exercise.step(definition.id)
            print_lines(console, [Line(f"{definition.prompt}  ({definition.kind}, {record.status})", "bold")], indent=2)
            print_lines(console, step_lines(session, exercise, definition), indent=4)
        if exercise.notes:
            console.print(Text("  Facilitator notes:", style="italic"))
            print_lines(console, [Line(note, "italic") for note in exercise.notes.splitlines()], indent=4)


def aligned_rows(header: tuple[str, ...], rows: list[tuple[str, ...]], right: set[int] = frozenset()) -> list[str]:
    """Rows as text columns, never cut short: ids are what people type next."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        return "  ".join(cells).rstrip()

    return [fmt(header), *(fmt(r) for r in rows)]


def terms_lines(terms: list) -> list[Line]:
    """`/terms`: each word the groups define differently, with every group's meanings
    of it side by side under it, and where each was given."""
    if not terms:
        return [Line("No word has been defined differently by the groups yet.", "dim")]
    lines = []
    for term in terms:
        lines.append(Line(term.term, "bold"))
        for group in term.groups:
            said = [m for m in term.meanings if m.group == group]
            text = " | ".join(f"{m.meaning} ({m.where})" for m in said)
            lines.append(Line(f"{group}: {text}", indent=1))
    return lines
