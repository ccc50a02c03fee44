"""The sessions folder: find a session by its id or path, add a new one (never over
another), put one away, delete it into `.deleted` and bring it back, and choose the
sessions that `--all` and `--location` name.

Each of these is written once here, so `new`, `run`, `archive`, `delete`, `restore`,
`summary`, `export` and `publish` agree on what an id means and which sessions a
place holds. The bytes themselves (load, save, move, lock) are the store's; the
catalogue helps find a session whose file was renamed by hand.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitate import store
from facilitate.errors import FacilitateError, quoted

if TYPE_CHECKING:
    from facilitate.catalogue import Catalogue
    from facilitate.model import Session

DELETED = ".deleted"
_BAD_ID = re.compile(r"[\x00-\x1f\x7f/\\]|\.\.")


# --- finding a session ------------------------------------------------------------------


def check_id(session_id: str) -> str:
    if not session_id or _BAD_ID.search(session_id) or session_id.startswith("."):
        raise FacilitateError(
            f"{quoted(session_id)} is not a session id: ids use letters, digits, dots and dashes "
            "(no '/', '..' or control characters). Give a path to a .yaml file instead."
        )
    return session_id


def _regular(path: Path) -> Path:
    problem = store.not_a_session_file(path)
    if problem:
        raise FacilitateError(problem)
    return path


def session_path(ref: str, folder: Path) -> Path:
    """Turn a SESSION argument (an id in the sessions folder, or a path) into a path.

    Only a regular file (or a link to one) is a session: a FIFO would hang the reader
    and a device is no file at all. A file renamed by hand is found by the id inside it,
    which is the id `list` shows."""
    candidate = Path(ref)
    if ref.endswith((".yaml", ".yml")) and os.path.lexists(candidate):
        return _regular(candidate)
    if ref.endswith((".yaml", ".yml")) and os.sep in ref:
        raise FacilitateError(f"There is no session file at {ref}. Check the path.")
    session_id = check_id(ref.removesuffix(store.SUFFIX))
    path = folder / f"{session_id}{store.SUFFIX}"
    if os.path.lexists(path):
        return _regular(path)
    renamed = _find_by_id(session_id, folder)
    if renamed is not None:
        return renamed
    raise FacilitateError(
        f"There is no session {quoted(session_id)} in {folder}. Run `facilitate list` to see the sessions there."
    )


def _find_by_id(session_id: str, folder: Path) -> Path | None:
    """The file in the folder whose session has this id, whatever the file is called."""
    if not folder.is_dir():
        return None
    from facilitate.catalogue import Catalogue

    catalogue = Catalogue(folder)
    catalogue.refresh()
    files = sorted(s.file for s in catalogue.sessions() if s.id == session_id)
    if len(files) > 1:
        raise FacilitateError(
            f"Two files in {folder} hold session {quoted(session_id)} ({', '.join(files)}); "
            "name the one you mean by its path."
        )
    return folder / files[0] if files else None


def load(ref: str, folder: Path) -> Session:
    """The session a SESSION argument names."""
    return store.load_session(session_path(ref, folder))


def near_earlier_names(
    catalogue: Callable[[], Catalogue], folder: Path, session: Session
) -> list[tuple[str, str, str, str]]:
    """Groups of a new session named nearly as in an earlier workshop of the folder."""
    from facilitate.planning import near_names

    if not folder.is_dir():
        return []
    records = sorted(catalogue().sessions(), key=lambda r: r.date, reverse=True)
    return near_names(
        [(g.key, g.name, list(g.also)) for g in session.groups], [(r.id, list(r.groups)) for r in records]
    )


def taken_ids(folder: Path) -> set[str]:
    """The ids the folder's files already use, so a new session's id is its own."""
    return {p.stem for p in store.session_files(folder)}


def offer_earlier(workshop, folder: Path) -> Session | None:
    """For a session run --like another: offer last time's answers to /carry, and its
    open actions to /tick. An earlier file moved or removed is no matter: the run goes
    on without its answers."""
    from facilitate.facilitation import offer_earlier as offer
    from facilitate.facilitation import save_locked_to

    like = workshop.session.like
    if not like:
        return None
    try:
        path = session_path(like, folder)
        earlier = store.load_session(path)
    except FacilitateError:
        return None
    offer(workshop, earlier)
    workshop.remember_earlier(earlier, save_locked_to(path, f"facilitate run {workshop.session.id}"))
    return earlier


def register(catalogue: Callable[[], Catalogue], leave_out: str) -> list[tuple[str, str, str, str]]:
    """The meanings other workshops of the folder gave their terms, so that a word the
    groups use differently is caught as it is typed. Without a readable catalogue the
    run goes on with this session's own glossary."""
    from facilitate.figures.terms import register_rows

    try:
        return register_rows(catalogue().catalogue_sessions(), leave_out)
    except (FacilitateError, OSError):
        return []


# --- adding, putting away, deleting, restoring -------------------------------------------


def add_new(folder: Path, session: Session) -> Path:
    """Write a new session file; never over one that exists."""
    path = folder / f"{session.id}{store.SUFFIX}"
    with store.session_lock(path, "facilitate new"):
        if path.exists():
            raise FacilitateError(f"{path} already exists; choose another title or date.")
        store.save_session(session, path)
    return path


def archive(path: Path, undo: bool = False) -> tuple[Session, bool]:
    """Put a session away (or, with undo, bring it back into the list). Returns the
    session and whether anything changed: one already so is left as it is."""
    with store.session_lock(path, "facilitate archive"):
        loaded = store.load_session(path)
        if loaded.archived != undo:
            return loaded, False
        loaded.archived = not undo
        store.save_session(loaded, path)
    return loaded, True


