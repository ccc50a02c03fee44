"""What leaves the room, read back from the files written: Word files that say which
workshop they hold and who ran it, a CSV whose support a spreadsheet can sort, and
`show`'s tag list that never reads as counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest


def made(cli, *args: str) -> Path:
    result = cli("new", *args)
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip())


def add(cli, path: Path, exercise: str, step: str, *lines: str) -> None:
    result = cli("add", str(path), exercise, step, *lines)
    assert result.exit_code == 0, result.stderr


def written(cli, path: Path, *args: str) -> Path:
    result = cli("export", str(path), *args, "-o", str(path.parent.parent / "out") + "/", "--force")
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip())


@pytest.fixture
def room(cli, sessions) -> Path:
    """Three groups with enough people to compare, a few answers, tags and hands."""
    path = made(
        cli,
        "Strength in Numbers, York",
        "--date",
        "2027-07-10",
        "--facilitator",
        "Priya Shah",
        "-g",
        "c=community",
        "-g",
        "p=public sector",
        "--headcount",
        "c=6",
        "--headcount",
        "p=5",
    )
    add(cli, path, "measuring", "importance", "c: 5x4 3x2", "p: 4x3 2x2")
    add(cli, path, "measuring", "today", "c: attendance", "p: outcomes against the contract", "c: stories")
    add(cli, path, "measuring", "for-whom", "1: 1", "2: 2", "3: 3")
    add(cli, path, "sharing", "share-with", "c: 1x6 3x2", "p: 1x5")
    return path


@pytest.mark.parametrize("reader", ("facilitator", "community", "funder"))
def test_a_word_file_carries_the_workshops_title_its_facilitator_and_todays_date(cli, room, reader):
    from docx import Document

    path = written(cli, room, "--format", "docx", "--for", reader)
    before = dt.datetime.now(dt.UTC)
    properties = Document(str(path)).core_properties
    assert properties.title == "Strength in Numbers, York"
    assert properties.author == "Priya Shah"
    assert "python-docx" not in (properties.comments or "") + (properties.last_modified_by or "")
    for stamp in (properties.created, properties.modified):
        assert stamp is not None
        stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
        assert abs((before - stamp).total_seconds()) < 24 * 3600


def test_a_word_file_without_a_facilitator_names_no_author(cli, sessions):
    from docx import Document

    path = made(cli, "Nobody named", "--date", "2027-07-10")
    properties = Document(str(written(cli, path, "--format", "docx"))).core_properties
    assert properties.author == "" and properties.title == "Nobody named"
    assert properties.created.year >= 2026


def test_the_csv_gives_support_as_a_number_with_k_and_n_in_columns_of_their_own(cli, room):
    rows = list(csv.DictReader(io.StringIO(written(cli, room, "--format", "csv").read_text(encoding="utf-8-sig"))))
    agreement = [r for r in rows if r["kind"] == "agreement"]
    assert agreement
    for row in agreement:
        share = float(row["support"])
        assert 0 <= share <= 1
        assert share == pytest.approx(int(row["k"]) / int(row["n"]), abs=0.0005)
    # Four of community's six ratings were at the top (5), three of public sector's five (4).
    top = {r["group"]: r for r in agreement if r["step"] == "importance"}
    assert (top["community"]["support"], top["community"]["k"], top["community"]["n"]) == ("0.667", "4", "6")
    assert (top["public sector"]["support"], top["public sector"]["k"], top["public sector"]["n"]) == ("0.6", "3", "5")
    # Rows of what was said leave the three columns empty.
    assert all(r["support"] == r["k"] == r["n"] == "" for r in rows if r["kind"] != "agreement")


def test_show_lists_a_tag_steps_tags_by_bracketed_number_never_as_counts(cli, room):
    result = cli("show", str(room))
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert "Tags: [1] funders · [2] commissioners · [3] the people we work with" in shown
    assert "Tags: 1 funders" not in shown and "1 funders, 2" not in shown


# --- a group that is not named is named beside no figure -----------------------------------

RESIDENTS, OFFICERS, PANEL = "Ashfield residents", "Borough officers", "Trustee panel"
GROUPS = (RESIDENTS, OFFICERS, PANEL)


def pack_lines(path: Path) -> list[str]:
    """The text of a pack or page as its reader gets it, one line per block or cell."""
    from tests.test_packs import html_lines

    if path.suffix == ".docx":
        return docx_lines(path)
    if path.suffix == ".html":
        return html_lines(path)
    return path.read_text(encoding="utf-8").replace("\\", "").splitlines()


def docx_lines(path: Path) -> list[str]:
    """A Word file's paragraphs and table cells in the order a reader meets them."""
    from docx import Document
    from docx.table import Table

    lines: list[str] = []

    def read(container) -> None:
        for part in container.iter_inner_content():
            if isinstance(part, Table):
                for row in part.rows:
                    for cell in row.cells:
                        read(cell)
            elif part.text.strip():
                lines.append(part.text)

    read(Document(str(path)))
    return lines


