"""Text is text on the terminal: markup, escape sequences, bells and characters the
terminal's encoding cannot carry, held in titles, locations, group names and answers,
never crash a view or steer the terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from conftest import new_session
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from facilitate import store
from facilitate.facilitation import Workshop, save_to
from facilitate.ui.room import TerminalRoom
from facilitate.ui.text import safe_console
from facilitate.walk import walk

TITLE = "Bad [/] day [bold red]loud \x1b[31mred\x07 café"
LOCATION = "Llanelli [link=http://evil.example]here[/link] \x1b]0;owned\x07"
GROUPS = ["c=comm [/] ünïty", "p=pub \x1b[2J sector"]
ANSWER = "answer [/] [bold red]no\x1b[31m\x07 Mae’n 🎉 \x9b2J"


def facilitate(sessions, *args: str, encoding: str = "ascii") -> subprocess.CompletedProcess:
    env = {**os.environ, "FACILITATE_SESSIONS_DIR": str(sessions), "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "facilitate", *args], env=env, capture_output=True, timeout=60, check=False
    )


@pytest.fixture
def hostile(cli, sessions):
    ids = []
    for title in (TITLE, "Second [/] visit"):
        args = ["new", title, "--location", LOCATION, "--date", "2027-06-12"]
        for group in GROUPS:
            args += ["--group", group]
        if ids:
            args += ["--like", ids[0]]
        made = cli(*args)
        assert made.exit_code == 0, made.stderr
        ids.append(os.path.basename(made.stdout.strip()).removesuffix(".yaml"))
        for step, line in (
            ("today", f"c: {ANSWER}"),
            ("today", "p: [italic]plain[/italic] words"),
            ("importance", "c: 4 5"),
            ("for-whom", "1: funders"),
        ):
            added = cli("add", ids[-1], "measuring", step, line)
            assert added.exit_code == 0, added.stderr
        assert cli("add", ids[-1], "value", "words", f"c: imp[/]act = {ANSWER}").exit_code == 0
    return ids


@pytest.mark.timeout(120)
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_views_show_hostile_text_as_text_on_a_narrow_encoding(sessions, hostile, encoding):
    first, second = hostile
    for args in (
        ["show", first],
        ["summary", first],
        ["summary", "--share", first],
        ["summary", "--all"],
        ["compare", first, second],
        ["search", "answer"],
        ["list"],
    ):
        done = facilitate(sessions, *args, encoding=encoding)
        out, err = done.stdout, done.stderr
        assert done.returncode == 0, (args, err.decode(errors="replace"))
        assert b"Traceback" not in err
        for raw in (b"\x1b", b"\x07", b"\x9b"):
            assert raw not in out and raw not in err, (args, raw)
        text = out.decode(encoding)
        if args[0] in ("show", "summary") and "--all" not in args:
            # The markup is shown as typed, and the readable parts are all there.
            assert "Bad [/] day [bold red]loud [31mred caf" in text, args
        if args[0] in ("show", "search"):
            assert "answer [/] [bold red]no[31m" in text, args
        if args[0] == "list":
            assert "Llanelli [link=http://evil.example]here[/link]" in text
    shown = facilitate(sessions, "show", first).stdout.decode("ascii")
    assert "Groups: c = comm [/] ?n?ty, p = pub [2J sector" in shown
    assert "caf?" in shown


def test_views_keep_every_character_on_a_utf8_terminal(sessions, hostile):
    done = facilitate(sessions, "show", hostile[0], encoding="utf-8")
    text = done.stdout.decode("utf-8")
    assert "Bad [/] day [bold red]loud [31mred café" in text
    assert "Mae’n 🎉" in text and "ünïty" in text


def test_a_right_to_left_override_cannot_reverse_an_answer_on_screen(sessions, cli):
    # U+202E would show "we agree to pay" as "yap ot eerga ew" to the room; the words
    # stay, in the order they were typed, and Arabic and Hebrew letters stay too.
    session, path = new_session(sessions)
    Workshop(session, save_to(path)).enter(
        "measuring", "today", "c: \u202ewe agree to pay\u202c עברית \u2067عربي\u2069"
    )
    for args in (["show", session.id], ["summary", session.id], ["search", "agree"]):
        text = facilitate(sessions, *args, encoding="utf-8").stdout.decode("utf-8")
        assert "we agree to pay עברית عربي" in text, args
        assert not any(char in text for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), args


@pytest.mark.timeout(120)
def test_the_run_shows_answers_and_its_messages_as_text(sessions):
    session, path = new_session(sessions, title=TITLE, exercises=("value",))
    Workshop(session, save_to(path)).enter("value", "meanings", f"c: {ANSWER}")
    screen = io.StringIO()
    console = safe_console(file=screen, width=100, no_color=True, force_terminal=False)
    workshop = Workshop(store.load_session(path), save_to(path))
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("p: [/] more [bold]\r/list\r/undo\r\r/skip\r/skip\r/skip\r" + "n")  # n: no read-back
        walk(workshop, TerminalRoom(console, plain=True))
    shown = screen.getvalue()
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "1. answer [/] [bold red]no[31m Mae’n 🎉 2J  (community)" in shown
    assert "2. [/] more [bold]  (public sector)" in shown
    assert "Took back: p: [/] more [bold]" in shown
