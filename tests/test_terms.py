"""Words the groups use differently: caught as an answer is typed (from this session's
glossary or the register of the sessions folder), shown side by side with /terms,
and, across workshops, how alike the groups' wordings of a term were at each."""

from __future__ import annotations

import datetime as dt
import json

import pexpect
import pytest
from conftest import new_session
from helpers import spawn

from facilitate import store
from facilitate.exercises import library
from facilitate.facilitation import Workshop, save_to
from facilitate.planning import plan_session

pytestmark = pytest.mark.timeout(240)

FLAG = "uses a word the groups define differently"


def workshop_in(folder, place: str, date: dt.date, glossary: list[str]) -> tuple[str, Workshop]:
    """A value workshop held in `place` whose glossary step holds these lines."""
    session = plan_session(
        f"What value means, {place}",
        date,
        [library()["value"].definition],
        [("c", "community"), ("p", "public sector")],
        {p.stem for p in store.session_files(folder)},
        location=place,
    )
    path = folder / f"{session.id}.yaml"
    store.save_session(session, path)
    workshop = Workshop(session, save_to(path))
    for line in glossary:
        workshop.enter("value", "words", line)
    return session.id, workshop


def test_an_answer_using_a_term_this_session_defines_differently_is_flagged_for_the_facilitator(sessions):
    _, workshop = workshop_in(
        sessions, "Leeds", dt.date(2027, 3, 1), ["c: impact = lasting change", "p: impact = savings"]
    )
    outcome = workshop.enter("value", "meanings", "c: the Impact on families")
    assert outcome.aside == (
        "This answer uses a word the groups define differently: 'impact' (community, public sector). "
        "/terms shows each meaning."
    )
    assert outcome.public is None or "impact" not in (outcome.public or "")
    # A word that merely contains the term, or a term the groups agree on, is not flagged.
    assert workshop.enter("value", "meanings", "c: impactful work").aside is None
    workshop.enter("value", "words", "c: outcome = change")
    workshop.enter("value", "words", "p: outcome = change")
    assert workshop.enter("value", "meanings", "p: the outcome matters").aside is None


def test_typing_a_term_defined_differently_elsewhere_shows_one_line_and_slash_terms_shows_both_meanings(sessions):
    workshop_in(sessions, "Leeds", dt.date(2027, 3, 1), ["c: impact = lasting change", "p: impact = savings"])
    here, _ = workshop_in(sessions, "Birmingham", dt.date(2027, 6, 12), [])
    child = spawn(here, sessions)
    child.send("c: the impact on families\r")
    child.expect("Answer 1 saved")
    child.expect(FLAG)
    child.expect("'impact' \\(community, public sector\\)")
    child.expect("›")
    child.send("/terms\r")
    child.expect("impact")
    child.expect("community: lasting change \\(Leeds, 1 March 2027\\)")
    child.expect("public sector: savings \\(Leeds, 1 March 2027\\)")
    child.expect("›")
    # An answer with no such word says nothing more.
    child.send("c: people feel less alone\r")
    child.expect("Answer 2 saved\\.")
    child.expect("›")
    assert FLAG not in child.before
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


def test_terms_on_the_projector_show_every_groups_meaning_but_never_the_flag(sessions):
    workshop_in(sessions, "Leeds", dt.date(2027, 3, 1), ["c: impact = lasting change", "p: impact = savings"])
    here, _ = workshop_in(sessions, "Birmingham", dt.date(2027, 6, 12), [])
    from helpers import start

    child = start(sessions, "run", here, "--plain", "--present")
    child.expect("›")
    child.send("c: the impact on families\r")
    child.expect("Answer 1 saved")
    child.expect("›")
    assert FLAG not in child.before
    child.send("/terms\r")
    child.expect("public sector: savings")
    assert "community: lasting change" in child.before
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


def token_set_by_hand(a: str, b: str) -> float:
    """The token-set ratio for two wordings with no word in common, from its definition:
    the indel similarity of their sorted words, 100 × (1 − (len a + len b − 2 × LCS) /
    (len a + len b)), where LCS is the longest common subsequence of characters."""
    a, b = " ".join(sorted(a.lower().split())), " ".join(sorted(b.lower().split()))
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    lcs = table[-1][-1]
    return 100 * (1 - (len(a) + len(b) - 2 * lcs) / (len(a) + len(b)))


