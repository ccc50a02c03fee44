"""The `facilitate` command: a thin map from typer commands to the layers below. It
parses options, calls the engine, the figures, the catalogue or an export, hands the
result to `ui/` to print, and maps errors to exit codes (see errors.ExitCode).

Only typer is imported at the top: everything heavier is imported inside the command
that needs it, so `facilitate --help` stays quick on an old laptop.
"""

import sys
from pathlib import Path

import typer

from facilitate.errors import ExitCode, quoted
from facilitate.ui.commands import Commands, Settings, fail, parse_date, show_version, whole_number

app = typer.Typer(
    cls=Commands,
    name="facilitate",
    help=(
        "Capture what a workshop room says (answers, scores, tags, dot votes, the words "
        "people use differently, actions) into one YAML file per workshop, then summarise "
        "and share it."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
exercises_app = typer.Typer(help="The exercise library: list, show and check exercises.", no_args_is_help=True)
app.add_typer(exercises_app, name="exercises")
_SMALL_GROUP = ("--small-group", 1, 100_000, "a whole number of people, from 1 to 100000")


@app.callback()
def main_options(
    ctx: typer.Context,
    sessions_dir: Path | None = typer.Option(
        None,
        "--sessions-dir",
        metavar="FOLDER",
        envvar="FACILITATE_SESSIONS_DIR",
        help="Folder of session files (default: ./sessions).",
        show_default=False,
    ),
    exercises_dir: Path | None = typer.Option(
        None,
        "--exercises-dir",
        metavar="FOLDER",
        help="Folder of your own exercises (default: exercises/ beside the sessions folder).",
    ),
    plain: bool = typer.Option(
        False, "--plain", help="Plain text, no colour: for screen readers and monochrome projectors."
    ),
    version: bool = typer.Option(
        False, "--version", callback=show_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    import os

    from facilitate.ui.text import tolerant_streams

    tolerant_streams()  # a terminal that cannot show a character gets "?", not a traceback
    # NO_COLOR asks for the same plain output as --plain; decided here, once.
    ctx.obj = Settings(sessions_dir or Path("sessions"), exercises_dir, plain or bool(os.environ.get("NO_COLOR")))


def _settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def _path(ctx: typer.Context, ref: str) -> Path:
    """The file a SESSION argument names (folder.py finds it)."""
    from facilitate.folder import session_path

    return session_path(ref, _settings(ctx).sessions_dir)


def _load(ctx: typer.Context, ref: str):  # -> Session
    from facilitate import store

    return store.load_session(_path(ctx, ref))


def _choose(settings: Settings) -> Path:
    from facilitate.ui.chooser import choose_session

    return choose_session(_catalogue(settings), settings.sessions_dir, _user_exercises(settings))


def _user_exercises(settings: Settings) -> Path:
    from facilitate.exercises import user_exercises_dir

    return user_exercises_dir(settings.sessions_dir, settings.exercises_dir)


@app.command()
def new(
    ctx: typer.Context,
    title: str = typer.Argument(..., help='The workshop\'s title, for example "Strength in Numbers, Birmingham".'),
    date: str | None = typer.Option(
        None, "--date", metavar="DATE", help="2027-07-10, 10/07/2027 (day first) or 10 July 2027 (default: today)."
    ),
    location: str = typer.Option("", "--location", metavar="PLACE", help="Where the workshop is held."),
    facilitator: str = typer.Option("", "--facilitator", metavar="NAME", help="Who is facilitating."),
    group: list[str] = typer.Option(
        [], "--group", "-g", metavar="KEY=NAME", help="KEY=NAME, repeatable (default: c=community and p=public sector)."
    ),
    exercise: list[str] = typer.Option(
        [],
        "--exercise",
        "-e",
        metavar="ID",
        help="Exercise id, repeatable, in agenda order (default: measuring, value, sharing).",
    ),
    like: str | None = typer.Option(
        None,
        "--like",
        metavar="SESSION",
        help="Run again like this earlier session: copy its groups and agenda (not its answers).",
    ),
    headcount: list[str] = typer.Option(
        [],
        "--headcount",
        metavar="KEY=N",
        help="KEY=N, repeatable: how many people came from a group, for the reports.",
    ),
    attribution: str | None = typer.Option(
        None,
        "--attribution",
        metavar="group|none",
        help="How answers may be attributed outside the room: by group (the default) or none (Chatham House).",
    ),
    contact: str | None = typer.Option(
        None, "--contact", metavar="TEXT", help="Who people who came can ask about what happens next."
    ),
    also: list[str] = typer.Option(
        [],
        "--also",
        metavar="KEY=NAME",
        help="KEY=NAME, repeatable: the group went by NAME in earlier workshops; summaries count them as one.",
    ),
) -> None:
    """Create a session file for a workshop and print its path."""
    from facilitate.folder import add_new, near_earlier_names, taken_ids
    from facilitate.planning import plan_new
    from facilitate.ui.listing import warn_near_names

    settings = _settings(ctx)
    earlier = _load(ctx, like) if like else None
    session = plan_new(
        title,
        parse_date(date),
        group,
        exercise,
        _user_exercises(settings),
        taken_ids(settings.sessions_dir),
        earlier=earlier,
        location=location,
        facilitator=facilitator,
        headcount=headcount,
        attribution=attribution,
        contact=contact,
        also=also,
    )
    near = near_earlier_names(lambda: _catalogue(settings, say_skipped=False), settings.sessions_dir, session)
    typer.echo(str(add_new(settings.sessions_dir, session)))
    warn_near_names(near)
    if earlier is not None:
        from facilitate.ui.listing import print_open_actions

        print_open_actions(earlier)


@app.command()
def run(
    ctx: typer.Context,
    session: str | None = typer.Argument(
        None, help="Session id or path. Without it: choose an unfinished session, or start a new one."
    ),
    exercise: str | None = typer.Option(None, "--exercise", "-e", metavar="ID", help="Jump to this exercise."),
    present: bool = typer.Option(False, "--present", help="Projector view: big, calm, redrawn after each entry."),
    plain: bool = typer.Option(False, "--plain", help="Plain text, no colour or toolbar: for screen readers."),
) -> None:
    """Walk the room through the agenda, saving every line as it is typed.

    Resumes at the first unfinished step. Type /help at any prompt for the commands;
    an empty line ends a step; Ctrl-C saves and stops (resume with the same command).
    """
    from facilitate.ui.room import run_in_terminal
    from facilitate.ui.views import make_console

    if not sys.stdin.isatty():
        fail(
            "`facilitate run` needs a terminal to type in; to add lines from a script use "
            "`facilitate add`, or `facilitate import` for a spreadsheet."
        )
    settings = _settings(ctx)
    plain = plain or settings.plain
    console = make_console(plain)
    try:
        path = _path(ctx, session) if session is not None else _choose(settings)
    except (KeyboardInterrupt, EOFError):
        typer.echo("\nStopped before any workshop was opened.", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    walked = run_in_terminal(
        path,
        exercise,
        console,
        plain=plain,
        present=present,
        folder=settings.sessions_dir,
    )
    if not walked:
        raise typer.Exit(ExitCode.INTERRUPTED)


@app.command()
def present(
    ctx: typer.Context,
    session: str = typer.Argument(..., help="Session id or path: the one `facilitate run` has open."),
    browser: bool = typer.Option(False, "--browser", help="Show it as a web page instead of in this terminal."),
    port: str | None = typer.Option(
        None, "--port", metavar="PORT", help="Port for --browser, 1 to 65535 (default: any free one)."
    ),
    open_page: bool = typer.Option(True, "--open/--no-open", help="Open the page in the default browser."),
    plain: bool = typer.Option(False, "--plain", help="No colour: for a monochrome projector."),
) -> None:
    """The projector: follow the step `run` is on, read-only, in a second window.

    Shows what the room may see and nothing else: never a facilitator note, never the
    text of a private answer. It never locks or writes the session, so `run` carries on
    as if it were not there. Ctrl-C stops it.
    """
    from facilitate.ui.follower import project

    wanted = "a whole number from 1 to 65535, or left out for any free port"
    number = whole_number(port, "--port", 1, 65535, wanted) if port is not None else 0
    try:
        project(_path(ctx, session), browser, number, open_page, plain or _settings(ctx).plain)
    except KeyboardInterrupt:
        raise typer.Exit(ExitCode.INTERRUPTED) from None


@app.command()
def add(
    ctx: typer.Context,
    session: str = typer.Argument(..., help="Session id (file name without .yaml) or path."),
    exercise: str = typer.Argument(..., help="Exercise id, for example value."),
    step: str = typer.Argument(..., help="Step id, for example meanings (see `facilitate show`)."),
    lines: list[str] = typer.Argument(..., help="Lines in the quick-entry grammar, each saved before the next."),
) -> None:
    """Add lines to a step without the walk-through, with the same grammar as `run`.

    Examples: `facilitate add SESSION measuring importance "5x3" "p: 2 3"`,
    `facilitate add SESSION value kinds "3: social well"`.
    """
    from facilitate.ui.lines import add_lines

    settings = _settings(ctx)
    add_lines(_path(ctx, session), exercise, step, lines, settings.sessions_dir, settings.plain)


@app.command()
def archive(
    ctx: typer.Context,
    session: str = typer.Argument(..., metavar="SESSION", help="Session id or path."),
    undo: bool = typer.Option(False, "--undo", help="Bring an archived session back into the list."),
) -> None:
    """Put a session away: out of `list` and `run`'s offers, kept for summaries and
    search (`list --archived` shows it; `archive --undo` brings it back)."""
    from facilitate.folder import archive as put_away

    loaded, changed = put_away(_path(ctx, session), undo)
    if not changed:
        typer.echo(f"{loaded.id} is {'already' if not undo else 'not'} archived.")
    elif undo:
        typer.echo(f"{loaded.id} is back in the list.")
    else:
        typer.echo(f"Archived {loaded.id}; `facilitate list --archived` shows it.")


@app.command()
def delete(
    ctx: typer.Context,
    session: str = typer.Argument(..., metavar="SESSION", help="Session id or path."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation (for scripts)."),
) -> None:
    """Move a session file to the .deleted folder in its sessions folder, from which
    `facilitate restore` brings it back. Nothing is destroyed."""
    from facilitate.folder import delete as move_to_deleted
    from facilitate.ui.listing import confirm_delete

    loaded, where = move_to_deleted(_path(ctx, session), None if yes else confirm_delete)
    # A second deletion of the same id is kept under a name with the time added: name
    # that one, so the command given brings back the session just deleted.
    typer.echo(f"Deleted {loaded.id} (moved to {where}); `facilitate restore {where.stem}` brings it back.")


@app.command()
def restore(
    ctx: typer.Context,
    session: str = typer.Argument(..., metavar="SESSION", help="The id of a deleted session."),
) -> None:
    """Bring a deleted session back from the .deleted folder into the sessions folder."""
    from facilitate.folder import restore as bring_back

    typer.echo(f"Restored {bring_back(_settings(ctx).sessions_dir, session)}.")


@app.command("import")
def import_rows(
    ctx: typer.Context,
    session: str = typer.Argument(..., help="Session id or path."),
    exercise: str = typer.Argument(..., help="Exercise id, for example value."),
    step: str = typer.Argument(..., help="Step id, for example meanings."),
    file: Path = typer.Argument(..., metavar="FILE.csv", help="A spreadsheet saved as CSV, or a form export."),
    text_column: str | None = typer.Option(
        None,
        "--text-column",
        metavar="COLUMN",
        help="The column holding what was said (default: 'text' or 'answer', else the first).",
    ),
    group_column: str | None = typer.Option(
        None,
        "--group-column",
        metavar="COLUMN",
        help="The column naming the group, by key or name (default: 'group' if present).",
    ),
) -> None:
    """Answers transcribed from sticky notes or exported from a form, one row each.

    Every row goes through the same grammar as typed lines. Rows with an unknown group,
    empty text or anything the step cannot take are skipped and reported; the good
    rows are saved together, once.
    """
    from facilitate.importing import import_file
    from facilitate.ui.listing import print_import

    report, rows = import_file(_path(ctx, session), file, exercise, step, text_column, group_column)
    print_import(report, rows, file, f"{exercise}/{step}")


@app.command()
def show(
    ctx: typer.Context,
    session: str = typer.Argument(..., help="Session id or path."),
) -> None:
    """Everything captured in one session, numbered as the quick-entry grammar numbers it."""
    from facilitate.ui.views import make_console, show_session

    show_session(make_console(_settings(ctx).plain), _load(ctx, session))


def _catalogue(settings: Settings, say_skipped: bool = True):
    from facilitate.ui.listing import open_catalogue

    return open_catalogue(settings.sessions_dir, settings.plain, say_skipped)


@app.command("list")
def list_sessions(
    ctx: typer.Context,
    location: str | None = typer.Option(
        None, "--location", metavar="PLACE", help="Only sessions held here (any case)."
    ),
    since: str | None = typer.Option(
        None,
        "--since",
        metavar="DATE",
        help="Only sessions on or after this date (2027-07-10, 10/07/2027 or 10 July 2027).",
    ),
    status: str | None = typer.Option(None, "--status", metavar="STATUS", help="planned, running or finished."),
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON, for other tools."),
    archived: bool = typer.Option(False, "--archived", help="List the archived sessions instead."),
) -> None:
    """The sessions in the sessions folder, newest first: id, date, location, status, and
    entries (everything captured: answers, ratings, choices, dots, meanings, actions)."""
    from facilitate.folder import listed
    from facilitate.ui.listing import print_listed

    settings = _settings(ctx)
    if status is not None and status not in ("planned", "running", "finished"):
        fail(f"--status {quoted(status)} should be planned, running or finished.")
    since_date = parse_date(since, "--since") if since is not None else None
    catalogue = _catalogue(settings)
    chosen = listed(catalogue.sessions(), location, since_date, status, archived)
    print_listed(chosen, catalogue.sessions(), as_json, archived, settings.sessions_dir, settings.plain)


@app.command()
def search(
    ctx: typer.Context,
    text: list[str] = typer.Argument(..., help="Words to find; every word must appear (any case)."),
    limit: str = typer.Option("50", "--limit", metavar="N", help="Show at most this many, newest first; 0 shows all."),
) -> None:
    """Every answer, glossary meaning and action in any session that matches."""
    from facilitate.ui.listing import print_search

    most = whole_number(limit, "--limit", 0, 1_000_000, "a whole number of results to show, or 0 for all")
    settings = _settings(ctx)
    print_search(_catalogue(settings), " ".join(text), most or None, settings.plain)


@app.command()
def summary(
    ctx: typer.Context,
    sessions: list[str] | None = typer.Argument(None, help="One or more session ids or paths."),
    all_sessions: bool = typer.Option(False, "--all", help="Every session in the sessions folder, together."),
    location: str | None = typer.Option(
        None, "--location", metavar="PLACE", help="Every session held in this place, together."
    ),
    share: bool = typer.Option(
        False, "--share", help="For a screen the public can see: no facilitator notes, no private answers' text."
    ),
) -> None:
    """What the room said, at a glance: the headline, then every step as tables and charts.

    With several sessions, --all or --location: the workshops together, with scale
    results as a trend, tag shares across all rooms and the register of shared terms.
    """
    from facilitate.ui.summary_view import print_summaries

    settings = _settings(ctx)
    print_summaries(
        sessions or [],
        all_sessions,
        location,
        share,
        settings.sessions_dir,
        lambda: _catalogue(settings, say_skipped=all_sessions or location is not None),
        settings.plain,
    )


@app.command()
def compare(
    ctx: typer.Context,
    first: str = typer.Argument(..., metavar="A", help="The earlier session (id or path)."),
    second: str = typer.Argument(..., metavar="B", help="The later session (id or path)."),
    show_all: bool = typer.Option(False, "--all", help="List every shift, not only the largest of each step."),
) -> None:
    """Two workshops side by side: scale shifts per group, tag share and hand shifts
    (each with the n it stands on), answers that came up again with their dots, answers
    that are new, and the terms discussed in both."""
    from facilitate.figures.compare import compare as compare_sessions
    from facilitate.ui.compare_view import print_comparison
    from facilitate.ui.views import make_console

    plain = _settings(ctx).plain
    print_comparison(make_console(plain), compare_sessions(_load(ctx, first), _load(ctx, second)), plain, show_all)


@app.command()
def export(
    ctx: typer.Context,
    sessions: list[str] | None = typer.Argument(None, help="One or more session ids or paths."),
    format: str = typer.Option(..., "--format", "-f", metavar="FORMAT", help="md, html, csv, json or docx."),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="PATH",
        help=(
            "A file or folder to write it to (a name without a suffix is a folder); - for standard output "
            "(default: beside the session file). An existing file is kept unless --force."
        ),
    ),
    all_sessions: bool = typer.Option(False, "--all", help="Every session in the sessions folder, together."),
    location: str | None = typer.Option(
        None, "--location", metavar="PLACE", help="Every session held in this place, together."
    ),
    with_notes: bool = typer.Option(False, "--with-notes", help="Include facilitator notes (left out by default)."),
    checked_only: bool = typer.Option(
        False, "--checked-only", help="Only answers the room checked when they were read back (one session)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace a report that is already there."),
    reader: str = typer.Option(
        "facilitator",
        "--for",
        metavar="READER",
        help="community (everyone who came), funder (the method beside the evidence) or facilitator (everything).",
    ),
    small_group: str = typer.Option(
        "3",
        "--small-group",
        metavar="N",
        help="In community and funder packs, a group of fewer people than this is not named beside a quote.",
    ),
    contact: str | None = typer.Option(
        None, "--contact", metavar="TEXT", help="Who to contact, for the community pack (default: the session's)."
    ),
) -> None:
    """A report to share: Markdown for email, HTML to print, Word for funders, CSV and JSON for other tools.

    Anonymous by default: the text of private answers never appears (they are still
    counted), and facilitator notes only with --with-notes. Several sessions, --all or
    --location give one report of the workshops together. --for community or funder
    writes a pack for that reader (md, html or docx): never a note or a private answer,
    and no small group named beside a quote.
    """
    from facilitate.export import export as write_export
    from facilitate.ui.listing import say_left_out

    settings = _settings(ctx)
    target = write_export(
        sessions or [],
        format,
        output=output,
        all_sessions=all_sessions,
        location=location,
        with_notes=with_notes,
        checked_only=checked_only,
        force=force,
        reader=reader,
        small_group=whole_number(small_group, *_SMALL_GROUP),
        contact=contact,
        sessions_dir=settings.sessions_dir,
        catalogue=lambda: _catalogue(settings, say_skipped=all_sessions or location is not None),
        left_out=say_left_out,
    )
    if target is not None:
        typer.echo(str(target))


@app.command()
def publish(
    ctx: typer.Context,
    sessions: list[str] | None = typer.Argument(None, help="One or more session ids or paths."),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FOLDER", help="The folder to write the site to (created if need be)."
    ),
    sqlite: Path | None = typer.Option(
        None, "--sqlite", metavar="FILE", help="Also (or only) write the same public data as a SQLite database."
    ),
    all_sessions: bool = typer.Option(False, "--all", help="Every session in the sessions folder."),
    location: str | None = typer.Option(None, "--location", metavar="PLACE", help="Every session held in this place."),
    small_group: str = typer.Option(
        "3", "--small-group", metavar="N", help="Groups with fewer people present than this are not named."
    ),
    force: bool = typer.Option(False, "--force", help="Write into a folder or over a file that holds other things."),
) -> None:
    """A public library of workshops: a static website (and a SQLite database for Datasette).

    It carries only what the people who came may see: no facilitator notes, no private
    answers' text, no group named when the session says so or when too few of its people
    were present. The site needs no server: it opens from a folder or a USB stick.
    """
    from facilitate.export.publish import publish as publish_library
    from facilitate.ui.listing import say_left_out
    from facilitate.ui.text import safe_text

    settings = _settings(ctx)
    for line, to_stderr in publish_library(
        sessions or [],
        all_sessions,
        location,
        output,
        sqlite,
        whole_number(small_group, *_SMALL_GROUP),
        force,
        settings.sessions_dir,
        lambda: _catalogue(settings),
        say_left_out,
    ):
        typer.echo(safe_text(line) if to_stderr else line, err=to_stderr)


@exercises_app.command("list")
def exercises_list(ctx: typer.Context) -> None:
    """Every exercise available: built-in ones and your own."""
    from facilitate.exercises import library
    from facilitate.ui.listing import print_library

    print_library(library(_user_exercises(_settings(ctx))))


@exercises_app.command("show")
def exercises_show(ctx: typer.Context, exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    """One exercise: its intro, steps, prompts, hints and options."""
    from facilitate.exercises import find_exercise
    from facilitate.ui.listing import print_exercise
    from facilitate.ui.views import make_console

    settings = _settings(ctx)
    print_exercise(make_console(settings.plain), find_exercise(exercise_id, _user_exercises(settings)))


@exercises_app.command("validate")
def exercises_validate(file: Path = typer.Argument(..., help="An exercise YAML file.")) -> None:
    """Check one exercise file; says what is wrong and where, or that it is fine."""
    from facilitate.exercises import load_exercise_file
    from facilitate.format import count

    d = load_exercise_file(file)
    typer.echo(f"{file}: exercise {d.id!r} is valid ({count(len(d.steps), 'step')}, {count(d.minutes, 'minute')}).")


def main() -> None:
    app()
