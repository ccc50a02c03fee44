"""What many tests share, so no test file imports another: a scripted room for the
walk, a session file filled in through the engine, the tool run in a real terminal
(pexpect), prompts fed through prompt_toolkit's pipe, reports read back as text, and a
headless browser. Heavy libraries are imported inside the function that needs them.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import sys
from pathlib import Path

import patience
import pexpect

from facilitate import store
from facilitate.exercises import library
from facilitate.facilitation import Workshop, save_to
from facilitate.planning import plan_session


class ScriptedRoom:
    """A room that types the given lines in order and remembers what it was told."""

    def __init__(self, lines: list[str], checks: list[str] | None = None, readback: bool = False):
        self.lines = list(lines)
        # The room's word on each answer read back, in order ("confirm", "amend NEW
        # WORDING", "withdraw", "stop"); and whether to read back at an exercise's end.
        self.checks = list(checks or [])
        self.readback = readback
        self.read: list[tuple[int, str]] = []  # (number, text) of each answer read back
        self.asides: list[str] = []
        self._wording = ""
        self.said: list[str] = []
        self.public: list[str] = []  # what the projector may show of each
        self.refusals: list[str] = []
        self.opened: list[str] = []
        self.shown: list[str] = []
        self.done = False

    def open_exercise(self, workshop, exercise) -> None:
        self.opened.append(exercise.id)

    def open_step(self, workshop, ctx) -> None:
        self.opened.append(f"{ctx.exercise.id}/{ctx.definition.id}")

    def read_line(self, workshop, ctx, refusal, draft) -> str:
        if refusal:
            self.refusals.append(refusal)
        if not self.lines:
            raise KeyboardInterrupt  # the script is over: as if the facilitator pressed Ctrl-C
        return self.lines.pop(0)

    def say(self, message: str, public: str | None = None) -> None:
        self.said.append(message)
        self.public.append(public or message)

    def show(self, what, workshop, ctx) -> None:
        self.shown.append(what)

    def aside(self, message: str) -> None:
        self.asides.append(message)

    def offer_readback(self, workshop, exercise, waiting: int) -> bool:
        return self.readback

    def read_back(self, workshop, item) -> str:
        self.read.append((item.number, item.text))
        if not self.checks:
            raise KeyboardInterrupt
        choice, _, self._wording = self.checks.pop(0).partition(" ")
        return choice

    def new_wording(self, workshop, item) -> str:
        return self._wording

    def finished(self, workshop) -> None:
        self.done = True


def start(sessions, *args: str) -> pexpect.spawn:
    """`facilitate ARGS` in a real pty of fixed size, as a person's terminal would run it."""
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "FACILITATE_SESSIONS_DIR": str(sessions),
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "facilitate", *args],
        env=env,
        dimensions=(30, 100),
        encoding="utf-8",
        timeout=patience.left(),
    )


def spawn(session_id: str, sessions) -> pexpect.spawn:
    """A walk-through of the session, waiting at its first prompt."""
    child = start(sessions, "run", session_id, "--plain")
    child.expect("›")
    return child


READ_BACK_OFFER = "Enter: read them back · n: skip"


def type_line(child: pexpect.spawn, text: str, expect: str) -> None:
    child.send(text + "\r")
    if not text:
        # An exercise that ends with answers offers to read them back: skipped here.
        if child.expect([expect, READ_BACK_OFFER]) == 1:
            child.expect("›")
            child.send("n")
            child.expect(expect)
    else:
        child.expect(expect)
    if expect != "The agenda is done":
        child.expect("›")


def export(cli, path, fmt) -> bytes:
    result = cli("export", str(path), "--format", fmt, "-o", "-")
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def html_text(data: bytes) -> str:
    """The words a browser shows, cells and list items apart, styles left out."""
    page = re.sub(r"<style.*?</style>", "", data.decode("utf-8"), flags=re.S)
    page = re.sub(r"<(td|th|li|p|br|tr|h\d)\b[^>]*>", " ", page)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def flat(text: str) -> str:
    """Screen text with borders and line ends turned into single spaces, so a phrase
    wrapped inside a card is still found."""
    return " ".join(re.split(r"[\s│┃╭╮╰╯─━┏┓┗┛|]+|\+-+|-+\+", text))


def chrome(width: int = 1280, height: int = 720):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    if os.path.exists("/usr/lib/chromium/chromium"):
        options.binary_location = "/usr/lib/chromium/chromium"
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))


ENTER = "\r"


CLEAR_LINE = "\x15"  # Ctrl-U: the refused line stays editable; this clears it


def run_room(path, keys: list[str], present=False, exercise=None, width=100, height=40):
    """Walk the session at path, typing each key string in turn; return what was shown."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from rich.console import Console

    from facilitate.ui.room import TerminalRoom
    from facilitate.walk import walk

    workshop = Workshop(store.load_session(path), save_to(path))
    screen = io.StringIO()
    console = Console(file=screen, width=width, height=height, no_color=True, force_terminal=False)
    room = TerminalRoom(console, plain=True, present=present)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(keys))
        walk(workshop, room, exercise)
    return screen.getvalue()


# The key that declines the read-back offered at the end of an exercise with answers.
DECLINE = "n"


def lines(*typed: str) -> list[str]:
    return [t + ENTER for t in typed]


SECRET = "my landlord threatened us"


NOTE = "the council officer left early"


SMALL = "Zephyr table"


def hold(folder: Path, title: str, place: str, day: int, headcount: dict[str, int]) -> Path:
    definitions = [library()[e].definition for e in ("measuring", "value", "sharing")]
    session = plan_session(
        title,
        dt.date(2027, 7, day),
        definitions,
        [("c", "community"), ("p", "public sector"), ("z", SMALL)],
        {p.stem for p in store.session_files(folder)},
        location=place,
        facilitator="Sam",
        headcount=headcount,
    )
    path = folder / f"{session.id}.yaml"
    store.save_session(session, path)
    w = Workshop(store.load_session(path), save_to(path))
    typed = {
        ("measuring", "importance"): ["c: 4 5 4", "p: 3 2", "z: 1"],
        ("measuring", "today"): [
            "c: Footfall every week",
            "p: Contract KPIs",
            f"z: {SECRET}",
            "/private 3",
            "z: Stories we write up for the board",
            f"/note {NOTE}",
        ],
        ("measuring", "for-whom"): ["1: funders", "2: commissioners", "4: our own team"],
        ("measuring", "if-nobody-asked"): ["c: How confident people feel", "z: Whether trust grows"],
        ("measuring", "priorities"): ["1 1 2 2 2"],
        ("value", "words"): ["z: impact = what changes for a family", "p: impact = savings against targets"],
        ("sharing", "share-with"): ["c: 1 2", "z: 3"],
        ("sharing", "next"): ["Share our outcomes page; Priya; end of March"],
    }
    for (exercise, step), lines in typed.items():
        for line in lines:
            w.enter(exercise, step, line)
    return path
