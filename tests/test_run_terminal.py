"""End to end in a real pseudo-terminal: a whole workshop typed into `facilitate run`,
killed half-way and resumed, interrupted with Ctrl-C and resumed, with the file on
disk checked after every line."""

from __future__ import annotations

import os
import signal
import sys

import pexpect
import pytest
from conftest import new_session
from helpers import spawn, start, type_line

from facilitate import store

pytestmark = pytest.mark.timeout(240)

SAVED = r"saved\.|saved \(|is tagged"
WORKSHOP = [
    ("measuring", "importance", ["4 5 3 3", "p: 2 3", "5x3"]),
    ("measuring", "today", ["c: Attendance counts, because the council asks", "p: KPIs for the contract"]),
    ("measuring", "for-whom", ["1: funders commissioners", "2: 2"]),
    ("measuring", "if-nobody-asked", ["c: how confident people feel", "p: whether trust grows"]),
    ("measuring", "priorities", ["1 2 2", "1x4"]),
    (
        "value",
        "meanings",
        [
            "c: people feel less alone",
            "p: it saves the NHS money",
            "local jobs 🎉",
            "c: Mae pobl yn teimlo’n rhan o rywbeth",
        ],
    ),
    ("value", "kinds", ["1: social well", "2: public", "3: economic"]),
    ("value", "words", ["p: impact = savings against our targets", "c: impact = lasting change"]),
    ("value", "adopt", ["1x5", "2 3"]),
    ("sharing", "share-with", ["1x9", "c: 3 3 7"]),
    ("sharing", "barriers", ["no time to write it up", "fear of losing the grant", "each funder has its own form"]),
    ("sharing", "barrier-kinds", ["1: capac", "2: fear trust"]),
    ("sharing", "would-help", ["one shared form"]),
    ("sharing", "priorities", ["1x3"]),
    ("sharing", "next", ["share our outcomes page; Priya; end of March", "ask about shared measures; Tom"]),
]


def data_of(path, exercise: str, step: str):
    record = store.load_session(path).exercise(exercise).step(step)
    kind = record.kind
    if kind == "capture":
        return [a.text for a in record.answers]
    if kind in ("scale", "choice"):
        return len(record.responses)
    if kind == "glossary":
        return [m.meaning for t in record.terms for m in t.meanings]
    if kind == "actions":
        return [a.action for a in record.actions]
    return None


def test_a_whole_workshop_survives_a_kill_and_a_ctrl_c(sessions):
    session, path = new_session(sessions)
    child = spawn(session.id, sessions)
    plan = [(e, s, line) for e, s, lines in WORKSHOP for line in lines + [""]]
    kill_at = next(i for i, (e, s, line) in enumerate(plan) if s == "meanings") + 2
    interrupt_at = next(i for i, (e, s, line) in enumerate(plan) if s == "barriers") + 1
    for index, (exercise, step, line) in enumerate(plan):
        if index == kill_at:
            before = path.read_bytes()
            child.kill(signal.SIGKILL)
            child.wait()
            assert path.read_bytes() == before
            child = spawn(session.id, sessions)
            assert "Step 1 of 4: When you say your work has value" in child.before  # resumed on the same step
        if index == interrupt_at:
            child.send("half-typed")
            child.sendcontrol("c")
            # The half-typed line was never entered: it is named as the one to type again.
            child.expect("the last line was not saved: 'half-typed'. Type it again when you resume")
            child.expect("Resume with: facilitate run " + session.id)
            child.expect(pexpect.EOF)
            child.close()
            assert child.exitstatus == 130
            child = spawn(session.id, sessions)
        before = data_of(path, exercise, step)
        last = index == len(plan) - 1
        if line:
            type_line(child, line, SAVED)
            after = data_of(path, exercise, step)
            # On disk before the next prompt: the line is in the file now.
            if isinstance(after, list):
                assert after[-1] in line, (line, after)
                assert len(after) == len(before) + 1
            elif isinstance(after, int):
                assert after > before
        else:
            type_line(child, line, "The agenda is done" if last else r"Step \d+ of \d+")
            assert store.load_session(path).exercise(exercise).step(step).status == "done"
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    final = store.load_session(path)
    assert final.status == "finished"
    m, v, s = (final.exercise(e) for e in ("measuring", "value", "sharing"))
    # Every line typed is there exactly once.
    assert len(m.step("importance").responses) == 9
    assert [a.text for a in m.step("today").answers] == [
        "Attendance counts, because the council asks",
        "KPIs for the contract",
    ]
    assert [a.tags for a in m.step("today").answers] == [["funders", "commissioners"], ["commissioners"]]
    assert [a.votes for a in m.step("if-nobody-asked").answers] == [5, 2]
    assert [a.text for a in v.step("meanings").answers] == [
        "people feel less alone",
        "it saves the NHS money",
        "local jobs 🎉",
        "Mae pobl yn teimlo’n rhan o rywbeth",
    ]
    assert [a.tags for a in v.step("meanings").answers][:3] == [
        ["social / community", "wellbeing / personal"],
        ["public-cost saving"],
        ["economic"],
    ]
    assert [a.votes for a in v.step("meanings").answers] == [5, 1, 1, 0]
    assert [x.meaning for x in v.step("words").terms[0].meanings] == ["savings against our targets", "lasting change"]
    assert len(s.step("share-with").responses) == 12
    assert [a.text for a in s.step("barriers").answers] == [
        "no time to write it up",
        "fear of losing the grant",
        "each funder has its own form",
    ]
    assert [a.tags for a in s.step("barriers").answers][:2] == [["capacity"], ["fear of bad results", "trust"]]
    assert [a.votes for a in s.step("would-help").answers] == [3]
    assert [(a.action, a.owner, a.due) for a in s.step("next").actions] == [
        ("share our outcomes page", "Priya", "end of March"),
        ("ask about shared measures", "Tom", None),
    ]
    assert "half-typed" not in path.read_text(encoding="utf-8")


def test_second_run_on_the_same_session_is_refused(sessions):
    session, path = new_session(sessions)
    first = spawn(session.id, sessions)
    second = start(sessions, "run", session.id)
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 1
    assert "is in use by `facilitate run` (process" in second.before
    first.sendcontrol("c")
    first.expect(pexpect.EOF)


def test_run_refuses_a_non_terminal_stdin(sessions):
    import subprocess

    session, _ = new_session(sessions)
    result = subprocess.run(
        [sys.executable, "-m", "facilitate", "run", session.id],
        input="hello\n",
        capture_output=True,
        text=True,
        env={**os.environ, "FACILITATE_SESSIONS_DIR": str(sessions)},
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("`facilitate run` needs a terminal")
    assert "facilitate add" in result.stderr


def test_first_run_without_a_session_starts_a_new_workshop(sessions):
    child = start(sessions, "run", "--plain")
    child.expect("Title of the new workshop")
    child.send("Our first workshop\r")
    child.expect("How important is measuring your work to you")
    child.expect("›")
    child.send("4 4\r")
    child.expect(SAVED)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    (path,) = store.session_files(sessions)
    assert path.name.endswith("-our-first-workshop.yaml")
    assert len(store.load_session(path).exercise("measuring").step("importance").responses) == 2
    # With an unfinished session, run offers it first.
    (sessions / "broken.yaml").write_text("schema: 1\nid: [\n", encoding="utf-8")
    child = start(sessions, "run", "--plain")
    child.expect("Skipped: .*broken.yaml: line 3: this is not valid YAML")
    child.expect("Which workshop")
    child.expect("Our first workshop")
    child.send("\r")
    child.expect("Step 1 of 5")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
