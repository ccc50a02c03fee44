"""Every refusal in `run` is a sentence under the prompt: a line the grammar cannot
convert (a superscript digit, a number too large to hold) never shows a traceback or
"Press ENTER to continue", and the line stays editable without being appended to."""

from __future__ import annotations

import os
import sys

import patience
import pexpect
import pytest
from conftest import new_session

from facilitate import store

pytestmark = pytest.mark.timeout(120)

CLEAR_LINE = "\x15"


def spawn_run(sessions, session_id: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "FACILITATE_SESSIONS_DIR": str(sessions),
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "facilitate", "run", session_id, "--plain"],
        env=env,
        dimensions=(30, 120),
        encoding="utf-8",
        timeout=patience.left(),
    )
    child.expect("›")
    return child


@pytest.mark.parametrize(
    ("line", "fixed", "where", "reason"),
    [
        ("/private ²", "c: kept answer", "today", "is not an answer number: type it in digits"),
        ("5x" + "9" * 30, "5x3", "importance", "is far too large for a count"),
    ],
)
def test_a_line_the_grammar_cannot_convert_is_refused_with_a_sentence(sessions, line, fixed, where, reason):
    session, path = new_session(sessions, exercises=("measuring",))
    child = spawn_run(sessions, session.id)
    if where == "today":
        child.send("\r")  # end the first step (importance) to reach the capture step
        child.expect("Step 2 of 5")
        child.expect("›")
    before = path.read_bytes()
    child.send(line + "\r")
    index = child.expect([reason, "Traceback", "Press ENTER", pexpect.TIMEOUT])
    assert index == 0, child.before
    assert path.read_bytes() == before
    # The line is still there to correct: clear it and type the right one.
    child.send(CLEAR_LINE + fixed + "\r")
    child.expect(r"saved")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    shown = child.before or ""
    assert "Traceback" not in shown and "Press ENTER" not in shown
    step = store.load_session(path).exercise("measuring").step(where)
    if where == "today":
        assert [a.text for a in step.answers] == ["kept answer"]
    else:
        assert [r.value for r in step.responses] == [5, 5, 5]


def test_add_refuses_the_same_lines_with_one_sentence(cli, sessions):
    _, path = new_session(sessions, exercises=("measuring",))
    before = path.read_bytes()
    for step, line, reason in (
        ("today", "/private ²", "'²' is not an answer number"),
        ("importance", "5x" + "9" * 30, "far too large for a count"),
    ):
        result = cli("add", str(path), "measuring", step, line)
        assert result.exit_code == 1
        assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before
