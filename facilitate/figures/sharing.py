"""What of a session may leave the room: the one rule every shared pack, page and
database follows.

The facilitator's own report carries everything but the text of private answers.
Anything else (the community pack, the funder pack, a published site or database) is
built from `shareable_summary` or `shareable_session`, so the rule is written once:

- no facilitator notes, and no text of a private answer (it is still counted);
- a quote (an answer, a meaning given to a term) names its group only when the
  session allows attribution by group and the group is big enough to hide in: at
  least `small_group` people present, by the session's headcount. A group whose size
  was never recorded is treated as small, since nobody can say it is safe to name.

A pack keeps figures by group (a scale's average per group, a tag's share per group):
counts of what a group did together, not quotes. A published site or database, open
to anyone, goes further: `shareable_session` takes a group that may not be named off
every entry, figures included, and counts its entries under no group.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from facilitate.figures.session import Summary, summarise
from facilitate.format import NO_GROUP, PRIVATE_PLACEHOLDER
from facilitate.model import Session

SMALL_GROUP = 3


def attribution_of(session: Session) -> str:
    """'group' (the default) or 'none' (the Chatham House Rule)."""
    return session.attribution or "group"


attribution = attribution_of


def small_groups(session: Session, small_group: int = SMALL_GROUP) -> list[str]:
    """The groups too small to be named beside a quote, in the session's order: fewer
    people present than `small_group`, or a size nobody recorded."""
    from facilitate.figures.rows import session_groups

    return [g for g in session_groups(session) if session.headcount.get(g, 0) < small_group]


def _unnamed(value: Any, hidden: set[str] | None) -> Any:
    """A copy of figures with the group beside each quote removed where it may not be
    said. `hidden` is the set of group names to leave out, or None for every group.

    Every quote in the figures (an answer, a priority, a meaning) carries its group in
    a field called `group`; the list of groups who gave meanings to a term is rebuilt
    from those meanings, so it names nobody the meanings do not."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            item = getattr(value, f.name)
            if f.name == "group" and (item is None or isinstance(item, str)):
                if item is not None and item != NO_GROUP and (hidden is None or item in hidden):
                    changes[f.name] = None
            else:
                changes[f.name] = _unnamed(item, hidden)
        copy = dataclasses.replace(value, **changes)
        names = {f.name for f in dataclasses.fields(copy)}
        if {"meanings", "groups"} <= names:
            kept: list[str] = []
            for meaning in copy.meanings:
                if meaning.group is not None and meaning.group not in kept:
                    kept.append(meaning.group)
            copy = dataclasses.replace(copy, groups=kept)
        return copy
    if isinstance(value, list):
        return [_unnamed(v, hidden) for v in value]
    if isinstance(value, tuple):
        return tuple(_unnamed(v, hidden) for v in value)
    if isinstance(value, dict):
        return {k: _unnamed(v, hidden) for k, v in value.items()}
    return value


def shareable_summary(session: Session, *, small_group: int = SMALL_GROUP) -> Summary:
    """The session's figures as they may be shared outside the room: no notes, no
    private answer's text, and no group named beside a quote where attribution is
    none or the group had fewer than `small_group` people present."""
    summary = summarise(session, show_private=False, with_notes=False)
    attribution = attribution_of(session)
    small = small_groups(session, small_group)
    hidden = None if attribution == "none" else set(small)
    summary = _unnamed(summary, hidden)
    summary.attribution = attribution
    summary.unnamed_groups = list(summary.groups) if attribution == "none" else small
    summary.small_group = small_group
    return summary


def hidden_groups(session: Session, small_group: int = SMALL_GROUP) -> set[str]:
    """The names of the groups that may not be named outside the room."""
    from facilitate.figures.rows import session_groups

    if attribution_of(session) == "none":
        return set(session_groups(session)) | set(session.headcount)
    return set(small_groups(session, small_group))


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
