"""Following a session file that another process is saving: read-only, never locking.

`run` saves by atomic replacement, so every read sees a whole file, old or new. The
watcher notices a change by the file's identity and size and time stamps, reads it
again, and keeps the last good session when a read fails (a file being edited by
hand, a folder being synced), saying what is wrong until it is readable again.
It never writes, never takes the session lock, and imports no terminal library.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from facilitate.errors import FacilitateError
from facilitate.model import Session


def _signature(path: Path) -> tuple[int, int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_mode)


class SessionWatch:
    """The latest readable state of one session file."""

    def __init__(self, path: Path):
        self.path = path
        self.session: Session | None = None
        # A sentence saying why the file cannot be read now, or "" while all is well.
        self.problem = ""
        self._seen: tuple[int, int, int, int, int] | None | str = "never"
        self._unsettled: tuple[int, int, int, int, int] | None = None

    def poll(self) -> bool:
        """Read the file again if it has changed since the last look. True when what
        there is to show (the session or the problem) has changed."""
        from facilitate import store

        signature = _signature(self.path)
        if signature == self._seen:
            return False
        self._seen = signature
        if signature is None:
            return self._set(self.session, f"{self.path.name} is not there just now; still watching for it.")
        if not stat.S_ISREG(signature[4]):
            # A pipe or a device would block the read: only regular files are sessions.
            return self._set(self.session, f"{self.path.name} is not a regular file; still watching for one.")
        try:
            text = store.read_text(self.path)
            if not text.endswith("\n") and self._unsettled != signature:
                # Every save ends with a line break: a file without one is being written
                # in place, so the last good view stays until it is whole, or until it
                # has stayed as it is for a look (a file edited by hand may end so).
                self._unsettled, self._seen = signature, "stale"
                return False
            session = store.parse_session(text, str(self.path))
        except FacilitateError as exc:
            return self._set(self.session, f"{exc} Still watching for it to be readable.")
        except Exception as exc:  # noqa: BLE001 - a follower must outlive any bad file
            return self._set(self.session, f"{self.path.name} cannot be read just now ({type(exc).__name__}).")
        if _signature(self.path) != signature:
            # Replaced again while being read: what was read is whole, but may be
            # the older of the two, so look again next time.
            self._seen = "stale"
        return self._set(session, "")

    def _set(self, session: Session | None, problem: str) -> bool:
        changed = session is not self.session or problem != self.problem
        self.session, self.problem = session, problem
        return changed
