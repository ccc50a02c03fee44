"""Numbers as the room types them, and the small changes every kind makes with them.

A count of hands, a rating, an answer's number: ASCII digits, a few of them, read the
same way in every step (`read_number`, `tallies`). A tally larger than the room is
refused unless confirmed, so a slipped key never counts a thousand hands.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from facilitate.errors import EntryRefused, quoted
from facilitate.kinds.limits import ROOM_WITHOUT_HEADCOUNT, confirmed

if TYPE_CHECKING:
    from facilitate.kinds.base import Undo

# Numbers typed in the room are small: a count of hands, an answer's number. Longer
# runs of digits are typos, and reading them would cost time and memory for nothing.
MAX_DIGITS = 6
# A tally above the room's size is refused unless confirmed with a trailing `!`
# (kinds/limits.py); beyond this it is refused outright (each response is a record
# in the file).
LARGEST_TALLY = 100_000
_DIGITS = re.compile(r"[0-9]+")
_TALLY = re.compile(r"^([0-9]+)(?:x([0-9]+))?(!?)$")
_TALLY_SIGN = re.compile(r"\s*[x×X*]\s*(?=[0-9])")


def read_number(token: str, what: str, example: str) -> int:
    """A number as the room types it: ASCII digits, at most MAX_DIGITS of them."""
    if not _DIGITS.fullmatch(token):
        raise EntryRefused(f"{quoted(token)} is not {what}: type it in digits, for example {example}.")
    if len(token) > MAX_DIGITS:
        raise EntryRefused(f"{quoted(token)} is far too large for {what}: check the number and type it again.")
    return int(token)


def tallies(
    text: str, what: str, example: str, room: int | None = None, whom: str | None = None
) -> list[tuple[int, int]]:
    """`4 5 3x2` -> [(4, 1), (5, 1), (3, 2)]. A count larger than `room` (the people
    who could have raised a hand, or the dots they held) is refused unless the line is
    confirmed with a trailing `!`; `whom` names that limit in the refusal when it is
    not people. What a group gave across lines is each kind's to check (kinds/limits.py)."""
    sure = confirmed(text)
    text = _TALLY_SIGN.sub("x", text.replace(",", " "))
    tokens = text.split()
    if not tokens:
        raise EntryRefused(f"Type {what}, for example {example}.")
    limit = room if room else ROOM_WITHOUT_HEADCOUNT
    result = []
    for token in tokens:
        match = _TALLY.match(token)
        if not match or not token.isascii():
            raise EntryRefused(f"{quoted(token)} is not {what}: type them like {example}.")
        value = read_number(match.group(1), what, example)
        count = 1 if match.group(2) is None else read_number(match.group(2), "a count", example)
        if count == 0:
            raise EntryRefused(f"{token} counts nobody: the number after x must be 1 or more.")
        if count > LARGEST_TALLY:
            raise EntryRefused(
                f"{token} counts {count:,}, more than facilitate takes in one line (up to {LARGEST_TALLY:,})."
            )
        if count > limit and not sure:
            if not room:
                limit_said = f"{ROOM_WITHOUT_HEADCOUNT:,} (no headcount was given)"
            else:
                limit_said = whom or f"the {room} in the room"
            raise EntryRefused(
                f"{value}x{count} counts {count:,}, more than {limit_said}; "
                f"if that is right, type it with ! at the end: {value}x{count}!"
            )
        result.append((value, count))
    return result


def raise_flag(record: Any, flag: str) -> Undo:
    """Set a true/false flag on an answer or action; return how to put it back."""
    was = getattr(record, flag)
    setattr(record, flag, True)
    return lambda: setattr(record, flag, was)
