"""The catalogue: a TinyDB index of the sessions folder, derived from the session files.

`.facilitate-index.json` holds a record per session: its file's size and modification
time, and what `list` shows. Two companion databases beside it hold the rest, so that
`list` reads a few hundred kilobytes even when the folder holds sixty thousand answers:
`.facilitate-index-digests.json` (per session, the counts the summaries across
sessions need, with each distinct set of exercise definitions stored once) and
`.facilitate-index-answers.json` (a record per answer, glossary meaning and action,
for search). The three carry one generation stamp; if they disagree, or any is
missing, corrupt or of an older layout, the catalogue is rebuilt without troubling
the user. Session files stay the only record: deleting the index loses nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitate.errors import FacilitateError

if TYPE_CHECKING:
    from facilitate.across import CatalogueSession

INDEX_NAME = ".facilitate-index.json"
DIGESTS_NAME = ".facilitate-index-digests.json"
ANSWERS_NAME = ".facilitate-index-answers.json"
LOCK_NAME = ".facilitate-index.lock"
LAYOUT = 4


@dataclass
class Refresh:
    """What a refresh did: files parsed, records removed, files that could not be read."""

    parsed: int
    removed: int
    unreadable: dict[str, str]


def _storage_class():
    from tinydb.storages import Storage

    class AtomicJSONStorage(Storage):
        """TinyDB storage that replaces its file atomically and privately: a killed
        process leaves the old index or the new one, and the index quotes what people
        said, so it is readable by its owner only, like the sessions."""

        def __init__(self, path: str) -> None:
            self.path = Path(path)

        def read(self) -> dict[str, dict[str, Any]] | None:
            try:
                with open(self.path, encoding="utf-8") as handle:
                    return json.load(handle)
            except FileNotFoundError:
                return None

        def write(self, data: dict[str, dict[str, Any]]) -> None:
            temp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            # json.dumps, not json.dump: only the former uses the C encoder, which is
            # several times faster on sixty thousand answers.
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            with open(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temp, self.path)

        def close(self) -> None:
            pass

    return AtomicJSONStorage


def _scan(folder: Path, temps: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Every session file's signature: size and modification time. The names of the
    index's temporary files go into `temps`, if given."""
    if not folder.is_dir():
        return {}
    found = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".yaml") and not entry.name.startswith(".") and entry.is_file():
                stat = entry.stat()
                found[entry.name] = (stat.st_size, stat.st_mtime_ns)
            elif temps is not None and entry.name.startswith(".facilitate-index") and entry.name.endswith(".tmp"):
                temps.append(entry.name)
    return found


def _remove_stale_temps(folder: Path, temps: list[str]) -> None:
    """Temporary files of the index left by a process killed while writing it. Only a
    writer holding the index lock makes them, so with the lock held, all are stale."""
    from filelock import FileLock, Timeout

    try:
        with FileLock(str(folder / LOCK_NAME), timeout=0):
            for name in temps:
                with contextlib.suppress(OSError):
                    os.unlink(folder / name)
    except (Timeout, OSError):
        pass  # someone is writing the index now; the next command tidies up


def _end_with_parent(parent: int) -> None:
    """Make a worker end when the command that started it ends, however it ends
    (Ctrl-C, SIGKILL): left alone, workers read on for a minute, holding the pipe open."""
    import signal
    import sys
    import threading

    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the line above took effect

    def watch() -> None:
        # For systems without PR_SET_PDEATHSIG: an orphan is adopted by another process.
        import time

        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def entries_captured(session) -> int:
    """Everything the room gave, counted alike: answers, ratings, choices, dots,
    meanings and actions (a session of ratings alone has entries, not zero answers)."""
    total = 0
    for exercise in session.exercises:
        for step in exercise.steps:
            if step.kind == "capture":
                total += len(step.answers) + sum(a.votes for a in step.answers)
            elif step.kind in ("scale", "choice"):
                total += len(step.responses)
            elif step.kind == "glossary":
                total += sum(len(t.meanings) for t in step.terms)
            elif step.kind == "actions":
                total += len(step.actions)
    return total


