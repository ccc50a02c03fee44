"""The commands as a facilitator types them: new, add, show, list, exercises, --help.

Each test reads back the session file that the command wrote."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from facilitate import store
from facilitate.folder import session_path


def only_session(folder):
    files = store.session_files(folder)
    assert len(files) == 1
    return files[0]


def test_new_with_defaults_writes_the_whole_plan(sessions, cli):
    result = cli("new", "Strength in Numbers, Birmingham", "--date", "2027-06-12", "--location", "Birmingham")
    assert result.exit_code == 0, result.stderr
    path = only_session(sessions)
    assert result.stdout.strip() == str(path)
    assert path.name == "2027-06-12-strength-in-numbers-birmingham.yaml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    session = store.load_session(path)
    assert [g.key for g in session.groups] == ["c", "p"]
    assert [g.name for g in session.groups] == ["community", "public sector"]
    assert [a.exercise for a in session.agenda] == ["measuring", "value", "sharing"]
    assert all(s.status == "todo" for e in session.exercises for s in e.steps)
    # The definitions are copied in, so the file stands alone.
    assert session.exercise("value").definition.step("kinds").options[1].name == "public-cost saving"


def test_new_ids_are_unique_and_options_are_kept(sessions, cli):
    args = (
        "new",
        "Leeds: round two!",
        "--date",
        "2027-09-01",
        "--group",
        "v=voluntary sector",
        "--group",
        "f=funders",
        "--exercise",
        "value",
        "--facilitator",
        "Sam",
    )
    first = cli(*args)
    second = cli(*args)
    assert first.stdout.strip().endswith("2027-09-01-leeds-round-two.yaml")
    assert second.stdout.strip().endswith("2027-09-01-leeds-round-two-2.yaml")
    session = store.load_session(session_path("2027-09-01-leeds-round-two-2", sessions))
    assert [(g.key, g.name) for g in session.groups] == [("v", "voluntary sector"), ("f", "funders")]
    assert [e.id for e in session.exercises] == ["value"]
    assert session.facilitator == "Sam"


def test_new_refusals(sessions, cli):
    for args, fragment in [
        (("new", "X", "--exercise", "nope"), "There is no exercise 'nope'"),
        (("new", "X", "--group", "community"), "should be KEY=NAME"),
        (("new", "X", "--group", "1=one"), "should be a letter"),
        (("new", "X", "--date", "06/13/2027"), "is not a date"),
        (("new", "X", "--group", "c=a", "--group", "c=b"), "'c' is already the key of a; give each group its own key."),
        (("new", "X", "--group", "c=a", "--group", "d=a"), "'a' is already the name of group c"),
        (
            ("new", "X", "--group", "c=community", "--group", "C=councils"),
            "The group keys 'c' and 'C' differ only in capital letters; give each group a key of its own.",
        ),
        (
            ("new", "X", "--group", "c=community", "--group", "d=Community"),
            "The group names 'community' and 'Community' differ only in capital letters",
        ),
    ]:
        result = cli(*args)
        assert result.exit_code == 1
        assert fragment in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert store.session_files(sessions) == []


def test_whole_workshop_through_add(sessions, cli):
    """The issue's acceptance: one `add` per step with DESIGN.md's grammar examples."""
    path = cli(
        "new", "Strength in Numbers, Birmingham", "--group", "c=community", "--group", "p=public sector"
    ).stdout.strip()
    s = path
    steps = [
        ("measuring", "importance", ["4 5 3 3", "p: 2 3", "5x3"]),
        (
            "measuring",
            "today",
            ["c: Attendance counts, because the council asks", "p: KPIs for the contract", "Stories from families"],
        ),
        ("measuring", "for-whom", ["1: funders commissioners", "2: 2", "3: the people our own"]),
        ("measuring", "if-nobody-asked", ["c: how confident people feel", "p: whether trust grows"]),
        ("measuring", "priorities", ["1 2 2", "1x4"]),
        ("value", "meanings", ["c: people feel less alone", "p: it saves the NHS money", "local jobs"]),
        ("value", "kinds", ["3: 1 4", "1: social well", "2: public"]),
        (
            "value",
            "words",
            [
                "p: impact = savings against our targets",
                "c: impact = lasting change",
                "social value = the reason we exist",
            ],
        ),
        ("value", "adopt", ["3 1 1 2", "3x4"]),
        ("sharing", "share-with", ["1 3 3", "c: 2", "2x6"]),
        ("sharing", "barriers", ["no time to write it up", "fear of losing the grant"]),
        ("sharing", "barrier-kinds", ["1: capac", "2: fear trust"]),
        ("sharing", "would-help", ["one shared form", "a place to publish"]),
        ("sharing", "priorities", ["2 2 1"]),
        ("sharing", "next", ["share our outcomes page; Priya; end of March", "ask about shared measures; Tom"]),
    ]
    for exercise, step, lines in steps:
        result = cli("add", s, exercise, step, *lines)
        assert result.exit_code == 0, (exercise, step, result.stderr)

    session = store.load_session(session_path(s, sessions))
    m, v, sh = (session.exercise(e) for e in ("measuring", "value", "sharing"))
    assert [(r.value, r.group) for r in m.step("importance").responses] == (
        [(4, None), (5, None), (3, None), (3, None), (2, "public sector"), (3, "public sector")] + [(5, None)] * 3
    )
    today = m.step("today").answers
    assert [(a.text, a.group) for a in today] == [
        ("Attendance counts, because the council asks", "community"),
        ("KPIs for the contract", "public sector"),
        ("Stories from families", None),
    ]
    assert [a.tags for a in today] == [
        ["funders", "commissioners"],
        ["commissioners"],
        ["the people we work with", "our own team"],
    ]
    assert [a.votes for a in m.step("if-nobody-asked").answers] == [5, 2]
    meanings = v.step("meanings").answers
    assert [a.tags for a in meanings] == [
        ["social / community", "wellbeing / personal"],
        ["public-cost saving"],
        ["financial / cash", "social / community"],
    ]
    assert [a.votes for a in meanings] == [2, 1, 5]
    impact = v.step("words").terms[0]
    assert impact.term == "impact"
    assert [(x.group, x.meaning) for x in impact.meanings] == [
        ("public sector", "savings against our targets"),
        ("community", "lasting change"),
    ]
    choices = [(r.choice, r.group) for r in sh.step("share-with").responses]
    assert choices[:4] == [
        ("funders", None),
        ("the people we work with", None),
        ("the people we work with", None),
        ("commissioners", "community"),
    ]
    assert choices.count(("commissioners", None)) == 6
    assert [a.tags for a in sh.step("barriers").answers] == [["capacity"], ["fear of bad results", "trust"]]
    assert [(a.action, a.owner, a.due) for a in sh.step("next").actions] == [
        ("share our outcomes page", "Priya", "end of March"),
        ("ask about shared measures", "Tom", None),
    ]

    shown = cli("show", s)
    assert shown.exit_code == 0
    for fragment in (
        "Attendance counts, because the council asks",
        "savings against our targets",
        "share our outcomes page; owner: Priya; due: end of March",
        "9 responses, average 3.9",
        "1. Attendance counts",
    ):
        assert fragment in shown.stdout


def test_add_refused_line_changes_nothing_and_exits_1(sessions, cli):
    s = cli("new", "X", "--date", "2027-01-01").stdout.strip()
    cli("add", s, "measuring", "today", "first")
    before = open(s, "rb").read()
    result = cli("add", s, "measuring", "importance", "9")
    assert result.exit_code == 1
    assert result.stderr.strip() == "'9' not saved. 9 is off the scale: it goes from 1 to 5. Nothing was saved."
    assert open(s, "rb").read() == before
    result = cli("add", s, "measuring", "today", "second", "/private 7", "third")
    assert result.exit_code == 1
    assert (
        "Line 2 ('/private 7') not saved. There is no answer 7: answers go from 1 to 2. Line 1 was saved."
        in result.stderr
    )
    texts = [a.text for a in store.load_session(session_path(s, sessions)).exercise("measuring").step("today").answers]
    assert texts == ["first", "second"]


def test_add_unknown_exercise_or_step(sessions, cli):
    s = cli("new", "X").stdout.strip()
    result = cli("add", s, "nope", "today", "x")
    assert result.exit_code == 1 and "has no exercise 'nope'" in result.stderr
    result = cli("add", s, "measuring", "nope", "x")
    assert result.exit_code == 1 and "has no step 'nope'; its steps are: importance, today" in result.stderr


def test_add_list_and_help(sessions, cli):
    s = cli("new", "X").stdout.strip()
    result = cli("add", s, "measuring", "today", "c: one", "/list", "/help")
    assert "1. one  (community)" in result.stdout
    assert "An empty line ends the step" in result.stdout


def test_add_refused_while_another_process_holds_the_session(sessions, cli):
    s = cli("new", "X").stdout.strip()
    from pathlib import Path

    with store.session_lock(Path(s), "facilitate run"):
        result = cli("add", s, "measuring", "today", "hello")
    assert result.exit_code == 1
    assert "is in use by `facilitate run`" in result.stderr


def test_show_and_list_with_bad_files(sessions, cli):
    cli("new", "Good one", "--date", "2027-01-01", "--location", "Leeds")
    (sessions / "broken.yaml").write_text("schema: 1\nid: [\n", encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 0
    assert "2027-01-01-good-one" in result.stdout and "Leeds" in result.stdout
    assert "Skipped: " in result.stderr and "broken.yaml" in result.stderr
    result = cli("show", "broken")
    assert result.exit_code == 1
    assert result.stderr.startswith(str(sessions / "broken.yaml"))
    assert "Traceback" not in result.stderr + result.stdout


def test_list_when_empty(sessions, cli):
    result = cli("list")
    assert result.exit_code == 0 and "No sessions in" in result.stdout


def test_exercises_commands(sessions, cli, tmp_path):
    listed = cli("exercises", "list").stdout
    assert [line.split()[0] for line in listed.splitlines()] == ["measuring", "value", "sharing"]
    shown = cli("exercises", "show", "value").stdout
    assert "public-cost saving: An estimate, in pounds" in shown
    ok = tmp_path / "mine.yaml"
    ok.write_text(
        "id: mine\ntitle: Our own\nminutes: 10\nsteps:\n  - id: q\n    kind: capture\n    prompt: What?\n",
        encoding="utf-8",
    )
    result = cli("exercises", "validate", str(ok))
    assert result.exit_code == 0 and "is valid" in result.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\ntitle: Bad\nminutes: 10\nsteps:\n  - id: t\n    kind: tag\n    prompt: Tag?\n", encoding="utf-8"
    )
    result = cli("exercises", "validate", str(bad))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{bad}: steps[0]: a tag step needs options (line 5). Fix the file or restore a copy."
    )


def test_user_exercise_folder_beside_sessions(sessions, cli):
    folder = sessions.parent / "exercises"
    folder.mkdir()
    (folder / "check-in.yaml").write_text(
        "id: check-in\ntitle: Check in\nminutes: 5\nsteps:\n  - id: mood\n    kind: scale\n"
        "    prompt: How are you?\n    min: 1\n    max: 3\n",
        encoding="utf-8",
    )
    assert "check-in" in cli("exercises", "list").stdout
    s = cli("new", "X", "--exercise", "check-in").stdout.strip()
    assert cli("add", s, "check-in", "mood", "3 2").exit_code == 0


def test_version(cli):
    from facilitate import __version__

    result = cli("--version")
    assert result.stdout.strip() == f"facilitate {__version__}"


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys\n"
        "sys.argv = ['facilitate', '--help']\n"
        "from facilitate.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = {'questionary', 'prompt_toolkit', 'yaml', 'jinja2', 'tinydb', 'docx', 'pydantic'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_module_entry_point_gives_one_line_errors(sessions):
    result = subprocess.run(
        [sys.executable, "-m", "facilitate", "show", "../x"],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert result.returncode == 1
    assert result.stderr.strip().endswith("Give a path to a .yaml file instead.")


def test_new_records_headcount(sessions, cli):
    path = cli("new", "X", "--headcount", "c=14", "--headcount", "p=6").stdout.strip()
    assert store.load_session(session_path(path, sessions)).headcount == {"community": 14, "public sector": 6}
    result = cli("new", "Y", "--headcount", "z=3")
    assert result.exit_code == 1 and "--headcount 'z=3' should be KEY=N" in result.stderr


def test_a_title_cannot_climb_out_of_the_sessions_folder(sessions, cli):
    result = cli("new", "../../etc/passwd", "--date", "2027-01-01")
    assert result.exit_code == 0
    (path,) = store.session_files(sessions)
    assert path.parent == sessions and path.name == "2027-01-01-etc-passwd.yaml"
    assert store.load_session(path).title == "../../etc/passwd"


def test_ctrl_c_in_a_command_exits_130_with_a_sentence(sessions, cli, monkeypatch):
    s = cli("new", "X").stdout.strip()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "load_session", interrupted)
    result = cli("show", s)
    assert result.exit_code == 130
    assert "Interrupted; everything saved before that is kept." in result.stderr


def test_no_color_gives_the_same_plain_output_as_plain(sessions, cli, monkeypatch):
    s = cli("new", "X").stdout.strip()
    monkeypatch.setenv("NO_COLOR", "1")
    with_env = cli("summary", s).stdout
    assert with_env == cli("--plain", "summary", s).stdout
    assert "+- Headline" in with_env  # plain ASCII boxes, for screen readers
    monkeypatch.delenv("NO_COLOR")
    assert "╭─ Headline" in cli("summary", s).stdout
