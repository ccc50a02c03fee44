"""`vote`: dots on the answers of a capture step, typed as answer numbers, one per dot
(`3 5 5 1`), or a tally (`3x4`: four dots on answer 3), with a group first when the
room's dots are counted by group (`c: 3 5 5`, `p: 3x4`).

Dots are written onto the answers of the step named in `of:`: `votes` is every dot an
answer got, and `dots_by_group` the dots each group gave it (dots typed without a
group count in the total only). A ranking keeps each answer's own number, so
"answer 3" is answer 3 whatever its place in the ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from facilitate.errors import EntryRefused
from facilitate.format import count, dots_phrase
from facilitate.kinds.base import ListLine, StepKind, Undo, answer_of, counted_answers, read_back
from facilitate.kinds.capture import AnswerItem, answer_items, answer_line, by_votes
from facilitate.kinds.limits import Allowance, allowance, keep_within, people_in, typed_as
from facilitate.model import VoteStep


@dataclass
class VoteSummary:
    kind: ClassVar[str] = "vote"
    layout: ClassVar[str] = "ranking"  # how views and reports draw it (kinds/base.py)
    step: str
    prompt: str
    of: str
    ranking: list[AnswerItem]
    dots: int
    # The dots each person held (the definition's `dots`), and every dot each group
    # placed in the step, on answers withdrawn since too: the people behind its dots.
    each: int | None = None
    placed: dict[str, int] = field(default_factory=dict)
    most: dict[str, int] = field(default_factory=dict)  # the most a group put on one answer
    people: int = 0  # the room behind the dots: its headcount, or ⌈every dot ÷ dots each⌉


@dataclass
class DotsAgain:
    """An answer that came up again in a later workshop, with the dots it got in each
    and the share of the room's people who dotted it."""

    before: str
    after: str
    dots_before: int
    dots_after: int
    shift: Any  # a Shift of (dots ÷ people), with the people on each side as its n
    carried: bool = False


@dataclass
class VoteShift:
    section: ClassVar[str] = "votes"
    exercise: str
    step: str
    prompt: str
    again: list[DotsAgain]


@dataclass
class Priority:
    text: str | None
    group: str
    votes: int
    exercise: str
    step: str
    number: int = 0  # the answer's own number in its step
    dots_by_group: dict[str, int] = field(default_factory=dict)


@dataclass
class StepPriorities:
    """The answers a vote step put first, under that step's own question."""

    exercise: str
    step: str
    prompt: str
    priorities: list[Priority]


@dataclass
class AddDots:
    dots: dict[int, int]  # answer number -> dots
    group: str | None = None

    def apply(self, ctx) -> tuple[str, Undo]:
        voted = [(answer_of(ctx, number), dots) for number, dots in self.dots.items()]
        group = self.group
        for answer, dots in voted:
            # The total first, then the group's share of it: an answer never holds
            # more dots by group than in all.
            answer.votes += dots
            if group is not None:
                answer.dots_by_group = {**answer.dots_by_group, group: answer.dots_by_group.get(group, 0) + dots}

        def undo() -> None:
            for answer, dots in voted:
                if group is not None:
                    left = {**answer.dots_by_group, group: answer.dots_by_group.get(group, 0) - dots}
                    answer.dots_by_group = {g: n for g, n in left.items() if n > 0}
                answer.votes = max(0, answer.votes - dots)

        said = f"{count(sum(self.dots.values()), 'dot')} saved"
        return (f"{said} from {group}." if group else f"{said}."), undo


