"""Shareable reports: one Summary rendered as Markdown, HTML, CSV, JSON or Word.

Every format is built from the same Summary (and, for CSV and JSON, the same entry
rows), so the figures agree wherever they are read. Exports are for sharing: the text
of private answers never appears, and facilitator notes only when asked for.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from facilitate.figures.format import (
    NO_GROUP,
    PRIVATE_PLACEHOLDER,
    agreement_label,
    bridging_phrase,
    count,
    done_mark,
    dots_phrase,
    likeness_text,
    long_date,
    nothing_agreed,
    number,
    out_of,
    percent,
    score,
    support,
    support_cell,
)

FORMATS = {"md": "md", "html": "html", "csv": "csv", "json": "json", "docx": "docx"}


# XML 1.0 cannot carry C0 controls other than tab and newline, nor lone surrogates;
# a session file can hold them (typed, pasted or imported), so they become a visible mark.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    """A copy of a summary with every piece of text fit for XML (Word) and HTML."""
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        )
    if isinstance(value, dict):
        return {xml_safe(k): xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [xml_safe(v) for v in value]
    if isinstance(value, tuple):
        return tuple(xml_safe(v) for v in value)
    return value


def answer_text(item) -> str:
    return item.text if item.text is not None else PRIVATE_PLACEHOLDER


def _summary_lines(figures) -> list[str]:
    """Plain sentences for a step whose kind has no layout and no templates of its own."""
    from facilitate.kinds import kind_named

    return kind_named(figures.kind).summary_lines(figures)


def _section(step, report: str) -> list[str]:
    """The templates that may draw a step's section of a report ("report.md"), best
    first: the kind's own (found by its name), its layout's, then the kind's own plain
    sentences (steps/lines)."""
    from facilitate.kinds.base import LINES, layout_of

    return [f"kinds/{step.kind}/{report}.j2", f"steps/{layout_of(step)}/{report}.j2", f"steps/{LINES}/{report}.j2"]


def _kind_template(name: str):
    """A template a step kind brings in its own folder (`templates`), asked for as
    `kinds/<kind>/<file>`; None when the kind has none."""
    from facilitate.kinds import kind_named

    def folder_of(kind: str) -> str | None:
        try:
            return kind_named(kind).templates
        except KeyError:
            return None

    parts = name.split("/")
    if len(parts) != 3 or parts[0] != "kinds":
        return None
    folder = folder_of(parts[1])
    path = Path(folder, parts[2]) if folder else None
    if path is None or not path.is_file():
        return None
    changed = path.stat().st_mtime_ns

    def uptodate() -> bool:
        # Compiled once per process, until the kind's folder or the file changes.
        try:
            return folder_of(parts[1]) == folder and path.stat().st_mtime_ns == changed
        except OSError:
            return False

    return path.read_text(encoding="utf-8"), str(path), uptodate


@functools.lru_cache(maxsize=2)
def jinja_environment(autoescape: bool):
    """One environment per kind of escaping, kept for the process: it caches its
    compiled templates, and compiling them took half the time of a report. Renderers
    may add their own filters and globals to it, the same ones every time."""
    from jinja2 import ChoiceLoader, Environment, FunctionLoader, PackageLoader, StrictUndefined

    from facilitate.figures.agreement import ENOUGH

    env = Environment(
        loader=ChoiceLoader([PackageLoader("facilitate.export", "templates"), FunctionLoader(_kind_template)]),
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters.update(
        percent=percent,
        number=number,
        answer=answer_text,
        out_of=out_of,
        count=count,
        done=done_mark,
        long_date=long_date,
        dots=lambda p: dots_phrase(p.votes, p.dots_by_group),
        support=support,
        support_cell=support_cell,
        score=score,
        agreement_label=agreement_label,
        bridging=bridging_phrase,
        likeness=likeness_text,
        nothing_agreed=nothing_agreed,
    )
    env.globals.update(summary_lines=_summary_lines, section=_section, NO_GROUP=NO_GROUP, ENOUGH=ENOUGH)
    return env


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


def default_path(folder: Path, stem: str, fmt: str, reader: str = "facilitator") -> Path:
    name = "report" if reader == "facilitator" else reader
    return folder / f"{stem}-{name}.{fmt}"
