"""A process killed at any moment never leaves a session file that fails to load."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from conftest import new_session

from facilitate import store
from facilitate.model import Answer, now


@pytest.mark.timeout(180)
def test_sigkill_during_add_never_corrupts_the_file(sessions):
    session, path = new_session(sessions)
    capture = session.exercise("measuring").step("today")
    # A large session makes each save take long enough to be caught half-way.
    for i in range(1, 1500):
        capture.answers.append(Answer(id=f"a{i}", text=f"answer {i} " + "words " * 20, group="community", at=now()))
    store.save_session(session, path)
    rng = random.Random(1234)
    env = {**os.environ, "FACILITATE_SESSIONS_DIR": str(sessions)}
    count_before = len(capture.answers)
    killed_mid_run = 0
    for round_no in range(25):
        lines = [f"round {round_no} line {n}" for n in range(30)]
        proc = subprocess.Popen(
            [sys.executable, "-m", "facilitate", "add", session.id, "measuring", "today", *lines],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0.2, 1.5))
        if proc.poll() is None:
            killed_mid_run += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        loaded = store.load_session(path)  # must never raise
        answers = loaded.exercise("measuring").step("today").answers
        assert len(answers) >= count_before
        count_before = len(answers)
        # Every answer written is whole: lines are saved one at a time, never half.
        for answer in answers[1499:]:
            assert answer.text.startswith("round ") and answer.text.split()[-2] == "line"
    assert killed_mid_run > 5, "the kills should land while add is working"
    # A killed save may leave its hidden temp file; the next writer clears it away.
    subprocess.run(
        [sys.executable, "-m", "facilitate", "add", session.id, "measuring", "today", "last"],
        env=env,
        check=True,
        capture_output=True,
    )
    assert [p for p in sessions.iterdir() if p.name.endswith(".tmp")] == []
