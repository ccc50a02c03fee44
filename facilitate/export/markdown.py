"""The Markdown report: GitHub-flavoured, and just as readable pasted into an email."""

from __future__ import annotations

from facilitate.export import jinja_environment


def escape_cell(text: object) -> str:
    """Keep a table cell in its cell: pipes and line breaks would break the row."""
    return " ".join(str(text).replace("|", "\\|").split())


def bar(count: int, most: int, width: int = 20) -> str:
    return "█" * round(count / most * width) if most else ""


def render_markdown(summary) -> str:
    env = jinja_environment(autoescape=False)
    env.filters.update(cell=escape_cell)
    env.globals.update(bar=bar)
    return env.get_template("report.md.j2").render(s=summary)


def render_markdown_across(across) -> str:
    env = jinja_environment(autoescape=False)
    env.filters.update(cell=escape_cell)
    env.globals.update(bar=bar)
    return env.get_template("across.md.j2").render(a=across)
