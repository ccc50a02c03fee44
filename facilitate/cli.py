"""The `facilitate` command: parses options, calls the layers below, maps errors to
exit codes (0 ok, 1 a problem the user can fix, 2 usage, 130 interrupted after saving).

Only typer is imported at the top: everything heavier is imported inside the command
that needs it, so `facilitate --help` stays quick on an old laptop.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperGroup

from facilitate import __version__

class _Commands(TyperGroup):
    """The root command group: turns a FacilitateError from any command into one line
    on stderr and exit 1, never a traceback."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        from facilitate.errors import FacilitateError

        try:
            return super().invoke(ctx)
        except FacilitateError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Commands,
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


@dataclass
class Settings:
    sessions_dir: Path
    exercises_dir: Optional[Path]
    plain: bool


def _version(value: bool) -> None:
    if value:
        typer.echo(f"facilitate {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    sessions_dir: Optional[Path] = typer.Option(
        None,
        "--sessions-dir",
        envvar="FACILITATE_SESSIONS_DIR",
        help="Folder of session files (default: ./sessions).",
        show_default=False,
    ),
    exercises_dir: Optional[Path] = typer.Option(
        None, "--exercises-dir", help="Folder of your own exercises (default: exercises/ beside the sessions folder)."
    ),
    plain: bool = typer.Option(False, "--plain", help="Plain text, no colour: for screen readers and monochrome projectors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    ctx.obj = Settings(sessions_dir or Path("sessions"), exercises_dir, plain)


def _settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def _user_exercises(settings: Settings) -> Path:
    from facilitate.exercises import user_exercises_dir

    return user_exercises_dir(settings.sessions_dir, settings.exercises_dir)


def _fail(message: str) -> None:
    from facilitate.errors import FacilitateError

    raise FacilitateError(message)


# --- new ---------------------------------------------------------------------------


def _parse_groups(values: list[str]) -> list[tuple[str, str]]:
    groups = []
    for value in values:
        key, sep, name = value.partition("=")
        key, name = key.strip(), name.strip()
        if not sep or not key or not name:
            _fail(f"--group {value!r} should be KEY=NAME, for example --group c=community.")
        if not key[0].isalpha() or not key.isalnum() or len(key) > 8:
            _fail(f"Group key {key!r} should be a letter followed by up to 7 letters or digits, for example c or p2.")
        groups.append((key, name))
    return groups


def _parse_date(value: Optional[str]):
    import datetime as dt

    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"--date {value!r} is not a date: write it as YYYY-MM-DD, for example 2027-06-12.")


@app.command()
def new(
    ctx: typer.Context,
    title: str = typer.Argument(..., help="The workshop's title, for example \"Strength in Numbers, Birmingham\"."),
    date: Optional[str] = typer.Option(None, "--date", help="YYYY-MM-DD (default: today)."),
    location: str = typer.Option("", "--location", help="Where the workshop is held."),
    facilitator: str = typer.Option("", "--facilitator", help="Who is facilitating."),
    group: List[str] = typer.Option(
        [], "--group", "-g", help="KEY=NAME, repeatable (default: c=community and p=public sector)."
    ),
    exercise: List[str] = typer.Option(
        [], "--exercise", "-e", help="Exercise id, repeatable, in agenda order (default: measuring, value, sharing)."
    ),
) -> None:
    """Create a session file for a workshop and print its path."""
    from facilitate import store
    from facilitate.exercises import BUILT_IN, find_exercise
    from facilitate.facilitation import plan_session

    settings = _settings(ctx)
    groups = _parse_groups(group) if group else [("c", "community"), ("p", "public sector")]
    if len({k for k, _ in groups}) != len(groups) or len({n for _, n in groups}) != len(groups):
        _fail("Two groups share a key or a name; give each group its own.")
    if not title.strip():
        _fail("The title is empty; give the workshop a name.")
    user_dir = _user_exercises(settings)
    definitions = [find_exercise(e, user_dir) for e in (exercise or BUILT_IN)]
    if len({d.id for d in definitions}) != len(definitions):
        _fail("An exercise is named twice in --exercise; each can appear once in a session.")
    folder = settings.sessions_dir
    taken = {p.stem for p in store.session_files(folder)}
    session = plan_session(
        title.strip(), _parse_date(date), definitions, groups, taken, location=location, facilitator=facilitator
    )
    path = folder / f"{session.id}{store.SUFFIX}"
    with store.session_lock(path, "facilitate new"):
        if path.exists():
            _fail(f"{path} already exists; choose another title or date.")
        store.save_session(session, path)
    typer.echo(str(path))


