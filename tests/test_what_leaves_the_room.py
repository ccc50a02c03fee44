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
