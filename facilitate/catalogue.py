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

It hands out typed records (`SessionRecord`, `figures.digest.CatalogueSession`,
`figures.rows.Said`); how they are kept on disk is its own business and that of
`figures.digest`. Every byte is written through `store`.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitate.errors import FacilitateError

if TYPE_CHECKING:
    from facilitate.kinds.shapes import CatalogueSession, Said

INDEX_NAME = ".facilitate-index.json"
DIGESTS_NAME = ".facilitate-index-digests.json"
ANSWERS_NAME = ".facilitate-index-answers.json"
LOCK_NAME = "index.lock"
# 10: rows of answers carried with /carry say where from;
# 9: digests keep each group's other names in earlier workshops (`also`);
# 8: digests name the steps skipped in the room, for the rows of many sessions;
# 7: files refused before are read again (a date written 10/07/2027 is now understood,
# and refusals kept in the index are in their new, shorter words);
# 6: read-back counts in digests, withdrawn answers left out; 5: typed digests, keyed by file
LAYOUT = 10


@dataclass
class SessionRecord:
    """One session as `list` shows it."""

    id: str
    title: str
    date: str
    location: str
    facilitator: str
    status: str
    like: str | None
    groups: list[str]
    updated: str
    answers: int
    entries: int
    file: str
    archived: bool = False


def _session_record(stored: dict[str, Any]) -> SessionRecord:
    return SessionRecord(
        stored["id"],
        stored["title"],
        stored["date"],
        stored["location"],
        stored["facilitator"],
        stored["status"],
        stored.get("like"),
        stored["groups"],
        stored["updated"],
        stored["answers"],
        stored.get("entries", 0),
        stored["file"],
        bool(stored.get("archived")),
    )


@dataclass
class Refresh:
    """What a refresh did: files parsed, records removed, files that could not be read."""

    parsed: int
    removed: int
    unreadable: dict[str, str]


def _storage_class():
    from tinydb.storages import Storage

    class AtomicJSONStorage(Storage):
        """TinyDB storage that writes through the store: the file is replaced
        atomically and kept private, like the sessions, because it quotes what people said."""

        def __init__(self, path: str, keep_free: int = 0) -> None:
            self.path = Path(path)
            self.keep_free = keep_free

        def read(self) -> dict[str, dict[str, Any]] | None:
            try:
                with open(self.path, encoding="utf-8") as handle:
                    return json.load(handle)
            except FileNotFoundError:
                return None

        def write(self, data: dict[str, dict[str, Any]]) -> None:
            from facilitate.store import write_derived

            # json.dumps, not json.dump: only the former uses the C encoder, which is
            # several times faster on sixty thousand answers.
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            if _free_space(self.path.parent) < len(text.encode("utf-8")) + self.keep_free:
                raise OSError(errno.ENOSPC, "keeping the space for session saves")
            write_derived(self.path, text)

        def close(self) -> None:
            pass

    return AtomicJSONStorage


KEEP_FREE_MIN = 8 * 1024 * 1024  # bytes
KEEP_FREE_TIMES = 4  # the largest session file, this many times over


def _free_space(folder: Path) -> int:
    """Bytes an unprivileged writer may still use in the folder's filesystem."""
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return 1 << 62  # cannot tell (or no statvfs): let the write itself find out
    return info.f_bavail * info.f_frsize


def _keep_free(files: dict[str, tuple[int, int]]) -> int:
    """Space the index must leave for session saves: a save writes a whole new copy of
    a session beside the old one, so a few times the largest session, and never less
    than a few megabytes. The index can wait; the session cannot."""
    largest = max((size for size, _ in files.values()), default=0)
    return max(KEEP_FREE_MIN, KEEP_FREE_TIMES * largest)


def _scan(
    folder: Path, skipped: dict[str, str] | None = None, temps: list[str] | None = None
) -> dict[str, tuple[int, int]]:
    """Every session file's signature: size and modification time. Only regular files
    (or links to one, counted once with the file itself) are sessions; anything else named like one is put in `skipped`
    with the reason, and never opened. The index's temporary files go into `temps`."""
    import stat as stat_mode

    if not folder.is_dir():
        return {}
    found = {}
    # Each file once, by device and inode: a link in the folder to a session that is
    # also there under its own name is the same session, not a second one.
    files: dict[tuple[int, int], str] = {}
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: (e.is_symlink(), e.name)):
            if temps is not None and "facilitate-index" in entry.name and entry.name.endswith(".tmp"):
                temps.append(entry.name)
                continue
            if not entry.name.endswith(".yaml") or entry.name.startswith("."):
                continue
            try:
                stat = entry.stat()
            except OSError:
                stat = None
            if stat is None or not stat_mode.S_ISREG(stat.st_mode):
                if skipped is not None:
                    from facilitate.store import not_a_session_file

                    skipped[entry.name] = not_a_session_file(folder / entry.name) or f"{entry.path}: not read."
                continue
            if files.setdefault((stat.st_dev, stat.st_ino), entry.name) != entry.name:
                continue
            found[entry.name] = (stat.st_size, stat.st_mtime_ns)
    return found


