"""`facilitate publish`: the static site and the SQLite database, read back as a reader
would: every page parsed and every link followed to a file, the database opened with
sqlite-utils and with Datasette's own client, and every byte searched for what must
never be published."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlencode

import pytest
from helpers import NOTE, SECRET, SMALL, hold

from facilitate import store

TABLES = {"sessions", "steps", "answers", "tags", "dots", "ratings", "choices", "meanings", "actions"}


@pytest.fixture
def held(sessions: Path) -> list[Path]:
    return [
        hold(sessions, "Strength in Numbers, Leeds", "Leeds", 10, {"community": 12, "public sector": 5, SMALL: 2}),
        hold(sessions, "Strength in Numbers, Bristol", "Bristol", 17, {}),
    ]


class Page(HTMLParser):
    """What a page links to and whatever it would fetch or run."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.fetches: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag in ("script", "link", "img", "iframe", "object", "embed", "source"):
            self.fetches.append(f"<{tag}>")
        if "url(" in (attrs.get("style") or ""):
            self.fetches.append(attrs["style"])


def check_site(site: Path) -> int:
    """Follow every link of every page; return how many were followed."""
    followed = 0
    pages = sorted(site.rglob("*.html"))
    assert pages
    parsed = {}
    for page in pages:
        parser = Page()
        text = page.read_text(encoding="utf-8")
        parser.feed(text)
        assert parser.fetches == [], page
        assert "url(" not in text and "@import" not in text, page
        parsed[page.resolve()] = parser
    for page in pages:
        parser = parsed[page.resolve()]
        for href in parser.links:
            assert "://" not in href and not href.startswith(("//", "/", "mailto:")), (page, href)
            path, _, fragment = href.partition("#")
            target = (page.parent / unquote(path)).resolve() if path else page.resolve()
            assert target.is_file(), (page, href)
            assert site.resolve() in target.parents, (page, href)
            if fragment:
                assert fragment in parsed[target].ids, (page, href)
            followed += 1
    return followed


def publish(cli, *args: str, code: int = 0):
    result = cli("publish", *args)
    assert result.exit_code == code, result.stderr or result.stdout
    return result


def every_byte(*paths: Path) -> str:
    """All the text of these files and folders, a database as its SQL dump."""
    texts = []
    for root in paths:
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            if path.suffix == ".db":
                connection = sqlite3.connect(path)
                texts.append("\n".join(connection.iterdump()))
                connection.close()
            elif path.is_file():
                texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def test_publish_writes_a_site_whose_every_link_resolves_and_that_fetches_nothing(cli, held, tmp_path):
    result = publish(cli, "--all", "-o", "site")
    assert result.stdout.strip() == str(Path("site") / "index.html")
    site = tmp_path / "site"
    names = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert names == {
        "index.html",
        "trends.html",
        "terms.html",
        *(f"workshops/{p.stem}.html" for p in held),
    }
    assert check_site(site) > 10
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "10 July 2027" in index and "Strength in Numbers, Bristol" in index
    page = (site / "workshops" / f"{held[0].stem}.html").read_text(encoding="utf-8")
    # What the room said is there, with the number of people behind it.
    assert "Footfall every week" in page and "19 people took part" in page
    assert "but not the other group, because fewer than 3 people came from it" in page
    assert "impact" in (site / "terms.html").read_text(encoding="utf-8")
    trends = (site / "trends.html").read_text(encoding="utf-8")
    assert "Share our outcomes page" in trends
    assert "<td>10 July 2027, Leeds</td>" in trends  # a trend point per workshop, dated as people write it
    assert oct((site / "index.html").stat().st_mode & 0o777) == "0o644"


def test_text_from_a_hand_edited_file_is_shown_as_text(cli, held, tmp_path):
    text = held[0].read_text(encoding="utf-8")
    held[0].write_text(text.replace("Footfall every week", '"Footfall\\x0cevery <b>week</b>"'), encoding="utf-8")
    publish(cli, str(held[0]), "-o", "site")
    page = (tmp_path / "site" / "workshops" / f"{held[0].stem}.html").read_text(encoding="utf-8")
    assert "Footfall\ufffdevery &lt;b&gt;week&lt;/b&gt;" in page
    assert "\x0c" not in page
    # What the templates themselves mark up stays markup.
    assert '<span class="who">(community)</span>' in page


