"""A read-back typed in a real terminal at the end of an exercise: the room confirms,
amends and withdraws answers with a key and Enter each, and every summary, export and
search afterwards agrees with the file."""

from __future__ import annotations

import io
import json

import pytest
from conftest import new_session
from helpers import spawn, type_line

from facilitate import store

pytestmark = pytest.mark.timeout(240)

WITHDRAWN = "it saves the NHS money"


def test_the_room_reads_back_an_exercise_and_every_report_agrees(sessions, cli):
    session, path = new_session(sessions, exercises=("value",))
    child = spawn(session.id, sessions)
    for line in ["c: people feel less alone", f"p: {WITHDRAWN}", "c: local jobs", "p: fewer hospital visits"]:
        type_line(child, line, "saved")
    for _ in range(4):  # the rest of the exercise, left empty
        child.send("\r")
        child.expect("Step \\d of 4|Enter: read them back")
        child.expect("›")
    child.send("\r")
    child.expect("Read back 1 of 4")
    child.expect("1. people feel less alone")
    child.expect("›")
    child.send("\r")
    child.expect("Answer 1 confirmed by the room.")
    child.expect("Read back 2 of 4")
    child.expect("›")
    child.send("w\r")  # a key, then Enter, as at every prompt; withdrawing asks first
    child.expect("Withdraw answer 2\\? y/n")
    child.expect("›")
    child.send("y\r")
    child.expect("Answer 2 withdrawn by the room")
    child.expect("Read back 3 of 4")
    child.expect("›")
    child.send("e\r")
    child.expect("Was: local jobs")  # the old wording above an empty line
    child.expect("new wording")
    child.expect("›")
    child.send("local jobs that pay a living wage\r")
    child.expect("Answer 3 amended: local jobs that pay a living wage")
    child.expect("Read back 4 of 4")
    child.expect("›")
    child.send("\r")
    child.expect("Read-back done: 4 of 4 answers checked with the room.")
    child.expect("The agenda is done")
    child.expect(pexpect_eof())

    answers = store.load_session(path).exercise("value").step("meanings").answers
    assert [a.checked for a in answers] == ["confirmed", "withdrawn", "amended", "confirmed"]
    assert [a.text for a in answers] == [
        "people feel less alone",
        WITHDRAWN,  # kept in the file
        "local jobs that pay a living wage",
        "fewer hospital visits",
    ]
    assert answers[2].was == ["local jobs"]

    reports = {
        "summary": cli("summary", session.id).stdout,
        "summary --share": cli("summary", session.id, "--share").stdout,
        "summary --all": cli("summary", "--all").stdout,
    }
    for fmt in ("md", "html", "json", "csv"):
        reports[fmt] = cli("export", session.id, "--format", fmt, "-o", "-").stdout
    for fmt in ("md", "html", "json"):
        reports[f"{fmt} --all"] = cli("export", "--all", "--format", fmt, "-o", "-").stdout
    import docx

    for name, args in (("docx", [session.id]), ("docx --all", ["--all"])):
        docx_path = sessions / f"{name.replace(' --', '-')}.docx"
        assert cli("export", *args, "--format", "docx", "-o", str(docx_path)).exit_code == 0
        document = docx.Document(io.BytesIO(docx_path.read_bytes()))
        reports[name] = "\n".join(p.text for p in document.paragraphs)
    for name, text in reports.items():
        assert WITHDRAWN not in text and "NHS" not in text, name
        if name != "csv":  # a row per thing said: the withdrawn one has no row
            assert "1 withdrawn by the room" in text, name
    for name in ("summary", "summary --share", "md", "html", "docx"):
        assert "4 of 4 answers checked with the room" in reports[name], name
    assert json.loads(reports["json"])["summary"]["readback"] == (
        "4 of 4 answers checked with the room; 1 withdrawn by the room"
    )
    assert "- 4\\. fewer hospital visits" in reports["md"]  # numbers stay as they were in the room
    assert "- 3\\. local jobs that pay a living wage (community) (amended by the room)" in reports["md"]
    assert ",confirmed" in reports["csv"] and ",amended" in reports["csv"]
    assert cli("search", "NHS").stdout.strip() == "Nothing matches."
    assert "living wage" in cli("search", "living", "wage").stdout


def test_the_facilitator_declines_the_read_back_with_one_key(sessions):
    session, path = new_session(sessions, exercises=("value",))
    child = spawn(session.id, sessions)
    type_line(child, "c: people feel less alone", "saved")
    for _ in range(4):
        child.send("\r")
        child.expect("Step \\d of 4|Enter: read them back")
        child.expect("›")
    child.send("n")
    child.expect("The agenda is done")
    child.expect(pexpect_eof())
    answers = store.load_session(path).exercise("value").step("meanings").answers
    assert answers[0].checked is None
    assert "checked" not in path.read_text(encoding="utf-8")


def pexpect_eof():
    import pexpect

    return pexpect.EOF


def _to_the_read_back(child, lines: list[str], steps_left: int) -> None:
    for line in lines:
        type_line(child, line, "saved")
    for _ in range(steps_left):
        child.send("\r")
        child.expect("Step \\d of \\d|Enter: read them back")
        child.expect("›")


