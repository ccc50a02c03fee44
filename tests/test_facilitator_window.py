"""The facilitator's window (`run` without --present, while the projector follows
elsewhere) keeps what the facilitator needs: the intro and hints, the group keys, a
scale's labels, tags and answers set apart, a choice's options once, and a refused
line's reason under the prompt."""

from __future__ import annotations

import pytest
from conftest import new_session
from helpers import CLEAR_LINE, DECLINE, ENTER, lines, run_room

pytestmark = pytest.mark.timeout(120)


def test_each_step_opens_with_what_the_facilitator_needs(sessions):
    _, path = new_session(sessions)
    keys = lines("4 5", "", "c: attendance", "p: KPIs", "") + ["1: 9", ENTER, CLEAR_LINE] + lines("1: 1", "")
    keys += lines("/skip", "/skip") + [DECLINE]  # if-nobody-asked, priorities; no read-back
    keys += lines("/skip", "/skip", "/skip", "/skip")  # the value exercise
    keys += lines("2x3", "")  # a choice, then stop at the next step
    keys += lines("/skip") * 5
    shown = run_room(path, keys)
    assert "Read aloud:" in shown
    assert "Ask for a show of hands at each number" in shown  # a hint
    assert shown.count("Group keys: c: community, p: public sector") >= 3
    assert "Scale: 1 not at all · 2 a little · 3 somewhat · 4 very · 5 essential" in shown
    # A dot vote shows the group keys too, and how dots are typed by group.
    vote = shown.index("Which of these would make the most difference")
    assert "Group keys: c: community, p: public sector" in shown[vote : vote + 400]
    assert "Dots by group: the key, then an answer number per dot, for example c: 3 5 5." in shown[vote:]
    tags = shown.index("Tags, by number or name after the colon:")
    answers = shown.index("Answers, by number before the colon:")
    assert tags < shown.index("    1. funders: Grant-makers") < answers < shown.index("    1. attendance  [no tags]")
    # (A refused line's reason, right under the prompt, is read on a real screen in
    # test_two_screens.py.)
    # A choice's options are listed once.
    assert shown.count("7. nobody beyond what is required") == 1
    assert "Everyone may choose several." in shown


def test_help_in_one_screen_present_stays_until_the_next_line(sessions):
    _, path = new_session(sessions, exercises=("value",))
    shown = run_room(
        path,
        # The first /skip asks (the step holds an answer), the second skips it.
        lines("c: people feel less alone", "/help", "/skip", "/skip", "/skip", "/skip", "/skip") + [DECLINE],
        present=True,
    )
    # The redraw after /help is the last one before the next line: the help is in it.
    after_help = shown.split("Answer 1 saved.")[-1]
    assert "An empty line ends the step" in after_help


def test_the_tag_and_vote_steps_mark_a_private_answer_so_it_is_not_read_aloud(sessions):
    from facilitate import store
    from facilitate.facilitation import Workshop, save_to
    from facilitate.ui.views import step_lines

    _, path = new_session(sessions, exercises=("measuring",))
    workshop = Workshop(store.load_session(path), save_to(path))
    for line in ("c: attendance", "!p: what the board never reads"):
        workshop.enter("measuring", "today", line)
    for line in ("c: confidence", "!p: what the board never reads"):
        workshop.enter("measuring", "if-nobody-asked", line)  # the answers the vote is on
    exercise = workshop.session.exercise("measuring")
    for step in ("for-whom", "priorities"):
        listed = [line.text for line in step_lines(workshop.session, exercise, exercise.definition.step(step))]
        private = [text for text in listed if "what the board never reads" in text]
        assert private and all("(private)" in text for text in private), (step, listed)
        assert not any("(private)" in text for text in listed if "attendance" in text or "confidence" in text), (
            step,
            listed,
        )


def test_summary_marks_a_private_answer_it_quotes_on_the_facilitators_screen(sessions, cli):
    from facilitate import store
    from facilitate.facilitation import Workshop, save_to

    session, path = new_session(sessions, exercises=("measuring",))
    workshop = Workshop(store.load_session(path), save_to(path))
    for line in ("c: attendance", "!p: what the board never reads"):
        workshop.enter("measuring", "today", line)
    shown = cli("summary", session.id).stdout
    assert "what the board never reads (private)" in " ".join(shown.split())
    assert "attendance (private)" not in shown
    assert "what the board never reads" not in cli("summary", session.id, "--share").stdout
