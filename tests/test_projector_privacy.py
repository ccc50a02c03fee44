"""One screen: `run --present` is both the facilitator's prompt and the projector.
Read after every keystroke, the screen never shows a note or a private answer's
text: not in the input line while it is typed, not in a message after /private,
/undo or the undo of a /private, not after a resume."""

from __future__ import annotations

import shutil
import sys

import pytest
from conftest import new_session
from screens import kill, new_name, pane, tmux, wait_for

from facilitate import store
from facilitate.facilitation import Workshop, save_to

pytestmark = [
    pytest.mark.timeout(300),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SECRET = "p: Tiredness that nobody admits"
SECRET_WORDS = ["Tiredness", "nobody admits"]
NOTE = "/note The council officer looked uncomfortable"
NOTE_WORDS = ["council officer", "uncomfortable"]
TYPED_PRIVATE = "!c: The board never reads these"
TYPED_PRIVATE_WORDS = ["board never", "reads these"]


class OneScreen:
    def __init__(self, sessions, session_id: str):
        self.name = new_name()
        self.command = (
            f"cd {sessions.parent} && unset COLUMNS LINES && "
            f"PROMPT_TOOLKIT_NO_CPR=1 NO_COLOR=1 FACILITATE_SESSIONS_DIR={sessions} "
            f"{sys.executable} -m facilitate run {session_id} --present; echo RUN-EXIT=$?; sleep 60"
        )
        tmux("new-session", "-d", "-s", self.name, "-x", "120", "-y", "40", self.command)
        self.forbidden: list[str] = list(NOTE_WORDS)
        self.screens = 0

    def check(self, when: str) -> str:
        screen = pane(self.name)
        self.screens += 1
        for words in self.forbidden:
            assert words not in screen, f"{words!r} was on the projector {when}:\n{screen}"
        return screen

    def type(self, line: str, then: str, hidden_from_now: list[str] = ()) -> str:
        """Type a line key by key, reading the screen after each key; then Enter, and
        wait for `then`, from when `hidden_from_now` must not be on screen either."""
        for index, key in enumerate(line):
            tmux("send-keys", "-t", self.name, "-l", key)
            self.check(f"after key {index + 1} of {line!r}")
        tmux("send-keys", "-t", self.name, "Enter")
        screen = wait_for(self.name, then)
        self.forbidden += hidden_from_now
        self.check(f"after {line!r}")
        return screen

    def restart(self) -> None:
        tmux("send-keys", "-t", self.name, "C-c")
        wait_for(self.name, "RUN-EXIT=130")
        tmux("respawn-window", "-k", "-t", self.name, self.command)

    def close(self) -> None:
        kill(self.name)


def test_one_screen_present_never_shows_a_note_or_private_text_keystroke_by_keystroke(sessions):
    session, path = new_session(sessions)
    Workshop(store.load_session(path), save_to(path)).finish_step("measuring", "importance")
    room = OneScreen(sessions, session.id)
    try:
        wait_for(room.name, "What do you measure today?")
        room.type("c: Headcounts at the door", "Answer 1 saved.")

        # Private as typed: masked in the input line, whatever the grammar then does.
        room.forbidden += TYPED_PRIVATE_WORDS
        for index, key in enumerate(TYPED_PRIVATE):
            tmux("send-keys", "-t", room.name, "-l", key)
            room.check(f"after key {index + 1} of {TYPED_PRIVATE!r}")
        screen = room.check("with the private line typed")
        assert "! ●●●●●● (6 words, hidden)" in screen, screen
        tmux("send-keys", "-t", room.name, "Enter")
        wait_for(room.name, "Answer 2 saved, private.")
        typed = store.load_session(path).exercise("measuring").step("today").answers[1]
        assert typed.private and typed.text == "The board never reads these"
        room.check("once answer 2 is saved, private from its first keystroke")

        room.type(SECRET, "Answer 3 saved.")
        screen = room.type("/private 3", "Answer 3 is private", SECRET_WORDS)
        assert "2 private answers (counted, not shown)" in screen
        # Taking back /private makes the answer public again, so its card comes back;
        # the message itself names only the command.
        room.forbidden = [w for w in room.forbidden if w not in SECRET_WORDS]
        screen = room.type("/undo", "Took back: /private 3")
        room.type("/private 3", "Answer 3 is private", SECRET_WORDS)

        screen = None
        for index, key in enumerate(NOTE):
            tmux("send-keys", "-t", room.name, "-l", key)
            screen = room.check(f"after key {index + 1} of the note")
        assert "/note ●●●●●● (5 words, hidden)" in screen, screen
        tmux("send-keys", "-t", room.name, "Enter")
        wait_for(room.name, "Note saved.")
        room.check("after the note")

        # A resumed run has no history: /undo removes the newest answer, a private one.
        room.restart()
        wait_for(room.name, "What do you measure today?")
        room.check("after the resume")
        # ...after asking, and naming it by number only.
        room.type("/undo", "/undo would remove answer 3. Type /undo again")
        screen = room.type("/undo", "Removed answer 3.")
        assert "1 private answer (counted, not shown)" in screen
        assert room.screens > 2 * len(NOTE)

        saved = store.load_session(path)
        assert [a.text for a in saved.exercise("measuring").step("today").answers][0] == "Headcounts at the door"
        assert len(saved.exercise("measuring").step("today").answers) == 2
        assert "officer looked uncomfortable" in saved.exercise("measuring").notes
    finally:
        room.close()
