"""Session files a person (or a sync tool) touched: an edit made while `run` has the
file open, a session reached through a symbolic link, comments and pasted duplicate
keys. Nothing written by hand is lost without a word."""

from __future__ import annotations

import os

import pexpect
import pytest
from conftest import new_session
from helpers import spawn, start

from facilitate import store, yaml_reader

pytestmark = pytest.mark.timeout(120)


def test_an_edit_made_while_run_has_the_file_open_is_never_saved_over(sessions):
    session, path = new_session(sessions)
    child = spawn(session.id, sessions)
    child.send("4 5\r")
    child.expect("saved")
    child.expect("›")
    edited = path.read_text(encoding="utf-8").replace("location: Birmingham", "location: Birmingham Central")
    path.write_text(edited, encoding="utf-8")
    child.send("3\r")
    child.expect("was changed by another program since it was opened")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    # The hand edit is still in the file, and so are the lines saved before it.
    assert path.read_text(encoding="utf-8") == edited
    kept = store.load_session(path)
    assert kept.location == "Birmingham Central"
    assert [r.value for r in kept.exercise("measuring").step("importance").responses] == [4, 5]
    # What was typed after it is beside it, whole.
    (beside,) = sessions.glob(f"{path.name}.conflict-*")
    copy = store.parse_session(beside.read_text(encoding="utf-8"), str(beside))
    assert [r.value for r in copy.exercise("measuring").step("importance").responses] == [4, 5, 3]
    assert copy.location == "Birmingham"


def test_a_save_after_a_hand_edit_keeps_both_versions(sessions):
    session, path = new_session(sessions)
    loaded = store.load_session(path)
    edited = path.read_text(encoding="utf-8").replace("location: Birmingham", "location: Bristol")
    assert edited != path.read_text(encoding="utf-8")
    path.write_text(edited, encoding="utf-8")
    before = path.read_bytes()
    loaded.title = "Changed in memory"
    with pytest.raises(store.SessionChanged):
        store.save_session(loaded, path)
    assert path.read_bytes() == before


def test_a_file_touched_or_rewritten_with_the_same_bytes_is_not_a_change(sessions):
    session, path = new_session(sessions)
    loaded = store.load_session(path)
    text = path.read_bytes()
    path.touch()  # what a sync or backup tool may do
    loaded.title = "Saved after a touch"
    store.save_session(loaded, path)
    assert store.load_session(path).title == "Saved after a touch"
    path.write_bytes(path.read_bytes())  # the same bytes again, a new time stamp
    loaded.title = "Saved after a rewrite"
    store.save_session(loaded, path)
    assert store.load_session(path).title == "Saved after a rewrite"
    assert text != path.read_bytes()
    assert not list(sessions.glob("*.conflict-*"))


def test_add_through_a_symbolic_link_waits_for_the_run_on_the_real_file(sessions, tmp_path, cli):
    session, path = new_session(sessions)
    link = tmp_path / "elsewhere.yaml"
    link.symlink_to(path)
    child = spawn(session.id, sessions)
    result = cli("add", str(link), "measuring", "today", "c: typed through the link")
    assert result.exit_code == 1
    assert "is in use by `facilitate run`" in result.stderr
    child.send("4 5\r")
    child.expect("saved")
    child.expect("›")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    assert link.is_symlink()
    result = cli("add", str(link), "measuring", "today", "c: typed through the link")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(path)
    real = store.load_session(path)
    assert [a.text for a in real.exercise("measuring").step("today").answers] == ["typed through the link"]
    assert [r.value for r in real.exercise("measuring").step("importance").responses] == [4, 5]


def test_a_run_through_a_link_holds_the_lock_of_the_real_file(sessions, tmp_path):
    session, path = new_session(sessions)
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    child = spawn(str(link), sessions)
    other = start(sessions, "add", session.id, "measuring", "today", "c: from the real name")
    other.expect(pexpect.EOF)
    other.close()
    assert other.exitstatus == 1 and "is in use" in other.before
    child.send("4\r")
    child.expect("saved")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    assert link.is_symlink()
    assert [r.value for r in store.load_session(path).exercise("measuring").step("importance").responses] == [4]


def test_a_hand_written_comment_is_named_when_a_save_would_drop_it(sessions, cli):
    session, path = new_session(sessions)
    text = path.read_text(encoding="utf-8").replace(
        "location: Birmingham", "location: Birmingham  # the room upstairs, ask for Jo"
    )
    path.write_text("# Typed up by Sam\n" + text, encoding="utf-8")
    result = cli("add", session.id, "measuring", "today", "c: we count # of people", "c: second")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line]
    assert len(warnings) == 1
    assert "comment written by hand on line 1" in warnings[0] and "/note" in warnings[0]
    # A `#` inside an answer is text, not a comment: the next save says nothing.
    result = cli("add", session.id, "measuring", "today", "c: third")
    assert result.exit_code == 0 and result.stderr == ""
    assert store.first_comment_line(path.read_text(encoding="utf-8")) is None


