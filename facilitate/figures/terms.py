"""Words the groups use differently, caught as they are said.

A term counts as used differently when two or more groups have given it meanings in
different words: in this session's glossary, or in the register of shared terms of
the sessions folder (the glossaries of every other workshop, from the catalogue). An
answer typed in the room is matched against those terms as whole words, so the
facilitator can stop and ask which meaning the speaker had in mind. Pure: no files,
no terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from facilitate.format import group_label

if TYPE_CHECKING:
    from facilitate.model import Session

THIS_SESSION = "this session"


@dataclass
class TermMeaning:
    group: str
    meaning: str
    where: str  # "this session", or the place and date of another workshop


@dataclass
class SharedTerm:
    term: str
    meanings: list[TermMeaning] = field(default_factory=list)

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(m.group for m in self.meanings))


def _key(term: str) -> str:
    return " ".join(term.casefold().split())


def differing_terms(session: Session, register: list[tuple[str, str, str, str]]) -> list[SharedTerm]:
    """Every term given different meanings by different groups, with all its meanings:
    this session's first, then those of the register (rows of term, group, meaning and
    where), in the order they were given."""
    from facilitate.kinds.glossary import MeaningItem, meanings_differ

    terms: dict[str, SharedTerm] = {}
    for exercise in session.exercises:
        for record in exercise.steps:
            for term in getattr(record, "terms", ()):
                shared = terms.setdefault(_key(term.term), SharedTerm(term.term))
                shared.meanings.extend(
                    TermMeaning(group_label(m.group), m.meaning, THIS_SESSION) for m in term.meanings
                )
    for term, group, meaning, where in register:
        terms.setdefault(_key(term), SharedTerm(term)).meanings.append(TermMeaning(group, meaning, where))
    return [t for t in terms.values() if meanings_differ([MeaningItem(m.group, m.meaning) for m in t.meanings])]


def terms_in(text: str, terms: list[SharedTerm]) -> list[SharedTerm]:
    """The terms that appear in a text as whole words, in any case."""
    folded = " ".join(text.casefold().split())
    found = []
    for term in terms:
        words = [re.escape(w) for w in _key(term.term).split()]
        if words and re.search(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", folded):
            found.append(term)
    return found


def flag_line(found: list[SharedTerm]) -> str:
    """The one line the facilitator sees: which words, and which groups mean them differently."""
    if not found:
        return ""
    named = "; ".join(f"'{t.term}' ({', '.join(t.groups)})" for t in found)
    words = "This answer uses a word" if len(found) == 1 else "This answer uses words"
    return f"{words} the groups define differently: {named}. /terms shows each meaning."


def register_rows(sessions: list, leave_out: str | None = None) -> list[tuple[str, str, str, str]]:
    """The register of shared terms as rows (term, group, meaning, where) from the
    catalogue's sessions, leaving out one session (the one being run, which speaks
    for itself and may be newer than its digest)."""
    from facilitate.figures.many import one_name_each
    from facilitate.format import long_date

    rows = []
    for s in one_name_each(sessions):
        if s.id == leave_out:
            continue
        where = f"{s.location or s.title}, {long_date(s.date)}"
        rows.extend((m.term, m.group, m.meaning, where) for m in s.digest.meanings)
    return rows
