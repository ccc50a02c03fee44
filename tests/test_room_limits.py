"""Counts a room can give: a group's ratings, hands and dots stay within its people
across every line of a step, whether typed in `add`, in `run` (the same engine) or
brought in by `import`. A line that would go over is refused, naming the group, what
it has given and what it has left, and the file is unchanged; a line within is kept.
Every check reads the YAML file back."""

from __future__ import annotations

from pathlib import Path

import yaml

from facilitate import store


def _new(cli, *extra):
    result = cli(
        "new",
        "Limits",
        "--date",
        "2027-07-10",
        "--group",
        "c=community",
        "--group",
        "f=funders",
        *extra,
    )
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip())


def _step(path, exercise, step):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    run = next(e for e in data["exercises"] if e["id"] == exercise)
    return next(s for s in run["steps"] if s["id"] == step)


def _dots(path, exercise, step):
    return [a.get("dots_by_group", {}) for a in _step(path, exercise, step)["answers"]]


def test_dots_typed_as_single_numbers_stop_at_what_a_group_holds_across_lines(sessions, cli):
    path = _new(cli, "--headcount", "c=6", "--headcount", "f=3")
    assert cli("add", str(path), "measuring", "if-nobody-asked", "c: trust", "f: outcomes").exit_code == 0
    # Three funders with three dots each hold nine: they place them all.
    assert cli("add", str(path), "measuring", "priorities", "f: 1 1 1 2 2 2 1 2 1").exit_code == 0
    before = path.read_bytes()
    result = cli("add", str(path), "measuring", "priorities", "f: 2 2 2 2 2 2 2 2 2 2")
    assert result.exit_code == 1
    assert (
        "funders has already placed 9 of its 9 dots (3 people, 3 dots each): none left, and this line adds 10. "
        "If the count is right, end the line with !: f: 2 2 2 2 2 2 2 2 2 2!"
    ) in result.stderr
    assert path.read_bytes() == before
    # Community has eighteen; twelve placed, six left: seven is one too many, six fit.
    assert cli("add", str(path), "measuring", "priorities", "c: 1x12").exit_code == 0
    result = cli("add", str(path), "measuring", "priorities", "c: 2 2 2 2 2 2 2")
    assert result.exit_code == 1
    assert "community has already placed 12 of its 18 dots (6 people, 3 dots each): 6 left" in result.stderr
    assert cli("add", str(path), "measuring", "priorities", "c: 2 2 2 2 2 2").exit_code == 0
    placed = _dots(path, "measuring", "if-nobody-asked")
    assert placed == [{"funders": 5, "community": 12}, {"funders": 4, "community": 6}]


def test_a_line_confirmed_with_a_bang_is_kept_and_undo_takes_it_back(sessions, cli):
    path = _new(cli, "--headcount", "c=2", "--headcount", "f=2")
    cli("add", str(path), "measuring", "if-nobody-asked", "c: trust")
    assert cli("add", str(path), "measuring", "priorities", "c: 1 1 1 1 1 1").exit_code == 0
    assert cli("add", str(path), "measuring", "priorities", "c: 1").exit_code == 1
    assert cli("add", str(path), "measuring", "priorities", "c: 1 1!").exit_code == 0
    assert _dots(path, "measuring", "if-nobody-asked") == [{"community": 8}]
    result = cli("add", str(path), "measuring", "priorities", "c: 1x3!", "/undo")
    assert result.exit_code == 0, result.stderr
    assert _dots(path, "measuring", "if-nobody-asked") == [{"community": 8}]


def test_undo_frees_what_the_last_line_took(sessions, cli):
    path = _new(cli, "--headcount", "c=2", "--headcount", "f=2")
    cli("add", str(path), "measuring", "importance", "c: 4")
    result = cli("add", str(path), "measuring", "importance", "c: 5", "/undo", "c: 3")
    assert result.exit_code == 0, result.stderr
    assert cli("add", str(path), "measuring", "importance", "c: 3").exit_code == 1
    assert [r["value"] for r in _step(path, "measuring", "importance")["responses"]] == [4, 3]


