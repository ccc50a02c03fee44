"""The errors a facilitator may see: each carries one plain sentence and means exit 1."""


class FacilitateError(Exception):
    """A problem the user can fix; its message is shown as one line, never a traceback."""


class SessionLocked(FacilitateError):
    """Another process is writing to the same session."""


class EntryRefused(FacilitateError):
    """A typed line that does not fit the step; nothing was changed."""


class SessionChanged(FacilitateError):
    """The session file was changed on disk since it was loaded; saving would lose that."""
