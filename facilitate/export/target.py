"""Where a report may be written: `-o` never destroys anything.

A report only ever becomes a new regular file, or replaces an earlier report when the
facilitator says `--force`. It never lands on a session file or the sessions folder's
own files (catalogue, locks), and never on a device, a FIFO or a symbolic link, which
an atomic replace would silently turn into a plain file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from facilitate.errors import FacilitateError

_SESSION_SUFFIXES = (".yaml", ".yml")
# The suffixes a report of each format may carry; a file named for another format would
# be opened by the wrong program (a Word file called notes.md shows as binary junk).
_FORMAT_SUFFIXES = {"md": (".md", ".markdown"), "html": (".html", ".htm")}


def report_target(output: str | None, folder: Path, stem: str, fmt: str, reader: str = "facilitator") -> Path:
    """The file a report goes to. `-o` with a trailing slash, an existing folder, or a
    name with no suffix that does not exist yet means a folder (created when written),
    so reports in several formats sit side by side instead of replacing each other."""
    from facilitate.export.shared import default_path

    if output is None:
        return default_path(folder, stem, fmt, reader)
    path = Path(output)
    if output.endswith(("/", os.sep)) or path.is_dir():
        return default_path(path, stem, fmt, reader)
    if not path.suffix and not os.path.lexists(path):
        return default_path(path, stem, fmt, reader)
    return path


def check_target(target: Path, sessions_dir: Path, force: bool, fmt: str | None = None) -> None:
    """Refuse, with one sentence, a target that writing a report would destroy, or
    (given the report's format) a file named for another format."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise FacilitateError(f"{target} cannot be checked ({exc.strerror}); nothing was written.") from None
    if _in_sessions_folder(target, sessions_dir) and (
        target.name.startswith(".") or target.suffix.lower() in _SESSION_SUFFIXES
    ):
        raise FacilitateError(
            f"{target} is one of the sessions folder's own files; write the report elsewhere "
            "(leave out -o to put it beside the session)."
        )
    if info is None:
        _check_suffix(target, fmt)
        return
    if stat.S_ISLNK(info.st_mode):
        raise FacilitateError(f"{target} is a symbolic link; give the path of a new file (or a folder) for the report.")
    if not stat.S_ISREG(info.st_mode):
        raise FacilitateError(
            f"{target} is not a regular file; give the path of a new file (or a folder) for the report."
        )
    if target.suffix.lower() in _SESSION_SUFFIXES and looks_like_session(target):
        raise FacilitateError(f"{target} is a session file; write the report elsewhere.")
    _check_suffix(target, fmt)
    if not force:
        raise FacilitateError(f"{target} already exists; add --force to replace it, or give another -o.")


def _check_suffix(target: Path, fmt: str | None) -> None:
    if fmt is None or target.suffix.lower() in _FORMAT_SUFFIXES.get(fmt, (f".{fmt}",)):
        return
    if target.name != target.name.strip():
        # 'new.csv ' would be told to be named new.csv: say what is really wrong.
        raise FacilitateError(f"{target.name!r} starts or ends with a space; give the name without it.")
    named = target.with_name(target.name + f".{fmt}") if not target.suffix else target.with_suffix(f".{fmt}")
    raise FacilitateError(
        f"{target.name} does not end in .{fmt}; name the file {named.name}, "
        "or give a folder (a name without a suffix, or one ending in /)."
    )


def _in_sessions_folder(target: Path, sessions_dir: Path) -> bool:
    try:
        return target.parent.resolve() == sessions_dir.resolve()
    except (OSError, RuntimeError):
        return False


def looks_like_session(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return True  # cannot tell: keep it
    return any(line.startswith(b"schema:") for line in head.splitlines())


def write_report(
    data: bytes,
    output: str | None,
    folder: Path,
    stem: str,
    fmt: str,
    sessions_dir: Path,
    force: bool,
    reader: str = "facilitator",
) -> Path | None:
    """Write a report where `-o` says: to standard output for `-` (and return None),
    else to the file report_target names, once check_target has found it safe."""
    if output == "-":
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    from facilitate import store

    target = report_target(output, folder, stem, fmt, reader)
    check_target(target, sessions_dir, force, fmt)
    store.write_bytes_atomically(target, data)
    return target
