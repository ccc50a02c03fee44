"""From sessions to a Summary: the figures every view and export is built from.

Pure: sessions in, plain dataclasses out. No files, no terminal. Private answers are
counted in every figure; their text is kept only when the caller asks for it (the
facilitator's own screen), never for anything shared.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from facilitate.model import ExerciseRun, Session, StepDefinition

NO_GROUP = "no group"


def _group(name: str | None) -> str:
    return name or NO_GROUP


def session_groups(session: Session) -> list[str]:
    """The groups' names in order: those the session declares, then any name its
    entries carry that it does not declare (a group renamed by hand in `groups`), so
    those entries are shown as a group of their own rather than lost."""
    names = [g.name for g in session.groups]
    known = set(names)
    for exercise in session.exercises:
        for step in exercise.steps:
            carried = (
                getattr(step, "answers", None)
                or getattr(step, "responses", None)
                or [m for t in getattr(step, "terms", ()) for m in t.meanings]
            )
            for item in carried:
                if item.group and item.group not in known:
                    known.add(item.group)
                    names.append(item.group)
    return names


@dataclass
class ScaleFigures:
    n: int
    mean: float | None
    median: float | None
    distribution: dict[int, int]


@dataclass
class ScaleSummary:
    kind = "scale"
    step: str
    prompt: str
    min: int
    max: int
    labels: dict[int, str]
    overall: ScaleFigures
    by_group: dict[str, ScaleFigures]


@dataclass
class AnswerItem:
    number: int
    text: str | None  # None when private and the summary is for sharing
    group: str
    tags: list[str]
    votes: int
    private: bool
    carried_from: str | None = None


@dataclass
class CaptureSummary:
    kind = "capture"
    step: str
    prompt: str
    answers: list[AnswerItem]  # most votes first, then in the order given
    count: int
    by_group: dict[str, int]
    private: int
    voted: bool


@dataclass
class ChoiceSummary:
    kind = "choice"
    step: str
    prompt: str
    options: list[str]
    totals: dict[str, int]
    by_group: dict[str, dict[str, int]]  # option -> group -> count
    responses: int
    groups: list[str]


@dataclass
class TagSummary:
    kind = "tag"
    step: str
    prompt: str
    of: str
    tags: list[str]
    descriptions: dict[str, str]
    groups: list[str]
    answers_per_group: dict[str, int]
    counts: dict[str, dict[str, int]]  # tag -> group -> answers carrying it
    shares: dict[str, dict[str, float]]  # tag -> group -> share of that group's answers
    totals: dict[str, int]
    untagged: int
    tagged_per_group: dict[str, int] = field(default_factory=dict)


@dataclass
class VoteSummary:
    kind = "vote"
    step: str
    prompt: str
    of: str
    ranking: list[AnswerItem]
    dots: int


@dataclass
class MeaningItem:
    group: str
    meaning: str


@dataclass
class TermSummary:
    term: str
    meanings: list[MeaningItem]
    groups: list[str]
    differs: bool


@dataclass
class GlossarySummary:
    kind = "glossary"
    step: str
    prompt: str
    terms: list[TermSummary]
    not_discussed: list[str]


@dataclass
class ActionItem:
    action: str
    owner: str | None
    due: str | None
    done: bool


@dataclass
class ActionsSummary:
    kind = "actions"
    step: str
    prompt: str
    actions: list[ActionItem]


StepSummary = (
    ScaleSummary | CaptureSummary | ChoiceSummary | TagSummary | VoteSummary | GlossarySummary | ActionsSummary
)


@dataclass
class ExerciseSummary:
    id: str
    title: str
    minutes: int
    steps: list[StepSummary]
    notes: str | None  # only when notes were asked for


@dataclass
class Priority:
    text: str | None
    group: str
    votes: int
    exercise: str
    step: str


@dataclass
class ScaleGap:
    exercise: str
    step: str
    prompt: str
    highest: tuple[str, float]
    lowest: tuple[str, float]
    gap: float


@dataclass
class TagGap:
    exercise: str
    step: str
    tag: str
    highest: tuple[str, float]
    lowest: tuple[str, float]
    gap: float
    # (answers tagged, answers given) for each side: a share of one answer is not a trend
    highest_n: tuple[int, int] = (0, 0)
    lowest_n: tuple[int, int] = (0, 0)


@dataclass
class Headline:
    priorities: list[Priority]
    scale_gaps: list[ScaleGap]
    tag_gaps: list[TagGap]
    disputed_terms: list[TermSummary]


@dataclass
class Summary:
    session: str
    title: str
    date: str
    location: str
    facilitator: str
    status: str
    groups: list[str]
    headcount: dict[str, int]
    answers: int
    private: int
    headline: Headline
    exercises: list[ExerciseSummary] = field(default_factory=list)

    def step(self, exercise: str, step: str) -> StepSummary:
        for ex in self.exercises:
            if ex.id == exercise:
                for item in ex.steps:
                    if item.step == step:
                        return item
        raise KeyError((exercise, step))


# --- building -------------------------------------------------------------------------


def scale_figures(values: list[int], low: int, high: int) -> ScaleFigures:
    counts = Counter(values)
    return ScaleFigures(
        n=len(values),
        mean=round(statistics.fmean(values), 2) if values else None,
        median=float(statistics.median(values)) if values else None,
        distribution={point: counts.get(point, 0) for point in range(low, high + 1)},
    )


def _answer_items(capture, show_private: bool) -> list[AnswerItem]:
    return [
        AnswerItem(
            number=number,
            text=a.text if (show_private or not a.private) else None,
            group=_group(a.group),
            tags=list(a.tags),
            votes=a.votes,
            private=a.private,
            carried_from=a.carried_from,
        )
        for number, a in enumerate(capture.answers, 1)
    ]


def _by_votes(items: list[AnswerItem]) -> list[AnswerItem]:
    return sorted(items, key=lambda item: (-item.votes, item.number))


def _meanings_differ(meanings: list[MeaningItem]) -> bool:
    groups = {m.group for m in meanings}
    texts = {" ".join(m.meaning.casefold().split()) for m in meanings}
    return len(groups) > 1 and len(texts) > 1


def summarise_step(session: Session, exercise: ExerciseRun, d: StepDefinition, show_private: bool) -> StepSummary:
    record = exercise.step(d.id)
    groups = session_groups(session)
    if d.kind == "scale":
        by_group: dict[str, list[int]] = {}
        for r in record.responses:
            by_group.setdefault(_group(r.group), []).append(r.value)
        ordered = [g for g in [*groups, NO_GROUP] if g in by_group]
        return ScaleSummary(
            d.id,
            d.prompt,
            d.min,
            d.max,
            dict(d.labels),
            scale_figures([r.value for r in record.responses], d.min, d.max),
            {g: scale_figures(by_group[g], d.min, d.max) for g in ordered},
        )
    if d.kind == "capture":
        items = _answer_items(record, show_private)
        counts = Counter(item.group for item in items)
        return CaptureSummary(
            d.id,
            d.prompt,
            _by_votes(items),
            len(items),
            {g: counts[g] for g in [*groups, NO_GROUP] if counts.get(g)},
            sum(1 for item in items if item.private),
            any(item.votes for item in items),
        )
    if d.kind == "choice":
        options = [o.name for o in d.options]
        table = {o: {} for o in options}
        for r in record.responses:
            cell = table.setdefault(r.choice, {})
            cell[_group(r.group)] = cell.get(_group(r.group), 0) + 1
        present = {_group(r.group) for r in record.responses}
        return ChoiceSummary(
            d.id,
            d.prompt,
            list(table),
            {o: sum(c.values()) for o, c in table.items()},
            table,
            len(record.responses),
            [g for g in [*groups, NO_GROUP] if g in present],
        )
    if d.kind == "tag":
        capture = exercise.step(d.of)
        tags = [o.name for o in d.options]
        present = Counter(_group(a.group) for a in capture.answers)
        tag_groups = [g for g in [*groups, NO_GROUP] if present.get(g)]
        counts = {t: {g: 0 for g in tag_groups} for t in tags}
        for answer in capture.answers:
            for tag in answer.tags:
                row = counts.setdefault(tag, {g: 0 for g in tag_groups})
                row[_group(answer.group)] = row.get(_group(answer.group), 0) + 1
        shares = {t: {g: round(row.get(g, 0) / present[g], 3) for g in tag_groups} for t, row in counts.items()}
        return TagSummary(
            d.id,
            d.prompt,
            d.of,
            list(counts),
            {o.name: o.description for o in d.options},
            tag_groups,
            {g: present[g] for g in tag_groups},
            counts,
            shares,
            {t: sum(r.values()) for t, r in counts.items()},
            sum(1 for a in capture.answers if not a.tags),
            {g: sum(1 for a in capture.answers if a.tags and _group(a.group) == g) for g in tag_groups},
        )
    if d.kind == "vote":
        capture = exercise.step(d.of)
        items = _by_votes(_answer_items(capture, show_private))
        return VoteSummary(d.id, d.prompt, d.of, items, sum(i.votes for i in items))
    if d.kind == "glossary":
        terms = []
        for term in record.terms:
            meanings = [MeaningItem(_group(m.group), m.meaning) for m in term.meanings]
            order = [g for g in [*groups, NO_GROUP] if any(m.group == g for m in meanings)]
            meanings.sort(key=lambda m: order.index(m.group))
            terms.append(TermSummary(term.term, meanings, order, _meanings_differ(meanings)))
        discussed = {t.term.casefold() for t in record.terms}
        return GlossarySummary(d.id, d.prompt, terms, [s for s in d.suggestions if s.casefold() not in discussed])
    return ActionsSummary(d.id, d.prompt, [ActionItem(a.action, a.owner, a.due, a.done) for a in record.actions])


def _headline(exercises: list[ExerciseSummary], limit: int = 5) -> Headline:
    priorities: list[Priority] = []
    scale_gaps: list[ScaleGap] = []
    tag_gaps: list[TagGap] = []
    disputed: list[TermSummary] = []
    for ex in exercises:
        for step in ex.steps:
            if isinstance(step, VoteSummary):
                for item in step.ranking:
                    if item.votes:
                        priorities.append(Priority(item.text, item.group, item.votes, ex.id, step.of))
            elif isinstance(step, ScaleSummary):
                means = {g: f.mean for g, f in step.by_group.items() if g != NO_GROUP and f.mean is not None}
                if len(means) >= 2:
                    high = max(means.items(), key=lambda kv: kv[1])
                    low = min(means.items(), key=lambda kv: kv[1])
                    scale_gaps.append(ScaleGap(ex.id, step.step, step.prompt, high, low, round(high[1] - low[1], 2)))
            elif isinstance(step, TagSummary):
                named = [g for g in step.groups if g != NO_GROUP]
                if len(named) < 2:
                    continue
                for tag in step.tags:
                    shares = {g: step.shares[tag][g] for g in named}
                    high = max(shares.items(), key=lambda kv: kv[1])
                    low = min(shares.items(), key=lambda kv: kv[1])
                    if high[1] > low[1]:
                        n = {g: (step.counts[tag][g], step.answers_per_group[g]) for g in (high[0], low[0])}
                        gap = round(high[1] - low[1], 3)
                        tag_gaps.append(TagGap(ex.id, step.step, tag, high, low, gap, n[high[0]], n[low[0]]))
            elif isinstance(step, GlossarySummary):
                disputed.extend(t for t in step.terms if t.differs)
    priorities.sort(key=lambda p: -p.votes)
    scale_gaps.sort(key=lambda g: -g.gap)
    tag_gaps.sort(key=lambda g: -g.gap)
    return Headline(priorities[:limit], scale_gaps[:3], tag_gaps[:3], disputed)


def summarise(session: Session, show_private: bool = False, with_notes: bool = False) -> Summary:
    """Everything one session says, in figures. `show_private` keeps the text of
    private answers (for the facilitator's own screen only); `with_notes` keeps the
    facilitator's notes."""
    exercises = [
        ExerciseSummary(
            e.id,
            e.definition.title,
            e.definition.minutes,
            [summarise_step(session, e, d, show_private) for d in e.definition.steps],
            (e.notes or None) if with_notes else None,
        )
        for e in session.exercises
    ]
    answers = [a for e in session.exercises for s in e.steps if s.kind == "capture" for a in s.answers]
    return Summary(
        session=session.id,
        title=session.title,
        date=session.date.isoformat(),
        location=session.location,
        facilitator=session.facilitator,
        status=session.status,
        groups=session_groups(session),
        headcount=dict(session.headcount),
        answers=len(answers),
        private=sum(1 for a in answers if a.private),
        headline=_headline(exercises),
        exercises=exercises,
    )


def to_data(value: Any) -> Any:
    """The summary as plain JSON-ready data, with a `kind` on every step."""
    import dataclasses

    if dataclasses.is_dataclass(value):
        data = {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
        kind = getattr(type(value), "kind", None)
        if isinstance(kind, str):
            data = {"kind": kind, **data}
        return data
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value


ENTRY_FIELDS = (
    "session",
    "date",
    "location",
    "exercise",
    "step",
    "kind",
    "number",
    "group",
    "term",
    "text",
    "value",
    "tags",
    "votes",
    "owner",
    "due",
    "private",
)
PRIVATE_PLACEHOLDER = "(private answer)"
