"""The Word report (python-docx): the headline, then each exercise with its tables,
for funders and commissioners who read everything in Word.

Every document is A4 in UK English, with real headings; a table's header row repeats
on each page and no row is split across two, so a printed table can always be read.
The packs draw their bar charts as shaded table cells: a chart made of text characters
means nothing to a screen reader and breaks when the font changes."""

from __future__ import annotations

import io

from facilitate.export.shared import answer_text, xml_safe
from facilitate.format import (
    NO_GROUP,
    agreement_label,
    bridging_phrase,
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
from facilitate.format import count as _plural
from facilitate.kinds.base import layout_of

PAGE_WIDTH_CM = 16.0


def _numbered(document, items: list[str], numbers: list[int] | None = None) -> None:
    """A numbered list that starts at 1 every time (Word's list styles would carry the
    count on from the previous list), or that carries the numbers given: an answer is
    labelled with its own number, whatever order a list sorts by."""
    import copy

    from docx.oxml.ns import qn
    from docx.shared import Cm

    # The first item is made through python-docx; the rest are copies of it with their
    # own words, since building each (its indents, its tab, its text a character at a
    # time) cost more than half a millisecond an item: 8,000 answers took seconds.
    template = None
    body = document.element.body
    for index, text in zip(numbers or range(1, len(items) + 1), items, strict=True):
        plain = not any(c in text for c in "\t\n\r")  # else tabs and breaks of its own
        if template is not None and plain:
            paragraph = copy.deepcopy(template)
            number_text, words = paragraph.iter(qn("w:t"))
            number_text.text, words.text = f"{index}.", text
            body._insert_p(paragraph)
            continue
        paragraph = document.add_paragraph(f"{index}.\t{text}")
        paragraph.paragraph_format.left_indent = Cm(0.8)
        paragraph.paragraph_format.first_line_indent = Cm(-0.8)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))
        paragraph.paragraph_format.space_after = Cm(0.1)
        if template is None and plain and text:
            template = copy.deepcopy(paragraph._p)
            for node in template.iter(qn("w:t")):
                node.set(qn("xml:space"), "preserve")  # an answer's own spaces at either end


def _widths(
    header: list[str], numeric: set[int], rows: list[list[str]] = (), page: float = PAGE_WIDTH_CM
) -> list[float]:
    """Numbers get just enough room; text columns share the rest by how much they hold.
    Every column gets some width and together they fit the page (or the part of it
    given), however many groups there are and however long their names."""
    # A numeric column is as wide as its header's longest word, so "community" is not
    # broken across two lines.
    number_widths = {i: max(1.6, 0.3 * max(len(w) for w in (header[i] or "x").split()) + 0.5) for i in numeric}
    text_columns = [i for i in range(len(header)) if i not in numeric]
    least_text = min(3.5 * len(text_columns), page / 2) if number_widths else 3.5 * len(text_columns)
    if number_widths and sum(number_widths.values()) > page - least_text:
        # Many groups: the figures share what the text columns leave, headings wrap.
        scale = (page - least_text) / sum(number_widths.values())
        number_widths = {i: w * scale for i, w in number_widths.items()}
    text_room = page - sum(number_widths.values())
    # Longest cell per text column, capped so one long answer cannot starve the rest.
    cells = {i: [header[i], *(r[i] for r in rows if i < len(r))] for i in text_columns}
    weight = {i: min(40, max(len(c) for c in cells[i]) or 1) for i in text_columns}
    total = sum(weight.values()) or 1
    widths = {i: text_room * weight[i] / total for i in text_columns}
    # No word broken in two: a column is at least as wide as its longest word (a date,
    # a place), taken from the widest text column.
    for i in text_columns:
        longest = max((len(w) for c in cells[i] for w in c.split()), default=1)
        need = min(0.27 * longest + 0.5, text_room / len(text_columns))
        if widths[i] < need:
            widest = max(text_columns, key=lambda j: widths[j])
            widths[widest] -= need - widths[i]
            widths[i] = need
    found = [max(0.3, number_widths[i] if i in numeric else widths[i]) for i in range(len(header))]
    if sum(found) > page:  # only with a great many columns: all give up the same share
        found = [w * page / sum(found) for w in found]
    return found


def _table(document, header: list[str], rows: list[list[str]], numeric: set[int] = frozenset()):
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = _widths(header, numeric, rows)
    for index, title in enumerate(header):
        cell = table.rows[0].cells[index]
        cell.text = title
        if index in numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in rows:
        cells = table.add_row().cells
        for index, value in enumerate(row):
            cells[index].text = value
            if index in numeric:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # Word reads the cell widths, LibreOffice the grid's: set both.
    for index, column in enumerate(table.columns):
        column.width = Cm(widths[index])
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Cm(widths[index])
    _rows_kept_whole(table)
    document.add_paragraph()
    return table


