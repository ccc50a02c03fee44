"""A session with nothing captured (made by trying the README's first command, or never
run) is marked "empty" by `list`, and left out of `summary --all`, `export --all` and
`publish --all` (saying so) unless it is named."""

from __future__ import annotations

import json
from pathlib import Path


def _two(cli):
    full = Path(cli("new", "Leeds day", "--date", "2027-07-10", "--location", "Leeds").stdout.strip())
    assert cli("add", str(full), "measuring", "today", "c: footfall", "p: KPIs").exit_code == 0
    tried = Path(cli("new", "Trying it out", "--date", "2027-07-11").stdout.strip())
    return full, tried


def test_list_marks_a_session_with_nothing_captured_as_empty(sessions, cli):
    full, tried = _two(cli)
    lines = cli("list").stdout.splitlines()
    (empty_line,) = [line for line in lines if line.startswith(tried.stem)]
    (full_line,) = [line for line in lines if line.startswith(full.stem)]
    assert empty_line.rstrip().endswith("empty")
    assert full_line.rstrip().endswith("2") and "empty" not in full_line
    # The JSON keeps the number, for other tools.
    data = {d["id"]: d["entries"] for d in json.loads(cli("list", "--json").stdout)}
    assert data == {full.stem: 2, tried.stem: 0}


def test_summary_of_all_leaves_an_empty_session_out_unless_named(sessions, cli):
    full, tried = _two(cli)
    result = cli("--plain", "summary", "--all")
    assert result.exit_code == 0
    assert f"Left out 1 session with nothing captured ({tried.stem})" in result.stderr
    assert "Trying it out" not in result.stdout and tried.stem not in result.stdout
    assert "Leeds" in result.stdout
    exported = json.loads(cli("export", "--all", "--format", "json", "-o", "-").stdout)
    assert [s["id"] for s in exported["summary"]["sessions"]] == [full.stem]
    named = cli("--plain", "summary", str(full), str(tried))
    assert named.exit_code == 0 and "Left out" not in named.stderr
    assert tried.stem in named.stdout or "Trying it out" in named.stdout


def test_publish_all_leaves_an_empty_session_out_unless_named(sessions, cli, tmp_path):
    full, tried = _two(cli)
    site = tmp_path / "site"
    result = cli("publish", "--all", "-o", str(site))
    assert result.exit_code == 0, result.stderr
    assert f"Left out 1 session with nothing captured ({tried.stem})" in result.stderr
    pages = {p.stem for p in (site / "workshops").glob("*.html")}
    assert full.stem in pages and tried.stem not in pages
    assert "Trying it out" not in (site / "index.html").read_text(encoding="utf-8")
    named = tmp_path / "named"
    assert cli("publish", str(full), str(tried), "-o", str(named)).exit_code == 0
    assert tried.stem in {p.stem for p in (named / "workshops").glob("*.html")}
