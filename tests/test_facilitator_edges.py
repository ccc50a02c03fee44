"""What a facilitator meets first: dates as they write them, the help text, the list's
counts, and putting trial sessions away (archive, delete, restore)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    "written", ["2027-07-10", "10/07/2027", "10.7.2027", "10 July 2027", "10 Jul 2027", "10th july 2027"]
)
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


@pytest.mark.parametrize(
    "command", [("summary", "--all"), ("search", "trust"), ("export", "--all", "-f", "json", "-o", "-"), ("list",)]
)
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


# --- archive, delete, restore ------------------------------------------------------------------


def _listed(cli, *extra) -> list[str]:
    return [s["id"] for s in json.loads(cli("list", "--json", *extra).stdout)]


def test_archive_takes_a_session_out_of_the_list_and_keeps_it(sessions, cli):
    from facilitate import store

    kept = Path(cli("new", "Kept", "--date", "2027-06-01").stdout.strip())
    trial = Path(cli("new", "Trial", "--date", "2027-06-02").stdout.strip())
    result = cli("archive", trial.stem)
    assert result.exit_code == 0 and "Archived 2027-06-02-trial" in result.stdout
    assert "archived: true" in trial.read_text(encoding="utf-8")
    assert "archived" not in kept.read_text(encoding="utf-8")  # written only when set
    assert store.load_session(trial).archived
    assert _listed(cli) == [kept.stem]
    assert _listed(cli, "--archived") == [trial.stem]
    assert cli("archive", trial.stem).stdout.strip() == "2027-06-02-trial is already archived."
    assert cli("archive", trial.stem, "--undo").exit_code == 0
    assert _listed(cli) == [trial.stem, kept.stem]
    assert "archived" not in trial.read_text(encoding="utf-8")


def test_run_does_not_offer_an_archived_session(sessions, cli):
    import pexpect
    from helpers import start

    trial = Path(cli("new", "Trial run", "--date", "2027-06-02").stdout.strip())
    cli("new", "The real one", "--date", "2027-06-03")
    cli("archive", trial.stem)
    child = start(sessions, "run")
    child.expect("Which workshop")
    child.expect("Start a new workshop")
    assert "Trial run" not in child.before
    assert "The real one" in child.before
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


def test_delete_asks_first_and_moves_the_file_aside(sessions, cli):
    path = Path(cli("new", "Trial", "--date", "2027-06-02").stdout.strip())
    original = path.read_bytes()
    result = cli("delete", path.stem, input="n\n")
    assert result.exit_code == 1
    assert "was not deleted. To delete without a question, add --yes." in result.stderr
    assert path.read_bytes() == original
    result = cli("delete", path.stem, input="y\n")
    assert result.exit_code == 0, result.stderr
    assert not path.exists()
    assert (sessions / ".deleted" / path.name).read_bytes() == original
    assert _listed(cli) == []
    assert cli("show", path.stem).exit_code == 1


def test_delete_with_yes_asks_nothing_and_restore_brings_it_back(sessions, cli):
    path = Path(cli("new", "Trial", "--date", "2027-06-02").stdout.strip())
    original = path.read_bytes()
    result = cli("delete", path.stem, "--yes")
    assert result.exit_code == 0 and "facilitate restore 2027-06-02-trial" in result.stdout
    result = cli("restore", path.stem)
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == original
    assert not (sessions / ".deleted" / path.name).exists()
    assert _listed(cli) == [path.stem]


def test_restore_never_overwrites_and_says_what_there_is(sessions, cli):
    path = Path(cli("new", "Trial", "--date", "2027-06-02").stdout.strip())
    cli("delete", path.stem, "--yes")
    again = Path(cli("new", "Trial", "--date", "2027-06-02").stdout.strip())
    assert again == path
    fresh = path.read_bytes()
    result = cli("restore", path.stem)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("was not restored over it; rename or delete that one first.")
    assert path.read_bytes() == fresh
    # Deleting the second keeps both deleted copies, and names the one just deleted.
    said = cli("delete", path.stem, "--yes").stdout
    assert len(list((sessions / ".deleted").glob("2027-06-02-trial*.yaml"))) == 2
    stem = said.split("`facilitate restore ")[1].split("`")[0]
    assert stem != path.stem and (sessions / ".deleted" / f"{stem}.yaml").read_bytes() == fresh
    # It comes back under its own id, so `list` finds it once, by that id.
    assert cli("restore", stem).exit_code == 0
    assert path.read_bytes() == fresh
    assert _listed(cli) == [path.stem]
    result = cli("restore", "no-such-session")
    assert result.exit_code == 1
    assert "There is no deleted session 'no-such-session'" in result.stderr
    assert "2027-06-02-trial" in result.stderr


def test_delete_refuses_a_session_that_run_has_open(sessions, cli):
    import pexpect
    from helpers import spawn

    path = Path(cli("new", "Live", "--date", "2027-06-02").stdout.strip())
    child = spawn(path.stem, sessions)
    result = cli("delete", path.stem, "--yes")
    assert result.exit_code == 1 and "is in use by `facilitate run`" in result.stderr
    assert path.exists()
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


# --- the help and the tool's own options -------------------------------------------------------


def test_help_shows_plain_metavars_and_no_type_names(cli):
    from facilitate.cli import app

    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    seen = ""
    for command in [*commands, "exercises list"]:
        result = cli(*command.replace("_", "-").split(), "--help")
        assert result.exit_code == 0, command
        seen += result.stdout
        assert "<" not in result.stdout and "{" not in result.stdout, (command, result.stdout)
    for metavar in ("TITLE", "DATE", "KEY=NAME", "KEY=N", "SESSION", "PLACE", "N ", "FORMAT", "LINES..."):
        assert metavar in seen, metavar
    assert "Usage: root new [OPTIONS] TITLE" in cli("new", "--help").stdout.replace("facilitate", "root")


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--plain"),
        ("list", "--json", "--plain"),
        ("list", "--sessions-dir", "{other}"),
        ("list", "--sessions-dir={other}"),
        ("exercises", "list", "--plain"),
        ("show", "{id}", "--plain", "--sessions-dir", "{other}"),
    ],
)
def test_the_tools_own_options_also_work_after_the_command(sessions, tmp_path, cli, args):
    other = tmp_path / "elsewhere"
    other.mkdir()
    made = Path(cli("--sessions-dir", str(other), "new", "Elsewhere", "--date", "2027-06-12").stdout.strip())
    result = cli(*(a.format(other=other, id=made.stem) for a in args))
    assert result.exit_code == 0, result.stderr + result.stdout
    if "--sessions-dir" in " ".join(args) and args[0] != "show":
        assert made.stem in result.stdout


def test_hoisting_leaves_lines_and_values_alone():
    from facilitate.ui.commands import hoist_global_options as _hoist_global_options

    assert _hoist_global_options(["add", "s", "e", "p", "--", "--plain"]) == ["add", "s", "e", "p", "--", "--plain"]
    assert _hoist_global_options(["--sessions-dir", "x", "list", "--plain"]) == [
        "--sessions-dir",
        "x",
        "--plain",
        "list",
    ]
    assert _hoist_global_options(["new", "T", "--date", "2027-01-01", "--plain"]) == [
        "--plain",
        "new",
        "T",
        "--date",
        "2027-01-01",
    ]


def test_a_mistyped_sessions_folder_is_never_created_and_a_file_is_refused(tmp_path, cli):
    missing = tmp_path / "sesions"
    result = cli("--sessions-dir", str(missing), "list")
    assert result.exit_code == 0 and "No sessions in" in result.stdout
    assert not missing.exists()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    result = cli("--sessions-dir", str(a_file), "list")
    assert result.exit_code == 1
    expected = f"{a_file} is a file, not a folder of sessions; give the folder with --sessions-dir."
    assert result.stderr.strip() == expected


def test_dates_take_ascii_digits_only(sessions, cli):
    result = cli("new", "X", "--date", "１０/07/2027")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def test_a_negative_headcount_written_by_hand_is_refused_with_its_field(sessions, cli):
    path = cli("new", "X", "--date", "2027-07-10", "--headcount", "c=5").stdout.strip()
    text = open(path, encoding="utf-8").read().replace("community: 5", "community: -5")
    open(path, "w", encoding="utf-8").write(text)
    result = cli("show", path)
    assert result.exit_code == 1
    assert "headcount" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_one_of_everything_reads_in_the_singular(sessions, cli):
    path = cli("new", "One", "--date", "2027-10-01").stdout.strip()
    cli("add", path, "measuring", "importance", "4")
    cli("add", path, "measuring", "today", "c: only")
    for fmt in ("md", "html"):
        report = cli("export", path, "-f", fmt, "-o", "-").stdout
        assert "1 answer captured" in report and "1 response" in report
        assert "1 answers" not in report and "1 responses" not in report
    together = cli("export", "--all", "-f", "md", "-o", "-").stdout
    assert "1 workshop;" in together and "1 workshops" not in together
