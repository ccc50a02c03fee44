"""What may leave the room for people who were not in it: the one rule, kept here once.

Everything shared beyond the facilitator (a published site, its database, a pack
for the people who came) is built from `shareable_session` or `shareable_summary`,
so the rule cannot drift between them:

- no facilitator note;
- a private answer is counted in every figure, but its text is never carried;
- a group is not named where the session says answers are not attributed at all
  (`attribution: none`, the Chatham House rule), nor where fewer people than
  `small_group` were present in it by the session's headcount: too few to hide in.
  Its entries stay in every figure, under no group.

A group whose headcount was never given is named: the facilitator has not said it
was small, and most sessions give no headcount at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from facilitate.figures.format import PRIVATE_PLACEHOLDER

if TYPE_CHECKING:
    from facilitate.figures.session import Summary
    from facilitate.model import Session

SMALL_GROUP = 3


def attribution(session: Session) -> str:
    """How answers may be attributed outside the room: "group" (the default) or "none".
    Read leniently, so sessions written before the field existed read as "group"."""
    value = getattr(session, "attribution", None)
    return value if value in ("group", "none") else "group"


def hidden_groups(session: Session, small_group: int = SMALL_GROUP) -> set[str]:
    """The names of the groups that may not be named outside the room."""
    from facilitate.figures.session import session_groups

    names = set(session_groups(session))
    if attribution(session) == "none":
        return names | set(session.headcount)
    return {name for name, people in session.headcount.items() if people < small_group}


def shareable_session(session: Session, *, small_group: int = SMALL_GROUP) -> Session:
    """A copy of the session holding only what may be shared: no notes, private
    answers' text replaced by a placeholder, and groups that may not be named taken
    off every entry (and out of the session's groups and headcount). The original is
    left as it was."""
    from pydantic import BaseModel

    hidden = hidden_groups(session, small_group)
    # The definitions are shared with the original, not copied: nothing here changes
    # them, and they are most of a session's size. The records are copied whole.
    copy = session.model_copy(
        update={
            "exercises": [
                e.model_copy(update={"notes": "", "steps": [s.model_copy(deep=True) for s in e.steps]})
                for e in session.exercises
            ]
        }
    )
    _scrub(copy.exercises, hidden, BaseModel)
    copy.groups = [g for g in copy.groups if g.name not in hidden]
    copy.headcount = {name: people for name, people in copy.headcount.items() if name not in hidden}
    return copy


def shareable_summary(session: Session, *, small_group: int = SMALL_GROUP) -> Summary:
    """The session's Summary as anyone may read it: facilitator notes removed, private
    answers' text None, and no group named that `hidden_groups` keeps back."""
    from facilitate.figures.session import summarise

    return summarise(shareable_session(session, small_group=small_group), show_private=False, with_notes=False)


def _scrub(value: Any, hidden: set[str], model: type) -> None:
    """Walk every record of the copy: an entry of a hidden group becomes an entry of
    no group; a private entry's text becomes the placeholder. Done by field name, so
    every kind's records are covered without this module knowing the kinds."""
    if isinstance(value, model):
        fields = type(value).model_fields
        if "group" in fields and getattr(value, "group", None) in hidden:
            value.group = None
        if getattr(value, "private", False) is True and isinstance(getattr(value, "text", None), str):
            value.text = PRIVATE_PLACEHOLDER
        for name in fields:
            if name in ("definition", "group", "text"):
                continue  # definitions hold no entries; the rest are leaves
            _scrub(getattr(value, name), hidden, model)
    elif isinstance(value, list):
        for item in value:
            _scrub(item, hidden, model)