def _remove_stale_temps(folder: Path, temps: list[str]) -> None:
    """Temporary files of the index left by a process killed while writing it. Only a
    writer holding the index lock makes them, so with the lock held, all are stale."""
    from filelock import FileLock, Timeout

    from facilitate import store

    try:
        with FileLock(str(store.lock_file(folder, LOCK_NAME)), timeout=0):
            for name in temps:
                with contextlib.suppress(OSError):
                    store.remove_file(folder / name)
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


def _read_session(path: str) -> tuple[str, dict | None, list | None, dict | None, list | None]:
    """Everything the catalogue keeps about one file; runs in worker processes too."""
    # Imported here: a warm `list` never needs the model, and pydantic is slow to load.
    from facilitate import store
    from facilitate.figures.digest import digest_of, encode_digest, encode_said, session_definitions
    from facilitate.figures.rows import said_in, session_groups
    from facilitate.registry import kind_named

    try:
        session = store.load_session(Path(path))
    except FacilitateError as exc:
        return str(exc), None, None, None, None
    digest = digest_of(session)
    record = {
        "id": session.id,
        "title": session.title,
        "date": session.date.isoformat(),
        "location": session.location,
        "facilitator": session.facilitator,
        "status": session.status,
        "like": session.like,
        "archived": session.archived,
        "groups": session_groups(session),
        "updated": session.updated.isoformat(),
        "answers": digest.answers,
        "entries": digest.entries,
    }
    rows = [encode_said(r) for r in said_in(session) if kind_named(r.kind).searchable]
    return "", record, session_definitions(session), encode_digest(digest), rows


PARALLEL_FROM = 200  # files; below this, starting worker processes costs more than it saves


def over_cores(work: Callable[[str], Any], paths: list[str], chunksize: int) -> Iterator[Any]:
    """`work` on each path, results in order: in this process for a few, spread over the
    machine's cores (up to 8) when there are PARALLEL_FROM or more. The workers end with
    the command that started them, however it ends. Publishing prepares its pages so too."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        yield from map(work, paths)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_end_with_parent, initargs=(os.getpid(),)
    ) as pool:
        yield from pool.map(work, paths, chunksize=chunksize)


def _read_many(paths: list[str], advance: Callable[[], None]) -> Iterator[tuple]:
    """Read files in order, spread over the machine's cores when there are many."""
    for result in over_cores(_read_session, paths, 25):
        yield result
        advance()


