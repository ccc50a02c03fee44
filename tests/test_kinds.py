"""Each step kind's own grammar, called directly: a table of lines and the change each
makes, or the reason it is refused. Then a new kind, defined in this module alone,
recorded with `add`, shown, summarised and exported, with no change to the package."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import ClassVar, Literal

import pytest
from pydantic import Field

from facilitate.errors import EntryRefused
from facilitate.exercises import library
from facilitate.facilitation import Workshop
from facilitate.folder import session_path
from facilitate.kinds.actions import AddAction
from facilitate.kinds.base import ListLine, StepKind
from facilitate.kinds.capture import AddAnswer
from facilitate.kinds.choice import AddChoices
from facilitate.kinds.glossary import AddMeaning
from facilitate.kinds.scale import AddRatings
from facilitate.kinds.tag import SetTags
from facilitate.kinds.vote import AddDots
from facilitate.model import Answer, StepRecord, now
from facilitate.planning import plan_session
from facilitate.registry import kind_named, register, unregister


@pytest.fixture(scope="module")
def room():
    """A planned session in memory, with three answers to tag and vote on."""
    session = plan_session(
        "Kinds",
        dt.date(2027, 7, 10),
        [library()[e].definition for e in ("measuring", "value", "sharing")],
        [("c", "community"), ("p", "public sector")],
        set(),
        headcount={"community": 12},
    )
    for step in ("today", "if-nobody-asked"):
        capture = session.exercise("measuring").step(step)
        capture.answers = [Answer(id=f"a{i}", text=t, at=now()) for i, t in enumerate(["one", "two", "three"], 1)]
    return Workshop(session, save=lambda _: None)


def parse(room, exercise, step, text, group=None, private=False):
    ctx = room.context(exercise, step)
    return kind_named(ctx.definition.kind).parse(ctx, text, group, private)


TAKEN = [
    ("measuring", "today", "Footfall", None, False, AddAnswer("Footfall", None, False)),
    ("measuring", "today", "Footfall ", "community", True, AddAnswer("Footfall", "community", True)),
    ("measuring", "importance", "4 5 3x2", None, False, AddRatings([4, 5, 3, 3], None)),
    ("measuring", "importance", "5 × 2, 1", "public sector", False, AddRatings([5, 5, 1], "public sector")),
    ("measuring", "importance", "5x12", "community", False, AddRatings([5] * 12, "community")),
    ("measuring", "importance", "5x13!", "community", False, AddRatings([5] * 13, "community")),
    (
        "sharing",
        "share-with",
        "1 3 3",
        None,
        False,
        AddChoices(["funders", "the people we work with"] * 1 + ["the people we work with"], None),
    ),
    ("sharing", "share-with", "2x2", "community", False, AddChoices(["commissioners"] * 2, "community")),
    ("measuring", "for-whom", "3: 1 4", None, False, SetTags(3, ["funders", "our own team"])),
    (
        "measuring",
        "for-whom",
        "2: the people, own",
        None,
        False,
        SetTags(2, ["the people we work with", "our own team"]),
    ),
    ("measuring", "for-whom", "1: none", None, False, SetTags(1, [], clear=True)),
    ("measuring", "priorities", "3 1 1", None, False, AddDots({3: 1, 1: 2})),
    ("measuring", "priorities", "2x4", None, False, AddDots({2: 4})),
    (
        "value",
        "words",
        "impact = lasting change",
        "public sector",
        False,
        AddMeaning("impact", "lasting change", "public sector"),
    ),
    ("value", "words", "Social Value = why we exist", None, False, AddMeaning("social value", "why we exist", None)),
    ("sharing", "next", "share the draft; Sam; Friday", None, False, AddAction("share the draft", "Sam", "Friday")),
    ("sharing", "next", "share the draft", None, False, AddAction("share the draft", None, None)),
]


@pytest.mark.parametrize("exercise, step, text, group, private, change", TAKEN)
def test_each_kind_reads_its_lines(room, exercise, step, text, group, private, change):
    assert parse(room, exercise, step, text, group, private) == change


REFUSED = [
    ("measuring", "today", "   ", None, "no text"),
    ("measuring", "importance", "7", None, "7 is off the scale: it goes from 1 to 5."),
    ("measuring", "importance", "²", None, "is not a rating"),
    ("measuring", "importance", "4" * 5000, None, "far too large"),
    ("measuring", "importance", "5x13", "community", "5x13 counts 13, more than the 12 in the room"),
    ("measuring", "importance", "5x1000000", None, "far too large for a count"),
    ("measuring", "importance", "5x1001", "public sector", "more than 1,000 (no headcount was given)"),
    ("measuring", "importance", "5x200000!", None, "more than facilitate takes in one line"),
    ("sharing", "share-with", "9", None, "There is no option 9: options go from 1 to 7."),
    ("measuring", "for-whom", "4: 1", None, "There is no answer 4: answers go from 1 to 3."),
    ("measuring", "for-whom", "3: 9", None, "There is no tag 9"),
    ("measuring", "for-whom", "3: zebra", None, "'zebra' is not one of the tags"),
    ("measuring", "for-whom", "social", None, "Type the answer number, a colon, then tags"),
    ("measuring", "priorities", "1x37", "community", "1x37 counts 37, more than the 36 dots community held"),
    ("measuring", "priorities", "4", None, "There is no answer 4"),
    ("value", "words", "impact", None, "an equals sign"),
    ("value", "words", " = lasting change", None, "Type the term before the equals sign."),
    ("sharing", "next", "a; b; c; d", None, "at most three parts"),
]


@pytest.mark.parametrize("exercise, step, text, group, reason", REFUSED)
def test_each_kind_refuses_with_a_reason(room, exercise, step, text, group, reason):
    with pytest.raises(EntryRefused) as refusal:
        parse(room, exercise, step, text, group)
    assert reason in str(refusal.value)


def test_a_long_tag_line_is_read_in_one_pass(room):
    # 3,200 tokens: a run of words is never tried longer than the longest tag name.
    line = "3: " + " ".join(["funders", "commiss", "public", "own"] * 800)
    change = parse(room, "measuring", "for-whom", line)
    assert change.tags == ["funders", "commissioners", "the public", "our own team"]


# --- a kind from outside the package --------------------------------------------------------


class MarksStep(StepRecord):
    kind: Literal["marks"] = "marks"
    marks: list[int] = Field(default_factory=list)


@dataclass
class MarksFigures:
    kind: ClassVar[str] = "marks"
    step: str
    prompt: str
    total: int
    count: int


@dataclass
class AddMarks:
    how_many: int

    def apply(self, ctx):
        record = ctx.record
        record.marks.append(self.how_many)
        return f"{self.how_many} marks saved.", lambda: record.marks.pop()


class Marks(StepKind):
    """Marks on a flipchart, counted: `4` adds four."""

    name = "marks"
    record = MarksStep

    def help(self, d):
        return ["Type how many marks were made."]

    def parse(self, ctx, text, group, private):
        if not text.isdigit():
            raise EntryRefused("Type a number of marks.")
        return AddMarks(int(text))

    def captured(self, exercise, d):
        return len(exercise.step(d.id).marks)

    def lines(self, session, exercise, d, legend=True):
        marks = exercise.step(d.id).marks
        return [ListLine(f"{len(marks)} tallies, {sum(marks)} marks in all")]

    def figures(self, session, exercise, d, show_private):
        marks = exercise.step(d.id).marks
        return MarksFigures(d.id, d.prompt, sum(marks), len(marks))

    def summary_lines(self, figures):
        return [f"{figures.total} marks on the flipchart"]

    def said(self, session, exercise, d):
        from facilitate.kinds.shapes import Said

        marks = exercise.step(d.id).marks
        return [Said(exercise.id, d.id, self.name, n, value=m) for n, m in enumerate(marks, 1)]

    method = "each tally of marks on the flipchart was counted"

    def fill_public(self, view, session, exercise, d):
        # The room sees each tally as a bar: one of the projectors' layouts, by name.
        marks = exercise.step(d.id).marks
        view["layout"] = {"name": "bars"}
        view["bars"] = [{"label": f"tally {n}", "count": m} for n, m in enumerate(marks, 1)]
        view["summary"] = f"{sum(marks)} marks went up on the flipchart"


@pytest.fixture
def marks_kind():
    register(Marks())
    yield
    unregister("marks")


def test_a_new_kind_is_recorded_shown_summarised_and_exported_without_touching_the_package(sessions, cli, marks_kind):
    exercises = sessions.parent / "exercises"
    exercises.mkdir()
    (exercises / "flipchart.yaml").write_text(
        "id: flipchart\ntitle: Flipchart\nminutes: 5\nsteps:\n"
        "  - id: count\n    kind: marks\n    prompt: How many marks went up?\n",
        encoding="utf-8",
    )
    made = cli("new", "Marks day", "--date", "2027-07-10", "--exercise", "flipchart")
    assert made.exit_code == 0, made.stderr
    path = made.stdout.strip()
    added = cli("add", path, "flipchart", "count", "4", "3")
    assert added.exit_code == 0, added.stderr
    assert "3 marks saved." in added.stdout

    from facilitate import store

    saved = store.load_session(session_path(path, sessions))
    assert saved.exercise("flipchart").step("count").marks == [4, 3]
    import yaml

    on_disk = yaml.safe_load(open(path, encoding="utf-8"))
    assert on_disk["exercises"][0]["steps"][0] == {"id": "count", "kind": "marks", "status": "doing", "marks": [4, 3]}

    assert "2 tallies, 7 marks in all" in cli("show", path).stdout
    assert "7 marks on the flipchart" in cli("--plain", "summary", path).stdout
    exported = cli("export", path, "--format", "json", "-o", "-")
    assert exported.exit_code == 0, exported.stderr
    data = json.loads(exported.stdout)
    step = data["summary"]["exercises"][0]["steps"][0]
    assert step == {"kind": "marks", "step": "count", "prompt": "How many marks went up?", "total": 7, "count": 2}
    assert [(e["kind"], e["number"], e["value"]) for e in data["entries"]] == [("marks", 1, 4), ("marks", 2, 3)]
    assert "7 marks on the flipchart" in cli("export", path, "--format", "md", "-o", "-").stdout


def test_the_room_shows_group_keys_wherever_the_kind_takes_a_group(room):
    from facilitate.ui.room import facilitator_reminders

    keys = "Group keys: c: community, p: public sector"
    for exercise, step in [("measuring", "importance"), ("measuring", "today"), ("measuring", "priorities")]:
        assert kind_named(room.context(exercise, step).definition.kind).takes_group
        shown = [line.text for line in facilitator_reminders(room, room.context(exercise, step))]
        assert keys in shown, (exercise, step)
    # A dot vote takes a group (`c: 3 5`), so its keys are shown; tagging takes none.
    assert kind_named("vote").takes_group
    tagging = [line.text for line in facilitator_reminders(room, room.context("measuring", "for-whom"))]
    assert keys not in tagging
    # A scale adds its points, in its own words.
    rating = [line.text for line in facilitator_reminders(room, room.context("measuring", "importance"))]
    assert rating[-1].startswith("Scale: 1 not at all · 2 a little")


# --- the same kind, through every view and report ------------------------------------------


def _docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word file, as plain text."""
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def marks_session(sessions, cli, marks_kind, tmp_path):
    """A session of one marks step, with two tallies added, and the kind's own templates."""
    exercises = sessions.parent / "exercises"
    exercises.mkdir()
    (exercises / "flipchart.yaml").write_text(
        "id: flipchart\ntitle: Flipchart\nminutes: 5\nsteps:\n"
        "  - id: count\n    kind: marks\n    prompt: How many marks went up?\n",
        encoding="utf-8",
    )
    made = cli("new", "Marks day", "--date", "2027-07-10", "--exercise", "flipchart", "--group", "c=community")
    assert made.exit_code == 0, made.stderr
    path = made.stdout.strip()
    added = cli("add", path, "flipchart", "count", "4", "3")
    assert added.exit_code == 0, added.stderr
    return path


