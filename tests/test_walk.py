"""The engine's walk through the agenda, driven by a scripted room: no terminal, no
prompt library. Every line is read back from the file on disk."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from conftest import new_session
from helpers import ScriptedRoom

from facilitate import store
from facilitate.facilitation import Workshop, save_to
from facilitate.walk import walk


@pytest.fixture
def value_session(sessions):
    return new_session(sessions, exercises=("value",))[1]


def test_a_scripted_room_walks_every_step_and_everything_is_on_disk(value_session):
    room = ScriptedRoom(
        [
            "c: people feel less alone",
            "p: saves the NHS money",
            "Q: what about cash",  # refused: not a group key
            "\\Q: what about cash",
            "",
            "1: social",
            "2: public",
            "",
            "c: impact = lasting change",
            "p: impact = savings",
            "",
            "1x3 2",
            "",
        ]
    )
    walk(Workshop(store.load_session(value_session), save_to(value_session)), room)
    assert room.done
    assert room.refusals == [
        "'Q' is not a group key: the groups are c (community), p (public sector). "
        "To keep it as text, start the line with a backslash: \\Q: …"
    ]
    value = store.load_session(value_session).exercise("value")
    meanings = value.step("meanings").answers
    assert [(a.text, a.group, a.tags, a.votes) for a in meanings] == [
        ("people feel less alone", "community", ["social / community"], 3),
        ("saves the NHS money", "public sector", ["public-cost saving"], 1),
        ("Q: what about cash", None, [], 0),
    ]
    assert [s.status for s in value.steps] == ["done"] * 4
    assert room.opened[0] == "value"


def test_a_private_answer_as_typed_is_counted_and_undo_says_nothing_of_it(value_session):
    room = ScriptedRoom(["!c: Fear that one bad quarter loses the contract", "/undo", "!c: Fear again", ""])
    with pytest.raises(KeyboardInterrupt):
        walk(Workshop(store.load_session(value_session), save_to(value_session)), room)
    answers = store.load_session(value_session).exercise("value").step("meanings").answers
    assert [(a.text, a.private) for a in answers] == [("Fear again", True)]
    assert room.said[0] == "Answer 1 saved, private."
    assert room.said[1] == "Took back: a private answer"
    assert room.public[1] == "Took back answer 1."
    assert not any("Fear" in message for message in room.said + room.public)


def test_a_note_is_taken_back_by_undo_and_the_answer_before_it_stays(value_session):
    room = ScriptedRoom(["c: first", "/note quiet table at the back", "/undo"])
    with pytest.raises(KeyboardInterrupt):
        walk(Workshop(store.load_session(value_session), save_to(value_session)), room)
    value = store.load_session(value_session).exercise("value")
    assert [a.text for a in value.step("meanings").answers] == ["first"]
    assert value.notes == ""
    assert room.said[-1] == "Took back the note."


def test_the_engine_walks_without_any_terminal_library(value_session):
    script = textwrap.dedent(
        f"""
        import json, sys
        sys.path.insert(0, {str(value_session.parent.parent)!r})
        from facilitate import store
        from facilitate.facilitation import Workshop, save_to
        from facilitate.walk import walk
        from pathlib import Path

        class Room:
            lines = ["c: one", "", "1: social", "", "", ""]
            def open_exercise(self, w, e): pass
            def open_step(self, w, c): pass
            def read_line(self, w, c, refusal, draft): return self.lines.pop(0)
            def say(self, m, public=None): pass
            def show(self, what, w, c): pass
            def aside(self, m): pass
            def offer_readback(self, w, e, n): return False
            def finished(self, w): pass

        path = Path({str(value_session)!r})
        walk(Workshop(store.load_session(path), save_to(path)), Room())
        heavy = [m for m in ("rich", "questionary", "prompt_toolkit", "typer", "jinja2", "docx") if m in sys.modules]
        print(json.dumps(heavy))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert store.load_session(value_session).exercise("value").step("meanings").answers[0].tags == [
        "social / community"
    ]


def test_a_failed_save_during_undo_puts_everything_back_in_place(value_session):
    from facilitate.errors import FacilitateError, SaveFailed

    w = Workshop(store.load_session(value_session), save_to(value_session))
    w.enter("value", "meanings", "c: one")
    w.enter("value", "meanings", "c: two")
    ctx = w.context("value", "meanings")
    exercise, answers = ctx.exercise, ctx.record.answers
    first, second = answers

    def disk_full(session):
        raise SaveFailed("The disk is full; nothing was saved.", "the disk is full")

    saving, w._save = w._save, disk_full
    with pytest.raises(FacilitateError):
        w.enter("value", "meanings", "/undo")
    w._save = saving
    # The very objects the room holds are as they were, so nothing it holds goes stale.
    assert ctx.exercise is exercise and ctx.record.answers is answers
    assert answers == [first, second] and answers[1] is second
    assert w.enter("value", "meanings", "/undo").message == "Took back: c: two"
    assert [a.text for a in store.load_session(value_session).exercise("value").step("meanings").answers] == ["one"]