def _read_tables(path: Path, generation: str | None = None) -> dict[str, list[dict]] | None:
    """A database's tables (its `meta` among them) as lists of records, or None when
    it cannot be trusted. Read with json directly: TinyDB's own reads would wrap every record in a Document,
    which doubles the time `list` takes on a large folder."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        # The index lives as long as the command; left in the collector's young
        # generations, its hundreds of thousands of objects are walked again at every
        # collection the summary below triggers (measured: 160 ms of 200 for summary --all).
        gc.freeze()
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
        skipped: dict[str, str] = {}
        temps: list[str] = []
        files = _scan(self.folder, skipped, temps)
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
            self.unreadable.update(skipped)
            return Refresh(0, 0, self.unreadable)
        if stored and self._load_companions():
            kept = [r for r in records if r["file"] in files and r["file"] not in fresh]
        else:
            # A companion is missing or out of step: read every file again.
            kept, fresh = [], sorted(files)
            self._digests, self._definitions, self._rows = {}, {}, []
        # Keyed by file, not by session id: a copy of a session holds the same id, and
        # deleting either file must take its rows away with it.
        kept_files = {r["file"] for r in kept}
        self._digests = {k: v for k, v in self._digests.items() if k in kept_files}
        self._rows = [r for r in self._rows if r.get("f") in kept_files]
        self.unreadable = {k: v for k, v in self.unreadable.items() if k not in fresh}
        self._sessions = kept + self._parse(fresh, files)
        self._sessions.sort(key=lambda r: r["file"])
        self._write(_keep_free(files))
        self.unreadable.update(skipped)
        return Refresh(len(fresh), len(removed), self.unreadable)

    def _parse(self, names: list[str], files: dict[str, tuple[int, int]]) -> list[dict[str, Any]]:
        from facilitate.figures.digest import definitions_key

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
                self._digests[name] = digest
                for row in rows:
                    row["s"] = details["id"]
                    row["f"] = name
                self._rows.extend(rows)
                record.update(details)
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

    def _write(self, keep_free: int = KEEP_FREE_MIN) -> None:
        """Write the three databases, unless that would eat into the space session saves
        need: then this run answers from memory and a later one writes them."""
        from filelock import FileLock, Timeout
        from tinydb import TinyDB

        from facilitate import store

        if not self.folder.is_dir() or _free_space(self.folder) < keep_free:
            return  # no folder (a mistyped --sessions-dir is never created), or no room

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
            with FileLock(str(store.lock_file(self.folder, LOCK_NAME)), timeout=10):
                # Under the lock no other writer is mid-write: a temp file here was left
                # by one that was killed.
                for stale in self.folder.glob("*facilitate-index*.tmp"):
                    with contextlib.suppress(OSError):
                        store.remove_file(stale)
                for name, tables in contents.items():
                    store.remove_file(self.folder / name)
                    db = TinyDB(str(self.folder / name), storage=_storage_class(), keep_free=keep_free)
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

    def sessions(self) -> list[SessionRecord]:
        """Readable sessions' records, newest first."""
        readable = [s for s in self._sessions if "error" not in s]
        readable.sort(key=lambda s: (s["date"], s["id"]), reverse=True)
        return [_session_record(s) for s in readable]

    def _ensure(self, load: Callable[[], bool]) -> None:
        if not load():
            # Out of step with the session records (a crash between writes): rebuild.
            from facilitate import store

            store.remove_file(self.folder / INDEX_NAME)
            self._digests = self._definitions = self._rows = None
            self.refresh()

    def search(self, text: str, limit: int | None = None) -> tuple[list[Said], int]:
        """Answers, glossary meanings and actions holding every word of `text` (any
        case), newest session first: the first `limit` of them (all when None), and
        how many there are. Only those returned are decoded from the stored rows."""
        from facilitate.figures.digest import decode_said, row_matches

        words = text.casefold().split()
        # By file, not by id: a copy of a session edited by hand keeps the first's id,
        # and each answer is dated and placed by the file it was said in.
        dates = {s["file"]: s["date"] for s in self._sessions if "error" not in s}
        self._ensure(self._load_rows)
        hits = [row for row in self._rows if row.get("f") in dates and row_matches(row, words)]
        hits.sort(key=lambda r: (dates[r["f"]], r["s"], r["f"]), reverse=True)
        found = []
        for row in hits[:limit]:
            said = decode_said(row)
            said.file = row["f"]
            found.append(said)
        return found, len(hits)

    def shared_ids(self) -> dict[str, list[str]]:
        """Ids that more than one readable file declares (a session file copied and
        edited by hand keeps the first's id), each with its files."""
        files: dict[str, list[str]] = {}
        for s in self._sessions:
            if "error" not in s:
                files.setdefault(s["id"], []).append(s["file"])
        return {i: sorted(f) for i, f in sorted(files.items()) if len(f) > 1}

    def catalogue_sessions(self, ids: set[str] | None = None, with_rows: bool = False) -> list[CatalogueSession]:
        from facilitate.figures.digest import decode_digest, decode_said
        from facilitate.kinds.shapes import CatalogueSession

        self._ensure(self._load_digests)
        if with_rows:
            self._ensure(self._load_rows)
        chosen = [s for s in self.sessions() if ids is None or s.id in ids]
        rows_by_session: dict[str, list[Said]] = {}
        if with_rows:
            wanted = {s.file for s in chosen}
            for row in self._rows:
                if row.get("f") in wanted:
                    rows_by_session.setdefault(row["f"], []).append(decode_said(row))
        result = []
        for s in chosen:
            digest = decode_digest(self._digests[s.file])
            result.append(
                CatalogueSession(
                    s.id,
                    s.title,
                    s.date,
                    s.location,
                    s.status,
                    s.groups,
                    self._definitions[digest.definitions],
                    digest,
                    rows_by_session.get(s.file, []) if with_rows else None,
                )
            )
        return result
