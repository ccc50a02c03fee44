"""A read-back typed in a real terminal at the end of an exercise: the room confirms,
amends and withdraws answers with one key each, and every summary, export and search
afterwards agrees with the file."""

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
    child.send("w")
    child.expect("Answer 2 withdrawn by the room")
    child.expect("Read back 3 of 4")
    child.expect("›")
    child.send("e")
    child.expect("new wording")
    child.expect("›")
    child.send("\x15local jobs that pay a living wage\r")  # Ctrl-U clears the old wording first
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
