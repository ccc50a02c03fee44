"""Lists in the terminal: the sessions in a folder, search hits, one exercise.

What `list`, `search` and `exercises show` print, kept out of the command map so the
commands only choose what to show.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.text import Text

from facilitate.format import EMPTY
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
    # A session with nothing captured (tried out, or never run) says so: summaries of
    # many and the published site leave it out unless it is named.
    rows = [(s.id, s.date, s.location, s.status, str(s.entries) if s.entries else EMPTY) for s in records]
    header, *lines = aligned_rows(("id", "date", "location", "status", "entries"), rows, right={4})
    console.print(Text(header, style="bold"), overflow="ignore", crop=False, soft_wrap=True)
    # One write for the body: a thousand sessions print in a blink.
    console.print(Text("\n".join(lines)), overflow="ignore", crop=False, soft_wrap=True)


def _print_hits(console: Console, hits: list[Said], sessions: dict[str, SessionRecord]) -> None:
    """Each hit in bold, then where it was said: place and date, step, group, session
    (and its file, when another file declares the same id). `sessions` is by file."""
    from facilitate.registry import said_as

    shared = {i for i in {s.id for s in sessions.values()} if sum(1 for s in sessions.values() if s.id == i) > 1}
    for said in hits:
        s = sessions[said.file]
        place = f"{s.date} {s.location}".strip()
        text = f"{said.term} = {said.text}" if said.term else (said.text or "")
        text += "".join(f"; {part}" for part in (said.owner, said.due) if part)
        private = "  [private]" if said.private else ""
        console.print(Text(f"{text}{private}", style="bold"), soft_wrap=True)
        # What one row is, in the room's words: its kind says (without being loaded).
        what = said_as(said.kind)
        who = f" · {said.group}" if said.group else ""
        session = f"{said.session} ({said.file})" if said.session in shared else said.session
        where = f"{place} · {what} {said.number} in {said.exercise}/{said.step}{who} · {session}"
        print_lines(console, [Line(where, "dim")])


def print_search(catalogue, text: str, limit: int | None, plain: bool) -> None:
    """`search`: the newest `limit` things said that hold every word, and how many in all."""
    from facilitate.ui.views import make_console

    shown, found = catalogue.search(text, limit)
    if not found:
        typer.echo("Nothing matches.")
        return
    _print_hits(make_console(plain), shown, {s.file: s for s in catalogue.sessions()})
    more = f" (showing the newest {len(shown)}; --limit 0 shows all)" if len(shown) < found else ""
    typer.echo(f"{found} found{more}.")


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


def open_catalogue(folder: Path, plain: bool, say_skipped: bool = True):
    """The sessions folder's catalogue, brought up to date, with a progress bar on
    stderr when many files need reading. Files it could not read, and things named like
    sessions that are not regular files, are named on stderr: never silently left out."""
    import functools

    from facilitate.catalogue import Catalogue
    from facilitate.errors import FacilitateError
    from facilitate.ui.text import safe_text

    if folder.exists() and not folder.is_dir():
        raise FacilitateError(f"{folder} is a file, not a folder of sessions; give the folder with --sessions-dir.")
    catalogue = Catalogue(folder, progress=functools.partial(reading_progress, plain))
    catalogue.refresh()
    if say_skipped:
        for _, problem in sorted(catalogue.unreadable.items()):
            typer.echo(safe_text(f"Skipped: {problem}"), err=True)
        for session_id, files in catalogue.shared_ids().items():
            named = " and ".join(str(folder / f) for f in files)
            typer.echo(
                safe_text(
                    f"{'Two' if len(files) == 2 else len(files)} files hold session {session_id}: {named}; "
                    "each is read on its own here, "
                    "but an id names one session: give one of them a new id: line."
                ),
                err=True,
            )
    return catalogue


# What `list --json` gives of each session, for other tools.
JSON_KEYS = ("id", "title", "date", "location", "facilitator", "status", "answers", "entries", "groups", "like")
JSON_KEYS += ("archived", "file")


def sessions_json(records: list[SessionRecord]) -> str:
    import dataclasses
    import json

    rows = [{k: v for k, v in dataclasses.asdict(s).items() if k in JSON_KEYS} for s in records]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def none_listed(every: list[SessionRecord], archived: bool, folder: Path) -> str:
    """What `list` says when nothing matches: and whether anything is archived, or the
    folder is empty and how to begin."""
    if archived:
        return "No archived sessions match."
    if every:
        put_away = sum(1 for s in every if s.archived)
        extra = f" ({put_away} archived: `facilitate list --archived` shows them)" if put_away else ""
        return f"No sessions match{extra}."
    return f'No sessions in {folder} yet. Start one with `facilitate new "TITLE"`.'


def print_open_actions(earlier) -> None:
    """After `new --like`: the actions the earlier workshop agreed and has not marked
    done, on stderr, so the new session starts with them in view."""
    from facilitate.facilitation import open_actions
    from facilitate.ui.text import safe_text

    pending = open_actions(earlier)
    if pending:
        typer.echo(f"Still open from {earlier.id}:", err=True)
        for number, action in pending:
            who_when = ", ".join(part for part in (action.owner, f"due {action.due}" if action.due else "") if part)
            typer.echo(safe_text(f"  {number}. {action.action}" + (f" ({who_when})" if who_when else "")), err=True)


def confirm_delete(session) -> bool:
    """Ask before `delete` moves a session away; no answer (Ctrl-D, no terminal) is no."""
    from facilitate.figures.digest import digest_of
    from facilitate.format import count

    entries = count(digest_of(session).entries, "entry")
    question = f"Delete {session.title!r} ({session.date}, {entries})? It can be restored"
    try:
        return typer.confirm(question, default=False, err=True)
    except (typer.Abort, EOFError):
        return False


def print_import(report, rows, file: Path, where: str) -> None:
    """What `import` did: rows added, rows read as Windows-1252, rows skipped and why."""
    from facilitate.format import count
    from facilitate.ui.text import safe_text

    typer.echo(f"Added {report.added} of {count(report.rows, 'row')} to {where}.")
    if rows.guessed:
        named = ", ".join(str(n) for n in rows.guessed[:10])
        if len(rows.guessed) > 10:
            named += f" and {len(rows.guessed) - 10:,} more"
        typer.echo(
            safe_text(
                f"{file}: {count(len(rows.guessed), 'row')} ({named}) held characters that are not "
                "UTF-8 and were read as Windows-1252; check their text in the session."
            ),
            err=True,
        )
    for row, reason in report.skipped:
        typer.echo(safe_text(f"Skipped row {row}: {reason}"), err=True)


def print_library(exercises: dict) -> None:
    """`exercises list`: every exercise, built-in or the facilitator's own, one a line."""
    from facilitate.format import count
    from facilitate.ui.text import safe_text

    for exercise_id, item in exercises.items():
        origin = "built-in" if item.built_in else str(item.source)
        d = item.definition
        steps = count(len(d.steps), "step")
        typer.echo(safe_text(f"{exercise_id:<12} {d.minutes:>3} min  {steps:<8} {d.title}  ({origin})"))


def print_listed(
    chosen: list[SessionRecord], every: list[SessionRecord], as_json: bool, archived: bool, folder: Path, plain: bool
) -> None:
    """`list`: the chosen sessions as JSON or as a table, or why there are none."""
    from facilitate.ui.views import make_console

    if as_json:
        typer.echo(sessions_json(chosen))
    elif not chosen:
        typer.echo(none_listed(every, archived, folder))
    else:
        print_sessions(make_console(plain), chosen)


def warn_near_names(near: list[tuple[str, str, str, str]]) -> None:
    """After `new`: each group named nearly as in an earlier workshop, and the two ways
    to settle it."""
    from facilitate.errors import quoted

    for key, name, close, where in near:
        typer.echo(
            f"The group {quoted(name)} was called {quoted(close)} in {where}. To use that name, type "
            f"--group {key}={close}; to keep {quoted(name)} and count both as one group in summaries of many "
            f"workshops, add --also {key}={close}.",
            err=True,
        )


def say_left_out(empty: list[str]) -> None:
    """Say on stderr which sessions with nothing captured a command of many left out."""
    from facilitate.format import left_out_empty
    from facilitate.ui.text import safe_text

    typer.echo(safe_text(left_out_empty(empty)), err=True)