def _agreement_line(item) -> str:
    supports = ", ".join(support(x, item.unit) for x in item.supports)
    return f"{agreement_label(item)}, “{item.prompt}”: {supports}; {bridging_phrase(item)}"


def _rows_kept_whole(table) -> None:
    """The first row repeats at the top of each page; no row breaks across two."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index == 0:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            properties.append(header)


def _headline(document, s) -> None:
    h = s.headline
    document.add_heading("Headline", level=1)
    if h.agreements:
        document.add_heading("Where the groups agree", level=2)
        for item in h.agreements:
            document.add_paragraph(_agreement_line(item), style="List Bullet")
    elif h.closest is not None:
        document.add_heading("Where the groups agree", level=2)
        document.add_paragraph(nothing_agreed(h.closest, h.bar))
    for step in h.priorities:
        document.add_heading(f"Priorities: “{step.prompt}”", level=2)
        for p in step.priorities:
            document.add_paragraph(
                f"{answer_text(p)} (answer {p.number}; {p.group}, {dots_phrase(p.votes, p.dots_by_group)})",
                style="List Bullet",
            )
    if h.scale_gaps or h.tag_gaps:
        document.add_heading("Where they differ", level=2)
        for g in h.scale_gaps:
            document.add_paragraph(
                f"“{g.prompt}” {g.highest[0]} averaged {number(g.highest[1])} ({_plural(g.highest_n, 'rating')}), "
                f"{g.lowest[0]} {number(g.lowest[1])} ({_plural(g.lowest_n, 'rating')}): a gap of {number(g.gap)}.",
                style="List Bullet",
            )
        for g in h.tag_gaps:
            document.add_paragraph(
                f"Tagged “{g.tag}”: {percent(g.highest[1])} of answers from {g.highest[0]} "
                f"({out_of(g.highest_n)}), {percent(g.lowest[1])} from {g.lowest[0]} ({out_of(g.lowest_n)}).",
                style="List Bullet",
            )
    if h.disputed_terms:
        document.add_heading("Words we use differently", level=2)
        _table(
            document,
            ["term", "group", "what they mean"],
            [
                [t.term if i == 0 else "", m.group, m.meaning]
                for t in h.disputed_terms
                for i, m in enumerate(t.meanings)
            ],
        )
    if not (h.agreements or h.closest or h.priorities or h.scale_gaps or h.tag_gaps or h.disputed_terms):
        document.add_paragraph("Nothing voted on or compared yet.")


def _agreement(document, s) -> None:
    """Every item's support by group and its bridging score, a table per question."""
    if not s.agreement:
        return
    from facilitate.figures.agreement import agreement_tables
    from facilitate.kinds.shapes import ENOUGH

    document.add_heading("How far the groups agree", level=1)
    document.add_paragraph(
        "Each group's support for each item: the share of its ratings at the top of the scale, of its hands "
        "for an option, of its answers given a tag, or of its dots put on an answer. A group with fewer than "
        f"{ENOUGH} behind its figure is too few to compare. The bridging score is the lowest support among the "
        "groups that can be compared, each smoothed as (k+1)/(n+2)."
    )
    groups = list(dict.fromkeys(x.group for item in s.agreement for x in item.supports))
    for table in agreement_tables(s.agreement):
        document.add_heading(table.prompt, level=2)
        if not table.measurable:
            document.add_paragraph(unmeasured_line(table, ENOUGH))
            continue
        rows = []
        for item in table.items:
            cells = {x.group: support_cell(x) for x in item.supports}
            rows.append([agreement_label(item), score(item.score), *(cells.get(g, "") for g in groups)])
        _table(document, ["", "bridging", *groups], rows, numeric=set(range(1, len(groups) + 2)))


def _ratings(document, step):
    o = step.overall
    text = f"{_plural(o.n, 'response')}"
    if o.n:
        text += f", average {number(o.mean)}, median {number(o.median)} on a scale from {step.min} to {step.max}"
    document.add_paragraph(text + ".")
    if o.n:
        most = max(o.distribution.values()) or 1
        header = ["rating", "people"]
        rows = [[f"{p} {step.labels.get(p, '')}".strip(), str(c)] for p, c in o.distribution.items()]
        table = _table(document, [*header, "chart"], [[*r, ""] for r in rows], numeric={1})
        _draw_bars(table, header, rows, {1}, [c / most for c in o.distribution.values()])
        if len(step.by_group) > 1 or (step.by_group and NO_GROUP not in step.by_group):
            _table(
                document,
                ["group", "responses", "average", "median"],
                [[g, str(f.n), number(f.mean), number(f.median)] for g, f in step.by_group.items()],
                numeric={1, 2, 3},
            )


