"""`/undo` in a real terminal takes back exactly the last thing done and says what:
a note is undone like any other line, and after a resume the first `/undo` names the
newest answer with the dots and tags that go with it, and asks before it removes it.
A tally larger than any room is refused before anything is saved."""

from __future__ import annotations

import pexpect
import pytest
from conftest import new_session
from helpers import start, type_line

from facilitate import store
from facilitate.facilitation import Workshop, save_to

pytestmark = pytest.mark.timeout(120)


def test_undo_after_a_note_takes_back_the_note_and_not_the_answer_before_it(sessions):
    session, path = new_session(sessions, exercises=("value",))
    child = start(sessions, "run", session.id, "--plain")
    child.expect("›")
    type_line(child, "c: people feel less alone", "Answer 1 saved.")
    type_line(child, "/note the back table went quiet", "Note saved.")
    type_line(child, "/undo", "Took back the note.")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    value = store.load_session(path).exercise("value")
    assert [a.text for a in value.step("meanings").answers] == ["people feel less alone"]
    assert value.notes == ""


def test_after_a_resume_undo_names_the_dots_and_tags_and_asks_first(sessions):
    session, path = new_session(sessions, exercises=("value",))
    w = Workshop(store.load_session(path), save_to(path))
    w.enter("value", "meanings", "c: people feel less alone")
    w.enter("value", "meanings", "p: it saves the NHS money")
    w.enter("value", "kinds", "2: public")
    w.enter("value", "adopt", "2x3")
    for step in ("meanings", "kinds", "words", "adopt"):
        w.finish_step("value", step, "done")

    def answers():
        return [(a.text, a.votes, a.tags) for a in store.load_session(path).exercise("value").step("meanings").answers]

    before = answers()
    child = start(sessions, "run", session.id, "--exercise", "value", "--plain")
    child.expect("›")
    # The message is wider than the terminal: read it with its line breaks taken out.
    child.send("/undo\r")
    child.expect("any other line\\s+keeps it")
    said = " ".join(child.before.split())
    assert "/undo would remove answer 2, with 3 dots and its tags (public-cost saving): it saves the NHS money." in said
    child.expect("›")
    assert answers() == before, "the first /undo after a resume only asks"
    type_line(child, "/undo", r"Removed answer 2, with 3 dots and its tags")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    answers = store.load_session(path).exercise("value").step("meanings").answers
    assert [a.text for a in answers] == ["people feel less alone"]


def test_a_tally_larger_than_the_room_is_refused_and_the_file_is_unchanged(sessions, cli):
    _, path = new_session(sessions, exercises=("measuring",))
    before = path.read_bytes()
    result = cli("add", str(path), "measuring", "importance", "5x1000000")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "far too large for a count" in result.stderr
    result = cli("add", str(path), "measuring", "importance", "5x1200")
    assert result.exit_code == 1
    assert "more than 1,000 (no headcount was given)" in result.stderr and "5x1200!" in result.stderr
    assert path.read_bytes() == before
    assert cli("add", str(path), "measuring", "importance", "5x1200!").exit_code == 0
    assert len(store.load_session(path).exercise("measuring").step("importance").responses) == 1200


def test_ctrl_c_on_a_projector_never_shows_a_half_typed_note_or_private_line(sessions):
    for line in ("/note the officer looked uncomfortable", "!c: the board never reads these"):
        session, path = new_session(sessions, title=f"Ctrl-C {len(line)}", exercises=("value",))
        child = start(sessions, "run", session.id, "--present", "--plain")
        child.expect("›")
        child.send(line)
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
        shown = " ".join(child.before.split())
        assert "the last line was not saved" in shown
        for word in ("uncomfortable", "board", "reads"):
            assert word not in shown, shown
        assert "hidden" in shown  # named as a masked line, so the facilitator knows to type it again
