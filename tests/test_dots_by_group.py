"""Dots by group: a vote line with a group first (`c: 3 5 5`, `p: 3x4`) keeps, on each
answer, the dots each group gave it beside the total; undo takes back exactly that;
a tally beyond what a group's people held is refused; old files with plain counts
load and count as before. Every check reads the YAML file back."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest
import yaml
from helpers import spawn, type_line

from facilitate import store
from facilitate.errors import EntryRefused
from facilitate.figures.session import summarise


def answers_in_file(path, exercise, step):
    """The answers as plain YAML data, exactly as the file holds them."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    run = next(e for e in data["exercises"] if e["id"] == exercise)
    return next(s for s in run["steps"] if s["id"] == step)["answers"]


def _new(cli, *extra):
    return cli(
        "new", "Dots", "--date", "2027-07-10", "--group", "c=community", "--group", "p=public sector", *extra
    ).stdout.strip()


def test_dots_typed_with_add_are_kept_by_group_beside_the_total(sessions, cli):
    path = _new(cli)
    assert cli("add", path, "value", "meanings", "c: less alone", "p: saves money", "jobs").exit_code == 0
    result = cli("add", path, "value", "adopt", "c: 1 1 2", "p: 1x4", "3 1")
    assert result.exit_code == 0, result.stderr
    assert "3 dots saved from community." in result.stdout
    answers = answers_in_file(Path(path), "value", "meanings")
    assert [(a["votes"], a.get("dots_by_group")) for a in answers] == [
        (7, {"community": 2, "public sector": 4}),
        (1, {"community": 1}),
        (1, None),  # typed without a group: in the total only, and the file stays quiet
    ]
    listed = cli("add", path, "value", "adopt", "/list").stdout
    assert "7 dots (community 2, public sector 4)" in listed


def test_undo_takes_back_exactly_the_dots_of_the_last_line(workshop):
    w, path = workshop
    for line in ("c: less alone", "p: saves money"):
        w.enter("value", "meanings", line)
    w.enter("value", "adopt", "c: 1 2")
    w.enter("value", "adopt", "p: 1x3")
    w.enter("value", "adopt", "/undo")
    answers = answers_in_file(path, "value", "meanings")
    assert [(a["votes"], a.get("dots_by_group")) for a in answers] == [(1, {"community": 1}), (1, {"community": 1})]
    w.enter("value", "adopt", "/undo")
    answers = answers_in_file(path, "value", "meanings")
    assert [(a["votes"], a.get("dots_by_group")) for a in answers] == [(0, None), (0, None)]


def test_a_groups_tally_beyond_its_headcount_times_its_dots_is_refused(sessions, cli):
    path = _new(cli, "--headcount", "c=4")
    cli("add", path, "measuring", "if-nobody-asked", "c: confidence", "p: trust")
    before = open(path, "rb").read()
    result = cli("add", path, "measuring", "priorities", "c: 1x13")
    assert result.exit_code == 1
    assert "1x13 counts 13, more than the 12 dots community held (4 people, 3 each)" in result.stderr
    assert "1x13!" in result.stderr
    assert open(path, "rb").read() == before
    # Twelve is what four people with three dots each can place; `!` confirms more.
    assert cli("add", path, "measuring", "priorities", "c: 1x12", "c: 2x13!").exit_code == 0
    answers = answers_in_file(Path(path), "measuring", "if-nobody-asked")
    assert [a["dots_by_group"] for a in answers] == [{"community": 12}, {"community": 13}]


def test_a_mistyped_group_key_on_a_vote_line_is_refused(workshop):
    w, path = workshop
    w.enter("value", "meanings", "c: less alone")
    before = path.read_bytes()
    with pytest.raises(EntryRefused) as refusal:
        w.enter("value", "adopt", "x: 1")
    assert "'x' is not a group key" in str(refusal.value)
    assert path.read_bytes() == before


OLD_FILE = """\
schema: 1
id: 2026-05-01-old
title: An old workshop
date: 2026-05-01
status: finished
groups:
- key: c
  name: community
- key: p
  name: public sector
created: 2026-05-01T10:00:00+01:00
updated: 2026-05-01T12:00:00+01:00
agenda:
- exercise: pick
  minutes: 10
exercises:
- id: pick
  definition:
    id: pick
    title: Pick
    minutes: 10
    steps:
    - id: ideas
      kind: capture
      prompt: Ideas?
    - id: dots
      kind: vote
      of: ideas
      dots: 3
      prompt: Which first?
  steps:
  - id: ideas
    kind: capture
    status: done
    answers:
    - id: a1
      text: a shared form
      group: community
      votes: 4
      at: 2026-05-01T10:10:00+01:00
    - id: a2
      text: one report a year
      votes: 2
      at: 2026-05-01T10:11:00+01:00
  - id: dots
    kind: vote
    status: done
"""


def test_an_old_file_with_plain_counts_loads_and_gives_the_same_totals(sessions, cli):
    path = sessions / "2026-05-01-old.yaml"
    path.write_text(OLD_FILE, encoding="utf-8")
    session = store.load_session(path)
    assert [(a.votes, a.dots_by_group) for a in session.exercise("pick").step("ideas").answers] == [(4, {}), (2, {})]
    s = summarise(session)
    assert s.step("pick", "dots").dots == 6
    (step,) = s.headline.priorities
    assert [(p.number, p.votes) for p in step.priorities] == [(1, 4), (2, 2)]
    # More dots can be added by group on top of the old plain counts.
    assert cli("add", str(path), "pick", "dots", "p: 2").exit_code == 0
    answers = answers_in_file(path, "pick", "ideas")
    assert [(a["votes"], a.get("dots_by_group")) for a in answers] == [(4, None), (3, {"public sector": 1})]


def test_a_file_whose_dots_by_group_exceed_the_total_is_refused_with_a_sentence(sessions, cli):
    path = sessions / "2026-05-01-old.yaml"
    path.write_text(
        OLD_FILE.replace("      votes: 2\n", "      votes: 2\n      dots_by_group: {community: 5}\n"),
        encoding="utf-8",
    )
    result = cli("show", str(path))
    assert result.exit_code == 1
    assert "dots by group add up to 5" in result.stderr
    assert "Traceback" not in result.stderr


def test_dots_by_group_typed_through_run_are_read_back_from_the_file(sessions):
    from conftest import new_session

    session, path = new_session(sessions, exercises=("value",))
    child = spawn(session.id, sessions)
    type_line(child, "c: less alone", "saved")
    type_line(child, "p: saves money", "saved")
    type_line(child, "", r"Step \d+ of \d+")  # meanings done
    type_line(child, "", r"Step \d+ of \d+")  # kinds skipped over
    type_line(child, "", r"Step \d+ of \d+")  # words
    type_line(child, "c: 1 1 2", "3 dots saved from community")
    type_line(child, "p: 2x3", "3 dots saved from public sector")
    answers = answers_in_file(path, "value", "meanings")
    assert [(a["votes"], a["dots_by_group"]) for a in answers] == [
        (2, {"community": 2}),
        (4, {"community": 1, "public sector": 3}),
    ]
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
