"""Hides what is being typed when the typing is on the projector.

In one-screen `run --present` the input line is on the wall. A `/note` and a line
that starts with `!` (an answer private as it is typed) are shown as the command,
a mask and a word count, as a password prompt would, so the room never reads them;
so is the whole of a private answer's new wording during a read-back.
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


def masked(text: str, whole: bool = False) -> str:
    """What the projector shows instead of the line; `whole` hides all of it (the new
    wording of a private answer), whatever it starts with."""
    prefix = "" if whole else hidden_prefix(text)
    if prefix is None:
        return text
    words = len(text[len(prefix) :].split())
    hidden = f"●●●●●● ({count(words, 'word')}, hidden)"
    return f"{prefix} {hidden}" if prefix else hidden


class MaskPrivateLines(Processor):
    """Shows a /note or a `!` line as a mask; any other line as typed, unless `whole`
    masks every line. The cursor is kept at the mask's end while the hidden part is edited."""

    def __init__(self, whole: bool = False) -> None:
        self.whole = whole

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        text = ti.document.text
        prefix = "" if self.whole else hidden_prefix(text)
        if prefix is None or ti.lineno != 0:
            return Transformation(ti.fragments)
        shown = masked(text, self.whole)
        keep = len(prefix)
        end = len(shown)
        style = ti.fragments[0][0] if ti.fragments else ""

        def to_display(i: int) -> int:
            return i if i <= keep else end

        def to_source(i: int) -> int:
            return i if i <= keep else len(text)

        return Transformation([(style, shown)], source_to_display=to_display, display_to_source=to_source)
