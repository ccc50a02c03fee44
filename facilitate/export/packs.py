"""Packs for their readers: what leaves the room, written for whoever reads it.

The community pack is for everyone who came: what we heard, what we agreed, what
happens next and who to ask, in short plain sentences. The funder pack puts the method
beside the same evidence: what each exercise asked, who was in the room, every figure
with the number of people behind it, and the kinds of value mapped to the Social Value
Model's themes. Both are built from `figures.sharing.shareable_summary`, so neither can
carry a note, a private answer's text or a group too small to hide in.

A pack is first laid out as a short list of blocks (headings, paragraphs, lists,
tables with bars); Markdown, HTML and Word each draw the same blocks, so the three
agree. The room's own words are kept apart from the tool's (`Said`), so each format can
show them as quotes and the readability check can measure the tool's sentences alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from facilitate.format import NO_GROUP, count, done_mark, long_date, number, out_of, percent
from facilitate.kinds.base import layout_of

PACKS = ("facilitator", "community", "funder")
PACK_FORMATS = ("md", "html", "docx")


def check_pack(reader: str, fmt: str, one_session: bool, with_notes: bool) -> None:
    """What `export --for` may be asked: a reader facilitate writes for, a format people
    read, one workshop, and never the facilitator's notes."""
    from facilitate.errors import FacilitateError, quoted

    if reader not in PACKS:
        problem = f"--for {quoted(reader)} is not a reader facilitate writes for; choose one of: {', '.join(PACKS)}."
    elif fmt not in PACK_FORMATS:
        problem = f"The {reader} pack is written for people to read; export it as {', '.join(PACK_FORMATS)}."
    elif not one_session:
        problem = f"A {reader} pack is of one workshop; name one session."
    elif with_notes:
        problem = f"Notes stay in the facilitator's report; the {reader} pack never carries them."
    else:
        return
    raise FacilitateError(problem)


def themes_for(reader: str, sessions_dir):
    """The value themes the funder pack maps its kinds of value to; none for others."""
    if reader != "funder":
        return None
    from facilitate.themes import load_value_themes

    return load_value_themes(sessions_dir)


@dataclass
class Said:
    """Words from the room (or typed by the facilitator for the room), with the group
    they may be attributed to, if any."""

    form: ClassVar[str] = "said"

    text: str
    group: str | None = None


Piece = str | Said


@dataclass
class Heading:
    form: ClassVar[str] = "heading"
    level: int
    text: str


@dataclass
class Paragraph:
    form: ClassVar[str] = "paragraph"
    pieces: list[Piece]


@dataclass
class Items:
    form: ClassVar[str] = "items"
    items: list[list[Piece]]
    numbers: list[int] | None = None  # an answer keeps its own number


@dataclass
class Table:
    form: ClassVar[str] = "table"
    caption: str
    header: list[str]
    rows: list[list[Piece]]
    numeric: set[int] = field(default_factory=set)
    # A bar chart beside the rows: each row's share of the longest bar, 0..1.
    bars: list[float] | None = None


Block = Heading | Paragraph | Items | Table


@dataclass
class Pack:
    reader: str
    title: str
    subtitle: str
    blocks: list[Block]
    author: str = ""  # the facilitator, when the session names one: the Word file's author


def _p(*pieces: Piece) -> Paragraph:
    return Paragraph(list(pieces))


def _quote(text: str | None, group: str | None, extra: str = "") -> list[Piece]:
    """An answer as a list item: the words, who said them (when that may be said), and
    any figure after them."""
    pieces: list[Piece] = [Said(text or "", group if group and group != NO_GROUP else None)]
    if extra:
        pieces.append(extra)
    return pieces


def _bars(values: list[int]) -> list[float]:
    most = max(values, default=0)
    return [v / most if most else 0.0 for v in values]


def _were(n: int) -> str:
    return "was" if n == 1 else "were"


def _people_present(s) -> int | None:
    from facilitate.kinds.limits import people_in

    return people_in(s)