# --- add ---------------------------------------------------------------------------


@app.command()
def add(
    ctx: typer.Context,
    session: str = typer.Argument(..., help="Session id (file name without .yaml) or path."),
    exercise: str = typer.Argument(..., help="Exercise id, for example value."),
    step: str = typer.Argument(..., help="Step id, for example meanings (see `facilitate show`)."),
    lines: List[str] = typer.Argument(..., help="Lines in the quick-entry grammar, each saved before the next."),
) -> None:
    """Add lines to a step without the walk-through, with the same grammar as `run`.

    Examples: `facilitate add SESSION measuring importance "5x3" "p: 2 3"`,
    `facilitate add SESSION value kinds "3: social well"`.
    """
    from facilitate import store
    from facilitate.errors import EntryRefused
    from facilitate.facilitation import Workshop, save_to, step_help
    from facilitate.ui.views import make_console, print_lines, step_lines

    settings = _settings(ctx)
    path = store.session_path(session, settings.sessions_dir)
    console = make_console(settings.plain)
    with store.session_lock(path, "facilitate add"):
        workshop = Workshop(store.load_session(path), save_to(path))
        step_ctx = workshop.context(exercise, step)
        for number, line in enumerate(lines, 1):
            try:
                outcome = workshop.enter(exercise, step, line)
            except EntryRefused as exc:
                where = f"Line {number} ({line!r})" if len(lines) > 1 else repr(line)
                saved = {1: " Nothing was saved.", 2: " Line 1 was saved."}.get(
                    number, f" Lines 1 to {number - 1} were saved."
                )
                _fail(f"{where} not saved. {exc}{saved}")
            step_ctx = workshop.context(exercise, step)
            if outcome.move == "back":
                _fail("/back only works in `facilitate run`.")
            if outcome.move == "next" and not outcome.saved:
                workshop.finish_step(exercise, step, "done")
                outcome.message = f"Step {step!r} done."
            if outcome.message:
                typer.echo(outcome.message)
            if outcome.show == "list":
                print_lines(console, step_lines(workshop.session, step_ctx.exercise, step_ctx.definition))
            elif outcome.show == "help":
                for text in step_help(step_ctx.definition):
                    typer.echo(text)
            elif outcome.show == "time":
                _fail("/time only works in `facilitate run`.")


# --- run ---------------------------------------------------------------------------


@app.command()
def run(
    ctx: typer.Context,
    session: Optional[str] = typer.Argument(
        None, help="Session id or path. Without it: choose an unfinished session, or start a new one."
    ),
    exercise: Optional[str] = typer.Option(None, "--exercise", "-e", help="Jump to this exercise."),
    present: bool = typer.Option(False, "--present", help="Projector view: big, calm, redrawn after each entry."),
    plain: bool = typer.Option(False, "--plain", help="Plain text, no colour or toolbar: for screen readers."),
) -> None:
    """Walk the room through the agenda, saving every line as it is typed.

    Resumes at the first unfinished step. Type /help at any prompt for the commands;
    an empty line ends a step; Ctrl-C saves and stops (resume with the same command).
    """
    import os

    from facilitate import store
    from facilitate.facilitation import Workshop, save_to, walk
    from facilitate.ui.room import TerminalRoom
    from facilitate.ui.views import make_console

    if not sys.stdin.isatty() or not sys.stdout.isatty():
        _fail("`facilitate run` needs a terminal to type in; to add lines from a script use "
              "`facilitate add`, or `facilitate import` for a spreadsheet.")
    settings = _settings(ctx)
    plain = plain or settings.plain or bool(os.environ.get("NO_COLOR"))
    console = make_console(plain)
    try:
        path = _choose_session(settings, session, console)
    except (KeyboardInterrupt, EOFError):
        typer.echo("\nStopped before any workshop was opened.", err=True)
        raise typer.Exit(130) from None
    with store.session_lock(path, "facilitate run", wait=0):
        workshop = Workshop(store.load_session(path), save_to(path))
        if exercise is not None:
            workshop.session.exercise(exercise)  # an unknown id is refused before anything else
        room = TerminalRoom(console, plain=plain, present=present)
        try:
            walk(workshop, room, exercise)
        except (KeyboardInterrupt, EOFError):
            console.print()
            typer.echo(f"Stopped; everything typed is saved. Resume with: facilitate run {workshop.session.id}",
                       err=True)
            raise typer.Exit(130) from None


