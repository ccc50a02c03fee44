"""The projector view: the question, the answers so far as cards coloured by group,
and the timer, sized to the screen so that nothing is cut off.

It draws a `public_view` (facilitate/public.py), which already leaves out facilitator
notes and the text of private answers; nothing else reaches the projector.
"""

from __future__ import annotations

from rich import box
from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from facilitate.public import private_line
from facilitate.ui.views import GROUP_STYLES


def _height(renderable: RenderableType, width: int) -> int:
    """How many lines the renderable takes at this width, without drawing it."""
    import io

    probe = Console(width=width, no_color=True, file=io.StringIO())
    return len(probe.render_lines(renderable, probe.options, pad=False))


def _group_colour(index: int | None, plain: bool) -> str:
    if plain or index is None:
        return "white"
    return GROUP_STYLES[index % len(GROUP_STYLES)]


def _cards(view: dict, width: int, plain: bool) -> list[Panel]:
    """A card per answer the room may see, in the view's order. The group is named in
    words on the card, so colour is never the only sign of it."""
    columns = max(1, width // 40)
    card_width = max(20, width // columns - 1)
    beside = view["layout"].get("detail") == "beside"
    cards = []
    for card in view["cards"]:
        subtitle = card["group"] or ""
        if beside:
            subtitle = f"{card['group']} · {card['detail']}" if card["group"] else card["detail"]
        cards.append(
            Panel(
                Text(card["text"]),
                title=f"{card['number']}",
                title_align="left",
                subtitle=Text(subtitle) if subtitle else None,
                subtitle_align="right",
                border_style=_group_colour(card["group_index"], plain),
                box=box.ASCII if plain else box.ROUNDED,
                width=card_width,
                padding=(0, 1),
            )
        )
    return cards


def _tallies(rows: list[tuple[str, int]], width: int, plain: bool) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    label_width = min(max((len(label) for label, _ in rows), default=4), width // 3)
    table.add_column(width=label_width, overflow="fold")
    table.add_column(justify="right", width=3)
    table.add_column()
    most = max((count for _, count in rows), default=0) or 1
    bar_room = max(5, width - label_width - 10)
    for label, count in rows:
        bar = ("#" if plain else "█") * round(count / most * bar_room)
        table.add_row(Text(label), str(count), bar)
    return table


def _body(view: dict, width: int, height: int, plain: bool) -> RenderableType:
    # The step's kind chose the layout and filled its data (kinds/*.py, `fill_public`).
    layout = view["layout"]
    name = layout["name"]
    if name == "cards" and layout.get("legend"):
        return _legend_lines(view, width, height, plain)
    if name == "cards":
        cards = _cards(view, width, plain)
        shown = list(cards)
        while shown:
            note = _private_note(view["private"], len(cards) - len(shown))
            body = Group(Columns(shown, equal=True), note)
            if _height(body, width) <= height:
                return body
            # The room wants to see what it just said: the cards the kind lets go
            # first (the oldest answers, or the fewest dots) give way.
            shown.pop(0 if layout.get("give_way") == "first" else -1)
        if cards or view["private"]:
            return _private_note(view["private"], len(cards))
        return Text(layout.get("empty", "Nothing yet."), style="dim")
    if name == "bars":
        rows = [(bar["label"], bar["count"]) for bar in view["bars"]]
        return Group(_tallies(rows, width, plain), Text(""), Text(view["summary"]))
    if name == "terms":
        parts: list[RenderableType] = []
        for term in view["terms"]:
            meanings = Text()
            for meaning in term["meanings"]:
                style = _group_colour(meaning["group_index"], plain)
                meanings.append(f"{meaning['group'] or 'no group'}: ", style=f"bold {style}")
                meanings.append(f"{meaning['meaning']}\n")
            parts.append(Text(term["term"], style="bold underline"))
            parts.append(Padding(meanings, (0, 0, 0, 2)))
        while parts and _height(Group(*parts), width) > height:
            del parts[:2]
        return Group(*parts) if parts else Text(layout.get("empty", "Nothing yet."), style="dim")
    # Rows: a layout of a kind's own that this screen does not know is drawn as its rows.
    numbered = layout.get("numbered")
    lines = [
        Text((f"{row['number']}. " if numbered else "") + row["text"] + (" (done)" if row["done"] else ""))
        for row in view.get("rows", [])
    ]
    while lines and _height(Group(*lines), width) > height:
        lines.pop(0)
    return Group(*lines) if lines else Text(layout.get("empty", "Nothing yet."), style="dim")


def _legend_lines(view: dict, width: int, height: int, plain: bool) -> RenderableType:
    """While choosing from a legend (tagging), the room needs every answer's number and
    the numbered choices, so answers are compact lines rather than cards; those that
    already have a detail (tagged ones) give way first."""
    legend = view["layout"]["legend"]
    legend = Text(
        f"{legend['label']}: " + " · ".join(f"{i} {name}" for i, name in enumerate(legend["names"], 1)), style="bold"
    )
    rows = []
    for card in view["cards"]:
        line = Text(f"{card['number']}. ", style="bold")
        line.append(card["text"], style=_group_colour(card["group_index"], plain))
        if card["group"]:
            line.append(f" ({card['group']})", style="dim")
        line.append(f"  [{card['detail']}]" if card["detail"] else "  [ ]", style="" if card["detail"] else "dim")
        rows.append((bool(card["detail"]), line))
    shown = list(rows)
    while True:
        body = Group(legend, Text(""), *(r[1] for r in shown), _private_note(view["private"], len(rows) - len(shown)))
        if not shown or _height(body, width) <= height:
            return body
        tagged = [r for r in shown if r[0]]
        shown.remove(tagged[0] if tagged else shown[0])


def _private_note(hidden: int, earlier: int) -> Text:
    return Text(private_line(hidden, earlier), style="dim")


def projector_view(view: dict, width: int, height: int, message: str, plain: bool) -> RenderableType:
    """Everything the room sees for one step (a public_view), fitted into width × height."""
    top = Table.grid(expand=True)
    top.add_column(ratio=1)
    top.add_column(justify="right")
    if view["state"] == "waiting":
        top.add_row(Text(view["title"], style="dim"), Text(""))
        waiting = Text("Waiting for the facilitator to open a step.", style="bold", justify="center")
        return Group(top, Text(""), waiting)
    timer = view["timer"]
    step = view["step"]
    top.add_row(
        Text(f"{view['exercise']} · step {step['number']} of {step['of']}", style="dim"),
        Text(timer["text"], style="bold" if timer["overtime"] else ""),
    )
    question = Panel(
        Text(step["prompt"], style="bold", justify="center"),
        box=box.ASCII if plain else box.HEAVY,
        padding=(1, 2) if height >= 30 else (0, 1),
    )
    footer = Text(message, style="green" if not plain else "") if message else Text("")
    if view.get("readback"):
        return Group(top, question, _reading(view["readback"], width, plain), footer)
    used = _height(Group(top, question, footer), width)
    body = _body(view, width, max(3, height - used), plain)
    return Group(top, question, body, footer)


def _reading(reading: dict, width: int, plain: bool) -> RenderableType:
    """The answer being read back, large: alone on the screen, in a wide card. A
    private one is named by its number only."""
    if reading["private"]:
        return Padding(Text(reading["line"], style="bold", justify="center"), (2, 0))
    card = Panel(
        Text(reading["text"], style="bold", justify="center"),
        title=f"answer {reading['number']}",
        subtitle=Text(reading["group"]) if reading["group"] else None,
        border_style=_group_colour(reading["group_index"], plain),
        box=box.ASCII if plain else box.DOUBLE,
        padding=(2, 4),
        width=min(width, 100),
    )
    return Group(Text(reading["line"], style="dim", justify="center"), Padding(card, (1, 0)))