def without_who_was_there(lines: list[str]) -> list[str]:
    """Every line but the table of who was in the room: a headcount traces no quote."""
    if "Who was in the room" not in " ".join(lines):
        return lines
    start = next(i for i, line in enumerate(lines) if "Who was in the room" in line)
    end = next(i for i, line in enumerate(lines) if i > start and "How we worked" in line)
    return lines[:start] + lines[end:]


@pytest.fixture(params=["no headcount", "a group of two"])
def three_groups(request, cli, sessions):
    """Three groups, every kind of step filled in by group, so each could be named
    beside a figure: ratings, answers, tags, hands, dots, meanings."""
    counted = ["--headcount", "a=6", "--headcount", "b=5", "--headcount", "t=2"]
    path = made(
        cli,
        "Strength in Numbers, Ashfield",
        "--date",
        "2027-09-01",
        "-g",
        f"a={RESIDENTS}",
        "-g",
        f"b={OFFICERS}",
        "-g",
        f"t={PANEL}",
        *(counted if request.param == "a group of two" else []),
    )
    add(cli, path, "measuring", "importance", "a: 5 5 4 3", "b: 3 2", "t: 1 1")
    add(
        cli,
        path,
        "measuring",
        "today",
        "a: Footfall at the Tuesday club",
        "a: Stories we write up",
        "a: Wellbeing scores twice a year",
        "a: How many come back",
        "b: Outcomes against the contract KPIs, quarterly",
        "t: Grant spend against budget",
    )
    add(cli, path, "measuring", "for-whom", "1: 1", "2: 3", "5: 2", "6: 1 4")
    add(cli, path, "measuring", "if-nobody-asked", "a: Confidence", "t: Whether trust grows")
    add(cli, path, "measuring", "priorities", "a: 1 1 2", "t: 2 2")
    add(cli, path, "value", "meanings", "a: People feel less alone", "t: Money saved for the council")
    add(cli, path, "value", "kinds", "1: 4", "2: 2")
    add(cli, path, "value", "words", "a: impact = a lasting change", "t: impact = a return on the grant")
    add(cli, path, "sharing", "share-with", "a: 1 1 3", "b: 2", "t: 5 5")
    add(cli, path, "sharing", "barriers", "t: Fear of what a bad year looks like", "a: No time")
    add(cli, path, "sharing", "barrier-kinds", "1: 5", "2: 1")
    return request.param, path


def tagged_quotes(path: Path) -> dict[str, str]:
    """Every tagged answer of the session, with the group that gave it."""
    from facilitate import store

    session = store.load_session(path)
    return {
        a.text: a.group
        for e in session.exercises
        for s in e.steps
        for a in getattr(s, "answers", [])
        if a.tags and not a.private
    }


