"""compare tells the truth: two crafted workshops, every tag × group shift listed or
counted with the n it stands on in each, a shift resting on one answer a side marked
too few to compare and never ranked first, and the choice step, the dots on answers
that came up again and the glossary's terms compared too."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitate import store
from facilitate.exercises import library
from facilitate.facilitation import Workshop, save_to
from facilitate.figures.compare import compare
from facilitate.planning import plan_session

GROUPS = [("c", "community"), ("p", "public sector"), ("f", "funders")]
HEADCOUNT = {"community": 4, "public sector": 4, "funders": 1}

LEEDS = {
    "meanings": [
        "c: people feel they belong",
        "c: less lonely",
        "c: trust in services",
        "c: confidence",
        "p: money saved for the council",
        "p: fewer A&E visits",
        "p: jobs",
        "p: value for money",
        "f: outcomes met",
    ],
    "kinds": [
        "1: social",
        "2: wellbeing",
        "3: relational",
        "4: wellbeing",
        "5: public",
        "6: public",
        "7: economic",
        "8: financial",
        "9: financial",
    ],
    "adopt": ["c: 1x3 2x2 3", "p: 1 5x2 6", "f: 9"],
    "words": ["c: social value = why we exist", "p: social value = contract extras", "c: impact = lasting change"],
    "share-with": ["c: 1x3 2", "p: 1 2x2", "f: 3"],
}
YORK = {
    "meanings": [
        "c: people feel they belong somewhere",
        "c: more volunteers",
        "c: shared meals",
        "c: young people in work",
        "p: cash in a budget",
        "p: quicker discharge from hospital",
        "p: better data",
        "p: joined-up services",
        "f: grant reports",
    ],
    "kinds": [
        "1: social",
        "2: social",
        "3: relational",
        "4: economic",
        "5: financial",
        "6: public",
        "7: organisational",
        "8: relational",
        "9: financial",
    ],
    "adopt": ["c: 1x4 3", "p: 1 6", "f: 9"],
    "words": [
        "c: social value = the reason we exist",
        "p: social value = the reason we exist",
        "p: outcome = a KPI met",
    ],
    "share-with": ["c: 1x4", "p: 2x3", "f: 3"],
}


def _workshop(sessions, place, day, lines):
    session = plan_session(
        f"Compared in {place}",
        dt.date.fromisoformat(day),
        [library()[e].definition for e in ("value", "sharing")],
        GROUPS,
        set(),
        location=place,
        headcount=HEADCOUNT,
    )
    path = sessions / f"{session.id}.yaml"
    store.save_session(session, path)
    w = Workshop(session, save_to(path))
    for step, typed in lines.items():
        exercise = "sharing" if step == "share-with" else "value"
        for line in typed:
            w.enter(exercise, step, line)
    return path


@pytest.fixture
def two(sessions):
    return _workshop(sessions, "Leeds", "2027-03-01", LEEDS), _workshop(sessions, "York", "2027-06-01", YORK)


def test_every_tag_and_group_is_a_shift_with_its_n_and_one_a_side_is_too_few(two):
    a, b = (store.load_session(p) for p in two)
    kinds = next(t for t in compare(a, b).tags if t.step == "kinds")
    pairs = {(tag, group): shift for tag, group, shift in kinds.shifts}
    assert len(pairs) == len(kinds.shifts) == 8 * 3  # every tag of the set, for every group
    assert {(s.n_before, s.n_after) for (_, g), s in pairs.items() if g == "funders"} == {(1, 1)}
    assert {(s.n_before, s.n_after) for (_, g), s in pairs.items() if g != "funders"} == {(4, 4)}
    # Community's relational / trust stayed at 1 of 4; public sector's went from 1 to 2
    # of 4; community's wellbeing from 2 of 4 to none.
    assert pairs[("relational / trust", "community")].change == 0
    assert pairs[("relational / trust", "public sector")].change == pytest.approx(0.25)
    assert pairs[("wellbeing / personal", "community")].change == pytest.approx(-0.5)
    # One answer a side: marked, and after every shift that can be compared.
    assert all(s.too_few for (_, g), s in pairs.items() if g == "funders")
    assert [g for _, g, _ in kinds.shifts[-8:]] == ["funders"] * 8
    assert kinds.shifts[0][:2] == ("wellbeing / personal", "community")


def test_the_command_lists_or_counts_every_shift_and_all_lists_them(two, cli):
    a, b = two
    out = cli("--plain", "compare", str(a), str(b)).stdout
    section = out[out.index("What kind of value is each of these?") :]
    section = section[: section.index("\n\n")]
    assert "+16 more shifts (compare --all lists them)" in section
    assert "| funders" not in section  # too few: never among the first listed
    assert "wellbeing /" in section and "50% (2 of 4)" in section and "−50 pts" in section
    every = cli("--plain", "compare", "--all", str(a), str(b)).stdout
    section = every[every.index("What kind of value is each of these?") :]
    section = section[: section.index("\n\n")]
    assert "more shifts" not in section and "smaller shifts" not in section
    rows = [line for line in section.splitlines() if "% (" in line]
    assert len(rows) == 24
    funders = [line for line in rows if "| funders" in line]
    assert len(funders) == 8 and all("too few to" in line for line in funders)
    assert all("(0 of 1)" in line or "(1 of 1)" in line for line in funders)
    assert any(line.lstrip().startswith("relational /") and "| community" in line for line in rows)


def test_choices_dots_on_answers_that_came_up_again_and_terms_are_compared(two, cli):
    a, b = (store.load_session(p) for p in two)
    c = compare(a, b)
    (choice,) = c.choices
    shifts = {(option, who): s for option, who, s in choice.shifts}
    funders_option = shifts[("funders", "community")]
    assert (funders_option.before, funders_option.after) == (0.75, 1.0)
    assert (funders_option.n_before, funders_option.n_after) == (4, 4)
    assert (shifts[("funders", "everyone")].n_before, shifts[("funders", "everyone")].n_after) == (8, 8)
    assert shifts[("the people we work with", "funders")].too_few
    (votes,) = c.votes
    (again,) = votes.again
    # 4 of the room's 9 people dotted it in Leeds, 5 of 9 in York.
    assert (again.before, again.after) == ("people feel they belong", "people feel they belong somewhere")
    assert (again.dots_before, again.dots_after) == (4, 5)
    assert (again.shift.n_before, again.shift.n_after) == (9, 9)
    assert again.shift.change == pytest.approx(1 / 9, abs=0.001)
    (terms,) = c.terms
    (social,) = terms.again
    assert (social.term, social.differed, social.differs) == ("social value", True, False)
    assert (terms.new, terms.dropped) == (["outcome"], ["impact"])
    out = " ".join(cli("--plain", "compare", str(two[0]), str(two[1])).stdout.split())
    assert "Who do you share evidence of your work with today?" in out and "75% (3 of 4)" in out
    assert "44% (4 of 9), 4 dots" in out and "56% (5 of 9), 5 dots" in out and "+11 pts" in out
    assert "social value: groups differed in Leeds, meanings agree in York" in out
    assert "New in York: outcome" in out and "Not discussed in York: impact" in out
