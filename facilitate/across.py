"""Many workshops as one body of evidence: the figures `summary --all` and its exports
show, built from what the catalogue keeps for each session.

For each session the catalogue keeps a digest (scale and choice responses counted by
group, tag counts, glossary meanings, the most-voted answers and the actions) and
compact rows for every answer, meaning and action (for search and CSV). A summary of
a thousand sessions reads only the digests, so it never parses a thousand YAML files
or walks sixty thousand answers. Pure: no files, no terminal.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from facilitate.model import Session
from facilitate.summary import (
    ENTRY_FIELDS,
    NO_GROUP,
    PRIVATE_PLACEHOLDER,
    ChoiceSummary,
    MeaningItem,
    ScaleFigures,
    TagSummary,
    _group,
    _meanings_differ,
    scale_figures,
    session_groups,
)

TOP_PER_SESSION = 10  # most-voted answers each digest keeps for the priorities
TREND_BY_SESSION = 30  # up to this many sessions, a trend point per session; beyond, per month


# --- what the catalogue keeps ----------------------------------------------------------


def catalogue_rows(session: Session) -> list[dict[str, Any]]:
    """Compact rows for every answer, glossary meaning and action: what search and the
    CSV of many sessions read. Keys are short because there may be 60,000 rows."""
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


def session_definitions(session: Session) -> list[dict[str, Any]]:
    """The steps as defined, in the compact shape the summaries need. Sessions run
    from the same exercises share one copy in the catalogue (see definitions_key)."""
    exercises = []
    for exercise in session.exercises:
        steps = []
        for d in exercise.definition.steps:
            step: dict[str, Any] = {"id": d.id, "kind": d.kind, "prompt": d.prompt}
            if d.kind == "scale":
                step.update(min=d.min, max=d.max, labels={str(k): v for k, v in d.labels.items()})
            if d.kind in ("choice", "tag"):
                step["options"] = [o.name for o in d.options]
            if d.of:
                step["of"] = d.of
            steps.append(step)
        exercises.append({"id": exercise.id, "title": exercise.definition.title, "steps": steps})
    return exercises


def definitions_key(definitions: list[dict[str, Any]]) -> str:
    return hashlib.sha1(json.dumps(definitions, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def session_digest(session: Session) -> dict[str, Any]:
    """Everything a summary across sessions needs from one session: ratings and choices
    as given, tags and answers counted by group, meanings, top votes and actions."""
    steps: dict[str, Any] = {}
    glossary, priorities, actions = [], [], []
    answers = private = 0
    for exercise in session.exercises:
        for d in exercise.definition.steps:
            record = exercise.step(d.id)
            key = f"{exercise.id}/{d.id}"
            if d.kind == "scale":
                # In the order given, so the CSV of a session lists them as typed.
                steps[key] = [[r.value, _group(r.group)] for r in record.responses]
            elif d.kind == "choice":
                steps[key] = [[r.choice, _group(r.group)] for r in record.responses]
            elif d.kind == "tag":
                capture = exercise.step(d.of)
                counts = {}
                for a in capture.answers:
                    for tag in a.tags:
                        cell = counts.setdefault(tag, {})
                        cell[_group(a.group)] = cell.get(_group(a.group), 0) + 1
                steps[key] = {
                    "counts": counts,
                    "answers": dict(Counter(_group(a.group) for a in capture.answers)),
                    "tagged": dict(Counter(_group(a.group) for a in capture.answers if a.tags)),
                }
            elif d.kind == "capture":
                answers += len(record.answers)
                private += sum(1 for a in record.answers if a.private)
                voted = sorted((a for a in record.answers if a.votes), key=lambda a: -a.votes)[:TOP_PER_SESSION]
                priorities.extend(
                    [None if a.private else a.text, _group(a.group), a.votes, exercise.id, d.id] for a in voted
                )
            elif d.kind == "glossary":
                glossary.extend([t.term, _group(m.group), m.meaning] for t in record.terms for m in t.meanings)
            elif d.kind == "actions":
                actions.extend([a.action, a.owner, a.due, a.done] for a in record.actions)
    priorities.sort(key=lambda p: -p[2])
    return {
        "steps": steps,
        "answers": answers,
        "private": private,
        "glossary": glossary,
        "priorities": priorities[:TOP_PER_SESSION],
        "actions": actions,
    }


@dataclass
class CatalogueSession:
    """One session as the catalogue knows it."""

    id: str
    title: str
    date: str
    location: str
    status: str
    groups: list[str]
    definitions: list[dict[str, Any]]
    digest: dict[str, Any]
    rows: list[dict[str, Any]] | None = None  # only when asked for (CSV of many sessions)


def catalogue_session(session: Session, with_rows: bool = False) -> CatalogueSession:
    """A loaded session in the catalogue's shape, for sessions outside the folder."""
    return CatalogueSession(
        session.id,
        session.title,
        session.date.isoformat(),
        session.location,
        session.status,
        session_groups(session),
        session_definitions(session),
        session_digest(session),
        catalogue_rows(session) if with_rows else None,
    )


