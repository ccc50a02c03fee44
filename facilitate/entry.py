"""The quick-entry grammar that every step shares, and the dispatch to each kind's own.

One typed line becomes one change to a step, or a refusal with a sentence saying why.
What every kind shares lives here: the `/` commands, a leading `!` (a private answer
from its first keystroke), the `\\` and `//` escapes, the group prefix (`c:`), and
tallies (`5x3`, numbers read as bounded ASCII digits). What a line means in a step
is the step kind's (`kinds/`). `parse` is pure: it reads the session and never
changes it; a change's `apply` makes it in memory and returns how to take it back.
The same functions serve `facilitate run`, `add` and `import`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from facilitate.errors import EntryRefused, quoted
from facilitate.kinds.base import Undo, answer_of
from facilitate.kinds.numbers import raise_flag, read_number
from facilitate.model import tidy_text
from facilitate.registry import kind_named

if TYPE_CHECKING:
    from facilitate.kinds.base import StepContext
    from facilitate.model import ExerciseRun, Session

COMMANDS = {
    "undo": "take back the last line entered in this step",
    "list": "show what this step has captured so far",
    "note": "/note TEXT adds a facilitator note to the exercise (never shown on the projector)",
    "private": "/private N: answer N is counted but never quoted in anything shared",
    "back": "go back to the previous step",
    "skip": "leave this step out and move on",
    "done": "finish this step and move on",
    "time": "show the time spent and left on this exercise",
    "help": "show what can be typed here",
    "carry": "/carry N brings answer N from the last session forward",
    "tick": "/tick N marks action N as done",
    "readback": "read this exercise's answers back to the room to confirm, amend or withdraw each",
    "terms": "show each group's meaning of the words the groups use differently",
    "quit": "stop here, as Ctrl-D does; everything typed is saved",
}


_GROUP_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]{0,7})\s*:(?!//)(.*)$", re.S)


@dataclass
class Command:
    name: str
    argument: str = ""
    number: int | None = None


@dataclass
class EndStep:
    """An empty line: the step is over."""


# --- reading a line -----------------------------------------------------------------


def parse(ctx: StepContext, line: str) -> Any:
    """Read one typed line in the context of a step: a change, a Command or EndStep.
    Raises EntryRefused with a reason."""
    stripped = line.strip()
    if not stripped:
        return EndStep()
    kind = kind_named(ctx.definition.kind)
    if stripped.startswith("\\"):
        # Everything after a backslash is text as typed: no command, group or `!`.
        text = stripped[1:].strip()
        if not text:
            raise EntryRefused("Type the text after the backslash.")
        return kind.parse(ctx, text, None, False)
    if stripped.startswith("//"):
        return kind.parse(ctx, stripped[1:], None, False)
    if stripped.startswith("/"):
        return _parse_command(ctx, stripped)
    private = False
    if stripped.startswith("!!"):
        stripped = stripped[1:]
    elif stripped.startswith("!"):
        if not kind.holds_answers:
            raise EntryRefused(
                "Only answers can be private; start a line with ! in a step that captures answers, "
                "or with !! to type text that begins with !."
            )
        private = True
        stripped = stripped[1:].strip()
        if not stripped:
            raise EntryRefused("Type the private answer after the !.")
        if stripped.startswith("\\"):
            # `!\q: ...`: private, and taken as text as typed after the backslash.
            return kind.parse(ctx, stripped[1:].strip(), None, True)
    group = None
    if kind.takes_group:
        group, stripped = split_group(ctx.session, stripped, "!" if private else "")
    return kind.parse(ctx, stripped, group, private)


def split_group(session: Session, line: str, lead: str = "") -> tuple[str | None, str]:
    """Split a `c:` prefix off. Something shaped like a group key that is not one is
    refused rather than saved as text: it is far more often a mistyped key. The refusal
    never repeats the rest of the line, which may be private and on a projector."""
    match = _GROUP_PREFIX.match(line)
    if not match:
        return None, line
    group = session.group_by_key(match.group(1))
    if group is not None:
        return group.name, match.group(2).strip()
    key = match.group(1)
    raise EntryRefused(
        f"{quoted(key)} is not a group key: {groups_phrase(session)}. "
        f"To keep it as text, start the line with a backslash: {lead}\\{key}: …"
    )


def groups_phrase(session: Session) -> str:
    if not session.groups:
        return "this session has no groups"
    listed = ", ".join(f"{g.key} ({g.name})" for g in session.groups)
    return f"the groups are {listed}"


def _parse_command(ctx: StepContext, line: str) -> Command:
    word, _, rest = line[1:].partition(" ")
    name = word.lower()
    rest = rest.strip()
    if name not in COMMANDS:
        raise EntryRefused(f"There is no command /{word[:20]}: type /help to see the commands.")
    if name == "note":
        if not rest:
            raise EntryRefused("Write the note after the command, for example /note energy dipped here.")
        return Command(name, tidy_text(rest))
    if name in ("private", "carry", "tick"):
        what = "an action number" if name == "tick" else "an answer number"
        if not rest:
            raise EntryRefused(f"Give {what}, for example /{name} 3.")
        number = read_number(rest, what, f"/{name} 3")
        if name == "private":
            answer_of(ctx, number)
        return Command(name, number=number)
    if rest:
        raise EntryRefused(f"/{name} takes nothing after it.")
    return Command(name)


# --- changes every step shares ---------------------------------------------------------


def apply(ctx: StepContext, change: Any) -> tuple[str, Undo]:
    """Make the change on the session in memory. Returns what happened, in a sentence,
    and a function that takes exactly this change back again."""
    return change.apply(ctx)


def mark_private(ctx: StepContext, number: int) -> tuple[str, Undo]:
    undo = raise_flag(answer_of(ctx, number), "private")
    return f"Answer {number} is private: counted, but never quoted in anything shared.", undo


def add_note(exercise: ExerciseRun, text: str) -> tuple[str, Undo]:
    previous = exercise.notes
    exercise.notes = f"{previous.rstrip()}\n{text}" if previous.strip() else text

    def undo() -> None:
        exercise.notes = previous

    return "Note saved.", undo


def undo_without_history(ctx: StepContext) -> str:
    """Take back the newest item of the step when no history of this sitting exists
    (a resumed run, or a separate `add`)."""
    return kind_named(ctx.definition.kind).take_back_newest(ctx)
