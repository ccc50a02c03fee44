"""Bytes on disk: read, load, save atomically, move, lock, and remove.

Every byte the tool writes, and every file it removes, goes through here: the other
modules ask (finding a session by its id is folder.py's, turning YAML text into data
yaml_reader.py's, CSV text into rows importing.py's). Saves replace the file atomically
(temp file in the same folder, fsync, os.replace) so a killed process or a full disk
never leaves half a file; files are created readable by their owner only, because
they may hold what people said about themselves.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import re
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from facilitate.errors import FacilitateError, SaveFailed, SessionChanged, SessionLocked, notice, quoted
from facilitate.yaml_reader import describe_validation_error, first_comment_line, load_yaml

SUFFIX = ".yaml"


# --- the files of a sessions folder ----------------------------------------------------


def not_a_session_file(path: Path) -> str | None:
    """Why the file at path cannot be a session without being opened, or None when it
    is a regular file (or a link to one)."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{path} is a symbolic link that leads round in a loop, not a session file; it was not opened."
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return f"{path} is a symbolic link to a file that is not there; it was not opened."
        return f"{path} cannot be read ({exc.strerror}); it was not opened."
    if stat.S_ISREG(mode):
        return None
    kind = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    return f"{path} is {kind}, not a session file; it was not opened."


def session_files(folder: Path) -> list[Path]:
    """The session files of a folder, by name (a hidden file is never a session)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith("."))


# --- loading and saving --------------------------------------------------------------


def read_text(path: Path) -> str:
    """A regular file's text. Opened without blocking and checked before reading, so a
    FIFO or a device put where a file was expected is refused instead of hanging."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise FacilitateError(f"There is no file at {path}.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FacilitateError(not_a_session_file(path) or f"{path}: cannot be read.") from None
        raise FacilitateError(f"{path}: cannot be read ({exc.strerror}).") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FacilitateError(not_a_session_file(path) or f"{path} is not a regular file; it was not read.")
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            raw = handle.read()
    except OSError as exc:
        raise FacilitateError(f"{path}: cannot be read ({exc.strerror}).") from None
    finally:
        if fd >= 0:
            os.close(fd)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FacilitateError(_not_utf8(path, raw, exc.start)) from None
    if "\x00" in text:
        raise FacilitateError(_not_utf8(path, raw, raw.index(b"\x00")))
    # As text mode would: line numbers in messages count \r\n and \r as one break.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8(path: Path, raw: bytes, at: int) -> str:
    """Why a file is not text facilitate reads, and what to do. Session files are
    written in UTF-8; reading another encoding by guesswork could turn a name into
    something else, to be saved that way, so the file is refused instead."""
    fix = "open it in a text editor and save it as UTF-8, or restore a copy"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"{path}: this file is saved as UTF-16, not UTF-8; {fix}."
    line = raw.count(b"\n", 0, at) + 1
    if raw[at] == 0:
        return f"{path}: line {line} holds a NUL byte, so this is not UTF-8 text (perhaps UTF-16); {fix}."
    start = raw.rfind(b"\n", 0, at) + 1
    field = re.match(rb"[\s-]*([A-Za-z_]+):", raw[start:at])
    where = f"line {line} ({field[1].decode()})" if field else f"line {line}"
    return f"{path}: {where} is not UTF-8 (the file was saved in another encoding, perhaps Windows-1252); {fix}."


