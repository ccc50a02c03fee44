"""The public library as a SQLite database, for Datasette or any SQL tool.

Built from shareable sessions only (figures/sharing.py), so it holds what the published
site holds: no facilitator note, no private answer's text (the answer is a row, counted,
with its text NULL), no group that may not be named. Tables: sessions, steps, answers,
tags, dots, ratings, choices, meanings and actions (and entries, for the rows of a kind
with no table of its own, made only when there are such rows), joined by foreign keys.

Every row's id is made from the session id, the exercise, the step and the number the
room gave the entry, and rows are inserted in one fixed order, so rebuilding from the
same files gives the same database, row for row. `datasette_metadata` describes every
table and column for Datasette's pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from facilitate.format import NO_GROUP
from facilitate.kinds.limits import people_in

# Each kind says which of these tables its rows go to (`public_table` in kinds/); tag
# and vote steps write onto answers. The rows of a kind that names none of them go to
# `entries`, a table made only when there are such rows.
SOMETIMES = {"entries"}

COLUMNS: dict[str, dict[str, str]] = {
    "sessions": {
        "id": "The session's id: its date and a short name.",
        "title": "The workshop's title.",
        "date": "The day it was held (YYYY-MM-DD).",
        "location": "The place it was held.",
        "facilitator": "Who ran it.",
        "status": "planned, running or finished.",
        "attribution": "How answers are attributed: group, or none (no group is named).",
        "people": "How many people were present, where the facilitator recorded it.",
        "answers": "Answers captured, private ones included.",
        "private": "Answers marked private: counted, their text never published.",
        "page": "The workshop's page in the published site.",
    },
    "steps": {
        "id": "session/exercise/step.",
        "session": "The session it belongs to.",
        "exercise": "The exercise's id.",
        "exercise_title": "The question the exercise asks.",
        "step": "The step's id within its exercise.",
        "kind": "What the step records: capture, scale, choice, tag, vote, glossary or actions.",
        "prompt": "What the room was asked.",
        "position": "The step's place in the session's agenda, from 1.",
        "skipped": "1 when the room skipped the step (/skip): what it holds was typed before the skip.",
    },
    "answers": {
        "id": "session/exercise/step/number.",
        "session": "The session it was said in.",
        "step": "The capture step it answers.",
        "number": "Its number in the step, as the room saw it.",
        "group_name": "The group it came from; empty when none may be named.",
        "text": "What was said; empty for a private answer.",
        "private": "1 when the answer is private: counted but not quoted.",
        "dots": "Dot votes it received.",
    },
    "tags": {
        "id": "The answer's id and the tag.",
        "answer": "The answer tagged.",
        "session": "The session it was said in.",
        "tag": "The kind the room gave it.",
    },
    "dots": {
        "id": "The answer's id.",
        "answer": "The answer voted on.",
        "session": "The session it was said in.",
        "dots": "How many dots it received.",
    },
    "ratings": {
        "id": "session/exercise/step/number.",
        "session": "The session it was given in.",
        "step": "The scale step.",
        "number": "Its number in the step.",
        "group_name": "The group it came from; empty when none may be named.",
        "value": "The rating, on the step's scale.",
    },
    "choices": {
        "id": "session/exercise/step/number.",
        "session": "The session it was made in.",
        "step": "The choice step.",
        "number": "Its number in the step.",
        "group_name": "The group it came from; empty when none may be named.",
        "choice": "The option chosen.",
    },
    "meanings": {
        "id": "session/exercise/step/number.",
        "session": "The session it was given in.",
        "step": "The glossary step.",
        "number": "Its number in the step.",
        "group_name": "The group that gave it; empty when none may be named.",
        "term": "The word or phrase.",
        "meaning": "What the group means by it.",
    },
    "actions": {
        "id": "session/exercise/step/number.",
        "session": "The session it was agreed in.",
        "step": "The actions step.",
        "number": "Its number in the step.",
        "action": "What will be done.",
        "owner": "Who will do it.",
        "due": "By when.",
        "done": "1 once it is done.",
    },
    "entries": {
        "id": "session/exercise/step/number.",
        "session": "The session it was given in.",
        "step": "The step it was given in.",
        "kind": "The kind of step.",
        "number": "Its number in the step.",
        "group_name": "The group it came from; empty when none may be named.",
        "text": "What was said, if it is words.",
        "value": "What was given, if it is a number.",
    },
}

TABLES = {
    "sessions": "One row per workshop.",
    "steps": "Every step of every workshop, with what the room was asked.",
    "answers": "Free-text answers (sticky notes).",
    "tags": "The kinds the room gave each answer.",
    "dots": "Dot votes on answers.",
    "ratings": "Ratings on a scale.",
    "choices": "Options chosen.",
    "meanings": "What each group means by a word: the register of shared terms.",
    "actions": "Who does what by when.",
    "entries": "What was said in steps of other kinds, one row each.",
}


def _group(name: str | None) -> str | None:
    return None if name in (None, NO_GROUP) else name


def public_rows(entries: Iterable[tuple[Any, Any, str]]) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table, from (original session, shareable session, page)
    triples in the order the sessions should appear."""
    from facilitate.registry import kind_named

    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for original, shared, page in entries:
        sid = shared.id
        counted = {"answers": 0, "private": 0}
        position = 0
        for exercise in shared.exercises:
            for d in exercise.definition.steps:
                position += 1
                tables["steps"].append(
                    {
                        "id": f"{sid}/{exercise.id}/{d.id}",
                        "session": sid,
                        "exercise": exercise.id,
                        "exercise_title": exercise.definition.title,
                        "step": d.id,
                        "kind": d.kind,
                        "prompt": d.prompt,
                        "position": position,
                        "skipped": int(exercise.step(d.id).status == "skipped"),
                    }
                )
                try:
                    kind = kind_named(d.kind)
                except KeyError:
                    continue
                if kind.works_on_answers:
                    continue  # tags and dots are written onto the answers' rows
                for row in kind.said(shared, exercise, d):
                    table = kind.public_table or "entries"
                    step_id = f"{sid}/{row.exercise}/{row.step}"
                    rid = f"{step_id}/{row.number}"
                    base = {"id": rid, "session": sid, "step": step_id, "number": row.number}
                    if table == "answers":
                        counted["answers"] += 1
                        counted["private"] += bool(row.private)
                        tables["answers"].append(
                            {
                                **base,
                                "group_name": _group(row.group),
                                "text": None if row.private else row.text,
                                "private": int(bool(row.private)),
                                "dots": row.votes or 0,
                            }
                        )
                        for tag in row.tags or []:
                            tables["tags"].append({"id": f"{rid}#{tag}", "answer": rid, "session": sid, "tag": tag})
                        if row.votes:
                            tables["dots"].append({"id": rid, "answer": rid, "session": sid, "dots": row.votes})
                    elif table == "ratings":
                        tables["ratings"].append({**base, "group_name": _group(row.group), "value": row.value})
                    elif table == "choices":
                        tables["choices"].append({**base, "group_name": _group(row.group), "choice": row.text})
                    elif table == "meanings":
                        tables["meanings"].append(
                            {**base, "group_name": _group(row.group), "term": row.term, "meaning": row.text}
                        )
                    elif table == "entries":
                        tables["entries"].append(
                            {
                                **base,
                                "kind": row.kind,
                                "group_name": _group(row.group),
                                "text": row.text,
                                "value": row.value,
                            }
                        )
                    else:
                        done = int(bool(row.done))
                        tables["actions"].append(
                            {**base, "action": row.text, "owner": row.owner, "due": row.due, "done": done}
                        )
        people = people_in(original)
        tables["sessions"].append(
            {
                "id": sid,
                "title": shared.title,
                "date": shared.date.isoformat(),
                "location": shared.location,
                "facilitator": shared.facilitator,
                "status": shared.status,
                "attribution": _attribution(original),
                "people": people,
                "answers": counted["answers"],
                "private": counted["private"],
                "page": page,
            }
        )
    return tables


