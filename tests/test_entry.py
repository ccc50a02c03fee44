"""The quick-entry grammar, rule by rule, through the engine that saves each line.

Every accepted line is read back from the file on disk, not from memory."""

from __future__ import annotations

import pytest

from facilitate import store
from facilitate.entry import Command, EndStep, parse
from facilitate.errors import EntryRefused


def on_disk(path):
    return store.load_session(path)


def step_on_disk(path, exercise, step):
    return on_disk(path).exercise(exercise).step(step)


def refused(workshop, exercise, step, line, path) -> str:
    before = path.read_bytes()
    with pytest.raises(EntryRefused) as info:
        workshop.enter(exercise, step, line)
    assert path.read_bytes() == before, "a refused line must not touch the file"
    return str(info.value)


# --- capture ------------------------------------------------------------------------


def test_capture_plain_and_grouped(workshop):
    w, path = workshop
    w.enter("measuring", "today", "Attendance counts, because the council asks")
    w.enter("measuring", "today", "c: Footfall")
    w.enter("measuring", "today", "  p :  KPIs for the contract  ")
    answers = step_on_disk(path, "measuring", "today").answers
    assert [(a.text, a.group) for a in answers] == [
        ("Attendance counts, because the council asks", None),
        ("Footfall", "community"),
        ("KPIs for the contract", "public sector"),
    ]
    assert [a.id for a in answers] == ["a1", "a2", "a3"]
    assert all(a.at is not None for a in answers)


def test_capture_refuses_a_prefix_shaped_like_a_group_key_that_is_not_one(workshop):
    w, path = workshop
    reason = refused(w, "measuring", "today", "q: number of hot meals served", path)
    assert reason.startswith("'q' is not a group key: the groups are c (community), p (public sector).")
    assert reason.endswith("start the line with a backslash: \\q: …")  # how to type it as text on purpose
    assert "hot meals" not in reason  # a refusal never repeats the line: it may be private, on a projector


def test_a_private_line_with_a_mistyped_key_is_refused_without_its_words(workshop):
    w, path = workshop
    reason = refused(w, "measuring", "today", "!q: the board never reads these", path)
    assert "board" not in reason and reason.endswith("backslash: !\\q: …")
    w.enter("measuring", "today", "!\\q: the board never reads these")
    answer = step_on_disk(path, "measuring", "today").answers[0]
    assert (answer.text, answer.private, answer.group) == ("q: the board never reads these", True, None)


def test_a_group_key_typed_in_capitals_is_the_same_group(workshop):
    w, path = workshop
    w.enter("measuring", "today", "C: Footfall")
    assert step_on_disk(path, "measuring", "today").answers[0].group == "community"


def test_capture_takes_a_key_shaped_prefix_as_text_after_a_backslash(workshop):
    w, path = workshop
    w.enter("measuring", "today", "\\Note: we count heads")
    w.enter("measuring", "today", "https://example.org/report")  # a web address is not a group key
    texts = [a.text for a in step_on_disk(path, "measuring", "today").answers]
    assert texts == ["Note: we count heads", "https://example.org/report"]


def test_capture_double_slash_enters_text_starting_with_slash(workshop):
    w, path = workshop
    w.enter("measuring", "today", "//r/community posts")
    assert step_on_disk(path, "measuring", "today").answers[0].text == "/r/community posts"


def test_capture_refuses_group_without_text(workshop):
    w, path = workshop
    assert "no text after the group key" in refused(w, "measuring", "today", "c:   ", path)


# --- scale --------------------------------------------------------------------------


def test_scale_values_group_and_tally(workshop):
    w, path = workshop
    w.enter("measuring", "importance", "4 5 3 3")
    w.enter("measuring", "importance", "p: 2 3")
    w.enter("measuring", "importance", "5x3")
    w.enter("measuring", "importance", "c: 1 x 2")
    responses = step_on_disk(path, "measuring", "importance").responses
    assert [(r.value, r.group) for r in responses] == [
        (4, None),
        (5, None),
        (3, None),
        (3, None),
        (2, "public sector"),
        (3, "public sector"),
        (5, None),
        (5, None),
        (5, None),
        (1, "community"),
        (1, "community"),
    ]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("7", "7 is off the scale: it goes from 1 to 5."),
        ("0", "0 is off the scale"),
        ("4 five", "'five' is not a rating"),
        ("5x0", "counts nobody"),
        ("z: 3", "'z' is not a group key: the groups are c (community), p (public sector)."),
        ("p:", "Type a rating"),
    ],
)
def test_scale_refusals(workshop, line, reason):
    w, path = workshop
    assert reason in refused(w, "measuring", "importance", line, path)


# --- choice -------------------------------------------------------------------------


