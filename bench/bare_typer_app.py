"""A bare typer app with as many commands as facilitate, for timing `--help` against.

The command names come from BENCH_COMMANDS (set by bench/run.py from facilitate's own
app), so the comparison stays fair as commands are added."""

import os

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False)
exercises = typer.Typer()
app.add_typer(exercises, name="exercises")


def _command(name: str) -> None:
    @app.command(name)
    def command(session: str = typer.Argument(...), plain: bool = typer.Option(False)) -> None:
        """A command."""


for _name in os.environ.get("BENCH_COMMANDS", "new add show list").split():
    _command(_name)


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
