"""Dates as facilitators write them: ISO (2027-07-10), day first as in the UK
(10/07/2027) or with the month's name (10 July 2027, 10 Jul 2027)."""

from __future__ import annotations

import datetime as dt
import re

_MONTH_NAMES = "january february march april may june july august september october november december".split()
_MONTHS = {name: number for number, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3])}
_MONTHS["sept"] = 9
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DAY_FIRST = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", re.ASCII)
_NAMED = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})", re.ASCII)


def read_date(text: str) -> dt.date | None:
    """The date the text names, or None when it names none (or an impossible one)."""
    text = text.strip()
    try:
        if match := _ISO.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
        elif match := _DAY_FIRST.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
        elif match := _NAMED.fullmatch(text):
            month = _MONTHS.get(match[2].casefold())
            if month is None:
                return None
            day, year = int(match[1]), int(match[3])
        else:
            return None
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_or_typed(text: str | None) -> str | None:
    """A date typed in any of these forms as ISO (for `format.long_date` to write as
    people do), or the text as typed when it names no date ("March", "next week")."""
    if not text:
        return text
    day = read_date(text)
    return day.isoformat() if day is not None else text