@pytest.mark.parametrize("fmt", ("md", "html", "docx"))
@pytest.mark.parametrize("reader", ("community", "funder"))
def test_no_pack_names_a_group_it_does_not_name_beside_any_figure(cli, three_groups, reader, fmt):
    case, path = three_groups
    hidden = GROUPS if case == "no headcount" else (PANEL,)
    named = [g for g in GROUPS if g not in hidden]
    lines = pack_lines(written(cli, path, "--for", reader, "--format", fmt))
    text = "\n".join(lines)
    # One sentence says which groups are named and why: the real reason.
    if case == "no headcount":
        rule = "We name no group beside what it said, because nobody counted how many people came from each group."
    else:
        rule = (
            f"We name {RESIDENTS} and {OFFICERS} beside what they said, but not the other group, "
            "because fewer than 3 people came from it."
        )
    assert rule in text
    assert "We name the group that said each thing" not in text
    # Outside who was in the room and that sentence, a group not named is nowhere: not
    # beside a quote, a count of answers, a tag's share, an average, hands or dots.
    rest = "\n".join(without_who_was_there(lines)).replace(rule, "")
    for group in hidden:
        assert group not in rest, (group, [line for line in lines if group in line])
    # Each tagged quote is there, beside no group it may not be named with, while a
    # group that may be named still is, so the check above can fail.
    for quote, group in tagged_quotes(path).items():
        if reader == "community" and quote not in text:
            continue  # the community pack quotes what the room said, not every tag
        beside = [line for line in lines if quote in line]
        assert beside, quote
        for line in beside:
            others = line.replace(quote, "")
            assert all(g not in others for g in hidden), line
            if group in named and fmt != "docx":
                assert group in others or fmt == "html", line
    if named and reader == "funder":
        assert f"{RESIDENTS} 4" in text  # a named group's count of answers is still given


def test_the_published_site_names_a_group_it_does_not_name_beside_no_figure_and_says_why(cli, three_groups):
    case, path = three_groups
    hidden = GROUPS if case == "no headcount" else (PANEL,)
    result = cli("publish", str(path), "-o", str(path.parent.parent / "site"))
    assert result.exit_code == 0, result.stderr
    site = path.parent.parent / "site"
    page = site / "workshops" / f"{path.stem}.html"
    lines = pack_lines(page)
    text = "\n".join(lines)
    if case == "no headcount":
        assert "because nobody counted how many people came from each group" in text
        assert "fewer than 3" not in text
    else:
        assert "but not the other group, because fewer than 3 people came from it." in text
        assert "nobody counted" not in text
    everything = "\n".join(line for p in sorted(site.rglob("*.html")) for line in pack_lines(p))
    for group in hidden:
        assert group not in everything
    for quote in tagged_quotes(path):
        assert quote in everything


# --- answers carried from an earlier workshop ------------------------------------------------


def test_an_answer_carried_from_an_earlier_workshop_says_so_in_every_report(cli, sessions):
    from tests.test_packs import docx_text, html_lines

    leeds = made(cli, "Strength in Numbers, Leeds", "--date", "2027-01-10", "-g", "c=community", "-g", "p=council")
    add(cli, leeds, "value", "meanings", "c: people feel they belong", "p: money saved")
    again = made(cli, "Leeds again", "--like", leeds.stem, "--date", "2027-07-10")
    add(cli, again, "value", "meanings", "/carry 1", "p: something new")
    mark = f"(carried from {leeds.stem})"
    summary = cli("summary", str(again))
    assert summary.exit_code == 0, summary.stderr
    shown = " ".join(summary.stdout.split())
    # The summary's table wraps the words in their column: the mark is beside the answer.
    assert "people feel they belong (carried from" in shown and f"{leeds.stem})" in shown
    assert shown.count("carried from") == 1
    md = written(cli, again, "--format", "md").read_text(encoding="utf-8")
    assert [line for line in md.splitlines() if "carried from" in line] == [
        f"- 1\\. people feel they belong (community) {mark}"
    ]
    html = [line for line in html_lines(written(cli, again, "--format", "html")) if "carried from" in line]
    assert html == [f"people feel they belong community {mark}"]
    docx = [line for line in docx_text(written(cli, again, "--format", "docx")).splitlines() if "carried from" in line]
    assert len(docx) == 1 and docx[0].endswith(mark) and "people feel they belong" in docx[0]
    rows = list(csv.DictReader(io.StringIO(written(cli, again, "--format", "csv").read_text(encoding="utf-8-sig"))))
    carried = {r["text"]: r["carried_from"] for r in rows if r["kind"] == "capture"}
    assert carried == {"people feel they belong": leeds.stem, "something new": ""}


