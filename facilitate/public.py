"""What the room may see of a session: the one place that decides it.

`public_view` turns a session into plain data (dicts, lists, text and numbers) for
the step the facilitator is on. The projector in `run --present`, the terminal
follower (`facilitate present`) and the web page (`present --browser`) all draw
from this and nothing else, so the rule is kept here once: facilitator notes are
never included, and a private answer is only counted, never quoted.
No terminal library is imported here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from facilitate.errors import FacilitateError
from facilitate.format import count
from facilitate.model import ExerciseRun, Session, StepDefinition


def timer(exercise: ExerciseRun, at: dt.datetime | None = None) -> dict[str, Any]:
    """Minutes spent and left on an exercise, and the words to show for them, as plain
    data for both projectors (figures/timer.py reads them)."""
    from facilitate.figures.timer import timer as read_timer

    t = read_timer(exercise, at)
    return {"spent": t.spent, "planned": t.planned, "left": t.left, "overtime": t.overtime, "text": t.text}


def private_line(private: int, earlier: int = 0) -> str:
    """The line under the answers: what is left out, and why."""
    parts = []
    if earlier:
        parts.append(f"+ {earlier} more not shown for space")
    if private:
        parts.append(f"+ {count(private, 'private answer')} (counted, not shown)")
    return " · ".join(parts)


def current_position(session: Session) -> tuple[str, str] | None:
    """The step the facilitator is on, if `run` has recorded one that still exists."""
    if session.at is None:
        return None
    try:
        exercise = session.exercise(session.at.exercise)
        exercise.definition.step(session.at.step)
    except (KeyError, FacilitateError):  # an edited file may name a step that is gone
        return None
    return session.at.exercise, session.at.step


def public_view(
    session: Session,
    exercise_id: str | None = None,
    step_id: str | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Everything the room may see of one step: by default the step the facilitator is on.

    `state` is "waiting" until `run` has opened a step, "finished" when the agenda is
    done, else "open"."""
    groups = [{"key": g.key, "name": g.name, "index": i} for i, g in enumerate(session.groups)]
    view: dict[str, Any] = {"title": session.title, "groups": groups, "state": "waiting"}
    if exercise_id is None or step_id is None:
        position = current_position(session)
        if position is None:
            return view
        exercise_id, step_id = position
    exercise = session.exercise(exercise_id)
    definition = exercise.definition.step(step_id)
    steps = exercise.definition.steps
    view.update(
        state="finished" if session.status == "finished" else "open",
        exercise=exercise.definition.title,
        step={
            "id": definition.id,
            "number": steps.index(definition) + 1,
            "of": len(steps),
            "kind": definition.kind,
            "prompt": definition.prompt,
        },
        timer=timer(exercise, at),
        cards=[],
        bars=[],
        summary="",
        tags=[],
        terms=[],
        rows=[],
        layout={"name": "rows", "numbered": False, "empty": "Nothing yet."},
        private=0,
        readback=None,
    )
    shown = session.at.terms if session.at is not None and session.at.step == step_id else None
    if shown is not None:
        # `/terms` was typed: the words the groups use differently, every meaning beside them.
        names = [g.name for g in session.groups]
        view["showing"] = "terms"
        view["terms"] = [
            {
                "term": t.term,
                "meanings": [
                    {
                        "group": m.group,
                        "group_index": names.index(m.group) if m.group in names else None,
                        "meaning": _with_place(m.meaning, m.where),
                    }
                    for m in t.meanings
                ],
            }
            for t in shown
        ]
    reading = session.at.reading if session.at is not None and session.at.step == step_id else None
    if reading is not None:
        view["readback"] = _reading(session, exercise, definition, reading)
        return view
    asked = view["terms"]
    _fill(view, session, exercise, definition)
    if shown is not None:
        # After the step's own fill: on the glossary step, whose own view is its terms,
        # /terms still shows every group's meaning of the words used differently.
        view["terms"] = asked
        view["layout"] = {"name": "terms", "empty": "No terms yet."}
    return view


def _reading(session: Session, exercise: ExerciseRun, definition: StepDefinition, number: int) -> dict[str, Any] | None:
    """The answer being read back to the room, as the room may see it: a private one
    only by its number (its words are checked on the facilitator's screen)."""
    answers = getattr(exercise.step(definition.id), "answers", [])
    if not 1 <= number <= len(answers):
        return None  # an edited file may name an answer that is gone
    answer = answers[number - 1]
    names = [g.name for g in session.groups]
    return {
        "number": number,
        "private": answer.private,
        "text": None if answer.private else answer.text,
        "group": None if answer.private else answer.group,
        "group_index": names.index(answer.group) if answer.group in names and not answer.private else None,
        "line": (
            f"private answer {number}: checked on the facilitator's screen"
            if answer.private
            else f"Reading back answer {number}: does this say what you meant?"
        ),
    }


def _fill(view: dict[str, Any], session: Session, exercise: ExerciseRun, definition: StepDefinition) -> None:
    from facilitate.registry import kind_named

    # Each kind says what of its step the room may see (kinds/*.py, `fill_public`).
    kind_named(definition.kind).fill_public(view, session, exercise, definition)


def _with_place(meaning: str, where: str) -> str:
    """A meaning from another workshop says where it was given."""
    from facilitate.figures.terms import THIS_SESSION

    return meaning if not where or where == THIS_SESSION else f"{meaning} ({where})"