def test_a_key_alone_never_acts_and_withdrawing_asks_first(sessions):
    session, path = new_session(sessions, exercises=("value",))
    child = spawn(session.id, sessions)
    _to_the_read_back(child, ["c: people feel less alone", "p: local jobs"], 4)
    child.send("\r")
    child.expect("Read back 1 of 2")
    child.expect("›")
    # `e` then Enter opens an empty line under the old wording; Enter on it keeps the
    # answer as it was and asks again: nothing is saved as "confirmed" by accident.
    child.send("e\r")
    child.expect("Was: people feel less alone")
    child.expect("›")
    child.send("\r")
    child.expect("Read back 1 of 2")
    child.expect("›")
    assert store.load_session(path).exercise("value").step("meanings").answers[0].checked is None
    # `w` then Enter asks; `n` keeps the answer, and the room is asked again.
    child.send("w\r")
    child.expect("Withdraw answer 1\\? y/n")
    child.expect("›")
    child.send("n\r")
    child.expect("Answer 1 is not withdrawn")
    child.expect("›")
    assert store.load_session(path).exercise("value").step("meanings").answers[0].checked is None
    child.send("x\r")
    child.expect("Type e, w or q and press Enter")
    child.expect("›")
    child.send("\r")
    child.expect("Answer 1 confirmed by the room.")
    child.expect("Read back 2 of 2")
    child.expect("›")
    child.send("q\r")
    child.expect("Read-back stopped: 1 of 2 checked")
    child.expect("The agenda is done")
    child.expect(pexpect_eof())
    answers = store.load_session(path).exercise("value").step("meanings").answers
    assert [a.checked for a in answers] == ["confirmed", None]


def test_a_stopped_read_back_goes_on_from_a_later_exercise(sessions):
    session, path = new_session(sessions, exercises=("value", "sharing"))
    child = spawn(session.id, sessions)
    _to_the_read_back(child, ["c: people feel less alone", "p: local jobs"], 4)
    child.send("\r")
    child.expect("Read back 1 of 2")
    child.expect("›")
    child.send("q\r")
    child.expect("Read-back stopped: 0 of 2 checked")
    child.expect("Step 1 of \\d")  # the walk moves on, to sharing
    child.expect("›")
    child.send("/readback\r")
    # The exercise stopped is named first, and its answers are the ones read back.
    child.expect("Going on with the read-back of “What does value really mean\\?”: 2 still to check.")
    child.expect("Read back 1 of 2")
    child.expect("1. people feel less alone")
    child.expect("›")
    child.send("\r")
    child.expect("Read back 2 of 2")
    child.expect("›")
    child.send("\r")
    child.expect("Read-back done: 2 of 2 answers checked with the room.")
    child.expect("›")
    child.sendcontrol("c")
    child.expect(pexpect_eof())
    answers = store.load_session(path).exercise("value").step("meanings").answers
    assert [a.checked for a in answers] == ["confirmed", "confirmed"]


def _one_screen(sessions, session_id: str):
    """`run --present`: one screen, the projector, with everything it prints recorded."""
    import io as _io

    from helpers import start

    child = start(sessions, "run", session_id, "--present", "--plain")
    child.logfile_read = _io.StringIO()
    child.expect("›")
    return child


def _end_the_steps_on_one_screen(child) -> None:
    """Empty lines through the rest of value, each step's question on the projector in
    turn, to the read-back offered at its end."""
    from facilitate.exercises import library

    for step in library()["value"].definition.steps[1:]:
        child.send("\r")
        child.expect_exact(step.prompt[:30])
        child.expect("›")
    child.send("\r")
    child.expect("Enter: read them back")
    child.expect("›")


def test_on_one_screen_a_private_answer_amended_in_the_read_back_never_shows_its_words(sessions):
    session, path = new_session(sessions, exercises=("value",))
    child = _one_screen(sessions, session.id)
    for line in ["!c: my landlord's name", "p: local jobs"]:
        child.send(line + "\r")
        child.expect("saved")
        child.expect("›")
    _end_the_steps_on_one_screen(child)
    child.send("\r")
    child.expect("Private answer 1: read it from your own notes.")
    child.expect("›")
    child.send("e\r")
    child.expect("Private answer 1: type the room's new wording")
    child.expect("›")
    for key in "my neighbour's name":  # key by key, as the room would watch it typed
        child.send(key)
    child.send("\r")
    child.expect_exact("local jobs")  # the next answer, on the wall
    child.expect("›")
    child.send("\r")
    child.expect("The agenda is done")
    child.expect(pexpect_eof())
    shown = child.logfile_read.getvalue()
    for words in ("neighbour", "landlord"):
        assert words not in shown
    answers = store.load_session(path).exercise("value").step("meanings").answers
    assert (answers[0].text, answers[0].was, answers[0].checked) == (
        "my neighbour's name",
        ["my landlord's name"],
        "amended",
    )


def test_on_one_screen_ctrl_c_while_amending_a_private_answer_masks_the_unsaved_words(sessions):
    session, path = new_session(sessions, exercises=("value",))
    child = _one_screen(sessions, session.id)
    child.send("!c: my landlord's name\r")
    child.expect("saved")
    child.expect("›")
    _end_the_steps_on_one_screen(child)
    child.send("\r")
    child.expect("Private answer 1: read it from your own notes.")
    child.expect("›")
    child.send("e\r")
    child.expect("type the room's new wording")
    child.expect("›")
    child.send("the new secret wording")
    child.sendcontrol("c")
    child.expect("Stopped; the last line was not saved: '●●●●●● \\(4 words, hidden\\)'")
    child.expect(pexpect_eof())
    child.close()
    assert child.exitstatus == 130
    shown = child.logfile_read.getvalue()
    assert "secret" not in shown and "landlord" not in shown
    answers = store.load_session(path).exercise("value").step("meanings").answers
    assert (answers[0].text, answers[0].checked) == ("my landlord's name", None)
