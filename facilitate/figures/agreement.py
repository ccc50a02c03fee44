"""How far the declared groups agree: each group's support for every item the room
rated, chose, tagged or dotted, and one bridging score per item that is high only
when every group supports it.

Each kind says what support means in its steps (`agreement_items` in kinds/): the
share of a group's ratings at the top of a scale, of its hands for an option, of its
answers given a tag, of its people who put a dot on an answer (kinds/vote.py). This module turns those counts
into figures, the same way for every kind:

- a group's support is smoothed as (k + 1) / (n + 2): k of n, with one imaginary
  "yes" and one "no" added (a Beta(1, 1) prior), so 1 of 1 reads as 0.67, not
  certainty, and 0 of 0 as an even 0.5;
- a group with fewer than ENOUGH people, responses or dots behind its figure is
  "too few to compare": shown, but left out of the score and of every headline;
- the bridging score is the lowest smoothed support among the groups that can be
  compared (at least two of them), so one group's low support pulls the item down.

The minimum rather than the product (the other usual choice in group-informed
consensus): the product shrinks as groups are added, so the same threshold would
mean something different in a room of two groups and a room of four; the minimum
reads in plain words ("even the least convinced group") and one threshold serves
every room. Ties are broken by the mean of the smoothed supports.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from facilitate.kinds.shapes import ENOUGH, ItemCounts

# A bridging score from here up puts an item under "Where the groups agree": even the
# least supportive group, smoothed, is at least half for it.
HIGH = 0.5
AGREEMENTS = 5  # items the headline lists


@dataclass
class Support:
    group: str
    k: int
    n: int
    share: float | None  # k / n, as read out; None when nobody is behind it
    smoothed: float  # (k + 1) / (n + 2)
    enough: bool  # n >= ENOUGH: may be compared and make a headline


@dataclass
class AgreementItem:
    exercise: str
    step: str
    prompt: str
    text: str | None
    unit: str
    number: int | None
    supports: list[Support]
    score: float | None  # the bridging score; None with fewer than two groups to compare
    too_few: list[str] = field(default_factory=list)  # groups shown as too few to compare
    entries: str = ""  # what the room gave, in the plural ("hands", "dots")


def smoothed(k: int, n: int) -> float:
    """Support with a Beta(1, 1) prior: (k + 1) / (n + 2)."""
    return (k + 1) / (n + 2)


def support(group: str, k: int, n: int) -> Support:
    return Support(group, k, n, k / n if n else None, smoothed(k, n), n >= ENOUGH)


def bridging(supports: list[Support]) -> float | None:
    """The lowest smoothed support among the groups with enough behind them; None
    when fewer than two groups can be compared (a bridge needs two sides)."""
    compared = [s.smoothed for s in supports if s.enough]
    if len(compared) < 2:
        return None
    return min(compared)


def agreement_item(counts: ItemCounts) -> AgreementItem:
    supports = [support(group, k, n) for group, (k, n) in counts.counts.items()]
    return AgreementItem(
        counts.exercise,
        counts.step,
        counts.prompt,
        counts.text,
        counts.unit,
        counts.number,
        supports,
        bridging(supports),
        [s.group for s in supports if not s.enough],
        counts.entries,
    )


def _order(item: AgreementItem) -> tuple[float, float]:
    compared = [s.smoothed for s in item.supports if s.enough] or [0.0]
    return (-(item.score or 0.0), -statistics.fmean(compared))


def where_groups_agree(items: list[AgreementItem]) -> list[AgreementItem]:
    """The items every comparable group supports, best bridged first."""
    agreed = [i for i in items if i.score is not None and i.score >= HIGH]
    return sorted(agreed, key=_order)[:AGREEMENTS]


@dataclass
class AgreementTable:
    """One step's items, as every report lays them out: a table of each group's support,
    or one line when no group has enough behind its figure to be compared."""

    exercise: str
    step: str
    prompt: str
    unit: str
    entries: str
    items: list[AgreementItem]
    measurable: bool  # some group gave something here, and has enough behind its figure
    by_group: bool  # some group gave anything at all here


def agreement_tables(items: list[AgreementItem]) -> list[AgreementTable]:
    """The items step by step, in the order given, each step's table saying whether
    agreement can be measured in it at all (rather than a row per item of "too few to
    compare (0)" under every group, when hands were not counted by group)."""
    tables: dict[tuple[str, str], AgreementTable] = {}
    for item in items:
        key = (item.exercise, item.step)
        if key not in tables:
            tables[key] = AgreementTable(
                item.exercise, item.step, item.prompt, item.unit, item.entries, [], False, False
            )
        table = tables[key]
        table.items.append(item)
        table.measurable = table.measurable or any(x.enough for x in item.supports)
        # A count of people (a headcount) stands whether or not a group gave anything;
        # a count of entries (ratings, answers) is nothing when none was given by group.
        given = (x.k for x in item.supports) if item.unit == "person" else (x.n for x in item.supports)
        table.by_group = table.by_group or any(given)
    for table in tables.values():
        table.measurable = table.measurable and table.by_group
    return list(tables.values())


def closest_to_agreement(items: list[AgreementItem]) -> AgreementItem | None:
    """When no item reaches the bar, the one nearest to it (for the headline to name);
    None when some item reaches it, or none has a score."""
    scored = [i for i in items if i.score is not None]
    if not scored or any(i.score >= HIGH for i in scored):
        return None
    return sorted(scored, key=_order)[0]