def test_nothing_private_reaches_the_site_or_the_database(cli, held, tmp_path):
    publish(cli, "--all", "-o", "site", "--sqlite", "library.db")
    text = every_byte(tmp_path / "site", tmp_path / "library.db", tmp_path / "metadata.json")
    assert "Footfall every week" in text  # the check reads what was published
    assert SECRET not in text
    assert NOTE not in text
    # The small group is named nowhere: not in Leeds, where it had too few people, nor in
    # Bristol, where no headcount was given (nobody said it was big enough to hide in).
    leeds = every_byte(tmp_path / "site" / "workshops" / f"{held[0].stem}.html")
    assert SMALL not in leeds
    bristol = every_byte(tmp_path / "site" / "workshops" / f"{held[1].stem}.html")
    assert SMALL not in bristol and "Footfall" in leeds + bristol
    db = sqlite3.connect(tmp_path / "library.db")
    named = db.execute("select distinct group_name from answers where session = ?", [held[0].stem])
    groups = {row[0] for row in named}
    assert groups == {"community", "public sector", None}
    assert db.execute("select count(*) from answers where private = 1 and text is not null").fetchone() == (0,)
    assert db.execute("select count(*) from answers where private = 1").fetchone() == (2,)


def test_the_small_group_threshold_is_an_option(cli, held, tmp_path):
    publish(cli, str(held[0]), "-o", "site", "--small-group", "6")
    page = every_byte(tmp_path / "site" / "workshops" / f"{held[0].stem}.html")
    assert "public sector" not in page and "community" in page


def test_the_database_has_every_table_joined_by_foreign_keys(cli, held, tmp_path):
    import sqlite_utils

    publish(cli, "--all", "--sqlite", "out/library.db")
    db = sqlite_utils.Database(tmp_path / "out" / "library.db")
    assert set(db.table_names()) == TABLES
    keys = {(fk.table, fk.column, fk.other_table) for name in TABLES for fk in db[name].foreign_keys}
    assert ("answers", "session", "sessions") in keys
    assert ("answers", "step", "steps") in keys
    assert ("tags", "answer", "answers") in keys
    assert ("dots", "answer", "answers") in keys
    for name in ("ratings", "choices", "meanings", "actions"):
        assert (name, "session", "sessions") in keys and (name, "step", "steps") in keys
    assert db["sessions"].count == 2
    assert db["answers"].count == 2 * 6
    assert [r["tag"] for r in db["tags"].rows_where("session = ?", [held[0].stem], order_by="id")] == [
        "funders",
        "commissioners",
        "our own team",
    ]
    answer = next(db["answers"].rows_where("id = ?", [f"{held[0].stem}/measuring/today/1"]))
    assert answer["text"] == "Footfall every week" and answer["group_name"] == "community"
    assert db.execute("pragma foreign_key_check").fetchall() == []
    metadata = json.loads((tmp_path / "out" / "metadata.json").read_text(encoding="utf-8"))
    described = metadata["databases"]["library"]["tables"]
    assert set(described) == TABLES
    for name in TABLES:
        assert set(described[name]["columns"]) == set(db[name].columns_dict), name


def test_rebuilding_from_the_same_files_gives_the_same_rows(cli, held, tmp_path):
    publish(cli, "--all", "-o", "site", "--sqlite", "library.db")
    first = every_byte(tmp_path / "library.db")
    pages = every_byte(tmp_path / "site")
    # A rebuild over what publish wrote needs no --force.
    publish(cli, "--all", "-o", "site", "--sqlite", "library.db")
    assert every_byte(tmp_path / "library.db") == first
    assert every_byte(tmp_path / "site") == pages


