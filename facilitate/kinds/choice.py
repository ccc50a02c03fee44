"""`choice`: options chosen by a show of hands, typed as option numbers or tallies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from facilitate.errors import EntryRefused
from facilitate.format import NO_GROUP, count, group_label
from facilitate.kinds.base import ListLine, StepKind, Undo, remove_item
from facilitate.kinds.limits import allowance, keep_within, typed_as
from facilitate.model import ChoiceResponse, ChoiceStep

if TYPE_CHECKING:
    from facilitate.kinds.shapes import Said


@dataclass
class ChoiceSummary:
    kind: ClassVar[str] = "choice"
    layout: ClassVar[str] = "options"  # how views and reports draw it (kinds/base.py)
    section: ClassVar[str] = "choices"
    step: str
    prompt: str
    options: list[str]
    totals: dict[str, int]
    by_group: dict[str, dict[str, int]]  # option -> group -> count
    responses: int
    groups: list[str]
    multi: bool = False


@dataclass
class ChoiceShift:
    """How the hands for each option moved: per option, for everyone and for each group
    that chose in both workshops, the share of its hands the option got."""

    section: ClassVar[str] = "choices"
    exercise: str
    step: str
    prompt: str
    shifts: list[tuple[str, str, Any]]  # (option, group or "everyone", Shift), biggest first


@dataclass
class AddChoices:
    choices: list[str]
    group: str | None

    def apply(self, ctx) -> tuple[str, Undo]:
        record = ctx.record
        added = [ChoiceResponse(choice=c, group=self.group) for c in self.choices]
        record.responses.extend(added)

        def undo() -> None:
            for response in added:
                remove_item(record.responses, response)

        return f"{count(len(added), 'choice')} saved ({len(record.responses)} in all).", undo


def tally_table(options: list[str], responses: list[tuple[str, str]], group_order: list[str]) -> ChoiceSummary:
    """Options by group from (option, group) pairs; options met only in the file
    (renamed since) keep their own row."""
    table: dict[str, dict[str, int]] = {o: {} for o in options}
    for option, group in responses:
        cell = table.setdefault(option, {})
        cell[group] = cell.get(group, 0) + 1
    seen = {g for row in table.values() for g in row}
    groups = [g for g in group_order if g in seen] + sorted(g for g in seen if g not in group_order)
    return ChoiceSummary(
        "",
        "",
        list(table),
        {o: sum(c.values()) for o, c in table.items()},
        table,
        len(responses),
        groups,
    )


class Choice(StepKind):
    name = "choice"
    method = "each person chose from a list"
    public_table = "choices"
    record = ChoiceStep
    takes_group = True
    lists_on_opening = False  # the options `introduce` lists are the step's whole record

    def check_definition(self, d) -> None:
        if not d.options:
            raise ValueError("a choice step needs options")

    def compact_definition(self, d) -> dict[str, Any]:
        step = super().compact_definition(d)
        step["options"] = [o.name for o in d.options]
        return step

    def help(self, d) -> list[str]:
        return ["Type option numbers: 1 3 3, a group first (c: 2), or a count of hands: 2x6."]

    def introduce(self, d) -> list[ListLine]:
        # Read aloud with the options, so the room knows how many hands to raise.
        how = "Everyone may choose several." if d.multi else "Everyone chooses one."
        return [ListLine(f"{i}. {o.name}") for i, o in enumerate(d.options, 1)] + [ListLine(how, emphasis="dim")]

    def parse(self, ctx, text: str, group: str | None, private: bool) -> AddChoices:
        from facilitate.kinds.limits import people_in
        from facilitate.kinds.numbers import tallies

        options = ctx.definition.options
        room = people_in(ctx.session, group)
        choices: list[str] = []
        for option, how_many in tallies(text, "an option number", "1 3 3, or 2x6 for six hands on 2", room):
            if not 1 <= option <= len(options):
                raise EntryRefused(f"There is no option {option}: options go from 1 to {len(options)}.")
            choices.extend([options[option - 1].name] * how_many)
        # Across every line of the step: one hand a person, or, where everyone may
        # choose several, one hand a person for each option.
        mine = [r.choice for r in ctx.record.responses if group is None or r.group == group]
        allowed = allowance(ctx.session, group)
        line = typed_as(ctx.session, group, text)
        if ctx.definition.multi:
            for number, option in enumerate(options, 1):
                adding = choices.count(option.name)
                if adding:
                    given = mine.count(option.name)
                    keep_within(allowed, given, adding, "hand", "raised", line, f"for option {number}")
        else:
            keep_within(allowed, len(mine), len(choices), "hand", "raised", line)
        return AddChoices(choices, group)

    def take_back_newest(self, ctx) -> str:
        record = ctx.record
        if not record.responses:
            raise EntryRefused("There is nothing to undo in this step.")
        removed = record.responses.pop()
        return f"the last choice ({removed.choice})"

    def captured(self, exercise, d) -> int:
        return len(exercise.step(d.id).responses)

    def figures(self, session, exercise, d, show_private: bool) -> ChoiceSummary:
        record = exercise.step(d.id)
        pairs = [(r.choice, group_label(r.group)) for r in record.responses]
        summary = tally_table([o.name for o in d.options], pairs, [*(g.name for g in session.groups), NO_GROUP])
        summary.step, summary.prompt = d.id, d.prompt
        summary.multi = d.multi
        return summary

    def agreement_items(self, exercise_id: str, figures: ChoiceSummary, groups: list[str], headcount: dict) -> list:
        from facilitate.kinds.shapes import ItemCounts

        if not figures.responses:
            return []
        # When everyone may choose several, a group's hands are not its people: its
        # headcount is what an option's hands are a share of, when every group has one
        # (so every group's share means the same thing); otherwise its hands.
        people = figures.multi and all(headcount.get(g) for g in groups)
        behind = {
            g: max(headcount[g], *(figures.by_group[o].get(g, 0) for o in figures.options))
            if people
            else sum(figures.by_group[o].get(g, 0) for o in figures.options)
            for g in groups
        }
        unit = "person" if people else "response"
        return [
            ItemCounts(
                exercise_id,
                figures.step,
                figures.prompt,
                option,
                unit,
                {g: (figures.by_group[option].get(g, 0), behind[g]) for g in groups},
                entries="hands",
            )
            for option in figures.options
        ]

    def summary_lines(self, figures: ChoiceSummary) -> list[str]:
        return [f"{option}: {figures.totals[option]}" for option in figures.options]

    def lines(self, session, exercise, d, legend: bool = True) -> list[ListLine]:
        figures = self.figures(session, exercise, d, show_private=True)
        return [ListLine(f"{i}. {o}: {figures.totals[o]}") for i, o in enumerate(figures.options, 1)]

    def fill_public(self, view, session, exercise, d) -> None:
        figures = self.figures(session, exercise, d, show_private=False)
        view["bars"] = [
            {"label": f"{i}. {option}", "count": figures.totals[option]} for i, option in enumerate(figures.options, 1)
        ]
        # What the room raised: hands, as the facilitator counted them.
        view["summary"] = count(figures.responses, "hand")
        view["layout"] = {"name": "bars"}

    def add_to_digest(self, digest, exercise, d) -> None:
        record = exercise.step(d.id)
        digest.steps[f"{exercise.id}/{d.id}"] = [[r.choice, group_label(r.group)] for r in record.responses]

    def rename_groups(self, data, rename: dict[str, str]):
        return [[value, rename.get(group, group)] for value, group in data]

    def across(self, exercise_id: str, d: dict, present: list, group_order: list[str]) -> ChoiceSummary:
        key = f"{exercise_id}/{d['id']}"
        pairs = [(option, group) for s in present for option, group in s.digest.steps.get(key, [])]
        summary = tally_table(d["options"], pairs, group_order)
        summary.step, summary.prompt = d["id"], d["prompt"]
        return summary

    def compare(self, exercise_id: str, before: ChoiceSummary, after: ChoiceSummary, context: dict) -> Any:
        from facilitate.kinds.scale import Shift, by_size

        if not (before.responses and after.responses):
            return None

        def hands(summary: ChoiceSummary, group: str | None) -> dict[str, int]:
            return {
                o: summary.totals[o] if group is None else summary.by_group[o].get(group, 0) for o in summary.options
            }

        groups = [g for g in after.groups if g in before.groups and g != NO_GROUP]
        shifts = []
        for who in [None, *groups]:
            was, now_ = hands(before, who), hands(after, who)
            n = (sum(was.values()), sum(now_.values()))
            for option in dict.fromkeys([*after.options, *before.options]):
                k = (was.get(option, 0), now_.get(option, 0))
                label = who or "everyone"
                shift = Shift(f"{option} · {label}", k[0] / n[0] if n[0] else None, k[1] / n[1] if n[1] else None, *n)
                shifts.append((option, label, shift))
        return ChoiceShift(exercise_id, after.step, after.prompt, by_size(shifts, lambda item: item[2]))

    def said(self, session, exercise, d) -> list[Said]:
        from facilitate.kinds.shapes import Said

        record = exercise.step(d.id)
        return [
            Said(exercise=exercise.id, step=d.id, kind=self.name, number=n, group=group_label(r.group), text=r.choice)
            for n, r in enumerate(record.responses, 1)
        ]

    def said_from_digest(self, exercise_id: str, d: dict, data: Any) -> list[Said]:
        from facilitate.kinds.shapes import Said

        return [
            Said(exercise=exercise_id, step=d["id"], kind=self.name, number=n, group=group, text=option)
            for n, (option, group) in enumerate(data or [], 1)
        ]


KIND = Choice()