def _how_to_read(s, blocks: list[Block], level: int = 2) -> None:
    """The line that explains dots, scores and tags, and the rule on naming groups."""
    blocks.append(Heading(level, "How to read this"))
    blocks.append(_p("A dot is one vote. Each person puts their dots on the ideas they like best."))
    blocks.append(_p("A score is a number on a scale, such as 1 to 5. A higher score means more."))
    blocks.append(_p("A tag is a label we gave an answer, to show what kind of answer it is."))
    blocks.extend(_attribution(s))


def _attribution(s) -> list[Block]:
    # Which groups are named and why is one sentence, worded where the rule is made.
    lines: list[Block] = [_p(s.naming)] if s.naming else []
    if s.private:
        them = "it" if s.private == 1 else "them"
        lines.append(
            _p(f"{count(s.private, 'answer')} {_were(s.private)} private. We count {them}, but we do not show {them}.")
        )
    return lines


# --- the community pack -----------------------------------------------------------------


def community_pack(s) -> Pack:
    blocks: list[Block] = []
    when = long_date(s.date) + (f", {s.location}" if s.location else "")
    present = _people_present(s)
    intro = "This is a short record for everyone who came."
    if present:
        intro += f" {count(present, 'person')} took part."
    blocks.append(_p(intro))

    blocks.append(Heading(2, "What we heard"))
    heard = False
    for ex in s.exercises:
        shown: list[Block] = []
        for step in ex.steps:
            said = _heard(step)
            if said:
                said[1:1] = [_p(note) for note in ex.notes_for(step)]  # under the step's heading
            shown.extend(said)
        # A step that asks the exercise's own question needs no heading of its own.
        shown = [b for b in shown if not (isinstance(b, Heading) and b.text == ex.title)]
        if shown:
            heard = True
            blocks.append(Heading(3, ex.title))
            blocks.extend(shown)
    if not heard:
        blocks.append(_p("Nothing was written down yet."))

    blocks.append(Heading(2, "What we agreed"))
    agreed = False
    stopped = []
    for ex in s.exercises:
        for step in ex.steps:
            # What the room agreed is a ranking of answers by dots.
            if layout_of(step) == "ranking" and ex.was_skipped(step):
                stopped.append(step.prompt)  # a vote the room did not finish agreed nothing
            elif layout_of(step) == "ranking" and any(a.votes for a in step.ranking):
                agreed = True
                blocks.append(Heading(3, step.prompt))
                blocks.append(_p(f"People put {count(step.dots, 'dot')} on these ideas. The most dots come first."))
                ranked = [a for a in step.ranking if a.votes and a.text is not None]
                blocks.append(Items([_quote(a.text, a.group, f" ({count(a.votes, 'dot')})") for a in ranked]))
                hidden = sum(1 for a in step.ranking if a.votes and a.text is None)
                if hidden:
                    blocks.append(_p(f"{count(hidden, 'idea')} with dots {_were(hidden)} private."))
    for prompt in stopped:
        blocks.append(_p("We began a vote on ", Said(prompt), " but stopped it, so it is not here."))
    if not agreed and not stopped:
        blocks.append(_p("We did not vote on anything."))

    blocks.append(Heading(2, "What happens next"))
    actions = [a for ex in s.exercises for step in ex.steps if layout_of(step) == "tasks" for a in step.actions]
    if actions:
        blocks.append(_p("These are the things people said they would do."))
        blocks.append(_actions_table("What happens next", ["What", "Who", "By when", "Done"], actions))
    else:
        blocks.append(_p("We did not agree any actions."))

    blocks.append(Heading(2, "Who to contact"))
    if s.contact:
        blocks.append(_p("If you have a question, or want to help, contact ", Said(s.contact), "."))
    elif s.facilitator:
        blocks.append(_p("If you have a question, ask ", Said(s.facilitator), ". They ran the workshop."))
    else:
        blocks.append(_p("If you have a question, ask the person who ran the workshop."))
    _how_to_read(s, blocks)
    return Pack("community", s.title, when, blocks, s.facilitator or "")


