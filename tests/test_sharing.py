"""What may be published beyond the room (figures/sharing.py, `shareable_session`): read back from the summary
it gives, as plain data, so nothing it holds escapes the check."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from facilitate.exercises import library
from facilitate.facilitation import Workshop
from facilitate.figures.session import summarise, to_data
from facilitate.figures.sharing import hidden_groups, shareable_session
from facilitate.model import Session
from facilitate.planning import plan_session

SECRET = "my landlord threatened us"
NOTE = "the council officer left early"
SMALL = "Zephyr table"


def held(headcount: dict[str, int] | None = None, cls: type[Session] = Session) -> Session:
    definitions = [library()[e].definition for e in ("measuring", "value")]
    session = plan_session(
        "Strength in Numbers, Leeds",
        dt.date(2027, 7, 10),
        definitions,
        [("c", "community"), ("p", "public sector"), ("z", SMALL)],
        set(),
        location="Leeds",
        headcount={"community": 12, "public sector": 5, SMALL: 2} if headcount is None else headcount,
    )
    if cls is not Session:
        session = cls.model_validate(session.model_dump(by_alias=True))
    w = Workshop(session, lambda s: None)
    for line in ("c: 4 5", "p: 3", "z: 1 2"):
        w.enter("measuring", "importance", line)
    for line in ("c: Footfall every week", "p: Contract KPIs", f"z: {SECRET}", "z: Stories we write up", "/private 3"):
        w.enter("measuring", "today", line)
    w.enter("measuring", "today", f"/note {NOTE}")
    for line in ("z: How confident people feel", "c: Whether trust grows"):
        w.enter("measuring", "if-nobody-asked", line)
    w.enter("measuring", "priorities", "1 1 2")
    w.enter("value", "words", "z: impact = what changes for a family")
    w.enter("value", "words", "c: impact = a lasting change")
    return w.session


def published_summary(session: Session, **options):
    """The figures of a session as a published site and database carry them."""
    return summarise(shareable_session(session, **options), show_private=False, with_notes=False)


def shared_text(session: Session, **options) -> str:
    return json.dumps(to_data(published_summary(session, **options)), ensure_ascii=False)


def test_a_shareable_summary_has_no_note_and_no_private_text_but_counts_both():
    session = held()
    shared = published_summary(session)
    text = shared_text(session)
    assert NOTE not in text and SECRET not in text
    assert all(ex.notes is None for ex in shared.exercises)
    today = shared.step("measuring", "today")
    assert today.count == 4 and today.private == 1
    assert [a.text for a in sorted(today.answers, key=lambda a: a.number)][2] is None
    assert shared.answers == 6 and shared.private == 1


def test_a_group_with_fewer_people_than_the_threshold_is_named_nowhere_but_still_counted():
    session = held()
    assert hidden_groups(session) == {SMALL}
    shared = published_summary(session)
    assert SMALL not in shared_text(session)
    assert SMALL not in shared.groups and SMALL not in shared.headcount
    # Its entries stay in every figure, under no group.
    importance = shared.step("measuring", "importance")
    assert importance.overall.n == 5
    assert importance.by_group["no group"].n == 2
    assert shared.step("measuring", "today").by_group["no group"] == 2
    # The others keep their names.
    assert importance.by_group["community"].n == 2 and "public sector" in shared.groups


def test_the_threshold_can_be_raised():
    session = held()
    assert "public sector" not in shared_text(session, small_group=6)
    assert "public sector" in shared_text(session, small_group=5)


def test_a_group_whose_headcount_was_never_given_is_not_named():
    # Nobody said it was big enough to hide in: the safe reading, the same as the packs'.
    session = held(headcount={})
    assert SMALL in hidden_groups(session)
    assert SMALL not in shared_text(session)


def test_a_session_that_attributes_to_no_group_names_none():
    class Unattributed(Session):
        attribution: str = "none"

    session = held(cls=Unattributed)
    text = shared_text(session)
    for name in ("community", "public sector", SMALL):
        assert f'"{name}"' not in text, name
    assert published_summary(session).groups == []


def test_a_session_without_the_attribution_field_reads_as_by_group():
    session = held()
    assert session.attribution is None  # the file says nothing of it
    assert "community" in published_summary(session).groups


def test_the_original_session_is_left_as_it_was():
    session = held()
    before = session.model_dump()
    copy = shareable_session(session)
    assert session.model_dump() == before
    assert summarise(session, show_private=True).step("measuring", "today").by_group[SMALL] == 2
    assert copy.exercises[0].notes == ""


@pytest.mark.parametrize("small_group", [1, 3, 13])
def test_every_figure_counts_the_same_whatever_is_hidden(small_group):
    session = held()
    full = summarise(session)
    shared = published_summary(session, small_group=small_group)
    assert shared.answers == full.answers
    for exercise, step in (("measuring", "importance"), ("measuring", "today")):
        a, b = full.step(exercise, step), shared.step(exercise, step)
        assert getattr(a, "count", None) == getattr(b, "count", None)
        if hasattr(a, "overall"):
            assert (a.overall.n, a.overall.mean) == (b.overall.n, b.overall.mean)