def _answers(document, step):
    if not step.answers:
        document.add_paragraph("No answers.")
    items = []
    for a in step.answers:
        extra = [a.group] if a.group != NO_GROUP else []
        if a.votes:
            extra.append(_plural(a.votes, "dot"))
        if a.tags:
            extra.append(", ".join(a.tags))
        items.append(answer_text(a) + (f" ({'; '.join(extra)})" if extra else "") + (f" {a.mark}" if a.mark else ""))
    _numbered(document, items, [a.number for a in step.answers])


def _options(document, step):
    _table(
        document,
        ["option", "total", *step.groups],
        [[o, str(step.totals[o]), *(str(step.by_group[o].get(g, 0)) for g in step.groups)] for o in step.options],
        numeric=set(range(1, 2 + len(step.groups))),
    )


def _shares(document, step):
    note = "Share of each group's answers given each tag"
    if step.untagged:
        note += f" ({_plural(step.untagged, 'answer')} not tagged)"
    document.add_paragraph(note + ".")
    _table(
        document,
        ["tag", "all", *step.groups],
        [[t, str(step.totals[t]), *(percent(step.shares[t][g]) for g in step.groups)] for t in step.tags],
        numeric=set(range(1, 2 + len(step.groups))),
    )


def _ranking(document, step):
    ranked = [a for a in step.ranking if a.votes]
    if not ranked:
        document.add_paragraph("No dots placed.")
    _numbered(
        document,
        [f"{answer_text(a)} ({dots_phrase(a.votes, a.dots_by_group)})" for a in ranked],
        [a.number for a in ranked],
    )


def _terms(document, step):
    if step.terms:
        _table(
            document,
            ["term", "group", "what they mean"],
            [
                [(t.term + (" (groups differ)" if t.differs else "")) if i == 0 else "", m.group, m.meaning]
                for t in step.terms
                for i, m in enumerate(t.meanings)
            ],
        )
    if step.not_discussed:
        document.add_paragraph("Not discussed: " + ", ".join(step.not_discussed) + ".")


def _tasks(document, step):
    if step.actions:
        _table(
            document,
            ["action", "owner", "due", "done"],
            [[a.action, a.owner or "", long_date(a.due or ""), done_mark(a.done)] for a in step.actions],
        )
    else:
        document.add_paragraph("No actions.")


_LAYOUTS = {
    "ratings": _ratings,
    "answers": _answers,
    "options": _options,
    "shares": _shares,
    "ranking": _ranking,
    "terms": _terms,
    "tasks": _tasks,
}


def _step(document, step, exercise_title: str, notes: list[str] = ()) -> None:
    if step.prompt != exercise_title:
        document.add_heading(step.prompt, level=2)
    for note in notes:
        document.add_paragraph(note)
    # The layout the step's figures name (kinds/base.py); else the kind's own sentences.
    draw = _LAYOUTS.get(layout_of(step))
    if draw is not None:
        draw(document, step)
        return
    from facilitate.registry import kind_named

    for line in kind_named(step.kind).summary_lines(step):
        document.add_paragraph(line)


LANGUAGE = "en-GB"


_BODY_REGISTERED: list[bool] = []


def _body_that_appends():
    """Give Word documents a body that adds a paragraph or table in constant time.

    python-docx puts each new block before the body's closing section properties by
    looking for them among all the blocks already there: every paragraph cost as much
    as the document so far, and 8,000 answers took 18 s. This body looks at its last
    block only, which is where those properties always are. Registered through
    python-docx's own table of element classes, before the first document is read."""
    if _BODY_REGISTERED:
        return
    from docx.oxml.document import CT_Body
    from docx.oxml.ns import qn
    from docx.oxml.parser import register_element_cls

    section = qn("w:sectPr")

    class AppendingBody(CT_Body):
        def _insert_block(self, block):
            # Not len(self): lxml counts the children one by one.
            try:
                last = self[-1]
            except IndexError:
                last = None
            if last is not None and last.tag == section:
                last.addprevious(block)
            else:
                self.append(block)
            return block

        def _insert_p(self, p):
            return self._insert_block(p)

        def _insert_tbl(self, tbl):
            return self._insert_block(tbl)

    register_element_cls("w:body", AppendingBody)
    _BODY_REGISTERED.append(True)