def test_a_comment_is_found_only_outside_the_values(sessions):
    assert store.first_comment_line('a: "x # y"\nb: |\n  # inside\nc: 1 # here\n') == 4
    assert store.first_comment_line("a: x#y\nb: 'q # r'\n") is None
    # After a block's `|`, in a flow list, alone on a line, or ending a plain value.
    assert store.first_comment_line("a: | # note\n  text # kept\n") == 1
    assert store.first_comment_line("a: |\n  text # kept\n  more\n") is None
    assert store.first_comment_line("a: [1, # one\n  2]\n") == 1
    assert store.first_comment_line("a:\n  - x\n  # alone\n") == 3
    assert store.first_comment_line("a: plain\n  continued #here\n") == 2
    assert store.first_comment_line("a: \"two\n  # lines\"\nb: 'it''s # fine'\n") is None
    # The spans load_yaml collected give the same answer without a second parse.
    text = 'a: "x # y"\nb: >\n  z # w\nc: 1 # here\n'
    spans: list = []
    store.load_yaml(text, "x.yaml", spans)
    assert store.first_comment_line(text, spans) == store.first_comment_line(text) == 4


def test_a_pasted_second_key_is_refused_naming_its_line(sessions, cli):
    session, path = new_session(sessions)
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "answers: []")
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines[at : at + 1] = [
        f"{indent}answers:",
        f"{indent}- id: a1",
        f"{indent}  text: first",
        f"{indent}  at: 2027-06-12T10:00:00+01:00",
        f"{indent}answers: []",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = path.read_bytes()
    for command in (("show", session.id), ("add", session.id, "measuring", "today", "c: x")):
        result = cli(*command)
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines() == [
            f"{path}: line {at + 5}: the key 'answers' appears twice in the same place; "
            "merge the two into one and delete the second."
        ]
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: -0x1F\nc: 0o17\nd: 1_000\ne: 3.5\nf: .inf\ng: true\nh: No\ni: ~\nj: null\nk: ''\n",
        "a: '1'\nb: \"true\"\nc: 2027-06-12\nd: 2027-06-12T10:00:00+01:00\ne: !!str 5\nf: !!int '7'\n",
        "list:\n- 1\n- [a, b, {c: d}]\n- {}\n- []\nblock: |\n  line one\n  line two\nfolded: >\n  one\n  two\n",
        "",
        "just text",
        "- a\n- b: 1\n  c: [1, 2]\n",
        "? complex\n: value\n",
    ],
)
def test_the_loader_reads_plain_yaml_exactly_as_pyyaml_does(text):
    import yaml

    assert store.load_yaml(text, "f") == yaml.load(text, Loader=yaml_reader._SafeLoader)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: &x 1\nb: *x\n", "line 1: YAML anchors and aliases are not allowed"),
        (
            "a: !!python/object:os.system 1\n",
            "line 1: the tag tag:yaml.org,2002:python/object:os.system is not allowed",
        ),
        ("a: 1\n---\nb: 2\n", "line 2: the file holds more than one YAML document"),
        ("? [a, b]\n: c\n", "line 1: a key must be a plain word or text"),
        ("a: !!int nope\n", "f.yaml: a: 'nope' is not a number facilitate can read (line 1)"),
        ("a:\n  b: 1\n  b: 2\n", "line 3: the key 'b' appears twice in the same place"),
        ("a: [1, 2\n", "this is not valid YAML"),
    ],
)
def test_the_loader_refuses_what_a_session_file_never_holds(text, problem):
    with pytest.raises(yaml_reader.YamlProblem) as refused:
        store.load_yaml(text, "f.yaml")
    assert problem in str(refused.value)
    assert str(refused.value).startswith("f.yaml")


def test_two_conflicts_in_the_same_second_each_keep_their_own_line_in_a_file_of_their_own(sessions, monkeypatch):
    from facilitate.facilitation import Workshop, save_to

    session, path = new_session(sessions)
    monkeypatch.setattr(store, "_conflict_stamp", lambda: "20270612-101500")
    first = Workshop(store.load_session(path), save_to(path))
    second = Workshop(store.load_session(path), save_to(path))
    path.write_text(path.read_text(encoding="utf-8").replace("Birmingham", "Bristol"), encoding="utf-8")
    messages = []
    for workshop, line in ((first, "c: the first rescued line"), (second, "p: the second rescued line")):
        with pytest.raises(store.SessionChanged) as refused:
            workshop.enter("measuring", "today", line)
        messages.append(str(refused.value))
    copies = sorted(sessions.glob(f"{path.name}.conflict-*"))
    assert [c.name for c in copies] == [
        f"{path.name}.conflict-20270612-101500",
        f"{path.name}.conflict-20270612-101500-2",
    ]
    for copy, message, said in zip(
        copies, messages, ("the first rescued line", "the second rescued line"), strict=True
    ):
        assert str(copy) in message
        kept = store.parse_session(copy.read_text(encoding="utf-8"), str(copy))
        assert [a.text for a in kept.exercise("measuring").step("today").answers] == [said]
