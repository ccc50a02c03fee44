"""What a room can give: a group's ratings, hands and dots, across every line typed in
a step, stay within the people in it.

A line is checked against what the group has left, not on its own: eight ratings and
then one more from a group of eight is refused, as is a run of single numbers that
would put a group's dots past its headcount times the dots each person holds. A line
typed without a group is held to the whole room. Without a headcount the room is
taken to be ROOM_WITHOUT_HEADCOUNT people, as a guard against typos rather than a
count. A headcount can be wrong (someone came late), so a line that ends with `!`
is taken as the facilitator's word that the count is right.

The refusal names the group, what it has given so far and what it has left, in
numbers only: the line may sit under a private answer on a projector, and numbers
never say what anyone wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitate.errors import EntryRefused
from facilitate.format import count, plural

# A room this size is assumed when no headcount was given: a guard against typos.
ROOM_WITHOUT_HEADCOUNT = 1000


@dataclass
class Allowance:
    """How many ratings, hands or dots a group (or, with no group, the room) may give
    in one step: its people, times the dots each holds where that applies."""

    who: str  # a group's name, or "the room"
    people: int | None  # None: no headcount was given
    each: int | None = None  # dots each person holds, for a dot vote

    @property
    def limit(self) -> int:
        return (self.people or ROOM_WITHOUT_HEADCOUNT) * (self.each or 1)

    @property
    def basis(self) -> str:
        """What the limit rests on, in brackets: '(4 people, 3 dots each)'."""
        if not self.people:
            return f"no headcount was given, so {ROOM_WITHOUT_HEADCOUNT:,} is assumed"
        said = count(self.people, "person")
        return f"{said}, {count(self.each, 'dot')} each" if self.each else said


def people_in(session, group: str | None = None) -> int | None:
    """How many people were present: in a group (its headcount) or in the whole room
    (everyone's), for a session or its summary; None when no headcount was given.
    The one reading of a headcount: the limits of a line, the vote's room, the
    packs, the published page and the database all ask here."""
    if group is not None:
        return session.headcount.get(group) or None
    return sum(session.headcount.values()) or None


def allowance(session, group: str | None, each: int | None = None) -> Allowance:
    return Allowance(group if group is not None else "the room", people_in(session, group), each)


def confirmed(text: str) -> bool:
    """A count line with a `!` after a number (`5x13!`, `4 4 4!`) is confirmed: the
    facilitator says the count is right. (A leading `!`, for a private answer, is read
    before a kind sees the line.)"""
    return "!" in text


def keep_within(
    allowed: Allowance,
    given: int,
    adding: int,
    noun: str,
    verb: str,
    line: str,
    where: str = "",
) -> None:
    """Refuse a line that would take what a group has given in this step past what it
    can give. `given` is what it has given already, `adding` what this line adds;
    `noun` is "rating", "hand" or "dot", `verb` "given", "raised" or "placed";
    `where` narrows the count ("for option 2"); `line` is the line as typed, group
    key included, to show how to confirm it."""
    if confirmed(line) or given + adding <= allowed.limit:
        return
    left = max(0, allowed.limit - given)
    place = f" {where}" if where else ""
    held = f"{allowed.limit:,} {plural(noun, allowed.limit)}{place} ({allowed.basis})"
    if given:
        so_far = f"{allowed.who} has already {verb} {given:,} of its {held}: {f'{left} left' if left else 'none left'}"
    else:
        so_far = f"{allowed.who} has {verb} none of its {held} yet"
    raise EntryRefused(
        f"{so_far}, and this line adds {adding}. If the count is right, end the line with !: {line.strip()}!"
    )


def typed_as(session, group: str | None, text: str) -> str:
    """The line as the facilitator would type it again, group key first."""
    if group is None:
        return text.strip()
    key = next((g.key for g in session.groups if g.name == group), None)
    return f"{key}: {text.strip()}" if key else text.strip()