def test_the_register_shows_how_alike_the_groups_meanings_were_at_each_workshop(sessions, cli):
    # Leeds: no word in common ("change lasting" and "budget" share g, e, t in order: LCS 3).
    workshop_in(sessions, "Leeds", dt.date(2027, 3, 1), ["c: impact = lasting change", "p: impact = budget"])
    # Birmingham: one group's words are all in the other's, so the token-set ratio is 100.
    workshop_in(
        sessions,
        "Birmingham",
        dt.date(2027, 6, 12),
        ["c: impact = lasting change", "p: impact = lasting change for the area", "c: value = money"],
    )
    leeds = token_set_by_hand("lasting change", "budget")
    assert leeds == pytest.approx(30.0)  # 100 × (1 − (14 + 6 − 6) / 20)
    expected = f"Leeds, 1 March 2027: {leeds:.1f} (1 pair); Birmingham, 12 June 2027: 100.0 (1 pair)"

    shown = " ".join(cli("summary", "--all").stdout.split())
    assert f"Alike in wording: {expected}" in shown
    assert "mean token-set ratio (0 to 100) between every two meanings given by different groups" in shown
    assert "It compares wording, not understanding" in shown
    markdown = cli("export", "--all", "--format", "md", "-o", "-").stdout
    assert f"Alike in wording: {expected}" in markdown
    assert "It compares wording, not understanding" in markdown
    data = json.loads(cli("export", "--all", "--format", "json", "-o", "-").stdout)
    impact = next(t for t in data["summary"]["register"] if t["term"] == "impact")
    assert [(x["location"], x["score"], x["pairs"]) for x in impact["likeness"]] == [
        ("Leeds", pytest.approx(leeds), 1),
        ("Birmingham", pytest.approx(100.0), 1),
    ]
    # One group alone gives no figure: "value" was defined by the community only.
    value = next(t for t in data["summary"]["register"] if t["term"] == "value")
    assert value["likeness"] == []
    placed = cli("summary", "--location", "Leeds").stdout
    assert f"Leeds, 1 March 2027: {leeds:.1f} (1 pair)" in " ".join(placed.split())


def test_the_walk_hands_the_flag_to_the_facilitators_window_only(sessions):
    from helpers import ScriptedRoom

    from facilitate.walk import walk

    _, workshop = workshop_in(sessions, "Leeds", dt.date(2027, 3, 1), [])
    workshop.register = [("impact", "community", "lasting change", "Hull, 1 May 2027")]
    workshop.register.append(("Impact", "public sector", "savings", "Hull, 1 May 2027"))
    room = ScriptedRoom(["p: what impact means to us", "c: belonging", "/terms"])
    with pytest.raises(KeyboardInterrupt):
        walk(workshop, room)
    assert room.asides == [
        "This answer uses a word the groups define differently: 'impact' (community, public sector). "
        "/terms shows each meaning."
    ]
    assert not any("define differently" in line for line in room.public)
    assert room.shown == ["terms"]
    (term,) = workshop.shared_terms()
    assert [(m.group, m.meaning, m.where) for m in term.meanings] == [
        ("community", "lasting change", "Hull, 1 May 2027"),
        ("public sector", "savings", "Hull, 1 May 2027"),
    ]


def test_terms_reach_the_projector_that_follows_the_file_until_the_next_line(sessions):
    """`/terms` in `run` puts every group's meaning on the follower (terminal and page),
    which only reads the session file; the next line takes them off."""
    import io

    from rich.console import Console

    from facilitate import store
    from facilitate.facilitation import Workshop, save_to
    from facilitate.follow import SessionWatch
    from facilitate.public import public_view
    from facilitate.ui.present import projector_view
    from facilitate.ui.web import view_html

    _, path = new_session(sessions, exercises=("value",))
    w = Workshop(store.load_session(path), save_to(path))
    w.enter("value", "words", "c: impact = a lasting change for a family")
    w.enter("value", "words", "p: impact = savings against our targets")
    w.start_step("value", "meanings")
    w.enter("value", "meanings", "/terms")

    def follower_sees() -> tuple[str, str]:
        view = public_view(store.load_session(path))
        screen = io.StringIO()
        Console(file=screen, width=120, height=40, no_color=True).print(projector_view(view, 120, 37, "", True))
        watch = SessionWatch(path)
        watch.poll()
        return " ".join(screen.getvalue().split()), view_html(watch)[0]

    terminal, page = follower_sees()
    for shown in (terminal, page):
        assert "impact" in shown
        assert "a lasting change for a family" in shown and "savings against our targets" in shown
    w.enter("value", "meanings", "c: people feel less alone")
    terminal, page = follower_sees()
    assert "savings against our targets" not in terminal + page
    assert "people feel less alone" in terminal
    assert store.load_session(path).at.terms is None


def test_terms_on_the_glossary_step_switch_the_projector_to_the_words_used_differently(sessions):
    from facilitate import store
    from facilitate.facilitation import Workshop, save_to
    from facilitate.public import public_view

    _, path = new_session(sessions, exercises=("value",))
    w = Workshop(store.load_session(path), save_to(path))
    w.start_step("value", "words")
    for line in ("c: impact = a lasting change", "p: impact = savings against targets", "c: outcome = what changed"):
        w.enter("value", "words", line)
    own = public_view(store.load_session(path))
    assert [t["term"] for t in own["terms"]] == ["impact", "outcome"]  # the step's own view: its terms
    w.enter("value", "words", "/terms")
    shown = public_view(store.load_session(path))
    # As on any other step: only the words the groups use differently, each group's meaning.
    assert shown["layout"]["name"] == "terms"
    assert [t["term"] for t in shown["terms"]] == ["impact"]
    meanings = " ".join(m["meaning"] for m in shown["terms"][0]["meanings"])
    assert "a lasting change" in meanings and "savings against targets" in meanings
