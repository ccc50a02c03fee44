"""The HTML report: one self-contained file (no external CSS, fonts, scripts or
images) that prints cleanly to PDF. Everything typed in the room is escaped."""

from __future__ import annotations

from facilitate.export.shared import jinja_environment, xml_safe
from facilitate.format import NO_GROUP

# Group colours chosen to stay distinct in greyscale print and for common colour
# blindness, each dark enough to carry white text at 4.5:1 (WCAG AA); the text always
# names the group too.
GROUP_COLOURS = ["#1b6ca8", "#c0392b", "#1e7048", "#8e44ad", "#935f0b", "#34495e"]


def render_html(summary) -> str:
    summary = xml_safe(summary)
    env = jinja_environment(autoescape=True)
    colours = {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(summary.groups)}
    colours.setdefault(NO_GROUP, "#626e70")
    return env.get_template("report.html.j2").render(s=summary, colours=colours)


def render_html_across(across) -> str:
    across = xml_safe(across)
    env = jinja_environment(autoescape=True)
    groups: list[str] = []
    for trend in across.scales:
        groups.extend(g for g in trend.by_group if g not in groups)
    for tags in across.tags:
        groups.extend(g for g in tags.groups if g not in groups)
    colours = {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(x for x in groups if x != NO_GROUP)}
    colours[NO_GROUP] = "#626e70"
    return env.get_template("across.html.j2").render(a=across, colours=colours)


def render_pack_html(pack) -> str:
    """A community or funder pack as one self-contained page."""
    from facilitate.export.packs import Said

    pack = xml_safe(pack)
    env = jinja_environment(autoescape=True)
    env.tests["said"] = lambda value: isinstance(value, Said)
    return env.get_template("pack.html.j2").render(p=pack)
