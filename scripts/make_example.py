"""Rebuilds the example session in sessions/ by typing a short workshop through the
quick-entry grammar (`facilitate add`), so the example always matches the grammar and
the schema. Run from the repository root: python scripts/make_example.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = ROOT / "sessions"
TITLE = "Example: Strength in Numbers, Leeds"
DATE = "2026-10-03"

WORKSHOP = [
    ("measuring", "importance", ["c: 5x4 4x3 3 2", "p: 4 3x3", "f: 5 4"]),
    (
        "measuring",
        "today",
        [
            "c: How many people come through the door each week",
            "c: Stories from families, when we have time to write them up",
            "p: KPIs in the contract: referrals, waiting times, completions",
            "f: Outputs against the grant plan",
            "c: Feedback forms after each session",
            "p: Cost per person supported",
        ],
    ),
    (
        "measuring",
        "for-whom",
        [
            "1: funders commissioners",
            "2: funders the people",
            "3: commissioners",
            "4: funders",
            "5: our own",
            "6: commissioners the public",
        ],
    ),
    (
        "measuring",
        "if-nobody-asked",
        [
            "c: Whether people feel less alone a year on",
            "c: Who we are not reaching, and why",
            "p: Whether trust in services grows in the neighbourhood",
            "f: What changed for the organisations we fund, not only for participants",
        ],
    ),
    # Dots by group, so the summary can say where the groups agree as well as differ.
    ("measuring", "priorities", ["c: 1x4 2x3 3x2", "p: 1 2 3x2", "f: 1 3 4x2"]),
    (
        "value",
        "meanings",
        [
            "c: People feel they belong somewhere",
            "p: Fewer people turning up at A&E on a Friday night",
            "p: Money saved for the council, in pounds",
            "c: Young people getting their first job",
            "f: Money that goes further because volunteers give their time",
            "c: The park is cleaner and people use it again",
            "Services that talk to each other",
        ],
    ),
    (
        "value",
        "kinds",
        [
            "1: social well",
            "2: public-cost",
            "3: public-cost financial",
            "4: economic well",
            "5: financial organisational",
            "6: environmental social",
            "7: relational",
        ],
    ),
    (
        "value",
        "words",
        [
            "c: social value = the whole reason we exist",
            "p: social value = what a supplier adds on top of the contract",
            "f: social value = a pound figure, sometimes an SROI ratio",
            "c: impact = a lasting change in someone's life",
            "p: impact = savings and KPIs we can report upwards",
            "c: evidence = what people tell us, in their own words",
            "f: evidence = something we could show a board, ideally with a comparison group",
            "c: value for money = being cheapest, which we can never be",
            "p: value for money = economy, efficiency and effectiveness together",
        ],
    ),
    ("value", "adopt", ["c: 7x5 1x3 4x2", "p: 7x3 2x2", "f: 7x2 1"]),
    ("sharing", "share-with", ["c: 1x8 3x3 5x4", "p: 1x2 4x3", "f: 5x2 6"]),
    (
        "sharing",
        "barriers",
        [
            "c: Nobody has time to write it up properly",
            "c: Each funder wants a different form",
            "p: Worried about what we are allowed to publish about individuals",
            "c: If the numbers look bad we might lose the grant",
            "f: We never asked grantees to share beyond us",
            "Nowhere obvious to put it",
        ],
    ),
    (
        "sharing",
        "barrier-kinds",
        ["1: capacity", "2: funder no shared", "3: data", "4: fear trust", "5: trust funder", "6: nowhere"],
    ),
    (
        "sharing",
        "would-help",
        [
            "c: One shared form that all our funders accept",
            "f: Funders saying out loud that honest bad news is welcome",
            "p: A city-wide page where anyone can publish what they learned",
            "c: Time paid for in the grant to write things up",
        ],
    ),
    ("sharing", "priorities", ["c: 1x6 2x2 4x4", "p: 1x3 3x2", "f: 1x2 2 3"]),
    (
        "sharing",
        "next",
        [
            "Draft a shared reporting form with three funders; Amira (community forum); end of January",
            "Ask the council about a city-wide learning page; Dev (council); February meeting",
            "Write up today's glossary and send it to everyone; Sam",
        ],
    ),
]
PRIVATE = [("sharing", "barriers", "/private 4")]
# The read-back at the end of the first two exercises, as the room gave it: every answer
# confirmed but one, which its group put in other words. Sharing ran out of time.
READ_BACK = ["measuring", "value"]
AMENDED = ("measuring", "today", 5, "Feedback forms after each session, which hardly anyone fills in")
NOTES = [
    ("measuring", "today", "/note Lots of energy about funder forms; the council officers listened hard."),
    ("value", "words", "/note Social value meant three different things in one room. Worth a longer slot next time."),
]


def facilitate(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "facilitate", "--sessions-dir", str(SESSIONS), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def read_back(path: Path) -> None:
    """Walk the read-back through the engine, as `run` does when the room checks answers."""
    from facilitate import store
    from facilitate.facilitation import Workshop

    workshop = Workshop(store.load_session(path), lambda session: store.save_session(session, path))
    for exercise in READ_BACK:
        for item in workshop.to_read_back(exercise):
            if (item.exercise, item.step, item.number) == AMENDED[:3]:
                workshop.check_answer(item, "amended", AMENDED[3])
            else:
                workshop.check_answer(item, "confirmed")


def main() -> None:
    from facilitate import store

    for old in SESSIONS.glob("*example*.yaml"):
        old.unlink()
    path = Path(
        facilitate(
            "new",
            TITLE,
            "--date",
            DATE,
            "--location",
            "Leeds",
            "--facilitator",
            "Sam",
            "--group",
            "c=community",
            "--group",
            "p=public sector",
            "--group",
            "f=funders",
        ).strip()
    )
    extra = {}
    for exercise, step, line in PRIVATE + NOTES:
        extra.setdefault((exercise, step), []).append(line)
    # Step by step, as the room would: what was said, any /private or /note, then /done.
    for exercise, step, lines in WORKSHOP:
        facilitate("add", path.stem, exercise, step, *lines, *extra.get((exercise, step), []), "/done")

    read_back(path)

    # Move the clock to the workshop morning and stretch the seconds this script took
    # over the two hours the room would, keeping the order of every entry.
    session = store.load_session(path)
    origin = session.created
    start = dt.datetime.fromisoformat(f"{DATE}T10:00:00").astimezone()
    stretch = dt.timedelta(hours=2) / max(session.updated - origin, dt.timedelta(seconds=1))

    def stamp(moment: dt.datetime | None) -> dt.datetime | None:
        if moment is None:
            return None
        return (start + (moment - origin) * stretch).replace(microsecond=0)

    session.created, session.updated = start, stamp(session.updated)
    for exercise in session.exercises:
        exercise.started, exercise.finished = stamp(exercise.started), stamp(exercise.finished)
        for step in exercise.steps:
            for answer in getattr(step, "answers", []):
                answer.at = stamp(answer.at)
    session.headcount = {"community": 12, "public sector": 5, "funders": 3}
    store.save_session(session, path)
    print(path)


if __name__ == "__main__":
    main()