def test_a_workshop_no_longer_published_loses_its_page(cli, held, tmp_path):
    publish(cli, "--all", "-o", "site")
    publish(cli, "--location", "leeds", "-o", "site")
    assert not (tmp_path / "site" / "workshops" / f"{held[1].stem}.html").exists()
    assert (tmp_path / "site" / "workshops" / f"{held[0].stem}.html").exists()
    assert "Bristol" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    check_site(tmp_path / "site")


def datasette_get(db: Path, path: str, **params: str):
    from datasette.app import Datasette

    metadata = json.loads((db.parent / "metadata.json").read_text(encoding="utf-8"))

    async def get():
        ds = Datasette([str(db)], metadata=metadata, settings={"sql_time_limit_ms": 20000})
        await ds.invoke_startup()
        response = await ds.client.get(path + ("?" + urlencode(params) if params else ""))
        return response.status_code, response.json()

    return asyncio.run(get())


JOINED = (
    "select s.location, count(*) as answers, sum(a.private) as private from answers a "
    "join sessions s on a.session = s.id group by s.location order by s.location"
)


def test_datasette_serves_the_database_and_answers_a_query_on_answers_joined_to_sessions(cli, held, tmp_path):
    pytest.importorskip("datasette")
    publish(cli, "--all", "--sqlite", "library.db")
    status, rows = datasette_get(tmp_path / "library.db", "/library.json", sql=JOINED, _shape="array")
    assert status == 200, rows
    assert rows == [
        {"location": "Bristol", "answers": 6, "private": 1},
        {"location": "Leeds", "answers": 6, "private": 1},
    ]
    status, meta = datasette_get(tmp_path / "library.db", "/-/metadata.json")
    assert status == 200 and meta["databases"]["library"]["tables"]["answers"]["columns"]["text"]


@pytest.mark.parametrize(
    "how",
    ["session as site", "link as site", "file as site", "other folder", "session as database", "text as database"],
)
def test_publish_refuses_a_target_it_would_damage_and_changes_nothing(cli, held, tmp_path, how):
    other = tmp_path / "notes.txt"
    other.write_text("mine\n", encoding="utf-8")
    args = {
        "session as site": ["-o", str(held[0])],
        "link as site": ["-o", "link"],
        "file as site": ["-o", str(other)],
        "other folder": ["-o", "elsewhere"],
        "session as database": ["--sqlite", str(held[0])],
        "text as database": ["--sqlite", str(other)],
    }[how]
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.txt").write_text("keep\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (*held, other, tmp_path / "elsewhere" / "keep.txt")}
    result = publish(cli, "--all", *args, code=1)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["keep.txt"]
    assert not (tmp_path / "metadata.json").exists()


def test_publish_says_what_it_needs(cli, held):
    result = publish(cli, "--all", code=1)
    assert "-o FOLDER" in result.stderr
    result = publish(cli, "-o", "site", code=1)
    assert "Name one or more sessions" in result.stderr
    result = publish(cli, "--location", "Cardiff", "-o", "site", code=1)
    assert "No sessions were held in 'Cardiff'" in result.stderr


# --- a library of many workshops ---------------------------------------------------------

# 300 workshops keep every path (sessions prepared on every core, from 200 files; trends
# by month, beyond 30) at a third of the time of 1,000, which bench/publish.py measures
# (FACILITATE_PUBLISH_SESSIONS=1000 runs these tests on that library too). The tests
# that share the library run on one worker (xdist_group), so it is built once.
MANY = int(os.environ.get("FACILITATE_PUBLISH_SESSIONS", "300"))
LIBRARY = pytest.mark.xdist_group("library-of-many-workshops")


# Kept for the worker's whole run (not the module's): its tests share a worker, but
# other modules' tests may run between them there.
@pytest.fixture(scope="session")
def many(tmp_path_factory):
    from typer.testing import CliRunner

    from facilitate.cli import app

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from catalogue import generate

    root = tmp_path_factory.mktemp("library")
    folder = root / "sessions"
    generate(folder, MANY)
    env = {"FACILITATE_SESSIONS_DIR": str(folder), "NO_COLOR": "1"}
    site, db = root / "site", root / "library.db"
    result = CliRunner().invoke(app, ["publish", "--all", "-o", str(site), "--sqlite", str(db)], env=env)
    assert result.exit_code == 0, result.output
    return folder, site, db


