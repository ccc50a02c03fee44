"""A byte that is not UTF-8, typed in a Latin-1 or Windows terminal (`£` as 0xA3, `é` as
0xE9), in a line, a note, a title or a location: read in the encoding the terminal's
settings name, or refused in one sentence naming the byte and the field; never saved as
half a character. A file that already holds one is read, with a warning."""

from __future__ import annotations

import os
import subprocess
import sys

import pexpect
import pytest
from conftest import new_session

from facilitate import store

pytestmark = pytest.mark.timeout(120)

LATIN1 = {"LANG": "en_GB.ISO-8859-1", "LC_ALL": "", "LC_CTYPE": ""}
UTF8 = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_CTYPE": ""}
PROMPT = "›".encode()
CLEAR_LINE = b"\x15"  # Ctrl-U: clears a refused line, which stays editable


def facilitate(sessions, args: list[bytes], terminal: dict[str, str]) -> subprocess.CompletedProcess:
    """The command as a shell runs it: its arguments as the terminal's bytes."""
    env = {**os.environ, "FACILITATE_SESSIONS_DIR": str(sessions), "NO_COLOR": "1", **terminal}
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"facilitate", *args], env=env, capture_output=True, timeout=60
    )


def test_add_and_new_read_latin1_bytes_as_the_terminal_says(sessions):
    made = facilitate(sessions, [b"new", b"caf\xe9 talk", b"--location", b"Saint-\xc9tienne"], LATIN1)
    assert made.returncode == 0, made.stderr
    path = sessions / made.stdout.decode().strip().rsplit("/", 1)[-1]
    for line in (b"/note costs \xa35 a head", b"c: the caf\xe9 at \xa35"):
        added = facilitate(sessions, [b"add", str(path).encode(), b"measuring", b"today", line], LATIN1)
        assert added.returncode == 0, added.stderr
        assert b"Traceback" not in added.stderr
    text = path.read_text(encoding="utf-8")
    assert "\\u" not in text
    session = store.load_session(path)
    assert session.title == "café talk" and session.location == "Saint-Étienne"
    assert session.exercise("measuring").notes == "costs £5 a head"
    assert [a.text for a in session.exercise("measuring").step("today").answers] == ["the café at £5"]
    shown = facilitate(sessions, [b"show", str(path).encode()], UTF8)
    assert shown.returncode == 0 and "the café at £5" in shown.stdout.decode()


@pytest.mark.parametrize(
    ("args", "field", "byte"),
    [
        ([b"new", b"caf\xe9"], "title", "\\xe9"),
        ([b"new", b"York", b"--location", b"\xe9"], "location", "\\xe9"),
        ([b"add", b"SESSION", b"measuring", b"today", b"/note \xa35"], "note", "\\xa3"),
        ([b"add", b"SESSION", b"measuring", b"today", b"c: costs \xa35"], "line", "\\xa3"),
        ([b"add", b"SESSION", b"value", b"words", b"impact = \xa3 saved"], "line", "\\xa3"),
        ([b"add", b"SESSION", b"sharing", b"next", b"pay \xa35; Sam"], "line", "\\xa3"),
    ],
)
def test_a_byte_no_terminal_setting_reads_is_refused_naming_the_byte_and_the_field(sessions, args, field, byte):
    session, path = new_session(sessions)
    args = [session.id.encode() if a == b"SESSION" else a for a in args]
    before = {p.name: p.read_bytes() for p in sessions.glob("*.yaml")}
    result = facilitate(sessions, args, UTF8)
    assert result.returncode == 1
    said = result.stderr.decode().strip()
    assert "Traceback" not in said and len(said.splitlines()) == 1
    assert f"The {field} holds the byte {byte}, which is not UTF-8" in said
    assert {p.name: p.read_bytes() for p in sessions.glob("*.yaml")} == before
    assert facilitate(sessions, [b"show", session.id.encode()], UTF8).returncode == 0
    assert facilitate(sessions, [b"list"], UTF8).returncode == 0


def run_in(sessions, session_id: str, terminal: dict[str, str]) -> pexpect.spawn:
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "FACILITATE_SESSIONS_DIR": str(sessions),
        **terminal,
    }
    child = pexpect.spawn(
        sys.executable, ["-m", "facilitate", "run", session_id, "--plain"], env=env, dimensions=(30, 100), timeout=30
    )
    child.expect(PROMPT)
    return child


def test_run_keeps_a_latin1_note_and_answer_and_the_session_resumes(sessions):
    session, path = new_session(sessions)
    child = run_in(sessions, session.id, LATIN1)
    child.send(b"4 5\r")
    child.expect(b"saved")
    child.expect(PROMPT)
    child.send(b"\r")  # on to what is measured today
    child.expect(b"What do you measure today")
    child.expect(PROMPT)
    child.send(b"/note costs \xa35 a head\r")
    child.expect(b"Note saved")
    child.expect(PROMPT)
    child.send(b"c: the caf\xe9 at \xa35\r")
    child.expect(b"Answer 1 saved")
    child.expect(PROMPT)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert b"Traceback" not in child.before
    loaded = store.load_session(path)
    assert loaded.exercise("measuring").notes == "costs £5 a head"
    assert [a.text for a in loaded.exercise("measuring").step("today").answers] == ["the café at £5"]
    # It resumes where it stopped, and what was kept is shown.
    child = run_in(sessions, session.id, LATIN1)
    child.send(b"/list\r")
    child.expect("the café at £5".encode())
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()


def test_run_refuses_a_byte_its_terminal_cannot_read_and_goes_on(sessions):
    session, path = new_session(sessions)
    child = run_in(sessions, session.id, UTF8)
    child.send(b"\r")
    child.expect(b"What do you measure today")
    child.expect(PROMPT)
    child.send(b"/note costs \xa35\r")
    child.expect(b"The note holds the byte")
    # The refused line waits under the prompt to be corrected: cleared, and typed again.
    child.send(CLEAR_LINE + b"c: five pounds each\r")
    child.expect(b"Answer 1 saved")
    child.expect(PROMPT)
    child.send(b"c: \xa35 each\r")
    child.expect(b"The line holds the byte")
    child.send(CLEAR_LINE)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert b"Traceback" not in child.before
    loaded = store.load_session(path)
    assert loaded.exercise("measuring").notes == ""
    assert [a.text for a in loaded.exercise("measuring").step("today").answers] == ["five pounds each"]


def test_a_file_holding_half_a_character_is_read_with_a_warning_and_saved_whole(sessions, cli):
    session, path = new_session(sessions)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("location: Birmingham", 'location: "B\\uDCA3ham \\uD83D\\uDE00"', 1), encoding="utf-8")
    for args in (["show", session.id], ["list"], ["summary", session.id]):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        assert "1 character in this file cannot be read" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert "B\ufffdham 😀" in cli("show", session.id).stdout
    assert cli("add", session.id, "measuring", "today", "c: after").exit_code == 0
    assert store.load_session(path).location == "B\ufffdham 😀"
    assert cli("show", session.id).stderr == ""