# --- the summary across sessions ------------------------------------------------------------


@dataclass
class ScalePoint:
    label: str  # the session's date and place, or a month
    sessions: int
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
    per: str  # "session" or "month"
    points: list[ScalePoint]
    overall: ScaleFigures
    by_group: dict[str, ScaleFigures]
    by_location: dict[str, ScaleFigures]


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
    actions: list[SessionAction] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _add_counts(total: dict[str, int], more: dict[str, int]) -> None:
    for key, count in more.items():
        total[key] = total.get(key, 0) + count


def _values(responses: list[list]) -> tuple[list[int], dict[str, list[int]]]:
    everything: list[int] = []
    by_group: dict[str, list[int]] = {}
    for value, group in responses:
        everything.append(value)
        by_group.setdefault(group, []).append(value)
    return everything, by_group


def _scale_trend(
    ex_id: str, d: dict, present: list[tuple[CatalogueSession, dict]], group_order: list[str]
) -> ScaleTrend:
    low, high = d["min"], d["max"]
    key = f"{ex_id}/{d['id']}"
    per = "session" if len(present) <= TREND_BY_SESSION else "month"
    buckets: dict[str, tuple[int, list[list]]] = {}
    everything: list[int] = []
    grouped: dict[str, list[int]] = {}
    placed: dict[str, list[int]] = {}
    for s, digest in present:
        responses = digest["steps"].get(key, [])
        values, by_group = _values(responses)
        if not values:
            continue
        everything.extend(values)
        for g, v in by_group.items():
            grouped.setdefault(g, []).extend(v)
        placed.setdefault(s.location or "no location", []).extend(values)
        label = f"{s.date} {s.location}".strip() if per == "session" else s.date[:7]
        sessions, merged = buckets.get(label, (0, []))
        buckets[label] = (sessions + 1, merged + responses)
    points = []
    for label, (sessions, merged) in buckets.items():
        values, by_group = _values(merged)
        points.append(
            ScalePoint(
                label,
                sessions,
                scale_figures(values, low, high),
                {g: round(statistics.fmean(v), 2) for g, v in by_group.items()},
            )
        )
    return ScaleTrend(
        ex_id,
        d["id"],
        d["prompt"],
        low,
        high,
        {int(k): v for k, v in d.get("labels", {}).items()},
        per,
        points,
        scale_figures(everything, low, high),
        {g: scale_figures(grouped[g], low, high) for g in group_order if g in grouped},
        {p: scale_figures(v, low, high) for p, v in sorted(placed.items())},
    )


