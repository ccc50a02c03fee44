"""One figure, one number: the same data reads the same wherever it is shown.

A room types ratings `4 3 3 3` (mean 3.25), tags one answer in eight (a share of
12.5%), and puts five dots on answer 3. The mean, median and share, each answer's
number and every plural are read back from `/list`, the projector, `show`, `summary`,
`summary --share` and every export, as a reader would find them there."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import docx_text, export, html_text
from rich.console import Console

from facilitate import store
from facilitate.facilitation import Workshop, save_to


@pytest.fixture
def room(sessions):
    from conftest import new_session

    _, path = new_session(sessions, exercises=("measuring",))
    w = Workshop(store.load_session(path), save_to(path))
    w.enter("measuring", "importance", "4 3 3 3")
    w.enter("measuring", "today", "c: First answer")
    w.enter("measuring", "today", "c: Second answer")
    w.enter("measuring", "today", "c: Third of eight")
    for n in range(4, 9):
        w.enter("measuring", "today", f"c: Answer number {n}")
    w.enter("measuring", "for-whom", "1: funders")
    w.enter("measuring", "if-nobody-asked", "Wellbeing")
    w.enter("measuring", "if-nobody-asked", "p: Trust between us")
    w.enter("measuring", "if-nobody-asked", "c: Third answer")
    w.enter("measuring", "priorities", "1")
    return path


def projector(path, step: str) -> str:
    from facilitate.public import public_view
    from facilitate.ui.present import projector_view

    view = public_view(store.load_session(path), "measuring", step)
    screen = io.StringIO()
    console = Console(file=screen, width=100, height=40, no_color=True)
    console.print(projector_view(view, 100, 37, "", True))
    return screen.getvalue()


def test_a_mean_and_median_read_the_same_everywhere(cli, room):
    listed = cli("add", str(room), "measuring", "importance", "/list").stdout
    assert "4 responses, average 3.3, median 3.0" in listed
    assert "4 responses · average 3.3 · median 3.0" in projector(room, "importance")
    assert "4 responses, average 3.3, median 3.0" in cli("show", str(room)).stdout
    for args in (("summary",), ("summary", "--share")):
        out = cli("--plain", *args, str(room)).stdout
        assert "4 responses · average 3.3 · median 3.0" in out
    assert "4 responses, average 3.3, median 3.0" in export(cli, room, "md").decode()
    assert "4 responses, average 3.3, median 3.0 on a scale" in html_text(export(cli, room, "html"))
    assert "4 responses, average 3.3, median 3.0" in docx_text(export(cli, room, "docx"))
    data = json.loads(export(cli, room, "json"))
    figures = data["summary"]["exercises"][0]["steps"][0]["overall"]
    assert (figures["mean"], figures["median"]) == (3.25, 3.0)
    rows = list(csv.DictReader(io.StringIO(export(cli, room, "csv").decode("utf-8-sig"))))
    assert [r["value"] for r in rows if r["step"] == "importance" and r["kind"] == "scale"] == ["4", "3", "3", "3"]
    everywhere = listed + cli("show", str(room)).stdout + export(cli, room, "md").decode()
    assert "3.2" not in everywhere


def test_a_share_reads_the_same_everywhere(cli, room):
    # One of the eight community answers is tagged 'funders': 12.5%, which rounds up.
    for args in (("summary",), ("summary", "--share")):
        line = next(x for x in cli("--plain", *args, str(room)).stdout.splitlines() if x.strip().startswith("funders"))
        assert "13%" in line
    assert re.search(r"\| funders \| 1 \| 1 \(13%\) \|", export(cli, room, "md").decode())
    assert re.search(r"funders Grant-makers[^%]*? 1 13%", html_text(export(cli, room, "html")))
    assert "funders | 1 | 13%" in docx_text(export(cli, room, "docx"))
    data = json.loads(export(cli, room, "json"))
    tags = data["summary"]["exercises"][0]["steps"][2]
    assert tags["shares"]["funders"]["community"] == 0.125
    assert "12%" not in export(cli, room, "md").decode()


def test_an_answer_keeps_its_number_in_every_report_whatever_the_order(cli, room):
    # Five dots on answer 3 put it first wherever answers are sorted by dots.
    Workshop(store.load_session(room), save_to(room)).enter("measuring", "priorities", "3x5")
    assert "3. Third answer  (community; 5 dots)" in cli("show", str(room)).stdout
    summary = cli("--plain", "summary", str(room)).stdout
    assert re.search(r"^\s*3\s*\|\s*Third answer\s*\|\s*community\s*\|\s*5\b", summary, re.M)
    assert re.search(r"^\s*5\s*\|\s*#+\s*\|\s*3\s*\|\s*Third answer", summary, re.M)  # the vote's ranking
    assert "Third answer (answer 3; community, 5 dots)" in summary  # the headline's priorities
    md = export(cli, room, "md").decode()
    # Written as "- 3\. …": a numbered list would be renumbered 1, 2, 3 by a viewer.
    assert "- 3\\. Third answer (community), 5 dots" in md
    assert "- 3\\. Third answer (5 dots)" in md  # the vote's ranking
    assert "1. Third answer" not in md and "1\\. Third answer" not in md
    html = export(cli, room, "html").decode()
    assert re.search(r'<li value="3">Third answer', html)
    assert "3.\tThird answer (community; 5 dots)" in docx_text(export(cli, room, "docx"))
    rows = list(csv.DictReader(io.StringIO(export(cli, room, "csv").decode("utf-8-sig"))))
    assert [r["number"] for r in rows if r["text"] == "Third answer"] == ["3"]
    data = json.loads(export(cli, room, "json"))
    answers = data["summary"]["exercises"][0]["steps"][3]["answers"]
    assert answers[0]["number"] == 3 and answers[0]["text"] == "Third answer"
    assert [e["number"] for e in data["entries"] if e["text"] == "Third answer"] == [3]


def test_one_dot_is_one_dot_everywhere(cli, room):
    listed = cli("add", str(room), "measuring", "priorities", "/list").stdout
    assert "1. Wellbeing  [1 dot]" in listed
    shown = cli("show", str(room)).stdout
    summary = cli("--plain", "summary", str(room)).stdout
    reports = [export(cli, room, fmt).decode("utf-8") for fmt in ("md", "html")] + [
        docx_text(export(cli, room, "docx"))
    ]
    assert "1 dot" in summary and "1 dot" in reports[0]
    for text in (listed, shown, summary, *reports):
        assert not re.search(r"\b1 (dots|responses|answers)\b", text)
