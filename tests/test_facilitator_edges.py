"""What a facilitator meets first: dates as they write them, the help text, the list's
counts, and putting trial sessions away (archive, delete, restore)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.mark.parametrize("written", ["2027-07-10", "10/07/2027", "10.7.2027", "10 July 2027", "10 Jul 2027", "10th july 2027"])
def test_new_takes_a_date_day_first_or_with_the_month_named(sessions, cli, written):
    result = cli("new", "Dated", "--date", written)
    assert result.exit_code == 0, result.stderr
    assert Path(result.stdout.strip()).name == "2027-07-10-dated.yaml"


def test_list_since_takes_the_same_date_forms(sessions, cli):
    cli("new", "Early", "--date", "2027-07-01")
    cli("new", "Late", "--date", "2027-07-20")
    for written in ("10/07/2027", "10 Jul 2027"):
        result = cli("list", "--since", written, "--json")
        assert [s["id"] for s in json.loads(result.stdout)] == ["2027-07-20-late"]
    result = cli("list", "--since", "31/02/2027")
    assert result.exit_code == 1 and result.stderr.startswith("--since '31/02/2027' is not a date")


def test_list_counts_every_entry_not_only_free_text_answers(sessions, workshop, cli):
    w, _ = workshop
    w.enter("measuring", "importance", "4 5 3 2")  # four ratings
    w.enter("measuring", "if-nobody-asked", "c: we count heads")
    w.enter("measuring", "priorities", "1x3")  # three dots
    w.enter("value", "words", "p: impact = savings")
    w.enter("sharing", "next", "write it up; Priya")
    result = cli("list")
    header, row = result.stdout.splitlines()
    assert header.split()[-1] == "entries"
    assert row.split()[-1] == "10"
    listed = json.loads(cli("list", "--json").stdout)[0]
    assert listed["entries"] == 10 and listed["answers"] == 1


@pytest.mark.parametrize("command", [("summary", "--all"), ("search", "trust"), ("export", "--all", "-f", "json", "-o", "-"), ("list",)])
def test_commands_reading_many_sessions_name_each_file_they_could_not_read(sessions, workshop, cli, command):
    w, _ = workshop
    w.enter("measuring", "today", "c: trust")
    (sessions / "broken.yaml").write_text("schema: 1\nid: [unclosed\n", encoding="utf-8")
    (sessions / "empty.yaml").write_text("", encoding="utf-8")
    result = cli(*command)
    assert result.exit_code == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("Skipped: ")]
    assert len(skipped) == 2
    assert "broken.yaml" in skipped[0] and "empty.yaml" in skipped[1]