@pytest.mark.timeout(900)
@LIBRARY
def test_a_library_of_many_workshops_links_every_page_to_a_file(many):
    _, site, _ = many
    assert len(list((site / "workshops").glob("*.html"))) == MANY
    assert check_site(site) > 3 * MANY
    if MANY > 30:  # beyond 30 workshops, a trend point per month
        assert "<td>January 2025</td>" in (site / "trends.html").read_text(encoding="utf-8")


@pytest.mark.timeout(900)
@LIBRARY
def test_the_figures_in_the_database_match_summary_all(many):
    from facilitate.catalogue import Catalogue
    from facilitate.figures.many import summarise_many

    folder, _, path = many
    catalogue = Catalogue(folder)
    catalogue.refresh()
    # What `summary --all` prints is made from these figures.
    across = summarise_many(catalogue.catalogue_sessions(), "All workshops")
    db = sqlite3.connect(path)
    one = lambda sql, *args: db.execute(sql, args).fetchone()  # noqa: E731
    assert one("select count(*) from sessions") == (len(across.sessions),)
    assert one("select count(*), sum(private) from answers") == (across.answers, across.private)
    assert one("select sum(answers), sum(private) from sessions") == (across.answers, across.private)
    assert across.scales
    for trend in across.scales:
        n, mean = one(
            "select count(*), avg(r.value) from ratings r join steps s on r.step = s.id "
            "where s.exercise = ? and s.step = ?",
            trend.exercise,
            trend.step,
        )
        assert n == trend.overall.n
        assert mean == pytest.approx(trend.overall.mean)
    for choice in across.choices:
        for option in choice.options:
            (chosen,) = one(
                "select count(*) from choices c join steps s on c.step = s.id where s.step = ? and c.choice = ?",
                choice.step,
                option,
            )
            assert chosen == choice.totals[option], option
    assert one("select count(*) from meanings") == (sum(len(t.meanings) for t in across.register),)
    assert one("select count(*) from actions") == (len(across.actions),)


@pytest.mark.timeout(900)
@LIBRARY
def test_datasette_answers_a_query_over_many_workshops(many):
    pytest.importorskip("datasette")
    from facilitate.catalogue import Catalogue

    folder, _, db = many
    status, rows = datasette_get(db, "/library.json", sql=JOINED, _shape="array")
    assert status == 200, rows
    by_place: dict[str, int] = {}
    catalogue = Catalogue(folder)
    catalogue.refresh()
    for record in catalogue.sessions():
        by_place[record.location] = by_place.get(record.location, 0) + record.answers
    assert {row["location"]: row["answers"] for row in rows} == by_place


# --- how the store writes what is published ------------------------------------------------


def test_public_files_are_refused_whole_when_a_link_is_in_the_way(tmp_path):
    site = tmp_path / "site"
    (site / "workshops").mkdir(parents=True)
    outside = tmp_path / "outside.html"
    outside.write_text("not mine\n", encoding="utf-8")
    (site / "workshops" / "b.html").symlink_to(outside)
    files = {"index.html": b"<p>index</p>", "workshops/b.html": b"<p>b</p>"}
    with pytest.raises(store.FacilitateError, match="is not a regular file"):
        store.write_public_files(site, files)
    assert not (site / "index.html").exists()
    assert outside.read_text(encoding="utf-8") == "not mine\n"


def test_a_database_that_fails_to_build_leaves_the_old_one_and_no_temporary_file(tmp_path):
    target = tmp_path / "library.db"
    target.write_bytes(b"the old database")

    def build(temp: Path) -> None:
        temp.write_bytes(b"half a database")
        raise OSError(28, "No space left on device")

    with pytest.raises(store.FacilitateError, match="disk is full") as refused:
        store.build_file_atomically(target, build)
    assert str(refused.value).endswith("what was there is unchanged. Free some space and publish again.")
    assert target.read_bytes() == b"the old database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db"]