def test_ratings_across_lines_stop_at_the_groups_headcount(sessions, cli):
    path = _new(cli, "--headcount", "c=8", "--headcount", "f=2")
    assert cli("add", str(path), "measuring", "importance", "c: 5 5 4 4 3 5 4 2").exit_code == 0
    before = path.read_bytes()
    result = cli("add", str(path), "measuring", "importance", "c: 4")
    assert result.exit_code == 1
    assert (
        "community has already given 8 of its 8 ratings (8 people): none left, and this line adds 1. "
        "If the count is right, end the line with !: c: 4!"
    ) in result.stderr
    assert path.read_bytes() == before
    # Funders have their own two.
    assert cli("add", str(path), "measuring", "importance", "f: 3 4").exit_code == 0
    result = cli("add", str(path), "measuring", "importance", "f: 5x1")
    assert "funders has already given 2 of its 2 ratings (2 people): none left" in result.stderr
    values = [(r["value"], r["group"]) for r in _step(path, "measuring", "importance")["responses"]]
    assert len([v for v, g in values if g == "community"]) == 8
    assert [v for v, g in values if g == "funders"] == [3, 4]


def test_ratings_without_a_group_are_held_to_the_whole_room(sessions, cli):
    path = _new(cli, "--headcount", "c=3", "--headcount", "f=2")
    assert cli("add", str(path), "measuring", "importance", "c: 4 4", "5 5").exit_code == 0
    result = cli("add", str(path), "measuring", "importance", "3 3")
    assert result.exit_code == 1
    assert "the room has already given 4 of its 5 ratings (5 people): 1 left, and this line adds 2" in result.stderr
    assert cli("add", str(path), "measuring", "importance", "3").exit_code == 0
    assert len(_step(path, "measuring", "importance")["responses"]) == 5


def _choose(path, multi):
    session = store.load_session(path)
    session.exercise("sharing").definition.step("share-with").multi = multi
    store.save_session(session, path)


def test_hands_for_one_choice_each_stop_at_the_headcount_in_total(sessions, cli):
    path = _new(cli, "--headcount", "c=5", "--headcount", "f=2")
    _choose(path, multi=False)
    assert cli("add", str(path), "sharing", "share-with", "c: 1x3").exit_code == 0
    result = cli("add", str(path), "sharing", "share-with", "c: 2 2 2")
    assert result.exit_code == 1
    assert "community has already raised 3 of its 5 hands (5 people): 2 left, and this line adds 3" in result.stderr
    assert cli("add", str(path), "sharing", "share-with", "c: 2 2").exit_code == 0
    chosen = _step(path, "sharing", "share-with")["responses"]
    assert [r["choice"] for r in chosen].count("funders") == 3 and len(chosen) == 5


def test_hands_where_everyone_may_choose_several_stop_at_the_headcount_per_option(sessions, cli):
    path = _new(cli, "--headcount", "c=3", "--headcount", "f=2")
    _choose(path, multi=True)  # as the built-in sharing exercise has it
    assert cli("add", str(path), "sharing", "share-with", "c: 1 1 2 2 3", "c: 1").exit_code == 0
    result = cli("add", str(path), "sharing", "share-with", "c: 2 1")
    assert result.exit_code == 1
    assert "community has already raised 3 of its 3 hands for option 1 (3 people): none left" in result.stderr
    assert cli("add", str(path), "sharing", "share-with", "c: 2 2 3").exit_code == 1
    assert cli("add", str(path), "sharing", "share-with", "c: 2 3").exit_code == 0
    assert len(_step(path, "sharing", "share-with")["responses"]) == 8


