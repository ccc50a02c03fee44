"""A step skipped in the room with `/skip` keeps what was typed before the skip, and
every view and report says so under that step's heading: `summary`, the facilitator's
report in Markdown, HTML and Word, the packs, and the CSV and JSON rows. A step that
was not skipped says nothing of the kind."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest

from facilitate import store
from facilitate.format import SKIPPED_NOTE

SCALE = "How important is measuring your work to you?"  # also the exercise's title
TODAY = "What do you measure today?"
NOT_SKIPPED = "What would you measure if nobody asked you to?"


@pytest.fixture
def skipped(workshop):
    """A session whose scale and first capture step were skipped after entries were typed."""
    w, path = workshop
    w.enter("measuring", "importance", "c: 4 5 3")
    w.enter("measuring", "importance", "/skip")
    w.enter("measuring", "importance", "/skip")
    w.enter("measuring", "today", "c: footfall at the door")
    w.enter("measuring", "today", "p: referrals from the GP")
    w.enter("measuring", "today", "/skip")
    w.enter("measuring", "today", "/skip")
    w.enter("measuring", "if-nobody-asked", "c: whether people feel less alone")
    w.enter("measuring", "if-nobody-asked", "/done")
    steps = store.load_session(path).exercise("measuring")
    assert [steps.step(s).status for s in ("importance", "today", "if-nobody-asked")] == ["skipped", "skipped", "done"]
    assert len(steps.step("today").answers) == 2 and len(steps.step("importance").responses) == 3
    return path


def _last(lines: list[str], text: str) -> int:
    return len(lines) - 1 - lines[::-1].index(text)


def _export(cli, path: Path, fmt: str, *extra: str) -> bytes:
    result = cli("export", str(path), "--format", fmt, "-o", "-", *extra)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def test_summary_says_under_each_skipped_steps_heading_that_it_was_skipped(cli, skipped):
    result = cli("--plain", "summary", str(skipped))
    assert result.exit_code == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines.count(SKIPPED_NOTE) == 2
    assert lines[_last(lines, SCALE) + 1] == SKIPPED_NOTE  # the exercise's own step, after the headline's
    assert lines[lines.index(TODAY) + 1] == SKIPPED_NOTE
    assert lines[lines.index(NOT_SKIPPED) + 1] != SKIPPED_NOTE
    assert "footfall at the door" in result.stdout  # what was typed is still there


def test_the_markdown_report_says_it_under_the_heading_and_keeps_the_figures(cli, skipped):
    from markdown_it import MarkdownIt

    text = _export(cli, skipped, "md").decode("utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks = [(tokens[i - 1].tag, t.content) for i, t in enumerate(tokens) if t.type == "inline"]
    after = {blocks[i][1]: blocks[i + 1] for i in range(len(blocks) - 1) if blocks[i][0] in ("h2", "h3")}
    assert after[SCALE] == ("p", SKIPPED_NOTE)
    assert after[TODAY] == ("p", SKIPPED_NOTE)
    assert after[NOT_SKIPPED][1] != SKIPPED_NOTE
    assert sum(content == SKIPPED_NOTE for _, content in blocks) == 2
    assert "3 responses, average 4.0" in text and "footfall at the door" in text


def test_the_html_report_says_it_under_the_heading(cli, skipped):
    html = unescape(_export(cli, skipped, "html").decode("utf-8"))
    assert re.search(rf"<h2>{re.escape(SCALE)}</h2>\s*<p class=\"note skipped\">{re.escape(SKIPPED_NOTE)}</p>", html)
    assert re.search(rf"<h3>{re.escape(TODAY)}</h3>\s*<p class=\"note skipped\">{re.escape(SKIPPED_NOTE)}</p>", html)
    assert html.count(SKIPPED_NOTE) == 2
    assert "footfall at the door" in html


def test_the_word_report_says_it_under_the_heading(cli, skipped):
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(_export(cli, skipped, "docx"))).paragraphs]
    assert paragraphs[paragraphs.index(TODAY) + 1] == SKIPPED_NOTE
    assert paragraphs[_last(paragraphs, SCALE) + 1] == SKIPPED_NOTE
    assert paragraphs[paragraphs.index(NOT_SKIPPED) + 1] != SKIPPED_NOTE
    assert paragraphs.count(SKIPPED_NOTE) == 2


@pytest.mark.parametrize("reader", ["community", "funder"])
def test_each_pack_says_it_under_the_heading(cli, skipped, reader):
    text = _export(cli, skipped, "md", "--for", reader).decode("utf-8")
    lines = [line for line in text.splitlines() if line]
    assert lines[lines.index(f"#### {TODAY}") + 1] == SKIPPED_NOTE
    assert SKIPPED_NOTE not in lines[lines.index(f"#### {NOT_SKIPPED}") + 1]


def test_csv_and_json_rows_of_a_skipped_step_say_so(cli, skipped):
    rows = list(csv.DictReader(io.StringIO(_export(cli, skipped, "csv").decode("utf-8-sig"), newline="")))
    said = [r for r in rows if r["kind"] != "agreement"]
    by_step = {(r["step"], r["skipped"]) for r in said}
    assert by_step == {("importance", "yes"), ("today", "yes"), ("if-nobody-asked", "")}
    assert {r["text"] for r in said if r["step"] == "today"} == {"footfall at the door", "referrals from the GP"}
    data = json.loads(_export(cli, skipped, "json"))
    measuring = next(ex for ex in data["summary"]["exercises"] if ex["id"] == "measuring")
    assert measuring["skipped"] == ["importance", "today"]
    assert {(e["step"], e["skipped"]) for e in data["entries"]} == {
        ("importance", True),
        ("today", True),
        ("if-nobody-asked", None),
    }


def test_a_skipped_step_feeds_neither_the_headline_nor_the_agreement(cli, workshop):
    # Dots typed on a vote that the room then skipped are no priorities of the room.
    w, path = workshop
    w.enter("measuring", "if-nobody-asked", "c: whether people feel less alone")
    w.enter("measuring", "if-nobody-asked", "p: trust in services")
    w.enter("measuring", "priorities", "c: 1x3")
    w.enter("measuring", "priorities", "p: 2x3")
    question = "Which of these would make the most difference if we measured them?"
    before = cli("--plain", "summary", str(path)).stdout
    assert "Priorities:" in before and "How far the groups agree" in before
    w.enter("measuring", "priorities", "/skip")
    w.enter("measuring", "priorities", "/skip")
    after = cli("--plain", "summary", str(path)).stdout
    # Nothing else has dots or groups to compare, so both sections are gone.
    assert "Priorities:" not in after and "How far the groups agree" not in after
    # The step itself is still there, with its dots and the note.
    lines = [line.strip() for line in after.splitlines()]
    assert lines[lines.index(question) + 1] == SKIPPED_NOTE
    ranking = after.split(question)[1].split("\n\n")[0]
    assert re.search(r"^\s*3 \|.*\| 1 \| whether people feel", ranking, re.M)
    assert re.search(r"^\s*3 \|.*\| 2 \| trust in services", ranking, re.M)
    md = _export(cli, path, "md").decode()
    assert "Priorities:" not in md and f"### {question}" in md and "## How far the groups agree" not in md


def test_the_published_page_says_a_step_was_skipped(cli, skipped, tmp_path):
    result = cli("publish", str(skipped), "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    (page,) = [p for p in (tmp_path / "site").rglob("*.html") if skipped.stem in p.name]
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))))
    assert text.count(SKIPPED_NOTE) == 2
    assert text.index(TODAY) < text.index(SKIPPED_NOTE, text.index(TODAY)) < text.index(NOT_SKIPPED)


def test_rows_of_many_sessions_and_the_database_say_which_steps_were_skipped(cli, skipped, tmp_path):
    result = cli("export", "--all", "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"), newline="")))
    by_step = {(r["step"], r["skipped"]) for r in rows if r["kind"] != "agreement"}
    assert by_step == {("importance", "yes"), ("today", "yes"), ("if-nobody-asked", "")}
    import sqlite3

    made = cli("publish", str(skipped), "-o", str(tmp_path / "site"), "--sqlite", str(tmp_path / "library.db"))
    assert made.exit_code == 0, made.stderr
    with sqlite3.connect(tmp_path / "library.db") as db:
        marked = dict(db.execute("select step, skipped from steps where exercise = 'measuring'").fetchall())
    assert marked["importance"] == 1 and marked["today"] == 1 and marked["if-nobody-asked"] == 0


def test_a_summary_of_many_workshops_leaves_out_a_skipped_step_and_says_so(cli, sessions):
    from conftest import new_session

    from facilitate.facilitation import Workshop, save_to

    said = "“How important is measuring your work to you?” was skipped in the room at Leeds (2027-06-12)"
    for title, ratings, skip in (("Leeds", "c: 1 1 1", True), ("Hull", "c: 5 5", False)):
        session, path = new_session(sessions, title=title)
        w = Workshop(session, save_to(path))
        w.session.location = title
        w.enter("measuring", "importance", ratings)
        w.enter("measuring", "if-nobody-asked", f"c: an answer from {title}")
        w.enter("measuring", "priorities", "1x4")
        if skip:
            for step in ("importance", "priorities"):
                w.enter("measuring", step, "/skip")
                w.enter("measuring", step, "/skip")
    overall = cli("--plain", "summary", "--all").stdout
    assert said in " ".join(overall.split())
    # Only Hull's ratings and dots are added up.
    assert "2 responses in all · average 5.0" in overall
    assert "an answer from Hull" in overall.split("What people voted for")[1]
    assert "an answer from Leeds" not in overall.split("What people voted for")[1]
    md = cli("export", "--all", "--format", "md", "-o", "-").stdout
    assert said in md and "2 responses in all, average 5.0" in md
    html = unescape(cli("export", "--all", "--format", "html", "-o", "-").stdout)
    assert said in html
    from docx import Document

    docx = cli("export", "--all", "--format", "docx", "-o", str(sessions / "all.docx"))
    assert docx.exit_code == 0, docx.stderr
    assert any(said in p.text for p in Document(str(sessions / "all.docx")).paragraphs)


def test_the_community_pack_counts_a_vote_the_room_stopped_as_not_agreed(cli, workshop):
    w, path = workshop
    w.enter("measuring", "if-nobody-asked", "c: whether people feel less alone")
    w.enter("measuring", "priorities", "1x5")
    w.enter("measuring", "priorities", "/skip")
    w.enter("measuring", "priorities", "/skip")
    text = _export(cli, path, "md", "--for", "community").decode("utf-8")
    agreed = text.split("## What we agreed")[1].split("\n## ")[0]
    question = "Which of these would make the most difference if we measured them?"
    assert "5 dots" not in agreed and f"#### {question}" not in agreed and f"### {question}" not in agreed
    assert "We began a vote on" in agreed and question in agreed and "so it is not here." in agreed
    assert "We did not vote on anything." not in agreed


def test_answers_whose_dots_or_tags_came_from_a_skipped_step_say_so(cli, workshop):
    w, path = workshop
    w.enter("measuring", "today", "c: footfall")
    w.enter("measuring", "for-whom", "1: funders")
    w.enter("measuring", "for-whom", "/skip")
    w.enter("measuring", "for-whom", "/skip")
    tagging = "Who is each of those measures really for?"
    note = f"Dots or tags here were typed in a step skipped in the room: “{tagging}”."
    summary = " ".join(cli("--plain", "summary", str(path)).stdout.split())
    assert f"{TODAY} {note}" in summary
    assert summary.count(note) == 1
    md = _export(cli, path, "md").decode("utf-8")
    assert f"### {TODAY}\n\n{note}\n" in md
    for reader in ("community", "funder"):
        assert note in _export(cli, path, "md", "--for", reader).decode("utf-8"), reader
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(_export(cli, path, "docx"))).paragraphs]
    assert paragraphs[paragraphs.index(TODAY) + 1] == note
