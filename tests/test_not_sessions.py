"""Only regular files are sessions, and the catalogue serves only files that are there:
a FIFO, a device and a symbolic-link loop named like sessions are skipped with one line
each (never opened), a file renamed by hand is found by the id `list` shows, and rows of
a deleted duplicate leave search and exports with it."""

from __future__ import annotations

import csv
import io
import os
import shutil

import pytest
from conftest import new_session

from facilitate import store
from facilitate.facilitation import Workshop, save_to

pytestmark = pytest.mark.timeout(30)  # a FIFO that is opened hangs: fail instead


@pytest.fixture
def odd_folder(sessions):
    session, path = new_session(sessions)
    w = Workshop(session, save_to(path))
    w.enter("measuring", "today", "c: a shared outcomes page")
    os.mkfifo(sessions / "2027-06-12-pipe.yaml")
    (sessions / "2027-06-12-loop.yaml").symlink_to("2027-06-12-loop.yaml")
    return session, path


def skipped_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Skipped:")]


def test_list_search_and_summary_all_skip_a_fifo_and_a_link_loop_and_say_so(cli, odd_folder):
    session, _ = odd_folder
    for args in (["list"], ["search", "outcomes"], ["summary", "--all"]):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
        said = skipped_lines(result.stderr)
        assert len(said) == 2, (args, result.stderr)
        assert any("2027-06-12-pipe.yaml is a FIFO" in line and "not opened" in line for line in said)
        assert any("2027-06-12-loop.yaml is a symbolic link that leads round in a loop" in line for line in said)
    assert session.id in cli("list").stdout
    assert "a shared outcomes page" in cli("search", "outcomes").stdout
    assert "All workshops" in cli("summary", "--all").stdout


def test_show_and_add_refuse_a_fifo_named_like_a_session_without_opening_it(cli, odd_folder, sessions):
    for args in (["show", "2027-06-12-pipe"], ["add", "2027-06-12-pipe", "value", "kinds", "1: social"]):
        result = cli(*args)
        assert result.exit_code == 1
        assert (
            result.stderr.strip() == f"{sessions / '2027-06-12-pipe.yaml'} is a FIFO (named pipe), "
            "not a session file; it was not opened."
        )
    result = cli("show", "2027-06-12-loop")
    assert result.exit_code == 1 and "loop" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    # The add did not leave its lock holder behind.
    assert not list(sessions.glob(".2027-06-12-pipe.yaml.*"))
    assert (sessions / "2027-06-12-pipe.yaml").is_fifo()


def test_a_session_file_renamed_by_hand_is_found_by_the_id_list_shows(cli, sessions):
    session, path = new_session(sessions)
    renamed = path.with_name("birmingham-copy-for-rita.yaml")
    path.rename(renamed)
    listed = cli("list", "--json")
    import json

    (only,) = json.loads(listed.stdout)
    assert only["id"] == session.id
    shown = cli("show", only["id"])
    assert shown.exit_code == 0, shown.stderr
    assert "Strength in Numbers, Birmingham" in shown.stdout
    added = cli("add", only["id"], "measuring", "today", "c: found it")
    assert added.exit_code == 0, added.stderr
    assert store.load_session(renamed).exercise("measuring").step("today").answers[0].text == "found it"
    assert not path.exists()


def test_two_files_with_one_id_are_named_rather_than_one_guessed(cli, sessions):
    session, path = new_session(sessions)
    shutil.copy(path, sessions / "a.yaml")
    shutil.copy(path, sessions / "b.yaml")
    path.unlink()
    result = cli("show", session.id)
    assert result.exit_code == 1
    assert "a.yaml, b.yaml" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_rows_of_a_deleted_duplicate_leave_search_and_the_csv_export(cli, sessions, tmp_path):
    session, path = new_session(sessions)
    Workshop(session, save_to(path)).enter("measuring", "today", "c: the original answer")
    copy = sessions / "copy.yaml"
    shutil.copy(path, copy)
    Workshop(store.load_session(copy), save_to(copy)).enter("measuring", "today", "c: only in the copy")
    assert "only in the copy" in cli("search", "copy").stdout
    before = cli("export", "--all", "--format", "csv", "-o", "-").stdout
    assert "only in the copy" in before
    copy.unlink()
    assert cli("search", "copy").stdout.strip() == "Nothing matches."
    after = cli("export", "--all", "--format", "csv", "-o", "-").stdout
    rows = list(csv.DictReader(io.StringIO(after.lstrip("\ufeff"))))
    texts = [r["text"] for r in rows]
    assert "only in the copy" not in texts
    assert texts.count("the original answer") == 1
    found = cli("search", "original")
    assert found.stdout.count("the original answer") == 1


def test_a_link_in_the_folder_to_a_session_there_counts_it_once(cli, sessions, tmp_path):
    session, path = new_session(sessions)
    Workshop(session, save_to(path)).enter("measuring", "today", "c: the one answer")
    (sessions / "alias.yaml").symlink_to(path.name)
    # A link to a session kept elsewhere is a session of the folder, once.
    elsewhere, outside = new_session(tmp_path / "elsewhere", title="Strength in Numbers, Bristol")
    Workshop(elsewhere, save_to(outside)).enter("measuring", "today", "c: the bristol answer")
    (sessions / "bristol.yaml").symlink_to(outside)
    import json

    listed = json.loads(cli("list", "--json").stdout)
    assert sorted(row["id"] for row in listed) == sorted([session.id, elsewhere.id])
    assert cli("search", "answer").stdout.count("the one answer") == 1
    assert "the bristol answer" in cli("search", "bristol").stdout
    overall = cli("--plain", "summary", "--all").stdout
    assert "2 sessions" in overall and "2 answers" in overall
    rows = list(
        csv.DictReader(io.StringIO(cli("export", "--all", "--format", "csv", "-o", "-").stdout.lstrip("\ufeff")))
    )
    assert sorted(r["text"] for r in rows if r["text"]) == ["the bristol answer", "the one answer"]
