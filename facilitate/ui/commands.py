"""How the `facilitate` command reads its arguments and speaks its help: the tool's own
options are taken after the command too (`list --plain`), help names what to type
(DATE, KEY=NAME) rather than Python's types, and any FacilitateError becomes one line
on stderr and exit 1, never a traceback. Only typer is imported, so `--help` stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from facilitate.errors import FacilitateError, quoted

# Options of the whole tool that people also type after the command (`list --plain`).
_GLOBAL_FLAGS = ("--plain",)
_GLOBAL_VALUES = ("--sessions-dir", "--exercises-dir")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move the tool's own options found after the command to before it, so that
    `facilitate list --plain` means `facilitate --plain list`."""
    start = 0
    while start < len(args) and args[start].startswith("-"):
        start += 2 if args[start] in _GLOBAL_VALUES else 1
    if start >= len(args):
        return args
    before, rest, after = list(args[:start]), [args[start]], args[start + 1 :]
    index = 0
    while index < len(after):
        arg = after[index]
        if arg == "--":
            rest.extend(after[index:])
            break
        name = arg.split("=", 1)[0]
        if arg in _GLOBAL_FLAGS:
            before.append(arg)
        elif name in _GLOBAL_VALUES:
            if "=" in arg or index + 1 == len(after):
                before.append(arg)
            else:
                before.extend(after[index : index + 2])
                index += 1
        else:
            rest.append(arg)
        index += 1
    return before + rest


def _plain_help_type(self, ctx):  # type: ignore[no-untyped-def]
    """Help shows what to type (DATE, KEY=NAME), not Python's types (<str>, <list[str]>)."""
    if isinstance(self, TyperArgument) or getattr(self, "is_flag", False):
        return None
    return self.metavar or "TEXT"


def _plain_usage_name(self) -> str:  # type: ignore[no-untyped-def]
    name = self.metavar or self.name.upper()
    if not self.required:
        name = f"[{name}]"
    return name + ("..." if self.nargs != 1 else "")


TyperOption.display_type_rich = _plain_help_type  # type: ignore[method-assign]
TyperArgument.display_type_rich = _plain_help_type  # type: ignore[method-assign]
TyperArgument._usage_display_name = _plain_usage_name  # type: ignore[method-assign]
# An argument is named as the usage line names it: SESSION, not session.
TyperArgument.display_name_raw = property(lambda self: self.metavar or self.name.upper())  # type: ignore[assignment]


class Commands(TyperGroup):
    """The root command group: turns a FacilitateError from any command into one line
    on stderr and exit 1, never a traceback; takes the tool's own options after the
    command as well as before it."""

    def parse_args(self, ctx, args):  # type: ignore[no-untyped-def]
        return super().parse_args(ctx, hoist_global_options(list(args)))

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        from facilitate.errors import ExitCode, FacilitateError

        try:
            return super().invoke(ctx)
        except FacilitateError as exc:
            from facilitate.ui.text import safe_text

            typer.echo(safe_text(str(exc)), err=True)
            raise typer.Exit(ExitCode.PROBLEM) from None
        except KeyboardInterrupt:
            # Every save is whole (see store.write_atomically), so what was saved stays.
            typer.echo("\nInterrupted; everything saved before that is kept.", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None


@dataclass
class Settings:
    """The tool's own options, read once before any command."""

    sessions_dir: Path
    exercises_dir: Path | None
    plain: bool


def show_version(value: bool) -> None:
    if value:
        from facilitate import __version__

        typer.echo(f"facilitate {__version__}")
        raise typer.Exit()


# --- options as people type them --------------------------------------------------------


def fail(message: str) -> None:
    raise FacilitateError(message)


def digits(text: str, most: int) -> int | None:
    """The number written as ASCII digits, at most `most` of them; None for anything
    else (a sign, a point, `²`, Arabic-Indic digits, or a run too long to be meant)."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= most:
        return int(text)
    return None


def whole_number(value: str, option: str, low: int, high: int, wanted: str) -> int:
    """An option's number, read here rather than by typer: typer's own reading refused
    `²` or 5,000 digits with a usage box, and took -1 where it meant nothing."""
    number = digits(value, len(str(high)))
    if number is None or not low <= number <= high:
        fail(f"{option} {quoted(value)} should be {wanted}.")
    return number


def parse_date(value: str | None, option: str = "--date"):
    import datetime as dt

    from facilitate.dates import read_date

    if value is None:
        return dt.date.today()
    found = read_date(value)
    if found is None:
        fail(f"{option} {quoted(value)} is not a date: write it as 2027-07-10, 10/07/2027 (day first) or 10 July 2027.")
    return found
