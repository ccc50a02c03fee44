"""Agreement across the declared groups: a crafted session whose supports per group
were worked out by hand, the bridging scores and their order, groups too few to
compare, and the rewritten headline on screen and in every report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from helpers import docx_text, export, html_text

from facilitate import store
from facilitate.exercises import library
from facilitate.facilitation import Workshop, save_to
from facilitate.figures.agreement import HIGH, bridging, smoothed, support
from facilitate.figures.session import summarise
from facilitate.kinds.shapes import ENOUGH
from facilitate.planning import plan_session

# community has 4 people, public sector 3, funders 2: funders are always too few.
LINES = [
    # 1 to 5: "support" is a rating of 4 or 5.
    ("measuring", "importance", ["c: 5 5 4 2", "p: 4 4 3", "f: 5 5"]),
    # Seven answers: three from community, three from public sector, one from funders.
    ("measuring", "today", ["c: a", "c: b", "c: c", "p: d", "p: e", "p: f", "f: g"]),
    ("measuring", "for-whom", ["1: funders", "2: funders", "3: commissioners", "4: funders"]),
    ("measuring", "for-whom", ["5: commissioners", "6: commissioners", "7: funders"]),
    ("measuring", "if-nobody-asked", ["c: confidence", "p: trust", "f: money"]),
    ("measuring", "priorities", ["c: 1x6 2x3", "p: 1x4 2x5", "f: 3x2"]),
    # Several may be chosen: each group's headcount is what hands are a share of.
    ("sharing", "share-with", ["c: 1x4 3", "p: 1x3 3x3", "f: 1x2"]),
    ("sharing", "would-help", ["c: one shared form"]),
    ("sharing", "priorities", ["1x2"]),
]


@pytest.fixture
def crafted(sessions):
    session = plan_session(
        "Common ground",
        dt.date(2027, 7, 10),
        [library()[e].definition for e in ("measuring", "sharing")],
        [("c", "community"), ("p", "public sector"), ("f", "funders")],
        set(),
        location="Leeds",
        headcount={"community": 4, "public sector": 3, "funders": 2},
    )
    path = sessions / f"{session.id}.yaml"
    store.save_session(session, path)
    w = Workshop(session, save_to(path))
    for exercise, step, lines in LINES:
        for line in lines:
            w.enter(exercise, step, line)
    return path


def test_support_is_smoothed_with_one_yes_and_one_no():
    assert smoothed(0, 0) == 0.5
    assert smoothed(1, 1) == pytest.approx(2 / 3)
    assert smoothed(3, 4) == pytest.approx(4 / 6)
    assert support("x", 2, 2).enough is False and ENOUGH == 3
    # The lowest comparable group sets the score; a lone group has no bridge to make.
    assert bridging([support("a", 3, 3), support("b", 0, 3)]) == pytest.approx(0.2)
    assert bridging([support("a", 3, 3), support("b", 2, 2)]) is None


def test_the_crafted_session_gives_the_bridging_scores_worked_out_by_hand(crafted):
    s = summarise(store.load_session(crafted))
    scores = {(i.step, i.text, i.number): i.score for i in s.agreement}
    # importance: community 3 of 4 at 4 or 5 -> 4/6; public sector 2 of 3 -> 3/5.
    assert scores[("importance", "rated 4 or higher", None)] == pytest.approx(3 / 5)
    # share-with, funders: community 4 of 4 -> 5/6; public sector 3 of 3 -> 4/5.
    assert scores[("share-with", "funders", None)] == pytest.approx(4 / 5)
    # share-with, the people we work with: community 1 of 4 -> 2/6; public sector 3 of 3.
    assert scores[("share-with", "the people we work with", None)] == pytest.approx(1 / 3)
    # for-whom, funders: community 2 of 3 answers -> 3/5; public sector 1 of 3 -> 2/5.
    assert scores[("for-whom", "funders", None)] == pytest.approx(2 / 5)
    # priorities, dots read as people: community (4 people) put 6 dots on answer 1, so
    # at least 6 people stand behind its figure: 6 of 6 -> 7/8; public sector (3 people)
    # put 5 on answer 2, so 5: answer 1 has 4 of 5 -> 5/7.
    assert scores[("priorities", "confidence", 1)] == pytest.approx(5 / 7)
    # answer 2: community 3 of 6 -> 4/8; public sector 5 of 5 -> 6/7.
    assert scores[("priorities", "trust", 2)] == pytest.approx(4 / 8)
    # The order, best bridged first: the chosen audience, answer 1, then the rating.
    ranked = sorted((i for i in s.agreement if i.score is not None), key=lambda i: -i.score)
    assert [(i.step, i.text) for i in ranked[:3]] == [
        ("share-with", "funders"),
        ("priorities", "confidence"),
        ("importance", "rated 4 or higher"),
    ]
    # Only items at or above HIGH reach "Where the groups agree", in that order.
    assert HIGH == 0.5
    assert [(i.step, i.text) for i in s.headline.agreements] == [
        ("share-with", "funders"),
        ("priorities", "confidence"),
        ("importance", "rated 4 or higher"),
        ("priorities", "trust"),
    ]


def test_a_group_of_two_is_too_few_to_compare_and_makes_no_gap(crafted):
    s = summarise(store.load_session(crafted))
    rating = next(i for i in s.agreement if i.step == "importance")
    funders = next(x for x in rating.supports if x.group == "funders")
    assert (funders.k, funders.n, funders.enough) == (2, 2, False)
    assert rating.too_few == ["funders"]
    # Funders averaged 5 from two ratings: the largest gap, but too few to be one.
    (gap,) = s.headline.scale_gaps
    assert (gap.highest[0], gap.lowest[0]) == ("community", "public sector")
    assert (gap.highest_n, gap.lowest_n) == (4, 3)
    assert all("funders" not in (g.highest[0], g.lowest[0]) for g in s.headline.tag_gaps)


def test_a_tag_on_one_answer_never_makes_a_hundred_percent_in_the_headline(crafted, cli):
    s = summarise(store.load_session(crafted))
    # The funders' one answer is tagged "funders": 1 of 1, which the headline never shows.
    assert s.step("measuring", "for-whom").shares["funders"]["funders"] == 1.0
    gaps = [(g.tag, g.highest, g.lowest) for g in s.headline.tag_gaps]
    assert all(g[1][1] < 1.0 for g in gaps), gaps
    screen = cli("--plain", "summary", str(crafted)).stdout
    reports = [screen, export(cli, crafted, "md").decode(), html_text(export(cli, crafted, "html"))]
    for report in reports:
        differ = report[report.index("Where they differ") : report.index("How far the groups agree")]
        assert "Tagged “funders”" in differ or 'Tagged "funders"' in differ  # the gap is there...
        assert "100%" not in differ  # ...between groups with three answers each
        assert "1 of 1" not in report[: report.index("How far the groups agree")]


def test_each_vote_step_keeps_its_priorities_under_its_own_question(crafted):
    s = summarise(store.load_session(crafted))
    assert [(p.step, p.prompt) for p in s.headline.priorities] == [
        ("priorities", "Which of these would make the most difference if we measured them?"),
        ("priorities", "Which of these should we do first?"),
    ]
    first, second = s.headline.priorities
    assert [(p.text, p.votes, p.dots_by_group) for p in first.priorities] == [
        ("confidence", 10, {"community": 6, "public sector": 4}),
        ("trust", 8, {"community": 3, "public sector": 5}),
        ("money", 2, {"funders": 2}),
    ]
    assert [(p.text, p.votes) for p in second.priorities] == [("one shared form", 2)]


AGREE = (
    "funders, “Who do you share evidence of your work with today?”: community 100% (4 of 4 people), "
    "public sector 100% (3 of 3 people), funders: too few to compare (2 people); bridging 0.80"
)


def unboxed(out: str) -> str:
    """The screen's words in one line, without the headline box's side borders."""
    return " ".join(" ".join(line.strip().strip("|").split()) for line in out.splitlines())


def test_the_summary_on_screen_leads_with_where_the_groups_agree(crafted, cli):
    screen = unboxed(cli("--plain", "summary", str(crafted)).stdout)
    order = [screen.index(h) for h in ("Where the groups agree", "Priorities: “Which of", "Where they differ")]
    assert order == sorted(order)
    assert " ".join(AGREE.split()) in screen
    assert "confidence (answer 1; community, 10 dots (community 6, public sector 4))" in screen
    assert "How far the groups agree" in screen
    shared = unboxed(cli("--plain", "summary", "--share", str(crafted)).stdout)
    assert "bridging 0.80" in shared and "too few to compare" in shared


def test_every_report_carries_the_agreement_figures(crafted, cli):
    md = " ".join(export(cli, crafted, "md").decode().split())
    assert "Where the groups agree" in md and "bridging 0.80" in md
    assert md.index("Where the groups agree") < md.index("Where they differ")
    assert "too few to compare" in md
    # The vote's own ranking gives the dots each group put on an answer.
    assert "- 1\\. confidence (10 dots (community 6, public sector 4))" in md
    html = " ".join(html_text(export(cli, crafted, "html")).split())
    assert "Where the groups agree" in html and "bridging 0.80" in html and "too few to compare" in html
    docx = " ".join(docx_text(export(cli, crafted, "docx")).split())
    assert "Where the groups agree" in docx and "bridging 0.80" in docx and "too few to compare" in docx
    assert "1. confidence (10 dots (community 6, public sector 4))" in docx
    data = json.loads(export(cli, crafted, "json"))
    agreed = data["summary"]["headline"]["agreements"][0]
    assert agreed["text"] == "funders" and agreed["score"] == pytest.approx(0.8)
    assert [(x["group"], x["k"], x["n"], x["enough"]) for x in agreed["supports"]] == [
        ("community", 4, 4, True),
        ("public sector", 3, 3, True),
        ("funders", 2, 2, False),
    ]
    assert len(data["summary"]["agreement"]) == len(summarise(store.load_session(crafted)).agreement)
    rows = list(csv.DictReader(io.StringIO(export(cli, crafted, "csv").decode("utf-8-sig"))))
    support_rows = [r for r in rows if r["kind"] == "agreement"]
    funders = [r for r in support_rows if r["step"] == "share-with" and r["text"] == "funders"]
    # Support is a number a spreadsheet can sort, with the k of n it stands on beside it.
    assert [(r["group"], r["support"], r["k"], r["n"], r["bridging"]) for r in funders] == [
        ("community", "1", "4", "4", "0.80"),
        ("public sector", "1", "3", "3", "0.80"),
        ("funders", "1", "2", "2", "0.80"),
    ]
    # The rows of what was said keep their columns, the agreement ones empty.
    assert all(r["support"] == "" for r in rows if r["kind"] != "agreement")
