"""The CSV export: a row per answer, response, term meaning and action, then (for one
session) a row per group for every item the groups' agreement was measured on: kind
`agreement`, the item in `text`, the group's support (a number from 0 to 1, with the
`k` of `n` it stands on in columns of their own) and the item's bridging score.

UTF-8 with a byte-order mark so Excel reads accents and emoji correctly, and every
cell that a spreadsheet would run as a formula is neutralised with a leading quote;
control characters (other than tab and line breaks) are dropped from every cell.
"""

from __future__ import annotations

import csv
import io
import re

from facilitate.figures.rows import ENTRY_FIELDS

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 and C1 controls (and DEL) other than tab, newline and carriage return: `cat` of the
# file would send them to the terminal as escape sequences, and spreadsheets show junk.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def neutralise(value: object) -> str:
    """A cell as text that no spreadsheet will evaluate and no terminal will obey."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        value = "; ".join(value)
    # Controls go first, so one cannot hide a formula behind it ("\x01=cmd").
    text = _CONTROLS.sub("", str(value))
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def agreement_rows(summary) -> list[dict]:
    """A row per group for each item of the summary's agreement figures."""
    from facilitate.format import agreement_label, score, share_number

    rows = []
    for item in summary.agreement:
        for x in item.supports:
            row = dict.fromkeys(ENTRY_FIELDS)
            row.update(
                session=summary.session,
                date=summary.date,
                location=summary.location,
                exercise=item.exercise,
                step=item.step,
                kind="agreement",
                number=item.number,
                group=x.group,
                text=item.text if item.text is not None else agreement_label(item),
                support=share_number(x.share),
                k=x.k,
                n=x.n,
                bridging=score(item.score) if item.score is not None else "",
            )
            rows.append(row)
    return rows


def render_csv(rows: list[dict], summary=None) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ENTRY_FIELDS)
    for row in [*rows, *(agreement_rows(summary) if summary is not None else [])]:
        writer.writerow([neutralise(row[name]) for name in ENTRY_FIELDS])
    return buffer.getvalue().encode("utf-8-sig")
