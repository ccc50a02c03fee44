"""How long one long line takes to read, so no line holds the session's lock for long.

Run: python bench/grammar.py

A tag line of 800, 1,600 and 3,200 tokens (a 6 KB line), and a scale line of as many
ratings, parsed against a session of the built-in exercises. Linear time shows as the
time doubling with the tokens; the budget is well under a second for 3,200 tokens.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time


def main() -> None:
    from facilitate import entry
    from facilitate.exercises import library
    from facilitate.facilitation import Workshop
    from facilitate.model import Answer, now
    from facilitate.planning import plan_session

    session = plan_session(
        "Bench",
        dt.date(2027, 7, 10),
        [library()["measuring"].definition],
        [("c", "community"), ("p", "public sector")],
        set(),
    )
    today = session.exercise("measuring").step("today")
    today.answers = [Answer(id=f"a{i}", text=f"answer {i}", at=now()) for i in range(1, 11)]
    workshop = Workshop(session, save=lambda _: None)
    tags = workshop.context("measuring", "for-whom")
    scale = workshop.context("measuring", "importance")
    words = ["funders", "commiss", "the public", "own"]
    print(f"{'tokens':>8} {'tag line ms':>12} {'scale line ms':>14}")
    for tokens in (800, 1600, 3200):
        tag_line = "3: " + " ".join((words * tokens)[:tokens])
        scale_line = " ".join(["4", "3x2", "5"] * (tokens // 3))
        timings = []
        for line, ctx in ((tag_line, tags), (scale_line, scale)):
            samples = []
            for _ in range(5):
                start = time.perf_counter()
                entry.parse(ctx, line)
                samples.append(time.perf_counter() - start)
            timings.append(statistics.median(samples) * 1000)
        print(f"{tokens:>8} {timings[0]:>12.1f} {timings[1]:>14.1f}")


if __name__ == "__main__":
    main()
