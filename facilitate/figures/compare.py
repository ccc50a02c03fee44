"""Two sessions side by side: how scales, tag shares and hands moved, which answers came
up again (in similar words) with the dots they got, which are new, and which terms were
discussed in both. Each kind compares its own steps; every shift carries the n it
stands on in each workshop, and the view lists or counts every one of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from facilitate.model import Session


@dataclass
class Skipped:
    """A step skipped in one of the two workshops: not compared, and said so."""

    exercise: str
    step: str
    prompt: str
    where: list[str]  # the labels of the workshops that skipped it


@dataclass
class Comparison:
    a: str
    b: str
    a_label: str
    b_label: str
    a_short: str
    b_short: str
    scales: list[Any]
    tags: list[Any]
    answers: list[Any]
    others: list[Any] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    choices: list[Any] = field(default_factory=list)
    votes: list[Any] = field(default_factory=list)
    terms: list[Any] = field(default_factory=list)


def _label(session: Session) -> str:
    return f"{session.location or session.title} {session.date.isoformat()}"


def compare(a: Session, b: Session) -> Comparison:
    if a.id == b.id:
        from facilitate.errors import FacilitateError

        raise FacilitateError("Those are the same session; name two different ones.")
    from facilitate.figures.session import summarise
    from facilitate.registry import kind_named

    sa, sb = summarise(a), summarise(b)
    sections: dict[str, list[Any]] = {"scales": [], "tags": [], "answers": [], "choices": [], "votes": [], "terms": []}
    others: list[Any] = []
    skipped: list[Skipped] = []
    for ex_b in sb.exercises:
        ex_a = next((e for e in sa.exercises if e.id == ex_b.id), None)
        if ex_a is None:
            continue
        for step_b in ex_b.steps:
            step_a = next((s for s in ex_a.steps if s.step == step_b.step and s.kind == step_b.kind), None)
            if step_a is None:
                continue
            where = [_label(s) for s in (a, b) if s.exercise(ex_b.id).step(step_b.step).status == "skipped"]
            if where:
                skipped.append(Skipped(ex_b.id, step_b.step, step_b.prompt, where))
                continue
            change = kind_named(step_b.kind).compare(ex_b.id, step_a, step_b, {"before_id": a.id})
            if change is not None:
                sections.get(getattr(change, "section", ""), others).append(change)
    # Column headings: the places, or the dates when both workshops were in one place.
    if a.location and b.location and a.location.casefold() != b.location.casefold():
        shorts = a.location, b.location
    else:
        shorts = a.date.isoformat(), b.date.isoformat()
    return Comparison(
        a.id,
        b.id,
        _label(a),
        _label(b),
        *shorts,
        sections["scales"],
        sections["tags"],
        sections["answers"],
        others,
        skipped,
        sections["choices"],
        sections["votes"],
        sections["terms"],
    )
