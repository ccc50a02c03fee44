"""Ctrl-C at any moment around Enter: `run` always ends with exit 130 and no
traceback, and what it says matches the file: either the line was saved (and the file
holds it) or it names the line to type again (and the file does not hold it)."""

from __future__ import annotations

import os
import random
import re
import sys
import time

import patience
import pexpect
import pytest
from conftest import new_session

from facilitate import store

TRIES = 200
# Separate sessions, one test each: each try is mostly Python starting up, so the tries
# are shared out among the test run's parallel workers.
SHARDS = 4


def answers(path) -> list[str]:
    return [a.text for a in store.load_session(path).exercise("value").step("meanings").answers]


def press_ctrl_c_around_enter(sessions, session_id: str, path, tries: int, seed: int) -> list[str]:
    """Run, type a line, press Ctrl-C somewhere around Enter; check; repeat. Returns
    the problems found (empty when every try told the truth)."""
    chance = random.Random(seed)
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "FACILITATE_SESSIONS_DIR": str(sessions),
    }
    kept: list[str] = []
    problems: list[str] = []
    for attempt in range(tries):
        line = f"answer {seed}-{attempt}"
        child = pexpect.spawn(
            sys.executable,
            ["-m", "facilitate", "run", session_id, "--plain"],
            env=env,
            dimensions=(30, 120),
            encoding="utf-8",
            timeout=patience.left(),
        )
        child.delaybeforesend = None
        child.expect("›")
        # Before Enter (typed, not entered), with Enter in one burst, or just after.
        moment = chance.choice(["before", "burst", "after", "after", "after"])
        if moment == "before":
            child.send(line)
            time.sleep(chance.uniform(0, 0.02))
            child.sendcontrol("c")
        elif moment == "burst":
            child.send(line + "\r\x03")
        else:
            child.send(line + "\r")
            time.sleep(chance.uniform(0, 0.06))
            child.sendcontrol("c")
        child.expect(pexpect.EOF)
        child.close()
        shown = child.before or ""
        where = f"try {attempt} ({moment}): "
        if child.exitstatus != 130:
            problems.append(f"{where}exit {child.exitstatus} / signal {child.signalstatus}: {shown[-300:]!r}")
        for bad in ("Traceback", "Press ENTER", "Exception", "Error"):
            if bad in shown:
                problems.append(f"{where}{bad!r} shown: {shown[-400:]!r}")
        on_disk = answers(path)
        said_saved = re.search(r"Answer \d+ saved", shown) is not None
        not_saved = f"the last line was not saved: '{line}'" in shown
        all_saved = "everything typed is saved" in shown
        if not_saved == all_saved:
            problems.append(f"{where}no clear outcome: {shown[-300:]!r}")
        if all_saved or said_saved:
            kept.append(line)
            if not all_saved or (said_saved and not_saved):
                problems.append(f"{where}said saved and not saved: {shown[-300:]!r}")
        if on_disk != kept:
            problems.append(f"{where}file holds {on_disk[-3:]}, expected {kept[-3:]}: {shown[-300:]!r}")
            kept = on_disk
    return problems


@pytest.mark.timeout(240)
@pytest.mark.parametrize("shard", range(SHARDS))
def test_ctrl_c_around_enter_always_tells_the_truth(tmp_path, shard):
    # Each shard is a session of its own with its own seed, so parallel workers share the tries.
    session, path = new_session(tmp_path, exercises=("value",))
    tries = TRIES // SHARDS + (1 if shard < TRIES % SHARDS else 0)
    problems = press_ctrl_c_around_enter(tmp_path, session.id, path, tries, seed=1000 + shard)
    assert not problems, "\n".join(problems[:10])
    assert len(answers(path)) > 0
