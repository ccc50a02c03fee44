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

import contextlib
import json
import os
import re
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
class WorkshopPage:
    """One workshop as published."""

    summary: Any  # figures.session.Summary, shareable
    page: str  # relative to the site's root
    people: int | None
    attribution: str
    hidden: int  # groups present that may not be named
    rule: str = ""  # the one sentence on which groups are named and why (figures/sharing.py)


@dataclass
class Prepared:
    """One session, ready to publish: what the rest of the library needs of it."""

    id: str
    page: bytes  # its page of the site
    digest: Any  # figures.digest.CatalogueSession of the shareable copy, for the trends
    tables: dict[str, list[dict[str, Any]]] | None  # its rows of the database


@dataclass
class Library:
    across: Any  # figures.many.AcrossSummary over the shareable sessions
    pages: dict[str, bytes]  # each workshop's page, by its path in the site
    tables: dict[str, list[dict[str, Any]]] | None  # the database's rows, when asked for
    small_group: int


def page_of(session_id: str) -> str:
    return f"workshops/{session_id}.html"


_ENVIRONMENT: list[Any] = []  # one per process: compiling the templates costs more than a page


def _fit_for_html(xml_safe, value: Any) -> Any:
    from markupsafe import Markup

    if isinstance(value, Markup):  # a macro's output, its text already escaped: keep it markup
        return Markup(xml_safe(str(value)))
    return xml_safe(value) if isinstance(value, str) else value


def _environment():
    import functools

    from facilitate.export.shared import jinja_environment, xml_safe

    if not _ENVIRONMENT:
        env = jinja_environment(autoescape=True)
        # Every piece of text is made fit for HTML as it is written out (control
        # characters a file can hold become a visible mark): the rule of `xml_safe`,
        # applied where it costs least, since a library may run to a thousand pages.
        env.finalize = functools.partial(_fit_for_html, xml_safe)
        env.filters["period"] = period
        _ENVIRONMENT.append(env)
    return _ENVIRONMENT[0]


def prepare_one(path: str, small_group: int, with_tables: bool) -> Prepared | str:
    """Load one session and make everything published of it, from its shareable copy
    only; a sentence when it cannot be read. Runs in worker processes too."""
    from facilitate import store
    from facilitate.export.database import public_rows
    from facilitate.figures.digest import catalogue_session
    from facilitate.figures.session import summarise
    from facilitate.figures.sharing import attribution, hidden_groups, naming_rule, shareable_session
    from facilitate.kinds.limits import people_in

    try:
        session = store.load_session(Path(path))
    except FacilitateError as exc:
        return str(exc)
    shared = shareable_session(session, small_group=small_group)
    page = page_of(session.id)
    workshop = WorkshopPage(
        summarise(shared, show_private=False, with_notes=False),
        page,
        people_in(session),
        attribution(session),
        len(hidden_groups(session, small_group)),
        naming_rule(session, small_group),
    )
    html = (
        _environment()
        .get_template("site_workshop.html.j2")
        .render(root="../", library=LIBRARY, small_group=small_group, s=workshop.summary, w=workshop)
    )
    tables = public_rows([(session, shared, page)]) if with_tables else None
    return Prepared(session.id, html.encode("utf-8"), catalogue_session(shared), tables)


def _prepare_all(paths: list[str], small_group: int, with_tables: bool) -> list[Prepared | str]:
    """Every session prepared, in order, spread over the machine's cores when there are
    many (as the catalogue reads them)."""
    import functools

    from facilitate.catalogue import over_cores

    one = functools.partial(prepare_one, small_group=small_group, with_tables=with_tables)
    return list(over_cores(one, paths, 20))


