"""The Summary: figures computed from sessions typed through the grammar."""

from __future__ import annotations

import pytest

from facilitate.figures.rows import entries
from facilitate.figures.session import summarise


def type_lines(workshop, exercise, step, *lines):
    for line in lines:
        workshop.enter(exercise, step, line)


def test_scale_figures_overall_and_per_group(workshop):
    w, _ = workshop
    type_lines(w, "measuring", "importance", "4 5 3", "p: 2 3")
    s = summarise(w.session).step("measuring", "importance")
    assert s.overall.n == 5
    assert s.overall.mean == pytest.approx(3.4)
    assert s.overall.median == 3.0
    assert s.overall.distribution == {1: 0, 2: 1, 3: 2, 4: 1, 5: 1}
    assert list(s.by_group) == ["public sector", "no group"]
    assert s.by_group["public sector"].mean == 2.5
    assert s.by_group["no group"].distribution == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}


def test_answers_ordered_by_votes_with_counts_per_group(workshop):
    w, _ = workshop
    type_lines(w, "value", "meanings", "c: one", "p: two", "c: three", "c: four")
    type_lines(w, "value", "adopt", "3x4", "2 2", "4")
    w.enter("value", "meanings", "/private 2")
    s = summarise(w.session)
    capture = s.step("value", "meanings")
    assert [(a.number, a.votes) for a in capture.answers] == [(3, 4), (2, 2), (4, 1), (1, 0)]
    assert capture.by_group == {"community": 3, "public sector": 1}
    assert capture.private == 1
    # Private answers are counted but their text is gone unless asked for.
    assert capture.answers[1].text is None and capture.answers[1].votes == 2
    assert summarise(w.session, show_private=True).step("value", "meanings").answers[1].text == "two"
    # The vote step's priorities, under that step's own question.
    (adopt,) = s.headline.priorities
    assert adopt.prompt == "Which meanings of value should we adopt together?"
    assert [p.text for p in adopt.priorities] == ["three", None, "four"]


def test_choice_tallies_per_group(workshop):
    w, _ = workshop
    type_lines(w, "sharing", "share-with", "1x3", "c: 1 2", "p: 6")
    s = summarise(w.session).step("sharing", "share-with")
    assert s.totals["funders"] == 4 and s.totals["commissioners"] == 1 and s.totals["the public"] == 1
    assert s.by_group["funders"] == {"no group": 3, "community": 1}
    assert s.groups == ["community", "public sector", "no group"]
    assert s.responses == 6


def test_tag_table_counts_and_shares(workshop):
    w, _ = workshop
    type_lines(w, "value", "meanings", "c: belonging", "c: jobs", "p: savings", "p: cash in the budget")
    type_lines(w, "value", "kinds", "1: social", "2: economic social", "3: public", "4: financial public")
    s = summarise(w.session)
    tags = s.step("value", "kinds")
    assert tags.groups == ["community", "public sector"]
    assert tags.counts["social / community"] == {"community": 2, "public sector": 0}
    assert tags.shares["public-cost saving"] == {"community": 0.0, "public sector": 1.0}
    assert tags.shares["economic"] == {"community": 0.5, "public sector": 0.0}
    assert tags.totals["financial / cash"] == 1
    assert tags.untagged == 0
    # Two answers a group are too few to compare: no gap in the headline.
    assert s.headline.tag_gaps == []
    type_lines(w, "value", "meanings", "c: friends", "p: fewer admissions")
    type_lines(w, "value", "kinds", "5: social", "6: public")
    gap = summarise(w.session).headline.tag_gaps[0]
    assert gap.gap == 1.0 and gap.tag in ("social / community", "public-cost saving")
    # Every gap says how many answers its shares stand on.
    assert (gap.highest_n, gap.lowest_n) == ((3, 3), (0, 3))


def test_glossary_flags_terms_where_groups_differ(workshop):
    w, _ = workshop
    type_lines(
        w,
        "value",
        "words",
        "c: impact = lasting change",
        "p: impact = savings",
        "c: outcome = change for people",
        "p: outcome = Change for people",
        "c: output = what we deliver",
    )
    s = summarise(w.session)
    g = s.step("value", "words")
    assert {t.term: t.differs for t in g.terms} == {"impact": True, "outcome": False, "output": False}
    assert g.not_discussed == ["social value", "value for money", "evidence"]
    assert [t.term for t in s.headline.disputed_terms] == ["impact"]


def test_largest_scale_gap_between_groups(workshop):
    w, _ = workshop
    type_lines(w, "measuring", "importance", "c: 5 5 4", "p: 2 1", "3")
    # Two ratings are too few to compare: no gap yet.
    assert summarise(w.session).headline.scale_gaps == []
    type_lines(w, "measuring", "importance", "p: 1")
    gap = summarise(w.session).headline.scale_gaps[0]
    assert gap.highest == ("community", pytest.approx(4.67, abs=0.01))
    assert gap.lowest == ("public sector", pytest.approx(1.33, abs=0.01))
    assert (gap.highest_n, gap.lowest_n) == (3, 3)


def test_actions_and_notes_only_when_asked(workshop):
    w, _ = workshop
    type_lines(w, "sharing", "next", "share the page; Priya; March", "/note talk to the council first")
    assert summarise(w.session).exercises[2].notes is None
    s = summarise(w.session, with_notes=True)
    assert s.exercises[2].notes == "talk to the council first"
    assert [(a.action, a.owner, a.due) for a in s.step("sharing", "next").actions] == [
        ("share the page", "Priya", "March")
    ]


def test_entries_have_a_row_per_thing_said(workshop):
    w, _ = workshop
    type_lines(w, "measuring", "importance", "4 5")
    type_lines(w, "measuring", "today", "c: attendance", "secret")
    w.enter("measuring", "today", "/private 2")
    type_lines(w, "value", "words", "p: impact = savings")
    type_lines(w, "sharing", "next", "do it; Sam")
    rows = entries(w.session)
    assert [(r["kind"], r["value"], r["text"]) for r in rows] == [
        ("scale", 4, None),
        ("scale", 5, None),
        ("capture", None, "attendance"),
        ("capture", None, "(private answer)"),
        ("glossary", None, "savings"),
        ("actions", None, "do it"),
    ]
    assert rows[4]["term"] == "impact" and rows[5]["owner"] == "Sam"


def test_summary_command_and_its_share_view(cli, workshop):
    w, path = workshop
    type_lines(w, "measuring", "importance", "4 5 3 2 3")
    type_lines(w, "value", "meanings", "c: a private story", "p: public answer")
    w.enter("value", "meanings", "/private 1")
    w.enter("value", "meanings", "/note only for me")
    type_lines(w, "value", "words", "c: impact = change", "p: impact = savings")
    mine = cli("--plain", "summary", str(path))
    assert mine.exit_code == 0, mine.stderr
    out = mine.stdout
    assert "5 responses · average 3.4 · median 3.0" in out
    assert "a private story" in out and "only for me" in out
    assert "Words we use differently" in out and "impact: community: “change”; public sector: “savings”" in out
    shared = cli("--plain", "summary", str(path), "--share").stdout
    assert "a private story" not in shared and "only for me" not in shared
    assert "(private answer)" in shared and "public answer" in shared
    assert "1 private: counted, not quoted" in shared
