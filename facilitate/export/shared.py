"""What every renderer of a report shares: text made fit for XML, the Jinja
environment with its filters and the sections a kind brings, and where a report goes
by default. The renderers import this; the dispatch (export/__init__.py) imports the
renderers, so nothing here imports a renderer.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from facilitate.format import (
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
    unmeasured_line,
)

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
    from facilitate.registry import kind_named

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
    from facilitate.registry import kind_named

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

    from facilitate.figures.agreement import agreement_tables
    from facilitate.kinds.shapes import ENOUGH

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
        agreement_tables=agreement_tables,
        unmeasured=lambda table: unmeasured_line(table, ENOUGH),
        bridging=bridging_phrase,
        likeness=likeness_text,
        nothing_agreed=nothing_agreed,
    )
    env.globals.update(summary_lines=_summary_lines, section=_section, NO_GROUP=NO_GROUP, ENOUGH=ENOUGH)
    return env


def default_path(folder: Path, stem: str, fmt: str, reader: str = "facilitator") -> Path:
    name = "report" if reader == "facilitator" else reader
    return folder / f"{stem}-{name}.{fmt}"