def summarise_many(sessions: list[CatalogueSession], title: str, limit: int = 10) -> AcrossSummary:
    """Many workshops together: scale results as a trend, tag shares across all rooms,
    choices added up, the register of shared terms, what people voted for, actions."""
    ordered = sorted(sessions, key=lambda s: (s.date, s.id))
    group_order: list[str] = []
    for s in ordered:
        group_order.extend(g for g in s.groups if g not in group_order)
    group_order.append(NO_GROUP)

    # Steps are matched across sessions by exercise and step id, in first-seen order.
    step_defs: dict[tuple[str, str], dict[str, Any]] = {}
    for s in ordered:
        for ex in s.definitions:
            for step in ex["steps"]:
                step_defs.setdefault((ex["id"], step["id"]), step)
    having: dict[tuple[str, str], list[CatalogueSession]] = {k: [] for k in step_defs}
    for s in ordered:
        for ex in s.definitions:
            for step in ex["steps"]:
                having[(ex["id"], step["id"])].append(s)

    scales: list[ScaleTrend] = []
    tags: list[TagSummary] = []
    choices: list[ChoiceSummary] = []
    for (ex_id, step_id), d in step_defs.items():
        present = [(s, s.digest) for s in having[(ex_id, step_id)]]
        key = f"{ex_id}/{step_id}"
        if d["kind"] == "scale":
            scales.append(_scale_trend(ex_id, d, present, group_order))
        elif d["kind"] == "choice":
            table: dict[str, dict[str, int]] = {o: {} for o in d["options"]}
            for _, digest in present:
                for option, group in digest["steps"].get(key, []):
                    row = table.setdefault(option, {})
                    row[group] = row.get(group, 0) + 1
            seen = {g for row in table.values() for g in row}
            choices.append(
                ChoiceSummary(
                    step_id,
                    d["prompt"],
                    list(table),
                    {o: sum(r.values()) for o, r in table.items()},
                    table,
                    sum(sum(r.values()) for r in table.values()),
                    [g for g in group_order if g in seen],
                )
            )
        elif d["kind"] == "tag":
            answers: dict[str, int] = {}
            tagged: dict[str, int] = {}
            counts: dict[str, dict[str, int]] = {t: {} for t in d["options"]}
            for _, digest in present:
                data = digest["steps"].get(key, {})
                _add_counts(answers, data.get("answers", {}))
                _add_counts(tagged, data.get("tagged", {}))
                for tag, cell in data.get("counts", {}).items():
                    _add_counts(counts.setdefault(tag, {}), cell)
            groups = [g for g in group_order if answers.get(g)]
            table = {t: {g: row.get(g, 0) for g in groups} for t, row in counts.items()}
            shares = {t: {g: round(row[g] / answers[g], 3) for g in groups} for t, row in table.items()}
            tags.append(
                TagSummary(
                    step_id,
                    d["prompt"],
                    d["of"],
                    list(table),
                    {},
                    groups,
                    {g: answers[g] for g in groups},
                    table,
                    shares,
                    {t: sum(r.values()) for t, r in table.items()},
                    sum(answers.values()) - sum(tagged.values()),
                    {g: tagged.get(g, 0) for g in groups},
                )
            )

    register: dict[str, RegisterTerm] = {}
    for s in ordered:
        for term, group, meaning in s.digest["glossary"]:
            entry = register.setdefault(_norm(term), RegisterTerm(term, [], [], [], False))
            entry.meanings.append(RegisterMeaning(group, meaning, s.id, s.location, s.date))
            if group not in entry.groups:
                entry.groups.append(group)
            place = s.location or s.id
            if place not in entry.places:
                entry.places.append(place)
    for entry in register.values():
        entry.differs = _meanings_differ([MeaningItem(m.group, m.meaning) for m in entry.meanings])
        entry.groups.sort(key=group_order.index)

    priorities = [
        AcrossPriority(text, group, votes, ex, step, s.id, s.location)
        for s in ordered
        for text, group, votes, ex, step in s.digest["priorities"]
    ]
    priorities.sort(key=lambda p: -p.votes)
    actions = [
        SessionAction(action, owner, due, bool(done), s.id, s.location, s.date)
        for s in ordered
        for action, owner, due, done in s.digest["actions"]
    ]
    return AcrossSummary(
        title=title,
        sessions=[SessionLine(s.id, s.title, s.date, s.location, s.status, s.digest["answers"]) for s in ordered],
        locations=sorted({s.location for s in ordered if s.location}),
        answers=sum(s.digest["answers"] for s in ordered),
        private=sum(s.digest["private"] for s in ordered),
        scales=scales,
        tags=tags,
        choices=choices,
        register=sorted(register.values(), key=lambda t: (-len(t.meanings), t.term.casefold())),
        priorities=priorities[:limit],
        actions=actions,
    )


def entries(session: Session) -> list[dict[str, Any]]:
    """One row per answer, response, term meaning and action of one session: the raw
    record behind the figures, for spreadsheets and other tools."""
    return across_entries([catalogue_session(session, with_rows=True)])


def across_entries(sessions: list[CatalogueSession]) -> list[dict[str, Any]]:
    """Entry rows for many sessions, in date order: answers, meanings and actions from
    the catalogue's rows, ratings and choices from the digest's counts. Private
    answers are counted, never quoted."""
    rows: list[dict[str, Any]] = []
    for s in sorted(sessions, key=lambda s: (s.date, s.id)):
        base = {"session": s.id, "date": s.date, "location": s.location}

        def add(base: dict[str, Any] = base, **values: Any) -> None:
            item = {name: None for name in ENTRY_FIELDS}
            item.update(base, **values)
            rows.append(item)

        by_step: dict[tuple[str, str], list[dict]] = {}
        for r in s.rows or []:
            by_step.setdefault((r["x"], r["p"]), []).append(r)
        for ex in s.definitions:
            for st in ex["steps"]:
                where = {"exercise": ex["id"], "step": st["id"], "kind": st["kind"]}
                data = s.digest["steps"].get(f"{ex['id']}/{st['id']}", [])
                if st["kind"] == "scale":
                    for number, (value, group) in enumerate(data, 1):
                        add(**where, number=number, group=group, value=value)
                elif st["kind"] == "choice":
                    for number, (option, group) in enumerate(data, 1):
                        add(**where, number=number, group=group, text=option)
                for r in by_step.get((ex["id"], st["id"]), []):
                    capture = r["k"] == "capture"
                    add(
                        **where,
                        number=r["n"],
                        group=r.get("g"),
                        term=r.get("term"),
                        text=PRIVATE_PLACEHOLDER if r.get("pv") else r["t"],
                        tags=r.get("tags", []) if capture else None,
                        votes=r.get("v", 0) if capture else None,
                        owner=r.get("o"),
                        due=r.get("d"),
                        private=bool(r.get("pv")) if capture else None,
                    )
    return rows
