"""A session file copied and edited by hand keeps the first's id: both files are named
wherever many sessions are read, each answer is placed and dated by its own file, and
the published library, which has one page per id, refuses to choose between them."""

from __future__ import annotations

import json
import re

from conftest import new_session

from facilitate import store
from facilitate.facilitation import Workshop, save_to


def two_files_one_id(sessions):
    session, york = new_session(sessions, title="Strength in Numbers, York")
    Workshop(store.load_session(york), save_to(york)).enter("measuring", "today", "c: said in York")
    leeds = sessions / "leeds.yaml"
    text = york.read_text(encoding="utf-8")
    text = text.replace("date: 2027-06-12", "date: 2027-09-01").replace("location: Birmingham", "location: Leeds")
    leeds.write_text(text.replace("said in York", "said in Leeds"), encoding="utf-8")
    return session.id, york, leeds


def test_list_and_every_reader_of_many_sessions_name_both_files(cli, sessions):
    session_id, york, leeds = two_files_one_id(sessions)
    for args in (["list"], ["summary", "--all"], ["search", "said"], ["export", "--all", "--format", "csv", "-o", "-"]):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
        said = [line for line in result.stderr.splitlines() if "hold session" in line]
        assert len(said) == 1, (args, result.stderr)
        assert f"Two files hold session {session_id}: " in said[0]
        assert str(york) in said[0] and str(leeds) in said[0]
    listed = json.loads(cli("list", "--json").stdout)
    assert sorted(row["location"] for row in listed) == ["Birmingham", "Leeds"]


def test_search_places_and_dates_each_answer_by_its_own_file(cli, sessions):
    session_id, york, leeds = two_files_one_id(sessions)
    # Read without the spaces and breaks the terminal's wrapping puts in.
    found = "".join(cli("--plain", "search", "said").stdout.split())
    york_at = "said in York 2027-06-12 Birmingham · answer 1 in measuring/today · community"
    leeds_at = "said in Leeds 2027-09-01 Leeds · answer 1 in measuring/today · community"
    assert "".join(f"{york_at} · {session_id} ({york.name})".split()) in found
    assert "".join(f"{leeds_at} · {session_id} (leeds.yaml)".split()) in found


def test_publish_refuses_two_files_under_one_id_naming_both(cli, sessions, tmp_path):
    session_id, york, leeds = two_files_one_id(sessions)
    for args in (["--all"], [str(york), str(leeds)]):
        result = cli("publish", *args, "-o", "site", "--sqlite", "library.db")
        assert result.exit_code == 1
        refusal = result.stderr.strip().splitlines()[-1]
        assert "both hold session" in refusal and york.name in refusal and leeds.name in refusal
        assert not (tmp_path / "site").exists() and not (tmp_path / "library.db").exists()
    # The same file named twice is still one session.
    assert cli("publish", str(york), str(york), "-o", "site").exit_code == 0


def test_a_summary_of_named_files_reads_each_from_its_own_file(cli, sessions):
    session_id, york, leeds = two_files_one_id(sessions)
    for date in ("2027-09-01", "2027-01-01"):  # the copy listed after the first, then before it
        leeds.write_text(
            re.sub(r"(?m)^date: .*$", f"date: {date}", leeds.read_text(encoding="utf-8"), count=1), encoding="utf-8"
        )
        for path, place in ((york, "Birmingham"), (leeds, "Leeds")):
            shown = cli("--plain", "summary", str(path), str(path)).stdout
            assert shown.startswith(f"Workshops together: {place}, {place}\n"), shown[:80]
