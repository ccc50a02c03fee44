"""The catalogue: a TinyDB index of the sessions folder, derived from the session files.

`.facilitate-index.json` holds a record per session (with the file's size and
modification time, its details and a digest of its steps) and a record per answer,
glossary meaning and action. Each use compares the files' signatures with the
records and parses only what changed. A missing, corrupt or older index is rebuilt
without troubling the user: the session files are the record, the index never is.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from facilitate.errors import FacilitateError
from facilitate.summary import CatalogueSession, catalogue_rows, session_digest

INDEX_NAME = ".facilitate-index.json"
LOCK_NAME = ".facilitate-index.lock"
LAYOUT = 1


@dataclass
class Refresh:
    """What a refresh found: counts, and the files it could not read."""

    parsed: int
    removed: int
    unreadable: dict[str, str]


def _storage_class():
    from tinydb.storages import Storage

    class AtomicJSONStorage(Storage):
        """TinyDB storage that replaces the file atomically, so a killed process
        leaves the old index or the new one, never half of one."""

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
            # The index quotes what people said, so it is as private as the sessions.
            descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(descriptor, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(temp, self.path)

        def close(self) -> None:
            pass

    return AtomicJSONStorage


def _signature(entry: os.DirEntry) -> tuple[int, int]:
    stat = entry.stat()
    return stat.st_size, stat.st_mtime_ns


def _scan(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.is_dir():
        return {}
    with os.scandir(folder) as entries:
        return {
            e.name: _signature(e)
            for e in entries
            if e.name.endswith(".yaml") and not e.name.startswith(".") and e.is_file()
        }


class Catalogue:
    """The index of one sessions folder. `refresh()` brings it up to date with the files."""

    def __init__(self, folder: Path, progress: Callable[[int], contextlib.AbstractContextManager] | None = None):
        self.folder = folder
        self.path = folder / INDEX_NAME
        self.progress = progress
        self._sessions: list[dict[str, Any]] = []
        self._rows: list[dict[str, Any]] = []
        self.unreadable: dict[str, str] = {}

    # --- reading and writing the index -------------------------------------------------

    def _load(self) -> tuple[list[dict], list[dict]]:
        """The stored records, or nothing if the index is missing, corrupt or older."""
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
            meta = data.get("meta", {})
            if not any(m.get("layout") == LAYOUT for m in meta.values()):
                return [], []
            return list(data.get("sessions", {}).values()), list(data.get("answers", {}).values())
        except (OSError, ValueError, AttributeError, TypeError):
            return [], []

    def _write(self, sessions: list[dict], rows: list[dict]) -> None:
        from filelock import FileLock, Timeout
        from tinydb import TinyDB

        lock = FileLock(str(self.folder / LOCK_NAME), timeout=10)
        try:
            with lock:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path)
                db = TinyDB(str(self.path), storage=_storage_class())
                try:
                    # Everything is written in one go: TinyDB writes the whole file per call.
                    db.table("meta").insert({"layout": LAYOUT})
                    db.table("sessions").insert_multiple(sessions)
                    db.table("answers").insert_multiple(rows)
                finally:
                    db.close()
        except Timeout:
            return  # another process is writing the same index; ours is only a cache
        except OSError:
            return  # a read-only folder still lists; the index is only a shortcut

    # --- bringing it up to date --------------------------------------------------------

    def refresh(self) -> Refresh:
        from facilitate import store

        files = _scan(self.folder)
        stored_sessions, stored_rows = self._load()
        by_file = {s["file"]: s for s in stored_sessions}
        fresh = [name for name, sig in files.items() if name not in by_file or tuple(by_file[name]["sig"]) != sig]
        removed = [name for name in by_file if name not in files]
        self.unreadable = {s["file"]: s["error"] for s in stored_sessions if s.get("error") and s["file"] in files
                           and s["file"] not in fresh}
        if not fresh and not removed:
            self._sessions, self._rows = stored_sessions, stored_rows
            return Refresh(0, 0, self.unreadable)

        keep = {name for name in files if name not in fresh}
        sessions = [s for s in stored_sessions if s["file"] in keep]
        kept_ids = {s["id"] for s in sessions}
        rows = [r for r in stored_rows if r["s"] in kept_ids]
        with self._progress(len(fresh)) as advance:
            for name in sorted(fresh):
                path = self.folder / name
                record: dict[str, Any] = {"file": name, "sig": list(files[name]), "id": path.stem}
                try:
                    session = store.load_session(path)
                except FacilitateError as exc:
                    record["error"] = str(exc)
                    self.unreadable[name] = str(exc)
                else:
                    record.update(
                        id=session.id, title=session.title, date=session.date.isoformat(),
                        location=session.location, facilitator=session.facilitator, status=session.status,
                        like=session.like, groups=[g.name for g in session.groups],
                        updated=session.updated.isoformat(), digest=session_digest(session),
                    )
                    new_rows = catalogue_rows(session)
                    record["answers"] = sum(1 for r in new_rows if r["k"] == "capture")
                    for row in new_rows:
                        row["s"] = session.id
                    rows.extend(new_rows)
                sessions.append(record)
                advance()
        sessions.sort(key=lambda s: s["file"])
        self._write(sessions, rows)
        self._sessions, self._rows = sessions, rows
        return Refresh(len(fresh), len(removed), self.unreadable)

    @contextlib.contextmanager
    def _progress(self, total: int) -> Iterator[Callable[[], None]]:
        if self.progress is None or total < 50:
            yield lambda: None
            return
        with self.progress(total) as advance:
            yield advance

    # --- questions ---------------------------------------------------------------------

    def sessions(self) -> list[dict[str, Any]]:
        """Readable sessions' records, newest first."""
        return sorted((s for s in self._sessions if "error" not in s), key=lambda s: (s["date"], s["id"]),
                      reverse=True)

    def rows(self) -> list[dict[str, Any]]:
        return self._rows

    def catalogue_sessions(self, ids: list[str] | None = None) -> list[CatalogueSession]:
        chosen = [s for s in self.sessions() if ids is None or s["id"] in ids]
        wanted = {s["id"] for s in chosen}
        rows_by_session: dict[str, list[dict]] = {i: [] for i in wanted}
        for row in self._rows:
            if row["s"] in wanted:
                rows_by_session[row["s"]].append(row)
        return [
            CatalogueSession(s["id"], s["title"], s["date"], s["location"], s["status"], s["groups"], s["digest"],
                             rows_by_session[s["id"]])
            for s in chosen
        ]
