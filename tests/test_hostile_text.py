"""Text a session can hold, however hostile or odd, is written by every export and read
as text: control characters in Word, raw HTML and Markdown syntax in Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from facilitate import store
from tests.conftest import new_session

HOSTILE_MD = [
    "c: <script>alert('owned')</script> trust matters",
    "p: <img src=x onerror=alert(1)> pictures",
    "c: # not a heading",
    "p: [click me](http://evil.example) and ![img](http://evil.example/x.png)",
    "c: a | pipe | table breaker",
    "p: *stars* and _underscores_ and `code` and ~~strike~~",
    "c: first line\n- second line\n# third line\n<div>block</div>",
    "p: &lt;entity&gt; &amp; <!-- comment --> <a href='x'>link</a>",
    "c: 1. looks like a list",
]


def _export(cli, session_id: str, fmt: str, *extra: str) -> Path:
    result = cli("export", session_id, "--format", fmt, "--force", *extra)
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip())


@pytest.fixture
def controls(workshop):
    w, path = workshop
    w.enter("measuring", "today", "c: bell\x07 start\x01 tab\x0b form\x0c escape\x1b[2J end")
    w.enter("value", "words", "p: impact\x02 = lasting\x03 change")
    w.enter("measuring", "today", "/note the \x01 note")
    return w.session.id


def test_word_export_writes_any_control_character_a_session_can_hold(cli, controls):
    from docx import Document

    document = Document(str(_export(cli, controls, "docx", "--with-notes")))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "bell" in text and "escape" in text and "lasting" in text and "the" in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)


def test_html_csv_and_json_exports_write_control_characters_too(cli, controls):
    html = _export(cli, controls, "html").read_text(encoding="utf-8")
    assert "bell" in html and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", html)
    rows = _export(cli, controls, "csv").read_text(encoding="utf-8-sig")
    assert "bell start tab form escape[2J end" in rows
    data = json.loads(_export(cli, controls, "json").read_text(encoding="utf-8"))
    assert any("start\x01" in (row.get("text") or "") for row in data["entries"])


def test_csv_export_drops_escape_bell_and_other_controls_and_keeps_the_words(cli, workshop):
    import csv
    import io

    w, path = workshop
    w.enter("measuring", "today", "c: title\x1b]0;owned\x07 then\x1b[2J clear\x01 and\x85 next\x9b line")
    w.enter("measuring", "today", "p: \x01=HYPERLINK(1) hidden formula")
    w.enter("measuring", "today", "c: two lines\nkept\tand a tab")
    data = _export(cli, w.session.id, "csv").read_bytes()
    text = data.decode("utf-8-sig")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)
    assert b"\x1b" not in data and b"\x07" not in data
    cells = [row["text"] for row in csv.DictReader(io.StringIO(text, newline=""))]
    assert "title]0;owned then[2J clear and next line" in cells
    # Dropping the control leaves a formula start, which is still neutralised.
    assert "'=HYPERLINK(1) hidden formula" in cells
    assert "two lines\nkept\tand a tab" in cells


@pytest.fixture
def hostile(workshop):
    w, path = workshop
    for line in HOSTILE_MD:
        w.enter("measuring", "today", line)
    w.enter("measuring", "today", "/note <b>bold</b> note one")
    w.enter("measuring", "today", "/note - note two [x](y)")
    w.enter("value", "words", "p: <i>impact</i> = <script>x()</script> savings")
    w.enter("sharing", "next", "<u>call</u> the council; <em>Tom</em>; end of *March*")
    return w.session.id


def _elements(html: str) -> set[str]:
    return set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))


def test_markdown_of_hostile_answers_renders_no_element_the_template_does_not_make(cli, sessions, hostile):
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    _, clean_path = new_session(sessions, title="Clean reference")
    clean = renderer.render(_export(cli, clean_path.stem, "md", "--with-notes").read_text(encoding="utf-8"))
    rendered = renderer.render(_export(cli, hostile, "md", "--with-notes").read_text(encoding="utf-8"))
    # The template's own elements, plus the list items and strong text any answer gets.
    allowed = _elements(clean) | {"ol", "li", "strong", "p", "ul"}
    assert _elements(rendered) <= allowed, _elements(rendered) - allowed
    assert not _elements(rendered) & {"script", "img", "a", "div", "em", "code", "del", "s", "u", "i", "b"}
    # The text is still there to read, exactly as typed.
    for words in (
        "&lt;script&gt;alert('owned')&lt;/script&gt; trust matters",
        "# not a heading",
        "[click me](http://evil.example)",
        "a | pipe | table breaker",
        "*stars*",
        "`code`",
        "&lt;img src=x onerror=alert(1)&gt;",
        "1. looks like a list",
        "&lt;u&gt;call&lt;/u&gt;",
    ):
        assert words in rendered, words


def test_markdown_headings_and_table_rows_stay_as_the_template_made_them(cli, hostile):
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    text = _export(cli, hostile, "md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert all("heading" not in h and "third line" not in h for h in headings)
    rendered = renderer.render(text)
    assert "<td>&lt;u&gt;call&lt;/u&gt; the council</td>" in rendered


def test_markdown_with_notes_keeps_each_note_its_own_paragraph(cli, hostile):
    from markdown_it import MarkdownIt

    text = _export(cli, hostile, "md", "--with-notes").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark", {"html": True}).render(text)
    assert "<p>&lt;b&gt;bold&lt;/b&gt; note one</p>" in rendered
    assert "<p>- note two [x](y)</p>" in rendered


def test_new_like_lists_open_actions_with_their_due_dates(sessions, workshop, cli):
    w, path = workshop
    w.enter("sharing", "next", "share the outcomes page; Priya; end of March")
    w.enter("sharing", "next", "ask about shared measures")
    result = cli("new", "Again", "--like", w.session.id, "--date", "2027-12-01")
    assert result.exit_code == 0, result.stderr
    assert "1. share the outcomes page (Priya, due end of March)" in result.stderr
    assert "2. ask about shared measures\n" in result.stderr
    assert store.load_session(path).id == w.session.id


def test_reports_across_sessions_escape_and_clean_text_too(cli, sessions, hostile, controls):
    from docx import Document
    from markdown_it import MarkdownIt

    result = cli("export", "--all", "-f", "md", "-o", "-")
    assert result.exit_code == 0, result.stderr
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(result.stdout)
    assert not _elements(rendered) & {"script", "img", "a", "div", "em", "code", "u", "i", "b"}
    assert "&lt;u&gt;call&lt;/u&gt; the council" in rendered
    assert _export(cli, "--all", "docx").exists()
    text = "\n".join(p.text for p in Document(str(_export(cli, "--all", "docx"))).paragraphs)
    assert "All workshops" in text and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
