"""Exports read back as their readers would: Markdown as text, HTML parsed and drawn
by a browser, CSV through the csv module, JSON loaded, Word opened with python-docx."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

SECRET = "my brother was in prison"
HOSTILE = [
    "c: <script>alert('x')</script> we need trust",
    'p: =HYPERLINK("http://evil.example","click")',
    "+44 20 7946 0000 is the helpline",
    "@SUM(A1:A9) counts volunteers",
    "c: 🎉 people came back",
    "p: القيمة الاجتماعية تعني الثقة",
    f"c: {SECRET}",
]


@pytest.fixture
def typed(workshop):
    """A session typed through the grammar with everything an export must survive."""
    w, path = workshop
    for line in ("4 5 3 2 3",):
        w.enter("measuring", "importance", line)
    for line in HOSTILE:
        w.enter("measuring", "today", line)
    w.enter("measuring", "today", "/private 7")
    w.enter("measuring", "today", "/note facilitator only: the council rep left early")
    w.enter("measuring", "for-whom", "1: funders")
    w.enter("measuring", "for-whom", "7: the people")
    w.enter("measuring", "if-nobody-asked", "c: confidence")
    w.enter("measuring", "priorities", "1x3")
    w.enter("value", "words", "p: impact = savings <b>bold</b>")
    w.enter("value", "words", "c: impact = lasting change")
    w.enter("sharing", "next", "=cmd|' /C calc'!A0; -Tom; @once")
    return path


def export(cli, path, fmt, *extra) -> Path:
    result = cli("export", str(path), "--format", fmt, *extra)
    assert result.exit_code == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.exists()
    return written


def test_every_format_leaves_out_private_text_and_notes(cli, typed):
    for fmt in ("md", "html", "csv", "json"):
        text = export(cli, typed, fmt).read_text(encoding="utf-8-sig")
        assert SECRET not in text, fmt
        assert "council rep left early" not in text, fmt
    doc = _docx_text(export(cli, typed, "docx"))
    assert SECRET not in doc and "council rep left early" not in doc
    # Notes appear only when asked for; private text never.
    with_notes = export(cli, typed, "md", "--with-notes", "--force").read_text(encoding="utf-8")
    assert "council rep left early" in with_notes and SECRET not in with_notes


def test_markdown_reads_as_text(cli, typed):
    text = export(cli, typed, "md").read_text(encoding="utf-8")
    assert text.startswith("# Strength in Numbers, Birmingham\n")
    assert "5 responses, average 3.4, median 3.0 (from 1 to 5)." in text
    assert "| public sector | 0 | 0 (0%) |" not in text  # tag table rows carry real shares
    assert "🎉 people came back" in text and "القيمة الاجتماعية" in text
    assert "(private answer)" in text
    assert "| funders | 1 |" in text  # tag table row: one answer tagged funders


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_escaped_and_self_contained(cli, typed):
    html = export(cli, typed, "html").read_text(encoding="utf-8")
    parsed = _Collector()
    parsed.feed(html)
    names = [t for t, _ in parsed.tags]
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    assert "b" not in names  # typed markup stays text
    assert not any("src" in a or a.get("href", "").startswith("http") for _, a in parsed.tags)
    assert "@import" not in html and "url(" not in html
    text = "".join(parsed.text)
    assert "<script>alert('x')</script> we need trust" in text
    assert "savings <b>bold</b>" in text
    assert "average 3.4" in " ".join(text.split())


def test_csv_opens_in_a_spreadsheet_safely(cli, typed):
    raw = export(cli, typed, "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    kinds = [r["kind"] for r in rows]
    assert kinds.count("scale") == 5 and kinds.count("capture") == 8 and kinds.count("glossary") == 2
    assert kinds.count("actions") == 1
    assert [r["value"] for r in rows if r["kind"] == "scale"] == ["4", "5", "3", "2", "3"]
    cells = [value for r in rows for value in r.values()]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    texts = [r["text"] for r in rows if r["kind"] == "capture"]
    assert '\'=HYPERLINK("http://evil.example","click")' in texts
    assert "'+44 20 7946 0000 is the helpline" in texts
    assert "'@SUM(A1:A9) counts volunteers" in texts
    assert "(private answer)" in texts and SECRET not in raw.decode("utf-8-sig")
    action = next(r for r in rows if r["kind"] == "actions")
    assert action["text"] == "'=cmd|' /C calc'!A0" and action["owner"] == "'-Tom" and action["due"] == "'@once"
    first = next(r for r in rows if r["kind"] == "capture")
    assert first["tags"] == "funders" and first["session"] == typed.stem


def test_json_holds_the_summary_and_entries(cli, typed):
    data = json.loads(export(cli, typed, "json").read_text(encoding="utf-8"))
    assert list(data) == ["format", "version", "summary", "entries"]
    steps = {s["step"]: s for e in data["summary"]["exercises"] for s in e["steps"]}
    assert steps["importance"]["kind"] == "scale"
    assert steps["importance"]["overall"]["mean"] == 3.4
    assert steps["importance"]["overall"]["distribution"] == {"1": 0, "2": 1, "3": 2, "4": 1, "5": 1}
    assert len(data["entries"]) == 16
    assert SECRET not in json.dumps(data, ensure_ascii=False)


def _docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_docx_has_headings_and_tables(cli, typed):
    from docx import Document

    document = Document(str(export(cli, typed, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "Strength in Numbers, Birmingham"
    assert "Headline" in headings and "What does value really mean?" in headings
    assert len(document.tables) >= 4
    paragraphs = [p.text for p in document.paragraphs]
    assert any("average 3.4" in p for p in paragraphs)
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["impact (groups differ)", "community", "lasting change"] in cells
    assert ["", "public sector", "savings <b>bold</b>"] in cells


def test_export_writes_beside_the_session_or_where_told(cli, typed, tmp_path):
    assert export(cli, typed, "md") == typed.parent / f"{typed.stem}-report.md"
    target = tmp_path / "out" / "r.html"
    assert export(cli, typed, "html", "-o", str(target)) == target
    folder = tmp_path / "reports"
    folder.mkdir()
    assert export(cli, typed, "csv", "-o", str(folder)) == folder / f"{typed.stem}-report.csv"
    result = cli("export", str(typed), "--format", "json", "-o", "-")
    assert json.loads(result.stdout)["summary"]["session"] == typed.stem


def test_export_refusals(cli, typed):
    result = cli("export", str(typed), "--format", "pdf")
    assert result.exit_code == 1
    assert "'pdf' is not a format facilitate exports" in result.stderr


@pytest.mark.timeout(120)
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_renders_in_a_browser(cli, typed, tmp_path):
    report = export(cli, typed, "html")
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    sizes = {}
    for name, page in (("report", report), ("blank", blank)):
        shot = tmp_path / f"{name}.png"
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--window-size=1000,1400",
                f"--screenshot={shot}",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            timeout=90,
        )
        assert shot.exists(), f"chromium drew nothing for {name}"
        sizes[name] = shot.stat().st_size
    # A drawn report compresses far worse than an empty white page.
    assert sizes["report"] > 10 * sizes["blank"], sizes


def test_word_tables_fit_the_page_with_many_groups():
    from facilitate.export.word import PAGE_WIDTH_CM, _widths

    for groups in range(0, 9):
        header = ["label", "sessions", "responses", "average", *[f"group number {n}" for n in range(groups)]]
        widths = _widths(header, set(range(1, len(header))))
        assert all(w > 0 for w in widths)
        assert sum(widths) <= PAGE_WIDTH_CM + 1e-9
