"""Two screens in the room: `facilitate run` in one tmux window, the projector
(`facilitate present`, in a terminal or as a web page read by headless Chromium) in
another. Every line typed shows up on the projector; a note and a private answer never
do, not even one keystroke of them. (How fast it shows up is measured in bench/, not
here: a test on a loaded machine waits for what it expects.)"""

from __future__ import annotations

import re
import shutil
import sys
import urllib.request

import patience
import pytest
from conftest import new_session
from helpers import chrome, flat
from screens import kill, new_name, pane, tmux, wait_for

from facilitate import store
from facilitate.exercises import library

pytestmark = [
    pytest.mark.timeout(300),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

NOTE = "/note The council officer looked uncomfortable"
NOTE_WORDS = ["officer", "uncomfortable", "looked"]
PRIVATE_TYPED = "!c: Nobody reads the monitoring returns"
PRIVATE_TYPED_WORDS = ["Nobody reads", "monitoring returns"]
REFUSED = "1: 9"
MARKED_PRIVATE = "p: Fear that one bad quarter loses the contract"

# What is typed in `run`, step by step, and what the projector must then show. An
# empty line ends the step; the projector must then show the next step's question.
PLAN = [
    ("measuring", "importance", [("4 5 3", "3 responses"), ("p: 2 2", "5 responses · average 3.2 · median 3.0")]),
    (
        "measuring",
        "today",
        [
            ("c: Attendance counts, because the council asks", "Attendance counts"),
            (MARKED_PRIVATE, "one bad quarter"),
            ("/private 2", "1 private answer (counted, not shown)"),
            (PRIVATE_TYPED, None),
            (NOTE, None),
            ("c: Volunteer hours", "Volunteer hours"),
        ],
    ),
    (
        "measuring",
        "for-whom",
        [
            ("1: 9", "There is no tag 9: tags go from 1 to 5."),
            ("1: commissioners 4", "commissioners, our own team"),
        ],
    ),
    ("measuring", "if-nobody-asked", [("c: how confident people feel", "how confident people feel")]),
    ("measuring", "priorities", [("1 1 1", "3 dots")]),
    ("value", "meanings", [("c: people feel less alone", "people feel less alone")]),
    ("value", "kinds", []),
    ("value", "words", [("p: impact = savings against our targets", "savings against our targets")]),
    ("value", "adopt", []),
    ("sharing", "share-with", [("2x9", "9 hands")]),
    ("sharing", "barriers", []),
    ("sharing", "barrier-kinds", []),
    ("sharing", "would-help", []),
    ("sharing", "priorities", []),
    ("sharing", "next", [("share our outcomes page; Priya; end of March", "share our outcomes page")]),
]


class TerminalFollower:
    """`facilitate present` in the second tmux window, read with capture-pane."""

    def __init__(self, name: str, command: str):
        tmux("new-window", "-t", name, command)
        self.target = f"{name}:1"

    def text(self) -> str:
        return flat(pane(self.target))

    def close(self) -> None:
        pass


class BrowserFollower:
    """`facilitate present --browser` in the second tmux window, read in headless
    Chromium; and everything the server hands out is read as it comes over the wire."""

    def __init__(self, name: str, command: str):
        tmux("new-window", "-t", name, command.replace(" present ", " present --browser --no-open ", 1))
        self.target = f"{name}:1"
        screen = wait_for(self.target, "The projector page is at")
        self.url = re.search(r"http://127\.0\.0\.1:\d+/", screen).group(0)
        self.driver = chrome()
        self.driver.get(self.url)

    def text(self) -> str:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.TAG_NAME, "body").text

    def served(self) -> str:
        """The page as first loaded (no script run) and the data the script polls."""
        parts = []
        for path in ("", "view.json"):
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                parts.append(response.read().decode())
        return "\n".join(parts)

    def close(self) -> None:
        self.driver.quit()