# A sticky note, or a long form answer, is far below this; a bigger cell is a sign of
# the wrong file (csv's own default of 128 KB refused long answers with a traceback).
def read_text_any(path: Path) -> tuple[str, list[int]]:
    """Text from a spreadsheet export: UTF-16 by its byte-order mark, UTF-8 (with or
    without one), and any line that is not UTF-8 as Windows-1252, with the numbers of
    the lines so read (from 1). Line by line, because one stray byte from another
    program must not turn every other line's UTF-8 (café) into nonsense (cafÃ©).
    A file holding NUL bytes is not text: refused."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FacilitateError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise FacilitateError(f"{path} is a folder; give the CSV file in it.") from None
    except OSError as exc:
        raise FacilitateError(f"{path}: cannot be read ({exc.strerror}).") from None
    guessed: list[int] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = "\x00"
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            parts = []
            for number, line in enumerate(raw.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
                try:
                    parts.append(line.decode("utf-8"))
                except UnicodeDecodeError:
                    parts.append(line.decode("cp1252", errors="replace"))
                    guessed.append(number)
            text = "\n".join(parts)
    if "\x00" in text:
        raise FacilitateError(
            f"{path} is not a text file; save the spreadsheet as CSV (UTF-8) and import that. Nothing was imported."
        )
    return text, guessed


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Hold Python's cycle collector while a whole session is built or written out.

    Building twenty thousand answers makes hundreds of thousands of containers, none of
    them garbage, and the collector walked all of them again and again as they grew:
    measured, two thirds of the time a large session took to serialise and a fifth of
    the time to validate. Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_session(text: str, source: str, written_spans: list[tuple[int, int, bool]] | None = None):  # -> Session
    with collector_paused():
        return _parse_session(text, source, written_spans)


def _parse_session(text: str, source: str, written_spans: list[tuple[int, int, bool]] | None):  # -> Session
    from pydantic import ValidationError

    from facilitate.model import SCHEMA, Session

    data = load_yaml(text, source, written_spans)
    if not isinstance(data, dict):
        raise FacilitateError(f"{source}: this is not a facilitate session file (no fields found).")
    schema = data.get("schema")
    if type(schema) is str and schema.strip() == str(SCHEMA):
        # Written as text ("1") by hand or by another program: the number it spells,
        # which the next save writes back as a number.
        data["schema"] = schema = SCHEMA
    if schema != SCHEMA:
        if schema is None:
            raise FacilitateError(f"{source}: schema: field required; is this a facilitate session file?")
        raise FacilitateError(
            f"{source}: schema {quoted(schema)} is not one this version understands (it reads schema "
            f"{SCHEMA}); upgrade facilitate to open it."
        )
    try:
        return Session.model_validate(data)
    except ValidationError as exc:
        from facilitate.registry import kind_names

        raise FacilitateError(describe_validation_error(exc, text, source, kind_names())) from None


# What each session in memory was loaded from (or last saved as): the file's signature
# and the line of a hand-written comment, keyed by the real path and the session object.
_LOADED: dict[tuple[str, int], tuple[tuple[int, int, int] | None, int | None, str | None]] = {}


def real_path(path: Path) -> Path:
    """The file a path names, through any symbolic links: a session reached through a
    link is locked and written as the file it points to, and the link stays a link."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """Size, modification time and inode: any save, edit or replacement changes one."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def load_session(path: Path):  # -> Session
    real = real_path(path)
    for _ in range(3):
        before = file_signature(real)
        text = read_text(real)
        if file_signature(real) == before:
            break  # nobody wrote while we read, so the signature is the text's
    written_spans: list[tuple[int, int, bool]] = []
    session = parse_session(text, str(path), written_spans)
    _remember(session, real, before, first_comment_line(text, written_spans), _digest(text.encode("utf-8")))
    return session


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _unchanged_since(real: Path, digest: str | None) -> bool:
    """Whether the file still holds what was loaded or saved, whatever its time stamp
    says: a sync or backup tool may touch a file, or write the same bytes again."""
    if digest is None:
        return False
    try:
        return _digest(real.read_bytes()) == digest
    except OSError:
        return False


def _remember(
    session, real: Path, signature: tuple[int, int, int] | None, comment: int | None, digest: str | None = None
) -> None:
    import weakref

    key = (str(real), id(session))
    if key not in _LOADED:
        # Forgotten with the session, so a later object given the same id() starts afresh.
        weakref.finalize(session, _LOADED.pop, key, None)
    _LOADED[key] = (signature, comment, digest)


def save_session(session, path: Path) -> None:
    """Write the session, unless the file changed since this session was loaded or
    last saved: then the file is left as it is, the session is written beside it, and
    SessionChanged says where (a hand edit or a sync tool is never overwritten)."""
    real = real_path(path)
    key = (str(real), id(session))
    loaded = _LOADED.get(key)
    if loaded is not None and file_signature(real) != loaded[0] and not _unchanged_since(real, loaded[2]):
        with _interrupts_deferred():
            beside = _conflict_copy(real, session_text(session))
        raise SessionChanged(
            f"{path} was changed by another program since it was opened, so it was not saved over; "
            f"what was typed here is in {beside}. Compare the two, then run the command again."
        )
    if loaded is not None and loaded[1] is not None:
        notice(
            f"{path}: the comment written by hand on line {loaded[1]} (and any others) is not kept when "
            "facilitate saves; keep such text as a facilitator note (/note TEXT) instead."
        )
    # The text is built under the same deferral as the write: a Ctrl-C inside
    # pydantic's serialiser would come out as a serialisation error, not an interrupt.
    with _interrupts_deferred():
        text = session_text(session)
        write_atomically(real, text)
    _remember(session, real, file_signature(real), None, _digest(text.encode("utf-8")))


