"""The room `facilitate add` talks to: no prompt and no walk, only lines given on the
command line. It prints what each line did, and the views a line asks for (`/list`,
`/help`, `/terms`); what needs the walk (`/time`) is refused in a sentence.

The handling of each outcome is the walk's own (walk.answer), so `add` and `run`
answer a line the same way.
"""

from __future__ import annotations

from collections.abc import Callable

import typer
from rich.console import Console

from facilitate.errors import FacilitateError
from facilitate.facilitation import Workshop, step_help
from facilitate.kinds.base import StepContext
from facilitate.ui.text import safe_text
from facilitate.ui.views import Line, print_lines, step_lines, terms_lines


class CommandLineRoom:
    """Prints to standard output; `register` fetches the folder's register of terms
    when `/terms` first needs it."""

    def __init__(self, console: Console, register: Callable[[], list]):
        self.console = console
        self.register = register

    def say(self, message: str, public: str | None = None) -> None:
        typer.echo(safe_text(message))

    def aside(self, message: str) -> None:
        typer.echo(safe_text(message))

    def show(self, what: str, workshop: Workshop, ctx: StepContext) -> None:
        if what == "list":
            print_lines(self.console, step_lines(workshop.session, ctx.exercise, ctx.definition))
            carried = workshop.carried.get((ctx.exercise.id, ctx.definition.id))
            if carried:
                typer.echo(safe_text(f"Last time in {workshop.earlier_label}; /carry N brings one forward:"))
                print_lines(self.console, [Line(f"{i}. {c.text}") for i, c in enumerate(carried, 1)])
        elif what == "help":
            for text in step_help(ctx.definition):
                typer.echo(text)
        elif what == "time":
            raise FacilitateError("/time only works in `facilitate run`.")
        elif what == "terms":
            workshop.register = self.register()
            print_lines(self.console, terms_lines(workshop.shared_terms()))


def add_lines(path, exercise_id: str, step_id: str, lines: list[str], folder, plain: bool) -> None:
    """`facilitate add`: the session held while its lines are entered, each saved
    before the next; last time's answers offered to /carry as in `run`."""
    from facilitate import store
    from facilitate.facilitation import save_to
    from facilitate.folder import offer_earlier, register
    from facilitate.ui.listing import open_catalogue
    from facilitate.ui.views import make_console
    from facilitate.walk import enter_lines

    def terms() -> list:
        return register(lambda: open_catalogue(folder, plain, say_skipped=False), workshop.session.id)

    room = CommandLineRoom(make_console(plain), terms)
    with store.session_lock(path, "facilitate add"):
        workshop = Workshop(store.load_session(path), save_to(path))
        offer_earlier(workshop, folder)
        enter_lines(workshop, room, exercise_id, step_id, lines)