def _heard(step) -> list[Block]:
    """What the room said in one step, for the community pack; votes and actions have
    their own sections."""
    out: list[Block] = []
    layout = layout_of(step)
    if layout == "ratings":
        o = step.overall
        if not o.n:
            return out
        out.append(Heading(4, step.prompt))
        out.append(
            _p(
                f"{count(o.n, 'person')} gave a score from {step.min} to {step.max}. "
                f"The average score was {number(o.mean)}."
            )
        )
        out.append(_scores(step))
    elif layout == "answers":
        shown = [a for a in step.answers if a.text is not None]
        if not step.answers:
            return out
        out.append(Heading(4, step.prompt))
        if shown:
            out.append(
                Items(
                    [_quote(a.text, a.group, f" ({count(a.votes, 'dot')})" if a.votes else "") for a in shown],
                )
            )
        hidden = len(step.answers) - len(shown)
        if hidden:
            out.append(_p(f"{count(hidden, 'answer')} here {_were(hidden)} private."))
    elif layout == "options":
        if not step.responses:
            return out
        out.append(Heading(4, step.prompt))
        out.append(
            Table(
                "Choices",
                ["Answer", "People"],
                [[o, str(step.totals[o])] for o in step.options],
                {1},
                _bars([step.totals[o] for o in step.options]),
            )
        )
    elif layout == "shares":
        if not any(step.totals.values()):
            return out
        out.append(Heading(4, step.prompt))
        tags = [t for t in step.tags if step.totals[t]]
        out.append(
            Table(
                "Tags",
                ["Tag", "Answers"],
                [[t, str(step.totals[t])] for t in tags],
                {1},
                _bars([step.totals[t] for t in tags]),
            )
        )
    elif layout == "terms":
        if not step.terms:
            return out
        out.append(Heading(4, step.prompt))
        for term in step.terms:
            out.append(_p(Said(term.term), " means:" if len(term.meanings) == 1 else " can mean:"))
            out.append(Items([_quote(m.meaning, m.group) for m in term.meanings]))
    elif layout in ("ranking", "tasks"):
        pass
    else:
        from facilitate.registry import kind_named

        lines = kind_named(step.kind).summary_lines(step)
        if lines:
            out.append(Heading(4, step.prompt))
            out.extend(_p(Said(line)) for line in lines)
    return out


# --- the funder pack ----------------------------------------------------------------------


def _method(step) -> str:
    """How a step's figures were gathered, in its kind's words (its name, if it has none)."""
    from facilitate.registry import kind_named

    try:
        return kind_named(step.kind).method or step.kind
    except KeyError:
        return step.kind


def funder_pack(s, themes) -> Pack:
    blocks: list[Block] = []
    facts = [long_date(s.date)] + ([s.location] if s.location else [])
    if s.facilitator:
        facts.append(f"facilitated by {s.facilitator}")
    blocks.append(_p("The evidence from one workshop, with the method beside it. " + " · ".join(facts) + "."))

    blocks.append(Heading(2, "Who was in the room"))
    rows: list[list[Piece]] = []
    for g in s.groups:
        rows.append([g, str(s.headcount[g]) if g in s.headcount else "not counted"])
    present = _people_present(s)
    if present is not None:
        rows.append(["everyone", str(present)])
    if rows:
        blocks.append(Table("People present, by group", ["Group", "People present"], rows, {1}))
    line = f"{count(s.answers, 'answer')} were written down"
    if s.private:
        line += f"; {s.private} of them private: counted in every figure, never quoted"
    blocks.append(_p(line + "."))

    blocks.append(Heading(2, "How we worked"))
    blocks.append(
        _p(
            "The whole room took part in each exercise it ran. The facilitator typed what was said as it was "
            "said. Each answer belongs to a group, not to a person."
        )
    )
    for ex in s.exercises:
        blocks.append(Heading(3, ex.title))
        if not ex.ran:
            blocks.append(_p(f"Planned for {count(ex.minutes, 'minute')}, but not run in this workshop."))
            continue
        blocks.append(_p(f"Planned for {count(ex.minutes, 'minute')}."))
        if ex.intro:
            blocks.append(_p("Read out at the start: ", Said(" ".join(ex.intro.split()))))
        blocks.append(Items([[f"{step.prompt} ({_method(step)})"] for step in ex.steps]))

    blocks.append(Heading(2, "What we found"))
    for ex in s.exercises:
        blocks.append(Heading(3, ex.title))
        for step in ex.steps:
            if step.prompt != ex.title:
                blocks.append(Heading(4, step.prompt))
            blocks.extend(_p(note) for note in ex.notes_for(step))
            blocks.extend(_found(step))

    blocks.extend(_value_themes(s, themes))
    _how_to_read(s, blocks)
    return Pack("funder", s.title, "Evidence pack", blocks, s.facilitator or "")


