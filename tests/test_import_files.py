"""Importing the files people really have: cells with line breaks, UTF-16 and UTF-8 with
or without a byte-order mark, a binary file by mistake, a file without a text column,
a cell too big to be an answer, and twenty thousand rows."""

from __future__ import annotations

import re

import pytest
from conftest import new_session

from facilitate import store

ROWS = [("c", "line one\nline two"), ("p", "Café “quotes” 🎉"), ("", 'a "quoted" answer, with a comma')]


def _csv(rows, newline="\r\n") -> str:
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    return newline.join(["group,text", *(f"{cell(g)},{cell(t)}" for g, t in rows)]) + newline


def _answers(path):
    return [(a.group, a.text) for a in store.load_session(path).exercise("measuring").step("today").answers]


EXPECTED = [
    ("community", "line one\nline two"),
    ("public sector", "Café “quotes” 🎉"),
    (None, 'a "quoted" answer, with a comma'),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"])
def test_import_keeps_newlines_in_a_cell_in_any_unicode_encoding(sessions, cli, tmp_path, encoding):
    session, path = new_session(sessions)
    sheet = tmp_path / "notes.csv"
    text = _csv(ROWS)
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    sheet.write_bytes(data)
    result = cli("import", session.id, "measuring", "today", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert "Added 3 of 3 rows" in result.stdout
    assert _answers(path) == EXPECTED


def test_import_refuses_a_binary_file_in_one_line(sessions, cli, tmp_path):
    session, path = new_session(sessions)
    sheet = tmp_path / "notes.xlsx"
    sheet.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4)
    before = path.read_bytes()
    result = cli("import", session.id, "measuring", "today", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{sheet} is not a text file; save the spreadsheet as CSV (UTF-8) and import that. Nothing was imported."
    ]
    assert path.read_bytes() == before


def test_import_refuses_a_file_without_a_text_column(sessions, cli, tmp_path):
    session, path = new_session(sessions)
    sheet = tmp_path / "groups.csv"
    sheet.write_text("group\nc\np\n", encoding="utf-8")
    result = cli("import", session.id, "measuring", "today", str(sheet))
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == "The file has no column for the text, only group; add one, or name it with --text-column."
    )
    result = cli("import", session.id, "measuring", "today", str(sheet), "--text-column", "comment")
    assert result.exit_code == 1 and "There is no column 'comment' for the text" in result.stderr
    assert _answers(path) == []


def test_import_takes_the_first_column_that_is_not_the_group(sessions, cli, tmp_path):
    session, path = new_session(sessions)
    sheet = tmp_path / "notes.csv"
    sheet.write_text("group,comment\nc,we need trust\n", encoding="utf-8")
    assert cli("import", session.id, "measuring", "today", str(sheet)).exit_code == 0
    assert _answers(path) == [("community", "we need trust")]


def test_import_names_the_row_of_an_oversized_cell(sessions, cli, tmp_path):
    session, path = new_session(sessions)
    sheet = tmp_path / "big.csv"
    sheet.write_text(_csv([("c", "fine"), ("p", "also\nfine"), ("c", "x" * 2_000_000)]), encoding="utf-8")
    before = path.read_bytes()
    result = cli("import", session.id, "measuring", "today", str(sheet))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{sheet}: row 4 has a cell of more than 1,000,000 characters")
    assert path.read_bytes() == before
    sheet.write_text(_csv([("c", "y" * 200_000)]), encoding="utf-8")
    assert cli("import", session.id, "measuring", "today", str(sheet)).exit_code == 0
    assert len(_answers(path)[0][1]) == 200_000


def test_twenty_thousand_rows_import_and_are_saved_once(sessions, cli, tmp_path, monkeypatch):
    session, path = new_session(sessions)
    sheet = tmp_path / "many.csv"
    sheet.write_text(_csv([("cp"[n % 2], f"answer {n}") for n in range(20_000)]), encoding="utf-8")
    saves = []
    real_save = store.save_session
    monkeypatch.setattr(store, "save_session", lambda s, p: (saves.append(p), real_save(s, p)))
    # How long it takes is measured in bench/large.py, not here.
    result = cli("import", session.id, "measuring", "today", str(sheet))
    assert result.exit_code == 0 and "Added 20000 of 20000 rows" in result.stdout
    assert len(saves) == 1
    answers = _answers(path)
    assert len(answers) == 20_000 and answers[-1] == ("public sector", "answer 19999")
    ids = [a.id for a in store.load_session(path).exercise("measuring").step("today").answers]
    assert len(set(ids)) == 20_000


@pytest.mark.parametrize("command", ["show", "summary"])
def test_a_long_step_lists_every_answer_once_in_order(sessions, cli, tmp_path, command):
    # Long lists are printed in pieces of a hundred lines: no answer is lost, repeated
    # or parted from the next by a blank line where two pieces meet.
    session, path = new_session(sessions)
    sheet = tmp_path / "many.csv"
    sheet.write_text(_csv([("cp"[n % 2], f"answer {n}") for n in range(450)]), encoding="utf-8")
    assert cli("import", session.id, "measuring", "today", str(sheet)).exit_code == 0
    result = cli(command, session.id)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    numbered = [n for n, line in enumerate(lines) if re.search(r"\banswer \d+\b", line)]
    said = [int(re.search(r"\banswer (\d+)\b", lines[n]).group(1)) for n in numbered]
    # `show` lists them under the capture step and again under the step that tags them.
    listings = len(said) // 450
    assert listings >= 1 and said == list(range(450)) * listings
    for listing in range(listings):
        run = numbered[listing * 450 : (listing + 1) * 450]
        assert run == list(range(run[0], run[0] + 450))


def test_one_windows_byte_in_a_utf8_file_is_read_on_its_own_row_and_said(sessions, cli, tmp_path):
    session, path = new_session(sessions)
    sheet = tmp_path / "mixed.csv"
    lines = ["group,text", "c,café culture", "p,costs \xa35 a head", "c,another café"]
    sheet.write_bytes(b"\r\n".join(line.encode("cp1252" if "\xa3" in line else "utf-8") for line in lines) + b"\r\n")
    result = cli("import", session.id, "measuring", "today", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert _answers(path) == [
        ("community", "café culture"),
        ("public sector", "costs £5 a head"),
        ("community", "another café"),
    ]
    assert result.stderr.strip().splitlines() == [
        f"{sheet}: 1 row (3) held characters that are not UTF-8 and were read as Windows-1252; "
        "check their text in the session."
    ]


def test_a_row_with_more_cells_than_the_header_is_refused_naming_its_row_and_line(sessions, cli, tmp_path):
    session, path = new_session(sessions)
    sheet = tmp_path / "shifted.csv"
    sheet.write_text('group,text\nc,"two\nlines"\np,we need trust, and time\n', encoding="utf-8")
    before = path.read_bytes()
    result = cli("import", session.id, "measuring", "today", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "row 3 (line 4 of the file) has 3 cells but the header names 2 columns, so a cell would be lost "
        "(perhaps a comma in the text without quotes round it); fix that row and import again. Nothing was imported."
    ]
    assert path.read_bytes() == before
    # An empty cell at the end of a row, as some programs write, loses nothing.
    sheet.write_text("group,text\nc,we need trust,\n", encoding="utf-8")
    assert cli("import", session.id, "measuring", "today", str(sheet)).exit_code == 0
    assert _answers(path) == [("community", "we need trust")]
