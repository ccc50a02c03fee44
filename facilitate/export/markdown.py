"""The Markdown report: GitHub-flavoured, and just as readable pasted into an email.

Everything a session holds is text, never markup: each value put into the template is
escaped on its way in (see `md_text`), so an answer holding `<script>`, `# heading`,
`[a link](…)` or a `|` reads in any Markdown viewer exactly as it was typed.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from facilitate.export.shared import jinja_environment

# Characters that start inline Markdown or raw HTML wherever they stand; a backslash
# makes each one literal in CommonMark and GitHub's dialect alike.
_INLINE = re.compile(r"([\\`*_\[\]{}<>#|!~&])")
# Controls other than tab and newline have no place in a text report.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
# What makes a block (list item, quote, setext heading) when it opens a line or a list item.
_BLOCK_START = re.compile(r"^(?:([-+=])(?=[\s=-]|$)|(\d+)([.)])(?=\s|$))")


def _escape_block_start(text: str) -> str:
    return _BLOCK_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", text, count=1)


def md_text(value: object) -> str:
    """One value as inline Markdown text: escaped, on one line."""
    if isinstance(value, Markup):
        return value
    if value is None or isinstance(value, (int, float)):
        return "" if value is None else str(value)
    text = " ".join(_CONTROLS.sub(" ", str(value)).split())
    return Markup(_escape_block_start(_INLINE.sub(r"\\\1", text)))


def md_paragraphs(value: object) -> Markup:
    """Notes, one a line as /note adds them: each its own paragraph, escaped."""
    lines = (md_text(line) for line in str(value or "").replace("\r", "\n").split("\n"))
    return Markup("\n\n".join(line for line in lines if line))


def escape_cell(text: object) -> Markup:
    """Keep a table cell in its cell: pipes and line breaks would break the row."""
    return Markup(md_text(text))


def bar(count: int, most: int, width: int = 20) -> str:
    return "█" * round(count / most * width) if most else ""


def _environment():
    env = jinja_environment(autoescape=False)
    env.finalize = md_text
    env.filters.update(cell=escape_cell, paragraphs=md_paragraphs)
    env.globals.update(bar=bar)
    return env


def render_markdown(summary) -> str:
    return _environment().get_template("report.md.j2").render(s=summary)


def render_markdown_across(across) -> str:
    return _environment().get_template("across.md.j2").render(a=across)


def _md_pieces(pieces) -> str:
    from facilitate.export.packs import Said

    out = []
    for piece in pieces:
        if isinstance(piece, Said):
            out.append(md_text(piece.text) + (f" ({md_text(piece.group)})" if piece.group else ""))
        else:
            # md_text trims; the spaces that join a piece to its neighbours are kept.
            lead = " " if piece[:1].isspace() else ""
            trail = " " if piece[-1:].isspace() else ""
            out.append(lead + md_text(piece) + trail)
    return "".join(out)


def render_pack_markdown(pack) -> str:
    """A community or funder pack as Markdown: the same blocks as the page and the
    Word file, every value escaped as in the report."""
    lines = [f"# {md_text(pack.title)}", "", f"_{md_text(pack.subtitle)}_", ""]
    for block in pack.blocks:
        if block.form == "heading":
            lines += [f"{'#' * block.level} {md_text(block.text)}", ""]
        elif block.form == "paragraph":
            lines += [_md_pieces(block.pieces), ""]
        elif block.form == "items":
            for index, item in enumerate(block.items):
                # Markdown renumbers an ordered list from its first number, so an answer's
                # own number is written as text in a bulleted list.
                mark = f"- {block.numbers[index]}\\." if block.numbers else "-"
                lines.append(f"{mark} {_md_pieces(item)}")
            lines.append("")
        elif block.form == "table":
            header = [md_text(h) for h in block.header]
            if block.bars is not None:
                header.append("")
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "|".join("---:" if i in block.numeric else "---" for i in range(len(header))) + "|")
            for index, row in enumerate(block.rows):
                cells = [_md_pieces([cell]) for cell in row]
                if block.bars is not None:
                    cells.append(bar(round(block.bars[index] * 100), 100))
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
