"""Reading answers back to the room before it leaves, through the engine with a
scripted room: each answer confirmed, amended or withdrawn, saved one by one, and
what was withdrawn left out of every figure, report, export and search."""

from __future__ import annotations

import json

import pytest
from conftest import new_session
from helpers import ScriptedRoom

from facilitate import store
from facilitate.facilitation import Workshop, save_to
from facilitate.figures.session import summarise
from facilitate.public import public_view
from facilitate.walk import read_back, walk

ANSWERS = ["c: people feel less alone", "p: it saves the NHS money", "!my landlord's name", "local jobs"]
WITHDRAWN = "it saves the NHS money"


@pytest.fixture
def captured(sessions):
    """A value session whose first step holds four answers, the third private."""
    session, path = new_session(sessions, exercises=("value",))
    workshop = Workshop(session, save_to(path))
    for line in ANSWERS:
        workshop.enter("value", "meanings", line)
    return workshop, path


def answers_on_disk(path):
    return store.load_session(path).exercise("value").step("meanings").answers


def test_the_room_confirms_amends_and_withdraws_and_the_file_keeps_each_state_and_the_old_wording(captured):
    workshop, path = captured
    room = ScriptedRoom([], checks=["confirm", "withdraw", "amend my neighbour's name", "confirm"])
    read_back(workshop, room, "value")
    assert room.read == [(1, "people feel less alone"), (2, WITHDRAWN), (3, "my landlord's name"), (4, "local jobs")]
    answers = answers_on_disk(path)
    assert [a.checked for a in answers] == ["confirmed", "withdrawn", "amended", "confirmed"]
    assert answers[1].text == WITHDRAWN  # kept in the file
    assert answers[2].text == "my neighbour's name"
    assert answers[2].was == ["my landlord's name"]
    assert answers[0].was == []
    text = path.read_text(encoding="utf-8")
    assert "checked: withdrawn" in text and "- my landlord's name" in text
    assert "Read-back done: 4 of 4 answers checked with the room." in room.said
    # The projector is told of the amendment by number, never in the private words.
    assert "Answer 3 amended by the room." in room.public
    assert not any("neighbour" in line for line in room.public)


def test_each_word_is_on_disk_before_the_next_answer_is_shown(captured):
    workshop, path = captured
    room = ScriptedRoom([], checks=["confirm"])  # then the script ends: as if Ctrl-C came
    seen = []

    def read_back_and_look(w, item):
        seen.append([a.checked for a in answers_on_disk(path)])
        seen.append(store.load_session(path).at.reading)
        return ScriptedRoom.read_back(room, w, item)

    room.read_back = read_back_and_look
    with pytest.raises(KeyboardInterrupt):
        read_back(workshop, room, "value")
    assert seen == [[None, None, None, None], 1, ["confirmed", None, None, None], 2]
    on_disk = store.load_session(path)
    assert [a.checked for a in on_disk.exercise("value").step("meanings").answers][:2] == ["confirmed", None]
    assert on_disk.at is None or on_disk.at.reading is None  # the projector is let go


def test_the_walk_offers_a_read_back_at_the_end_of_an_exercise(sessions):
    _, path = new_session(sessions, exercises=("value", "sharing"))
    workshop = Workshop(store.load_session(path), save_to(path))
    room = ScriptedRoom(["c: people feel less alone", "", "", "", ""], checks=["confirm"], readback=True)
    with pytest.raises(KeyboardInterrupt):
        walk(workshop, room)
    assert room.read == [(1, "people feel less alone")]
    assert answers_on_disk(path)[0].checked == "confirmed"


def test_slash_readback_starts_one_at_any_time_and_then_only_unchecked_answers_are_read(captured):
    workshop, path = captured
    room = ScriptedRoom(["/readback", "/readback"], checks=["confirm", "stop", "withdraw", "stop"])
    with pytest.raises(KeyboardInterrupt):
        walk(workshop, room, "value")
    assert [n for n, _ in room.read] == [1, 2, 2, 3]
    assert [a.checked for a in answers_on_disk(path)] == ["confirmed", "withdrawn", None, None]


