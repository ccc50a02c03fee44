"""`capture`: free-text answers, the sticky notes of the room.

A line is what was said (`c: text` says which group). Answers are numbered from 1 in
the order they were captured; that number is theirs everywhere, in every report,
however a report sorts them. Tag and vote steps work on these answers.
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from facilitate.errors import EntryRefused
from facilitate.format import NO_GROUP, carried_mark, check_mark, count, group_label
from facilitate.kinds.base import ListLine, StepKind, Undo, counted_answers, read_back, remove_item, vote_rank
from facilitate.model import Answer, CaptureStep, now, tidy_text
from facilitate.registry import SAID_AS, SAID_DEFAULTS

if TYPE_CHECKING:
    from facilitate.kinds.base import StepContext
    from facilitate.kinds.shapes import Said, SessionDigest


@dataclass
class AnswerItem:
    number: int  # as typed and shown in the room
    text: str | None  # None when private and the summary is for sharing
    group: str
    tags: list[str]
    votes: int
    private: bool
    carried_from: str | None = None
    dots_by_group: dict[str, int] = field(default_factory=dict)
    checked: str | None = None  # how the room checked it when read back; None until then
    mark: str = ""  # what reports say beside it: "(not checked)" once a read-back has begun


@dataclass
class CaptureSummary:
    kind: ClassVar[str] = "capture"
    layout: ClassVar[str] = "answers"  # how views and reports draw it (kinds/base.py)
    step: str
    prompt: str
    answers: list[AnswerItem]  # most votes first, then in the order given
    count: int
    by_group: dict[str, int]
    private: int
    voted: bool
    checked: int = 0  # answers the room checked when they were read back (withdrawn ones too)
    withdrawn: int = 0  # answers the room withdrew: in the file, in no figure


@dataclass
class Recurring:
    before: str
    after: str
    score: float
    carried: bool


@dataclass
class AnswerChanges:
    section: ClassVar[str] = "answers"
    exercise: str
    step: str
    prompt: str
    recurring: list[Recurring]
    new: list[str]
    gone: list[str]
    private_new: int


SIMILAR = 80  # rapidfuzz token-set score from which two answers count as the same point


def came_up_again(before: list, after: list, before_id: str) -> tuple[list, list[str]]:
    """Which answers of a later workshop came up in an earlier one, in similar words or
    carried forward with /carry: (Recurring, the earlier item, the later item) for each,
    and the later texts that are new. Private answers are never matched (their words
    are not read). One rule for the answers and for the dots they got."""
    from rapidfuzz import fuzz, process, utils

    earlier = [x for x in sorted(before, key=lambda x: x.number) if x.text is not None]
    texts = [x.text for x in earlier]
    pairs, new = [], []
    for item in sorted(after, key=lambda x: x.number):
        if item.text is None:
            continue
        best = (
            process.extractOne(item.text, texts, scorer=fuzz.token_set_ratio, processor=utils.default_process)
            if texts
            else None
        )
        carried = item.carried_from == before_id
        if best is not None and (best[1] >= SIMILAR or carried):
            pairs.append((Recurring(best[0], item.text, round(best[1], 1), carried), earlier[best[2]], item))
        else:
            new.append(item.text)
    return pairs, new


@dataclass
class AddAnswer:
    text: str
    group: str | None
    private: bool = False
    carried_from: str | None = None

    def apply(self, ctx: StepContext) -> tuple[str, Undo]:
        record = ctx.record
        answer = Answer(
            id=next_answer_id(record),
            text=self.text,
            group=self.group,
            at=now(),
            private=self.private,
            carried_from=self.carried_from,
        )
        record.answers.append(answer)
        said = f"Answer {len(record.answers)} saved"
        return (said + (", private." if self.private else "."), lambda: remove_item(record.answers, answer))


# Per capture record, by id(): (its answers list, how many of it were read, the
# highest number seen). Reading only the answers added since the last call keeps
# 20,000 imported rows linear, not quadratic. The entry goes with its record, so a
# session's answers are not kept alive after it is gone (nor an id() reused).
_HIGHEST: dict[int, tuple[list, int, int]] = {}


def next_answer_id(capture: CaptureStep) -> str:
    answers = capture.answers
    key = id(capture)
    cached = _HIGHEST.get(key)
    read, highest = (cached[1], cached[2]) if cached is not None and cached[0] is answers else (0, 0)
    if read > len(answers):
        read = 0  # answers were taken away (the highest seen stays safe to count from)
    for answer in answers[read:]:
        number = answer.id[1:]
        if number.isdigit() and len(number) < 10:
            highest = max(highest, int(number))
    if cached is None:
        weakref.finalize(capture, _HIGHEST.pop, key, None)
    _HIGHEST[key] = (answers, len(answers), highest)
    return f"a{highest + 1}"


def answer_items(capture: CaptureStep, show_private: bool, any_checked: bool = False) -> list[AnswerItem]:
    """The answers with the numbers they were typed with; private text only on request.
    `any_checked`: the room has checked some answer of the session, so those it has
    not checked are marked."""
    return [
        AnswerItem(
            number=number,
            text=a.text if (show_private or not a.private) else None,
            group=group_label(a.group),
            tags=list(a.tags),
            votes=a.votes,
            private=a.private,
            carried_from=a.carried_from,
            dots_by_group=dict(a.dots_by_group),
            checked=a.checked,
            mark=" ".join(m for m in (carried_mark(a.carried_from), check_mark(a.checked, any_checked)) if m),
        )
        for number, a in counted_answers(capture.answers)
    ]


def by_votes(items: list[AnswerItem]) -> list[AnswerItem]:
    return sorted(items, key=lambda item: vote_rank(item.votes, item.number))


def answer_line(session, number: int, answer: Answer, detail: str | None = None) -> ListLine:
    """An answer as `/list`, `show` and the tag and vote steps print it."""
    if detail is None:
        extras = []
        if answer.group:
            extras.append(answer.group)
        if answer.tags:
            extras.append("tags: " + ", ".join(answer.tags))
        if answer.votes:
            extras.append(count(answer.votes, "dot"))
        if answer.private:
            extras.append("private")
        if answer.carried_from:
            extras.append(f"from {answer.carried_from}")
        if answer.checked:
            extras.append("withdrawn by the room" if answer.withdrawn else answer.checked)
        tail = f"  ({'; '.join(extras)})" if extras else ""
    else:
        # The tag and vote steps list answers by number: a private one is still marked,
        # so the facilitator never reads it aloud.
        tail = f"  (private)  [{detail}]" if answer.private else f"  [{detail}]"
    return ListLine(f"{number}. {answer.text}{tail}", group=answer.group)


class Capture(StepKind):
    name = "capture"
    method = "answers written down in people's own words"
    public_table = "answers"
    record = CaptureStep
    holds_answers = True
    takes_group = True
    searchable = True
    said_defaults = SAID_DEFAULTS["capture"]
    said_as = SAID_AS["capture"]

    def help(self, d) -> list[str]:
        return ["Type what was said, one answer per line; put a group key first (c: text) to say who."]

    def parse(self, ctx, text: str, group: str | None, private: bool) -> AddAnswer:
        text = tidy_text(text).strip()
        if not text:
            raise EntryRefused("There is no text after the group key: type what was said.")
        return AddAnswer(text, group, private)

    def take_back_newest(self, ctx) -> str:
        record = ctx.record
        if not record.answers:
            raise EntryRefused("There is nothing to undo in this step.")
        removed = record.answers.pop()
        number = len(record.answers) + 1
        extras = []
        if removed.votes:
            extras.append(count(removed.votes, "dot"))
        if removed.tags:
            extras.append("its tags (" + ", ".join(removed.tags) + ")")
        also = f", with {' and '.join(extras)}" if extras else ""
        if removed.private:
            return f"answer {number} (private){also}"
        return f"answer {number}{also}: {removed.text}"

    def captured(self, exercise, d) -> int:
        # An answer the room withdrew is in the file but no longer counts as said.
        return len(counted_answers(exercise.step(d.id).answers))

    def lines(self, session, exercise, d, legend: bool = True) -> list[ListLine]:
        record = exercise.step(d.id)
        return [answer_line(session, number, a) for number, a in enumerate(record.answers, 1)]

    def fill_public(self, view, session, exercise, d) -> None:
        from facilitate.kinds.base import public_cards

        public_cards(view, session, exercise.step(d.id).answers, lambda answer: "")
        # The newest answer is what the room wants to see: the oldest give way first.
        view["layout"] = {"name": "cards", "detail": "", "give_way": "first", "empty": "Nothing yet."}

    def figures(self, session, exercise, d, show_private: bool) -> CaptureSummary:
        record = exercise.step(d.id)
        groups = [g.name for g in session.groups]
        items = answer_items(record, show_private, read_back(session))
        counts = Counter(item.group for item in items)
        order = [*groups, *(g for g in counts if g not in groups and g != NO_GROUP), NO_GROUP]
        return CaptureSummary(
            d.id,
            d.prompt,
            by_votes(items),
            len(items),
            {g: counts[g] for g in order if counts.get(g)},
            sum(1 for item in items if item.private),
            any(item.votes for item in items),
            sum(1 for a in record.answers if a.checked_with_room),
            sum(1 for a in record.answers if a.withdrawn),
        )

    def summary_lines(self, figures: CaptureSummary) -> list[str]:
        return [f"{count(figures.count, 'answer')}."]

    def add_to_digest(self, digest: SessionDigest, exercise, d) -> None:
        from facilitate.kinds.shapes import DigestPriority

        record = exercise.step(d.id)
        counted = counted_answers(record.answers)
        digest.answers += len(counted)
        digest.private += sum(1 for _, a in counted if a.private)
        digest.checked += sum(1 for a in record.answers if a.checked_with_room)
        digest.withdrawn += sum(1 for a in record.answers if a.withdrawn)
        numbered = [(n, a) for n, a in counted if a.votes]
        numbered.sort(key=lambda item: vote_rank(item[1].votes, item[0]))
        digest.priorities.extend(
            DigestPriority(None if a.private else a.text, group_label(a.group), a.votes, exercise.id, d.id, n)
            for n, a in numbered[: digest.TOP_PER_SESSION]
        )

    def compare(self, exercise_id: str, before: CaptureSummary, after: CaptureSummary, context: dict) -> AnswerChanges:
        pairs, new = came_up_again(before.answers, after.answers, context["before_id"])
        recurring = [r for r, _, _ in pairs]
        matched = {earlier.number for _, earlier, _ in pairs}
        # A step not yet run this time says nothing about what was not heard.
        shown = [x for x in sorted(before.answers, key=lambda x: x.number) if x.text is not None]
        gone = [x.text for x in shown if x.number not in matched] if after.answers else []
        return AnswerChanges(
            exercise_id,
            after.step,
            after.prompt,
            recurring,
            new,
            gone,
            sum(1 for x in after.answers if x.text is None),
        )

    def said(self, session, exercise, d) -> list[Said]:
        from facilitate.kinds.shapes import Said

        record = exercise.step(d.id)
        return [
            Said(
                exercise=exercise.id,
                step=d.id,
                kind=self.name,
                number=number,
                group=group_label(a.group),
                text=a.text,
                tags=list(a.tags),
                votes=a.votes,
                private=a.private,
                checked=a.checked,
                carried_from=a.carried_from,
            )
            for number, a in counted_answers(record.answers)
        ]


KIND = Capture()


def add_answer(ctx: StepContext, text: str, group: str | None, carried_from: str | None = None) -> tuple[str, Any]:
    """Add an answer brought forward from an earlier session (`/carry`)."""
    return AddAnswer(text, group, carried_from=carried_from).apply(ctx)
