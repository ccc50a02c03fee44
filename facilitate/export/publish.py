"""`facilitate publish`: a public library of workshops, as a static site and a database.

Every session goes through figures/sharing.py first, and everything published is
built from those shareable copies and nothing else, so the site, its trends, its
register of terms and the database carry the same things: no note, no private text,
no group that may not be named.

The site is plain HTML with its styles inline and relative links only, so it opens
from a folder or a USB stick (file://) with no server, no scripts and nothing
fetched from elsewhere. Pages are rendered here; writing them is the store's job.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitate.errors import FacilitateError

LIBRARY = "Workshop library"
GENERATOR = '<meta name="generator" content="facilitate">'
SOURCE = "facilitate"
METADATA_NAME = "metadata.json"


@dataclass
class Workshop:
    """One workshop as published."""

    summary: Any  # figures.session.Summary, shareable
    page: str  # relative to the site's root
    people: int | None
    attribution: str
    hidden: int  # groups present that may not be named


@dataclass
class Library:
    workshops: list[Workshop]  # newest first
    across: Any  # figures.many.AcrossSummary over the shareable sessions
    tables: dict[str, list[dict[str, Any]]] | None  # the database's rows, when asked for
    small_group: int


def page_of(session_id: str) -> str:
    return f"workshops/{session_id}.html"


def prepare(sessions: list, small_group: int, with_tables: bool) -> Library:
    """Everything publishable from these sessions (loaded `model.Session`s)."""
    from facilitate.export.database import public_rows
    from facilitate.figures.digest import catalogue_session
    from facilitate.figures.many import summarise_many
    from facilitate.figures.session import summarise
    from facilitate.figures.sharing import attribution, hidden_groups, shareable_session

    ordered = sorted(sessions, key=lambda s: (s.date, s.id))
    pairs = [(s, shareable_session(s, small_group=small_group)) for s in ordered]
    workshops = [
        Workshop(
            summarise(shared, show_private=False, with_notes=False),
            page_of(s.id),
            sum(s.headcount.values()) if s.headcount else None,
            attribution(s),
            len(hidden_groups(s, small_group)),
        )
        for s, shared in pairs
    ]
    workshops.reverse()
    across = summarise_many([catalogue_session(shared) for _, shared in pairs], LIBRARY, limit=20)
    tables = public_rows((s, shared, page_of(s.id)) for s, shared in pairs) if with_tables else None
    return Library(workshops, across, tables, small_group)


def site_files(library: Library) -> dict[str, bytes]:
    """Every page of the site, by its path within the site's folder."""
    from facilitate.export import jinja_environment, xml_safe

    env = jinja_environment(autoescape=True)
    # Every piece of text is made fit for HTML as it is written out (control characters
    # a file can hold become a visible mark): the same rule as `xml_safe`, applied
    # where it costs least, since a library may run to a thousand pages.
    env.finalize = lambda value: xml_safe(value) if isinstance(value, str) else value
    env.filters["period"] = period
    pages = {w.summary.session: w.page for w in library.workshops}
    common = {"library": LIBRARY, "small_group": library.small_group}
    across = library.across
    files: dict[str, bytes] = {}

    def render(name: str, template: str, root: str, **values: Any) -> None:
        html = env.get_template(template).render(root=root, **common, **values)
        files[name] = html.encode("utf-8")

    render("index.html", "site_index.html.j2", "", a=across, workshops=library.workshops)
    render("trends.html", "site_trends.html.j2", "", a=across, pages=pages)
    render("terms.html", "site_terms.html.j2", "", a=across, pages=pages)
    for w in library.workshops:
        render(w.page, "site_workshop.html.j2", "../", s=w.summary, w=w)
    return files


def period(label: str) -> str:
    """A trend point's label in words: its month ('July 2027'), or its session's date
    and place ('10 July 2027, Leeds')."""
    from facilitate.figures.format import long_date, month

    first, _, rest = label.partition(" ")
    if len(first) == 7:
        return month(first)
    return f"{long_date(first)}, {rest}" if rest else long_date(first)


def metadata_bytes(database: Path) -> bytes:
    from facilitate.export.database import datasette_metadata

    data = {"source": SOURCE, **datasette_metadata(database.stem)}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --- where it may be written ------------------------------------------------------------


def check_site_folder(folder: Path, sessions_dir: Path, force: bool) -> None:
    """Refuse, with one sentence, a site folder that writing would damage: a link, a
    file (a session above all), a device, the sessions folder, or a folder of other
    things (unless --force)."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise FacilitateError(f"{folder} cannot be checked ({exc.strerror}); nothing was written.") from None
    if stat.S_ISLNK(info.st_mode):
        raise FacilitateError(f"{folder} is a symbolic link; give the path of a folder for the site.")
    if stat.S_ISREG(info.st_mode):
        from facilitate.export.target import _looks_like_session

        if folder.suffix.lower() in (".yaml", ".yml") and _looks_like_session(folder):
            raise FacilitateError(f"{folder} is a session file; give the path of a folder for the site.")
        raise FacilitateError(f"{folder} is a file; give the path of a folder for the site.")
    if not stat.S_ISDIR(info.st_mode):
        raise FacilitateError(f"{folder} is not a folder; give the path of a folder for the site.")
    try:
        if folder.resolve() == sessions_dir.resolve():
            raise FacilitateError(f"{folder} is the sessions folder; publish the site into a folder of its own.")
    except (OSError, RuntimeError):
        pass
    if force or not any(folder.iterdir()) or _published_before(folder / "index.html"):
        return
    raise FacilitateError(
        f"{folder} already holds other files; give a new or empty folder, or add --force to write the site there."
    )


def _published_before(index: Path) -> bool:
    """Whether index is a page this tool published (a site being rebuilt)."""
    from facilitate.store import read_text

    try:
        return GENERATOR in read_text(index)[:2000]
    except (FacilitateError, OSError):
        return False


def check_database_target(target: Path, sessions_dir: Path, force: bool) -> None:
    """The rules of `export -o`, except that a database this tool built (and the
    metadata beside it) is rebuilt in place without --force."""
    from facilitate.export.target import check_target

    check_target(target, sessions_dir, force or _our_database(target))
    metadata = target.parent / METADATA_NAME
    check_target(metadata, sessions_dir, force or _our_metadata(metadata))


def _our_database(path: Path) -> bool:
    import sqlite3

    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        names = {row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")}
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return {"sessions", "steps", "answers", "ratings", "meanings"} <= names


def _our_metadata(path: Path) -> bool:
    from facilitate.store import read_text

    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        return json.loads(read_text(path)).get("source") == SOURCE
    except (FacilitateError, OSError, ValueError, AttributeError):
        return False
