"""`glossary`: a term and what each group means by it (`p: impact = savings`).

Where groups mean different things by the same word, the summary says so: those are
the words a workshop exists to unpick.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from facilitate.errors import EntryRefused, quoted
from facilitate.format import NO_GROUP, group_label
from facilitate.kinds.base import ListLine, StepKind, Undo, remove_item
from facilitate.model import GlossaryStep, Meaning, Term, tidy_text
from facilitate.registry import SAID_AS

if TYPE_CHECKING:
    from facilitate.kinds.shapes import Said


@dataclass
class MeaningItem:
    group: str
    meaning: str


@dataclass
class TermSummary:
    term: str
    meanings: list[MeaningItem]
    groups: list[str]
    differs: bool


@dataclass
class GlossarySummary:
    kind: ClassVar[str] = "glossary"
    layout: ClassVar[str] = "terms"  # how views and reports draw it (kinds/base.py)
    step: str
    prompt: str
    terms: list[TermSummary]
    not_discussed: list[str]


@dataclass
class TermAgain:
    """A term discussed in both workshops: which groups gave a meaning, and whether
    their meanings differed, in each."""

    term: str
    groups_before: list[str]
    groups_after: list[str]
    differed: bool
    differs: bool


@dataclass
class TermsShift:
    section: ClassVar[str] = "terms"
    exercise: str
    step: str
    prompt: str
    again: list[TermAgain]
    new: list[str]  # discussed only in the later workshop
    dropped: list[str]  # discussed only in the earlier one


def meanings_differ(meanings: list[MeaningItem]) -> bool:
    groups = {m.group for m in meanings}
    texts = {" ".join(m.meaning.casefold().split()) for m in meanings}
    return len(groups) > 1 and len(texts) > 1


@dataclass
class AddMeaning:
    term: str
    meaning: str
    group: str | None

    def apply(self, ctx) -> tuple[str, Undo]:
        record = ctx.record
        term = next((t for t in record.terms if t.term == self.term), None)
        new_term = term is None
        if term is None:
            term = Term(term=self.term)
            record.terms.append(term)
        meaning = Meaning(group=self.group, meaning=self.meaning)
        term.meanings.append(meaning)

        def undo() -> None:
            remove_item(term.meanings, meaning)
            if new_term and not term.meanings:
                remove_item(record.terms, term)

        return f"{self.term!r}: meaning {len(term.meanings)} saved.", undo


class Glossary(StepKind):
    name = "glossary"
    method = "each group said what it means by a word"
    public_table = "meanings"
    record = GlossaryStep
    takes_group = True
    said_as = SAID_AS["glossary"]
    searchable = True

    def help(self, d) -> list[str]:
        return ["Type term = meaning, with a group key first to say whose: p: impact = savings."]

    def introduce(self, d) -> list[ListLine]:
        return [ListLine("Terms to try: " + ", ".join(d.suggestions))] if d.suggestions else []

    def parse(self, ctx, text: str, group: str | None, private: bool) -> AddMeaning:
        if "=" not in text:
            raise EntryRefused(
                "Type the term, an equals sign, then what it means, for example impact = lasting change."
            )
        term, _, meaning = text.partition("=")
        term, meaning = " ".join(term.split()), tidy_text(meaning).strip()
        if not term:
            raise EntryRefused("Type the term before the equals sign.")
        if not meaning:
            raise EntryRefused(f"Type what {quoted(term)} means after the equals sign.")
        known = [t.term for t in ctx.record.terms] + list(ctx.definition.suggestions)
        for existing in known:
            if existing.casefold() == term.casefold():
                term = existing
                break
        return AddMeaning(term, meaning, group)

    def take_back_newest(self, ctx) -> str:
        record = ctx.record
        if not record.terms:
            raise EntryRefused("There is nothing to undo in this step.")
        term = record.terms[-1]
        removed = term.meanings.pop()
        if not term.meanings:
            record.terms.pop()
        return f"the last meaning of {term.term!r}: {removed.meaning}"

    def captured(self, exercise, d) -> int:
        return sum(len(t.meanings) for t in exercise.step(d.id).terms)

    def lines(self, session, exercise, d, legend: bool = True) -> list[ListLine]:
        record = exercise.step(d.id)
        lines = []
        for term in record.terms:
            lines.append(ListLine(term.term, emphasis="bold"))
            for meaning in term.meanings:
                lines.append(
                    ListLine(f"{group_label(meaning.group)}: {meaning.meaning}", group=meaning.group, indent=1)
                )
        discussed = {t.term.casefold() for t in record.terms}
        unused = [s for s in d.suggestions if s.casefold() not in discussed]
        if unused:
            lines.append(ListLine("Not yet discussed: " + ", ".join(unused), emphasis="dim"))
        return lines

    def fill_public(self, view, session, exercise, d) -> None:
        names = [g.name for g in session.groups]
        view["terms"] = [
            {
                "term": term.term,
                "meanings": [
                    {
                        "group": m.group,
                        "group_index": names.index(m.group) if m.group in names else None,
                        "meaning": m.meaning,
                    }
                    for m in term.meanings
                ],
            }
            for term in exercise.step(d.id).terms
        ]
        view["layout"] = {"name": "terms", "empty": "No terms yet."}

    def figures(self, session, exercise, d, show_private: bool) -> GlossarySummary:
        record = exercise.step(d.id)
        groups = [g.name for g in session.groups]
        terms = []
        for term in record.terms:
            meanings = [MeaningItem(group_label(m.group), m.meaning) for m in term.meanings]
            present = list(dict.fromkeys(m.group for m in meanings))
            order = [
                *(g for g in groups if g in present),
                *(g for g in present if g not in groups and g != NO_GROUP),
                *([NO_GROUP] if NO_GROUP in present else []),
            ]
            meanings.sort(key=lambda m: order.index(m.group))
            terms.append(TermSummary(term.term, meanings, order, meanings_differ(meanings)))
        discussed = {t.term.casefold() for t in record.terms}
        return GlossarySummary(d.id, d.prompt, terms, [s for s in d.suggestions if s.casefold() not in discussed])

    def summary_lines(self, figures: GlossarySummary) -> list[str]:
        return [f"{t.term}: " + "; ".join(f"{m.group}: {m.meaning}" for m in t.meanings) for t in figures.terms]

    def compare(self, exercise_id: str, before: GlossarySummary, after: GlossarySummary, context: dict) -> Any:
        if not (before.terms or after.terms):
            return None
        earlier = {t.term.casefold(): t for t in before.terms}
        later = {t.term.casefold(): t for t in after.terms}
        again = [
            TermAgain(t.term, earlier[key].groups, t.groups, earlier[key].differs, t.differs)
            for key, t in later.items()
            if key in earlier
        ]
        return TermsShift(
            exercise_id,
            after.step,
            after.prompt,
            again,
            [t.term for key, t in later.items() if key not in earlier],
            [t.term for key, t in earlier.items() if key not in later],
        )

    def add_to_headline(self, headline, exercise_id: str, figures: GlossarySummary) -> None:
        headline.disputed_terms.extend(t for t in figures.terms if t.differs)

    def add_to_digest(self, digest, exercise, d) -> None:
        from facilitate.kinds.shapes import DigestMeaning

        record = exercise.step(d.id)
        digest.meanings.extend(
            DigestMeaning(t.term, group_label(m.group), m.meaning) for t in record.terms for m in t.meanings
        )

    def said(self, session, exercise, d) -> list[Said]:
        from facilitate.kinds.shapes import Said

        record = exercise.step(d.id)
        rows = []
        for t in record.terms:
            for m in t.meanings:
                rows.append(
                    Said(
                        exercise=exercise.id,
                        step=d.id,
                        kind=self.name,
                        number=len(rows) + 1,
                        group=group_label(m.group),
                        term=t.term,
                        text=m.meaning,
                    )
                )
        return rows


KIND = Glossary()
