"""`facilitate run`'s terminal room driven through real questionary prompts.

prompt_toolkit's pipe input stands in for the keyboard and DummyOutput for the
screen; rich writes to a recording console. pytest-timeout turns a prompt left
waiting for input into a failure instead of a hang."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from conftest import new_session
from helpers import DECLINE, ENTER, lines, run_room
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from facilitate import store
from facilitate.facilitation import Workshop, save_to
from facilitate.ui.room import TerminalRoom, fit_toolbar, timer_text
from facilitate.walk import walk

pytestmark = pytest.mark.timeout(120)

UP = "\x1b[A"  # the Up arrow: the line typed before, back in the prompt


@pytest.fixture
def short(sessions):
    """A session with only the value exercise: capture, tag, glossary, vote."""
    return new_session(sessions, exercises=("value",))[1]


def test_every_kind_through_real_prompts(sessions):
    _, path = new_session(sessions)
    keys = (
        lines("4 5 3 3", "p: 2 3", "5x3", "")  # scale
        + lines("c: attendance", "p: KPIs", "")  # capture
        + lines("1: funders", "2: commiss", "/list", "")  # tag
        + lines("c: how confident people feel", "")  # capture
        + lines("1x3", "")  # vote
        + [DECLINE]  # the read-back offered at the end of each exercise
        + lines("c: people feel less alone", "p: saves the NHS money", "")
        + lines("1: social well", "2: public", "")
        + lines("p: impact = savings", "c: impact = lasting change", "")
        + lines("1x4 2", "")
        + [DECLINE]
        + lines("1x9", "c: 3 3", "")  # choice
        + lines("no time", "")
        + lines("1: capacity", "")
        + lines("one shared form", "")
        + lines("1x2", "")
        + lines("share our page; Priya; March", "")  # actions
        + [DECLINE]
    )
    shown = run_room(path, keys)
    session = store.load_session(path)
    assert session.status == "finished"
    m, v, s = (session.exercise(e) for e in ("measuring", "value", "sharing"))
    assert [r.value for r in m.step("importance").responses] == [4, 5, 3, 3, 2, 3, 5, 5, 5]
    assert [(a.text, a.group, a.tags) for a in m.step("today").answers] == [
        ("attendance", "community", ["funders"]),
        ("KPIs", "public sector", ["commissioners"]),
    ]
    assert [a.votes for a in m.step("if-nobody-asked").answers] == [3]
    assert [a.tags for a in v.step("meanings").answers] == [
        ["social / community", "wellbeing / personal"],
        ["public-cost saving"],
    ]
    assert [(m.group, m.meaning) for m in v.step("words").terms[0].meanings] == [
        ("public sector", "savings"),
        ("community", "lasting change"),
    ]
    assert [a.votes for a in v.step("meanings").answers] == [4, 1]
    assert len(s.step("share-with").responses) == 11
    assert s.step("barriers").answers[0].tags == ["capacity"]
    assert [(a.action, a.owner, a.due) for a in s.step("next").actions] == [("share our page", "Priya", "March")]
    assert all(st.status == "done" for e in session.exercises for st in e.steps)
    # What the facilitator saw: each exercise's intro, each step's prompt and hint.
    assert "Read aloud:" in shown and "What does value really mean?" in shown
    assert "Step 2 of 4: What kind of value is each of these?" in shown
    assert "2. public-cost saving: An estimate, in pounds" in shown
    # A tag step lists its tags once as it opens (with descriptions); /list repeats them briefly.
    assert shown.count("Tags: [1] funders · [2] commissioners") == 1
    assert "7. nobody beyond what is required\n  Everyone may choose several." in shown
    assert "The agenda is done" in shown and f"facilitate summary {session.id}" in shown


def test_refused_line_is_cleared_from_the_prompt_and_nothing_is_saved(short):
    keys = ["c:   ", ENTER]  # refused: a group key with no text
    # The prompt is empty again: what is typed next is a line of its own, not added to it.
    keys += lines("c: people feel less alone", "")
    keys += ["1: bananas", ENTER] + lines("1: social", "")
    keys += lines("/skip", "/skip") + [DECLINE]
    shown = run_room(short, keys)
    answers = store.load_session(short).exercise("value").step("meanings").answers
    assert [(a.text, a.tags) for a in answers] == [("people feel less alone", ["social / community"])]
    assert shown.count("Not saved:") == 2


def test_refused_line_comes_back_with_the_up_arrow_to_be_corrected(short):
    # "c people" is refused nowhere (it is text), so use the tag step: fix "1: social"
    # typed as "1: socail" by bringing it back, deleting three letters and retyping them.
    keys = (
        lines("one answer", "")
        + ["1: socail", ENTER, UP, "\x7f\x7f\x7f", "ial", ENTER]
        + lines("", "/skip", "/skip")
        + [DECLINE]
    )
    run_room(short, keys)
    assert store.load_session(short).exercise("value").step("meanings").answers[0].tags == ["social / community"]


def test_undo_list_note_private_help_time(short):
    keys = lines(
        "c: first", "p: second", "third", "/undo", "/list", "/note quiet table", "/private 2", "/help", "/time", ""
    )
    keys += lines("/skip", "/skip", "/skip") + [DECLINE]
    shown = run_room(short, keys)
    exercise = store.load_session(short).exercise("value")
    answers = exercise.step("meanings").answers
    assert [(a.text, a.private) for a in answers] == [("first", False), ("second", True)]
    assert exercise.notes == "quiet table"
    assert "Took back: third" in shown
    assert "1. first  (community)" in shown  # /list
    assert "An empty line ends the step" in shown  # /help
    assert "of 40 min" in shown  # /time
    assert [s.status for s in exercise.steps] == ["done", "skipped", "skipped", "skipped"]


def test_back_returns_to_the_previous_step(short):
    keys = lines("one", "", "/back", "two", "") + lines("/skip", "/skip", "/skip") + [DECLINE]
    run_room(short, keys)
    texts = [a.text for a in store.load_session(short).exercise("value").step("meanings").answers]
    assert texts == ["one", "two"]


def test_done_and_skip_move_on(short):
    run_room(short, lines("/done", "/skip", "/done", "/skip"))
    steps = store.load_session(short).exercise("value").steps
    assert [s.status for s in steps] == ["done", "skipped", "done", "skipped"]


def test_resume_starts_at_the_first_unfinished_step(short):
    w = Workshop(store.load_session(short), save_to(short))
    w.enter("value", "meanings", "already here")
    w.finish_step("value", "meanings")
    shown = run_room(short, lines("1: social", "", "/skip", "/skip") + [DECLINE])
    assert "Step 1 of 4" not in shown and "Step 2 of 4" in shown
    assert store.load_session(short).exercise("value").step("meanings").answers[0].tags == ["social / community"]


def test_exercise_option_jumps_to_an_exercise(sessions):
    _, path = new_session(sessions)
    shown = run_room(path, lines("/skip", "/skip", "/skip", "/skip", "/skip", "/skip"), exercise="sharing")
    assert "How important is measuring" not in shown
    assert [s.status for s in store.load_session(path).exercise("sharing").steps] == ["skipped"] * 6


def test_ctrl_c_leaves_everything_typed_on_disk(short):
    workshop = Workshop(store.load_session(short), save_to(short))
    console = Console(file=io.StringIO(), width=80, no_color=True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("kept\r" + "half-typed line\x03")
        with pytest.raises(KeyboardInterrupt):
            walk(workshop, TerminalRoom(console, plain=True))
    record = store.load_session(short).exercise("value").step("meanings")
    assert [a.text for a in record.answers] == ["kept"]
    assert record.status == "doing"


def test_timer_counts_down_then_reports_overtime(short):
    session = store.load_session(short)
    exercise = session.exercise("value")
    exercise.started = dt.datetime(2027, 6, 12, 10, 0, tzinfo=dt.UTC)
    assert timer_text(exercise, exercise.started + dt.timedelta(minutes=12)) == "12 of 40 min · 28 min left"
    assert timer_text(exercise, exercise.started + dt.timedelta(minutes=47)) == "47 of 40 min · overtime by 7 min"


def test_toolbar_keeps_the_timer_and_cuts_the_title_between_words():
    status = "3 of 40 min · 37 min left"
    assert fit_toolbar("What does value really mean?", status, 200).endswith("/help for commands ")
    narrow = fit_toolbar("What does value really mean?", status, 44)
    assert status in narrow and len(narrow) <= 44
    assert "What does…" in narrow or "What…" in narrow


def test_projector_view_hides_private_text_and_notes(short):
    w = Workshop(store.load_session(short), save_to(short))
    w.enter("value", "meanings", "c: a secret story about my family")
    w.enter("value", "meanings", "p: visible answer")
    w.enter("value", "meanings", "/private 1")
    w.enter("value", "meanings", "/note the facilitator's private note")
    shown = run_room(short, lines("", "/skip", "/skip", "/skip") + [DECLINE], present=True, width=80, height=24)
    assert "visible answer" in shown
    assert "secret story" not in shown
    assert "private note" not in shown
    assert "1 private answer (counted, not shown)" in shown


def test_rerun_shows_last_time_and_carries_an_answer(sessions):
    from facilitate.facilitation import offer_earlier, open_actions

    earlier, earlier_path = new_session(sessions, title="Leeds", exercises=("value",))
    w = Workshop(store.load_session(earlier_path), save_to(earlier_path))
    for line in ("c: belonging", "p: saving money", "c: a private thing"):
        w.enter("value", "meanings", line)
    w.enter("value", "meanings", "/private 3")
    w.enter("value", "adopt", "2x3")
    _, path = new_session(sessions, title="Birmingham", exercises=("value",))
    workshop = Workshop(store.load_session(path), save_to(path))
    workshop.session.like = earlier.id
    offer_earlier(workshop, w.session)
    screen = io.StringIO()
    room = TerminalRoom(Console(file=screen, width=100, no_color=True), plain=True)
    room.remind(workshop.earlier_label, open_actions(w.session))
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(lines("/carry 1", "c: new idea", "", "/skip", "/skip", "/skip")) + DECLINE)
        walk(workshop, room)
    shown = screen.getvalue()
    assert "Last time in" in shown and "1. saving money  (public sector)  3 dots" in shown
    assert "a private thing" not in shown
    answers = store.load_session(path).exercise("value").step("meanings").answers
    assert [(a.text, a.carried_from) for a in answers] == [("saving money", earlier.id), ("new idea", None)]


def test_a_failed_save_keeps_the_line_to_try_again(short, monkeypatch):
    import errno
    import os as os_module

    real_fsync = os_module.fsync
    failures = []

    def full_once(fd):
        if not failures:
            failures.append(fd)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    workshop = Workshop(store.load_session(short), save_to(short))
    workshop.start_step("value", "meanings")
    screen = io.StringIO()
    monkeypatch.setattr(os_module, "fsync", full_once)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        # The first Enter fails to save; the prompt is cleared, and typing the line
        # again saves it once.
        pipe.send_text("c: worth keeping\rc: worth keeping\r" + "".join(lines("", "/skip", "/skip", "/skip")) + DECLINE)
        walk(workshop, TerminalRoom(Console(file=screen, width=100, no_color=True), plain=True))
    assert "The disk is full" in screen.getvalue()
    answers = store.load_session(short).exercise("value").step("meanings").answers
    assert [(a.text, a.group) for a in answers] == [("worth keeping", "community")]


def test_help_says_how_to_stop_and_quit_stops_as_ctrl_d_does(short):
    workshop = Workshop(store.load_session(short), save_to(short))
    screen = io.StringIO()
    room = TerminalRoom(Console(file=screen, width=100, no_color=True, force_terminal=False), plain=True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("".join(lines("c: first", "/help", "/quit", "c: never typed")))
        # /quit ends the walk as Ctrl-D does: EOFError, which `run` reports as a stop.
        with pytest.raises(EOFError):
            walk(workshop, room)
    assert screen.getvalue().rstrip().splitlines()[-1].strip() == "Ctrl-D or /quit: stop; everything typed is saved"
    answers = store.load_session(short).exercise("value").step("meanings").answers
    assert [a.text for a in answers] == ["first"]  # saved; nothing after /quit was read