def _found(step) -> list[Block]:
    """One step's figures, each with the number of people or answers behind it."""
    out: list[Block] = []
    layout = layout_of(step)
    if layout == "ratings":
        o = step.overall
        if not o.n:
            return [_p("No scores were given.")]
        out.append(
            _p(
                f"{count(o.n, 'response')} on a scale from {step.min} to {step.max}: "
                f"average {number(o.mean)}, median {number(o.median)}."
            )
        )
        out.append(_scores(step))
        groups = [g for g in step.by_group if g != NO_GROUP]
        if groups:
            out.append(
                Table(
                    "Scores by group",
                    ["Group", "Responses", "Average", "Median"],
                    [[g, str(f.n), number(f.mean), number(f.median)] for g, f in step.by_group.items()],
                    {1, 2, 3},
                )
            )
    elif layout == "answers":
        if not step.answers:
            return [_p("No answers.")]
        by_group = ", ".join(f"{g} {n}" for g, n in step.by_group.items()) if _by_group(step.by_group) else ""
        out.append(_p(f"{count(step.count, 'answer')}" + (f" ({by_group})" if by_group else "") + "."))
        shown = [a for a in step.answers if a.text is not None]
        items = []
        for a in shown:
            extra = [count(a.votes, "dot")] if a.votes else []
            if a.tags:
                extra.append("tagged " + ", ".join(a.tags))
            items.append(_quote(a.text, a.group, f" ({'; '.join(extra)})" if extra else ""))
        if items:
            out.append(Items(items, [a.number for a in shown]))
    elif layout == "options":
        out.append(_p(f"{count(step.responses, 'choice')} made."))
        out.append(
            Table(
                "Choices",
                ["Option", "All", *_by_group(step.groups)],
                [
                    [o, str(step.totals[o]), *(str(step.by_group[o].get(g, 0)) for g in _by_group(step.groups))]
                    for o in step.options
                ],
                set(range(1, 2 + len(_by_group(step.groups)))),
                _bars([step.totals[o] for o in step.options]),
            )
        )
    elif layout == "shares":
        note = "Each group's answers given each tag, as a share and as a count"
        if step.untagged:
            note += f" ({count(step.untagged, 'answer')} not tagged)"
        out.append(_p(note + "."))
        out.append(
            Table(
                "Tags by group",
                ["Tag", "All", *_by_group(step.groups)],
                [
                    [
                        t,
                        str(step.totals[t]),
                        *(_share_of(step, t, g) for g in _by_group(step.groups)),
                    ]
                    for t in step.tags
                ],
                set(range(1, 2 + len(_by_group(step.groups)))),
            )
        )
    elif layout == "ranking":
        if not any(a.votes for a in step.ranking):
            return [_p("No dots placed.")]
        ranked = [a for a in step.ranking if a.votes and a.text is not None]
        out.append(_p(f"{count(step.dots, 'dot')} placed, most first."))
        out.append(
            Items([_quote(a.text, a.group, f" ({count(a.votes, 'dot')})") for a in ranked], [a.number for a in ranked])
        )
        hidden = sum(1 for a in step.ranking if a.votes and a.text is None)
        if hidden:
            out.append(_p(f"{count(hidden, 'private answer')} also had dots."))
    elif layout == "terms":
        if not step.terms:
            return [_p("No terms discussed.")]
        rows: list[list[Piece]] = []
        for t in step.terms:
            for i, m in enumerate(t.meanings):
                rows.append(
                    [
                        Said(t.term) if i == 0 else "",
                        m.group if m.group and m.group != NO_GROUP else "not named",
                        Said(m.meaning),
                    ]
                )
        out.append(Table("What each group means", ["Term", "Group", "What they mean"], rows))
        if step.not_discussed:
            out.append(_p("Not discussed: " + ", ".join(step.not_discussed) + "."))
    elif layout == "tasks":
        if not step.actions:
            return [_p("No actions.")]
        out.append(_actions_table("Actions", ["Action", "Owner", "Due", "Done"], step.actions))
    else:
        from facilitate.registry import kind_named

        out.extend(_p(Said(line)) for line in kind_named(step.kind).summary_lines(step))
    return out


