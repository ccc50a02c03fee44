"""A process killed while holding a session's lock leaves its holder file behind; the
next command cleans it up, and never names the dead process as the one holding the lock."""

from __future__ import annotations

import subprocess
import sys

from conftest import new_session
from filelock import FileLock

from facilitate import store

KILLED_WHILE_LOCKED = """
import os, signal, sys
from pathlib import Path
from facilitate import store
with store.session_lock(Path(sys.argv[1]), "facilitate add"):
    os.kill(os.getpid(), signal.SIGKILL)
"""


def kill_while_locked(path) -> None:
    done = subprocess.run([sys.executable, "-c", KILLED_WHILE_LOCKED, str(path)], timeout=30)
    assert done.returncode == -9


def test_a_killed_adds_holder_file_is_cleaned_by_the_next_add(cli, sessions):
    _, path = new_session(sessions)
    kill_while_locked(path)
    holder = sessions / ".facilitate-locks" / f"{path.name}.holder"
    assert "facilitate add" in holder.read_text(encoding="utf-8")
    result = cli("add", str(path), "measuring", "today", "c: after the crash")
    assert result.exit_code == 0, result.stderr
    assert not holder.exists()
    assert store.load_session(path).exercise("measuring").step("today").answers[0].text == "after the crash"


def test_a_dead_process_is_never_named_as_the_holder(cli, sessions):
    _, path = new_session(sessions)
    kill_while_locked(path)
    dead = (sessions / ".facilitate-locks" / f"{path.name}.holder").read_text(encoding="utf-8")
    # Someone else holds the lock now but has not yet written its name: the stale
    # name must not be shown.
    with FileLock(str(sessions / ".facilitate-locks" / f"{path.name}.lock"), timeout=1):
        result = cli("add", str(path), "measuring", "today", "c: blocked")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Session {path.stem} is in use by another process; finish or close that first."
    assert dead not in result.stderr


def test_a_catalogue_temp_file_left_by_a_killed_writer_is_cleaned(cli, sessions):
    new_session(sessions)
    left = sessions / ".facilitate-index.json.999999.tmp"
    left.write_text('{"half": ', encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 0 and result.stderr == ""
    assert not left.exists()
    assert (sessions / ".facilitate-index.json").exists()


def test_locks_live_in_one_hidden_folder_that_git_ignores(cli, sessions, tmp_path):
    import shutil

    _, path = new_session(sessions)
    assert cli("add", str(path), "measuring", "today", "c: a line").exit_code == 0
    assert cli("list").exit_code == 0
    # Beside the sessions: the sessions, the index, and one hidden folder of locks.
    assert not [p.name for p in sessions.iterdir() if p.name.endswith((".lock", ".holder"))]
    assert (sessions / ".facilitate-locks" / f"{path.name}.lock").exists()
    git = shutil.which("git")
    if git is None:
        return
    subprocess.run([git, "init", "-q", str(sessions)], check=True, timeout=30)
    shown = subprocess.run(
        [git, "-C", str(sessions), "status", "--porcelain", "--untracked-files=all"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    assert path.name in shown
    assert ".facilitate-locks" not in shown and ".lock" not in shown