def _read_session(path: str) -> tuple[str, dict | None, list | None, dict | None, list | None]:
    """Everything the catalogue keeps about one file; runs in worker processes too."""
    # Imported here: a warm `list` never needs the model, and pydantic is slow to load.
    from facilitate import store
    from facilitate.across import catalogue_rows, session_definitions, session_digest
    from facilitate.summary import session_groups

    try:
        session = store.load_session(Path(path))
    except FacilitateError as exc:
        return str(exc), None, None, None, None
    record = {
        "id": session.id,
        "title": session.title,
        "date": session.date.isoformat(),
        "location": session.location,
        "facilitator": session.facilitator,
        "status": session.status,
        "archived": session.archived,
        "like": session.like,
        "groups": session_groups(session),
        "updated": session.updated.isoformat(),
        "entries": entries_captured(session),
    }
    return "", record, session_definitions(session), session_digest(session), catalogue_rows(session)


PARALLEL_FROM = 200  # files; below this, starting worker processes costs more than it saves


def _read_many(paths: list[str], advance: Callable[[], None]) -> Iterator[tuple]:
    """Read files in order, spread over the machine's cores when there are many."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        for path in paths:
            yield _read_session(path)
            advance()
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_end_with_parent, initargs=(os.getpid(),)
    ) as pool:
        for result in pool.map(_read_session, paths, chunksize=25):
            yield result
            advance()


def _read_tables(path: Path, generation: str | None = None) -> dict[str, list[dict]] | None:
    """A database's tables (its `meta` among them) as lists of records, or None when
    it cannot be trusted. Read with json directly: TinyDB's own reads would wrap every record in a Document,
    which doubles the time `list` takes on a large folder."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        meta = list(data["meta"].values())[0]
        if meta.get("layout") != LAYOUT or (generation is not None and meta.get("generation") != generation):
            return None
        return {name: list(table.values()) for name, table in data.items()}
    except (OSError, ValueError, KeyError, IndexError, AttributeError, TypeError):
        return None


