"""The catalogue and everything built on it: list, search, summaries across sessions,
compare, re-runs with --like and /carry, and import."""

from __future__ import annotations

import json
import os

import pytest
from conftest import new_session

from facilitate import store
from facilitate.catalogue import INDEX_NAME, Catalogue
from facilitate.facilitation import Workshop, save_to
from facilitate.folder import session_path


def typed_session(folder, title, location, date=None, lines=()):
    session, path = new_session(folder, title=title)
    session.location = location
    if date:
        import datetime as dt

        session.date = dt.date.fromisoformat(date)
    store.save_session(session, path)
    w = Workshop(store.load_session(path), save_to(path))
    for exercise, step, line in lines:
        w.enter(exercise, step, line)
    return w.session, path


@pytest.fixture
def two_cities(sessions):
    leeds = typed_session(
        sessions,
        "Leeds day",
        "Leeds",
        "2027-01-10",
        [
            ("measuring", "importance", "c: 5 5 4"),
            ("measuring", "importance", "p: 2 2"),
            ("measuring", "today", "c: How many people come through the door each week"),
            ("measuring", "today", "p: KPIs in the contract"),
            ("measuring", "today", "c: a private worry about a family"),
            ("measuring", "today", "/private 3"),
            ("value", "meanings", "c: people feel they belong"),
            ("value", "meanings", "p: money saved for the council"),
            ("value", "kinds", "1: social"),
            ("value", "kinds", "2: public"),
            ("value", "words", "c: social value = why we exist"),
            ("value", "words", "p: social value = contract extras"),
            ("value", "adopt", "1x4"),
            ("sharing", "next", "draft a shared form; Amira; March"),
        ],
    )
    brum = typed_session(
        sessions,
        "Birmingham day",
        "Birmingham",
        "2027-06-12",
        [
            ("measuring", "importance", "c: 5 4"),
            ("measuring", "importance", "p: 4 4 5"),
            ("measuring", "today", "c: How many people come through our door each week"),
            ("measuring", "today", "p: Stories from young people"),
            ("value", "meanings", "c: belonging to somewhere"),
            ("value", "meanings", "p: cash in a budget"),
            ("value", "kinds", "1: social"),
            ("value", "kinds", "2: financial"),
            ("value", "words", "c: social value = the reason we exist"),
            ("value", "words", "p: impact = KPIs met"),
        ],
    )
    return leeds, brum


# --- the index ------------------------------------------------------------------------


def test_catalogue_is_built_then_reused(sessions, two_cities):
    first = Catalogue(sessions)
    assert first.refresh().parsed == 2
    assert (sessions / INDEX_NAME).exists()
    assert oct(os.stat(sessions / INDEX_NAME).st_mode & 0o777) == "0o600"
    again = Catalogue(sessions)
    assert again.refresh().parsed == 0  # nothing changed: no file is parsed
    assert [s.location for s in again.sessions()] == ["Birmingham", "Leeds"]
    assert {r.text for r in again.search("")[0] if r.kind == "capture"} >= {"KPIs in the contract", "cash in a budget"}


def test_an_edit_behind_the_catalogues_back_is_seen(sessions, two_cities, cli):
    (_, leeds_path), _ = two_cities
    Catalogue(sessions).refresh()
    text = leeds_path.read_text(encoding="utf-8").replace("KPIs in the contract", "KPIs in the new contract")
    leeds_path.write_text(text, encoding="utf-8")
    catalogue = Catalogue(sessions)
    assert catalogue.refresh().parsed == 1
    assert "KPIs in the new contract" in {r.text for r in catalogue.search("")[0]}
    assert "KPIs in the new contract" in cli("search", "new contract").stdout


def test_a_deleted_session_disappears(sessions, two_cities, cli):
    (_, leeds_path), _ = two_cities
    assert "Leeds" in cli("list").stdout
    leeds_path.unlink()
    out = cli("list").stdout
    assert "Leeds" not in out and "Birmingham" in out
    assert "contract extras" not in cli("search", "contract").stdout


