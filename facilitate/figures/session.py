"""One session in figures: the Summary every view and export of a session is built from.

Each step's figures come from its kind; the headline gathers what the steps' figures
say: where the declared groups agree (figures/agreement.py, from each kind's
`agreement_items`), each vote step's priorities under its own question, where the
groups differ (only between groups with enough people behind their figures), and
the words used differently. Private answers are
counted in every figure; their text is kept only when the caller asks for it (the
facilitator's own screen), never for anything shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from facilitate.kinds.shapes import Headline
from facilitate.model import Session


@dataclass
class ExerciseSummary:
    id: str
    title: str
    minutes: int
    steps: list[Any]  # each kind's figures for its step, in agenda order
    notes: str | None  # only when notes were asked for
    intro: str = ""  # what the exercise asked, as read aloud: the method beside the evidence
    # The ids of the steps skipped in the room (/skip): what they hold was typed before.
    skipped: list[str] = field(default_factory=list)
    # Whether the room came to it at all: a workshop that ended early leaves later
    # exercises planned but never run, and no report may describe them as done.
    ran: bool = True

    def was_skipped(self, step) -> bool:
        return step.step in self.skipped

    def notes_for(self, step) -> list[str]:
        """What to say under a step's heading: that it was skipped in the room, or that
        dots or tags on its answers were typed in a step that was."""
        from facilitate.format import SKIPPED_NOTE, fed_by_skipped

        notes = [SKIPPED_NOTE] if self.was_skipped(step) else []
        feeding = [s.prompt for s in self.steps if getattr(s, "of", None) == step.step and s.step in self.skipped]
        if feeding:
            notes.append(fed_by_skipped(feeding))
        return notes


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
    # Every item rated, chosen, tagged or dotted, with each declared group's support.
    agreement: list[Any] = field(default_factory=list)
    # Who to ask about what happens next, when the facilitator set it.
    contact: str | None = None
    # How quotes are attributed in this summary: "group", or "none" (Chatham House).
    attribution: str = "group"
    # Groups not named beside a quote because too few of them were there (shared summaries).
    unnamed_groups: list[str] = field(default_factory=list)
    # The size below which a group is not named beside a quote; None in the facilitator's own.
    small_group: int | None = None
    # The one sentence a shared summary gives on which groups it names and why (sharing.py).
    naming: str = ""
    # The read-back: answers the room checked (withdrawn ones too), and those it withdrew,
    # which `answers` leaves out.
    checked: int = 0
    withdrawn: int = 0

    @property
    def readback(self) -> str:
        """ "N of M answers checked with the room", and how many it withdrew."""
        from facilitate.format import checked_line

        return checked_line(self.checked, self.answers + self.withdrawn, self.withdrawn)

    def step(self, exercise: str, step: str) -> Any:
        for ex in self.exercises:
            if ex.id == exercise:
                for item in ex.steps:
                    if item.step == step:
                        return item
        raise KeyError((exercise, step))


PRIORITIES = 5
GAPS = 3


def step_figures(session: Session, exercise_id: str, step_id: str, show_private: bool = True) -> Any:
    """One step's figures: what `/list` and the projector show of it."""
    from facilitate.registry import kind_named

    exercise = session.exercise(exercise_id)
    d = exercise.definition.step(step_id)
    return kind_named(d.kind).figures(session, exercise, d, show_private)


def summarise(session: Session, show_private: bool = False, with_notes: bool = False) -> Summary:
    """Everything one session says, in figures. `show_private` keeps the text of
    private answers (for the facilitator's own screen only); `with_notes` keeps the
    facilitator's notes."""
    from facilitate.figures.agreement import HIGH, agreement_item, closest_to_agreement, where_groups_agree
    from facilitate.figures.digest import digest_of
    from facilitate.figures.rows import session_groups
    from facilitate.registry import kind_named

    headline = Headline()
    exercises = []
    agreement = []
    declared = [g.name for g in session.groups]
    for e in session.exercises:
        steps = []
        for d in e.definition.steps:
            kind = kind_named(d.kind)
            figures = kind.figures(session, e, d, show_private)
            # A step skipped in the room is shown where it is, with what was typed
            # before the skip, but is no finished result to headline or measure
            # agreement on (as compare does not compare it).
            if e.step(d.id).status != "skipped":
                kind.add_to_headline(headline, e.id, figures)
                if len(declared) >= 2:
                    counts = kind.agreement_items(e.id, figures, declared, dict(session.headcount))
                    agreement.extend(agreement_item(c) for c in counts)
            steps.append(figures)
        exercises.append(
            ExerciseSummary(
                e.id,
                e.definition.title,
                e.definition.minutes,
                steps,
                (e.notes or None) if with_notes else None,
                e.definition.intro,
                [d.id for d in e.definition.steps if e.step(d.id).status == "skipped"],
                e.started is not None or any(step.status != "todo" for step in e.steps),
            )
        )
    headline.agreements = where_groups_agree(agreement)
    headline.closest = closest_to_agreement(agreement)
    headline.bar = HIGH
    for step in headline.priorities:
        step.priorities = sorted(step.priorities, key=lambda p: (-p.votes, p.number))[:PRIORITIES]
    headline.scale_gaps.sort(key=lambda g: -g.gap)
    headline.scale_gaps = headline.scale_gaps[:GAPS]
    headline.tag_gaps.sort(key=lambda g: -g.gap)
    headline.tag_gaps = headline.tag_gaps[:GAPS]
    digest = digest_of(session)
    return Summary(
        session=session.id,
        title=session.title,
        date=session.date.isoformat(),
        location=session.location,
        facilitator=session.facilitator,
        status=session.status,
        groups=session_groups(session),
        headcount=dict(session.headcount),
        answers=digest.answers,
        private=digest.private,
        headline=headline,
        exercises=exercises,
        agreement=agreement,
        contact=session.contact,
        attribution=session.attribution or "group",
        checked=digest.checked,
        withdrawn=digest.withdrawn,
    )


def to_data(value: Any) -> Any:
    """Figures as plain JSON-ready data, with a `kind` on every step's figures."""
    import dataclasses

    if dataclasses.is_dataclass(value):
        data = {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
        kind = getattr(type(value), "kind", None)
        if isinstance(kind, str):
            data = {"kind": kind, **data}
        elif isinstance(getattr(value, "kind", None), str):
            data = {"kind": value.kind, **{k: v for k, v in data.items() if k != "kind"}}
        return data
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value
