"""Importing answers from a spreadsheet or form export: each row becomes a typed line
and goes through the quick-entry grammar, so an import obeys the same rules as the room."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from facilitate.errors import EntryRefused, FacilitateError, quoted
from facilitate.facilitation import Workshop
from facilitate.model import Session

TEXT_COLUMNS = ("text", "answer", "answers", "response", "what was said")
GROUP_COLUMNS = ("group", "sector", "table")


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _column(header: list[str], wanted: str | None, defaults: tuple[str, ...], what: str) -> int | None:
    folded = [h.strip().casefold() for h in header]
    if wanted is not None:
        if wanted.strip().casefold() in folded:
            return folded.index(wanted.strip().casefold())
        raise FacilitateError(
            f"There is no column {quoted(wanted)} for the {what}; the columns are: {', '.join(header)}."
        )
    for name in defaults:
        if name in folded:
            return folded.index(name)
    return None


def import_csv(
    session: Session,
    exercise: str,
    step: str,
    rows: list[list[str]],
    text_column: str | None = None,
    group_column: str | None = None,
) -> ImportReport:
    """Apply the rows to the session in memory (the caller saves once). Rows are
    numbered as a spreadsheet shows them: the header is row 1."""
    if not rows:
        raise FacilitateError("The file is empty: there is no header row and no answers.")
    header, body = rows[0], rows[1:]
    text_at = _column(header, text_column, TEXT_COLUMNS, "text")
    group_at = _column(header, group_column, GROUP_COLUMNS, "group")
    if text_at is None:
        # No column named for the text: the first that does not name the group.
        text_at = next((i for i in range(len(header)) if i != group_at), None)
        if text_at is None:
            raise FacilitateError(
                f"The file has no column for the text, only {', '.join(header) or 'an empty header'}; "
                "add one, or name it with --text-column."
            )
    workshop = Workshop(session, save=lambda _: None)
    workshop.context(exercise, step)  # refuses an unknown exercise or step before any row
    keys = {g.key.casefold(): g.key for g in session.groups}
    names = {g.name.casefold(): g.key for g in session.groups}
    report = ImportReport(rows=len(body))
    lines = getattr(rows, "lines", None)
    for number, row in enumerate(body, 2):
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            where = (
                f"row {number}"
                if lines is None or lines[number - 1] == number
                else (f"row {number} (line {lines[number - 1]} of the file)")
            )
            raise FacilitateError(
                f"{where} has {len(row)} cells but the header names {len(header)} columns, so a cell would be "
                "lost (perhaps a comma in the text without quotes round it); fix that row and import again. "
                "Nothing was imported."
            )
        text = row[text_at].strip() if text_at < len(row) else ""
        if not text:
            report.skipped.append((number, "the text is empty"))
            continue
        line = text
        if group_at is not None:
            group = row[group_at].strip() if group_at < len(row) else ""
            if group:
                key = keys.get(group.casefold()) or names.get(group.casefold())
                if key is None:
                    known = ", ".join(f"{g.key} ({g.name})" for g in session.groups)
                    report.skipped.append((number, f"{quoted(group)} is not a group of this session ({known})"))
                    continue
                line = f"{key}: {text}"
        if line.startswith("/"):
            line = "/" + line  # a row of text, never a command
        try:
            outcome = workshop.enter(exercise, step, line)
        except EntryRefused as exc:
            report.skipped.append((number, str(exc)))
            continue
        if outcome.saved:
            report.added += 1
    return report


def import_file(
    path: Path, csv_file: Path, exercise: str, step: str, text_column: str | None, group_column: str | None
):
    """Import a CSV file's rows into the session at `path` in one transaction: the good
    rows are saved together, once, or nothing is. Returns the report and the rows read
    (which say which rows were read as Windows-1252)."""
    from facilitate import store

    # Read before the session is locked: a file that never ends (a FIFO, a slow share)
    # must not keep `run` and `add` out of the session.
    rows = store.read_csv_rows(csv_file)
    with store.session_lock(path, "facilitate import"):
        loaded = store.load_session(path)
        report = import_csv(loaded, exercise, step, rows, text_column, group_column)
        if report.added:
            store.save_session(loaded, path)
    return report, rows
