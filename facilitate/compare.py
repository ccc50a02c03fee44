"""Two sessions side by side: how scales and tag shares moved, which answers came up
again (in similar words) and which are new. Pure: sessions in, a Comparison out."""

from __future__ import annotations

from dataclasses import dataclass

from facilitate.model import Session
from facilitate.summary import NO_GROUP, ScaleSummary, TagSummary, summarise

SIMILAR = 80  # rapidfuzz token-set score from which two answers count as the same point


@dataclass
class Shift:
    label: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 3)


@dataclass
class ScaleShift:
    exercise: str
    step: str
    prompt: str
    overall: Shift
    by_group: list[Shift]


@dataclass
class TagShift:
    exercise: str
    step: str
    prompt: str
    shifts: list[tuple[str, str, Shift]]  # (tag, group, share before -> after), biggest first
    comparable: bool  # some group's answers were tagged in both sessions


@dataclass
class Recurring:
    before: str
    after: str
    score: float
    carried: bool


@dataclass
class AnswerChanges:
    exercise: str
    step: str
    prompt: str
    recurring: list[Recurring]
    new: list[str]
    gone: list[str]
    private_new: int


@dataclass
class Comparison:
    a: str
    b: str
    a_label: str
    b_label: str
    a_short: str
    b_short: str
    scales: list[ScaleShift]
    tags: list[TagShift]
    answers: list[AnswerChanges]


def _label(session: Session) -> str:
    return f"{session.location or session.title} {session.date.isoformat()}"


def compare(a: Session, b: Session) -> Comparison:
    from rapidfuzz import fuzz, process, utils

    sa, sb = summarise(a), summarise(b)
    scales: list[ScaleShift] = []
    tags: list[TagShift] = []
    answers: list[AnswerChanges] = []
    for ex_b in sb.exercises:
        ex_a = next((e for e in sa.exercises if e.id == ex_b.id), None)
        if ex_a is None:
            continue
        for step_b in ex_b.steps:
            step_a = next((s for s in ex_a.steps if s.step == step_b.step and s.kind == step_b.kind), None)
            if step_a is None:
                continue
            if isinstance(step_b, ScaleSummary):
                groups = [g for g in [*step_a.by_group, *step_b.by_group] if g != NO_GROUP]
                groups = list(dict.fromkeys(groups))
                scales.append(
                    ScaleShift(
                        ex_b.id,
                        step_b.step,
                        step_b.prompt,
                        Shift("everyone", step_a.overall.mean, step_b.overall.mean),
                        [
                            Shift(
                                g,
                                getattr(step_a.by_group.get(g), "mean", None),
                                getattr(step_b.by_group.get(g), "mean", None),
                            )
                            for g in groups
                        ],
                    )
                )
            elif isinstance(step_b, TagSummary):
                shifts = []
                # Only groups whose answers were tagged in both rooms: an untagged step
                # is not a shift to zero.
                both = [g for g in step_b.groups if step_a.tagged_per_group.get(g) and step_b.tagged_per_group.get(g)]
                for tag in step_b.tags:
                    for group in both:
                        before = step_a.shares.get(tag, {}).get(group)
                        after = step_b.shares.get(tag, {}).get(group)
                        if before is None and after is None:
                            continue
                        shifts.append((tag, group, Shift(f"{tag} · {group}", before, after)))
                shifts.sort(key=lambda item: -abs(item[2].change or 0))
                tags.append(TagShift(ex_b.id, step_b.step, step_b.prompt, shifts, bool(both)))
            elif step_b.kind == "capture":
                earlier = [x.text for x in step_a.answers if x.text is not None]
                carried_texts = {x.text for x in step_b.answers if x.carried_from == a.id}
                recurring, new = [], []
                matched: set[int] = set()
                for item in sorted(step_b.answers, key=lambda x: x.number):
                    if item.text is None:
                        continue
                    best = (
                        process.extractOne(
                            item.text, earlier, scorer=fuzz.token_set_ratio, processor=utils.default_process
                        )
                        if earlier
                        else None
                    )
                    carried = item.text in carried_texts
                    if best is not None and (best[1] >= SIMILAR or carried):
                        recurring.append(Recurring(best[0], item.text, round(best[1], 1), carried))
                        matched.add(best[2])
                    else:
                        new.append(item.text)
                # A step not yet run this time says nothing about what was not heard.
                gone = [t for i, t in enumerate(earlier) if i not in matched] if step_b.answers else []
                answers.append(
                    AnswerChanges(
                        ex_b.id,
                        step_b.step,
                        step_b.prompt,
                        recurring,
                        new,
                        gone,
                        sum(1 for x in step_b.answers if x.text is None),
                    )
                )
    # Column headings: the places, or the dates when both workshops were in one place.
    if a.location and b.location and a.location.casefold() != b.location.casefold():
        shorts = a.location, b.location
    else:
        shorts = a.date.isoformat(), b.date.isoformat()
    return Comparison(a.id, b.id, _label(a), _label(b), *shorts, scales, tags, answers)