def test_dots_without_a_group_are_held_to_the_room_and_name_its_headcount(sessions, cli):
    path = _new(cli, "--headcount", "c=6", "--headcount", "f=4")
    cli("add", str(path), "measuring", "if-nobody-asked", "trust")
    # Ten people, three dots each: thirty.
    result = cli("add", str(path), "measuring", "priorities", "1x300")
    assert result.exit_code == 1
    assert "1x300 counts 300, more than the 30 dots the room held (10 people, 3 each)" in result.stderr
    result = cli("add", str(path), "measuring", "priorities", "1x1001")
    assert "no headcount" not in result.stderr and "the 30 dots the room held" in result.stderr
    assert cli("add", str(path), "measuring", "priorities", "1x30").exit_code == 0
    result = cli("add", str(path), "measuring", "priorities", "1")
    assert "the room has already placed 30 of its 30 dots (10 people, 3 dots each): none left" in result.stderr
    assert _step(path, "measuring", "if-nobody-asked")["answers"][0]["votes"] == 30


def test_sixteen_ones_are_held_to_the_same_limit_as_1x16(sessions, cli):
    path = _new(cli, "--headcount", "c=5", "--headcount", "f=2")
    cli("add", str(path), "measuring", "if-nobody-asked", "c: trust")
    before = path.read_bytes()
    # Five people with three dots each hold fifteen.
    tally = cli("add", str(path), "measuring", "priorities", "c: 1x16")
    ones = cli("add", str(path), "measuring", "priorities", "c: " + " ".join(["1"] * 16))
    assert tally.exit_code == ones.exit_code == 1
    assert "15 dots" in tally.stderr and "of its 15 dots (5 people, 3 dots each)" in ones.stderr
    assert path.read_bytes() == before
    assert cli("add", str(path), "measuring", "priorities", "c: " + " ".join(["1"] * 15)).exit_code == 0


def test_without_a_headcount_a_groups_lines_add_up_to_the_assumed_room(sessions, cli):
    path = _new(cli)
    assert cli("add", str(path), "measuring", "importance", "c: 5x600", "c: 4x400").exit_code == 0
    result = cli("add", str(path), "measuring", "importance", "c: 3")
    assert result.exit_code == 1
    assert "community has already given 1,000 of its 1,000 ratings (no headcount was given" in result.stderr


def test_import_is_held_to_the_same_limits_row_by_row(sessions, cli, tmp_path):
    path = _new(cli, "--headcount", "c=4", "--headcount", "f=2")
    rows = tmp_path / "ratings.csv"
    rows.write_text("group,answer\ncommunity,5 5 4\nfunders,3\ncommunity,4 4\ncommunity,2\n", encoding="utf-8")
    result = cli("import", str(path), "measuring", "importance", str(rows))
    assert result.exit_code == 0, result.stderr
    said = result.stdout + result.stderr
    assert "row 4" in said and "community has already given 3 of its 4 ratings (4 people): 1 left" in said
    values = [(r["value"], r["group"]) for r in _step(path, "measuring", "importance")["responses"]]
    assert values == [(5, "community"), (5, "community"), (4, "community"), (3, "funders"), (2, "community")]


def test_run_walks_through_the_same_limits_and_says_what_is_left(sessions, cli):
    from helpers import ScriptedRoom

    from facilitate.facilitation import Workshop, save_to
    from facilitate.walk import walk

    path = _new(cli, "--headcount", "c=2", "--headcount", "f=1", "--exercise", "value")
    room = ScriptedRoom(["c: trust", "f: money", "", "", "", "c: 1 1 2 2 1 2", "f: 2 2 2 2", "f: 2 1 2", ""])
    walk(Workshop(store.load_session(path), save_to(path)), room)
    assert room.refusals == [
        "funders has placed none of its 3 dots (1 person, 3 dots each) yet, and this line adds 4. "
        "If the count is right, end the line with !: f: 2 2 2 2!"
    ]
    assert _dots(path, "value", "meanings") == [{"community": 3, "funders": 1}, {"community": 3, "funders": 2}]
