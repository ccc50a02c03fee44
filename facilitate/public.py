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
from facilitate.model import ExerciseRun, Session, StepDefinition, now


def timer(exercise: ExerciseRun, at: dt.datetime | None = None) -> dict[str, Any]:
    """Minutes spent and left on an exercise, and the words to show for them."""
    planned = exercise.definition.minutes
    if exercise.started is None:
        spent = 0
    else:
        spent = max(0, int(((at or now()) - exercise.started).total_seconds() // 60))
    left = planned - spent
    if left < 0:
        text = f"{spent} of {planned} min · overtime by {-left} min"
    else:
        text = f"{spent} of {planned} min · {left} min left"
    return {"spent": spent, "planned": planned, "left": left, "overtime": left < 0, "text": text}


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def private_line(private: int, earlier: int = 0) -> str:
    """The line under the answers: what is left out, and why."""
    parts = []
    if earlier:
        parts.append(f"+ {earlier} more not shown for space")
    if private:
        parts.append(f"+ {_plural(private, 'private answer')} (counted, not shown)")
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
        actions=[],
        private=0,
    )
    _fill(view, session, exercise, definition)
    return view


def _group_index(session: Session, name: str | None) -> int | None:
    for index, group in enumerate(session.groups):
        if group.name == name:
            return index
    return None


def _fill(view: dict[str, Any], session: Session, exercise: ExerciseRun, definition: StepDefinition) -> None:
    kind = definition.kind
    record = exercise.step(definition.id)
    if kind in ("capture", "tag", "vote"):
        target = exercise.step(definition.of) if definition.of else record
        cards = []
        for number, answer in enumerate(target.answers, 1):
            if answer.private:
                view["private"] += 1
                continue  # counted above; the text stays out of the view
            if kind == "tag":
                detail = ", ".join(answer.tags)
            elif kind == "vote":
                detail = _plural(answer.votes, "dot")
            else:
                detail = ""
            cards.append(
                {
                    "number": number,
                    "text": answer.text,
                    "group": answer.group,
                    "group_index": _group_index(session, answer.group),
                    "detail": detail,
                    "tagged": bool(answer.tags),
                    "votes": answer.votes,
                }
            )
        if kind == "vote":
            # The room sees the ranking: most dots first.
            cards.sort(key=lambda card: -card["votes"])
        view["cards"] = cards
        if kind == "tag":
            view["tags"] = [option.name for option in definition.options]
    elif kind == "scale":
        values = [r.value for r in record.responses]
        view["bars"] = [
            {"label": f"{p} {definition.labels.get(p, '')}".strip(), "count": values.count(p)}
            for p in range(definition.min, definition.max + 1)
        ]
        view["summary"] = _plural(len(values), "response") + (
            f" · mean {sum(values) / len(values):.1f}" if values else ""
        )
    elif kind == "choice":
        view["bars"] = [
            {"label": f"{i}. {o.name}", "count": sum(1 for r in record.responses if r.choice == o.name)}
            for i, o in enumerate(definition.options, 1)
        ]
        view["summary"] = _plural(len(record.responses), "response")
    elif kind == "glossary":
        view["terms"] = [
            {
                "term": term.term,
                "meanings": [
                    {
                        "group": m.group,
                        "group_index": _group_index(session, m.group),
                        "meaning": m.meaning,
                    }
                    for m in term.meanings
                ],
            }
            for term in record.terms
        ]
    else:
        view["actions"] = [
            {
                "number": i,
                "text": a.action + (f" — {a.owner}" if a.owner else "") + (f", by {a.due}" if a.due else ""),
                "done": a.done,
            }
            for i, a in enumerate(record.actions, 1)
        ]
