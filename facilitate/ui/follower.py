"""`facilitate present`: the projector in a terminal of its own, following `run`.

It watches the session file, and whenever `run` saves (or the screen is resized, or
the timer's minute turns) it redraws the public view of the step the facilitator is
on, full screen. It only reads: no lock, no writes, so `run` never notices it.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text

from facilitate.follow import SessionWatch
from facilitate.public import public_view
from facilitate.ui.present import projector_view
from facilitate.ui.views import make_console

# How often to look at the file: well inside the second a save must show within.
LOOK_EVERY = 0.1


def frame(watch: SessionWatch, width: int, height: int, plain: bool) -> RenderableType:
    """What the follower shows now, given what the watcher last read."""
    if watch.session is None:
        return Group(
            Text("Waiting for the session file.", style="bold"),
            Text(""),
            Text(watch.problem or "Nothing to show yet."),
        )
    view = public_view(watch.session)
    message = watch.problem
    if not message and view["state"] == "finished":
        message = "The agenda is done. Thank you."
    return projector_view(view, width, height, message, plain)


def follow(path: Path, plain: bool = False) -> None:
    """Follow until Ctrl-C, which passes up as KeyboardInterrupt."""
    console = make_console(plain)
    watch = SessionWatch(path)
    watch.poll()
    drawn: tuple | None = None
    timer, timer_read = "", 0.0
    with console.screen(hide_cursor=True) as screen:
        while True:
            changed = watch.poll()
            width, height = console.size
            if changed or time.monotonic() - timer_read >= 1:
                # The timer counts minutes: its words are part of what asks for a redraw.
                timer = _timer_text(watch)
                timer_read = time.monotonic()
            key = (id(watch.session), watch.problem, width, height, timer)
            if changed or key != drawn:
                screen.update(frame(watch, width, height - 1, plain))
                drawn = key
            time.sleep(LOOK_EVERY)


def _timer_text(watch: SessionWatch) -> str:
    from facilitate.public import current_position, timer

    position = current_position(watch.session) if watch.session else None
    if position is None:
        return ""
    return timer(watch.session.exercise(position[0]))["text"]


def project(path: Path, browser: bool, port: int, open_page: bool, plain: bool) -> None:
    """`facilitate present`: the projector in this terminal, or as a local web page.
    A file that is not a session is refused before the screen is taken."""
    import typer

    from facilitate import store
    from facilitate.errors import FacilitateError

    store.load_session(path)
    if not browser:
        follow(path, plain)
        return
    from facilitate.ui.web import serve

    try:
        serve(path, port, open_page, echo=typer.echo)
    except OSError as exc:
        raise FacilitateError(
            f"Cannot serve the page on 127.0.0.1:{port} ({exc.strerror}); try another --port."
        ) from None