# --- agreement that cannot be measured --------------------------------------------------------

UNMEASURED = "Hands were not counted by group, so agreement cannot be measured here."


def test_hands_not_counted_by_group_give_one_line_instead_of_a_table_of_too_few(cli, sessions):
    from tests.test_packs import docx_text

    path = made(cli, "Hands", "--date", "2027-07-10", "-g", "c=community", "-g", "p=council", "-g", "f=funders")
    add(cli, path, "sharing", "share-with", "1 1 2 3 3 5 6 7")  # hands counted for the room, not by group
    add(cli, path, "measuring", "importance", "c: 5 5", "p: 2 1", "f: 3")  # by group, but too few
    ratings = "No group had 3 or more ratings behind its figure, so agreement cannot be measured here."
    summary = cli("summary", str(path))
    assert summary.exit_code == 0, summary.stderr
    for text in (
        " ".join(summary.stdout.split()),
        written(cli, path, "--format", "md").read_text(encoding="utf-8"),
        " ".join(docx_text(written(cli, path, "--format", "docx")).split()),
    ):
        assert text.count(UNMEASURED) == 1 and text.count(ratings) == 1
        assert "too few to compare (0)" not in text and "0 of 0" not in text
    from tests.test_packs import html_lines

    lines = html_lines(written(cli, path, "--format", "html"))
    assert lines.count(UNMEASURED) == 1 and lines.count(ratings) == 1
    assert "too few to compare (0)" not in lines


def test_a_table_a_group_can_be_compared_in_is_still_drawn_beside_one_that_cannot(cli, room):
    md = written(cli, room, "--format", "md").read_text(encoding="utf-8")
    assert "| rated 4 or higher | 0.57 | 67% (4 of 6) | 60% (3 of 5) |" in md
    # Two answers from community and one from public sector were tagged: too few to compare.
    assert md.count("cannot be measured here") == 1
    assert "No group had 3 or more answers behind its figure, so agreement cannot be measured here." in md


# --- dates as people write them ------------------------------------------------------------

DUE = [
    "Share our outcomes page; Priya; 2027-09-01",
    "Draft a shared form; Sam; 2/10/2027",
    "Ask the council; Jo; next spring",
    "Book the room; ; 31/02/2027",
]


def test_every_pack_report_and_page_writes_a_due_date_as_people_do_and_keeps_one_it_cannot_read(cli, sessions):
    path = made(cli, "Strength in Numbers, Hull", "--date", "2027-07-10", "--location", "Hull")
    add(cli, path, "sharing", "next", *DUE)
    later = made(cli, "Strength in Numbers, Hull again", "--date", "2027-08-14", "--location", "Hull")
    add(cli, later, "measuring", "today", "c: footfall")
    outputs = [written(cli, path, "--format", fmt) for fmt in ("md", "html", "docx")]
    outputs += [
        written(cli, path, "--for", reader, "--format", fmt)
        for reader in ("community", "funder")
        for fmt in ("md", "html", "docx")
    ]
    outputs += [written(cli, path, str(later), "--format", fmt) for fmt in ("md", "html", "docx")]
    result = cli("publish", str(path), str(later), "-o", str(sessions.parent / "site"))
    assert result.exit_code == 0, result.stderr
    outputs += [sessions.parent / "site" / "workshops" / f"{path.stem}.html", sessions.parent / "site" / "trends.html"]
    for output in outputs:
        text = "\n".join(pack_lines(output))
        assert "1 September 2027" in text and "2 October 2027" in text, output
        assert "2027-09-01" not in text and "2/10/2027" not in text, output
        # What names no day is shown as typed.
        assert "next spring" in text and "31/02/2027" in text, output
    # Many workshops together: each is dated as people write dates, where it was agreed too.
    across = "\n".join(pack_lines(outputs[-5]))
    assert "10 July 2027" in across and "14 August 2027" in across and "2027-07-10" not in across
