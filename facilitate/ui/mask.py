"""Hides what is being typed when the typing is on the projector.

In one-screen `run --present` the input line is on the wall. A `/note` and a line
that starts with `!` (an answer private as it is typed) are shown as the command,
a mask and a word count, as a password prompt would, so the room never reads them.
"""

from __future__ import annotations

import re

from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput

from facilitate.format import count

_NOTE = re.compile(r"^\s*/note(?=\s|$)", re.I)
_PRIVATE = re.compile(r"^\s*!(?!!)")


def hidden_prefix(text: str) -> str | None:
    """The part of a line that may stay visible when the rest must be hidden, or None
    when the line may be shown as typed. `!!` is the escape for text that really starts
    with `!`, so it is shown."""
    for pattern in (_NOTE, _PRIVATE):
        match = pattern.match(text)
        if match:
            return match.group(0)
    return None


def masked(text: str) -> str:
    """What the projector shows instead of the line."""
    prefix = hidden_prefix(text)
    if prefix is None:
        return text
    words = len(text[len(prefix) :].split())
    return f"{prefix} ●●●●●● ({count(words, 'word')}, hidden)"


class MaskPrivateLines(Processor):
    """Shows a /note or a `!` line as a mask; any other line as typed. The cursor is
    kept at the mask's end while the hidden part is edited."""

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        text = ti.document.text
        prefix = hidden_prefix(text)
        if prefix is None or ti.lineno != 0:
            return Transformation(ti.fragments)
        shown = masked(text)
        keep = len(prefix)
        end = len(shown)
        style = ti.fragments[0][0] if ti.fragments else ""

        def to_display(i: int) -> int:
            return i if i <= keep else end

        def to_source(i: int) -> int:
            return i if i <= keep else len(text)

        return Transformation([(style, shown)], source_to_display=to_display, display_to_source=to_source)
