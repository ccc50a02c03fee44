"""The CSV export: a row per answer, response, term meaning and action.

UTF-8 with a byte-order mark so Excel reads accents and emoji correctly, and every
cell that a spreadsheet would run as a formula is neutralised with a leading quote.
"""

from __future__ import annotations

import csv
import io

from facilitate.figures.rows import ENTRY_FIELDS

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A cell as text that no spreadsheet will evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        value = "; ".join(value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def render_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ENTRY_FIELDS)
    for row in rows:
        writer.writerow([neutralise(row[name]) for name in ENTRY_FIELDS])
    return buffer.getvalue().encode("utf-8-sig")
