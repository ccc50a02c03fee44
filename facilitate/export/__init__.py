"""Shareable reports: one Summary rendered as Markdown, HTML, CSV, JSON or Word.

Every format is built from the same Summary (and, for CSV and JSON, the same entry
rows), so the figures agree wherever they are read. Exports are for sharing: the text
of private answers never appears, and facilitator notes only when asked for. This
module picks the renderer; what renderers share is export/shared.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from facilitate.errors import FacilitateError, quoted

FORMATS = {"md": "md", "html": "html", "csv": "csv", "json": "json", "docx": "docx"}


def render(summary, fmt: str, rows: list[dict] | None = None) -> bytes:
    """The export's bytes, ready to write."""
    if fmt == "md":
        from facilitate.export.markdown import render_markdown

        return render_markdown(summary).encode("utf-8")
    if fmt == "html":
        from facilitate.export.html import render_html

        return render_html(summary).encode("utf-8")
    if fmt == "csv":
        from facilitate.export.spreadsheet import render_csv

        return render_csv(rows or [], summary)
    if fmt == "json":
        from facilitate.export.data import render_json

        return render_json(summary, rows or [])
    if fmt == "docx":
        from facilitate.export.word import render_docx

        return render_docx(summary)
    raise ValueError(f"unknown format {fmt}")


def render_pack(summary, reader: str, fmt: str, themes=None) -> bytes:
    """A pack for its reader (community or funder), from a shareable summary."""
    from facilitate.export.packs import build_pack

    pack = build_pack(summary, reader, themes)
    if fmt == "md":
        from facilitate.export.markdown import render_pack_markdown

        return render_pack_markdown(pack).encode("utf-8")
    if fmt == "html":
        from facilitate.export.html import render_pack_html

        return render_pack_html(pack).encode("utf-8")
    if fmt == "docx":
        from facilitate.export.word import render_pack_docx

        return render_pack_docx(pack)
    raise ValueError(f"no {reader} pack in {fmt}")


def render_across(across, fmt: str, rows: list[dict]) -> bytes:
    """The export of many sessions together, in the same formats."""
    if fmt == "md":
        from facilitate.export.markdown import render_markdown_across

        return render_markdown_across(across).encode("utf-8")
    if fmt == "html":
        from facilitate.export.html import render_html_across

        return render_html_across(across).encode("utf-8")
    if fmt == "csv":
        from facilitate.export.spreadsheet import render_csv

        return render_csv(rows)
    if fmt == "json":
        from facilitate.export.data import render_json

        return render_json(across, rows)
    if fmt == "docx":
        from facilitate.export.word import render_docx_across

        return render_docx_across(across)
    raise ValueError(f"unknown format {fmt}")


def export(
    refs: list[str],
    format: str,
    *,
    output: str | None,
    all_sessions: bool,
    location: str | None,
    with_notes: bool,
    checked_only: bool,
    force: bool,
    reader: str,
    small_group: int,
    contact: str | None,
    sessions_dir: Path,
    catalogue: Callable,
    left_out: Callable[[list[str]], None] = lambda empty: None,
) -> Path | None:
    """`facilitate export`: the facilitator's report of one session or of many
    together, or a community or funder pack of one, written where `-o` says (None for
    standard output)."""
    from facilitate import store
    from facilitate.export.target import write_report
    from facilitate.folder import session_path

    fmt = format.lower().lstrip(".")
    if fmt not in FORMATS:
        raise FacilitateError(
            f"{quoted(format)} is not a format facilitate exports; choose one of: {', '.join(FORMATS)}."
        )
    one = len(refs) == 1 and not all_sessions and location is None
    if reader != "facilitator":
        from facilitate.export.packs import check_pack, themes_for
        from facilitate.figures.sharing import shareable_summary

        check_pack(reader, fmt, one, with_notes)
        path = session_path(refs[0], sessions_dir)
        loaded = store.load_session(path)
        summary = shareable_summary(loaded, small_group=small_group)
        if contact is not None and contact.strip():
            summary.contact = contact.strip()
        data = render_pack(summary, reader, fmt, themes_for(reader, sessions_dir))
        return write_report(data, output, path.parent, loaded.id, fmt, sessions_dir, force, reader)
    if one:
        from facilitate.figures.checked import checked_only as only_checked
        from facilitate.figures.rows import entries
        from facilitate.figures.session import summarise

        path = session_path(refs[0], sessions_dir)
        loaded = store.load_session(path)
        if checked_only:
            loaded = only_checked(loaded)
        data = render(summarise(loaded, show_private=False, with_notes=with_notes), fmt, entries(loaded))
        return write_report(data, output, path.parent, loaded.id, fmt, sessions_dir, force)
    if checked_only:
        raise FacilitateError(
            "--checked-only exports one session; name a single session to leave out the answers not checked."
        )
    from facilitate.figures.many import summarise_many
    from facilitate.figures.rows import across_entries
    from facilitate.folder import together
    from facilitate.planning import slugify

    rows = fmt in ("csv", "json")
    chosen, title = together(catalogue, sessions_dir, refs, all_sessions, location, rows, left_out)
    data = render_across(summarise_many(chosen, title), fmt, across_entries(chosen))
    return write_report(data, output, sessions_dir, slugify(title), fmt, sessions_dir, force)