def test_choice_numbers_group_and_tally(workshop):
    w, path = workshop
    w.enter("sharing", "share-with", "1 3 3")
    w.enter("sharing", "share-with", "c: 2")
    w.enter("sharing", "share-with", "2x6")
    responses = step_on_disk(path, "sharing", "share-with").responses
    choices = [(r.choice, r.group) for r in responses]
    assert choices[:4] == [
        ("funders", None),
        ("the people we work with", None),
        ("the people we work with", None),
        ("commissioners", "community"),
    ]
    assert choices[4:] == [("commissioners", None)] * 6


def test_choice_refuses_unknown_option(workshop):
    w, path = workshop
    assert refused(w, "sharing", "share-with", "9", path) == "There is no option 9: options go from 1 to 7."


# --- tag ----------------------------------------------------------------------------


def _three_meanings(w):
    for line in ("c: people feel less alone", "p: it saves the NHS money", "jobs for local people"):
        w.enter("value", "meanings", line)


def test_tag_by_number_name_and_unique_start(workshop):
    w, path = workshop
    _three_meanings(w)
    w.enter("value", "kinds", "1: social well")
    w.enter("value", "kinds", "2: 2")
    w.enter("value", "kinds", "3: economic, organisational")
    w.enter("value", "kinds", "1: trust")  # a word inside a name
    answers = step_on_disk(path, "value", "meanings").answers
    assert answers[0].tags == ["social / community", "wellbeing / personal", "relational / trust"]
    assert answers[1].tags == ["public-cost saving"]
    assert answers[2].tags == ["economic", "organisational / capacity"]


def test_tag_multi_word_names_and_clearing(workshop):
    w, path = workshop
    w.enter("measuring", "today", "attendance")
    w.enter("measuring", "for-whom", "1: the people our own")
    assert step_on_disk(path, "measuring", "today").answers[0].tags == ["the people we work with", "our own team"]
    w.enter("measuring", "for-whom", "1: none")
    assert step_on_disk(path, "measuring", "today").answers[0].tags == []


@pytest.mark.parametrize(
    "line, reason",
    [
        ("9: social", "There is no answer 9: answers go from 1 to 3."),
        ("1: 12", "There is no tag 12: tags go from 1 to 8."),
        ("1: bananas", "'bananas' is not one of the tags"),
        ("1:", "Add tags after '1:'"),
        ("social", "Type the answer number, a colon, then tags"),
    ],
)
def test_tag_refusals(workshop, line, reason):
    w, path = workshop
    _three_meanings(w)
    assert reason in refused(w, "value", "kinds", line, path)


def test_tag_refuses_ambiguous_start(workshop):
    w, path = workshop
    w.enter("measuring", "today", "attendance")
    message = refused(w, "measuring", "for-whom", "1: the", path)
    assert "'the people we work with' or 'the public'" in message


def test_tag_before_any_answer_is_refused(workshop):
    w, path = workshop
    assert "There are no answers yet in step 'meanings'" in refused(w, "value", "kinds", "1: 1", path)


# --- vote ---------------------------------------------------------------------------


def test_vote_dots_and_tally(workshop):
    w, path = workshop
    _three_meanings(w)
    w.enter("value", "adopt", "3 1 1 2")
    w.enter("value", "adopt", "3x4")
    votes = [a.votes for a in step_on_disk(path, "value", "meanings").answers]
    assert votes == [2, 1, 5]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("9", "There is no answer 9: answers go from 1 to 3."),
        ("1 x", "'x' is not an answer number"),
        ("x: 1", "'x' is not a group key"),
    ],
)
def test_vote_refusals(workshop, line, reason):
    w, path = workshop
    _three_meanings(w)
    assert reason in refused(w, "value", "adopt", line, path)


# --- glossary -----------------------------------------------------------------------


def test_glossary_meanings_per_group_and_term_matching(workshop):
    w, path = workshop
    w.enter("value", "words", "p: impact = savings against our targets")
    w.enter("value", "words", "c: Impact = lasting change in someone's life")
    w.enter("value", "words", "SOCIAL VALUE = the reason we exist")
    w.enter("value", "words", "c: co-production = doing it with people, not to them")
    terms = step_on_disk(path, "value", "words").terms
    assert [t.term for t in terms] == ["impact", "social value", "co-production"]
    assert [(m.group, m.meaning) for m in terms[0].meanings] == [
        ("public sector", "savings against our targets"),
        ("community", "lasting change in someone's life"),
    ]
    assert terms[1].meanings[0].group is None


@pytest.mark.parametrize(
    "line, reason",
    [
        ("impact", "Type the term, an equals sign"),
        ("= something", "Type the term before the equals sign."),
        ("impact =  ", "Type what 'impact' means"),
    ],
)
def test_glossary_refusals(workshop, line, reason):
    w, path = workshop
    assert reason in refused(w, "value", "words", line, path)


# --- actions ------------------------------------------------------------------------