def _new_document(title: str, author: str = ""):
    import datetime as dt

    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    _body_that_appends()
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    # The template's own properties say "python-docx" wrote it in 2013; a reader's file
    # list shows the workshop, who ran it and the day the file was made instead.
    core = document.core_properties
    core.title = title
    core.language = LANGUAGE
    core.author = author
    core.last_modified_by = author
    core.comments = ""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    core.created = core.modified = now
    core.revision = 1
    # A4 with margins that leave the PAGE_WIDTH_CM the tables are laid out for.
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.2)
    # The language of every style, in the document defaults: the spelling checker and
    # a screen reader read the text as UK English.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        document.styles.element.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), LANGUAGE)
    document.add_heading(title, level=0)
    return document


def _as_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_docx(s) -> bytes:
    s = xml_safe(s)
    document = _new_document(s.title, s.facilitator or "")
    facts = (
        [long_date(s.date)]
        + ([s.location] if s.location else [])
        + ([f"facilitated by {s.facilitator}"] if s.facilitator else [])
    )
    document.add_paragraph(" · ".join(facts))
    if s.groups:
        document.add_paragraph(
            "Groups: " + ", ".join(f"{g} ({s.headcount[g]} people)" if g in s.headcount else g for g in s.groups) + "."
        )
    line = f"{_plural(s.answers, 'answer')} captured"
    if s.private:
        line += f"; {s.private} of them private, counted in every figure but not quoted"
    document.add_paragraph(line + ".")
    if s.readback:
        document.add_paragraph(f"Read back: {s.readback}" + ("; answers not checked are marked." if s.checked else "."))
    _headline(document, s)
    _agreement(document, s)
    for ex in s.exercises:
        document.add_heading(ex.title, level=1)
        for step in ex.steps:
            _step(document, step, ex.title, ex.notes_for(step))
        if ex.notes:
            document.add_heading("Facilitator notes", level=2)
            document.add_paragraph(ex.notes)
    return _as_bytes(document)


def render_docx_across(a) -> bytes:
    a = xml_safe(a)
    document = _new_document(a.title)
    places = f" in {', '.join(a.locations)}" if a.locations else ""
    line = f"{_plural(len(a.sessions), 'workshop')}{places}; {_plural(a.answers, 'answer')} captured"
    if a.private:
        line += f" ({a.private} private: counted, not quoted)"
    document.add_paragraph(line + ".")
    if a.readback:
        document.add_paragraph(f"Read back: {a.readback}.")
    for line in a.skipped:
        document.add_paragraph(line)
    _table(
        document,
        ["date", "location", "workshop", "answers"],
        [[long_date(s.date), s.location, s.title, str(s.answers)] for s in a.sessions],
        numeric={3},
    )
    if a.priorities:
        document.add_heading("What people voted for", level=1)
        _numbered(
            document,
            [
                f"{answer_text(p)} ({p.group}, {p.location or p.session}, {_plural(p.votes, 'dot')})"
                for p in a.priorities
            ],
        )
    for t in a.scales:
        document.add_heading(t.prompt, level=1)
        text = f"{_plural(t.overall.n, 'response')} in all"
        if t.overall.n:
            text += f", average {number(t.overall.mean)} on a scale from {t.min} to {t.max}"
        document.add_paragraph(text + ".")
        groups = list(t.by_group)
        if t.points:
            # Per session, the count of sessions is always one: leave it out.
            counts = t.per != "session"
            header = [t.per, *(["sessions"] if counts else []), "responses", "average", *groups]
            rows = [
                [p.label, *([str(p.sessions)] if counts else []), str(p.figures.n), number(p.figures.mean)]
                + [number(p.by_group.get(g)) for g in groups]
                for p in t.points
            ]
            _table(document, header, rows, numeric=set(range(1, len(header))))
    for step in a.tags:
        document.add_heading(step.prompt, level=1)
        document.add_paragraph("Share of each group's answers given each tag, across every workshop.")
        _table(
            document,
            ["tag", "all", *step.groups],
            [[tag, str(step.totals[tag]), *(percent(step.shares[tag][g]) for g in step.groups)] for tag in step.tags],
            numeric=set(range(1, 2 + len(step.groups))),
        )
    for step in a.choices:
        document.add_heading(step.prompt, level=1)
        _table(
            document,
            ["option", "total", *step.groups],
            [[o, str(step.totals[o]), *(str(step.by_group[o].get(g, 0)) for g in step.groups)] for o in step.options],
            numeric=set(range(1, 2 + len(step.groups))),
        )
    document.add_heading("The register of shared terms", level=1)
    alike = [t for t in a.register if t.likeness]
    if alike:
        document.add_paragraph(f"Alike in wording, per workshop: {a.likeness_measure}. {a.likeness_caveat}")
        for t in alike:
            document.add_paragraph(f"{t.term}: {likeness_text(t.likeness)}")
    if a.register:
        _table(
            document,
            ["term", "group", "meaning", "where"],
            [
                [
                    (t.term + (" (groups differ)" if t.differs else "")) if i == 0 else "",
                    m.group,
                    m.meaning,
                    f"{m.location or m.session} {long_date(m.date)}",
                ]
                for t in a.register
                for i, m in enumerate(t.meanings)
            ],
        )
    else:
        document.add_paragraph("No terms yet.")
    open_actions = [x for x in a.actions if not x.done]
    if open_actions:
        document.add_heading("Actions not yet done", level=1)
        _table(
            document,
            ["action", "owner", "due", "agreed"],
            [
                [x.action, x.owner or "", long_date(x.due or ""), f"{x.location} {long_date(x.date)}"]
                for x in open_actions
            ],
        )
    return _as_bytes(document)


