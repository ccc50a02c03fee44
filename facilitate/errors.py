"""The errors a facilitator may see (each carries one plain sentence and means exit 1),
and the exit codes."""

import re
from enum import IntEnum


class FacilitateError(Exception):
    """A problem the user can fix; its message is shown as one line, never a traceback."""


class SessionLocked(FacilitateError):
    """Another process is writing to the same session."""


class EntryRefused(FacilitateError):
    """A typed line that does not fit the step; nothing was changed."""


class SessionChanged(FacilitateError):
    """The session file was changed on disk since it was loaded; saving would lose that."""


class SaveFailed(FacilitateError):
    """A save that could not be made (a full disk, a read-only folder); the file on disk
    is unchanged. `reason` says why in a few words, for messages that say what was lost."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class ExitCode(IntEnum):
    """What `facilitate` tells the shell."""

    OK = 0
    PROBLEM = 1  # a problem the user can fix, said in one line on stderr
    USAGE = 2  # a command typed wrongly (typer's own)
    INTERRUPTED = 130  # Ctrl-C, after everything typed was saved


# What a message quotes back of a value someone wrote: enough to find it, never the
# whole of it (a pasted 5,000-digit number made a 5 KB line of one error).
QUOTED_LENGTH = 30


def quoted(value: object) -> str:
    """A value as an error message quotes it back: text in quotes with its control
    characters escaped, true, false and null as YAML writes them, anything else (a
    number, a list) as Python writes it; either
    cut to its first QUOTED_LENGTH characters and "…" when longer."""
    if isinstance(value, str):
        text = repr(value if len(value) <= QUOTED_LENGTH else value[:QUOTED_LENGTH] + "…")
        # A byte the terminal sent that is not UTF-8 is shown as the byte (\xa3), not
        # as the surrogate Python keeps it as (\udca3).
        return re.sub(r"(?<!\\)((?:\\\\)*)\\udc([89a-f][0-9a-f])", r"\1\\x\2", text) if "\\udc" in text else text
    if value is None or isinstance(value, bool):
        # As a session file spells them, not as Python does (True, None).
        return {None: "null", True: "true", False: "false"}[value]
    try:
        text = repr(value)
    except ValueError:  # an int beyond Python's limit on digits it will write out
        return "a number too long to show"
    return text if len(text) <= QUOTED_LENGTH else text[:QUOTED_LENGTH] + "…"


def notice(message: str) -> None:
    """One line for the person at the keyboard, on stderr, that changes nothing: a file
    read with a warning, a save that found the file changed by hand."""
    import sys

    print(message, file=sys.stderr)