def _projected(sessions, path: str) -> tuple[dict, str, str]:
    """Open the marks step as `run` does, then what the room sees of it: the public
    view, the terminal projector's screen and the projector page's content."""
    import io

    from rich.console import Console

    from facilitate import store
    from facilitate.facilitation import Workshop, save_to
    from facilitate.follow import SessionWatch
    from facilitate.public import public_view
    from facilitate.ui.present import projector_view
    from facilitate.ui.web import view_html

    file = session_path(path, sessions)
    Workshop(store.load_session(file), save_to(file)).start_step("flipchart", "count")
    view = public_view(store.load_session(file))
    screen = io.StringIO()
    Console(file=screen, width=100, no_color=True).print(projector_view(view, 100, 30, "", True))
    watch = SessionWatch(file)
    watch.poll()
    return view, screen.getvalue(), view_html(watch)[0]


def test_a_new_kind_draws_itself_on_both_projectors_in_its_own_layout(sessions, marks_session):
    view, terminal, page = _projected(sessions, marks_session)
    assert view["layout"] == {"name": "bars"}
    for shown in (terminal, page):
        assert "How many marks went up?" in shown
        assert "tally 1" in shown and "tally 2" in shown
        assert "7 marks went up on the flipchart" in shown
        assert "No actions yet." not in shown
    assert '<ul class="bars">' in page