def test_a_withdrawn_answer_counts_nowhere_and_the_others_keep_their_numbers(captured, cli):
    workshop, path = captured
    workshop.enter("value", "adopt", "2 4 4")
    read_back(workshop, ScriptedRoom([], checks=["confirm", "withdraw", "confirm", "confirm"]), "value")
    summary = summarise(store.load_session(path))
    step = summary.step("value", "meanings")
    assert [a.number for a in step.answers] == [4, 1, 3]  # most dots first; numbers as in the room
    assert step.count == 3 and step.withdrawn == 1
    assert summary.answers == 3
    assert summary.readback == "4 of 4 answers checked with the room; 1 withdrawn by the room"
    ranked = [p.number for step in summary.headline.priorities for p in step.priorities]
    assert ranked == [4]  # its dot went with it
    assert "withdrawn" not in json.dumps(public_view(store.load_session(path), "value", "meanings"))
    assert WITHDRAWN not in json.dumps(public_view(store.load_session(path), "value", "meanings"))


def test_the_projector_shows_the_answer_being_read_back_and_a_private_one_only_by_its_number(captured):
    from facilitate.ui.present import projector_view
    from facilitate.ui.views import make_console

    workshop, _ = captured
    console = make_console(plain=True, width=100)
    items = workshop.to_read_back("value")
    workshop.reading(items[0])
    with console.capture() as shown:
        console.print(projector_view(public_view(workshop.session), 100, 30, "", True))
    assert "people feel less alone" in shown.get() and "answer 1" in shown.get()
    workshop.reading(items[2])
    with console.capture() as shown:
        console.print(projector_view(public_view(workshop.session), 100, 30, "", True))
    assert "private answer 3: checked on the facilitator's screen" in shown.get()
    assert "landlord" not in shown.get()


def test_export_checked_only_leaves_out_what_the_room_did_not_check(captured, cli):
    workshop, path = captured
    read_back(workshop, ScriptedRoom([], checks=["confirm", "withdraw", "stop"]), "value")
    result = cli("export", str(path), "--format", "md", "--checked-only", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "- 1\\. people feel less alone" in result.stdout
    assert "local jobs" not in result.stdout and WITHDRAWN not in result.stdout
    assert "2 of 2 answers checked with the room; 1 withdrawn by the room" in result.stdout
    everything = cli("export", str(path), "--format", "md", "-o", "-").stdout
    assert "- 4\\. local jobs (not checked)" in everything
    assert "2 of 4 answers checked with the room; 1 withdrawn by the room" in everything


def test_the_follower_in_another_window_shows_what_the_file_says_is_being_read_back(captured):
    from facilitate.follow import SessionWatch
    from facilitate.ui.follower import frame
    from facilitate.ui.views import make_console
    from facilitate.ui.web import view_html

    workshop, path = captured
    console = make_console(plain=True, width=100)
    watch = SessionWatch(path)
    items = workshop.to_read_back("value")
    for item, shown, hidden in [
        (items[1], "it saves the NHS money", "landlord"),
        (items[2], "private answer 3: checked on the facilitator's screen", "landlord"),
    ]:
        workshop.reading(item)
        watch.poll()
        with console.capture() as screen:
            console.print(frame(watch, 100, 30, True))
        assert shown in screen.get() and hidden not in screen.get()
        page = view_html(watch)[0]
        assert shown.replace("'", "&#x27;") in page and hidden not in page


def test_checked_only_across_workshops_is_refused_in_one_sentence(captured, cli):
    result = cli("export", "--all", "--format", "md", "--checked-only", "-o", "-")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().startswith("--checked-only exports one session")
    assert "Traceback" not in result.stderr


def test_an_old_file_without_read_back_fields_loads_and_writes_none(captured):
    workshop, path = captured
    text = path.read_text(encoding="utf-8")
    assert "checked" not in text and "was:" not in text and "reading" not in text
    answers = answers_on_disk(path)
    assert [a.checked for a in answers] == [None] * 4
    assert summarise(store.load_session(path)).readback == "0 of 4 answers checked with the room"
