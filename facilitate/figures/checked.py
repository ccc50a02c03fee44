"""A session as a report of what the room checked: `export --checked-only`.

The copy keeps every answer in place, so each keeps the number it had in the room;
those the room did not check when they were read back are marked as left out, and
every figure, row and count skips them as it skips a withdrawn one. The file itself
is never changed.
"""

from __future__ import annotations

from facilitate.model import Session


def checked_only(session: Session) -> Session:
    copy = session.model_copy(deep=True)
    for exercise in copy.exercises:
        for record in exercise.steps:
            for answer in getattr(record, "answers", ()):
                if answer.checked is None:
                    answer._left_out = True
    return copy
