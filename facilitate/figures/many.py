"""Many workshops as one body of evidence: the figures `summary --all` and its exports
show, built from the digests the catalogue keeps, so a summary of a thousand sessions
never parses a thousand YAML files or walks sixty thousand answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from facilitate.format import NO_GROUP, skipped_where
from facilitate.kinds.base import vote_rank
from facilitate.kinds.shapes import CatalogueSession


@dataclass
class RegisterMeaning:
    group: str
    meaning: str
    session: str
    location: str
    date: str


@dataclass
class Likeness:
    """How alike different groups' wordings of a term were at one workshop."""

    session: str
    location: str
    date: str
    score: float  # 0 to 100: see MEASURE
    pairs: int  # the pairs of meanings from different groups it is the mean of
    groups: list[str]


# Named wherever the figure is shown, with the caveat beside it.
MEASURE = "mean token-set ratio (0 to 100) between every two meanings given by different groups at the workshop"
CAVEAT = "It compares wording, not understanding: groups can mean the same in different words, or differ in the same."


@dataclass
class RegisterTerm:
    term: str
    meanings: list[RegisterMeaning]
    groups: list[str]
    places: list[str]
    differs: bool
    # Per workshop where two or more groups gave it a meaning, in date order.
    likeness: list[Likeness] = field(default_factory=list)


def likeness_of(meanings: list[RegisterMeaning]) -> list[Likeness]:
    """For each workshop, the mean token-set ratio (rapidfuzz, with its default
    processing: lower case, punctuation dropped) over every pair of meanings given by
    two different groups. Workshops where only one group spoke have no figure."""
    from rapidfuzz import fuzz, utils

    by_session: dict[str, list[RegisterMeaning]] = {}
    for m in meanings:
        by_session.setdefault(m.session, []).append(m)
    found = []
    for session, said in by_session.items():
        scores = [
            fuzz.token_set_ratio(a.meaning, b.meaning, processor=utils.default_process)
            for i, a in enumerate(said)
            for b in said[i + 1 :]
            if a.group != b.group
        ]
        if scores:
            groups = list(dict.fromkeys(m.group for m in said))
            first = said[0]
            found.append(Likeness(session, first.location, first.date, sum(scores) / len(scores), len(scores), groups))
    return sorted(found, key=lambda x: (x.date, x.session))


@dataclass
class SessionLine:
    id: str
    title: str
    date: str
    location: str
    status: str
    answers: int
    entries: int = 0


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
    number: int = 0  # the answer's number in its step and session


@dataclass
class AcrossSummary:
    title: str
    sessions: list[SessionLine]
    locations: list[str]
    answers: int
    private: int
    scales: list[Any]
    tags: list[Any]
    choices: list[Any]
    register: list[RegisterTerm]
    priorities: list[AcrossPriority]
    actions: list[SessionAction] = field(default_factory=list)
    others: list[Any] = field(default_factory=list)  # figures of kinds with a section of their own
    checked: int = 0  # answers checked with the room when read back (withdrawn ones too)
    withdrawn: int = 0  # answers the room withdrew, left out of `answers`
    # A line for each step skipped in the room in one of the workshops (left out above).
    skipped: list[str] = field(default_factory=list)
    # How the likeness of meanings in the register is measured, and what it cannot say.
    likeness_measure: str = MEASURE
    likeness_caveat: str = CAVEAT

    @property
    def readback(self) -> str:
        from facilitate.format import checked_line

        return checked_line(self.checked, self.answers + self.withdrawn, self.withdrawn)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def other_names(sessions: list[CatalogueSession]) -> dict[str, str]:
    """Each earlier name of a group that some session declares it also went by
    (`also` in its file), to the name that session gives it."""
    rename: dict[str, str] = {}
    for s in sorted(sessions, key=lambda s: (s.date, s.id)):
        for name, others in s.digest.also.items():
            for other in others:
                if other != name:
                    rename.setdefault(other, name)
    return rename


def one_name_each(sessions: list[CatalogueSession]) -> list[CatalogueSession]:
    """The sessions with every group under one name: where a session says a group also
    went by another name in earlier workshops ("funder" for "funders"), that name is
    read as the group it declares, in every figure, the register and the rows. Each
    kind renames its own part of a digest (`rename_groups`)."""
    import dataclasses

    from facilitate.registry import kind_named

    rename = other_names(sessions)
    if not rename:
        return sessions

    def renamed(s: CatalogueSession) -> CatalogueSession:
        kinds = {f"{ex['id']}/{step['id']}": step["kind"] for ex in s.definitions for step in ex["steps"]}
        steps = {}
        for key, data in s.digest.steps.items():
            try:
                steps[key] = kind_named(kinds[key]).rename_groups(data, rename) if key in kinds else data
            except KeyError:
                steps[key] = data  # a kind this installation does not know
        digest = dataclasses.replace(
            s.digest,
            steps=steps,
            meanings=[dataclasses.replace(m, group=rename.get(m.group, m.group)) for m in s.digest.meanings],
            priorities=[dataclasses.replace(p, group=rename.get(p.group, p.group)) for p in s.digest.priorities],
        )
        rows = s.rows
        if rows is not None:
            rows = [dataclasses.replace(r, group=rename.get(r.group, r.group)) if r.group else r for r in rows]
        groups = list(dict.fromkeys(rename.get(g, g) for g in s.groups))
        return dataclasses.replace(s, groups=groups, digest=digest, rows=rows)

    return [renamed(s) for s in sessions]


