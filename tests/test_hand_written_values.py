"""Values a person writes into a session file by hand: understood, or refused in one
line that names the file, the field and what to do, short enough to read. Each case
goes through `show` (reads) and `add` (reads, then would save), and the file is left
as it was when refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import new_session

from facilitate import store
from facilitate.facilitation import Workshop, save_to


def _typed(sessions: Path) -> Path:
    session, path = new_session(sessions)
    workshop = Workshop(session, save_to(path))
    workshop.enter("measuring", "importance", "4 5")
    workshop.enter("measuring", "today", "c: we count heads")
    return path


def _refused_by_show_and_add(cli, path: Path) -> str:
    before = path.read_bytes()
    said = []
    for command in (("show", str(path)), ("add", str(path), "measuring", "today", "c: one more")):
        result = cli(*command)
        assert result.exit_code == 1, (command, result.stdout)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "Traceback" not in result.stderr and "Usage" not in result.stderr
        assert lines[0].startswith(f"{path}: ")
        # Short enough to read, wherever the test's folder is (a parallel run's is deeper).
        assert len(lines[0].removeprefix(f"{path}: ")) < 200, lines[0]
        said.append(lines[0])
        assert path.read_bytes() == before
    assert said[0] == said[1]
    return said[0]


def test_a_number_of_five_thousand_digits_is_refused_naming_its_field_shortly(sessions, cli):
    path = _typed(sessions)
    text = path.read_text(encoding="utf-8")
    assert text.count("- value: 4\n") == 1
    path.write_text(text.replace("- value: 4\n", "- value: " + "9" * 5000 + "\n"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    line_number = next(i for i, line in enumerate(lines) if "value: 999" in line) + 1
    said = _refused_by_show_and_add(cli, path)
    assert "exercises[0].steps[0].responses[0].value: '999999999999999999999999999999…'" in said
    assert f"(line {line_number})" in said
    assert said.endswith("Fix the file or restore a copy.")


@pytest.mark.parametrize("written", ["0x" + "f" * 5000, "0b" + "1" * 20000, "0" + "7" * 5000, "9" * 19])
def test_a_number_too_large_in_any_base_is_refused_before_it_could_be_saved(sessions, cli, written):
    # Read as an int, a hex number of 5,000 digits could not be written back in decimal:
    # the next save ended in a traceback.
    path = _typed(sessions)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- value: 4\n", f"- value: {written}\n"), encoding="utf-8")
    said = _refused_by_show_and_add(cli, path)
    assert "exercises[0].steps[0].responses[0].value: " in said and "too large" in said


def test_a_date_written_wrong_by_hand_in_a_field_is_named_with_its_field(sessions, cli):
    path = _typed(sessions)
    text = path.read_text(encoding="utf-8")
    first_answer_time = next(line for line in text.splitlines() if line.strip().startswith("at: 2"))
    indent = first_answer_time.split("at:")[0]
    path.write_text(text.replace(first_answer_time, f"{indent}at: 2027-13-45", 1), encoding="utf-8")
    said = _refused_by_show_and_add(cli, path)
    assert ".answers[0].at: " in said and "month" in said and said.endswith("Fix the file or restore a copy.")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_file_saved_in_a_windows_encoding_is_refused_saying_to_save_it_as_utf8(sessions, cli, encoding):
    path = _typed(sessions)
    text = path.read_text(encoding="utf-8").replace("location: Birmingham", "location: Café Birmingham")
    path.write_bytes(text.encode(encoding))
    line_number = text.splitlines().index("location: Café Birmingham") + 1
    said = _refused_by_show_and_add(cli, path)
    assert f"line {line_number} (location) is not UTF-8" in said
    assert "save it as UTF-8" in said


def test_a_file_saved_as_utf16_is_refused_saying_to_save_it_as_utf8(sessions, cli):
    path = _typed(sessions)
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    said = _refused_by_show_and_add(cli, path)
    assert "UTF-16" in said and "save it as UTF-8" in said


def test_two_groups_with_one_key_are_refused_naming_the_key_and_the_second_group(sessions, cli):
    path = _typed(sessions)
    text = path.read_text(encoding="utf-8")
    assert "  - key: p\n    name: public sector\n" in text
    path.write_text(text.replace("  - key: p\n", "  - key: c\n"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [i for i, line in enumerate(lines) if line == "  - key: c"][1]
    said = _refused_by_show_and_add(cli, path)
    assert "groups[1].key: 'c' is already the key of community" in said
    assert f"(line {second + 1})" in said


def test_two_groups_with_one_name_are_refused_naming_the_name_and_the_second_group(sessions, cli):
    path = _typed(sessions)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    name: public sector\n", "    name: community\n"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [i for i, line in enumerate(lines) if line == "    name: community"][1]
    said = _refused_by_show_and_add(cli, path)
    assert "groups[1].name: 'community' is already the name of group c" in said
    assert f"(line {second + 1})" in said


@pytest.mark.parametrize("written", ["10/01/2027", "10.1.2027", "10 January 2027", "10 Jan 2027"])
def test_a_session_date_written_as_new_date_accepts_it_is_understood(sessions, cli, written):
    path = _typed(sessions)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2027-06-12", f"date: {written}"), encoding="utf-8")
    shown = cli("show", str(path))
    assert shown.exit_code == 0, shown.stderr
    assert "2027-01-10" in shown.stdout.splitlines()[1]
    added = cli("add", str(path), "measuring", "today", "c: one more")
    assert added.exit_code == 0, added.stderr
    assert "\ndate: 2027-01-10\n" in path.read_text(encoding="utf-8")
    assert store.load_session(path).exercise("measuring").step("today").answers[-1].text == "one more"


@pytest.mark.parametrize("written", ["31/02/2027", "next Tuesday", "2027-06-12T10:00:00+01:00x", "20270612", "'2027'"])
def test_a_session_date_that_is_no_date_is_refused_naming_the_forms(sessions, cli, written):
    path = _typed(sessions)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2027-06-12", f"date: {written}"), encoding="utf-8")
    said = _refused_by_show_and_add(cli, path)
    assert "date: " in said and "2027-07-10, 10/07/2027 (day first) or 10 July 2027" in said


@pytest.mark.parametrize("written", ["true", "null", "no"])
def test_a_date_written_as_a_yaml_word_is_quoted_back_as_written(sessions, cli, written):
    path = _typed(sessions)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2027-06-12", f"date: {written}"), encoding="utf-8")
    said = _refused_by_show_and_add(cli, path)
    spelled = {"true": "true", "null": "null", "no": "false"}[written]
    assert f"date: {spelled} is not a date" in said and "True" not in said and "None" not in said


def test_a_session_dated_by_hand_day_first_is_listed_by_its_date(sessions, cli):
    path = _typed(sessions)
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2027-06-12", "date: 10/01/2027"), encoding="utf-8")
    listed = cli("list")
    assert listed.exit_code == 0 and listed.stderr == ""
    assert "2027-01-10" in listed.stdout.splitlines()[1]
    assert cli("list", "--since", "1 January 2027", "--json").stdout.count('"date": "2027-01-10"') == 1
