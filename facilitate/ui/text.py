"""Text is text on the terminal: whatever a session holds reaches the screen as plain
characters, whatever the terminal can carry.

Titles, locations, group names and answers come from files and from typing, so they
may hold rich markup (`[/]`, `[bold red]`), escape sequences or bell characters. Every
console the tool prints through is made here: markup is never interpreted, control
characters in the text are dropped just before output (rich's own colour codes travel
separately and are kept), and a character the terminal's encoding cannot carry
becomes a replacement character instead of a traceback.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

# C0 controls other than tab and newline, DEL, and the C1 controls (0x9b is a
# one-byte CSI in some terminals); and the bidirectional embeddings, overrides and
# isolates, which can make a line read in another order than it is written (an
# answer could seem to say what it does not). Text in any script reads the same
# without them on a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """The text with every control character that could steer the terminal removed."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def tolerant_streams() -> None:
    """Let standard output and error replace what their encoding cannot carry
    (PYTHONIOENCODING=ascii, a latin-1 terminal) rather than fail mid-report."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or unusual stream: leave it as it is
                pass


class _Cleaned:
    """A renderable drawn as its inner one, with control characters taken out of its
    text segments."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.segment import Segment

        for segment in console.render(self.inner, options):
            if segment.control or not segment.text:
                yield segment
            else:
                yield Segment(safe_text(segment.text), segment.style)

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.inner)


class _CleanHook:
    """A rich render hook that cleans everything printed (see _Cleaned)."""

    def process_renderables(self, renderables: Iterable[Any]) -> list[Any]:
        return [_Cleaned(r) for r in renderables]


_CONSOLE_CLASS: list[Any] = []


def _console_class():
    """rich's Console, handing on the text of a long answer a line at a time.

    rich draws a wrapped text as one segment holding every line, then cuts it into
    lines by partitioning what is left after each: a copy of the rest per line, so a
    1 MB answer in a table took seconds and 5 MB nearly a minute. Cut here at each
    line break as the segments go by, the work is in proportion to the text."""
    if not _CONSOLE_CLASS:
        from rich.console import Console
        from rich.segment import Segment

        class LineByLineConsole(Console):
            def render(self, renderable: Any, options: Any = None) -> Iterator[Any]:
                for segment in super().render(renderable, options):
                    text = segment.text
                    if segment.control or len(text) < 512 or "\n" not in text:
                        yield segment
                        continue
                    style = segment.style
                    for line in text.splitlines(keepends=True):
                        yield Segment(line, style)

        _CONSOLE_CLASS.append(LineByLineConsole)
    return _CONSOLE_CLASS[0]


def safe_console(**options: Any):
    """A rich Console that shows text as text (see the module's docstring)."""
    tolerant_streams()
    console = _console_class()(markup=False, **options)
    console.push_render_hook(_CleanHook())
    return console
