"""How figures are written as words: one rounding rule, one way to say a count.

`ui/` and `export/` both format through here, so a mean of 3.25 is 3.3 on the
projector, in `/list`, in `summary` and in every export, and one dot is "1 dot"
everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

NO_GROUP = "no group"
PRIVATE_PLACEHOLDER = "(private answer)"

_IRREGULAR = {"person": "people", "entry": "entries", "reply": "replies"}


def group_label(name: str | None) -> str:
    """The name shown for an answer's group; answers typed without one say so."""
    return name or NO_GROUP


def number(value: float | int | None) -> str:
    """One decimal place, halves rounded up as people expect (3.25 -> 3.3); whole
    counts as they are; a missing figure as a dash."""
    if value is None:
        return "–"
    if isinstance(value, bool) or isinstance(value, int):
        return str(int(value))
    return str(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(share: float | None) -> str:
    """A share of 0..1 as a whole percentage, halves rounded up (0.125 -> 13%)."""
    if share is None:
        return ""
    whole = Decimal(repr(float(share))) * 100
    return f"{whole.quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def plural(noun: str, count: int) -> str:
    """The noun for this many: 1 dot, 2 dots, 1 person, 3 people."""
    if count == 1:
        return noun
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def count(n: int, noun: str) -> str:
    """'1 dot', '2 dots', '0 answers'."""
    return f"{n} {plural(noun, n)}"


def out_of(counts: tuple[int, int]) -> str:
    """(1, 3) -> '1 of 3', so a reader sees how few answers a share stands on."""
    return f"{counts[0]} of {counts[1]}"


def long_date(value: dt.date | str) -> str:
    """A date as people write it in the UK: '10 July 2027'."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.day} {value.strftime('%B')} {value.year}"


def month(value: str) -> str:
    """A month written YYYY-MM as people write it: 'July 2027'."""
    try:
        first = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return value
    return f"{first.strftime('%B')} {first.year}"