def summarise_many(sessions: list[CatalogueSession], title: str, limit: int = 10) -> AcrossSummary:
    """Many workshops together: each kind adds up its steps (scale results as a trend,
    tag shares across all rooms, choices), then the register of shared terms, what
    people voted for, and the actions. A group that went by another name in an earlier
    workshop, declared in a later one, is one group here (one_name_each)."""
    from facilitate.kinds.glossary import MeaningItem, meanings_differ
    from facilitate.registry import kind_named

    ordered = sorted(one_name_each(sessions), key=lambda s: (s.date, s.id))
    group_order: list[str] = []
    for s in ordered:
        group_order.extend(g for g in s.groups if g not in group_order)
    group_order.append(NO_GROUP)

    # Steps are matched across sessions by exercise and step id, in first-seen order.
    step_defs: dict[tuple[str, str], dict[str, Any]] = {}
    having: dict[tuple[str, str], list[CatalogueSession]] = {}
    skipped_lines: list[str] = []
    for s in ordered:
        skipped = set(s.digest.skipped)
        for ex in s.definitions:
            for step in ex["steps"]:
                step_defs.setdefault((ex["id"], step["id"]), step)
                # A step skipped in the room is no result to add up (nor to compare).
                if f"{ex['id']}/{step['id']}" in skipped:
                    skipped_lines.append(skipped_where(step["prompt"], s.location or s.title, s.date))
                else:
                    having.setdefault((ex["id"], step["id"]), []).append(s)

    sections: dict[str, list[Any]] = {"scales": [], "tags": [], "choices": []}
    others: list[Any] = []
    for (ex_id, _), d in step_defs.items():
        try:
            kind = kind_named(d["kind"])
        except KeyError:
            continue  # a kind this installation does not know
        figures = kind.across(ex_id, d, having.get((ex_id, d["id"]), []), group_order)
        if figures is not None:
            sections.get(getattr(figures, "section", ""), others).append(figures)

    register: dict[str, RegisterTerm] = {}
    for s in ordered:
        for m in s.digest.meanings:
            term = register.setdefault(_norm(m.term), RegisterTerm(m.term, [], [], [], False))
            term.meanings.append(RegisterMeaning(m.group, m.meaning, s.id, s.location, s.date))
            if m.group not in term.groups:
                term.groups.append(m.group)
            place = s.location or s.id
            if place not in term.places:
                term.places.append(place)
    for term in register.values():
        term.differs = meanings_differ([MeaningItem(m.group, m.meaning) for m in term.meanings])
        term.likeness = likeness_of(term.meanings)
        term.groups.sort(key=lambda g: group_order.index(g) if g in group_order else len(group_order))

    priorities = [
        AcrossPriority(p.text, p.group, p.votes, p.exercise, p.step, s.id, s.location, p.number)
        for s in ordered
        for p in s.digest.priorities
    ]
    priorities = [p for _, p in sorted(enumerate(priorities), key=lambda pair: vote_rank(pair[1].votes, pair[0]))]
    from facilitate.dates import read_or_typed

    actions = [
        SessionAction(a.action, a.owner, read_or_typed(a.due), a.done, s.id, s.location, s.date)
        for s in ordered
        for a in s.digest.actions
    ]
    return AcrossSummary(
        title=title,
        sessions=[
            SessionLine(s.id, s.title, s.date, s.location, s.status, s.digest.answers, s.digest.entries)
            for s in ordered
        ],
        locations=sorted({s.location for s in ordered if s.location}),
        answers=sum(s.digest.answers for s in ordered),
        private=sum(s.digest.private for s in ordered),
        scales=sections["scales"],
        tags=sections["tags"],
        choices=sections["choices"],
        register=sorted(register.values(), key=lambda t: (-len(t.meanings), t.term.casefold())),
        priorities=priorities[:limit],
        actions=actions,
        others=others,
        checked=sum(s.digest.checked for s in ordered),
        withdrawn=sum(s.digest.withdrawn for s in ordered),
        skipped=skipped_lines,
    )