def shows(follower, text: str) -> None:
    """Wait until the projector shows the text."""
    patience.until(lambda: text in follower.text(), f"{text!r} on the projector", follower.text)


def never_shows(follower, words: list[str], when: str) -> None:
    seen = follower.text()
    for word in words:
        assert word not in seen, f"{word!r} was on the projector {when}:\n{seen}"
    served = getattr(follower, "served", None)
    if served is not None:
        wire = served()
        for word in words:
            assert word not in wire, f"{word!r} was served to the browser {when}"


def refused_then_empty(screen: str, refused: str) -> list[str]:
    """The screen's lines once the refusal is on it with an empty prompt right under it."""
    lines = screen.rstrip().splitlines()
    if refused not in lines or lines.index(refused) + 1 >= len(lines):
        return []
    prompt = lines[lines.index(refused) + 1]
    # The prompt, then the timer in plain mode: nothing typed after them.
    return lines if re.fullmatch(r"›\s*(\[[^\]]*\])?\s*", prompt) else []


def type_by_keystroke(name: str, follower, line: str, forbidden: list[str]) -> None:
    """Type a line one key at a time, reading the projector after every key."""
    for index, key in enumerate(line):
        tmux("send-keys", "-t", f"{name}:0", "-l", key)
        never_shows(follower, forbidden, f"after key {index + 1} of {line!r}")
    tmux("send-keys", "-t", f"{name}:0", "Enter")


# The exercises whose answers `run` offers to read back as they end; the room reads
# back the first and declines the second.
READ_BACK = {"measuring", "value"}
# What the projector shows of each answer read back in measuring: a private one by
# its number only.
READ_BACK_SHOWN = [
    "Attendance counts, because the council asks",
    "private answer 2: checked on the facilitator's screen",
    "private answer 3: checked on the facilitator's screen",
    "Volunteer hours",
    "how confident people feel",
]


def read_back_on_both_screens(name: str, follower, forbidden: list[str]) -> None:
    """Read measuring's answers back: each is on the projector, large, before the room
    confirms it; a private one is checked on the facilitator's screen alone."""
    tmux("send-keys", "-t", f"{name}:0", "Enter")
    for place, shown in enumerate(READ_BACK_SHOWN, 1):
        wait_for(f"{name}:0", f"Read back {place} of {len(READ_BACK_SHOWN)}")
        shows(follower, shown)
        never_shows(follower, forbidden, f"while answer {place} was read back")
        tmux("send-keys", "-t", f"{name}:0", "Enter")
    wait_for(f"{name}:0", "Read-back done")


