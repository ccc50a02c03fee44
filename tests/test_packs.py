"""Packs for their readers, read back as their readers would get them: the community
pack (no notes, no private text, no small group named, plain enough to read), the
funder pack (the method, who was there, the value themes), each in Markdown, HTML and
Word, and what may be shared decided in one place (`figures.sharing`)."""

from __future__ import annotations

import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from facilitate import store
from facilitate.figures.session import summarise
from facilitate.figures.sharing import shareable_summary
from tests.axe import axe_violations, describe

EXAMPLE = next((Path(__file__).parent.parent / "sessions").glob("*.yaml"))
READERS = ("community", "funder")
FORMATS = ("md", "html", "docx")


@pytest.fixture
def example(sessions: Path) -> Path:
    target = sessions / EXAMPLE.name
    shutil.copy(EXAMPLE, target)
    return target


def export(cli, path: Path, reader: str, fmt: str, *extra: str) -> Path:
    result = cli(
        "export", str(path), "--for", reader, "--format", fmt, "-o", str(path.parent.parent / "out") + "/", *extra
    )
    assert result.exit_code == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.name == f"{path.stem}-{reader}.{fmt}"
    return written


class _Text(HTMLParser):
    """The text of a page, one line per block, with the words of each element kept apart."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "caption", "title", "dt", "dd"}

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "script")
        if tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "script")
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.hidden:
            self.current.append(data)

    def _flush(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []


def html_lines(path: Path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser._flush()
    return parser.lines


def docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    cells(inner)

    for table in document.tables:
        cells(table)
    return "\n".join(parts)


def pack_text(path: Path) -> str:
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".html":
        return "\n".join(html_lines(path))
    return path.read_text(encoding="utf-8")


def the_room_said(session) -> list[str]:
    """Everything in the session that people typed or named, rather than the tool."""
    words = [session.title, session.location, session.facilitator, session.contact or ""]
    words += [g.name for g in session.groups]
    for exercise in session.exercises:
        for d in exercise.definition.steps:
            words += [o.name for o in d.options] + list(d.labels.values())
        for step in exercise.steps:
            for answer in getattr(step, "answers", []):
                words += [answer.text, *answer.tags]
            for response in getattr(step, "responses", []):
                words.append(getattr(response, "choice", ""))
            for term in getattr(step, "terms", []):
                words += [term.term, *(m.meaning for m in term.meanings)]
            for action in getattr(step, "actions", []):
                words += [action.action, action.owner or "", action.due or ""]
    return sorted({w for w in words if w}, key=len, reverse=True)


def private_and_notes(session) -> tuple[list[str], list[str]]:
    private = [a.text for e in session.exercises for s in e.steps for a in getattr(s, "answers", []) if a.private]
    notes = [line for e in session.exercises for line in e.notes.splitlines() if line.strip()]
    return private, notes


# --- every pack in every format ------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("reader", READERS)
def test_each_pack_is_rendered_from_the_example_session_and_reads_back(cli, example, reader, fmt):
    session = store.load_session(example)
    text = pack_text(export(cli, example, reader, fmt))
    assert session.title in text.replace("\\", "")
    assert "3 October 2026" in text  # dates as people write them, never 2026-10-03
    assert "2026-10-03" not in text
    assert "A dot is one vote" in text and "A score is a number on a scale" in text and "A tag is a label" in text
    assert "We name the group that said each thing, never the person." in text
    first_action = next(a.action for s in session.exercise("sharing").steps for a in getattr(s, "actions", []))
    assert first_action in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_facilitator_report_stays_the_default_and_writes_dates_as_people_do(cli, example, fmt):
    result = cli("export", str(example), "--format", fmt, "-o", "-")
    assert result.exit_code == 0
    plain = cli("export", str(example), "--for", "facilitator", "--format", fmt, "-o", "-")
    if fmt != "docx":
        assert result.stdout == plain.stdout
        assert "3 October 2026" in result.stdout
        assert "Lots of energy" not in result.stdout  # notes only with --with-notes


# --- the community pack ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_community_pack_has_no_notes_no_private_text_and_no_small_group_named(cli, example, fmt):
    session = store.load_session(example)
    private, notes = private_and_notes(session)
    assert private and notes  # the example holds both, so this test can fail
    # funders had 3 people: named at the default threshold, unnamed from 4.
    path = export(cli, example, "community", fmt, "--small-group", "4")
    text = pack_text(path).replace("\\", "")
    for secret in private + notes:
        assert secret not in text
    said_by = {
        a.text: a.group
        for e in session.exercises
        for s in e.steps
        for a in getattr(s, "answers", [])
        if a.group and not a.private
    }
    funders = [t for t, g in said_by.items() if g == "funders"]
    community = [t for t, g in said_by.items() if g == "community"]
    assert funders and community
    lines = html_lines(path) if fmt == "html" else text.splitlines()
    for quote in funders:
        beside = [line for line in lines if quote in line]
        assert beside, quote
        assert all("funders" not in line.replace(quote, "") for line in beside), beside
    # ...while a big enough group is still named, so the check above means something.
    assert any("community" in line.replace(quote, "") for quote in community for line in lines if quote in line)
    assert "but not the other group, because fewer than 4 people came from it." in text


def test_a_chatham_house_session_names_no_group_beside_any_quote(cli, example):
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["attribution"] = "none"
    example.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    session = store.load_session(example)
    lines = html_lines(export(cli, example, "community", "html"))
    quotes = [a.text for e in session.exercises for s in e.steps for a in getattr(s, "answers", []) if not a.private]
    names = [g.name for g in session.groups]
    for quote in quotes:
        for line in (line for line in lines if quote in line):
            assert not any(name in line.replace(quote, "") for name in names), line
    assert "Chatham House Rule" in "\n".join(lines)


def test_the_community_packs_own_sentences_read_at_grade_eight_or_below(cli, example):
    textstat = pytest.importorskip("textstat", reason="textstat (in the test extra) measures readability")
    session = store.load_session(example)
    sentences = []
    for line in html_lines(export(cli, example, "community", "html")):
        for words in the_room_said(session):
            line = re.sub(rf"(?<!\w){re.escape(words)}(?!\w)", " ", line)
        line = re.sub(r"\s+", " ", line).strip(" ,.:;()·")
        # What is left of a line that was only the room's words (or a number) is not a sentence.
        if len(re.findall(r"[A-Za-z]{2,}", line)) < 2:
            continue
        sentences.append(line if line[-1] in ".?!" else line + ".")
    text = " ".join(sentences)
    assert len(sentences) > 15, sentences  # the measure is taken on something
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= 8, (grade, sentences)
    # The measure can fail: the value exercise's read-aloud intro, written for a
    # facilitator to speak, scores above the line.
    intro = " ".join(session.exercise("value").definition.intro.split())
    assert textstat.flesch_kincaid_grade(intro) > 8


def test_the_community_pack_names_who_to_contact(cli, example):
    text = pack_text(export(cli, example, "community", "md"))
    assert "ask Sam. They ran the workshop." in text
    text = pack_text(
        export(cli, example, "community", "md", "--contact", "Amira at the community forum, 0113 000 0000", "--force")
    )
    assert "contact Amira at the community forum, 0113 000 0000." in text


# --- the funder pack -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_funder_pack_carries_the_method_group_sizes_and_value_themes(cli, example, fmt):
    session = store.load_session(example)
    text = pack_text(export(cli, example, "funder", fmt)).replace("\\", "")
    flat = " ".join(text.split())
    # The method: what each exercise asked, and how long it had.
    for exercise in session.exercises:
        assert " ".join(exercise.definition.intro.split()) in flat
        for step in exercise.definition.steps:
            assert step.prompt in text
    assert "Planned for 40 minutes." in text
    # Who was in the room, by group and in all.
    for group, people in session.headcount.items():
        assert re.search(rf"{re.escape(group)}\W+{people}\b", flat), group
    assert re.search(r"everyone\W+20\b", flat)
    # Figures with the number of people behind them.
    assert "15 responses on a scale from 1 to 5" in text
    assert "67% (2 of 3)" in text
    # Kinds of value beside the Social Value Model's themes.
    assert "Social Value Model (PPN 002)" in text
    assert re.search(r"economic\W+1 of 7\W+Kick start economic growth", flat), flat[-2500:]
    assert re.search(r"environmental\W+1 of 7\W+Make Britain a clean energy superpower", flat)
    assert "no money values" in text
    private, notes = private_and_notes(session)
    for secret in private + notes:
        assert secret not in text


def test_a_value_themes_file_beside_the_sessions_folder_replaces_the_shipped_one(cli, example, sessions):
    (sessions.parent / "value-themes.yaml").write_text(
        "model: Our council's social value themes\nthemes: [Thriving places, Good work]\n"
        "kinds:\n  economic: [Good work]\n  environmental: [Thriving places]\n",
        encoding="utf-8",
    )
    text = " ".join(pack_text(export(cli, example, "funder", "md")).split())
    assert "Our council's social value themes" in text
    assert re.search(r"economic \| 1 of 7 \| Good work", text)
    assert re.search(r"wellbeing / personal \| 2 of 7 \| not in the mapping", text)
    assert "Kick start" not in text


def test_a_broken_value_themes_file_is_refused_in_one_sentence(cli, example, sessions):
    (sessions.parent / "value-themes.yaml").write_text("kinds:\n  economic: [Nowhere]\nthemes: [Good work]\n")
    result = cli("export", str(example), "--for", "funder", "--format", "md", "-o", "-")
    assert result.exit_code == 1
    assert "maps to 'Nowhere', which is not one of the themes" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_shipped_mapping_names_themes_only():
    from facilitate.themes import BUILT_IN, parse_value_themes

    text = BUILT_IN.read_text(encoding="utf-8")
    themes = parse_value_themes(text, "built in")
    value_tags = [o.name for o in store.load_session(EXAMPLE).exercise("value").definition.step("kinds").options]
    assert sorted(themes.kinds) == sorted(value_tags)
    assert len(themes.themes) == 5
    assert "£" not in text and not re.search(r"\d+\.\d\d", text)  # no money values


# --- what may be shared, in one place -------------------------------------------------------


def test_a_shareable_summary_drops_notes_private_text_and_small_groups():
    session = store.load_session(EXAMPLE)
    full = summarise(session, show_private=True, with_notes=True)
    shared = shareable_summary(session, small_group=4)
    assert any(e.notes for e in full.exercises) and not any(e.notes for e in shared.exercises)
    answers = [a for e in shared.exercises for s in e.steps for a in getattr(s, "answers", [])]
    assert any(a.private for a in answers) and all(a.text is None for a in answers if a.private)
    groups = {a.group for a in answers}
    assert "funders" not in groups and "community" in groups
    meanings = [m for e in shared.exercises for s in e.steps for t in getattr(s, "terms", []) for m in t.meanings]
    assert "funders" not in {m.group for m in meanings}
    assert all("funders" not in t.groups for e in shared.exercises for s in e.steps for t in getattr(s, "terms", []))
    assert "funders" not in {p.group for step in shared.headline.priorities for p in step.priorities}
    assert shared.unnamed_groups == ["funders"] and shared.small_group == 4
    # The figures still count everyone.
    assert shared.answers == full.answers and shared.private == full.private
    # ...but no figure names a group that may not be named: its ratings are under no group.
    importance, every = shared.step("measuring", "importance"), full.step("measuring", "importance")
    assert importance.overall == every.overall and "funders" not in importance.by_group
    assert importance.by_group["no group"] == every.by_group["funders"]


def test_a_group_whose_size_nobody_recorded_is_not_named():
    session = store.load_session(EXAMPLE)
    session.headcount = {"community": 12}
    shared = shareable_summary(session)
    assert shared.unnamed_groups == ["public sector", "funders"]
    session.attribution = "none"
    shared = shareable_summary(session)
    answers = [a for e in shared.exercises for s in e.steps for a in getattr(s, "answers", [])]
    assert {a.group for a in answers} <= {None, "no group"}


def test_new_records_attribution_and_contact_and_refuses_a_bad_one(cli, sessions):
    result = cli(
        "new", "Closed doors", "--date", "2027-07-10", "--attribution", "none", "--contact", "hello@example.org"
    )
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(Path(result.stdout.strip()).read_text(encoding="utf-8"))
    assert data["attribution"] == "none" and data["contact"] == "hello@example.org"
    before = sorted(sessions.iterdir())
    refused = cli("new", "Open doors", "--attribution", "people")
    assert refused.exit_code == 1
    assert "--attribution 'people' should be group" in refused.stderr
    assert sorted(sessions.iterdir()) == before
    # Unset, neither field is written: files stay as they were.
    plain = cli("new", "Plain", "--date", "2027-07-11")
    written = yaml.safe_load(Path(plain.stdout.strip()).read_text(encoding="utf-8"))
    assert "attribution" not in written and "contact" not in written


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--for", "council", "--format", "md"), "--for 'council' is not a reader"),
        (("--for", "community", "--format", "csv"), "export it as md, html, docx"),
        (("--for", "funder", "--format", "md", "--with-notes"), "Notes stay in the facilitator's report"),
    ],
)
def test_a_pack_that_cannot_be_written_is_refused_in_one_sentence(cli, example, args, says):
    result = cli("export", str(example), *args)
    assert result.exit_code == 1
    assert says in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in example.parent.iterdir()) == [example.name]


# --- Word: A4, UK English, tables that survive a page break ---------------------------------


@pytest.mark.parametrize("reader", ("community", "funder", "facilitator"))
def test_word_packs_are_a4_in_uk_english_with_repeated_header_rows(cli, example, reader):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    if reader == "facilitator":
        result = cli("export", str(example), "--format", "docx", "-o", str(example.parent.parent / "out") + "/")
        path = Path(result.stdout.strip())
    else:
        path = export(cli, example, reader, "docx")
    document = Document(str(path))
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
        text_width = section.page_width - section.left_margin - section.right_margin
        assert text_width >= Mm(155)
    language = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert language.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert document.core_properties.language == "en-GB"
    assert len(document.tables) >= 3
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    headings = [p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {"Heading 1", "Heading 2"} <= set(headings)
    # Bars are shaded cells, not characters.
    assert "█" not in docx_text(path)
    shaded = [
        cell
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for inner in cell.tables
        for inner_cell in inner.rows[0].cells
        if inner_cell._tc.tcPr.find(qn("w:shd")) is not None
    ]
    assert shaded


# --- HTML: WCAG 2.2 AA in a real browser ----------------------------------------------------


@pytest.mark.timeout(180)
def test_axe_core_finds_a_violation_when_there_is_one(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><title>t</title></head><body><main><img src="x.png">'
        '<p style="color:#bbb;background:#fff">faint</p></main></body></html>',
        encoding="utf-8",
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found, found


@pytest.mark.timeout(300)
def test_every_html_pack_passes_wcag_22_aa_in_chromium(cli, example):
    pages = [export(cli, example, reader, "html") for reader in READERS]
    result = cli("export", str(example), "--format", "html", "-o", str(example.parent.parent / "out") + "/")
    pages.append(Path(result.stdout.strip()))
    # The report of many workshops together, too.
    together = cli("export", "--all", "--format", "html", "-o", str(example.parent.parent / "all") + "/")
    assert together.exit_code == 0, together.stderr
    pages.append(Path(together.stdout.strip()))
    for page in pages:
        violations = axe_violations(page)
        assert not violations, f"{page.name}:\n{describe(violations)}"


# --- text from the room stays text ----------------------------------------------------------


def test_markup_typed_in_the_room_stays_text_in_every_pack(cli, example):
    typed = "<script>alert(1)</script> # not a heading | [link](http://x) \x07bell"
    result = cli("add", str(example), "value", "meanings", f"c: {typed}")
    assert result.exit_code == 0, result.stderr
    for reader in READERS:
        html = export(cli, example, reader, "html", "--force")
        page = html.read_text(encoding="utf-8")
        assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        markdown = export(cli, example, reader, "md", "--force").read_text(encoding="utf-8")
        assert "\\<script\\>" in markdown and "\\[link\\](http://x)" in markdown
        assert "\x07" not in markdown
        document = docx_text(export(cli, example, reader, "docx", "--force"))
        assert "<script>alert(1)</script> # not a heading" in document


def test_a_small_group_threshold_below_one_is_refused(cli, example):
    result = cli("export", str(example), "--for", "community", "--format", "md", "--small-group", "0")
    assert result.exit_code == 1
    assert "--small-group '0' should be a whole number of people, from 1 to 100000." in result.stderr
    assert sorted(p.name for p in example.parent.iterdir()) == [example.name]


def _table_rows(path: Path) -> list[list[str]]:
    """Every table row of a pack, as the text of its cells."""
    if path.suffix == ".docx":
        from docx import Document

        return [[c.text for c in row.cells] for t in Document(str(path)).tables for row in t.rows]
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", text, re.S)
        return [
            [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)]
            for r in rows
        ]
    return [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines() if line.startswith("|")]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("reader", READERS)
def test_each_pack_marks_a_done_action_done_and_leaves_the_others_unmarked(cli, example, reader, fmt):
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    actions = next(s for ex in data["exercises"] for s in ex["steps"] if s["kind"] == "actions")["actions"]
    actions[1]["done"] = True
    example.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    rows = {r[0]: r for r in _table_rows(export(cli, example, reader, fmt))}
    done, still_to_do = actions[1], actions[0]
    assert rows[done["action"]] == [done["action"], done["owner"], done["due"], "done"]
    assert rows[still_to_do["action"]] == [still_to_do["action"], still_to_do["owner"], still_to_do["due"], ""]
    assert rows[actions[2]["action"]][-1] == ""


@pytest.mark.parametrize("reader", READERS)
def test_a_pack_with_nothing_done_yet_has_no_empty_done_column(cli, example, reader):
    rows = _table_rows(export(cli, example, reader, "md"))
    row = next(r for r in rows if r[0] == "Draft a shared reporting form with three funders")
    assert row == ["Draft a shared reporting form with three funders", "Amira (community forum)", "end of January"]


def test_the_published_page_marks_a_done_action_as_every_report_does(cli, example, tmp_path):
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    actions = next(s for ex in data["exercises"] for s in ex["steps"] if s["kind"] == "actions")["actions"]
    actions[1]["done"] = True
    example.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert cli("publish", str(example), "-o", str(tmp_path / "site")).exit_code == 0
    (page,) = [p for p in (tmp_path / "site").rglob("*.html") if example.stem in p.name]
    rows = {r[0]: r for r in _table_rows(page) if r}
    assert rows[actions[1]["action"]][-1] == "done"
    assert rows[actions[0]["action"]][-1] == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_funder_pack_says_which_exercises_were_never_run(cli, sessions, fmt):
    from conftest import new_session

    from facilitate.facilitation import Workshop, save_to

    session, path = new_session(sessions)
    workshop = Workshop(store.load_session(path), save_to(path))
    workshop.enter("measuring", "importance", "c: 4 5")  # the workshop ended after one line
    flat = " ".join(pack_text(export(cli, path, "funder", fmt)).replace("\\", "").split())
    assert "took part in each exercise it ran" in flat
    measuring, value, sharing = (session.exercise(e).definition for e in ("measuring", "value", "sharing"))
    assert " ".join(measuring.intro.split()) in flat
    for planned in (value, sharing):
        assert f"{planned.title} Planned for {planned.minutes} minutes, but not run in this workshop." in flat
        assert " ".join(planned.intro.split()) not in flat