BAR_SHADE = "1B5E8C"


def _bar_cell(cell, share: float, width_cm: float) -> None:
    """A bar drawn as a shaded cell of a one-cell table inside the cell, as long as its
    share of the longest bar; the row stays one line high."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    if share <= 0:
        return
    length = max(0.1, width_cm * share)
    # python-docx puts the table after the cell's empty paragraph and adds the paragraph
    # Word requires at the end: the first goes, the last is made as small as it can be.
    inner = cell.add_table(rows=1, cols=1)
    first = cell.paragraphs[0]._p
    first.getparent().remove(first)
    last = cell.paragraphs[-1].paragraph_format
    last.space_before = last.space_after = Pt(0)
    last.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    last.line_spacing = Pt(1)
    inner.autofit = False
    bar = inner.rows[0].cells[0]
    bar.width = Cm(length)
    inner.columns[0].width = Cm(length)
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), BAR_SHADE)
    bar._tc.get_or_add_tcPr().append(shade)
    mark = bar.paragraphs[0].paragraph_format
    mark.space_before = mark.space_after = Pt(0)
    mark.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    mark.line_spacing = Pt(9)


CHART_CM = 6.0


def _draw_bars(table, header: list[str], rows: list[list[str]], numeric: set[int], shares: list[float]) -> None:
    """Fill a table's last column with bars: the figures keep their widths, the text
    columns give up the chart's room."""
    from docx.shared import Cm

    # The figures and the text share what the chart leaves: with many groups or long
    # names a bar column of its own width never pushes another below nothing.
    widths = [*_widths(header, numeric, rows, page=PAGE_WIDTH_CM - CHART_CM), CHART_CM]
    for index, column in enumerate(table.columns):
        column.width = Cm(widths[index])
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Cm(widths[index])
    for share, row in zip(shares, table.rows[1:], strict=True):
        _bar_cell(row.cells[-1], share, CHART_CM - 0.4)


def _pack_text(pieces) -> str:
    from facilitate.export.packs import Said

    out = []
    for piece in pieces:
        if isinstance(piece, Said):
            out.append(piece.text + (f" ({piece.group})" if piece.group else ""))
        else:
            out.append(piece)
    return "".join(out)


def render_pack_docx(pack) -> bytes:
    """A community or funder pack in Word: the same blocks as the page."""

    pack = xml_safe(pack)
    document = _new_document(pack.title, pack.author)
    document.add_paragraph(pack.subtitle, style="Subtitle")
    for block in pack.blocks:
        if block.form == "heading":
            document.add_heading(block.text, level=min(block.level - 1, 9))
        elif block.form == "paragraph":
            document.add_paragraph(_pack_text(block.pieces))
        elif block.form == "items":
            if block.numbers:
                _numbered(document, [_pack_text(item) for item in block.items], block.numbers)
            else:
                for item in block.items:
                    document.add_paragraph(_pack_text(item), style="List Bullet")
        elif block.form == "table":
            rows = [[_pack_text([cell]) for cell in row] for row in block.rows]
            numeric = set(block.numeric)
            if block.bars is None:
                _table(document, list(block.header), rows, numeric)
            else:
                table = _table(document, [*block.header, "Chart"], [[*r, ""] for r in rows], numeric)
                _draw_bars(table, list(block.header), rows, numeric, block.bars)
    return _as_bytes(document)