def _choose_session(settings: Settings, ref: Optional[str], console) -> Path:
    """The session to run: the one named, or one chosen from the unfinished ones, or a
    new one on the built-in exercises when there are none."""
    from facilitate import store

    if ref is not None:
        return store.session_path(ref, settings.sessions_dir)
    import questionary

    from facilitate.errors import FacilitateError

    unfinished = []
    for path in store.session_files(settings.sessions_dir):
        try:
            loaded = store.load_session(path)
        except FacilitateError:
            continue
        if loaded.status != "finished":
            unfinished.append(loaded)
    unfinished.sort(key=lambda s: (s.date, s.updated), reverse=True)
    new_label = "Start a new workshop"
    if unfinished:
        choices = [questionary.Choice(f"{s.title} ({s.date}, {s.status})", value=s.id) for s in unfinished]
        choices.append(questionary.Choice(new_label, value=None))
        picked = questionary.select("Which workshop?", choices=choices).unsafe_ask()
        if picked is not None:
            return store.session_path(picked, settings.sessions_dir)
    title = questionary.text(
        "Title of the new workshop:", validate=lambda t: bool(t.strip()) or "Give the workshop a name."
    ).unsafe_ask()
    return _create_default_session(settings, title.strip())


def _create_default_session(settings: Settings, title: str) -> Path:
    import datetime as dt

    from facilitate import store
    from facilitate.exercises import BUILT_IN, find_exercise
    from facilitate.facilitation import plan_session

    folder = settings.sessions_dir
    definitions = [find_exercise(e, _user_exercises(settings)) for e in BUILT_IN]
    taken = {p.stem for p in store.session_files(folder)}
    session = plan_session(title, dt.date.today(), definitions, [("c", "community"), ("p", "public sector")], taken)
    path = folder / f"{session.id}{store.SUFFIX}"
    store.save_session(session, path)
    typer.echo(f"Created {path}")
    return path


# --- summary and export --------------------------------------------------------------


@app.command()
def summary(
    ctx: typer.Context,
    session: str = typer.Argument(..., help="Session id or path."),
    share: bool = typer.Option(
        False, "--share", help="For a screen the public can see: no facilitator notes, no private answers' text."
    ),
) -> None:
    """What the room said, at a glance: the headline, then every step as tables and charts."""
    from facilitate import store
    from facilitate.summary import summarise
    from facilitate.ui.summary_view import print_summary
    from facilitate.ui.views import make_console

    settings = _settings(ctx)
    loaded = store.load_session(store.session_path(session, settings.sessions_dir))
    result = summarise(loaded, show_private=not share, with_notes=not share)
    print_summary(make_console(settings.plain), result, settings.plain or _no_color())


def _no_color() -> bool:
    import os

    return bool(os.environ.get("NO_COLOR"))


@app.command()
def export(
    ctx: typer.Context,
    session: str = typer.Argument(..., help="Session id or path."),
    format: str = typer.Option(..., "--format", "-f", help="md, html, csv, json or docx."),
    output: Optional[str] = typer.Option(
        None, "--output", "-o",
        help="A file or folder to write it to; - for standard output (default: beside the session file).",
    ),
    with_notes: bool = typer.Option(False, "--with-notes", help="Include facilitator notes (left out by default)."),
) -> None:
    """A report to share: Markdown for email, HTML to print, Word for funders, CSV and JSON for other tools.

    Anonymous by default: the text of private answers never appears (they are still
    counted), and facilitator notes only with --with-notes.
    """
    import os

    from facilitate import store
    from facilitate.export import FORMATS, default_path, render
    from facilitate.summary import entries, summarise

    fmt = format.lower().lstrip(".")
    if fmt not in FORMATS:
        _fail(f"{format!r} is not a format facilitate exports; choose one of: {', '.join(FORMATS)}.")
    settings = _settings(ctx)
    path = store.session_path(session, settings.sessions_dir)
    loaded = store.load_session(path)
    data = render(summarise(loaded, show_private=False, with_notes=with_notes), fmt, entries(loaded))
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if output is None:
        target = default_path(path.parent, loaded.id, fmt)
    elif output.endswith(("/", os.sep)) or Path(output).is_dir():
        target = default_path(Path(output), loaded.id, fmt)
    else:
        target = Path(output)
    store.write_bytes_atomically(target, data)
    typer.echo(str(target))