def prepare(paths: list[Path], small_group: int, with_tables: bool) -> Library:
    """Everything publishable from these session files."""
    from facilitate.export.database import TABLES
    from facilitate.figures.many import summarise_many

    prepared: dict[str, Prepared] = {}
    came_from: dict[str, Path] = {}
    for path, result in zip(paths, _prepare_all([str(p) for p in paths], small_group, with_tables), strict=True):
        if isinstance(result, str):
            raise FacilitateError(result)
        earlier = came_from.setdefault(result.id, path)
        if os.path.realpath(earlier) != os.path.realpath(path):
            # Each would be published at the same address, one silently over the other.
            raise FacilitateError(
                f"{earlier} and {path} both hold session {result.id!r}, and a published library has one page "
                "per id; give one of them a new id: line and publish again. Nothing was written."
            )
        prepared.setdefault(result.id, result)  # the same session named twice is published once
    ordered = sorted(prepared.values(), key=lambda p: (p.digest.date, p.id))
    across = summarise_many([p.digest for p in ordered], LIBRARY, limit=20)
    tables = None
    if with_tables:
        tables = {name: [row for p in ordered for row in p.tables[name]] for name in TABLES}
    return Library(across, {page_of(p.id): p.page for p in ordered}, tables, small_group)


def site_files(library: Library) -> dict[str, bytes]:
    """Every page of the site, by its path within the site's folder."""
    env = _environment()
    pages = {sid: page_of(sid) for sid in (line.id for line in library.across.sessions)}
    common = {"library": LIBRARY, "small_group": library.small_group, "a": library.across, "pages": pages}
    files: dict[str, bytes] = {}
    for name, template in (
        ("index.html", "site_index.html.j2"),
        ("trends.html", "site_trends.html.j2"),
        ("terms.html", "site_terms.html.j2"),
    ):
        files[name] = env.get_template(template).render(root="", **common).encode("utf-8")
    files.update(library.pages)
    return files


# What the site's folder says this tool wrote there: the only files a later publish
# may remove. Hidden, so a site served from the folder does not list it.
MANIFEST = ".facilitate-site.json"
_OUR_NAMES = re.compile(r"(?:index|trends|terms)\.html|workshops/[A-Za-z0-9][A-Za-z0-9._-]*\.html")


def written_before(folder: Path) -> set[str]:
    """The files an earlier publish wrote into folder, by the manifest it left; only names
    a publish writes are believed, so an edited manifest cannot name a file elsewhere."""
    from facilitate.store import read_text

    try:
        listed = json.loads(read_text(folder / MANIFEST)).get("files", [])
    except (FacilitateError, OSError, ValueError, AttributeError):
        return set()
    return {name for name in listed if isinstance(name, str) and _OUR_NAMES.fullmatch(name)}


def write_site(folder: Path, files: dict[str, bytes]) -> list[str]:
    """Write the site into folder, owning only what it writes. A file that is in the way
    and that no publish wrote (a page put there by hand, under the same name) is never
    written over: refused, naming it. A page an earlier publish wrote and this one does
    not (a workshop taken out of the library) is removed; anything else in the folder is
    kept, and named in the list returned."""
    from facilitate.store import no_link_on_the_way, write_public_files

    before = written_before(folder)
    for name in files:
        no_link_on_the_way(folder, name)
        target = folder / name
        if name not in before and os.path.lexists(target) and not _published_before(target):
            raise FacilitateError(
                f"{target} was not written by facilitate, and the site would write over it; "
                "move it, or publish into another folder. Nothing was written."
            )
    manifest = {"source": SOURCE, "files": sorted(files)}
    everything = {**files, MANIFEST: (json.dumps(manifest, indent=2) + "\n").encode("utf-8")}
    write_public_files(folder, everything, remove=sorted(before - set(files)))
    kept = []
    workshops = folder / "workshops"
    if workshops.is_dir() and not workshops.is_symlink():
        kept = sorted(f"workshops/{p.name}" for p in workshops.iterdir() if f"workshops/{p.name}" not in files)
    return kept


