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
    return Console(
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
    """What a step holds, numbered as the grammar numbers it. For the facilitator: the
    projector has its own view (ui/present.py). `legend` adds a tag step's tag list."""
    record = exercise.step(definition.id)
    kind = definition.kind
    lines: list[Line] = []
    if kind == "capture":
        for number, answer in enumerate(record.answers, 1):
            extras = []
            if answer.group:
                extras.append(answer.group)
            if answer.tags:
                extras.append("tags: " + ", ".join(answer.tags))
            if answer.votes:
                extras.append(f"{answer.votes} vote" + ("" if answer.votes == 1 else "s"))
            if answer.private:
                extras.append("private")
            if answer.carried_from:
                extras.append(f"from {answer.carried_from}")
            tail = f"  ({'; '.join(extras)})" if extras else ""
            lines.append(Line(f"{number}. {answer.text}{tail}", group_style(session, answer.group)))
    elif kind == "scale":
        values = [r.value for r in record.responses]
        if values:
            mean = sum(values) / len(values)
            lines.append(Line(f"{len(values)} responses, mean {mean:.1f}"))
            for point in range(definition.min, definition.max + 1):
                count = values.count(point)
                label = definition.labels.get(point, "")
                bar = "#" * count
                lines.append(Line(f"{point} {label:<12} {count:>3} {bar}", indent=1))
            groups = {}
            for response in record.responses:
                groups.setdefault(response.group or "no group", []).append(response.value)
            if len(groups) > 1 or None not in {r.group for r in record.responses}:
                for name, vals in groups.items():
                    lines.append(Line(f"{name}: n={len(vals)}, mean {sum(vals) / len(vals):.1f}", indent=1))
    elif kind == "choice":
        counts = {o.name: 0 for o in definition.options}
        for response in record.responses:
            counts[response.choice] = counts.get(response.choice, 0) + 1
        for number, (name, count) in enumerate(counts.items(), 1):
            lines.append(Line(f"{number}. {name}: {count}"))
    elif kind in ("tag", "vote"):
        target = exercise.step(definition.of)
        for number, answer in enumerate(target.answers, 1):
            detail = ", ".join(answer.tags) if kind == "tag" else f"{answer.votes} dots"
            lines.append(Line(f"{number}. {answer.text}  [{detail or 'no tags'}]", group_style(session, answer.group)))
        if kind == "tag" and legend:
            lines.append(
                Line("Tags: " + ", ".join(f"{i} {o.name}" for i, o in enumerate(definition.options, 1)), "dim")
            )
    elif kind == "glossary":
        for term in record.terms:
            lines.append(Line(term.term, "bold"))
            for meaning in term.meanings:
                who = meaning.group or "no group"
                lines.append(Line(f"{who}: {meaning.meaning}", group_style(session, meaning.group), indent=1))
        unused = [s for s in definition.suggestions if s.casefold() not in {t.term.casefold() for t in record.terms}]
        if unused:
            lines.append(Line("Not yet discussed: " + ", ".join(unused), "dim"))
    elif kind == "actions":
        for number, action in enumerate(record.actions, 1):
            parts = [action.action]
            if action.owner:
                parts.append(f"owner: {action.owner}")
            if action.due:
                parts.append(f"due: {action.due}")
            lines.append(Line(f"{number}. " + "; ".join(parts)))
    if not lines:
        lines.append(Line("(nothing yet)", "dim"))
    return lines


def print_lines(console: Console, lines: list[Line], indent: int = 2) -> None:
    import textwrap

    width = max(20, console.width - 1)
    # One print for all the lines: a print per line took seconds for 20,000 answers.
    out = Text()
    for number, line in enumerate(lines):
        pad = " " * (indent + 2 * line.indent)
        # Wrapped lines keep their indent, so each numbered answer stands apart.
        hang = "   " if _NUMBERED.match(line.text) else ""
        wrapped = textwrap.wrap(line.text, width, initial_indent=pad, subsequent_indent=pad + hang) or [pad]
        if number:
            out.append("\n")
        out.append("\n".join(wrapped), style=line.style or "")
    if lines:
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
