"""Lists in the terminal: the sessions in a folder, search hits, one exercise.

What `list`, `search` and `exercises show` print, kept out of the command map so the
commands only choose what to show.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from facilitate.ui.views import Line, aligned_rows, print_lines

if TYPE_CHECKING:
    from facilitate.catalogue import SessionRecord
    from facilitate.kinds.shapes import Said
    from facilitate.model import ExerciseDefinition


@contextlib.contextmanager
def reading_progress(plain: bool, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr while the catalogue reads many session files."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from facilitate.ui.views import make_console

    console = make_console(plain, stderr=True)
    columns = [TextColumn("Reading sessions"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("read", total=total)
        yield lambda: bar.advance(task)


def print_sessions(console: Console, records: list[SessionRecord]) -> None:
    """One line per session: what people type next (the id) first, never cut short."""
    rows = [(s.id, s.date, s.location, s.status, str(s.entries)) for s in records]
    header, *lines = aligned_rows(("id", "date", "location", "status", "entries"), rows, right={4})
    console.print(Text(header, style="bold"), overflow="ignore", crop=False, soft_wrap=True)
    # One write for the body: a thousand sessions print in a blink.
    console.print(Text("\n".join(lines)), overflow="ignore", crop=False, soft_wrap=True)


def print_search(console: Console, hits: list[Said], sessions: dict[str, SessionRecord]) -> None:
    """Each hit in bold, then where it was said: place and date, step, group, session."""
    from facilitate.registry import said_as

    for said in hits:
        s = sessions[said.session]
        place = f"{s.date} {s.location}".strip()
        text = f"{said.term} = {said.text}" if said.term else (said.text or "")
        text += "".join(f"; {part}" for part in (said.owner, said.due) if part)
        private = "  [private]" if said.private else ""
        console.print(Text(f"{text}{private}", style="bold"), soft_wrap=True)
        # What one row is, in the room's words: its kind says (without being loaded).
        what = said_as(said.kind)
        who = f" · {said.group}" if said.group else ""
        where = f"{place} · {what} {said.number} in {said.exercise}/{said.step}{who} · {said.session}"
        print_lines(console, [Line(where, "dim")])


def print_exercise(console: Console, d: ExerciseDefinition) -> None:
    """An exercise's intro, steps, prompts, hints, options and suggestions."""
    from facilitate.registry import kind_named
    from facilitate.ui.views import as_lines

    console.print(Text(f"{d.title}  [{d.id}, {d.minutes} min]", style="bold"))
    if d.intro:
        console.print(Text(d.intro.strip()))
    for number, step in enumerate(d.steps, 1):
        console.print()
        extra = f" of {step.of}" if step.of else ""
        console.print(Text(f"{number}. {step.id} ({step.kind}{extra}): {step.prompt}", style="bold"))
        if step.hint:
            console.print(Text(f"   {step.hint}", style="italic"))
        for text in kind_named(step.kind).definition_lines(step):
            console.print(Text(f"   {text}"))
        print_lines(console, as_lines(None, kind_named(step.kind).introduce(step)), indent=3)
