"""Support from dots, read as people: a group's support for an answer is its dots on
that answer per person in the group (each person puts at most one dot on an answer).
A crafted room whose supports were worked out by hand names the answer every group
dotted under "Where the groups agree", first; withdrawing another answer leaves its
support as it was; and when nothing reaches the bar, the headline says so in one line
naming the closest item."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import docx_text, export, html_text

from facilitate import store
from facilitate.exercises import library
from facilitate.facilitation import Workshop, save_to
from facilitate.figures.session import summarise
from facilitate.planning import plan_session

GROUPS = [("c", "community"), ("p", "public sector"), ("f", "funders")]
ROOM = {"community": 6, "public sector": 5, "funders": 2}
# Five answers and every dot of a room with three each: community 18, public sector 15,
# funders 6. Answer 1 got 5 community dots, 4 public-sector dots and both funders'.
DOTS = [
    "c: 1x5 2x6 4x6 5",
    "p: 1x4 3x5 4 5x5",
    "f: 1x2 2x2 3x2",
]


def _room(sessions, headcount, dots=DOTS):
    session = plan_session(
        "Dots as people",
        dt.date(2027, 7, 10),
        [library()["value"].definition],
        GROUPS,
        set(),
        location="York",
        headcount=headcount,
    )
    path = sessions / f"{session.id}.yaml"
    store.save_session(session, path)
    w = Workshop(session, save_to(path))
    for line in ("c: shared language", "c: less alone", "p: fewer forms", "c: trust", "p: money saved"):
        w.enter("value", "meanings", line)
    for line in dots:
        w.enter("value", "adopt", line)
    return path


def _unboxed(out: str) -> str:
    """The screen's words in one line, without the headline box's side borders."""
    return " ".join(" ".join(line.strip().strip("|").split()) for line in out.splitlines())


def _supports(item):
    return {x.group: (x.k, x.n, x.enough) for x in item.supports}


def test_the_answer_every_group_dotted_is_named_first_where_the_groups_agree(sessions, cli):
    path = _room(sessions, ROOM)
    s = summarise(store.load_session(path))
    first = s.headline.agreements[0]
    assert (first.step, first.number, first.text) == ("adopt", 1, "shared language")
    # 5 of 6 community -> 6/8; 4 of 5 public sector -> 5/7; funders 2 of 2, too few.
    assert _supports(first) == {
        "community": (5, 6, True),
        "public sector": (4, 5, True),
        "funders": (2, 2, False),
    }
    assert first.score == pytest.approx(5 / 7)
    # No other answer is one every group stands behind: answer 2, 0 of 5 public sector.
    assert [i.number for i in s.headline.agreements if i.step == "adopt"] == [1]
    screen = _unboxed(cli("--plain", "summary", str(path)).stdout)
    assert "shared language (answer 1), “Which meanings of value should we adopt" in screen
    assert "community 83% (5 of 6 people), public sector 80% (4 of 5 people)" in screen
    md = " ".join(export(cli, path, "md").decode().split())
    agreed = md[md.index("Where the groups agree") : md.index("Priorities")]
    assert agreed.split("- ")[1].startswith("shared language (answer 1)")
    assert "community 83% (5 of 6 people)" in agreed


def test_withdrawing_another_answer_leaves_the_support_as_it_was(sessions):
    path = _room(sessions, ROOM)
    before = _supports(summarise(store.load_session(path)).headline.agreements[0])
    session = store.load_session(path)
    session.exercise("value").step("meanings").answers[1].checked = "withdrawn"
    store.save_session(session, path)
    s = summarise(store.load_session(path))
    assert all(i.number != 2 for i in s.agreement)
    assert _supports(s.headline.agreements[0]) == before


def test_without_a_headcount_the_dots_each_person_holds_stand_in_for_its_people(sessions):
    path = _room(sessions, {})
    s = summarise(store.load_session(path))
    first = s.headline.agreements[0]
    assert first.number == 1
    # community placed 18 dots, three each: 6 people; public sector 15: 5; funders 6: 2.
    assert _supports(first) == {
        "community": (5, 6, True),
        "public sector": (4, 5, True),
        "funders": (2, 2, False),
    }
    # Withdrawing answer 2 keeps the dots its people placed behind everyone's figure.
    session = store.load_session(path)
    session.exercise("value").step("meanings").answers[1].checked = "withdrawn"
    store.save_session(session, path)
    assert _supports(summarise(store.load_session(path)).headline.agreements[0]) == _supports(first)
    # Seven dots at three each: at least three people (rounded up).
    path = _room(sessions, {}, ["c: 1 2 3 4 5 1 2", "p: 1 2 3"])
    s = summarise(store.load_session(path))
    item = next(i for i in s.agreement if i.number == 1)
    assert _supports(item)["community"] == (2, 3, True)


def test_when_nothing_reaches_the_bar_the_headline_names_the_closest_in_one_line(sessions, cli):
    # Community dotted answers 1 and 2, public sector 3 and 5: no answer both stand behind.
    path = _room(sessions, ROOM, ["c: 1x5 2x6", "p: 3x5 5x4 1"])
    s = summarise(store.load_session(path))
    assert s.headline.agreements == []
    # answer 1: community 5 of 6 -> 6/8; public sector 1 of 5 -> 2/7: the closest.
    assert (s.headline.closest.number, s.headline.closest.score) == (1, pytest.approx(2 / 7))
    line = (
        "No item reached a bridging score of 0.50; the closest was shared language (answer 1), "
        "“Which meanings of value should we adopt together?”, at 0.29."
    )
    screen = _unboxed(cli("--plain", "summary", str(path)).stdout)
    md = " ".join(export(cli, path, "md").decode().split())
    html = " ".join(html_text(export(cli, path, "html")).split())
    docx = " ".join(docx_text(export(cli, path, "docx")).split())
    for report in (screen, md, html, docx):
        assert "Where the groups agree" in report
        assert line in report, report[:2000]


def test_every_vote_step_says_each_person_puts_at_most_one_dot_on_an_answer():
    from facilitate.facilitation import step_help

    for exercise in ("measuring", "value", "sharing"):
        for d in library()[exercise].definition.steps:
            if d.kind == "vote":
                assert "at most one on any answer" in d.hint, (exercise, d.id)
                assert "Each person puts at most one dot on any answer" in " ".join(step_help(d))