def delete(path: Path, confirm: Callable[[Session], bool] | None = None) -> tuple[Session, Path]:
    """Move a session file into the folder's `.deleted`, after `confirm` (when given)
    agreed, with the session held so nothing is typed into it meanwhile. Returns the
    session and where its file went: a second deletion of the same id is kept under a
    name with the time added."""
    with store.session_lock(path, "facilitate delete"):
        loaded = store.load_session(path)
        if confirm is not None and not confirm(loaded):
            raise FacilitateError(f"{loaded.id} was not deleted. To delete without a question, add --yes.")
        where = store.move_aside(path, path.parent / DELETED)
    return loaded, where


def restore(folder: Path, ref: str) -> Path:
    """Bring a deleted session back into the folder, under the session's own id
    (whatever name the deletion gave it), so `list` and `show` find it by that id;
    never over a file that is there."""
    session_id = check_id(ref.removesuffix(store.SUFFIX))
    deleted = folder / DELETED
    source = deleted / f"{session_id}{store.SUFFIX}"
    if not source.is_file():
        there = sorted(p.stem for p in deleted.glob(f"*{store.SUFFIX}"))
        known = f"; the deleted sessions are: {', '.join(there)}" if there else "; nothing has been deleted"
        raise FacilitateError(f"There is no deleted session {quoted(session_id)} in {deleted}{known}.")
    restored_id = store.load_session(source).id
    target = folder / f"{restored_id}{store.SUFFIX}"
    if target.exists() or target.is_symlink():
        raise FacilitateError(
            f"{target} already exists, so {restored_id} was not restored over it; rename or delete that one first."
        )
    store.move_new(source, target)
    return target


# --- choosing many: names, --all, --location ------------------------------------------------


def held_in(records: list[Any], location: str | None) -> list[Any]:
    """The records of sessions held in this place (any case); all of them for None."""
    if location is None:
        return list(records)
    return [r for r in records if r.location.casefold() == location.casefold()]


def listed(records: list[Any], location: str | None, since, status: str | None, archived: bool) -> list[Any]:
    """`list`: the sessions held in a place, on or after a date, of a status, archived
    or not."""
    since_date = since.isoformat() if since is not None else None
    return [
        s
        for s in held_in(records, location)
        if (since_date is None or s.date >= since_date)
        and (status is None or s.status == status)
        and s.archived == archived
    ]


def check_choice(refs: list[str], all_sessions: bool, location: str | None) -> None:
    if not refs and not all_sessions and location is None:
        raise FacilitateError("Name one or more sessions, or use --all or --location PLACE.")


def _in_place(records: list[Any], location: str | None, folder: Path, what: str) -> list[Any]:
    chosen = held_in(records, location)
    if location is not None and not chosen:
        raise FacilitateError(f"No sessions were held in {quoted(location)}; `facilitate list` shows where each was.")
    if not chosen:
        raise FacilitateError(f"There are no sessions in {folder} to {what}.")
    return chosen


def together(
    catalogue: Callable[[], Catalogue],
    folder: Path,
    refs: list[str],
    all_sessions: bool,
    location: str | None,
    with_rows: bool = False,
    left_out: Callable[[list[str]], None] = lambda empty: None,
) -> tuple[list[Any], str]:
    """The sessions a summary or report of many puts together, in the catalogue's
    shape, and a title for them. `catalogue` opens the folder's catalogue when needed."""
    from facilitate.figures.digest import catalogue_session

    check_choice(refs, all_sessions, location)
    opened = catalogue()
    if all_sessions or location is not None:
        chosen = _in_place(opened.catalogue_sessions(with_rows=with_rows), location, folder, "summarise")
        title = f"Workshops in {chosen[0].location}" if location is not None else "All workshops"
        # A session with nothing captured (the README's first command, tried out) is
        # no workshop to add up, unless it is named.
        empty = [s.id for s in chosen if not s.digest.entries]
        if empty:
            chosen = [s for s in chosen if s.digest.entries]
            if not chosen:
                raise FacilitateError(
                    "Nothing has been captured in these sessions yet: there is nothing to put together."
                )
            left_out(empty)
        return chosen, title
    paths = [session_path(ref, folder) for ref in refs]
    here = folder.resolve()
    known = {s.id: s for s in opened.catalogue_sessions({p.stem for p in paths}, with_rows=with_rows)}
    # An id two files declare names neither in the catalogue: each is read from its file.
    shared = opened.shared_ids()
    chosen = []
    for path in paths:
        in_folder = path.parent.resolve() == here and path.stem in known and path.stem not in shared
        chosen.append(known[path.stem] if in_folder else catalogue_session(store.load_session(path), with_rows))
    return chosen, "Workshops together: " + ", ".join(s.location or s.id for s in chosen)


def chosen_paths(
    catalogue: Callable[[], Catalogue],
    folder: Path,
    refs: list[str],
    all_sessions: bool,
    location: str | None,
    left_out: Callable[[list[str]], None] = lambda empty: None,
) -> list[Path]:
    """The files of the sessions named, or of every session (in a place) with
    something captured: nothing captured, nothing to publish, unless it is named."""
    check_choice(refs, all_sessions, location)
    if not (all_sessions or location is not None):
        return [session_path(ref, folder) for ref in refs]
    records = held_in(catalogue().sessions(), location)
    if location is not None and not records:
        raise FacilitateError(f"No sessions were held in {quoted(location)}; `facilitate list` shows where each was.")
    empty = [r.id for r in records if not r.entries]
    if empty:
        records = [r for r in records if r.entries]
        left_out(empty)
    if not records:
        raise FacilitateError(f"There are no sessions in {folder} with anything captured to publish.")
    return [folder / r.file for r in records]
