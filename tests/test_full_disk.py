"""A full disk, for real: a small tmpfs filled to the last byte. `run` says in one line
what was not saved and keeps going on an empty line; `list` answers without writing
its catalogue into the space a session save needs; the session file stays whole."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys

import patience
import pexpect
import pytest
from conftest import new_session

from facilitate import store

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder) -> None:
    """Take every free byte of the filesystem the folder is on."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (1 << 16, 1 << 12, 1 << 8, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)


def env_for(sessions) -> dict[str, str]:
    return {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "FACILITATE_SESSIONS_DIR": str(sessions),
    }


def index_files(sessions) -> list[str]:
    return sorted(p.name for p in sessions.iterdir() if p.name.startswith(".facilitate-index") and "lock" not in p.name)


def test_a_full_disk_is_reported_in_one_line_and_run_keeps_going(small_disk):
    sessions = small_disk / "sessions"
    sessions.mkdir()
    session, path = new_session(sessions, exercises=("value",))
    fill(small_disk)
    with pytest.raises(OSError) as full:
        (small_disk / "probe").write_bytes(b"x" * 8192)
    assert full.value.errno == errno.ENOSPC
    before = path.read_bytes()

    child = pexpect.spawn(
        sys.executable,
        ["-m", "facilitate", "run", session.id, "--plain"],
        env=env_for(sessions),
        dimensions=(40, 400),
        encoding="utf-8",
        timeout=patience.left(),
    )
    child.expect("›")
    assert "The disk is full, so nothing can be saved yet (the session file is unchanged)." in child.before
    # An empty line ends the step: it cannot be saved, so the step stays open.
    child.send("\r")
    child.expect(
        r"Not saved: The disk is full, so the end of this step was not saved \(the session file is unchanged\)\. "
        r"Free some space, then press Enter on an empty line again\.\r\n"
    )
    child.expect("›")
    assert child.isalive()
    child.send("c: people feel less alone\r")
    child.expect(
        r"Not saved: The disk is full, so \S+ could not be saved; it is unchanged\. "
        r"Free some space and type the line again\.\r\n"
    )
    child.expect("›")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "the last line was not saved: 'c: people feel less alone'" in child.before
    assert "Traceback" not in child.before

    listed = subprocess.run(
        [sys.executable, "-m", "facilitate", "list"], env=env_for(sessions), capture_output=True, text=True, timeout=30
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == ""
    assert session.id in listed.stdout
    assert index_files(sessions) == []
    assert path.read_bytes() == before
    assert store.load_session(path).exercise("value").step("meanings").status == "todo"


def test_after_a_full_disk_the_line_typed_again_is_saved_once(small_disk):
    sessions = small_disk / "sessions"
    sessions.mkdir()
    session, path = new_session(sessions, exercises=("value",))
    child = pexpect.spawn(
        sys.executable,
        ["-m", "facilitate", "run", session.id, "--plain"],
        env=env_for(sessions),
        dimensions=(40, 400),
        encoding="utf-8",
        timeout=patience.left(),
    )
    child.expect("›")
    fill(small_disk)
    child.send("c: people feel less alone\r")
    child.expect(r"Free some space and type the line again\.\r\n")
    child.expect("›")
    os.unlink(small_disk / "filler")
    # The prompt was cleared: the line typed again is the whole line, not added to the first.
    child.send("c: people feel less alone\r")
    child.expect("Answer 1 saved")
    child.expect("›")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    answers = store.load_session(path).exercise("value").step("meanings").answers
    assert [(a.text, a.group) for a in answers] == [("people feel less alone", "community")]


def test_the_catalogue_leaves_the_space_a_session_save_needs(small_disk, cli, monkeypatch):
    sessions = small_disk / "sessions"
    sessions.mkdir()
    monkeypatch.setenv("FACILITATE_SESSIONS_DIR", str(sessions))
    session, path = new_session(sessions, exercises=("value",))
    fill(small_disk)
    # Free about 200 KB: plenty for a save, well below what the catalogue must leave.
    os.unlink(small_disk / "filler")
    with open(small_disk / "filler", "wb") as handle:
        handle.write(b"\0" * (4 * 1024 * 1024 - 200 * 1024 - len(path.read_bytes()) * 8))
    for number in range(3):
        assert cli("add", session.id, "value", "meanings", f"c: answer {number}").exit_code == 0
        listed = cli("list")
        assert listed.exit_code == 0 and session.id in listed.stdout
        assert index_files(sessions) == []
    found = cli("search", "answer")
    assert found.exit_code == 0 and "3 found." in found.stdout
    texts = [a.text for a in store.load_session(path).exercise("value").step("meanings").answers]
    assert texts == ["answer 0", "answer 1", "answer 2"]
