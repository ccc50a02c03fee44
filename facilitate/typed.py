"""Text typed at a terminal, made into text a session can keep.

A terminal set to Latin-1 or Windows-1252 sends `£` as the one byte 0xA3. Python,
reading the command line or the keyboard as UTF-8, keeps such a byte as a lone
surrogate ("\\udca3"), which is no character at all: saved, it locked the session out
of its own tool. So every piece of typed text that a session keeps passes through
`typed_text` first: a byte that is not UTF-8 is read in the encoding the terminal's
settings name (LANG and its kin, or PYTHONIOENCODING), and when none of them reads it
the text is refused in one sentence naming the byte and the field.
"""

from __future__ import annotations

import codecs
import os
import re
import sys

from facilitate.errors import EntryRefused

_NOT_UTF8 = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def terminal_encodings() -> list[str]:
    """The encodings this terminal's settings name, other than UTF-8, most telling first:
    the locale variables in the order the C library reads them, then Python's own.
    All three variables are read: Python sets LC_CTYPE to C.UTF-8 itself when the
    locale LANG names is not installed, which is just when LANG tells most."""
    named = []
    for variable in ("LC_ALL", "LC_CTYPE", "LANG"):
        # en_GB.ISO-8859-15@euro: the codeset lies between the dot and any @.
        named.append(os.environ.get(variable, "").partition(".")[2].partition("@")[0])
    for stream in (sys.stdin, sys.stdout):
        named.append(getattr(stream, "encoding", None) or "")
    found: list[str] = []
    for name in named:
        try:
            canonical = codecs.lookup(name).name if name else ""
        except LookupError:
            continue
        if canonical and canonical != "utf-8" and canonical not in found:
            found.append(canonical)
    return found


def typed_text(value: str, field: str) -> str:
    """value as the text it was typed as; EntryRefused, naming the byte and the field,
    when no encoding the terminal names can read it."""
    if not _SURROGATE.search(value):
        return value
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raise EntryRefused(
            f"The {field} holds a character that is not text (a lone surrogate); type it again."
        ) from None
    for encoding in terminal_encodings():
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    byte = ord(_NOT_UTF8.search(value)[0]) - 0xDC00  # type: ignore[index]
    raise EntryRefused(
        f"The {field} holds the byte \\x{byte:02x}, which is not UTF-8 (the terminal may be set to Latin-1 or "
        "Windows-1252); set the terminal to UTF-8, or name its encoding in LANG (as in en_GB.ISO-8859-1), "
        "and type it again."
    )
