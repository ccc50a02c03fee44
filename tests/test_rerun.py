"""Running the same exercises again in the next place: last time's open actions are
ticked by the numbers the reminder shows, in the earlier session's own file; an answer
is carried forward once; a step with entries is skipped only when the room says so,
and a comparison says which steps were skipped instead of comparing them."""

from __future__ import annotations

import pexpect
import pytest
from conftest import new_session
from helpers import start, type_line

from facilitate import store
from facilitate.errors import EntryRefused
from facilitate.facilitation import Workshop, offer_earlier, save_locked_to, save_to
from facilitate.folder import session_path

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def leeds(sessions):
    """Last time: three actions, the first already done; two answers on value/meanings."""
    earlier, path = new_session(sessions, title="Leeds", exercises=("value", "sharing"))
    w = Workshop(store.load_session(path), save_to(path))
    for line in ("share the outcomes page; Priya; March", "ask about shared measures; Tom", "write to the council"):
        w.enter("sharing", "next", line)
    w.enter("sharing", "next", "/tick 1")
    for line in ("c: belonging", "p: saving money"):
        w.enter("value", "meanings", line)
    return path


def rerun(sessions, leeds, cli):
    made = cli("new", "Birmingham", "--date", "2027-09-01", "--like", leeds.stem)
    assert made.exit_code == 0, made.stderr
    # Numbered among all three agreed last time: the first was done then, so it is not
    # listed, and the others keep the numbers they had.
    assert "  2. ask about shared measures (Tom)\n  3. write to the council\n" in made.stderr
    assert "share the outcomes page" not in made.stderr
    return made.stdout.strip()


def test_a_rerun_ticks_last_times_action_by_the_reminders_number_in_a_real_terminal(sessions, leeds, cli):
    path = rerun(sessions, leeds, cli)
    child = start(sessions, "run", path, "--plain")
    child.expect("and not yet marked done:")
    child.expect(r"2\. ask about shared measures \(Tom\)")
    child.expect(r"3\. write to the council")
    child.expect(r"/tick N marks one done\.")  # the reminder ends saying how
    child.expect("›")
    type_line(child, "/tick 3", r"Action 3 from Birmingham \(2027-06-12\) is done: write to the council")
    type_line(child, "/tick 3", "already done")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    actions = store.load_session(leeds).exercise("sharing").step("next").actions
    assert [(a.action, a.done) for a in actions] == [
        ("share the outcomes page", True),
        ("ask about shared measures", False),
        ("write to the council", True),
    ]
    shown = cli("show", str(leeds)).stdout
    assert "3. write to the council (done)" in shown
    assert "2. ask about shared measures; owner: Tom\n" in shown
    # Resumed, the reminder keeps its numbers: what is still open is still action 2.
    child = start(sessions, "run", path, "--plain")
    child.expect("and not yet marked done:")
    child.expect(r"2\. ask about shared measures \(Tom\)")
    child.expect("›")
    assert "write to the council" not in child.before
    type_line(child, "/tick 2", r"Action 2 from Birmingham \(2027-06-12\) is done: ask about shared measures")
    type_line(child, "/tick 3", "already done")  # a refused line: typed last
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    assert all(a.done for a in store.load_session(leeds).exercise("sharing").step("next").actions)


def test_add_ticks_last_times_action_by_the_same_number(sessions, leeds, cli):
    path = rerun(sessions, leeds, cli)
    ticked = cli("add", path, "value", "meanings", "/tick 3")
    assert ticked.exit_code == 0, ticked.stderr
    assert "Action 3 from Birmingham (2027-06-12) is done: write to the council" in ticked.stdout
    again = cli("add", path, "value", "meanings", "/tick 2")
    assert again.exit_code == 0, again.stderr
    actions = store.load_session(leeds).exercise("sharing").step("next").actions
    assert [a.done for a in actions] == [True, True, True]


def test_tick_in_a_rerun_is_undone_in_the_earlier_file(sessions, leeds, cli):
    path = session_path(rerun(sessions, leeds, cli), sessions)
    w = Workshop(store.load_session(path), save_to(path))
    w.remember_earlier(store.load_session(leeds), save_locked_to(leeds, "test"))
    w.enter("value", "meanings", "/tick 2")
    assert store.load_session(leeds).exercise("sharing").step("next").actions[1].done
    assert w.enter("value", "meanings", "/undo").message == "Took back: /tick 2"
    assert not store.load_session(leeds).exercise("sharing").step("next").actions[1].done
    with pytest.raises(EntryRefused, match="Action 1 from last time is already done: share the outcomes page"):
        w.enter("value", "meanings", "/tick 1")
    with pytest.raises(EntryRefused, match="There is no action 4 from last time: they go from 1 to 3."):
        w.enter("value", "meanings", "/tick 4")


def test_an_answer_is_carried_forward_once(sessions, leeds, cli):
    path = session_path(rerun(sessions, leeds, cli), sessions)
    w = Workshop(store.load_session(path), save_to(path))
    offer_earlier(w, store.load_session(leeds))
    w.enter("value", "meanings", "/carry 2")
    before = path.read_bytes()
    with pytest.raises(EntryRefused, match="Earlier answer 2 is already here, as answer 1."):
        w.enter("value", "meanings", "/carry 2")
    assert path.read_bytes() == before
    assert [a.text for a in store.load_session(path).exercise("value").step("meanings").answers] == ["saving money"]


def test_skipping_a_step_with_entries_asks_first_and_compare_says_it_was_skipped(sessions, leeds, cli):
    path = session_path(rerun(sessions, leeds, cli), sessions)
    w = Workshop(store.load_session(path), save_to(path))
    w.enter("value", "meanings", "c: trust")
    before = path.read_bytes()
    asked = w.enter("value", "meanings", "/skip")
    assert asked.move is None and "already holds 1 entry. Type /skip again" in asked.message
    assert path.read_bytes() == before
    assert w.enter("value", "meanings", "/skip").move == "next"
    record = store.load_session(path).exercise("value").step("meanings")
    assert (record.status, [a.text for a in record.answers]) == ("skipped", ["trust"])
    # An empty step is skipped at once.
    assert w.enter("value", "words", "/skip").move == "next"
    compared = cli("--plain", "compare", str(leeds), str(path)).stdout
    assert "Skipped in Birmingham 2027-09-01, so it is not compared." in compared
    assert "New this time" not in compared.split("Skipped in")[0].split("What does value")[-1]