def period(label: str) -> str:
    """A trend point's label in words: its month ('July 2027'), or its session's date
    and place ('10 July 2027, Leeds')."""
    from facilitate.format import long_date, month

    first, _, rest = label.partition(" ")
    if len(first) == 7:
        return month(first)
    return f"{long_date(first)}, {rest}" if rest else long_date(first)


def metadata_bytes(database: Path) -> bytes:
    import sqlite3

    from facilitate.export.database import datasette_metadata

    # A table made only when it has rows is described only where it was made.
    with contextlib.closing(sqlite3.connect(database)) as db:
        made = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    data = {"source": SOURCE, **datasette_metadata(database.stem, made)}
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
        from facilitate.export.target import looks_like_session

        if folder.suffix.lower() in (".yaml", ".yml") and looks_like_session(folder):
            raise FacilitateError(f"{folder} is a session file; give the path of a folder for the site.")
        raise FacilitateError(f"{folder} is a file; give the path of a folder for the site.")
    if not stat.S_ISDIR(info.st_mode):
        raise FacilitateError(f"{folder} is not a folder; give the path of a folder for the site.")
    try:
        same = folder.resolve() == sessions_dir.resolve()
    except (OSError, RuntimeError) as exc:  # a link loop, or a folder we may not read
        raise FacilitateError(f"{folder} cannot be checked ({exc}); nothing was written.") from None
    if same:
        raise FacilitateError(f"{folder} is the sessions folder; publish the site into a folder of its own.")
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
    from facilitate.export.target import check_target, looks_like_session

    if target.suffix.lower() in (".yaml", ".yml") and (not target.exists() or looks_like_session(target)):
        raise FacilitateError(sqlite_names_a_session(target))
    check_target(target, sessions_dir, force or _our_database(target))
    metadata = target.parent / METADATA_NAME
    check_target(metadata, sessions_dir, force or _our_metadata(metadata))


def sqlite_names_a_session(target: Path) -> str:
    return (
        f"--sqlite names the database file to write, and {target} is a session file; "
        "give a new file after it (--sqlite library.db) and name the sessions on their own."
    )


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


def publish(
    refs: list[str],
    all_sessions: bool,
    location: str | None,
    output: Path | None,
    sqlite: Path | None,
    small_group: int,
    force: bool,
    sessions_dir: Path,
    catalogue,
    left_out=lambda empty: None,
):
    """`facilitate publish`: every target checked before anything is written, then the
    site, then the database and its metadata. Yields what to say, line by line, each
    with whether it goes to stderr (what was kept, not written: names from the disk,
    to be made plain text before they reach a terminal)."""
    from facilitate import store
    from facilitate.folder import check_choice, chosen_paths

    if output is None and sqlite is None:
        raise FacilitateError("Say where to publish: -o FOLDER for the site, --sqlite FILE for the database, or both.")
    if sqlite is not None and not refs and sqlite.suffix.lower() in (".yaml", ".yml"):
        raise FacilitateError(sqlite_names_a_session(sqlite))
    check_choice(refs, all_sessions, location)
    if output is not None:
        check_site_folder(output, sessions_dir, force)
    if sqlite is not None:
        check_database_target(sqlite, sessions_dir, force)
    paths = chosen_paths(catalogue, sessions_dir, refs, all_sessions, location, left_out)
    library = prepare(paths, small_group, with_tables=sqlite is not None)
    if output is not None:
        kept = write_site(output, site_files(library))
        yield str(output / "index.html"), False
        if kept:
            yield (
                f"Kept in {output / 'workshops'}, not written by this publish: {', '.join(kept)}; "
                "the site does not link to them.",
                True,
            )
    if sqlite is not None:
        from facilitate.export.database import build_database

        store.build_file_atomically(sqlite, lambda temp: build_database(temp, library.tables))
        store.write_public_files(sqlite.parent, {METADATA_NAME: metadata_bytes(sqlite)})
        yield str(sqlite), False
