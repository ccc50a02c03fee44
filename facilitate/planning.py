"""A new session: its id from the date and title, default groups, and every exercise
and step of the agenda written out as `todo`, so the file shows the whole plan."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from facilitate.errors import FacilitateError, quoted
from facilitate.model import AgendaItem, ExerciseDefinition, ExerciseRun, Group, Session, empty_step, now

DEFAULT_GROUPS = [("c", "community"), ("p", "public sector")]


def slugify(title: str) -> str:
    """A file-safe id fragment from a title: 'Caerdydd: Gwerth!' -> 'caerdydd-gwerth'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "workshop"


def plan_session(
    title: str,
    date: dt.date,
    definitions: list[ExerciseDefinition],
    groups: list[tuple[str, str]],
    taken_ids: set[str],
    location: str = "",
    facilitator: str = "",
    headcount: dict[str, int] | None = None,
    like: str | None = None,
) -> Session:
    """A new session; what the model refuses (a bad group key, two groups of one name,
    an exercise twice) is said in one sentence."""
    from pydantic import ValidationError

    # Keys are typed in either case (C: is c:), and readers take Community for
    # community: two that differ only in case would be told apart by nobody.
    for place, what in ((0, "key"), (1, "name")):
        seen: dict[str, str] = {}
        for group in groups:
            folded = group[place].casefold()
            if folded in seen and seen[folded] != group[place]:
                raise FacilitateError(
                    f"The group {what}s {quoted(seen[folded])} and {quoted(group[place])} differ only in "
                    f"capital letters; give each group a {what} of its own."
                )
            seen.setdefault(folded, group[place])
    base = f"{date.isoformat()}-{slugify(title)}"
    session_id, n = base, 2
    while session_id in taken_ids:
        session_id, n = f"{base}-{n}", n + 1
    stamp = now()
    try:
        return Session(
            id=session_id,
            title=title.strip(),
            date=date,
            location=location,
            facilitator=facilitator,
            like=like,
            groups=[Group(key=k, name=name) for k, name in groups],
            headcount=headcount or {},
            created=stamp,
            updated=stamp,
            agenda=[AgendaItem(exercise=d.id, minutes=d.minutes) for d in definitions],
            exercises=[ExerciseRun(id=d.id, definition=d, steps=[empty_step(s) for s in d.steps]) for d in definitions],
        )
    except ValidationError as exc:
        raise FacilitateError(_plain(exc)) from None


def parse_groups(values: list[str]) -> list[tuple[str, str]]:
    """`--group` KEY=NAME pairs; what makes a good key is the model's to say."""
    groups = []
    for value in values:
        key, sep, name = value.partition("=")
        key, name = key.strip(), name.strip()
        if not sep or not key or not name:
            raise FacilitateError(f"--group {quoted(value)} should be KEY=NAME, for example --group c=community.")
        groups.append((key, name))
    return groups


def plan_new(
    title: str,
    date: dt.date,
    group_options: list[str],
    exercise_ids: list[str],
    user_exercises,
    taken_ids: set[str],
    *,
    earlier: Session | None = None,
    location: str = "",
    facilitator: str = "",
    headcount: list[str] = (),
    attribution: str | None = None,
    contact: str | None = None,
    also: list[str] = (),
) -> Session:
    """`facilitate new`: a session of these exercises (the built-in ones by default),
    or run again like `earlier`: its groups and its exercises exactly as they were run,
    so the two compare. Text options are as typed (typed.py makes them text), groups
    KEY=NAME and `headcount` KEY=N."""
    from facilitate.exercises import BUILT_IN, find_exercise
    from facilitate.typed import typed_text

    title, location, facilitator = (
        typed_text(title, "title"),
        typed_text(location, "location"),
        typed_text(facilitator, "facilitator"),
    )
    contact = typed_text(contact, "contact") if contact is not None else None
    groups = parse_groups([typed_text(g, "group") for g in group_options])

    if not groups:
        groups = [(g.key, g.name) for g in earlier.groups] if earlier is not None else DEFAULT_GROUPS
    if earlier is not None and not exercise_ids:
        definitions = [e.definition for e in earlier.exercises]
    else:
        definitions = [find_exercise(e, user_exercises) for e in (exercise_ids or BUILT_IN)]
    names = dict(groups)
    counts = {}
    for value in headcount:
        key, _, number = value.partition("=")
        number = number.strip()
        if key.strip() not in names or not (number.isascii() and number.isdigit() and len(number) <= 6):
            raise FacilitateError(
                f"--headcount {quoted(value)} should be KEY=N with a group key of this session and a number "
                "of people, for example --headcount c=14."
            )
        counts[names[key.strip()]] = int(number)
    if attribution is not None and attribution not in ("group", "none"):
        raise FacilitateError(
            f"--attribution {quoted(attribution)} should be group (name the group) or none (Chatham House)."
        )
    session = plan_session(
        title.strip(),
        date,
        definitions,
        groups,
        taken_ids,
        location=location,
        facilitator=facilitator,
        headcount=counts,
        like=earlier.id if earlier is not None else None,
    )
    if attribution is not None:
        session.attribution = attribution
    if contact is not None and contact.strip():
        session.contact = contact.strip()
    if earlier is not None and not group_options:
        for mine, theirs in zip(session.groups, earlier.groups, strict=False):
            mine.also = list(theirs.also)
    for value in also:
        key, _, other = value.partition("=")
        found = session.group_by_key(key.strip())
        if found is None or not other.strip():
            raise FacilitateError(
                f"--also {quoted(value)} should be KEY=NAME with a group key of this session and the name the "
                "group went by before, for example --also f=funder."
            )
        if other.strip() not in found.also:
            found.also = [*found.also, other.strip()]
    return session


def _plain(exc) -> str:
    """The model's first objection as a sentence a facilitator can act on."""
    first = exc.errors()[0]
    where = [str(part) for part in first["loc"]]
    message = first["msg"].removeprefix("Value error, ")
    if where[:1] == ["key"] or "key" in where:
        value = first.get("input")
        return (
            f"Group key {quoted(value)} should be a letter followed by up to 7 letters or digits, for example c or p2."
        )
    if "title" in where:
        return "The title is empty; give the workshop a name."
    if where[:1] == ["groups"]:
        return f"{message}."  # it names the key or name given twice, and what to do
    if "agenda" in message:
        return "An exercise is named twice; each can appear once in a session."
    return f"{message[0].upper()}{message[1:]}."


def _folded(name: str) -> str:
    """A group's name without case, spaces or a plural: "Funders " and "funder" fold alike."""
    folded = "".join(name.casefold().split())
    if folded.endswith("ies") and len(folded) > 4:
        return folded[:-3] + "y"
    if folded.endswith("s") and not folded.endswith("ss") and len(folded) > 2:
        return folded[:-1]
    return folded


def near_names(
    groups: list[tuple[str, str, list[str]]], earlier: list[tuple[str, list[str]]]
) -> list[tuple[str, str, str, str]]:
    """Groups of a new session whose name differs from a name used in an earlier
    workshop only in case, spacing or a plural, and that do not already say they also
    went by it: (key, name, the earlier name, the session it was used in), one per name.
    `groups` are (key, name, also); `earlier` is (session id, group names)."""
    found = []
    for key, name, also in groups:
        for session_id, names in earlier:
            close = next((n for n in names if n != name and n not in also and _folded(n) == _folded(name)), None)
            if close is not None:
                found.append((key, name, close, session_id))
                break
    return found