def people_behind_dots(placed: int, headcount: int | None, each: int | None, most: int = 0) -> int:
    """The people a group's support for an answer is a share of: its headcount, or,
    without one, ⌈dots it placed ÷ dots each⌉. A group that placed no dots in the step
    stands behind none of them. Where a group put more dots on one answer (`most`)
    than this (someone put two on it, or the headcount was low), that many, so no
    support reads as more than everyone, as with hands where several may be chosen."""
    if not placed:
        return 0
    people = headcount or -(-placed // (each or 1))
    return max(people, most)


class Vote(StepKind):
    name = "vote"
    method = "each person put dots on the answers they rated most"
    record = VoteStep
    works_on_answers = True
    takes_group = True

    def reminders(self, d) -> list[str]:
        return ["Dots by group: the key, then an answer number per dot, for example c: 3 5 5."]

    def help(self, d) -> list[str]:
        return [
            "Type an answer number for each dot: 3 5 5 1, or a count of dots: 3x4.",
            "Each person puts at most one dot on any answer: dots are read as people.",
            "A group first counts the dots as that group's: c: 3 5 5, or p: 3x4.",
        ]

    def parse(self, ctx, text: str, group: str | None, private: bool) -> AddDots:
        from facilitate.kinds.numbers import tallies

        # A group holds its headcount times the dots each person gets, and the room
        # (a line typed without a group) everyone's: a tally beyond that is refused like
        # a show of hands larger than the room. With no dots each in the definition,
        # nobody knows how many dots the room held.
        each = ctx.definition.dots
        allowed = allowance(ctx.session, group, each) if each else Allowance(group or "the room", None)
        room = allowed.limit if allowed.people else None
        whom = f"the {room} dots {allowed.who} held ({allowed.people} people, {each} each)" if room else None
        dots: dict[int, int] = {}
        example = "3 5 5 1, or 3x4 for four dots on 3"
        for number, how_many in tallies(text, "an answer number", example, room, whom):
            answer_of(ctx, number)
            dots[number] = dots.get(number, 0) + how_many
        # Across every line of the step: dots placed on any answer, withdrawn or not.
        answers = ctx.target.answers
        given = sum(a.votes if group is None else a.dots_by_group.get(group, 0) for a in answers)
        line = typed_as(ctx.session, group, text)
        keep_within(allowed, given, sum(dots.values()), "dot", "placed", line)
        return AddDots(dots, group)

    def take_back_newest(self, ctx) -> str:
        raise EntryRefused("Nothing to undo since this step was opened; use /list to check, then type the correction.")

    def add_to_digest(self, digest, exercise, d) -> None:
        # The dots are kept on the answers, which the capture step put forward as
        # priorities; a vote the room skipped puts nothing forward (as in the headline).
        if exercise.step(d.id).status == "skipped":
            digest.priorities = [p for p in digest.priorities if (p.exercise, p.step) != (exercise.id, d.of)]

    def captured(self, exercise, d) -> int:
        return sum(a.votes for _, a in counted_answers(exercise.step(d.of).answers))

    def lines(self, session, exercise, d, legend: bool = True) -> list[ListLine]:
        target = exercise.step(d.of)
        return [
            answer_line(session, number, a, dots_phrase(a.votes, a.dots_by_group))
            for number, a in enumerate(target.answers, 1)
        ]

    def fill_public(self, view, session, exercise, d) -> None:
        from facilitate.kinds.base import public_cards, vote_rank

        public_cards(view, session, exercise.step(d.of).answers, lambda answer: count(answer.votes, "dot"))
        # The room sees the ranking: most dots first.
        view["cards"].sort(key=lambda card: vote_rank(card["votes"], card["number"]))
        # The dots go beside the group; the fewest dots give way first.
        view["layout"] = {"name": "cards", "detail": "beside", "give_way": "last", "empty": "Nothing yet."}

    def figures(self, session, exercise, d, show_private: bool) -> VoteSummary:
        target = exercise.step(d.of)
        items = by_votes(answer_items(target, show_private, read_back(session)))
        placed: dict[str, int] = {}
        most: dict[str, int] = {}
        for answer in target.answers:
            for group, dots in answer.dots_by_group.items():
                placed[group] = placed.get(group, 0) + dots
                most[group] = max(most.get(group, 0), dots)
        every = sum(a.votes for a in target.answers)
        room = people_in(session) or people_behind_dots(every, None, d.dots)
        return VoteSummary(d.id, d.prompt, d.of, items, sum(i.votes for i in items), d.dots, placed, most, room)

    def summary_lines(self, figures: VoteSummary) -> list[str]:
        return [f"{count(figures.dots, 'dot')}."]

    def agreement_items(self, exercise_id: str, figures: VoteSummary, groups: list[str], headcount: dict) -> list:
        from facilitate.kinds.shapes import ItemCounts

        # Support is read as people: a group's dots on an answer per person in the
        # group, each person putting at most one dot on any answer (the usual rule, and
        # the hint says so). The people are the group's headcount; without one, the
        # dots it placed in the step divided by the dots each person held, rounded up,
        # stand in for them. Neither moves when another answer is added or withdrawn.
        if not any(figures.placed.get(g) for g in groups):
            return []
        people = {
            g: people_behind_dots(figures.placed.get(g, 0), headcount.get(g), figures.each, figures.most.get(g, 0))
            for g in groups
        }
        return [
            ItemCounts(
                exercise_id,
                figures.step,
                figures.prompt,
                item.text,
                "person",
                {g: (item.dots_by_group.get(g, 0), people[g]) for g in groups},
                item.number,
                entries="dots",
            )
            for item in figures.ranking
            if any(item.dots_by_group.get(g) for g in groups)
        ]

    def compare(self, exercise_id: str, before: VoteSummary, after: VoteSummary, context: dict) -> VoteShift | None:
        from facilitate.kinds.capture import came_up_again
        from facilitate.kinds.scale import Shift, by_size

        if not (before.dots and after.dots):
            return None
        pairs, _ = came_up_again(before.ranking, after.ranking, context["before_id"])
        again = [
            DotsAgain(
                r.before,
                r.after,
                was.votes,
                now_.votes,
                Shift(
                    r.after,
                    was.votes / before.people if before.people else None,
                    now_.votes / after.people if after.people else None,
                    before.people,
                    after.people,
                ),
                r.carried,
            )
            for r, was, now_ in pairs
            if was.votes or now_.votes
        ]
        return VoteShift(exercise_id, after.step, after.prompt, by_size(again, lambda item: item.shift))

    def add_to_headline(self, headline, exercise_id: str, figures: VoteSummary) -> None:
        # Each vote step under its own question: dots given to one question are never
        # added to, or ranked against, the dots given to another.
        ranked = [
            Priority(item.text, item.group, item.votes, exercise_id, figures.of, item.number, item.dots_by_group)
            for item in figures.ranking
            if item.votes
        ]
        if ranked:
            headline.priorities.append(StepPriorities(exercise_id, figures.step, figures.prompt, ranked))


KIND = Vote()