def test_a_kind_that_draws_nothing_of_its_own_shows_the_room_its_sentences(sessions, marks_session, monkeypatch):
    # Without its own `fill_public`, a kind is projected as rows of its summary sentences.
    monkeypatch.setattr(Marks, "fill_public", StepKind.fill_public)
    view, terminal, page = _projected(sessions, marks_session)
    assert view["layout"]["name"] == "rows"
    for shown in (terminal, page):
        assert "7 marks on the flipchart" in shown
        assert "No actions yet." not in shown


def test_a_new_kind_is_in_every_report_pack_page_and_database_in_its_own_words(
    sessions, cli, marks_session, tmp_path, monkeypatch
):
    import csv
    import io
    import sqlite3

    # The kind brings its own template for the HTML report, found by its name; every
    # other report draws it by its own sentences.
    own = tmp_path / "marks-templates"
    own.mkdir()
    (own / "report.html.j2").write_text(
        '<p class="marks">Tallies: {{ step.count }}, {{ step.total }} marks in all</p>\n', encoding="utf-8"
    )
    monkeypatch.setattr(Marks, "templates", str(own))
    path = marks_session

    assert "2 tallies, 7 marks in all" in cli("show", path).stdout
    assert "7 marks on the flipchart" in cli("--plain", "summary", path).stdout

    def export(fmt: str, *more: str) -> bytes:
        target = tmp_path / f"out-{fmt}-{'-'.join(more) or 'report'}.{fmt}"
        done = cli("export", path, "--format", fmt, "-o", str(target), *more)
        assert done.exit_code == 0, done.stderr
        return target.read_bytes()

    assert "7 marks on the flipchart" in export("md").decode()
    assert '<p class="marks">Tallies: 2, 7 marks in all</p>' in export("html").decode()
    assert "7 marks on the flipchart" in _docx_text(export("docx"))
    rows = list(csv.DictReader(io.StringIO(export("csv").decode("utf-8-sig"))))
    assert [(r["kind"], r["value"]) for r in rows if r["kind"] == "marks"] == [("marks", "4"), ("marks", "3")]
    data = json.loads(export("json"))
    assert data["summary"]["exercises"][0]["steps"][0]["total"] == 7

    packs = {}
    for reader in ("community", "funder"):
        for fmt in ("md", "html"):
            packs[reader, fmt] = export(fmt, "--for", reader).decode()
        packs[reader, "docx"] = _docx_text(export("docx", "--for", reader))
    for (reader, fmt), text in packs.items():
        assert "7 marks on the flipchart" in text, (reader, fmt)
        # The funder pack says how each figure was gathered, in the kind's own words.
        assert ("each tally of marks on the flipchart was counted" in text) == (reader == "funder"), (reader, fmt)

    site, database = tmp_path / "site", tmp_path / "library.sqlite"
    published = cli("publish", path, "-o", str(site), "--sqlite", str(database))
    assert published.exit_code == 0, published.stderr
    pages = [p.read_text(encoding="utf-8") for p in (site / "workshops").glob("*.html")]
    assert len(pages) == 1 and "7 marks on the flipchart" in pages[0]
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT kind, prompt FROM steps").fetchall() == [("marks", "How many marks went up?")]
        entries = db.execute("SELECT kind, number, value FROM entries ORDER BY number").fetchall()
    assert entries == [("marks", 1, 4), ("marks", 2, 3)]
    metadata = json.loads((database.parent / "metadata.json").read_text(encoding="utf-8"))
    described = next(iter(metadata["databases"].values()))["tables"]
    assert "entries" in described


def test_search_calls_an_entry_what_its_kind_calls_it_without_loading_the_kinds():
    from facilitate.registry import BUILT_IN, said_as

    # The registry's copy (read by search, which loads no kind) agrees with each kind.
    assert {name: said_as(name) for name in BUILT_IN} == {name: kind_named(name).said_as for name in BUILT_IN}
    assert said_as("capture") == "answer" and said_as("glossary") == "meaning" and said_as("scale") == "entry"
    assert said_as("nobody registered this") == "entry"
