"""The Summary in the terminal: tables and bar charts, calm enough for a projector and
plain with `--plain` / NO_COLOR."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from facilitate.figures.agreement import agreement_tables
from facilitate.figures.session import Summary
from facilitate.format import (
    NO_GROUP,
    PRIVATE_PLACEHOLDER,
    agreement_label,
    bridging_phrase,
    count,
    done_mark,
    dots_phrase,
    likeness_text,
    long_date,
    nothing_agreed,
    number,
    out_of,
    percent,
    score,
    support,
    support_cell,
    unmeasured_line,
)
from facilitate.kinds.base import layout_of
from facilitate.kinds.shapes import ENOUGH

PRIVATE = PRIVATE_PLACEHOLDER
# On screen, many sessions are shown in brief; the exports hold everything.
LIST_ROWS = 12
TREND_ROWS = 12
MEANINGS_PER_GROUP = 3


def indented(renderable: RenderableType, spaces: int) -> Padding:
    """Indent without padding lines out to the screen's width with spaces."""
    return Padding(renderable, (0, 0, 0, spaces), expand=False)


def _bar(count: float, most: float, width: int, plain: bool) -> str:
    if not most:
        return ""
    return ("#" if plain else "█") * round(count / most * width)


def _table(plain: bool, *columns: tuple[str, str]) -> Table:
    table = Table(box=box.ASCII if plain else box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for title, justify in columns:
        # Figures and their headings never break mid-word; text columns wrap instead.
        figures = justify == "right" or title in ("date", "")
        longest = max((len(w) for w in title.split()), default=0)
        table.add_column(
            title,
            justify=justify,
            overflow="fold",
            no_wrap=figures,
            min_width=longest if figures else (12 if title else None),
        )
    return table


# A summary is read at a glance: an answer longer than this (a pasted document, the
# largest an import takes is a million characters) is cut there, saying how much more
# there is, and `show` and every report give it whole. Drawn in full in a table, a
# 1 MB answer kept the terminal busy for seconds.
GLANCE = 2_000


def _answer(item) -> str:
    if item.text is None:
        return PRIVATE
    # Quoted on the facilitator's own screen only: marked, so it is never read aloud.
    return glance(item.text) + (" (private)" if getattr(item, "private", False) else "")


def glance(text: str) -> str:
    """An answer as a summary shows it: whole, or its start and how much is left out."""
    if len(text) <= GLANCE:
        return text
    cut = text.rfind(" ", GLANCE // 2, GLANCE)
    cut = cut if cut > 0 else GLANCE
    return f"{text[:cut]}… ({len(text) - cut:,} more characters; `facilitate show` prints the whole answer)"


def agreement_line(item) -> str:
    """One item with each group's support and its bridging score, as the headline and
    the agreement section print it."""
    supports = ", ".join(support(x, item.unit) for x in item.supports)
    return f"{agreement_label(item, PRIVATE)}, “{item.prompt}”: {supports}; {bridging_phrase(item)}"


def headline_view(s: Summary, plain: bool) -> RenderableType:
    h = s.headline
    parts: list[RenderableType] = []

    def heading(text: str) -> None:
        if parts:
            parts.append(Text(""))
        parts.append(Text(text, style="bold"))

    if h.agreements:
        heading("Where the groups agree")
        for item in h.agreements:
            parts.append(Text(f"• {agreement_line(item)}"))
    elif h.closest is not None:
        heading("Where the groups agree")
        parts.append(Text(nothing_agreed(h.closest, h.bar, PRIVATE)))
    for step in h.priorities:
        heading(f"Priorities: “{step.prompt}”")
        for p in step.priorities:
            parts.append(
                Text(f"• {_answer(p)} (answer {p.number}; {p.group}, {dots_phrase(p.votes, p.dots_by_group)})")
            )
    if h.scale_gaps or h.tag_gaps:
        heading("Where they differ")
        for g in h.scale_gaps:
            parts.append(
                Text(
                    f"• “{g.prompt}” {g.highest[0]} averaged {number(g.highest[1])} ({count(g.highest_n, 'rating')}), "
                    f"{g.lowest[0]} {number(g.lowest[1])} ({count(g.lowest_n, 'rating')}) (gap {number(g.gap)})"
                )
            )
        for g in h.tag_gaps:
            parts.append(
                Text(
                    f"• Tagged “{g.tag}”: {percent(g.highest[1])} of answers from {g.highest[0]} "
                    f"({out_of(g.highest_n)}), {percent(g.lowest[1])} from {g.lowest[0]} ({out_of(g.lowest_n)})"
                )
            )
    if h.disputed_terms:
        heading("Words we use differently")
        for t in h.disputed_terms:
            parts.append(Text(f"• {t.term}: " + "; ".join(f"{m.group}: “{m.meaning}”" for m in t.meanings)))
    if not parts:
        parts.append(Text("Nothing voted on or compared yet."))
    return Panel(
        Group(*parts), title="Headline", title_align="left", box=box.ASCII if plain else box.ROUNDED, padding=(0, 1)
    )


def agreement_view(s: Summary, plain: bool) -> RenderableType | None:
    """Every item the groups rated, chose, tagged or dotted: each group's support with
    what it stands on, and the bridging score, step by step."""
    if not s.agreement:
        return None
    parts: list[RenderableType] = [
        Text(
            f"Support is the share of each group for an item; a group with fewer than {ENOUGH} behind its "
            "figure is too few to compare. The bridging score is the lowest support among the groups "
            "that can be compared, each smoothed as (k+1)/(n+2).",
            style="dim",
        )
    ]
    groups = list(dict.fromkeys(x.group for item in s.agreement for x in item.supports))
    for step in agreement_tables(s.agreement):
        parts.append(Text(""))
        parts.append(Text(step.prompt, style="bold"))
        if not step.measurable:
            parts.append(indented(Text(unmeasured_line(step, ENOUGH)), 2))
            continue
        # Text columns, so a long item or "too few to compare" wraps instead of being cut.
        table = _table(plain, ("item", "left"), ("bridging", "right"), *((g, "left") for g in groups))
        for item in step.items:
            cells = {x.group: support_cell(x) for x in item.supports}
            table.add_row(agreement_label(item, PRIVATE), score(item.score), *(cells.get(g, "") for g in groups))
        parts.append(indented(table, 2))
    return Group(*parts)


def _ratings(step, plain: bool, width: int):
    bar_width = max(10, width // 3)
    o = step.overall
    if not o.n:
        return Text("No responses.", style="dim")
    most = max(o.distribution.values())
    table = _table(plain, ("rating", "left"), ("people", "right"), ("", "left"))
    for point, people in o.distribution.items():
        table.add_row(
            f"{point} {step.labels.get(point, '')}".strip(), str(people), _bar(people, most, bar_width, plain)
        )
    parts: list[RenderableType] = [
        Text(
            f"{count(o.n, 'response')} · average {number(o.mean)} · median {number(o.median)} "
            f"(scale {step.min} to {step.max})"
        ),
        table,
    ]
    if len(step.by_group) > 1 or (step.by_group and NO_GROUP not in step.by_group):
        groups = _table(plain, ("group", "left"), ("responses", "right"), ("average", "right"), ("median", "right"))
        for g, f in step.by_group.items():
            groups.add_row(g, str(f.n), number(f.mean), number(f.median))
        parts.append(groups)
    return Group(*parts)


def _answers(step, plain: bool, width: int):
    if not step.answers:
        return Text("No answers.", style="dim")
    if len(step.answers) > LONG_STEP:
        return _long_capture(step)
    table = _table(plain, ("#", "right"), ("answer", "left"), ("group", "left"), ("dots", "right"), ("tags", "left"))
    for a in step.answers:
        table.add_row(
            str(a.number),
            f"{_answer(a)} {a.mark}".rstrip(),
            "" if a.group == NO_GROUP else a.group,
            str(a.votes) if a.votes else "",
            ", ".join(a.tags),
        )
    return table


def _options(step, plain: bool, width: int):
    bar_width = max(10, width // 3)
    table = _table(plain, ("option", "left"), ("total", "right"), *((g, "right") for g in step.groups), ("", "left"))
    most = max(step.totals.values(), default=0)
    for option in step.options:
        table.add_row(
            option,
            str(step.totals[option]),
            *(str(step.by_group[option].get(g, 0)) for g in step.groups),
            _bar(step.totals[option], most, bar_width // 2, plain),
        )
    return table


def _shares(step, plain: bool, width: int):
    # Left-justified, so each share's bar starts where the others do.
    table = _table(plain, ("tag", "left"), ("all", "right"), *((g, "left") for g in step.groups))
    bar = max(0, min(10, (width - 30) // max(1, len(step.groups)) - 8))
    for tag in step.tags:
        table.add_row(
            tag,
            str(step.totals[tag]),
            *(
                f"{percent(step.shares[tag][g]):>4} {_bar(step.shares[tag][g], 1, bar, plain):<{bar}}"
                if bar
                else percent(step.shares[tag][g])
                for g in step.groups
            ),
        )
    note = "Share of each group's answers given each tag"
    if step.untagged:
        note += f"; {count(step.untagged, 'answer')} not tagged"
    return Group(Text(note + ".", style="dim"), table)


def _ranking(step, plain: bool, width: int):
    ranked = [a for a in step.ranking if a.votes]
    if not ranked:
        return Text("No dots placed.", style="dim")
    most = ranked[0].votes
    # The dots each group gave, when they were typed by group.
    groups = list(dict.fromkeys(g for a in ranked for g in a.dots_by_group))
    table = _table(
        plain, ("dots", "right"), ("", "left"), ("#", "right"), ("answer", "left"), *((g, "right") for g in groups)
    )
    for a in ranked:
        table.add_row(
            str(a.votes),
            _bar(a.votes, most, 12, plain),
            str(a.number),
            _answer(a),
            *(str(a.dots_by_group.get(g, 0)) for g in groups),
        )
    return table


def _terms(step, plain: bool, width: int):
    if not step.terms:
        return Text("No terms.", style="dim")
    groups: list[str] = []
    for t in step.terms:
        groups.extend(g for g in t.groups if g not in groups)
    table = _table(plain, ("term", "left"), *((g, "left") for g in groups))
    for t in step.terms:
        cells = ["\n".join(m.meaning for m in t.meanings if m.group == g) for g in groups]
        label = t.term + ("\n(groups differ)" if t.differs else "")
        table.add_row(Text(label, style="bold"), *cells)
    parts = [table]
    if step.not_discussed:
        parts.append(Text("Not discussed: " + ", ".join(step.not_discussed), style="dim"))
    return Group(*parts)


def _tasks(step, plain: bool, width: int):
    if not step.actions:
        return Text("No actions.", style="dim")
    table = _table(plain, ("#", "right"), ("action", "left"), ("owner", "left"), ("due", "left"), ("", "left"))
    for n, a in enumerate(step.actions, 1):
        table.add_row(str(n), a.action, a.owner or "", long_date(a.due or ""), done_mark(a.done))
    return table


_LAYOUTS = {
    "ratings": _ratings,
    "answers": _answers,
    "options": _options,
    "shares": _shares,
    "ranking": _ranking,
    "terms": _terms,
    "tasks": _tasks,
}


def step_view(step, plain: bool, width: int) -> RenderableType:
    """A step's figures in the layout they name (kinds/base.py); a kind whose figures
    name none shows its own plain sentences."""
    draw = _LAYOUTS.get(layout_of(step))
    if draw is not None:
        return draw(step, plain, width)
    from facilitate.registry import kind_named

    return Text("\n".join(kind_named(step.kind).summary_lines(step)))


# Beyond this many answers a step is listed as aligned lines, not a table: a table
# measures every cell to fit the screen, which took seconds for 20,000 answers.
LONG_STEP = 300


def _long_capture(step) -> RenderableType:
    from facilitate.ui.views import aligned_rows

    rows = [
        (
            str(a.number),
            " ".join(f"{_answer(a)} {a.mark}".split()),
            "" if a.group == NO_GROUP else a.group,
            str(a.votes) if a.votes else "",
            ", ".join(a.tags),
        )
        for a in step.answers
    ]
    header, *lines = aligned_rows(("#", "answer", "group", "dots", "tags"), rows, right={0, 3})
    # In pieces of a hundred lines: rich splits a text at each line break by copying
    # the rest of it, so one text of 20,000 lines took over a second to print.
    pieces = [
        Text("\n".join(lines[start : start + 100]), no_wrap=True, overflow="ignore")
        for start in range(0, len(lines), 100)
    ]
    return Group(Text(header, style="bold"), *pieces)


def print_summary(console: Console, s: Summary, plain: bool) -> None:
    facts = (
        [s.date] + ([s.location] if s.location else []) + ([f"facilitated by {s.facilitator}"] if s.facilitator else [])
    )
    console.print(Text(s.title, style="bold"))
    console.print(Text(" · ".join(facts)))
    line = count(s.answers, "answer")
    if s.private:
        # The facilitator's own screen shows private text; a shared one never does.
        quoted = any(
            getattr(item, "private", False) and getattr(item, "text", None) is not None
            for ex in s.exercises
            for step in ex.steps
            for item in getattr(step, "answers", [])
        )
        where = "shown only on this screen, never in anything shared" if quoted else "counted, not quoted"
        line += f" ({s.private} private: {where})"
    console.print(Text(line))
    if s.readback:
        console.print(Text(f"Read back: {s.readback}" + ("; answers not checked are marked." if s.checked else ".")))
    console.print()
    console.print(headline_view(s, plain))
    agreement = agreement_view(s, plain)
    if agreement is not None:
        console.print()
        console.rule(Text("How far the groups agree", style="bold"), characters="=" if plain else "─")
        console.print(agreement)
    for ex in s.exercises:
        console.print()
        console.rule(Text(ex.title, style="bold"), characters="=" if plain else "─")
        for step in ex.steps:
            console.print()
            console.print(Text(step.prompt, style="bold"))
            for note in ex.notes_for(step):
                console.print(indented(Text(note, style="italic"), 2))
            console.print(indented(step_view(step, plain, console.width), 2))
        if ex.notes:
            console.print(Text("Facilitator notes", style="italic"))
            console.print(indented(Text(ex.notes, style="italic"), 2))


def print_across(console: Console, a, plain: bool) -> None:
    """Many workshops together: the sessions, scale trends, tag shares across all
    rooms, the register of shared terms, what people voted for and open actions."""
    console.print(Text(a.title, style="bold"))
    places = ", ".join(a.locations) if a.locations else "no locations given"
    console.print(
        Text(
            f"{count(len(a.sessions), 'session')} ({places}) · {count(a.answers, 'answer')}"
            + (f" ({a.private} private: counted, not quoted)" if a.private else "")
        )
    )
    if a.readback:
        console.print(Text(f"Read back: {a.readback}."))
    for line in a.skipped:
        console.print(Text(line))
    sessions = _table(
        plain, ("date", "left"), ("location", "left"), ("title", "left"), ("status", "left"), ("answers", "right")
    )
    for s in a.sessions[-LIST_ROWS:]:
        sessions.add_row(s.date, s.location, s.title, s.status, str(s.answers))
    console.print(sessions)
    if len(a.sessions) > LIST_ROWS:
        console.print(
            Text(
                f"  … and {len(a.sessions) - LIST_ROWS} earlier sessions (`facilitate list` shows them all).",
                style="dim",
            )
        )
    width = console.width
    for trend in a.scales:
        console.print()
        console.rule(Text(trend.prompt, style="bold"), characters="=" if plain else "─")
        o = trend.overall
        if not o.n:
            console.print(Text("  No responses.", style="dim"))
            continue
        console.print(
            Text(
                f"  {count(o.n, 'response')} in all · average {number(o.mean)} · median {number(o.median)} "
                f"(scale {trend.min} to {trend.max})"
            )
        )
        groups = list(trend.by_group)
        points = trend.points[-TREND_ROWS:]
        heading = "session" if trend.per == "session" else "month"
        if len(trend.points) > len(points):
            console.print(
                Text(
                    f"  The latest {len(points)} {heading}s of {len(trend.points)}; the exports hold them all.",
                    style="dim",
                )
            )
        table = _table(
            plain,
            (heading, "left"),
            ("n", "right"),
            ("average", "right"),
            ("", "left"),
            *((g, "right") for g in groups),
        )
        for p in points:
            table.add_row(
                p.label,
                str(p.figures.n),
                number(p.figures.mean),
                _bar((p.figures.mean or trend.min) - trend.min, trend.max - trend.min, 8, plain),
                *(number(p.by_group.get(g)) for g in groups),
            )
        console.print(table)
        if len(trend.by_location) > 1:
            places = ", ".join(f"{place} {number(f.mean)}" for place, f in trend.by_location.items())
            console.print(indented(Text(f"Average by place: {places}"), 2))
    for tags in a.tags:
        console.print()
        console.rule(Text(tags.prompt, style="bold"), characters="=" if plain else "─")
        console.print(step_view(tags, plain, width))
    for choice in a.choices:
        console.print()
        console.rule(Text(choice.prompt, style="bold"), characters="=" if plain else "─")
        console.print(step_view(choice, plain, width))
    console.print()
    console.rule(Text("The register of shared terms", style="bold"), characters="=" if plain else "─")
    if not a.register:
        console.print(Text("  No terms yet.", style="dim"))
    if any(term.likeness for term in a.register):
        console.print(Text(f"  Alike in wording, per workshop: {a.likeness_measure}. {a.likeness_caveat}", style="dim"))
    for term in a.register[:LIST_ROWS]:
        flag = "groups differ" if term.differs else "meanings agree"
        meanings = count(len(term.meanings), "meaning")
        console.print(Text(f"  {term.term}  ({meanings} from {', '.join(term.places)}; {flag})", style="bold"))
        table = _table(plain, ("group", "left"), ("meaning", "left"), ("where", "left"))
        # Each group's latest meanings; every meaning is in the exports.
        shown = []
        for group in term.groups:
            mine = [m for m in term.meanings if m.group == group]
            shown.extend(mine[-MEANINGS_PER_GROUP:])
        for m in shown:
            table.add_row(m.group, m.meaning, f"{m.location} {m.date}".strip())
        console.print(table)
        if term.likeness:
            console.print(indented(Text(f"Alike in wording: {likeness_text(term.likeness)}"), 4))
        if len(shown) < len(term.meanings):
            more = f"{len(term.meanings) - len(shown)} more meanings in the exports."
            console.print(indented(Text(more, style="dim"), 4))
    if len(a.register) > LIST_ROWS:
        console.print(Text(f"  … and {len(a.register) - LIST_ROWS} more terms in the exports.", style="dim"))
    if a.priorities:
        console.print()
        console.rule(Text("What people voted for", style="bold"), characters="=" if plain else "─")
        table = _table(plain, ("dots", "right"), ("answer", "left"), ("group", "left"), ("where", "left"))
        for p in a.priorities:
            table.add_row(str(p.votes), _answer(p), p.group, p.location or p.session)
        console.print(table)
    open_actions = [x for x in a.actions if not x.done]
    if open_actions:
        console.print()
        console.rule(Text("Actions not yet done", style="bold"), characters="=" if plain else "─")
        table = _table(plain, ("action", "left"), ("owner", "left"), ("due", "left"), ("agreed", "left"))
        for x in open_actions[-LIST_ROWS:]:
            table.add_row(x.action, x.owner or "", long_date(x.due or ""), f"{x.location} {x.date}".strip())
        console.print(table)
        if len(open_actions) > LIST_ROWS:
            console.print(Text(f"  … and {len(open_actions) - LIST_ROWS} earlier ones in the exports.", style="dim"))


def print_summaries(refs, all_sessions, location, share, folder, catalogue, plain) -> None:
    """`summary`: one session at a glance (its notes and private answers' text unless
    `share`), or the workshops together. Summaries across sessions never quote private
    answers or carry notes, so the shared view and the facilitator's view are the same."""
    from facilitate.folder import together
    from facilitate.ui.views import make_console

    console = make_console(plain)
    if len(refs) == 1 and not all_sessions and location is None:
        from facilitate import store
        from facilitate.figures.session import summarise
        from facilitate.folder import session_path

        loaded = store.load_session(session_path(refs[0], folder))
        print_summary(console, summarise(loaded, show_private=not share, with_notes=not share), plain)
        return
    from facilitate.figures.many import summarise_many
    from facilitate.ui.listing import say_left_out

    chosen, title = together(catalogue, folder, refs, all_sessions, location, left_out=say_left_out)
    print_across(console, summarise_many(chosen, title), plain)
