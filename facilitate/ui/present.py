"""The projector view: the question, the answers so far as cards coloured by group,
and the timer, sized to the screen so that nothing is cut off.

What the public sees: never facilitator notes, never the text of a private answer
(only that one exists).
"""

from __future__ import annotations

from rich import box
from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from facilitate.facilitation import StepContext
from facilitate.figures.format import count, number
from facilitate.figures.session import step_figures
from facilitate.model import Session
from facilitate.ui.views import group_style


def _height(renderable: RenderableType, width: int) -> int:
    """How many lines the renderable takes at this width, without drawing it."""
    import io

    probe = Console(width=width, no_color=True, file=io.StringIO())
    return len(probe.render_lines(renderable, probe.options, pad=False))


def _cards(session: Session, ctx: StepContext, width: int, plain: bool) -> tuple[list[Panel], int]:
    """A card per visible answer, newest last, and the number of private ones."""
    target = ctx.target
    kind = ctx.definition.kind
    cards = []
    hidden = 0
    columns = max(1, width // 40)
    card_width = max(20, width // columns - 1)
    numbered = list(enumerate(target.answers, 1))
    if kind == "vote":
        # The room sees the ranking: most dots first.
        numbered.sort(key=lambda item: -item[1].votes)
    for label, answer in numbered:
        if answer.private:
            hidden += 1
            continue
        style = "white" if plain else group_style(session, answer.group)
        subtitle = answer.group or ""
        if kind == "tag" and answer.tags:
            subtitle = ", ".join(answer.tags)
        if kind == "vote":
            subtitle = count(answer.votes, "dot")
        cards.append(
            Panel(
                Text(answer.text),
                title=f"{label}",
                title_align="left",
                subtitle=subtitle or None,
                subtitle_align="right",
                border_style=style,
                box=box.ASCII if plain else box.ROUNDED,
                width=card_width,
                padding=(0, 1),
            )
        )
    return cards, hidden


def _tallies(rows: list[tuple[str, int]], width: int, plain: bool) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    label_width = min(max((len(label) for label, _ in rows), default=4), width // 3)
    table.add_column(width=label_width, overflow="fold")
    table.add_column(justify="right", width=3)
    table.add_column()
    most = max((n for _, n in rows), default=0) or 1
    bar_room = max(5, width - label_width - 10)
    for label, n in rows:
        bar = ("#" if plain else "█") * round(n / most * bar_room)
        table.add_row(label, str(n), bar)
    return table


def _body(session: Session, ctx: StepContext, width: int, height: int, plain: bool) -> RenderableType:
    d = ctx.definition
    record = ctx.record
    if d.kind == "tag":
        return _tag_lines(session, ctx, width, height, plain)
    if d.kind in ("capture", "vote"):
        cards, hidden = _cards(session, ctx, width, plain)
        shown = list(cards)
        while shown:
            extra = len(cards) - len(shown)
            note = _private_note(hidden, extra)
            body = Group(Columns(shown, equal=True), note)
            if _height(body, width) <= height:
                return body
            # The room wants to see what it just said: drop the oldest first.
            shown.pop(0 if d.kind != "vote" else -1)
        return _private_note(hidden, len(cards)) if cards or hidden else Text("Nothing yet.", style="dim")
    if d.kind == "scale":
        o = step_figures(session, ctx.exercise.id, d.id).overall
        rows = [(f"{p} {d.labels.get(p, '')}".strip(), people) for p, people in o.distribution.items()]
        summary = Text(
            count(o.n, "response") + (f" · average {number(o.mean)} · median {number(o.median)}" if o.n else "")
        )
        return Group(_tallies(rows, width, plain), Text(""), summary)
    if d.kind == "choice":
        totals = step_figures(session, ctx.exercise.id, d.id).totals
        return _tallies([(f"{i}. {o.name}", totals.get(o.name, 0)) for i, o in enumerate(d.options, 1)], width, plain)
    if d.kind == "glossary":
        parts: list[RenderableType] = []
        for term in record.terms:
            meanings = Text()
            for meaning in term.meanings:
                style = "" if plain else group_style(session, meaning.group)
                meanings.append(f"{meaning.group or 'no group'}: ", style=f"bold {style}".strip())
                meanings.append(f"{meaning.meaning}\n")
            parts.append(Text(term.term, style="bold underline"))
            parts.append(Padding(meanings, (0, 0, 0, 2)))
        while parts and _height(Group(*parts), width) > height:
            del parts[:2]
        return Group(*parts) if parts else Text("No terms yet.", style="dim")
    lines = [
        Text(f"{i}. {a.action}" + (f" — {a.owner}" if a.owner else "") + (f", by {a.due}" if a.due else ""))
        for i, a in enumerate(record.actions, 1)
    ]
    while lines and _height(Group(*lines), width) > height:
        lines.pop(0)
    return Group(*lines) if lines else Text("No actions yet.", style="dim")


def _tag_lines(session: Session, ctx: StepContext, width: int, height: int, plain: bool) -> RenderableType:
    """While tagging, the room needs every answer's number and the tags to choose from,
    so answers are compact lines rather than cards; tagged ones give way first."""
    options = ctx.definition.options
    legend = Text("Tags: " + " · ".join(f"{i} {o.name}" for i, o in enumerate(options, 1)), style="bold")
    rows = []
    hidden = 0
    for label, answer in enumerate(ctx.target.answers, 1):
        if answer.private:
            hidden += 1
            continue
        line = Text(f"{label}. ", style="bold")
        line.append(answer.text, style="" if plain else group_style(session, answer.group))
        line.append(f"  [{', '.join(answer.tags)}]" if answer.tags else "  [ ]", style="dim" if not answer.tags else "")
        rows.append((bool(answer.tags), label, line))
    shown = list(rows)
    while True:
        body = Group(legend, Text(""), *(r[2] for r in shown), _private_note(hidden, len(rows) - len(shown)))
        if not shown or _height(body, width) <= height:
            return body
        tagged = [r for r in shown if r[0]]
        shown.remove(tagged[0] if tagged else shown[0])


def _private_note(hidden: int, earlier: int) -> Text:
    parts = []
    if earlier:
        parts.append(f"+ {earlier} more not shown for space")
    if hidden:
        parts.append(f"+ {count(hidden, 'private answer')} (counted, not shown)")
    return Text(" · ".join(parts), style="dim")


def projector_view(
    session: Session, ctx: StepContext, width: int, height: int, timer: str, message: str, plain: bool
) -> RenderableType:
    """Everything the room sees for one step, fitted into width × height."""
    exercise = ctx.exercise.definition
    top = Table.grid(expand=True)
    top.add_column(ratio=1)
    top.add_column(justify="right")
    top.add_row(Text(exercise.title, style="dim"), Text(timer, style="bold" if "overtime" in timer else ""))
    question = Panel(
        Text(ctx.definition.prompt, style="bold", justify="center"),
        box=box.ASCII if plain else box.HEAVY,
        padding=(1, 2) if height >= 30 else (0, 1),
    )
    footer = Text(message, style="green" if not plain else "") if message else Text("")
    used = _height(Group(top, question, footer), width)
    body = _body(session, ctx, width, max(3, height - used), plain)
    return Group(top, question, body, footer)
