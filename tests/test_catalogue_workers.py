"""The catalogue's parallel cold build ends with the command that started it: `list`
killed with SIGKILL (or Ctrl-C) leaves no worker reading on, and the next command
removes the temporary files a killed write left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import patience
import pytest
from conftest import new_session

pytestmark = pytest.mark.timeout(120)


def _many_sessions(folder: Path, count: int) -> None:
    session, path = new_session(folder, title="Template")
    text = path.read_text(encoding="utf-8")
    path.unlink()
    for number in range(count):
        copy = text.replace(session.id, f"{session.id}-{number}")
        (folder / f"{session.id}-{number}.yaml").write_text(copy, encoding="utf-8")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status  # a zombie has ended; only its exit status is left


def _list(sessions: Path) -> subprocess.Popen:
    env = {**os.environ, "FACILITATE_SESSIONS_DIR": str(sessions), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "facilitate", "list"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_killing_list_during_a_cold_build_leaves_no_worker_and_no_temporary_file(sessions, how):
    if (os.cpu_count() or 1) < 2:
        pytest.skip("the build reads in parallel only with two cores or more")
    _many_sessions(sessions, 300)
    # As a write killed half-way would leave it.
    stale = sessions / ".facilitate-index-answers.json.999999.tmp"
    stale.write_text("{", encoding="utf-8")
    command = _list(sessions)
    # The workers, as soon as there are any (or nothing, if `list` ended without them).
    workers = patience.until(
        lambda: _children(command.pid) or ([] if command.poll() is None else ["ended"]), "the cold build's workers"
    )
    assert workers != ["ended"], "the cold build did not start workers"
    os.kill(command.pid, how)
    command.wait(timeout=patience.left())
    # Each worker ends on its own once it sees its parent gone.
    patience.until(lambda: not [pid for pid in workers if _alive(pid)], "every worker ended", lambda: str(workers))
    result = _list(sessions)
    out, err = result.communicate(timeout=60)
    assert result.returncode == 0, err
    assert out.decode().count("2027-06-12-") == 300
    assert list(sessions.glob("*.tmp")) == list(sessions.glob(".*.tmp")) == []