@pytest.mark.skipif(shutil.which("chromedriver") is None, reason="chromedriver is not installed")
@pytest.mark.parametrize("kind", ["terminal", "browser"])
def test_the_projector_follows_run_and_never_shows_a_note_or_a_private_answer(sessions, kind):
    if kind == "browser":
        pytest.importorskip("selenium")
    session, path = new_session(sessions)
    prompts = {
        (e.id, s.id): s.prompt
        for e in (library()[x].definition for x in ("measuring", "value", "sharing"))
        for s in e.steps
    }
    name = new_name()
    env = f"unset COLUMNS LINES && PROMPT_TOOLKIT_NO_CPR=1 NO_COLOR=1 FACILITATE_SESSIONS_DIR={sessions}"
    run = f"cd {sessions.parent} && {env} {sys.executable} -m facilitate run {session.id}; echo RUN-EXIT=$?; sleep 60"
    present = f"cd {sessions.parent} && {env} {sys.executable} -m facilitate present {session.id}"
    # The follower is open before `run` starts: `run` must not mind.
    tmux("new-session", "-d", "-s", name, "-x", "160", "-y", "45", "sleep 600")
    follower = None
    try:
        follower = (BrowserFollower if kind == "browser" else TerminalFollower)(
            name, present + "; echo PRESENT-EXIT=$?; sleep 60"
        )
        if kind == "terminal":
            wait_for(follower.target, "Waiting for the facilitator")
        else:
            shows(follower, "Waiting for the facilitator")
        tmux("respawn-window", "-k", "-t", f"{name}:0", run)
        wait_for(f"{name}:0", "Step 1 of 5")
        shows(follower, prompts[("measuring", "importance")])
        forbidden = list(NOTE_WORDS)
        for index, (_, _, lines) in enumerate(PLAN):
            for line, expected in lines:
                if line == NOTE:
                    type_by_keystroke(name, follower, line, forbidden)
                    wait_for(f"{name}:0", "Note saved.")
                    never_shows(follower, forbidden, "after the note was saved")
                    continue
                if line == REFUSED:
                    tmux("send-keys", "-t", f"{name}:0", "-l", line)
                    tmux("send-keys", "-t", f"{name}:0", "Enter")
                    # The refused line stays above, the reason right under it, and the
                    # prompt under them is empty again: nothing typed next is added to it.
                    refused = f"Not saved: {expected}"
                    screen = patience.until(
                        lambda refused=refused: refused_then_empty(pane(f"{name}:0"), refused),
                        "the refusal, under the refused line, and an empty prompt",
                        lambda: pane(f"{name}:0"),
                    )
                    reason = screen.index(refused)
                    assert screen[reason - 1].endswith(line), screen[reason - 1 :]
                    continue
                if line == PRIVATE_TYPED:
                    type_by_keystroke(name, follower, line, forbidden + PRIVATE_TYPED_WORDS)
                    wait_for(f"{name}:0", "Answer 3 saved, private.")
                    assert store.load_session(path).exercise("measuring").step("today").answers[2].private
                    forbidden += PRIVATE_TYPED_WORDS
                    never_shows(follower, forbidden, "after the private line was saved")
                    continue
                tmux("send-keys", "-t", f"{name}:0", "-l", line)
                tmux("send-keys", "-t", f"{name}:0", "Enter")
                shows(follower, expected)
                if line == "/private 2":
                    forbidden.append("bad quarter")
                never_shows(follower, forbidden, f"after {line!r}")
            tmux("send-keys", "-t", f"{name}:0", "Enter")  # the empty line: on to the next step
            exercise = PLAN[index][0]
            if exercise in READ_BACK and (index + 1 == len(PLAN) or PLAN[index + 1][0] != exercise):
                wait_for(f"{name}:0", "Enter: read them back")
                if exercise == "measuring":
                    read_back_on_both_screens(name, follower, forbidden)
                else:
                    tmux("send-keys", "-t", f"{name}:0", "-l", "n")  # declined with one key
            if index + 1 < len(PLAN):
                following = PLAN[index + 1]
                shows(follower, prompts[(following[0], following[1])][:40])
                never_shows(follower, forbidden, f"as {following[1]!r} opened")
        wait_for(f"{name}:0", "The agenda is done")
        wait_for(f"{name}:0", "RUN-EXIT=0")
        shows(follower, "The agenda is done. Thank you.")

        saved = store.load_session(path)
        today = saved.exercise("measuring").step("today").answers
        assert [a.private for a in today[:2]] == [False, True]
        assert [a.checked for a in today] == ["confirmed"] * 4
        assert saved.exercise("value").step("meanings").answers[0].checked is None
        assert "officer looked uncomfortable" in saved.exercise("measuring").notes
        assert saved.status == "finished"
        runs_screen = pane(f"{name}:0")
        assert "Traceback" not in runs_screen and "in use" not in runs_screen

        if kind == "terminal":
            tmux("send-keys", "-t", follower.target, "C-c")
            wait_for(follower.target, "PRESENT-EXIT=130")
            assert "Traceback" not in pane(follower.target)
        else:
            tmux("send-keys", "-t", follower.target, "C-c")
            wait_for(follower.target, "PRESENT-EXIT=130")

    finally:
        if follower is not None:
            follower.close()
        kill(name)