def test_sqlite_running_out_of_disk_is_said_as_a_full_disk(tmp_path, monkeypatch):
    from facilitate.export import database

    def full(path, tables):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database, "_build", full)
    target = tmp_path / "library.db"
    with pytest.raises(store.FacilitateError, match="The disk is full, so .* publish again"):
        store.build_file_atomically(target, lambda temp: database.build_database(temp, {}))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("before", [[], ["--all"]])
def test_publish_with_a_session_file_after_sqlite_says_what_sqlite_takes(cli, held, before):
    kept = {p: p.read_bytes() for p in held}
    result = publish(cli, *before, "--sqlite", str(held[0]), code=1)
    assert "--sqlite names the database file to write" in result.stderr
    assert "leave out -o" not in result.stderr
    assert {p: p.read_bytes() for p in held} == kept


# --- a publish owns only what it wrote ---------------------------------------------------


def test_publish_refuses_a_workshops_folder_linked_elsewhere_and_deletes_nothing(cli, held, tmp_path):
    publish(cli, "--all", "-o", "site")
    site = tmp_path / "site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name in ("2019-event.html", f"{held[0].stem}.html", "old.html"):
        (elsewhere / name).write_text(f"<p>{name}, not the site's</p>\n", encoding="utf-8")
    # The site's own pages are in the manifest; the folder they are in is now a link.
    for page in (site / "workshops").iterdir():
        page.unlink()
    (site / "workshops").rmdir()
    (site / "workshops").symlink_to(elsewhere, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    index = (site / "index.html").read_bytes()
    result = publish(cli, str(held[1]), "-o", "site", code=1)
    assert "is a symbolic link" in result.stderr and "nothing was written" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before
    assert (site / "index.html").read_bytes() == index


def test_publish_force_into_a_folder_of_other_things_keeps_them(cli, held, tmp_path):
    web = tmp_path / "web"
    (web / "workshops").mkdir(parents=True)
    mine = web / "workshops" / "2019-event.html"
    mine.write_text("<p>our 2019 event</p>\n", encoding="utf-8")
    (web / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = publish(cli, "--all", "-o", "web", "--force")
    assert mine.read_text(encoding="utf-8") == "<p>our 2019 event</p>\n"
    assert (web / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert "workshops/2019-event.html" in result.stderr
    # Published again with one workshop fewer: the page taken out goes, the user's stays.
    publish(cli, str(held[0]), "-o", "web", "--force")
    assert mine.read_text(encoding="utf-8") == "<p>our 2019 event</p>\n"
    assert (web / "workshops" / f"{held[0].stem}.html").exists()
    assert not (web / "workshops" / f"{held[1].stem}.html").exists()


def test_a_page_added_by_hand_to_a_published_site_survives_the_next_publish_and_is_named(cli, held, tmp_path):
    publish(cli, "--all", "-o", "site")
    added = tmp_path / "site" / "workshops" / "by-hand.html"
    added.write_text("<p>added by hand</p>\n", encoding="utf-8")
    result = publish(cli, "--all", "-o", "site")
    assert added.read_text(encoding="utf-8") == "<p>added by hand</p>\n"
    assert "not written by this publish: workshops/by-hand.html" in result.stderr
    # A hand-made page under the name of a page the site writes is not written over.
    (tmp_path / "site" / ".facilitate-site.json").unlink()
    own = tmp_path / "site" / "workshops" / f"{held[0].stem}.html"
    own.write_text("<p>my own page</p>\n", encoding="utf-8")
    result = publish(cli, "--all", "-o", "site", code=1)
    assert "was not written by facilitate" in result.stderr
    assert own.read_text(encoding="utf-8") == "<p>my own page</p>\n"


def test_a_manifest_edited_to_name_files_outside_the_site_removes_nothing_there(cli, held, tmp_path):
    publish(cli, "--all", "-o", "site")
    victim = tmp_path / "victim.html"
    victim.write_text("keep\n", encoding="utf-8")
    manifest = tmp_path / "site" / ".facilitate-site.json"
    manifest.write_text('{"source": "facilitate", "files": ["../victim.html", "/etc/passwd"]}', encoding="utf-8")
    publish(cli, "--all", "-o", "site")
    assert victim.read_text(encoding="utf-8") == "keep\n"