def _conflict_stamp() -> str:
    import datetime as dt

    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _conflict_copy(real: Path, text: str) -> Path:
    """Write a session that could not be saved over its file into a file of its own
    beside it, and say which. The name is claimed before it is written (created only
    if it is not there), so two conflicts in the same second, in one process or two,
    never share a file and the second never replaces the line the first rescued."""
    stamp = _conflict_stamp()
    # Not named *.yaml: the catalogue would count the session twice.
    for number in range(1, 10_000):
        beside = real.with_name(f"{real.name}.conflict-{stamp}" + (f"-{number}" if number > 1 else ""))
        try:
            fd = os.open(beside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _write_error(beside, exc) from None
        os.close(fd)
        try:
            write_atomically(beside, text)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(beside)
            raise
        return beside
    raise SaveFailed(
        f"{real} was changed by another program, and no free name was left beside it to keep "
        "what was typed here; tidy the conflict copies and type the line again.",
        "no free name",
    )


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Let a Ctrl-C pressed during a save wait until the save is complete, so the line
    just typed is not lost to a keypress a moment too late."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed and callable(previous):
        previous(signal.SIGINT, None)
    elif pressed:
        raise KeyboardInterrupt


def write_atomically(path: Path, text: str) -> None:
    """Replace path with text so that any reader sees the old file or the new, never half."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    with _interrupts_deferred():
        _write_atomically(real_path(path), data)


def write_derived(path: Path, text: str) -> None:
    """Replace a file that can be rebuilt from the sessions (the catalogue's index):
    atomic and private like a session, but not forced to disk, since losing it to a
    power cut loses nothing."""
    with _interrupts_deferred():
        _write_atomically(path, text.encode("utf-8"), durable=False)


def write_public_files(folder: Path, files: dict[str, bytes], remove: tuple[str, ...] | list[str] = ()) -> None:
    """Write a folder of files meant for anyone to read (a published site): each file
    replaced atomically, one by one, readable by all (0644), not forced to disk since
    the whole folder can be rebuilt from the sessions. Every target is checked before
    the first is written, so a link (to a file, or to a folder on the way to it), a
    device or a folder in the way changes nothing. Then the files named in `remove`
    (ones an earlier publish wrote that this one does not) are removed, each only if
    it is still a regular file reached through no link: nothing else is ever deleted."""
    import stat

    for name in (*files, *remove):
        target = folder / name
        no_link_on_the_way(folder, name)
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise _write_error(target, exc) from None
        if not stat.S_ISREG(info.st_mode) and name in files:
            raise FacilitateError(f"{target} is in the way and is not a regular file; nothing was written.")
    with _interrupts_deferred(), _said_for_publishing(folder):
        for name, data in files.items():
            _write_atomically(folder / name, data, durable=False, mode=0o644)
    for name in remove:
        if name in files:
            continue
        no_link_on_the_way(folder, name)
        target = folder / name
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(target).st_mode):
                os.unlink(target)


def no_link_on_the_way(folder: Path, name: str) -> None:
    """Refuse a name that leaves the folder, or that a symbolic link to a folder on the
    way to it would carry somewhere else: a publish writes and removes files in its own
    folder only, never where a link leads."""
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or ".." in parts:
        raise FacilitateError(f"{name} is not a file inside {folder}; nothing was written.")
    place = folder
    for part in parts[:-1]:  # the file itself is checked as any target is
        place = place / part
        if os.path.islink(place):
            raise FacilitateError(
                f"{place} is a symbolic link; a site is written only into folders of its own, "
                "never through a link. Remove the link or publish into another folder; nothing was written."
            )


@contextlib.contextmanager
def _said_for_publishing(path: Path) -> Iterator[None]:
    """A full disk while publishing, said as a publisher needs it: nothing typed is at stake."""
    try:
        yield
    except SaveFailed as exc:
        if exc.reason != "the disk is full":
            raise
        raise SaveFailed(
            f"The disk is full, so {path} could not be written; what was there is unchanged. "
            "Free some space and publish again.",
            exc.reason,
        ) from None


def build_file_atomically(path: Path, build: Callable[[Path], None], mode: int = 0o644) -> None:
    """Replace path with a file that `build` writes (a database that its own library
    writes): built under a temporary name in the same folder, forced to disk, then
    renamed over path, so a reader sees the old file or the new, never half of one."""
    with _said_for_publishing(path):
        _build_file_atomically(real_path(path), build, mode)


def _build_file_atomically(path: Path, build: Callable[[Path], None], mode: int) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.close(fd)  # left empty: SQLite reads an empty file as an empty database
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        build(Path(temp))
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        with _interrupts_deferred():
            os.replace(temp, path)
    except BaseException as exc:
        for leftover in (temp, temp + "-journal", temp + "-wal", temp + "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from None
        raise


def _write_atomically(path: Path, data: bytes, durable: bool = True, mode: int | None = None) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from None
        raise
    if not durable:
        return
    # The rename is only durable once the folder's entry is on disk too.
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _write_error(path: Path, exc: OSError) -> FacilitateError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return SaveFailed(
            f"The disk is full, so {path} could not be saved; it is unchanged. "
            "Free some space and type the line again.",
            "the disk is full",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = (exc.strerror or "it cannot be written").lower()
        return SaveFailed(f"{path} cannot be written here ({exc.strerror}); it is unchanged.", why)
    return SaveFailed(f"{path} could not be saved ({exc.strerror}); it is unchanged.", (exc.strerror or "").lower())


def session_text(session) -> str:
    from facilitate.yaml_writer import to_yaml

    with collector_paused():
        return to_yaml(session.to_data())


def move_aside(path: Path, folder: Path) -> Path:
    """Move a session file into folder, never over a file already there: a name that
    is taken gets the time added. Returns where it went."""
    import datetime as dt

    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise _write_error(folder, exc) from None
    target = folder / path.name
    if target.exists() or target.is_symlink():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{path.stem}.{stamp}{path.suffix}"
    move_new(path, target)
    return target


def remove_file(path: Path) -> None:
    """Remove a file the tool made and can make again (the catalogue's index, a
    temporary file a killed writer left); one already gone is no matter."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def move_new(source: Path, target: Path) -> None:
    """Rename source to target, refusing if target exists (a link then an unlink, so
    that nothing is ever replaced, even by a race)."""
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise FacilitateError(f"{target} already exists; nothing was moved.") from None
    except OSError as exc:
        raise _write_error(source, exc) from None
    try:
        os.unlink(source)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise _write_error(source, exc) from None


# --- one writer at a time ------------------------------------------------------------


LOCKS = ".facilitate-locks"


def lock_file(folder: Path, name: str) -> Path:
    """Where a lock of the sessions folder lives: in one hidden folder of its own, out
    of the way of the sessions, which tells git to ignore everything in it (a folder of
    sessions is shared through git; a lock is only ever about this machine). A lock
    file is kept after it is released: removing it is not safe, since another process
    may be waiting on the file just removed while a third creates a new one."""
    locks = folder / LOCKS
    ignore = locks / ".gitignore"
    if not os.path.lexists(ignore):
        with contextlib.suppress(OSError):
            locks.mkdir(mode=0o700, exist_ok=True)
            fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write("# Locks of this machine's facilitate, never shared.\n*\n")
    return locks / name


def _lock_paths(path: Path) -> tuple[Path, Path]:
    return lock_file(path.parent, f"{path.name}.lock"), lock_file(path.parent, f"{path.name}.holder")


_HOLDER = re.compile(r"\(process (\d+) on (.*)\)$")


def _live_holder(holder_path: Path) -> str | None:
    """Who the holder file names, unless it was left by a process that has since died
    (killed before it could remove it): a stale name would send people looking for a
    window that is not there."""
    try:
        text = holder_path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    found = _HOLDER.search(text)
    if not text or found is None:
        return None
    if found.group(2) == socket.gethostname():
        try:
            os.kill(int(found.group(1)), 0)
        except ProcessLookupError:
            return None
        except (OSError, OverflowError, ValueError):
            pass  # alive but not ours to signal
    return text


@contextlib.contextmanager
def session_lock(path: Path, purpose: str, wait: float = 1.0) -> Iterator[None]:
    """Hold the session's lock; a second writer is told who holds it."""
    from filelock import FileLock, Timeout

    path = real_path(path)
    lock_path, holder_path = _lock_paths(path)
    lock = FileLock(str(lock_path), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        holder = _live_holder(holder_path) or "another process"
        raise SessionLocked(f"Session {path.stem} is in use by {holder}; finish or close that first.") from None
    except OSError as exc:
        raise FacilitateError(f"Cannot lock {path} ({exc.strerror}).") from None
    try:
        # Holding the lock, we are the only writer: a temp file left now was left by a
        # save that was killed, and the session file never depended on it.
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        with contextlib.suppress(OSError):
            holder_path.write_text(f"`{purpose}` (process {os.getpid()} on {socket.gethostname()})", encoding="utf-8")
        yield
    finally:
        with contextlib.suppress(OSError):
            holder_path.unlink()
        lock.release()
