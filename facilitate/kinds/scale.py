"""`scale`: ratings on min..max, typed as numbers or as a tally of hands (`5x3`).

The mean, the median and the distribution are computed here once, for `/list`, the
projector, `show`, the summary and every export, and over many sessions as a trend.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from facilitate.errors import EntryRefused
from facilitate.format import NO_GROUP, count, group_label, number
from facilitate.kinds.base import ListLine, StepKind, Undo, remove_item
from facilitate.kinds.limits import allowance, keep_within, typed_as
from facilitate.model import ScaleResponse, ScaleStep

if TYPE_CHECKING:
    from facilitate.kinds.shapes import Said

TREND_BY_SESSION = 30  # up to this many sessions, a trend point per session; beyond, per month


@dataclass
class ScaleFigures:
    n: int
    mean: float | None
    median: float | None
    distribution: dict[int, int]


@dataclass
class ScaleSummary:
    kind: ClassVar[str] = "scale"
    layout: ClassVar[str] = "ratings"  # how views and reports draw it (kinds/base.py)
    step: str
    prompt: str
    min: int
    max: int
    labels: dict[int, str]
    overall: ScaleFigures
    by_group: dict[str, ScaleFigures]


@dataclass
class ScalePoint:
    label: str  # the session's date and place, or a month
    sessions: int
    figures: ScaleFigures
    by_group: dict[str, float | None]


@dataclass
class ScaleTrend:
    kind: ClassVar[str] = "scale"
    section: ClassVar[str] = "scales"
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
class Shift:
    """How one figure moved between two workshops, with the ratings, answers or hands
    it stands on in each (`n_before`, `n_after`)."""

    label: str
    before: float | None
    after: float | None
    n_before: int = 0
    n_after: int = 0

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 3)

    @property
    def too_few(self) -> bool:
        """Fewer than ENOUGH behind either side: shown, marked, never ranked first."""
        from facilitate.kinds.shapes import ENOUGH

        return min(self.n_before, self.n_after) < ENOUGH


def by_size(shifts: list, shift_of=lambda item: item) -> list:
    """Shifts that can be compared first, biggest first; those standing on too few after
    them, so a swing of one answer never leads."""
    return sorted(shifts, key=lambda item: (shift_of(item).too_few, -abs(shift_of(item).change or 0)))


@dataclass
class ScaleShift:
    section: ClassVar[str] = "scales"
    exercise: str
    step: str
    prompt: str
    overall: Shift
    by_group: list[Shift]


@dataclass
class ScaleGap:
    exercise: str
    step: str
    prompt: str
    highest: tuple[str, float]
    lowest: tuple[str, float]
    gap: float
    # the ratings behind each side's average
    highest_n: int = 0
    lowest_n: int = 0


def top_of_scale(low: int, high: int) -> int:
    """The first point above the middle of the scale: 4 on 1 to 5, 3 on 1 to 4, 6 on 0
    to 10. A rating from here up counts as support in the agreement figures."""
    return (low + high) // 2 + 1


def top_phrase(top: int, high: int) -> str:
    return f"rated {top} or higher" if top < high else f"rated {top}"


def scale_figures(values: list[int], low: int, high: int) -> ScaleFigures:
    counts = Counter(values)
    return ScaleFigures(
        n=len(values),
        mean=statistics.fmean(values) if values else None,
        median=float(statistics.median(values)) if values else None,
        distribution={point: counts.get(point, 0) for point in range(low, high + 1)},
    )


def _in_group_order(by_group: dict[str, Any], groups: list[str]) -> list[str]:
    """Declared groups first, then names met only in the file, then answers with none."""
    return [
        *(g for g in groups if g in by_group),
        *(g for g in by_group if g not in groups and g != NO_GROUP),
        *([NO_GROUP] if NO_GROUP in by_group else []),
    ]


@dataclass
class AddRatings:
    values: list[int]
    group: str | None

    def apply(self, ctx) -> tuple[str, Undo]:
        record = ctx.record
        added = [ScaleResponse(value=v, group=self.group) for v in self.values]
        record.responses.extend(added)

        def undo() -> None:
            for response in added:
                remove_item(record.responses, response)

        return f"{count(len(added), 'rating')} saved ({len(record.responses)} in all).", undo


class Scale(StepKind):
    name = "scale"
    method = "each person gave a score on a scale"
    public_table = "ratings"
    record = ScaleStep
    takes_group = True

    def check_definition(self, d) -> None:
        if d.min is None or d.max is None:
            raise ValueError("a scale step needs min and max")
        if d.min >= d.max:
            raise ValueError("a scale's min must be below its max")
        for point in d.labels:
            if not d.min <= point <= d.max:
                raise ValueError(f"label {point} is outside the scale {d.min}..{d.max}")

    def compact_definition(self, d) -> dict[str, Any]:
        step = super().compact_definition(d)
        step.update(min=d.min, max=d.max, labels={str(k): v for k, v in d.labels.items()})
        return step

    def definition_lines(self, d) -> list[str]:
        points = ", ".join(f"{p} {d.labels[p]}" if p in d.labels else str(p) for p in range(d.min, d.max + 1))
        return [f"scale: {points}"]

    def reminders(self, d) -> list[str]:
        points = " · ".join(f"{p} {d.labels.get(p, '')}".strip() for p in range(d.min, d.max + 1))
        return [f"Scale: {points}"]

    def help(self, d) -> list[str]:
        return [
            f"Type ratings from {d.min} to {d.max}: 4 5 3 3, or a group first (p: 2 3),",
            "or a count of hands: 5x3 means three people said 5.",
        ]

    def parse(self, ctx, text: str, group: str | None, private: bool) -> AddRatings:
        from facilitate.kinds.limits import people_in
        from facilitate.kinds.numbers import tallies

        low, high = ctx.definition.min, ctx.definition.max
        values: list[int] = []
        room = people_in(ctx.session, group)
        for value, how_many in tallies(text, "a rating", f"{high} {low} {high}x3", room):
            if not low <= value <= high:
                raise EntryRefused(f"{value} is off the scale: it goes from {low} to {high}.")
            values.extend([value] * how_many)
        # One rating a person, across every line of the step.
        given = sum(1 for r in ctx.record.responses if group is None or r.group == group)
        line = typed_as(ctx.session, group, text)
        keep_within(allowance(ctx.session, group), given, len(values), "rating", "given", line)
        return AddRatings(values, group)

    def take_back_newest(self, ctx) -> str:
        record = ctx.record
        if not record.responses:
            raise EntryRefused("There is nothing to undo in this step.")
        removed = record.responses.pop()
        return f"the last rating ({removed.value})"

    def captured(self, exercise, d) -> int:
        return len(exercise.step(d.id).responses)

    def figures(self, session, exercise, d, show_private: bool) -> ScaleSummary:
        record = exercise.step(d.id)
        by_group: dict[str, list[int]] = {}
        for r in record.responses:
            by_group.setdefault(group_label(r.group), []).append(r.value)
        ordered = _in_group_order(by_group, [g.name for g in session.groups])
        return ScaleSummary(
            d.id,
            d.prompt,
            d.min,
            d.max,
            dict(d.labels),
            scale_figures([r.value for r in record.responses], d.min, d.max),
            {g: scale_figures(by_group[g], d.min, d.max) for g in ordered},
        )

    def summary_lines(self, figures: ScaleSummary) -> list[str]:
        o = figures.overall
        if not o.n:
            return ["No responses."]
        return [f"{count(o.n, 'response')} · average {number(o.mean)} · median {number(o.median)}"]

    def lines(self, session, exercise, d, legend: bool = True) -> list[ListLine]:
        figures = self.figures(session, exercise, d, show_private=True)
        o = figures.overall
        if not o.n:
            return []
        lines = [ListLine(f"{count(o.n, 'response')}, average {number(o.mean)}, median {number(o.median)}")]
        for point, how_many in o.distribution.items():
            label = d.labels.get(point, "")
            lines.append(ListLine(f"{point} {label:<12} {how_many:>3} {'#' * how_many}", indent=1))
        if len(figures.by_group) > 1 or NO_GROUP not in figures.by_group:
            for name, f in figures.by_group.items():
                lines.append(ListLine(f"{name}: n={f.n}, average {number(f.mean)}", group=name, indent=1))
        return lines

    def fill_public(self, view, session, exercise, d) -> None:
        o = self.figures(session, exercise, d, show_private=False).overall
        view["bars"] = [
            {"label": f"{p} {d.labels.get(p, '')}".strip(), "count": people} for p, people in o.distribution.items()
        ]
        view["summary"] = count(o.n, "response") + (
            f" · average {number(o.mean)} · median {number(o.median)}" if o.n else ""
        )
        view["layout"] = {"name": "bars"}

    def add_to_headline(self, headline, exercise_id: str, figures: ScaleSummary) -> None:
        from facilitate.kinds.shapes import ENOUGH

        # Only groups with enough ratings behind their average can make a gap.
        means = {
            g: f.mean for g, f in figures.by_group.items() if g != NO_GROUP and f.mean is not None and f.n >= ENOUGH
        }
        if len(means) >= 2:
            high = max(means.items(), key=lambda kv: kv[1])
            low = min(means.items(), key=lambda kv: kv[1])
            headline.scale_gaps.append(
                ScaleGap(
                    exercise_id,
                    figures.step,
                    figures.prompt,
                    high,
                    low,
                    high[1] - low[1],
                    figures.by_group[high[0]].n,
                    figures.by_group[low[0]].n,
                )
            )

    def agreement_items(self, exercise_id: str, figures: ScaleSummary, groups: list[str], headcount: dict) -> list:
        from facilitate.kinds.shapes import ItemCounts

        if not figures.overall.n:
            return []
        top = top_of_scale(figures.min, figures.max)
        counts = {}
        for g in groups:
            f = figures.by_group.get(g)
            at_top = sum(people for point, people in f.distribution.items() if point >= top) if f else 0
            counts[g] = (at_top, f.n if f else 0)
        top = top_phrase(top, figures.max)
        return [ItemCounts(exercise_id, figures.step, figures.prompt, top, "rating", counts, entries="ratings")]

    def add_to_digest(self, digest, exercise, d) -> None:
        record = exercise.step(d.id)
        # In the order given, so the CSV of a session lists them as typed.
        digest.steps[f"{exercise.id}/{d.id}"] = [[r.value, group_label(r.group)] for r in record.responses]

    def rename_groups(self, data, rename: dict[str, str]):
        return [[value, rename.get(group, group)] for value, group in data]

    def across(self, exercise_id: str, d: dict, present: list, group_order: list[str]) -> ScaleTrend:
        low, high = d["min"], d["max"]
        key = f"{exercise_id}/{d['id']}"
        per = "session" if len(present) <= TREND_BY_SESSION else "month"
        buckets: dict[str, tuple[int, list[list]]] = {}
        everything: list[int] = []
        grouped: dict[str, list[int]] = {}
        placed: dict[str, list[int]] = {}
        for s in present:
            responses = s.digest.steps.get(key, [])
            if not responses:
                continue
            for value, group in responses:
                everything.append(value)
                grouped.setdefault(group, []).append(value)
                placed.setdefault(s.location or "no location", []).append(value)
            label = f"{s.date} {s.location}".strip() if per == "session" else s.date[:7]
            sessions, merged = buckets.get(label, (0, []))
            buckets[label] = (sessions + 1, merged + responses)
        points = []
        for label, (sessions, merged) in buckets.items():
            values = [v for v, _ in merged]
            by_group: dict[str, list[int]] = {}
            for value, group in merged:
                by_group.setdefault(group, []).append(value)
            points.append(
                ScalePoint(
                    label,
                    sessions,
                    scale_figures(values, low, high),
                    {g: statistics.fmean(v) for g, v in by_group.items()},
                )
            )
        return ScaleTrend(
            exercise_id,
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

    def compare(self, exercise_id: str, before: ScaleSummary, after: ScaleSummary, context: dict) -> ScaleShift:
        groups = list(dict.fromkeys(g for g in [*before.by_group, *after.by_group] if g != NO_GROUP))
        return ScaleShift(
            exercise_id,
            after.step,
            after.prompt,
            Shift("everyone", before.overall.mean, after.overall.mean, before.overall.n, after.overall.n),
            by_size(
                [
                    Shift(
                        g,
                        getattr(before.by_group.get(g), "mean", None),
                        getattr(after.by_group.get(g), "mean", None),
                        getattr(before.by_group.get(g), "n", 0),
                        getattr(after.by_group.get(g), "n", 0),
                    )
                    for g in groups
                ]
            ),
        )

    def said(self, session, exercise, d) -> list[Said]:
        from facilitate.kinds.shapes import Said

        record = exercise.step(d.id)
        return [
            Said(exercise=exercise.id, step=d.id, kind=self.name, number=n, group=group_label(r.group), value=r.value)
            for n, r in enumerate(record.responses, 1)
        ]

    def said_from_digest(self, exercise_id: str, d: dict, data: Any) -> list[Said]:
        from facilitate.kinds.shapes import Said

        return [
            Said(exercise=exercise_id, step=d["id"], kind=self.name, number=n, group=group, value=value)
            for n, (value, group) in enumerate(data or [], 1)
        ]


KIND = Scale()