def _attribution(session: Any) -> str:
    from facilitate.figures.sharing import attribution

    return attribution(session)


# Column types, so that an empty table still has the right schema.
_TYPES = {
    "number": int,
    "position": int,
    "skipped": int,
    "private": int,
    "dots": int,
    "value": int,
    "done": int,
    "people": int,
    "answers": int,
}


def build_database(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Write the tables into a new SQLite file at path (which must be empty or new).
    SQLite's own errors come out as OSErrors, so the store says them as it says any
    failed write (a full disk above all)."""
    import errno
    import sqlite3

    try:
        _build(path, tables)
    except sqlite3.Error as exc:
        full = "full" in str(exc).lower()
        raise OSError(errno.ENOSPC if full else errno.EIO, str(exc)) from None


def _build(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(path)
    # A new file under a temporary name, forced to disk once when it is complete and
    # thrown away if anything fails: a journal and a sync per batch would buy nothing.
    db.conn.execute("PRAGMA journal_mode = OFF")
    db.conn.execute("PRAGMA synchronous = OFF")
    with db.conn:
        for name in TABLES:
            if name in SOMETIMES and not tables.get(name):
                continue
            columns = {c: _TYPES.get(c, str) for c in COLUMNS[name]}
            foreign_keys = []
            if "session" in columns:
                foreign_keys.append(("session", "sessions", "id"))
            if "step" in columns and name != "steps":
                foreign_keys.append(("step", "steps", "id"))
            if "answer" in columns:
                foreign_keys.append(("answer", "answers", "id"))
            db[name].create(columns, pk="id", foreign_keys=foreign_keys, not_null={"id"})
            db[name].insert_all(tables[name], batch_size=2000)
            for column, _, _ in foreign_keys:
                db[name].create_index([column])
    db.conn.close()


def datasette_metadata(database_name: str, made: set[str] | None = None) -> dict[str, Any]:
    """Datasette's metadata.json: a title, a licence-free description, and words for
    every table and column (of a table made only sometimes, when `made` names it)."""
    return {
        "title": "Workshop library",
        "description": (
            "What workshops on measuring, valuing and sharing community work found, as the people "
            "who came may see it: no facilitator notes, no private answers, no group too small to hide in."
        ),
        "databases": {
            database_name: {
                "tables": {
                    name: {
                        "description": TABLES[name],
                        "columns": COLUMNS[name],
                        **({"label_column": "title"} if name == "sessions" else {}),
                        **({"label_column": "prompt"} if name == "steps" else {}),
                        **({"label_column": "text"} if name == "answers" else {}),
                    }
                    for name in TABLES
                    if name not in SOMETIMES or name in (made or ())
                }
            }
        },
    }
