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

A rule on naming holds in every table, count and share, not only beside quotes: a
figure by group (a scale's average, a tag's share, a tally of hands, dots by group)
beside the name of a group of two would tell a reader what each of them said. So
`shareable_session` takes a group that may not be named off every entry, and every
pack, page and database is built from that copy: its entries are counted under no
group, in every figure.
"""

from __future__ import annotations

from typing import Any

from facilitate.figures.session import Summary, summarise
from facilitate.format import PRIVATE_PLACEHOLDER
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


def naming_rule(session: Session, small_group: int = SMALL_GROUP) -> str:
    """The one sentence every pack and page gives on which groups it names beside what
    they said, and why the others are not: the Chatham House Rule, too few people
    present, or nobody counted them."""
    from facilitate.figures.rows import session_groups
    from facilitate.format import naming_line

    groups = session_groups(session)
    if attribution_of(session) == "none":
        return naming_line(groups, [], [], [], small_group, chatham=True)
    hidden = set(small_groups(session, small_group))
    not_counted = [g for g in groups if g in hidden and g not in session.headcount]
    too_few = [g for g in groups if g in hidden and g in session.headcount]
    named = [g for g in groups if g not in hidden]
    return naming_line(groups, named, too_few, not_counted, small_group)


def shareable_summary(session: Session, *, small_group: int = SMALL_GROUP) -> Summary:
    """The session's figures as they may be shared outside the room: those of its
    shareable copy (`shareable_session`), so a group that may not be named is named
    beside no quote and no figure (a count, a share, an average, a tally of hands or
    dots), its entries counted under no group, exactly as on the published site.

    Who was in the room is kept whole (every group and the people it sent), since a
    headcount traces no quote to anyone, and so is the sentence saying who is named."""
    from facilitate.figures.rows import session_groups

    summary = summarise(shareable_session(session, small_group=small_group), show_private=False, with_notes=False)
    attribution = attribution_of(session)
    summary.groups = session_groups(session)
    summary.headcount = dict(session.headcount)
    summary.attribution = attribution
    hidden = hidden_groups(session, small_group)
    summary.unnamed_groups = [g for g in summary.groups if g in hidden]
    summary.small_group = small_group
    summary.naming = naming_rule(session, small_group)
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
    no group, and what a field named `..._by_group` holds for it (an answer's dots by
    group) is taken off, as if typed without a group; a private entry's text becomes
    the placeholder. Done by field name, so every kind's records are covered without
    this module knowing the kinds."""
    if isinstance(value, model):
        fields = type(value).model_fields
        if "group" in fields and getattr(value, "group", None) in hidden:
            value.group = None
        for name in fields:
            if name.endswith("_by_group") and isinstance(getattr(value, name), dict):
                setattr(value, name, {g: n for g, n in getattr(value, name).items() if g not in hidden})
        if getattr(value, "private", False) is True and isinstance(getattr(value, "text", None), str):
            value.text = PRIVATE_PLACEHOLDER
        for name in fields:
            if name in ("definition", "group", "text") or name.endswith("_by_group"):
                continue  # definitions hold no entries; the rest are leaves
            _scrub(getattr(value, name), hidden, model)
    elif isinstance(value, list):
        for item in value:
            _scrub(item, hidden, model)
