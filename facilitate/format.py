"""How figures are written as words: one rounding rule, one way to say a count.

`ui/` and `export/` both format through here, so a mean of 3.25 is 3.3 on the
projector, in `/list`, in `summary` and in every export, and one dot is "1 dot"
everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

NO_GROUP = "no group"
PRIVATE_PLACEHOLDER = "(private answer)"

_IRREGULAR = {"person": "people", "entry": "entries", "reply": "replies"}


def group_label(name: str | None) -> str:
    """The name shown for an answer's group; answers typed without one say so."""
    return name or NO_GROUP


def number(value: float | int | None) -> str:
    """One decimal place, halves rounded up as people expect (3.25 -> 3.3); whole
    counts as they are; a missing figure as a dash."""
    if value is None:
        return "–"
    if isinstance(value, bool) or isinstance(value, int):
        return str(int(value))
    return str(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(share: float | None) -> str:
    """A share of 0..1 as a whole percentage, halves rounded up (0.125 -> 13%)."""
    if share is None:
        return ""
    whole = Decimal(repr(float(share))) * 100
    return f"{whole.quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def plural(noun: str, count: int) -> str:
    """The noun for this many: 1 dot, 2 dots, 1 person, 3 people."""
    if count == 1:
        return noun
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def count(n: int, noun: str) -> str:
    """'1 dot', '2 dots', '0 answers'."""
    return f"{n} {plural(noun, n)}"


def tag_legend(names: list[str]) -> str:
    """The tags to choose from, each with the number typed for it in brackets, so a
    number never reads as a count: 'Tags: [1] funders · [2] commissioners'."""
    return "Tags: " + " · ".join(f"[{i}] {name}" for i, name in enumerate(names, 1))


def and_list(names: list[str]) -> str:
    """'community', 'community and funders', 'community, public sector and funders'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def naming_line(
    groups: list[str],
    named: list[str],
    too_few: list[str],
    not_counted: list[str],
    small_group: int,
    chatham: bool = False,
) -> str:
    """The one sentence every pack and published page gives on which groups it names
    beside what they said, and why not the others."""
    if chatham:
        return "We name no group beside what it said, because the workshop kept to the Chatham House Rule."
    if not groups:
        return "No answer was given by a group, so we name no group."
    if not too_few and not not_counted:
        return "We name the group that said each thing, never the person."
    # The groups left unnamed are not listed: the published site must not name them at all.
    others = len(too_few) + len(not_counted)
    if not named:
        whom, some, rest = "each group", "some groups", "the rest"
    else:
        whom = "it" if others == 1 else "them"
        some, rest = "some of them", "the rest"
    if too_few and not_counted:
        because = (
            f"fewer than {count(small_group, 'person')} came from {some} "
            f"and nobody counted how many people came from {rest}"
        )
    elif too_few:
        because = f"fewer than {count(small_group, 'person')} came from {whom}"
    else:
        because = f"nobody counted how many people came from {whom}"
    if not named:
        return f"We name no group beside what it said, because {because}."
    them = "it" if len(named) == 1 else "they"
    other = "the other group" if others == 1 else "the other groups"
    return f"We name {and_list(named)} beside what {them} said, but not {other}, because {because}."


def dots_phrase(votes: int, by_group: dict[str, int]) -> str:
    """'5 dots (community 3, public sector 2)': the total, then the dots each group gave."""
    if not by_group:
        return count(votes, "dot")
    return f"{count(votes, 'dot')} ({', '.join(f'{g} {n}' for g, n in by_group.items())})"


TOO_FEW = "too few to compare"


def share_number(share: float | None) -> str:
    """A share of 0..1 as a number a spreadsheet can sort and sum, to three places
    (2 of 3 -> '0.667', all -> '1'); empty when nobody is behind it."""
    if share is None:
        return ""
    return format(Decimal(repr(float(share))).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize(), "f")


def score(value: float | None) -> str:
    """A bridging score, 0 to 1, to two places (0.6 -> '0.60'); a dash when none."""
    if value is None:
        return "–"
    return str(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def support(s, unit: str) -> str:
    """A group's support for an item with what it stands on: 'community 67% (2 of 3
    ratings)', or 'community: too few to compare (2 ratings)'."""
    if not s.enough:
        return f"{s.group}: {TOO_FEW} ({count(s.n, unit)})"
    return f"{s.group} {percent(s.share)} ({s.k} of {count(s.n, unit)})"


def support_cell(s) -> str:
    """A group's support in a table cell: '67% (2 of 3)', or 'too few to compare (2)'."""
    return f"{percent(s.share)} ({s.k} of {s.n})" if s.enough else f"{TOO_FEW} ({s.n})"


def unmeasured_line(table, enough: int) -> str:
    """The one line a report gives for a step where no group has enough behind its
    figure to be compared; empty when agreement can be measured there."""
    if table.measurable:
        return ""
    if not table.by_group:
        entries = table.entries or plural(table.unit, 2)
        return f"{entries.capitalize()} were not counted by group, so agreement cannot be measured here."
    return (
        f"No group had {enough} or more {plural(table.unit, 2)} behind its figure, "
        "so agreement cannot be measured here."
    )


def agreement_label(item, private: str = PRIVATE_PLACEHOLDER) -> str:
    """What an agreement figure is about: the item, and for an answer its number."""
    text = item.text if item.text is not None else private
    return f"{text} (answer {item.number})" if item.number is not None else text


def nothing_agreed(item, bar: float, private: str = PRIVATE_PLACEHOLDER) -> str:
    """The headline's one line when no item reaches the bar (`bar`, the bridging
    score that puts an item under "Where the groups agree")."""
    return (
        f"No item reached a bridging score of {score(bar)}; the closest was "
        f"{agreement_label(item, private)}, “{item.prompt}”, at {score(item.score)}."
    )


def bridging_phrase(item) -> str:
    """'bridging 0.60', or why there is no score."""
    if item.score is None:
        return "no bridging score: fewer than two groups to compare"
    return f"bridging {score(item.score)}"


# What every view and report says under the heading of a step skipped with /skip: its
# entries stay in the file and in the figures, so the reader is told where they came from.
SKIPPED_NOTE = "Skipped in the room: what is here was typed before the skip."


def fed_by_skipped(prompts: list[str]) -> str:
    """What every view and report says under a step whose answers carry dots or tags
    typed in a step the room then skipped."""
    return "Dots or tags here were typed in a step skipped in the room: " + "; ".join(f"“{p}”" for p in prompts) + "."


def skipped_where(prompt: str, place: str, date: str) -> str:
    """What a summary of many workshops says of a step skipped in one of them, whose
    entries it leaves out (as compare does not compare it)."""
    return f"“{prompt}” was skipped in the room at {place} ({date}): what was typed there is not counted here."


def done_mark(done: bool) -> str:
    """What every list and report says beside an action ticked off with /tick: "done";
    nothing beside one still to do."""
    return "done" if done else ""


def out_of(counts: tuple[int, int]) -> str:
    """(1, 3) -> '1 of 3', so a reader sees how few answers a share stands on."""
    return f"{counts[0]} of {counts[1]}"


def long_date(value: dt.date | str) -> str:
    """A date as people write it in the UK: '10 July 2027'."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.day} {value.strftime('%B')} {value.year}"


def checked_line(checked: int, total: int, withdrawn: int) -> str:
    """What the read-back says of a report: '3 of 5 answers checked with the room;
    1 withdrawn by the room'. Empty when there are no answers to check."""
    if not total:
        return ""
    line = f"{checked} of {count(total, 'answer')} checked with the room"
    return f"{line}; {withdrawn} withdrawn by the room" if withdrawn else line


def carried_mark(source: str | None) -> str:
    """The words beside an answer brought forward from an earlier session with /carry."""
    return f"(carried from {source})" if source else ""


def check_mark(checked: str | None, any_checked: bool) -> str:
    """The words beside an answer in a report: '(not checked)' once a read-back has
    begun and this answer was not in it, '(amended by the room)' for an amended one."""
    if checked == "amended":
        return "(amended by the room)"
    if checked is None and any_checked:
        return "(not checked)"
    return ""


def likeness_text(items: list) -> str:
    """How alike the groups' wordings of a term were, workshop by workshop:
    'Leeds, 10 July 2027: 23.5 (2 pairs); Birmingham, 12 June 2027: 61 (1 pair)'."""
    return "; ".join(
        f"{x.location or x.session}, {long_date(x.date)}: {number(x.score)} ({count(x.pairs, 'pair')})" for x in items
    )


def month(value: str) -> str:
    """A month written YYYY-MM as people write it: 'July 2027'."""
    try:
        first = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return value
    return f"{first.strftime('%B')} {first.year}"


def share_of(share: float | None, n: int) -> str:
    """A share with the k of n it stands on: '40% (2 of 5)'; a dash when there is none."""
    if share is None or not n:
        return "–"
    return f"{percent(share)} ({round(share * n)} of {n})"


def shift_phrase(shift, as_percent: bool = False) -> str:
    """How far a figure moved between two workshops: '+0.5', '−12 pts', 'same', or
    'too few to compare' when either side stands on fewer than ENOUGH."""
    if shift.too_few:
        return TOO_FEW
    value = shift.change
    if value is None:
        return ""
    if as_percent:
        points = percent(abs(value)).rstrip("%")
        return (("+" if value > 0 else "−") + f"{points} pts") if points != "0" else "same"
    text = number(abs(value))
    return "same" if text == "0.0" else ("+" if value > 0 else "−") + text


def more_shifts(left: list) -> str:
    """What a comparison says of the shifts it did not list: '+3 smaller shifts', or
    '+3 more shifts' when some of them stand on too few to compare."""
    size = "more" if any(shift.too_few for shift in left) else "smaller"
    return f"+{len(left)} {size} {plural('shift', len(left))} (compare --all lists them)"


# What `list` says of a session with nothing captured in it.
EMPTY = "empty"


def left_out_empty(ids: list[str]) -> str:
    """What summaries of many and publish say of the sessions with nothing captured
    that they left out."""
    listed = ", ".join(ids)
    return (
        f"Left out {count(len(ids), 'session')} with nothing captured ({listed}); name a session to include it anyway."
    )
