"""What the catalogue keeps of each session, so that summaries of many sessions never
parse a thousand YAML files: a typed digest per session and a row per thing said.

Each kind adds its own part to the digest (`add_to_digest`). On disk both are kept
compact (short keys, lists for records), because a folder may hold sixty thousand
answers; this module is the one place that encodes and decodes that form, so the
rest of the tool reads readable names.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from facilitate.figures.rows import said_in
from facilitate.kinds.shapes import CatalogueSession, DigestAction, DigestMeaning, DigestPriority, Said, SessionDigest

if TYPE_CHECKING:
    from facilitate.model import Session


# --- building -------------------------------------------------------------------------


def digest_of(session: Session) -> SessionDigest:
    from facilitate.registry import kind_named

    digest = SessionDigest()
    for exercise in session.exercises:
        for d in exercise.definition.steps:
            kind = kind_named(d.kind)
            kind.add_to_digest(digest, exercise, d)
            digest.entries += kind.captured(exercise, d)
            if exercise.step(d.id).status == "skipped":
                digest.skipped.append(f"{exercise.id}/{d.id}")
    digest.also = {g.name: list(g.also) for g in session.groups if g.also}
    digest.priorities.sort(key=lambda p: -p.votes)
    digest.priorities = digest.priorities[: SessionDigest.TOP_PER_SESSION]
    return digest


def session_definitions(session: Session) -> list[dict[str, Any]]:
    """The steps as defined, in the compact shape the summaries need. Sessions run
    from the same exercises share one copy in the catalogue (see definitions_key)."""
    from facilitate.registry import kind_named

    return [
        {
            "id": exercise.id,
            "title": exercise.definition.title,
            "steps": [kind_named(d.kind).compact_definition(d) for d in exercise.definition.steps],
        }
        for exercise in session.exercises
    ]


def definitions_key(definitions: list[dict[str, Any]]) -> str:
    return hashlib.sha1(json.dumps(definitions, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def catalogue_session(session: Session, with_rows: bool = False) -> CatalogueSession:
    """A loaded session in the catalogue's shape, for sessions outside the folder."""
    from facilitate.figures.rows import session_groups
    from facilitate.registry import kind_named

    rows = None
    if with_rows:
        rows = [r for r in said_in(session) if kind_named(r.kind).searchable]
    return CatalogueSession(
        session.id,
        session.title,
        session.date.isoformat(),
        session.location,
        session.status,
        session_groups(session),
        session_definitions(session),
        digest_of(session),
        rows,
    )


# --- the compact form on disk ---------------------------------------------------------------


def encode_digest(digest: SessionDigest) -> dict[str, Any]:
    return {
        "steps": digest.steps,
        "answers": digest.answers,
        "private": digest.private,
        "entries": digest.entries,
        "checked": digest.checked,
        "withdrawn": digest.withdrawn,
        "meanings": [[m.term, m.group, m.meaning] for m in digest.meanings],
        "priorities": [[p.text, p.group, p.votes, p.exercise, p.step, p.number] for p in digest.priorities],
        "actions": [[a.action, a.owner, a.due, a.done] for a in digest.actions],
        "definitions": digest.definitions,
        "skipped": digest.skipped,
        **({"also": digest.also} if digest.also else {}),
    }


def decode_digest(data: dict[str, Any]) -> SessionDigest:
    return SessionDigest(
        steps=data["steps"],
        answers=data["answers"],
        private=data["private"],
        entries=data.get("entries", 0),
        checked=data.get("checked", 0),
        withdrawn=data.get("withdrawn", 0),
        meanings=[DigestMeaning(*m) for m in data["meanings"]],
        priorities=[DigestPriority(*p) for p in data["priorities"]],
        actions=[DigestAction(a[0], a[1], a[2], bool(a[3])) for a in data["actions"]],
        definitions=data.get("definitions", ""),
        skipped=data.get("skipped", []),
        also=data.get("also", {}),
    )


# Short keys for the stored rows: there may be sixty thousand of them.
_ROW_KEYS = (
    ("exercise", "x"),
    ("step", "p"),
    ("kind", "k"),
    ("number", "n"),
    ("group", "g"),
    ("text", "t"),
    ("term", "term"),
    ("tags", "tags"),
    ("votes", "v"),
    ("private", "pv"),
    ("owner", "o"),
    ("due", "d"),
    ("done", "done"),
    ("checked", "ck"),
    ("carried_from", "cf"),
    ("session", "s"),
)


def encode_said(said: Said) -> dict[str, Any]:
    """A row as stored: only the fields that say something."""
    row: dict[str, Any] = {}
    for name, key in _ROW_KEYS:
        value = getattr(said, name)
        if value not in (None, "", [], 0, False) or name in ("exercise", "step", "kind", "number"):
            row[key] = value
    return row


def decode_said(row: dict[str, Any]) -> Said:
    from facilitate.registry import said_defaults

    said = Said(row["x"], row["p"], row["k"], row["n"])
    # What a kind's rows always carry, even when left out of the stored row as empty.
    for name, value in said_defaults(said.kind).items():
        setattr(said, name, list(value) if isinstance(value, list) else value)
    for name, key in _ROW_KEYS[4:]:
        if key in row:
            setattr(said, name, row[key])
    return said


def row_matches(row: dict[str, Any], words: list[str]) -> bool:
    """Whether a stored row holds every word (already casefolded): search reads the
    stored form directly, so sixty thousand rows are never decoded to find ten."""
    haystack = " ".join(str(row.get(k) or "") for k in ("t", "term", "o", "g")).casefold()
    return all(word in haystack for word in words)


def stored_session(row: dict[str, Any]) -> str:
    return row["s"]
