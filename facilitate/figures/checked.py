"""A session as a report of what the room checked: `export --checked-only`.

The copy keeps every answer in place, so each keeps the number it had in the room;
those the room did not check when they were read back are marked as left out, and
every figure, row and count skips them as it skips a withdrawn one. The file itself
is never changed.
"""

from __future__ import annotations

from facilitate.model import LeftOutAnswer, Session


def checked_only(session: Session) -> Session:
    copy = session.model_copy(deep=True)
    for exercise in copy.exercises:
        for record in exercise.steps:
            answers = getattr(record, "answers", None)
            if answers is None:
                continue
            for number, answer in enumerate(answers):
                if answer.checked is None:
                    answers[number] = LeftOutAnswer.model_construct(answer.model_fields_set, **answer.__dict__)
    return copy