def _by_group(groups) -> list[str]:
    """The groups a figure is broken down by, or none when every entry is under no
    group (no group may be named, or none was typed): a column that repeats the total
    tells the reader nothing."""
    return list(groups) if any(g != NO_GROUP for g in groups) else []


def _actions_table(caption: str, header: list[str], actions) -> Table:
    """Actions with who and by when, and which are done. The last column is left out
    while nothing is done: a pack written on the day would carry an empty column."""
    done = any(a.done for a in actions)
    rows: list[list[Piece]] = [
        [Said(a.action), Said(a.owner) if a.owner else "", Said(long_date(a.due)) if a.due else ""]
        + ([done_mark(a.done)] if done else [])
        for a in actions
    ]
    return Table(caption, header if done else header[:-1], rows)


def _share_of(step, tag: str, group: str) -> str:
    """'67% (2 of 3)': a tag's share of a group's answers, with the answers behind it."""
    behind = (step.counts[tag].get(group, 0), step.answers_per_group.get(group, 0))
    return f"{percent(step.shares[tag][group])} ({out_of(behind)})"


def _value_themes(s, themes) -> list[Block]:
    """Every tag step whose tags the mapping names: each kind of value with the answers
    behind it and the model's themes it maps to."""
    if themes is None:
        return []
    out: list[Block] = []
    for ex in s.exercises:
        for step in ex.steps:
            if layout_of(step) != "shares" or not any(themes.themes_of(t) is not None for t in step.tags):
                continue
            if not out:
                out.append(Heading(2, f"Kinds of value and the {themes.model}"))
                where = "the mapping shipped with facilitate" if themes.source == "built in" else themes.source
                out.append(
                    _p(
                        f"Each kind of value the room named is mapped to the themes of the UK government's "
                        f"{themes.model}. The mapping is a file you can edit ({where}). It names themes only: "
                        "it carries no measures and no money values."
                    )
                )
            answers = sum(step.answers_per_group.values())
            rows: list[list[Piece]] = []
            for t in step.tags:
                mapped = themes.themes_of(t)
                rows.append(
                    [
                        t,
                        out_of((step.totals[t], answers)),
                        "; ".join(mapped) if mapped else ("no theme" if mapped is not None else "not in the mapping"),
                    ]
                )
            out.append(Table(f"{step.prompt}", ["Kind of value", "Answers", "Themes of the model"], rows, {1}))
    return out


def build_pack(summary, reader: str, themes=None) -> Pack:
    if reader == "community":
        return community_pack(summary)
    if reader == "funder":
        return funder_pack(summary, themes)
    raise ValueError(f"unknown pack {reader}")


def _scores(step) -> Table:
    """A scale's ratings, point by point, with bars: the same in both packs."""
    points = list(step.overall.distribution.items())
    return Table(
        "Scores",
        ["Score", "People"],
        [[f"{p} {step.labels.get(p, '')}".strip(), str(c)] for p, c in points],
        {1},
        _bars([c for _, c in points]),
    )
