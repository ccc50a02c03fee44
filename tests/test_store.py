"""Session files: round trips, refusals of bad files, atomic saves, permissions, locks."""

from __future__ import annotations

import errno
import os
import stat

import pytest
from conftest import new_session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitate import store
from facilitate.errors import FacilitateError, SessionLocked
from facilitate.folder import session_path
from facilitate.model import Answer, Meaning, Term, now, tidy_text

# Text a room might produce: any printable character from any script (no lone
# surrogates, which cannot be written as UTF-8), newlines and trailing spaces.
room_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    min_size=1,
    max_size=200,
).filter(lambda t: tidy_text(t).strip())

SAMPLES = [
    "Mae gwerth cymdeithasol yn golygu mwy na phunnoedd 🏴",
    "القيمة الاجتماعية تعني الثقة",
    "ערך חברתי",
    "🎉🙌🏽 people came back!",
    "line one\nline two   \n\nline four  ",
    "trailing spaces   ",
    "- starts like a list: and has: colons",
    "'quoted' \"double\" # not a comment",
    "yes",
    "2027-06-12",
    "x" * 10_000,
]


def _round_trip(folder, texts):
    session, path = new_session(folder)
    capture = session.exercise("measuring").step("today")
    for i, text in enumerate(texts, 1):
        capture.answers.append(Answer(id=f"a{i}", text=text, group="community", at=now()))
    session.exercise("value").step("words").terms.append(
        Term(term=texts[0], meanings=[Meaning(group="public sector", meaning=t) for t in texts])
    )
    session.exercise("measuring").notes = "\n".join(texts)
    store.save_session(session, path)
    loaded = store.load_session(path)
    assert loaded == session
    return session, path


def test_round_trip_of_hard_samples(sessions):
    session, path = _round_trip(sessions, SAMPLES)
    stored = [a.text for a in store.load_session(path).exercise("measuring").step("today").answers]
    assert stored == [tidy_text(t) for t in SAMPLES]
    text = path.read_text(encoding="utf-8")
    # Unicode is written as itself, and multi-line text as a readable | block.
    assert "Mae gwerth cymdeithasol" in text and "القيمة" in text and "🎉" in text
    assert "text: |" in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(room_text, min_size=1, max_size=5))
def test_round_trip_property(sessions, texts):
    for path in store.session_files(sessions):
        path.unlink()
    _round_trip(sessions, texts)


def test_tidy_text_only_drops_trailing_spaces():
    assert tidy_text("a  \nb\t\n c ") == "a\nb\n c"


def test_new_file_is_private_to_its_owner(sessions):
    _, path = new_session(sessions)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_file_format_matches_the_design(sessions):
    session, path = new_session(sessions)
    text = path.read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "-"))]
    assert keys[:6] == ["schema", "id", "title", "date", "location", "facilitator"]
    assert "status: planned" in text
    assert "created: 2" in text and "T" in text.split("created: ")[1][:12]
    assert "&" not in text and "*" not in text.replace("**", "")  # no anchors or aliases


# --- refusing bad files ------------------------------------------------------------


def _expect_refusal(path, fragment):
    before = path.read_bytes()
    with pytest.raises(FacilitateError) as info:
        store.load_session(path)
    message = str(info.value)
    assert "\n" not in message
    assert fragment in message
    assert path.read_bytes() == before
    return message


def test_broken_yaml(sessions):
    path = sessions / "broken.yaml"
    path.write_text("schema: 1\nid: [unclosed\n", encoding="utf-8")
    message = _expect_refusal(path, "not valid YAML")
    assert message.startswith(str(path))