# --- show and list ------------------------------------------------------------------


@app.command()
def show(
    ctx: typer.Context,
    session: str = typer.Argument(..., help="Session id or path."),
) -> None:
    """Everything captured in one session, numbered as the quick-entry grammar numbers it."""
    from facilitate import store
    from facilitate.ui.views import make_console, show_session

    settings = _settings(ctx)
    loaded = store.load_session(store.session_path(session, settings.sessions_dir))
    show_session(make_console(settings.plain), loaded)


@app.command("list")
def list_sessions(ctx: typer.Context) -> None:
    """The sessions in the sessions folder: id, date, location, status, answers."""
    from facilitate import store
    from facilitate.errors import FacilitateError
    from facilitate.ui.views import make_console

    settings = _settings(ctx)
    console = make_console(settings.plain)
    rows = []
    problems = []
    for path in store.session_files(settings.sessions_dir):
        try:
            session = store.load_session(path)
        except FacilitateError as exc:
            problems.append(str(exc))
            continue
        answers = sum(len(getattr(s, "answers", [])) for e in session.exercises for s in e.steps)
        rows.append((session.id, session.date.isoformat(), session.location, session.status, str(answers)))
    if not rows and not problems:
        typer.echo(f"No sessions in {settings.sessions_dir} yet. Start one with `facilitate new \"TITLE\"`.")
        return
    from rich.text import Text

    from facilitate.ui.views import aligned_rows

    header = ("id", "date", "location", "status", "answers")
    for number, line in enumerate(aligned_rows(header, rows, right={4})):
        console.print(Text(line, style="bold" if number == 0 else ""), overflow="ignore", crop=False, soft_wrap=True)
    for problem in problems:
        typer.echo(f"Skipped: {problem}", err=True)


# --- exercises ------------------------------------------------------------------------


@exercises_app.command("list")
def exercises_list(ctx: typer.Context) -> None:
    """Every exercise available: built-in ones and your own."""
    from facilitate.exercises import library

    for exercise_id, item in library(_user_exercises(_settings(ctx))).items():
        origin = "built-in" if item.built_in else str(item.source)
        d = item.definition
        typer.echo(f"{exercise_id:<12} {d.minutes:>3} min  {len(d.steps)} steps  {d.title}  ({origin})")


@exercises_app.command("show")
def exercises_show(ctx: typer.Context, exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    """One exercise: its intro, steps, prompts, hints and options."""
    from rich.text import Text

    from facilitate.exercises import find_exercise
    from facilitate.ui.views import make_console

    settings = _settings(ctx)
    d = find_exercise(exercise_id, _user_exercises(settings))
    console = make_console(settings.plain)
    console.print(Text(f"{d.title}  [{d.id}, {d.minutes} min]", style="bold"))
    if d.intro:
        console.print(Text(d.intro.strip()))
    for number, step in enumerate(d.steps, 1):
        console.print()
        extra = f" of {step.of}" if step.of else ""
        console.print(Text(f"{number}. {step.id} ({step.kind}{extra}): {step.prompt}", style="bold"))
        if step.hint:
            console.print(Text(f"   {step.hint}", style="italic"))
        if step.kind == "scale":
            labels = ", ".join(f"{k} {v}" for k, v in sorted(step.labels.items()))
            console.print(Text(f"   scale {step.min} to {step.max}" + (f": {labels}" if labels else "")))
        for index, option in enumerate(step.options, 1):
            desc = f": {option.description}" if option.description else ""
            console.print(Text(f"   {index}. {option.name}{desc}"))
        if step.suggestions:
            console.print(Text("   suggested terms: " + ", ".join(step.suggestions)))


@exercises_app.command("validate")
def exercises_validate(file: Path = typer.Argument(..., help="An exercise YAML file.")) -> None:
    """Check one exercise file; says what is wrong and where, or that it is fine."""
    from facilitate.exercises import load_exercise_file

    d = load_exercise_file(file)
    typer.echo(f"{file}: exercise {d.id!r} is valid ({len(d.steps)} steps, {d.minutes} minutes).")


# --- entry point --------------------------------------------------------------------------


def main() -> None:
    app()
