"""A bare typer app with as many commands as facilitate, for timing `--help` against.

The command names and their one-line help come from BENCH_COMMANDS (set by bench/run.py
from facilitate's own app, as JSON), so both apps draw the same help screen and the
comparison measures only what facilitate imports and does on top of typer."""

import json
import os

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, context_settings={"help_option_names": ["-h", "--help"]})
exercises = typer.Typer()
app.add_typer(exercises, name="exercises")


@app.callback()
def options(
    sessions_dir: str = typer.Option(None, "--sessions-dir", envvar="FACILITATE_SESSIONS_DIR", help="Folder."),
    exercises_dir: str = typer.Option(None, "--exercises-dir", help="Folder."),
    plain: bool = typer.Option(False, "--plain", help="Plain text."),
    version: bool = typer.Option(False, "--version", help="Version."),
) -> None:
    """The same global options as facilitate."""


def _command(name: str, help_text: str) -> None:
    @app.command(name, help=help_text)
    def command(session: str = typer.Argument(...), plain: bool = typer.Option(False)) -> None:
        pass


for _name, _help in json.loads(os.environ.get("BENCH_COMMANDS", '[["new", "A command."]]')):
    _command(_name, _help)


@exercises.command("list")
def exercises_list() -> None:
    """List."""


@exercises.command("show")
def exercises_show(exercise: str) -> None:
    """Show."""


@exercises.command("validate")
def exercises_validate(file: str) -> None:
    """Validate."""


if __name__ == "__main__":
    app()
