"""`vote`: dots on the answers of a capture step, typed as answer numbers, one per dot
(`3 5 5 1`), or a tally (`3x4`: four dots on answer 3).

Dots are written onto the answers of the step named in `of:`. A ranking keeps each
answer's own number, so "answer 3" is answer 3 whatever its place in the ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from facilitate.errors import EntryRefused
from facilitate.figures.format import count, plural
from facilitate.kinds.base import ListLine, StepKind, Undo, answer_of, counted_answers, read_back
from facilitate.kinds.capture import AnswerItem, answer_items, answer_line, by_votes
from facilitate.model import VoteStep


@dataclass
class VoteSummary:
    kind: ClassVar[str] = "vote"
    step: str
    prompt: str
    of: str
    ranking: list[AnswerItem]
    dots: int


@dataclass
class Priority:
    text: str | None
    group: str
    votes: int
    exercise: str
    step: str
    number: int = 0  # the answer's own number in its step


@dataclass
class AddDots:
    dots: dict[int, int]  # answer number -> dots

    def apply(self, ctx) -> tuple[str, Undo]:
        voted = [(answer_of(ctx, number), dots) for number, dots in self.dots.items()]
        for answer, dots in voted:
            answer.votes += dots

        def undo() -> None:
            for answer, dots in voted:
                answer.votes = max(0, answer.votes - dots)

        return f"{count(sum(self.dots.values()), 'dot')} saved.", undo


class Vote(StepKind):
    name = "vote"
    record = VoteStep
    works_on_answers = True

    def help(self, d) -> list[str]:
        return ["Type an answer number for each dot: 3 5 5 1, or a count of dots: 3x4."]

    def parse(self, ctx, text: str, group: str | None, private: bool) -> AddDots:
        from facilitate.entry import _GROUP_PREFIX, tallies

        if _GROUP_PREFIX.match(text):
            raise EntryRefused("Dots are not kept by group: type answer numbers only, for example 3 5 5 1.")
        dots: dict[int, int] = {}
        for number, how_many in tallies(text, "an answer number", "3 5 5 1, or 3x4 for four dots on 3"):
            answer_of(ctx, number)
            dots[number] = dots.get(number, 0) + how_many
        return AddDots(dots)

    def take_back_newest(self, ctx) -> str:
        raise EntryRefused("Nothing to undo since this step was opened; use /list to check, then type the correction.")

    def captured(self, exercise, d) -> int:
        return sum(a.votes for _, a in counted_answers(exercise.step(d.of).answers))

    def lines(self, session, exercise, d, legend: bool = True) -> list[ListLine]:
        target = exercise.step(d.of)
        return [
            answer_line(session, number, a, f"{a.votes} {plural('dot', a.votes)}")
            for number, a in enumerate(target.answers, 1)
        ]

    def fill_public(self, view, session, exercise, d) -> None:
        from facilitate.kinds.base import public_cards

        public_cards(view, session, exercise.step(d.of).answers, lambda answer: count(answer.votes, "dot"))
        # The room sees the ranking: most dots first.
        view["cards"].sort(key=lambda card: -card["votes"])

    def figures(self, session, exercise, d, show_private: bool) -> VoteSummary:
        items = by_votes(answer_items(exercise.step(d.of), show_private, read_back(session)))
        return VoteSummary(d.id, d.prompt, d.of, items, sum(i.votes for i in items))

    def summary_lines(self, figures: VoteSummary) -> list[str]:
        return [f"{count(figures.dots, 'dot')}."]

    def add_to_headline(self, headline, exercise_id: str, figures: VoteSummary) -> None:
        for item in figures.ranking:
            if item.votes:
                headline.priorities.append(
                    Priority(item.text, item.group, item.votes, exercise_id, figures.of, item.number)
                )


KIND = Vote()