def test_actions_with_and_without_owner_and_due(workshop):
    w, path = workshop
    w.enter("sharing", "next", "share our outcomes page; Priya; end of March")
    w.enter("sharing", "next", "ask the council about shared measures; Tom")
    w.enter("sharing", "next", "write up the day")
    actions = step_on_disk(path, "sharing", "next").actions
    assert [(a.action, a.owner, a.due) for a in actions] == [
        ("share our outcomes page", "Priya", "end of March"),
        ("ask the council about shared measures", "Tom", None),
        ("write up the day", None, None),
    ]


def test_actions_refusals(workshop):
    w, path = workshop
    assert "at most three parts" in refused(w, "sharing", "next", "a; b; c; d", path)
    assert "Type the action first" in refused(w, "sharing", "next", "; Priya", path)


# --- slash commands -------------------------------------------------------------------


def test_undo_takes_back_the_last_line_of_each_kind(workshop):
    w, path = workshop
    w.enter("measuring", "importance", "4 5")
    w.enter("measuring", "importance", "3x3")
    w.enter("measuring", "importance", "/undo")
    assert [r.value for r in step_on_disk(path, "measuring", "importance").responses] == [4, 5]
    _three_meanings(w)
    w.enter("value", "kinds", "1: social")
    w.enter("value", "kinds", "1: well")
    w.enter("value", "kinds", "/undo")
    assert step_on_disk(path, "value", "meanings").answers[0].tags == ["social / community"]
    w.enter("value", "adopt", "1 1 2")
    w.enter("value", "adopt", "/undo")
    assert [a.votes for a in step_on_disk(path, "value", "meanings").answers] == [0, 0, 0]
    w.enter("value", "words", "impact = change")
    w.enter("value", "words", "/undo")
    assert step_on_disk(path, "value", "words").terms == []


def test_undo_after_resume_removes_the_newest_item(workshop, sessions):
    w, path = workshop
    w.enter("measuring", "today", "one")
    w.enter("measuring", "today", "two")
    from facilitate.facilitation import Workshop, save_to

    fresh = Workshop(store.load_session(path), save_to(path))
    before = path.read_bytes()
    asked = fresh.enter("measuring", "today", "/undo")
    assert asked.message.startswith("/undo would remove answer 2: two.") and "again" in asked.message
    assert path.read_bytes() == before, "the first /undo after a resume only asks"
    outcome = fresh.enter("measuring", "today", "/undo")
    assert outcome.message == "Removed answer 2: two."
    assert [a.text for a in step_on_disk(path, "measuring", "today").answers] == ["one"]
    assert "Nothing to undo" in refused(fresh, "measuring", "for-whom", "/undo", path)


def test_note_private_done_skip(workshop):
    w, path = workshop
    w.enter("measuring", "today", "a")
    w.enter("measuring", "today", "b")
    w.enter("measuring", "today", "/note lots of energy around funder reporting")
    w.enter("measuring", "today", "/note quiet table at the back")
    w.enter("measuring", "for-whom", "/private 2")
    assert w.enter("measuring", "today", "/done").move == "next"
    assert w.enter("measuring", "for-whom", "/skip").move == "next"
    session = on_disk(path)
    exercise = session.exercise("measuring")
    assert exercise.notes == "lots of energy around funder reporting\nquiet table at the back"
    assert [a.private for a in exercise.step("today").answers] == [False, True]
    assert exercise.step("today").status == "done"
    assert exercise.step("for-whom").status == "skipped"
    assert session.status == "running"


@pytest.mark.parametrize(
    "line, reason",
    [
        ("/frobnicate", "There is no command /frobnicate: type /help"),
        ("/note", "Write the note after the command"),
        ("/private", "Give an answer number"),
        ("/private 4", "There is no answer 4: answers go from 1 to 1."),
        ("/done now", "/done takes nothing after it."),
        ("/carry 1", "nothing from an earlier session"),
    ],
)
def test_command_refusals(workshop, line, reason):
    w, path = workshop
    w.enter("measuring", "today", "a")
    assert reason in refused(w, "measuring", "today", line, path)


def test_views_and_moves_are_parsed_not_saved(workshop):
    w, path = workshop
    ctx = w.context("measuring", "today")
    assert isinstance(parse(ctx, ""), EndStep)
    assert isinstance(parse(ctx, "   "), EndStep)
    for name in ("list", "help", "time", "back"):
        assert parse(ctx, f"/{name}") == Command(name)
    before = path.read_bytes()
    assert w.enter("measuring", "today", "/list").show == "list"
    assert w.enter("measuring", "today", "/back").move == "back"
    assert path.read_bytes() == before


def test_every_step_done_finishes_the_session(workshop):
    w, path = workshop
    for exercise_id, step_id in w.positions():
        w.enter(exercise_id, step_id, "/done")
    session = on_disk(path)
    assert session.status == "finished"
    assert all(e.finished is not None for e in session.exercises)
