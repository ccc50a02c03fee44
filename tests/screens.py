"""Terminal screens for tests that look at the tool as the room does: programs run in
tmux, read back with capture-pane.

Every test process has a tmux server of its own (its own socket), so tests running in
parallel, or another test run on the same machine, never share a server, a session
name or the environment a server was started with. Waits end as soon as the text is on
screen, under the test's one ceiling (`patience`).
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid

import patience

# One server per test process: parallel workers and other runs never meet in it.
SOCKET = f"facilitate-tests-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def tmux(*args: str) -> str:
    # The environment is passed whole: a tmux server started with COLUMNS and LINES from
    # the test process (GNU readline sets them) would make every program in it draw for
    # that size whatever the window.
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=True, env=dict(os.environ)
    ).stdout


def new_name() -> str:
    return f"facilitate-{uuid.uuid4().hex[:8]}"


def kill(name: str) -> None:
    subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", name], capture_output=True)


def pane(target: str, joined: bool = True) -> str:
    """What the window shows; `joined` puts lines the terminal wrapped back together."""
    return tmux("capture-pane", "-p", *(["-J"] if joined else []), "-t", target)


def wait_for(target: str, text: str) -> str:
    """The screen, once `text` is on it."""
    return patience.until(
        lambda: (lambda screen: screen if text in screen else "")(pane(target)),
        f"{text!r} on the screen",
        lambda: pane(target),
    )


def settled(target: str, quiet: float = 0.3) -> str:
    """The screen, line by line as drawn, once it has stopped changing for `quiet`
    seconds, as a person would read it."""
    previous = pane(target, joined=False)

    def still() -> str:
        nonlocal previous
        time.sleep(quiet)
        current = pane(target, joined=False)
        same, previous = current == previous, current
        return current if same else ""

    return patience.until(still, "a still screen", lambda: previous)
