"""A row per thing said: every answer, rating, choice, meaning and action, numbered
as the room numbered it. What spreadsheets and other tools read.

One session's rows are built from the session itself (each kind says what it holds);
rows of many sessions come from the catalogue's digests and stored rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from facilitate.format import PRIVATE_PLACEHOLDER
from facilitate.kinds.shapes import Said

if TYPE_CHECKING:
    from facilitate.kinds.shapes import CatalogueSession
    from facilitate.model import Session

ENTRY_FIELDS = (
    "session",
    "date",
    "location",
    "exercise",
    "step",
    "kind",
    "number",
    "group",
    "term",
    "text",
    "value",
    "tags",
    "votes",
    "owner",
    "due",
    "private",
    "done",
    # Only on the agreement rows a session's CSV ends with (kind "agreement"): the
    # group's support as a number from 0 to 1, and the k of n it stands on.
    "support",
    "k",
    "n",
    "bridging",
    "checked",
    # The session an answer was carried from with /carry.
    "carried_from",
    # "yes" on the rows of a step skipped in the room (/skip): typed before the skip.
    "skipped",
)


def said_in(session: Session) -> list[Said]:
    """Everything said in one session, step by step in agenda order."""
    from facilitate.registry import kind_named

    rows: list[Said] = []
    for exercise in session.exercises:
        for d in exercise.definition.steps:
            said = kind_named(d.kind).said(session, exercise, d)
            if exercise.step(d.id).status == "skipped":
                for row in said:
                    row.skipped = True
            rows.extend(said)
    for row in rows:
        row.session = session.id
    return rows


def session_groups(session: Session) -> list[str]:
    """The groups' names in order: those the session declares, then any name its
    entries carry that it does not declare (a group renamed by hand in `groups`), so
    those entries are shown as a group of their own rather than lost."""
    from facilitate.format import NO_GROUP

    names = [g.name for g in session.groups]
    for said in said_in(session):
        if said.group and said.group != NO_GROUP and said.group not in names:
            names.append(said.group)
    return names


def entry_row(said: Said, date: str, location: str) -> dict[str, Any]:
    """A row for a spreadsheet: private answers are counted, never quoted."""
    return {
        "session": said.session,
        "date": date,
        "location": location,
        "exercise": said.exercise,
        "step": said.step,
        "kind": said.kind,
        "number": said.number,
        "group": said.group,
        "term": said.term,
        "text": PRIVATE_PLACEHOLDER if said.private else said.text,
        "value": said.value,
        "tags": said.tags,
        "votes": said.votes,
        "owner": said.owner,
        "due": said.due,
        "private": said.private,
        "done": said.done,
        "support": None,
        "k": None,
        "n": None,
        "bridging": None,
        "checked": said.checked,
        "carried_from": said.carried_from,
        "skipped": said.skipped,
    }


def entries(session: Session) -> list[dict[str, Any]]:
    """One session's rows, built from the session directly."""
    date = session.date.isoformat()
    return [entry_row(s, date, session.location) for s in said_in(session)]


def across_entries(sessions: list[CatalogueSession]) -> list[dict[str, Any]]:
    """Rows of many sessions, in date order: what the catalogue stored for searchable
    kinds, and what the digests hold for the rest (ratings, choices)."""
    from facilitate.registry import kind_named

    rows: list[dict[str, Any]] = []
    for s in sorted(sessions, key=lambda s: (s.date, s.id)):
        stored: dict[tuple[str, str], list[Said]] = {}
        skipped = set(s.digest.skipped)
        for said in s.rows or []:
            stored.setdefault((said.exercise, said.step), []).append(said)
        for ex in s.definitions:
            for d in ex["steps"]:
                try:
                    kind = kind_named(d["kind"])
                except KeyError:
                    continue  # a kind this installation does not know: its rows stay in the file
                if kind.searchable:
                    said = stored.get((ex["id"], d["id"]), [])
                else:
                    said = kind.said_from_digest(ex["id"], d, s.digest.steps.get(f"{ex['id']}/{d['id']}"))
                for row in said:
                    row.session = s.id
                    if f"{ex['id']}/{d['id']}" in skipped:
                        row.skipped = True
                    rows.append(entry_row(row, s.date, s.location))
    return rows
