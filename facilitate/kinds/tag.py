"""`tag`: kinds for the answers of a capture step, typed as `3: 1 4` or `3: social well`.

Tags are written onto the answers of the step named in `of:`; this step keeps only
its status. A tag can be named by number, by name, or by a unique start of its name
or of a word in it; a line is read in time linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from facilitate.errors import EntryRefused, quoted
from facilitate.format import NO_GROUP, group_label, tag_legend
from facilitate.kinds.base import ListLine, StepKind, Undo, answer_of, counted_answers
from facilitate.kinds.capture import answer_line
from facilitate.model import Option, TagStep

_TAG_LINE = re.compile(r"^\s*([0-9]+)\s*[:.]\s*(.*)$", re.S)


@dataclass
class TagSummary:
    kind: ClassVar[str] = "tag"
    layout: ClassVar[str] = "shares"  # how views and reports draw it (kinds/base.py)
    section: ClassVar[str] = "tags"
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
class TagShift:
    section: ClassVar[str] = "tags"
    exercise: str
    step: str
    prompt: str
    shifts: list[tuple[str, str, Any]]  # (tag, group, Shift of the share), biggest first
    comparable: bool  # some group's answers were tagged in both sessions


@dataclass
class SetTags:
    answer: int  # from 1
    tags: list[str]
    clear: bool = False

    def apply(self, ctx) -> tuple[str, Undo]:
        answer = answer_of(ctx, self.answer)
        previous = list(answer.tags)

        def undo() -> None:
            answer.tags = previous

        if self.clear:
            answer.tags = []
            return f"Answer {self.answer} has no tags now.", undo
        answer.tags = answer.tags + [t for t in self.tags if t not in answer.tags]
        return f"Answer {self.answer} is tagged {', '.join(answer.tags)}.", undo


def match_option(token: str, options: list[Option]) -> Option:
    """An option by number, by name, by the start of its name or of a word in it."""
    if token.isdigit() and token.isascii():
        number = int(token) if len(token) <= 6 else 0
        if not 1 <= number <= len(options):
            raise EntryRefused(f"There is no tag {token[:12]}: tags go from 1 to {len(options)}.")
        return options[number - 1]
    wanted = token.casefold()
    for option in options:
        if option.name.casefold() == wanted:
            return option
    for candidates in (
        [o for o in options if o.name.casefold().startswith(wanted)],
        [o for o in options if any(w.startswith(wanted) for w in re.split(r"[\s/-]+", o.name.casefold()))],
    ):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            names = " or ".join(repr(o.name) for o in candidates)
            raise EntryRefused(f"{quoted(token)} could be {names}: type more of the name, or its number.")
    names = ", ".join(f"{i} {o.name}" for i, o in enumerate(options, 1))
    raise EntryRefused(f"{quoted(token)} is not one of the tags: {names}.")


def tag_names(text: str, options: list[Option]) -> list[str]:
    """Read tags from left to right, preferring the longest run of words that names a
    tag, so both `the people` and `social well` work. A run is never longer than the
    longest tag name, which keeps a long line linear."""
    tokens = [t for t in re.split(r"[\s,]+", text) if t]
    longest = max((len(o.name.split()) for o in options), default=1)
    names: list[str] = []
    start = 0
    while start < len(tokens):
        for end in range(min(len(tokens), start + longest), start + 1, -1):
            phrase = " ".join(tokens[start:end]).casefold()
            found = [o for o in options if o.name.casefold().startswith(phrase)]
            if len(found) == 1:
                names.append(found[0].name)
                start = end
                break
        else:
            names.append(match_option(tokens[start], options).name)
            start += 1
    return names


class Tag(StepKind):
    name = "tag"
    method = "each answer was given one or more kinds"
    record = TagStep
    works_on_answers = True
    opening_heading = "Answers, by number before the colon:"

    def check_definition(self, d) -> None:
        if not d.options:
            raise ValueError("a tag step needs options")
        super().check_definition(d)

    def compact_definition(self, d) -> dict[str, Any]:
        step = super().compact_definition(d)
        step["options"] = [o.name for o in d.options]
        return step

    def help(self, d) -> list[str]:
        return [
            "Type an answer number, a colon and tags by number or name: 3: 1 4, or 3: social well.",
            "3: none clears an answer's tags.",
        ]

    def introduce(self, d) -> list[ListLine]:
        lines = [ListLine("Tags, by number or name after the colon:", emphasis="bold")]
        lines += [
            ListLine(f"{i}. {o.name}: {o.description}" if o.description else f"{i}. {o.name}", indent=1)
            for i, o in enumerate(d.options, 1)
        ]
        return lines

    def parse(self, ctx, text: str, group: str | None, private: bool) -> SetTags:
        from facilitate.kinds.numbers import read_number

        match = _TAG_LINE.match(text)
        if not match:
            raise EntryRefused("Type the answer number, a colon, then tags, for example 3: 1 4.")
        number = read_number(match.group(1), "an answer number", "3: 1 4")
        answer_of(ctx, number)
        rest = match.group(2).strip()
        if not rest:
            raise EntryRefused(f"Add tags after '{number}:', by number or name, for example {number}: 1 4.")
        if rest.casefold() in ("none", "-"):
            return SetTags(number, [], clear=True)
        tags: list[str] = []
        for name in tag_names(rest, ctx.definition.options):
            if name not in tags:
                tags.append(name)
        return SetTags(number, tags)

    def take_back_newest(self, ctx) -> str:
        raise EntryRefused("Nothing to undo since this step was opened; use /list to check, then type the correction.")

    def lines(self, session, exercise, d, legend: bool = True) -> list[ListLine]:
        target = exercise.step(d.of)
        lines = [
            answer_line(session, number, a, ", ".join(a.tags) or "no tags")
            for number, a in enumerate(target.answers, 1)
        ]
        if legend:
            lines.append(ListLine(tag_legend([o.name for o in d.options]), emphasis="dim"))
        return lines

    def fill_public(self, view, session, exercise, d) -> None:
        from facilitate.kinds.base import public_cards

        public_cards(view, session, exercise.step(d.of).answers, lambda answer: ", ".join(answer.tags))
        view["tags"] = [option.name for option in d.options]
        # Every answer's number beside the numbered tags to choose from; tags under each.
        view["layout"] = {
            "name": "cards",
            "legend": {"label": "Tags", "names": view["tags"]},
            "detail": "below",
            "no_detail": "no tags yet",
            "give_way": "last",
            "empty": "Nothing yet.",
        }

    def figures(self, session, exercise, d, show_private: bool) -> TagSummary:
        groups = [g.name for g in session.groups]
        counts, answers, tagged = count_tags(
            [a for _, a in counted_answers(exercise.step(d.of).answers)], [o.name for o in d.options]
        )
        summary = tag_table(counts, answers, tagged, [*groups, NO_GROUP])
        summary.step, summary.prompt, summary.of = d.id, d.prompt, d.of
        summary.descriptions = {o.name: o.description for o in d.options}
        return summary

    def summary_lines(self, figures: TagSummary) -> list[str]:
        return [f"{tag}: {figures.totals[tag]}" for tag in figures.tags]

    def add_to_headline(self, headline, exercise_id: str, figures: TagSummary) -> None:
        from facilitate.kinds.shapes import ENOUGH

        # A share of one or two answers is not a trend: only groups with enough answers.
        named = [g for g in figures.groups if g != NO_GROUP and figures.answers_per_group[g] >= ENOUGH]
        if len(named) < 2:
            return
        for tag in figures.tags:
            shares = {g: figures.shares[tag][g] for g in named}
            high = max(shares.items(), key=lambda kv: kv[1])
            low = min(shares.items(), key=lambda kv: kv[1])
            if high[1] > low[1]:
                n = {g: (figures.counts[tag][g], figures.answers_per_group[g]) for g in (high[0], low[0])}
                headline.tag_gaps.append(
                    TagGap(exercise_id, figures.step, tag, high, low, high[1] - low[1], n[high[0]], n[low[0]])
                )

    def agreement_items(self, exercise_id: str, figures: TagSummary, groups: list[str], headcount: dict) -> list:
        from facilitate.kinds.shapes import ItemCounts

        if not any(figures.tagged_per_group.values()):
            return []
        return [
            ItemCounts(
                exercise_id,
                figures.step,
                figures.prompt,
                tag,
                "answer",
                {g: (figures.counts[tag].get(g, 0), figures.answers_per_group.get(g, 0)) for g in groups},
                entries="answers",
            )
            for tag in figures.tags
        ]

    def add_to_digest(self, digest, exercise, d) -> None:
        counts, answers, tagged = count_tags([a for _, a in counted_answers(exercise.step(d.of).answers)])
        digest.steps[f"{exercise.id}/{d.id}"] = {"counts": counts, "answers": answers, "tagged": tagged}

    def rename_groups(self, data, rename: dict[str, str]):
        def merged(cell: dict[str, int]) -> dict[str, int]:
            out: dict[str, int] = {}
            for group, how_many in cell.items():
                _add_counts(out, {rename.get(group, group): how_many})
            return out

        return {
            "counts": {tag: merged(cell) for tag, cell in data.get("counts", {}).items()},
            "answers": merged(data.get("answers", {})),
            "tagged": merged(data.get("tagged", {})),
        }

    def across(self, exercise_id: str, d: dict, present: list, group_order: list[str]) -> TagSummary:
        key = f"{exercise_id}/{d['id']}"
        answers: dict[str, int] = {}
        tagged: dict[str, int] = {}
        counts: dict[str, dict[str, int]] = {t: {} for t in d["options"]}
        for s in present:
            data = s.digest.steps.get(key, {})
            _add_counts(answers, data.get("answers", {}))
            _add_counts(tagged, data.get("tagged", {}))
            for tag, cell in data.get("counts", {}).items():
                _add_counts(counts.setdefault(tag, {}), cell)
        summary = tag_table(counts, answers, tagged, group_order)
        summary.step, summary.prompt, summary.of = d["id"], d["prompt"], d["of"]
        return summary

    def compare(self, exercise_id: str, before: TagSummary, after: TagSummary, context: dict) -> TagShift:
        from facilitate.kinds.scale import Shift, by_size

        # Only groups whose answers were tagged in both rooms: an untagged step is
        # not a shift to zero. Every tag of either room, for each such group, is a
        # shift (of zero, if nothing moved): the view lists it or counts it.
        both = [g for g in after.groups if before.tagged_per_group.get(g) and after.tagged_per_group.get(g)]
        tags = list(dict.fromkeys([*after.tags, *before.tags]))
        shifts = []
        for tag in tags:
            for group in both:
                was = before.shares.get(tag, {}).get(group, 0.0)
                now_ = after.shares.get(tag, {}).get(group, 0.0)
                n = (before.answers_per_group.get(group, 0), after.answers_per_group.get(group, 0))
                shifts.append((tag, group, Shift(f"{tag} · {group}", was, now_, *n)))
        return TagShift(exercise_id, after.step, after.prompt, by_size(shifts, lambda item: item[2]), bool(both))


def count_tags(answers: list, tags: list[str] = ()) -> tuple[dict[str, dict[str, int]], dict[str, int], dict[str, int]]:
    """Answers carrying each tag by group, answers by group, and tagged answers by group.
    `tags` gives rows that stay even when no answer carries them."""
    counts: dict[str, dict[str, int]] = {tag: {} for tag in tags}
    given: dict[str, int] = {}
    tagged: dict[str, int] = {}
    for answer in answers:
        group = group_label(answer.group)
        given[group] = given.get(group, 0) + 1
        if answer.tags:
            tagged[group] = tagged.get(group, 0) + 1
        for tag in answer.tags:
            row = counts.setdefault(tag, {})
            row[group] = row.get(group, 0) + 1
    return counts, given, tagged


def _add_counts(total: dict[str, int], more: dict[str, int]) -> None:
    for key, how_many in more.items():
        total[key] = total.get(key, 0) + how_many


def tag_table(
    counts: dict[str, dict[str, int]], answers: dict[str, int], tagged: dict[str, int], group_order: list[str]
) -> TagSummary:
    """Shares of each group's answers given each tag, from counts by tag and group."""
    extra = sorted(g for g in answers if g not in group_order)
    groups = [g for g in [*group_order, *extra] if answers.get(g)]
    table = {t: {g: row.get(g, 0) for g in groups} for t, row in counts.items()}
    shares = {t: {g: row[g] / answers[g] for g in groups} for t, row in table.items()}
    return TagSummary(
        "",
        "",
        "",
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


KIND = Tag()
