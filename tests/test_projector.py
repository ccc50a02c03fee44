"""The projector view as the room sees it, in tmux at 80×24 and 160×45: the question
and the answers are on screen, whole words only, and private text never appears."""

from __future__ import annotations

import re
import shutil
import sys

import pytest
from conftest import new_session
from screens import kill, new_name, settled, tmux, wait_for

from facilitate import store

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

ANSWERS = [
    "c: How many people come through the door each week",
    "p: KPIs in the contract: referrals, waiting times, completions",
    "c: Stories from families, when we have time to write them up",
    "Outputs against the grant plan",
    "c: Feedback forms after each session",
    "p: Cost per person supported",
    "c: Whether the young people we work with feel more confident after a term with us",
    "p: A secret only the facilitator should see",
    "c: Who comes back a second time",
    "c: What the volunteers notice that nobody writes down",
    "p: Complaints and compliments",
    "c: How long people wait for a first conversation",
]


def screen_words(screen: str) -> set[str]:
    return set(re.split(r"[\s│┃╭╮╰╯─━┏┓┗┛|+\-]+", screen))


@pytest.mark.parametrize("width, height", [(80, 24), (160, 45)])
def test_projector_view_fits_the_screen(sessions, width, height):
    session, path = new_session(sessions)
    from facilitate.facilitation import Workshop, save_to

    w = Workshop(store.load_session(path), save_to(path))
    w.finish_step("measuring", "importance")
    name = new_name()
    command = (
        f"cd {sessions.parent} && unset COLUMNS LINES && "
        f"PROMPT_TOOLKIT_NO_CPR=1 NO_COLOR=1 FACILITATE_SESSIONS_DIR={sessions} "
        f"{sys.executable} -m facilitate run {session.id} --present; sleep 30"
    )
    tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command)
    try:
        wait_for(name, "What do you measure today?")
        for number, line in enumerate(ANSWERS, 1):
            tmux("send-keys", "-t", name, "-l", line)
            tmux("send-keys", "-t", name, "Enter")
            wait_for(name, f"Answer {number} saved.")
            if number == 8:
                tmux("send-keys", "-t", name, "-l", "/private 8")
                tmux("send-keys", "-t", name, "Enter")
                wait_for(name, "Answer 8 is private")
        screen = settled(name)
    finally:
        kill(name)
    lines = screen.splitlines()
    assert all(len(line) <= width for line in lines)
    # Drawn for this screen, not a smaller one: the timer sits at the right-hand edge.
    assert lines[0].rstrip().endswith("min left") and len(lines[0].rstrip()) >= width - 2, lines[0]
    assert "What do you measure today?" in screen
    assert "How important is measuring your work to you?" in screen  # the exercise, top left
    assert "of 30 min" in screen  # the timer
    words = screen_words(screen)
    # The newest answers are always on screen, every word whole.
    for line in ANSWERS[-3:]:
        text = line.split(": ", 1)[-1]
        for word in text.split():
            assert word.strip(",.:") in words or word in words, (word, screen)
    assert "secret" not in screen
    assert "1 private answer (counted, not shown)" in screen
    if height == 24:
        assert "more not shown for space" in screen
    else:
        first = ANSWERS[0].split(": ", 1)[1]
        missing = [word for word in first.split() if word not in words]
        assert not missing, (missing, screen)
    saved = store.load_session(path).exercise("measuring").step("today").answers
    assert len(saved) == len(ANSWERS)
