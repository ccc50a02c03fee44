"""Numbers given to options: read as the ASCII digits each allows, a bounded number of
them, and anything else refused in one line that names the option, never typer's
usage box. A 5,000-digit value or a superscript `²` used to end in "Invalid value for
'--limit'" in a box, and `search --limit -1` quietly showed everything."""

from __future__ import annotations

from pathlib import Path

import pytest

LONG = "9" * 5000


def refusal(result) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Usage" not in result.stderr and "Traceback" not in result.stderr
    assert len(lines[0]) < 300
    return lines[0]


def _session(sessions: Path, workshop) -> str:
    w, path = workshop
    w.enter("measuring", "today", "c: we count heads")
    w.enter("measuring", "today", "p: we count heads too")
    return str(path)


# Each option, the command it belongs to (given the session's path) and a word the
# refusal must use to say what is wanted.
OPTIONS = {
    "search --limit": lambda path: ("search", "heads", "--limit"),
    "export --small-group": lambda path: ("export", path, "-f", "md", "--for", "community", "--small-group"),
    "export --small-group (facilitator)": lambda path: ("export", path, "-f", "md", "--small-group"),
    "publish --small-group": lambda path: ("publish", path, "-o", "site", "--small-group"),
    "present --port": lambda path: ("present", path, "--browser", "--no-open", "--port"),
}


@pytest.mark.parametrize("value", [LONG, "²", "-1", "3.5", "x", ""])
@pytest.mark.parametrize("option", OPTIONS)
def test_a_number_option_refuses_what_is_not_its_digits_in_one_line(sessions, workshop, cli, option, value):
    path = _session(sessions, workshop)
    before = Path(path).read_bytes()
    line = refusal(cli(*OPTIONS[option](path), value))
    name = option.split()[1]
    assert line.startswith(f"{name} ")
    assert "whole number" in line
    if value == LONG:
        assert "…" in line  # quoted back shortened, not 5,000 digits
    assert Path(path).read_bytes() == before
    assert not (sessions.parent / "site").exists()
    assert sorted(p.name for p in sessions.iterdir()) == [Path(path).name]


def test_search_limit_of_one_shows_the_newest_and_zero_shows_all(sessions, workshop, cli):
    _session(sessions, workshop)
    one = cli("search", "heads", "--limit", "1")
    assert one.exit_code == 0, one.stderr
    assert one.stdout.strip().endswith("2 found (showing the newest 1; --limit 0 shows all).")
    every = cli("search", "heads", "--limit", "0")
    assert every.exit_code == 0 and every.stdout.strip().endswith("2 found.")
    assert cli("search", "heads").stdout.strip().endswith("2 found.")


def test_a_small_group_given_as_digits_is_used(sessions, workshop, cli):
    path = _session(sessions, workshop)
    pack = cli("export", path, "-f", "md", "--for", "community", "--small-group", "2", "-o", "-")
    assert pack.exit_code == 0, pack.stderr
    published = cli("publish", path, "-o", "site", "--small-group", "2")
    assert published.exit_code == 0, published.stderr
    assert (sessions.parent / "site" / "index.html").exists()


def test_a_good_port_is_accepted_before_the_session_is_looked_for(sessions, cli):
    # No page is served in a test: the session is missing, so the port was read and
    # it is the session that is refused.
    line = refusal(cli("present", "no-such-session", "--browser", "--no-open", "--port", "8080"))
    assert "no-such-session" in line and "--port" not in line


@pytest.mark.parametrize("command", [("publish",), ("export",), ("search",), ("present",)])
def test_help_names_number_options_plainly(cli, command):
    text = cli(*command, "--help").stdout
    assert "x>=" not in text and "INTEGER" not in text and "<int>" not in text


def test_since_quotes_a_long_value_shortened(sessions, cli):
    line = refusal(cli("list", "--since", LONG))
    assert line.startswith("--since '999") and "…" in line


def test_an_empty_since_is_refused_as_date_is(sessions, cli):
    # An empty --since once listed every session, as if it had not been given.
    assert refusal(cli("list", "--since", "")).startswith("--since '' is not a date")
    assert refusal(cli("new", "A title", "--date", "")).startswith("--date '' is not a date")


@pytest.mark.parametrize(
    ("step", "line"),
    [
        ("importance", LONG),
        ("importance", "²"),
        ("importance", "4x" + LONG),
        ("today", "zz: an answer"),
        ("for-whom", LONG + ": funders"),
        ("today", "/private " + LONG),
    ],
)
def test_a_typed_line_is_quoted_back_short_when_refused(sessions, workshop, cli, step, line):
    path = _session(sessions, workshop)
    before = Path(path).read_bytes()
    said = refusal(cli("add", path, "measuring", step, line))
    assert said.count("'") >= 2 and ("…" in said or len(line) < 30)
    assert Path(path).read_bytes() == before