def test_missing_field_names_path_and_line(sessions):
    _, path = new_session(sessions)
    session = store.load_session(path)
    session.exercise("measuring").step("today").answers.append(Answer(id="a1", text="hello", at=now()))
    store.save_session(session, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    line_no = next(number for number, line in enumerate(lines, 1) if "text: hello" in line)
    del lines[line_no - 1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _expect_refusal(path, "exercises[0].steps[1].answers[0].text: field required")
    assert "(line " in message
    reported = int(message.split("(line ")[1].split(")")[0])
    assert abs(reported - line_no) <= 2


def test_unknown_schema(sessions):
    _, path = new_session(sessions)
    path.write_text(path.read_text(encoding="utf-8").replace("schema: 1", "schema: 7", 1), encoding="utf-8")
    _expect_refusal(path, "schema 7 is not one this version understands")


def test_a_schema_written_as_text_is_read_as_the_number_it_spells_and_saved_as_one(sessions):
    _, path = new_session(sessions)
    path.write_text(path.read_text(encoding="utf-8").replace("schema: 1", 'schema: "1"', 1), encoding="utf-8")
    session = store.load_session(path)
    session.title = "Saved again"
    store.save_session(session, path)
    assert path.read_text(encoding="utf-8").startswith("schema: 1\n")
    path.write_text(path.read_text(encoding="utf-8").replace("schema: 1", 'schema: "2"', 1), encoding="utf-8")
    _expect_refusal(path, "schema '2' is not one this version understands")


def test_yaml_aliases_refused(sessions):
    path = sessions / "alias.yaml"
    path.write_text("schema: 1\nbase: &b {a: 1}\nother: *b\n", encoding="utf-8")
    _expect_refusal(path, "anchors and aliases are not allowed")


@pytest.mark.timeout(30)
def test_billion_laughs_refused_before_it_is_built(sessions):
    # Nine levels, each holding the one below nine times: 9**9 (387 million) strings
    # if it were ever expanded. It must be refused before anything is built (built,
    # it would not finish before the timeout, nor fit in memory).
    path = sessions / "laughs.yaml"
    lines = ["schema: 1", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    lines.append("id: *l9")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.read_text(encoding="utf-8").count("*l8") == 9  # it really fans out
    _expect_refusal(path, "anchors and aliases")


def test_python_tag_refused(sessions):
    path = sessions / "evil.yaml"
    path.write_text("schema: 1\nid: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    _expect_refusal(path, "not allowed")


def test_not_a_mapping(sessions):
    path = sessions / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    _expect_refusal(path, "not a facilitate session file")


@pytest.mark.parametrize("ref", ["../etc/passwd", "a/b", "..", "x\x00y", "bad\nid", ".hidden"])
def test_unsafe_ids_refused(sessions, ref):
    with pytest.raises(FacilitateError) as info:
        session_path(ref, sessions)
    assert "is not a session id" in str(info.value)


def test_session_found_by_id_or_path(sessions):
    session, path = new_session(sessions)
    assert session_path(session.id, sessions) == path
    assert session_path(str(path), sessions) == path
    with pytest.raises(FacilitateError, match="There is no session 'nope'"):
        session_path("nope", sessions)


# --- saving --------------------------------------------------------------------------


def test_full_disk_leaves_the_file_unchanged(sessions, monkeypatch):
    session, path = new_session(sessions)
    before = path.read_bytes()
    session.exercise("measuring").step("today").answers.append(Answer(id="a1", text="lost?", at=now()))

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FacilitateError, match="The disk is full"):
        store.save_session(session, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in sessions.iterdir() if ".tmp" in p.name] == []


def test_engine_memory_matches_disk_after_failed_save(workshop, monkeypatch):
    w, path = workshop
    w.enter("measuring", "today", "kept")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FacilitateError):
        w.enter("measuring", "today", "not saved")
    monkeypatch.undo()
    assert [a.text for a in w.session.exercise("measuring").step("today").answers] == ["kept"]
    w.enter("measuring", "today", "typed again")
    texts = [a.text for a in store.load_session(path).exercise("measuring").step("today").answers]
    assert texts == ["kept", "typed again"]


# --- one writer at a time ------------------------------------------------------------


def test_second_writer_refused_and_told_who_holds_it(sessions):
    _, path = new_session(sessions)
    with store.session_lock(path, "facilitate run", wait=0):
        with pytest.raises(SessionLocked) as info:
            with store.session_lock(path, "facilitate add", wait=0):
                pass
        assert "is in use by `facilitate run`" in str(info.value)
        assert f"process {os.getpid()}" in str(info.value)
    with store.session_lock(path, "facilitate add", wait=0):
        pass  # free again once the first writer is done


# --- the YAML writer -----------------------------------------------------------------

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=400, deadline=None)
@given(
    data=st.dictionaries(
        any_text,
        st.one_of(
            any_text,
            st.integers(),
            st.booleans(),
            st.none(),
            st.lists(st.one_of(any_text, st.dictionaries(any_text, any_text, max_size=3)), max_size=4),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_writer_output_loads_back_exactly(data):
    import yaml

    from facilitate.yaml_writer import to_yaml

    assert yaml.load(to_yaml(data), Loader=yaml.CSafeLoader) == data


def test_writer_prefers_readable_styles():
    from facilitate.yaml_writer import to_yaml

    text = to_yaml({"a": "plain words, with commas", "b": "two\nlines", "c": "yes", "d": "🎉 party", "e": "x: y"})
    assert text.splitlines() == [
        "a: plain words, with commas",
        "b: |-",
        "  two",
        "  lines",
        'c: "yes"',
        "d: 🎉 party",
        'e: "x: y"',
    ]
