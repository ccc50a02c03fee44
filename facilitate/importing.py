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


CSV_CELL_LIMIT = 1_000_000


class CsvRows(list):
    """A CSV file's rows, and where they came from: the line of the file each row
    starts on, and the rows (numbered from 1, as a spreadsheet shows them) that held
    bytes that were not UTF-8 and were read as Windows-1252."""

    def __init__(self, rows: list[list[str]], lines: list[int], guessed: list[int]) -> None:
        super().__init__(rows)
        self.lines = lines
        self.guessed = guessed


def read_csv_rows(path: Path) -> CsvRows:
    """A CSV file's rows, whatever its delimiter and encoding, newlines inside quoted
    cells kept. Refuses a file that is not text, or a cell too big for an answer."""
    import bisect
    import csv
    import io

    from facilitate import store

    text, guessed_lines = store.read_text_any(path)
    try:
        # Only the delimiter is guessed: the sniffer's guesses about quoting went wrong
        # on a quoted cell holding both quotes and a comma.
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(max(csv.field_size_limit(), CSV_CELL_LIMIT))
    rows: list[list[str]] = []
    lines: list[int] = []
    guessed: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    ended = 0  # the last line of the file read so far
    try:
        for row in reader:
            if any(len(cell) > CSV_CELL_LIMIT for cell in row):
                raise csv.Error("field larger than field limit")
            rows.append(row)
            lines.append(ended + 1)
            after = bisect.bisect_right(guessed_lines, ended)
            if after < len(guessed_lines) and guessed_lines[after] <= reader.line_num:
                guessed.append(len(rows))
            ended = reader.line_num
    except csv.Error as exc:
        row_number = len(rows) + 1
        if "field larger" in str(exc):
            raise FacilitateError(
                f"{path}: row {row_number} has a cell of more than {CSV_CELL_LIMIT:,} characters, too big for an "
                "answer; check it is the right file, or split that cell. Nothing was imported."
            ) from None
        raise FacilitateError(
            f"{path}: row {row_number} cannot be read as CSV ({exc}). Nothing was imported."
        ) from None
    return CsvRows(rows, lines, guessed)


def import_file(
    path: Path, csv_file: Path, exercise: str, step: str, text_column: str | None, group_column: str | None
):
    """Import a CSV file's rows into the session at `path` in one transaction: the good
    rows are saved together, once, or nothing is. Returns the report and the rows read
    (which say which rows were read as Windows-1252)."""
    from facilitate import store

    # Read before the session is locked: a file that never ends (a FIFO, a slow share)
    # must not keep `run` and `add` out of the session.
    rows = read_csv_rows(csv_file)
    with store.session_lock(path, "facilitate import"):
        loaded = store.load_session(path)
        report = import_csv(loaded, exercise, step, rows, text_column, group_column)
        if report.added:
            store.save_session(loaded, path)
    return report, rows