class Catalogue:
    """The index of one sessions folder. `refresh()` brings it up to date with the files."""

    def __init__(self, folder: Path, progress: Callable[[int], contextlib.AbstractContextManager] | None = None):
        self.folder = folder
        self.progress = progress
        self.unreadable: dict[str, str] = {}
        self._generation: str | None = None
        self._sessions: list[dict[str, Any]] = []
        self._digests: dict[str, dict] | None = None
        self._definitions: dict[str, list] | None = None
        self._rows: list[dict[str, Any]] | None = None

    # --- bringing it up to date --------------------------------------------------------

    def refresh(self) -> Refresh:
        temps: list[str] = []
        files = _scan(self.folder, temps)
        if temps:
            _remove_stale_temps(self.folder, temps)
        stored = _read_tables(self.folder / INDEX_NAME)
        records = stored["sessions"] if stored else []
        self._generation = stored["meta"][0].get("generation") if stored else None
        by_file = {r["file"]: r for r in records}
        fresh = sorted(name for name, sig in files.items() if name not in by_file or tuple(by_file[name]["sig"]) != sig)
        removed = [name for name in by_file if name not in files]
        self.unreadable = {r["file"]: r["error"] for r in records if r.get("error") and r["file"] in files}
        if stored and not fresh and not removed:
            self._sessions = records
            return Refresh(0, 0, self.unreadable)
        if stored and self._load_companions():
            kept = [r for r in records if r["file"] in files and r["file"] not in fresh]
        else:
            # A companion is missing or out of step: read every file again.
            kept, fresh = [], sorted(files)
            self._digests, self._definitions, self._rows = {}, {}, []
        kept_ids = {r["id"] for r in kept}
        self._digests = {k: v for k, v in self._digests.items() if k in kept_ids}
        self._rows = [r for r in self._rows if r["s"] in kept_ids]
        self.unreadable = {k: v for k, v in self.unreadable.items() if k not in fresh}
        self._sessions = kept + self._parse(fresh, files)
        self._sessions.sort(key=lambda r: r["file"])
        self._write()
        return Refresh(len(fresh), len(removed), self.unreadable)

    def _parse(self, names: list[str], files: dict[str, tuple[int, int]]) -> list[dict[str, Any]]:
        from facilitate.across import definitions_key

        records = []
        with self._progress(len(names)) as advance:
            paths = [str(self.folder / name) for name in names]
            for name, (error, details, definitions, digest, rows) in zip(
                names, _read_many(paths, advance), strict=True
            ):
                record: dict[str, Any] = {"file": name, "sig": list(files[name]), "id": Path(name).stem}
                if error:
                    record["error"] = error
                    self.unreadable[name] = error
                    records.append(record)
                    continue
                key = definitions_key(definitions)
                self._definitions.setdefault(key, definitions)
                digest["definitions"] = key
                self._digests[details["id"]] = digest
                for row in rows:
                    row["s"] = details["id"]
                self._rows.extend(rows)
                record.update(details, answers=digest["answers"])
                records.append(record)
        return records

    @contextlib.contextmanager
    def _progress(self, total: int) -> Iterator[Callable[[], None]]:
        if self.progress is None or total < 50:
            yield lambda: None
            return
        with self.progress(total) as advance:
            yield advance

    # --- the three databases -------------------------------------------------------------

    def _load_digests(self) -> bool:
        if self._digests is not None:
            return True
        digests = _read_tables(self.folder / DIGESTS_NAME, self._generation)
        if digests is None:
            return False
        self._digests = {d["id"]: d["digest"] for d in digests.get("digests", [])}
        self._definitions = {d["key"]: d["exercises"] for d in digests.get("definitions", [])}
        return True

    def _load_rows(self) -> bool:
        if self._rows is not None:
            return True
        answers = _read_tables(self.folder / ANSWERS_NAME, self._generation)
        if answers is None:
            return False
        self._rows = answers.get("answers", [])
        return True

    def _load_companions(self) -> bool:
        return self._load_digests() and self._load_rows()

    def _write(self) -> None:
        from filelock import FileLock, Timeout
        from tinydb import TinyDB

        generation = uuid.uuid4().hex
        contents = {
            ANSWERS_NAME: {"answers": self._rows},
            DIGESTS_NAME: {
                "digests": [{"id": k, "digest": v} for k, v in self._digests.items()],
                "definitions": [
                    {"key": k, "exercises": v}
                    for k, v in self._definitions.items()
                    if any(d["definitions"] == k for d in self._digests.values())
                ],
            },
            # Written last: a reader that sees its generation finds the companions ready.
            INDEX_NAME: {"sessions": self._sessions},
        }
        try:
            with FileLock(str(self.folder / LOCK_NAME), timeout=10):
                for name, tables in contents.items():
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(self.folder / name)
                    db = TinyDB(str(self.folder / name), storage=_storage_class())
                    try:
                        db.table("meta").insert({"layout": LAYOUT, "generation": generation})
                        for table, records in tables.items():
                            db.table(table).insert_multiple(records)
                    finally:
                        db.close()
        except (Timeout, OSError):
            return  # another process is writing, or the folder is read-only: the files still answer
        self._generation = generation

    # --- questions ---------------------------------------------------------------------

    def sessions(self) -> list[dict[str, Any]]:
        """Readable sessions' records, newest first."""
        return sorted((s for s in self._sessions if "error" not in s), key=lambda s: (s["date"], s["id"]), reverse=True)

    def _ensure(self, load: Callable[[], bool]) -> None:
        if not load():
            # Out of step with the session records (a crash between writes): rebuild.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.folder / INDEX_NAME)
            self._digests = self._definitions = self._rows = None
            self.refresh()

    def rows(self) -> list[dict[str, Any]]:
        self._ensure(self._load_rows)
        return self._rows

    def search(self, text: str) -> list[dict[str, Any]]:
        """Answers, glossary meanings and actions holding every word of `text` (any
        case), newest session first."""
        words = text.casefold().split()
        dates = {s["id"]: s["date"] for s in self.sessions()}
        hits = []
        for row in self.rows():
            if row["s"] not in dates:
                continue
            haystack = " ".join(str(row.get(k) or "") for k in ("t", "term", "o", "g")).casefold()
            if all(word in haystack for word in words):
                hits.append(row)
        hits.sort(key=lambda r: (dates[r["s"]], r["s"]), reverse=True)
        return hits

    def catalogue_sessions(self, ids: set[str] | None = None, with_rows: bool = False) -> list[CatalogueSession]:
        from facilitate.across import CatalogueSession

        self._ensure(self._load_digests)
        if with_rows:
            self._ensure(self._load_rows)
        chosen = [s for s in self.sessions() if ids is None or s["id"] in ids]
        rows_by_session: dict[str, list[dict]] = {}
        if with_rows:
            wanted = {s["id"] for s in chosen}
            for row in self._rows:
                if row["s"] in wanted:
                    rows_by_session.setdefault(row["s"], []).append(row)
        result = []
        for s in chosen:
            digest = self._digests[s["id"]]
            result.append(
                CatalogueSession(
                    s["id"],
                    s["title"],
                    s["date"],
                    s["location"],
                    s["status"],
                    s["groups"],
                    self._definitions[digest["definitions"]],
                    digest,
                    rows_by_session.get(s["id"], []) if with_rows else None,
                )
            )
        return result
