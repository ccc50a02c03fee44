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


StepSummary = ScaleSummary | CaptureSummary | ChoiceSummary | TagSummary | VoteSummary | GlossarySummary | ActionsSummary


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
    groups = [g.name for g in session.groups]
    if d.kind == "scale":
        by_group: dict[str, list[int]] = {}
        for r in record.responses:
            by_group.setdefault(_group(r.group), []).append(r.value)
        ordered = [g for g in [*groups, NO_GROUP] if g in by_group]
        return ScaleSummary(
            d.id, d.prompt, d.min, d.max, dict(d.labels),
            scale_figures([r.value for r in record.responses], d.min, d.max),
            {g: scale_figures(by_group[g], d.min, d.max) for g in ordered},
        )
    if d.kind == "capture":
        items = _answer_items(record, show_private)
        counts = Counter(item.group for item in items)
        return CaptureSummary(
            d.id, d.prompt, _by_votes(items), len(items),
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
        return ChoiceSummary(d.id, d.prompt, list(table), {o: sum(c.values()) for o, c in table.items()},
                             table, len(record.responses), [g for g in [*groups, NO_GROUP] if g in present])
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
            d.id, d.prompt, d.of, list(counts), {o.name: o.description for o in d.options}, tag_groups,
            {g: present[g] for g in tag_groups}, counts, shares, {t: sum(r.values()) for t, r in counts.items()},
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
                        tag_gaps.append(TagGap(ex.id, step.step, tag, high, low, round(high[1] - low[1], 3)))
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
            e.id, e.definition.title, e.definition.minutes,
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
        groups=[g.name for g in session.groups],
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


ENTRY_FIELDS = ("session", "date", "location", "exercise", "step", "kind", "number", "group", "term", "text",
                "value", "tags", "votes", "owner", "due", "private")
PRIVATE_PLACEHOLDER = "(private answer)"


def entries(session: Session, show_private: bool = False) -> list[dict[str, Any]]:
    """One row per answer, response, term meaning and action, in agenda order: the raw
    record behind the figures, for spreadsheets and other tools."""
    rows: list[dict[str, Any]] = []
    base = {"session": session.id, "date": session.date.isoformat(), "location": session.location}

    def row(exercise: str, step: str, kind: str, **values: Any) -> None:
        item = {name: None for name in ENTRY_FIELDS}
        item.update(base, exercise=exercise, step=step, kind=kind, **values)
        rows.append(item)

    for exercise in session.exercises:
        for d in exercise.definition.steps:
            record = exercise.step(d.id)
            if d.kind == "capture":
                for number, a in enumerate(record.answers, 1):
                    text = a.text if (show_private or not a.private) else PRIVATE_PLACEHOLDER
                    row(exercise.id, d.id, d.kind, number=number, group=_group(a.group), text=text,
                        tags=list(a.tags), votes=a.votes, private=a.private)
            elif d.kind == "scale":
                for number, r in enumerate(record.responses, 1):
                    row(exercise.id, d.id, d.kind, number=number, group=_group(r.group), value=r.value)
            elif d.kind == "choice":
                for number, r in enumerate(record.responses, 1):
                    row(exercise.id, d.id, d.kind, number=number, group=_group(r.group), text=r.choice)
            elif d.kind == "glossary":
                number = 0
                for term in record.terms:
                    for m in term.meanings:
                        number += 1
                        row(exercise.id, d.id, d.kind, number=number, group=_group(m.group), term=term.term,
                            text=m.meaning)
            elif d.kind == "actions":
                for number, a in enumerate(record.actions, 1):
                    row(exercise.id, d.id, d.kind, number=number, text=a.action, owner=a.owner, due=a.due)
    return rows


# --- across sessions ---------------------------------------------------------------------
#
# The catalogue keeps, for every session, a digest (step definitions, scale and choice
# responses) and compact rows (answers, meanings, actions). Summaries across many
# sessions are built from those, so they never need to parse a thousand YAML files.

ROW_KEYS = {"x": "exercise", "p": "step", "k": "kind", "n": "number", "g": "group", "t": "text", "term": "term",
            "tags": "tags", "v": "votes", "pv": "private", "o": "owner", "d": "due", "done": "done",
            "c": "carried_from"}


def catalogue_rows(session: Session) -> list[dict[str, Any]]:
    """Compact rows for every answer, glossary meaning and action: what search and the
    summaries across sessions read. Keys are short because there may be 60,000 rows."""
    rows: list[dict[str, Any]] = []
    for exercise in session.exercises:
        for d in exercise.definition.steps:
            record = exercise.step(d.id)
            base = {"x": exercise.id, "p": d.id, "k": d.kind}
            if d.kind == "capture":
                for number, a in enumerate(record.answers, 1):
                    row = {**base, "n": number, "g": _group(a.group), "t": a.text}
                    if a.tags:
                        row["tags"] = list(a.tags)
                    if a.votes:
                        row["v"] = a.votes
                    if a.private:
                        row["pv"] = True
                    if a.carried_from:
                        row["c"] = a.carried_from
                    rows.append(row)
            elif d.kind == "glossary":
                number = 0
                for term in record.terms:
                    for m in term.meanings:
                        number += 1
                        rows.append({**base, "n": number, "g": _group(m.group), "term": term.term, "t": m.meaning})
            elif d.kind == "actions":
                for number, a in enumerate(record.actions, 1):
                    row = {**base, "n": number, "t": a.action}
                    if a.owner:
                        row["o"] = a.owner
                    if a.due:
                        row["d"] = a.due
                    if a.done:
                        row["done"] = True
                    rows.append(row)
    return rows


def session_digest(session: Session) -> dict[str, Any]:
    """What the summaries across sessions need beyond the rows: the steps as defined,
    and scale and choice responses counted by group."""
    exercises = []
    for exercise in session.exercises:
        steps = []
        for d in exercise.definition.steps:
            record = exercise.step(d.id)
            step: dict[str, Any] = {"id": d.id, "kind": d.kind, "prompt": d.prompt}
            if d.kind == "scale":
                counts: dict[str, dict[str, int]] = {}
                for r in record.responses:
                    cell = counts.setdefault(_group(r.group), {})
                    cell[str(r.value)] = cell.get(str(r.value), 0) + 1
                step.update(min=d.min, max=d.max, labels={str(k): v for k, v in d.labels.items()}, counts=counts)
            elif d.kind in ("choice", "tag"):
                step["options"] = [o.name for o in d.options]
                if d.kind == "choice":
                    tallies: dict[str, dict[str, int]] = {}
                    for r in record.responses:
                        cell = tallies.setdefault(r.choice, {})
                        cell[_group(r.group)] = cell.get(_group(r.group), 0) + 1
                    step["tallies"] = tallies
                else:
                    step["of"] = d.of
            elif d.kind == "vote":
                step["of"] = d.of
            steps.append(step)
        exercises.append({"id": exercise.id, "title": exercise.definition.title, "steps": steps})
    return {"groups": [g.name for g in session.groups], "exercises": exercises}


@dataclass
class CatalogueSession:
    """One session as the catalogue knows it."""

    id: str
    title: str
    date: str
    location: str
    status: str
    groups: list[str]
    digest: dict[str, Any]
    rows: list[dict[str, Any]]

    @property
    def answers(self) -> int:
        return sum(1 for r in self.rows if r["k"] == "capture")


@dataclass
class ScalePoint:
    session: str
    date: str
    location: str
    figures: ScaleFigures
    by_group: dict[str, float | None]


@dataclass
class ScaleTrend:
    kind = "scale"
    exercise: str
    step: str
    prompt: str
    min: int
    max: int
    labels: dict[int, str]
    points: list[ScalePoint]  # in date order: the trend
    overall: ScaleFigures
    by_group: dict[str, ScaleFigures]


@dataclass
class RegisterMeaning:
    group: str
    meaning: str
    session: str
    location: str
    date: str


@dataclass
class RegisterTerm:
    term: str
    meanings: list[RegisterMeaning]
    groups: list[str]
    places: list[str]
    differs: bool


@dataclass
class SessionLine:
    id: str
    title: str
    date: str
    location: str
    status: str
    answers: int


@dataclass
class SessionAction:
    action: str
    owner: str | None
    due: str | None
    done: bool
    session: str
    location: str
    date: str


@dataclass
class AcrossPriority:
    text: str | None
    group: str
    votes: int
    exercise: str
    step: str
    session: str
    location: str


@dataclass
class AcrossSummary:
    title: str
    sessions: list[SessionLine]
    locations: list[str]
    answers: int
    private: int
    scales: list[ScaleTrend]
    tags: list[TagSummary]
    choices: list[ChoiceSummary]
    register: list[RegisterTerm]
    priorities: list[AcrossPriority]
    actions: list[SessionAction]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def summarise_many(sessions: list[CatalogueSession], title: str, limit: int = 10) -> AcrossSummary:
    """Many workshops as one body of evidence: scale results as a trend, tag shares
    across all rooms, the register of shared terms, and what people voted for."""
    ordered = sorted(sessions, key=lambda s: (s.date, s.id))
    all_groups: list[str] = []
    for s in ordered:
        all_groups.extend(g for g in s.groups if g not in all_groups)
    group_order = [*all_groups, NO_GROUP]

    # Steps are matched across sessions by exercise and step id, in first-seen order.
    step_defs: dict[tuple[str, str], dict[str, Any]] = {}
    for s in ordered:
        for ex in s.digest["exercises"]:
            for step in ex["steps"]:
                step_defs.setdefault((ex["id"], step["id"]), step)

    scales: list[ScaleTrend] = []
    tags: list[TagSummary] = []
    choices: list[ChoiceSummary] = []
    for (ex_id, step_id), d in step_defs.items():
        per_session = [(s, st) for s in ordered for ex in s.digest["exercises"] if ex["id"] == ex_id
                       for st in ex["steps"] if st["id"] == step_id]
        if d["kind"] == "scale":
            points, everything, grouped = [], [], {}
            for s, st in per_session:
                values: list[int] = []
                mine: dict[str, list[int]] = {}
                for group, counts in st["counts"].items():
                    for value, count in counts.items():
                        values.extend([int(value)] * count)
                        mine.setdefault(group, []).extend([int(value)] * count)
                        grouped.setdefault(group, []).extend([int(value)] * count)
                everything.extend(values)
                if values:
                    points.append(ScalePoint(s.id, s.date, s.location, scale_figures(values, st["min"], st["max"]),
                                             {g: round(statistics.fmean(v), 2) for g, v in mine.items()}))
            scales.append(ScaleTrend(ex_id, step_id, d["prompt"], d["min"], d["max"],
                                     {int(k): v for k, v in d["labels"].items()}, points,
                                     scale_figures(everything, d["min"], d["max"]),
                                     {g: scale_figures(grouped[g], d["min"], d["max"]) for g in group_order if g in grouped}))
        elif d["kind"] == "choice":
            options = list(d["options"])
            table: dict[str, dict[str, int]] = {o: {} for o in options}
            for _, st in per_session:
                for option, cell in st["tallies"].items():
                    row = table.setdefault(option, {})
                    for group, count in cell.items():
                        row[group] = row.get(group, 0) + count
            present = {g for row in table.values() for g in row}
            choices.append(ChoiceSummary(step_id, d["prompt"], list(table), {o: sum(r.values()) for o, r in table.items()},
                                         table, sum(sum(r.values()) for r in table.values()),
                                         [g for g in group_order if g in present]))
        elif d["kind"] == "tag":
            answers = [r for s, _ in per_session for r in s.rows if r["x"] == ex_id and r["p"] == d["of"]]
            present = Counter(r["g"] for r in answers)
            groups = [g for g in group_order if present.get(g)]
            names = list(d["options"])
            counts = {t: {g: 0 for g in groups} for t in names}
            for r in answers:
                for tag in r.get("tags", []):
                    counts.setdefault(tag, {g: 0 for g in groups})[r["g"]] += 1
            shares = {t: {g: round(row[g] / present[g], 3) for g in groups} for t, row in counts.items()}
            tags.append(TagSummary(step_id, d["prompt"], d["of"], list(counts), {}, groups,
                                   {g: present[g] for g in groups}, counts, shares,
                                   {t: sum(r.values()) for t, r in counts.items()},
                                   sum(1 for r in answers if not r.get("tags")),
                                   {g: sum(1 for r in answers if r.get("tags") and r["g"] == g) for g in groups}))

    register: dict[str, RegisterTerm] = {}
    for s in ordered:
        for r in s.rows:
            if r["k"] != "glossary":
                continue
            entry = register.setdefault(_norm(r["term"]), RegisterTerm(r["term"], [], [], [], False))
            entry.meanings.append(RegisterMeaning(r["g"], r["t"], s.id, s.location, s.date))
            if r["g"] not in entry.groups:
                entry.groups.append(r["g"])
            place = s.location or s.id
            if place not in entry.places:
                entry.places.append(place)
    for entry in register.values():
        entry.differs = _meanings_differ([MeaningItem(m.group, m.meaning) for m in entry.meanings])
        entry.groups.sort(key=group_order.index)

    priorities = [
        AcrossPriority(None if r.get("pv") else r["t"], r["g"], r["v"], r["x"], r["p"], s.id, s.location)
        for s in ordered for r in s.rows if r["k"] == "capture" and r.get("v")
    ]
    priorities.sort(key=lambda p: -p.votes)
    actions = [SessionAction(r["t"], r.get("o"), r.get("d"), bool(r.get("done")), s.id, s.location, s.date)
               for s in ordered for r in s.rows if r["k"] == "actions"]
    captured = [r for s in ordered for r in s.rows if r["k"] == "capture"]
    return AcrossSummary(
        title=title,
        sessions=[SessionLine(s.id, s.title, s.date, s.location, s.status, s.answers) for s in ordered],
        locations=sorted({s.location for s in ordered if s.location}),
        answers=len(captured),
        private=sum(1 for r in captured if r.get("pv")),
        scales=scales,
        tags=tags,
        choices=choices,
        register=sorted(register.values(), key=lambda t: (-len(t.meanings), t.term.casefold())),
        priorities=priorities[:limit],
        actions=actions,
    )


def catalogue_session(session: Session) -> CatalogueSession:
    """A loaded session in the catalogue's shape (used when no catalogue is at hand)."""
    return CatalogueSession(session.id, session.title, session.date.isoformat(), session.location, session.status,
                            [g.name for g in session.groups], session_digest(session), catalogue_rows(session))


def across_entries(sessions: list[CatalogueSession]) -> list[dict[str, Any]]:
    """Entry rows (as `entries` makes for one session) for many sessions, from the
    catalogue: answers, meanings and actions as they are, responses from their counts."""
    rows: list[dict[str, Any]] = []
    for s in sorted(sessions, key=lambda s: (s.date, s.id)):
        base = {"session": s.id, "date": s.date, "location": s.location}

        def add(**values: Any) -> None:
            item = {name: None for name in ENTRY_FIELDS}
            item.update(base, **values)
            rows.append(item)

        by_step: dict[tuple[str, str], list[dict]] = {}
        for r in s.rows:
            by_step.setdefault((r["x"], r["p"]), []).append(r)
        for ex in s.digest["exercises"]:
            for st in ex["steps"]:
                where = {"exercise": ex["id"], "step": st["id"], "kind": st["kind"]}
                if st["kind"] == "scale":
                    number = 0
                    for group, counts in st["counts"].items():
                        for value, count in counts.items():
                            for _ in range(count):
                                number += 1
                                add(**where, number=number, group=group, value=int(value))
                elif st["kind"] == "choice":
                    number = 0
                    for option, cell in st["tallies"].items():
                        for group, count in cell.items():
                            for _ in range(count):
                                number += 1
                                add(**where, number=number, group=group, text=option)
                for r in by_step.get((ex["id"], st["id"]), []):
                    text = PRIVATE_PLACEHOLDER if r.get("pv") else r["t"]
                    add(**where, number=r["n"], group=r.get("g"), term=r.get("term"), text=text,
                        tags=r.get("tags", []) if r["k"] == "capture" else None,
                        votes=r.get("v", 0) if r["k"] == "capture" else None,
                        owner=r.get("o"), due=r.get("d"), private=bool(r.get("pv")) if r["k"] == "capture" else None)
    return rows