@pytest.mark.parametrize("damage", ["{not json", '{"meta": {"1": {"layout": 0}}}', ""])
def test_a_corrupt_or_old_catalogue_is_rebuilt_quietly(sessions, two_cities, cli, damage):
    Catalogue(sessions).refresh()
    (sessions / INDEX_NAME).write_text(damage, encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 0 and result.stderr == ""
    assert "Leeds" in result.stdout and "Birmingham" in result.stdout
    assert json.loads((sessions / INDEX_NAME).read_text(encoding="utf-8"))["meta"]


def test_deleting_the_catalogue_loses_nothing(sessions, two_cities, cli):
    before = cli("list", "--json").stdout
    (sessions / INDEX_NAME).unlink()
    assert cli("list", "--json").stdout == before


# --- list and search ----------------------------------------------------------------------


def test_list_filters_and_json(sessions, two_cities, cli):
    data = json.loads(cli("list", "--json").stdout)
    assert [d["location"] for d in data] == ["Birmingham", "Leeds"]
    assert data[1]["answers"] == 5 and data[1]["status"] == "running"
    assert [d["location"] for d in json.loads(cli("list", "--json", "--location", "leeds").stdout)] == ["Leeds"]
    assert [d["location"] for d in json.loads(cli("list", "--json", "--since", "2027-03-01").stdout)] == ["Birmingham"]
    assert json.loads(cli("list", "--json", "--status", "finished").stdout) == []
    assert cli("list", "--status", "done").exit_code == 1


def test_search_finds_answers_meanings_and_actions(sessions, two_cities, cli):
    out = cli("search", "exist").stdout
    assert "social value = why we exist" in out and "social value = the reason we exist" in out
    assert "Leeds" in out and "Birmingham" in out and "value/words" in out
    out = cli("search", "shared", "form").stdout
    assert "draft a shared form; Amira; March" in out and "1 found." in out
    assert "Nothing matches." in cli("search", "zebra").stdout


# --- across sessions ----------------------------------------------------------------------


def test_summary_of_all_sessions(sessions, two_cities, cli):
    from facilitate.figures.many import summarise_many

    catalogue = Catalogue(sessions)
    catalogue.refresh()
    across = summarise_many(catalogue.catalogue_sessions(), "All")
    trend = across.scales[0]
    assert [(p.label, p.sessions, p.figures.n, p.figures.mean) for p in trend.points] == [
        ("2027-01-10 Leeds", 1, 5, 3.6),
        ("2027-06-12 Birmingham", 1, 5, 4.4),
    ]
    assert {place: f.mean for place, f in trend.by_location.items()} == {"Birmingham": 4.4, "Leeds": 3.6}
    assert trend.points[0].by_group == pytest.approx({"community": 14 / 3, "public sector": 2.0})
    assert trend.overall.n == 10
    kinds = next(t for t in across.tags if t.step == "kinds")
    assert kinds.counts["social / community"]["community"] == 2
    assert kinds.shares["public-cost saving"]["public sector"] == 0.5
    term = next(t for t in across.register if t.term == "social value")
    assert [(m.group, m.location) for m in term.meanings] == [
        ("community", "Leeds"),
        ("public sector", "Leeds"),
        ("community", "Birmingham"),
    ]
    assert term.places == ["Leeds", "Birmingham"] and term.differs
    assert [p.text for p in across.priorities] == ["people feel they belong"]
    assert across.private == 1
    out = cli("--plain", "summary", "--all").stdout
    assert "The register of shared terms" in out and "social value" in out and "contract extras" in out
    assert "a private worry" not in out
    only = cli("--plain", "summary", "--location", "Birmingham").stdout
    assert "Workshops in Birmingham" in only and "contract extras" not in only


def test_exports_of_many_sessions(sessions, two_cities, cli, tmp_path):
    import csv
    import io

    out = tmp_path / "all.csv"
    assert cli("export", "--all", "--format", "csv", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert {r["location"] for r in rows} == {"Leeds", "Birmingham"}
    assert sorted(int(r["value"]) for r in rows if r["kind"] == "scale") == [2, 2, 4, 4, 4, 4, 5, 5, 5, 5]
    assert "a private worry about a family" not in out.read_text(encoding="utf-8-sig")
    md = cli("export", "--location", "Leeds", "--format", "md", "-o", "-").stdout
    assert md.startswith("# Workshops in Leeds") and "why we exist" in md and "reason we exist" not in md
    data = json.loads(cli("export", "--all", "--format", "json", "-o", "-").stdout)
    assert len(data["summary"]["sessions"]) == 2
    for fmt in ("html", "docx"):
        assert cli("export", "--all", "--format", fmt, "-o", str(tmp_path)).exit_code == 0
    assert (tmp_path / "all-workshops-report.html").exists()


# --- compare -----------------------------------------------------------------------------


def test_compare_finds_a_recurring_answer_and_a_scale_shift(sessions, two_cities):
    from facilitate.figures.compare import compare

    (leeds, _), (brum, _) = two_cities
    c = compare(leeds, brum)
    scale = c.scales[0]
    assert scale.overall.before == 3.6 and scale.overall.after == 4.4 and scale.overall.change == 0.8
    public = next(s for s in scale.by_group if s.label == "public sector")
    assert (public.before, public.after) == (2.0, pytest.approx(4.33, abs=0.01))
    today = next(a for a in c.answers if a.step == "today")
    assert [(r.before, r.after) for r in today.recurring] == [
        ("How many people come through the door each week", "How many people come through our door each week")
    ]
    assert today.new == ["Stories from young people"]
    assert today.gone == ["KPIs in the contract"]  # the private answer is never quoted
    kinds = next(t for t in c.tags if t.step == "kinds")
    moved = {(tag, group): shift.change for tag, group, shift in kinds.shifts}
    assert moved[("public-cost saving", "public sector")] == -1.0
    assert moved[("financial / cash", "public sector")] == 1.0


def test_compare_command(sessions, two_cities, cli):
    (leeds, _), (brum, _) = two_cities
    out = cli("--plain", "compare", leeds.id, brum.id).stdout
    assert "Leeds 2027-01-10  →  Birmingham 2027-06-12" in out
    assert "Came up again" in out and "through our door" in out and "+0.8" in out
    assert cli("compare", leeds.id, leeds.id).exit_code == 1


# --- re-runs --------------------------------------------------------------------------------


def test_new_like_copies_groups_and_agenda_but_no_answers(sessions, two_cities, cli):
    (leeds, _), _ = two_cities
    result = cli("new", "Leeds again", "--like", leeds.id, "--date", "2027-12-01")
    assert result.exit_code == 0
    assert "Still open from" in result.stderr and "draft a shared form" in result.stderr
    again = store.load_session(session_path(result.stdout.strip(), sessions))
    assert again.like == leeds.id
    assert again.groups == leeds.groups
    assert [e.definition for e in again.exercises] == [e.definition for e in leeds.exercises]
    assert all(
        not getattr(s, "answers", [])
        and not getattr(s, "responses", [])
        and not getattr(s, "terms", [])
        and not getattr(s, "actions", [])
        for e in again.exercises
        for s in e.steps
    )
    assert all(s.status == "todo" for e in again.exercises for s in e.steps)


def test_carry_brings_an_earlier_answer_forward(sessions, two_cities, cli):
    (leeds, _), _ = two_cities
    path = cli("new", "Leeds again", "--like", leeds.id).stdout.strip()
    result = cli("add", path, "value", "meanings", "/carry 1", "p: something new")
    assert result.exit_code == 0, result.stderr
    answers = store.load_session(session_path(path, sessions)).exercise("value").step("meanings").answers
    # Most-voted first: "people feel they belong" had four dots in Leeds.
    assert [(a.text, a.group, a.carried_from) for a in answers] == [
        ("people feel they belong", "community", leeds.id),
        ("something new", "public sector", None),
    ]
    result = cli("add", path, "measuring", "today", "/carry 3")
    assert result.exit_code == 1 and "There is no earlier answer 3: they go from 1 to 2." in result.stderr


def test_tick_marks_an_action_done_and_it_is_no_longer_open(sessions, two_cities, cli):
    (leeds, leeds_path), _ = two_cities
    assert cli("add", leeds.id, "sharing", "next", "/tick 1").exit_code == 0
    assert store.load_session(leeds_path).exercise("sharing").step("next").actions[0].done
    result = cli("new", "Leeds again", "--like", leeds.id)
    assert "Still open" not in result.stderr


# --- import --------------------------------------------------------------------------------


def test_import_adds_good_rows_and_reports_bad_ones(sessions, two_cities, cli, tmp_path):
    (leeds, leeds_path), _ = two_cities
    sheet = tmp_path / "notes.csv"
    sheet.write_bytes(
        "\ufeffWhen,Table,Sticky note\n"
        "10:05,community,Trust takes years to build\n"
        "10:06,Martians,We come in peace\n"
        "10:07,p,\n"
        '10:08,public sector,=HYPERLINK("x")\n'
        "10:09,,/looks like a command\n".encode("utf-8")
    )
    before = store.load_session(leeds_path).exercise("value").step("meanings").answers
    result = cli(
        "import", leeds.id, "value", "meanings", str(sheet), "--text-column", "sticky note", "--group-column", "Table"
    )
    assert result.exit_code == 0, result.stderr
    assert "Added 3 of 5 rows to value/meanings." in result.stdout
    assert "Skipped row 3: 'Martians' is not a group of this session" in result.stderr
    assert "Skipped row 4: the text is empty" in result.stderr
    after = store.load_session(leeds_path).exercise("value").step("meanings").answers
    assert [(a.text, a.group) for a in after[len(before) :]] == [
        ("Trust takes years to build", "community"),
        ('=HYPERLINK("x")', "public sector"),
        ("/looks like a command", None),
    ]


def test_import_through_the_grammar_refuses_what_the_step_cannot_take(sessions, two_cities, cli, tmp_path):
    (leeds, leeds_path), _ = two_cities
    sheet = tmp_path / "scores.csv"
    sheet.write_text("score;group\n4;c\nseven;p\n5x2;p\n", encoding="utf-8")
    result = cli("import", leeds.id, "measuring", "importance", str(sheet))
    assert "Added 2 of 3 rows" in result.stdout
    assert "Skipped row 3: 'seven' is not a rating" in result.stderr
    responses = store.load_session(leeds_path).exercise("measuring").step("importance").responses
    assert [(r.value, r.group) for r in responses[-3:]] == [
        (4, "community"),
        (5, "public sector"),
        (5, "public sector"),
    ]


def test_import_saves_once_and_refuses_unknown_columns(sessions, two_cities, cli, tmp_path, monkeypatch):
    (leeds, leeds_path), _ = two_cities
    sheet = tmp_path / "a.csv"
    sheet.write_text("text\none\ntwo\nthree\n", encoding="utf-8")
    saves = []
    original = store.save_session
    monkeypatch.setattr(store, "save_session", lambda s, p: (saves.append(p), original(s, p)))
    assert cli("import", leeds.id, "measuring", "if-nobody-asked", str(sheet)).exit_code == 0
    assert saves == [leeds_path]
    before = leeds_path.read_bytes()
    result = cli("import", leeds.id, "measuring", "today", str(sheet), "--text-column", "nope")
    assert result.exit_code == 1 and "There is no column 'nope'" in result.stderr
    assert leeds_path.read_bytes() == before


def test_a_damaged_companion_is_rebuilt_on_demand(sessions, two_cities, cli):
    from facilitate.catalogue import ANSWERS_NAME, DIGESTS_NAME

    Catalogue(sessions).refresh()
    (sessions / ANSWERS_NAME).write_text("{broken", encoding="utf-8")
    assert "social value = why we exist" in cli("search", "exist").stdout
    (sessions / DIGESTS_NAME).unlink()
    assert "The register of shared terms" in cli("--plain", "summary", "--all").stdout


def test_many_files_are_read_in_worker_processes(sessions, two_cities, monkeypatch):
    import facilitate.catalogue as index

    (sessions / "broken.yaml").write_text("schema: 1\nid: [\n", encoding="utf-8")
    monkeypatch.setattr(index, "PARALLEL_FROM", 1)
    catalogue = Catalogue(sessions)
    result = catalogue.refresh()
    assert result.parsed == 3 and list(result.unreadable) == ["broken.yaml"]
    assert [s.location for s in catalogue.sessions()] == ["Birmingham", "Leeds"]
    assert len([r for r in catalogue.search("")[0] if r.kind == "capture"]) == 9


def test_search_names_the_session_and_add_lists_last_time(sessions, two_cities, cli):
    (leeds, _), _ = two_cities
    assert f"· {leeds.id}" in " ".join(cli("search", "contract", "extras").stdout.split())
    path = cli("new", "Leeds again", "--like", leeds.id).stdout.strip()
    out = cli("add", path, "value", "meanings", "/list").stdout
    assert "Last time in Leeds (2027-01-10); /carry N brings one forward:" in out
    assert "1. people feel they belong" in out


def test_a_long_build_reports_progress(sessions):
    for n in range(55):
        new_session(sessions, title=f"Session {n}", exercises=("value",))
    seen = []

    import contextlib

    @contextlib.contextmanager
    def progress(total):
        seen.append(total)
        yield lambda: seen.append("step")

    Catalogue(sessions, progress=progress).refresh()
    assert seen[0] == 55 and seen.count("step") == 55
    seen.clear()
    Catalogue(sessions, progress=progress).refresh()
    assert seen == []  # nothing to read, nothing to show
