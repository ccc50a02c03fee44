"""Each exercise's timer counts only the time the walk spent in it: leaving for another
exercise, stopping `run` and coming back (`run -e`) never adds the minutes spent
elsewhere. Driven through the walk with a scripted room and a fake clock, and read back
from the session file."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import new_session
from helpers import ScriptedRoom

from facilitate import facilitation, store
from facilitate.facilitation import Workshop, save_to
from facilitate.figures import timer as timers
from facilitate.walk import walk

START = dt.datetime(2027, 6, 12, 10, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> dt.datetime:
        return self.at

    def wait(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(facilitation, "now", fake)
    monkeypatch.setattr(timers, "now", fake)
    return fake


class TimedRoom(ScriptedRoom):
    """Types each line after `seconds` have passed, and notes each exercise's timer as
    the room's toolbar would read it when a line is asked for."""

    def __init__(self, lines: list[str], clock: Clock, seconds: float) -> None:
        super().__init__(lines)
        self.clock, self.seconds = clock, seconds
        self.timers: list[str] = []

    def read_line(self, workshop, ctx, refusal, draft) -> str:
        self.timers.append(timers.timer(ctx.exercise).text)
        if self.lines:
            self.clock.wait(self.seconds)
        return super().read_line(workshop, ctx, refusal, draft)


def run(path, clock: Clock, lines: list[str], seconds: float, exercise: str | None = None) -> TimedRoom:
    """One `run` of the session file: load, walk until the lines run out (Ctrl-C)."""
    workshop = Workshop(store.load_session(path), save_to(path))
    room = TimedRoom(lines, clock, seconds)
    with pytest.raises(KeyboardInterrupt):
        walk(workshop, room, exercise)
    return room


def kept(path, exercise_id: str):
    return store.load_session(path).exercise(exercise_id)


def test_coming_back_to_an_exercise_counts_only_the_time_spent_in_it(sessions, clock):
    session, path = new_session(sessions)
    # 90 seconds in measuring: three lines of ratings, thirty seconds apart.
    room = run(path, clock, ["c: 4 5", "p: 3", "c: 5"], 30)
    assert room.refusals == []
    assert kept(path, "measuring").seconds_before == 90 and kept(path, "measuring").resumed is None
    clock.wait(10 * 60)  # lunch, with the tool closed
    # Four minutes in value, reached with run -e.
    room = run(path, clock, ["c: social value", "p: cash value", "c: trust"], 80, exercise="value")
    assert room.refusals == []
    assert kept(path, "value").seconds_before == 240
    clock.wait(5 * 60)
    # Back to measuring: its timer reads the minute and a half spent in it, not 20 minutes.
    back = run(path, clock, [], 0, exercise="measuring")
    planned = session.exercise("measuring").definition.minutes
    assert back.timers[0] == f"1 of {planned} min · {planned - 1} min left"
    assert kept(path, "measuring").seconds_before == 90
    assert kept(path, "value").seconds_before == 240


def test_moving_on_in_the_walk_stops_the_last_exercise_s_timer(sessions, clock):
    session, path = new_session(sessions)
    steps = len(session.exercise("measuring").definition.steps)
    # A rating, then /done through the steps of measuring, a minute apart; then a line in value.
    lines = ["c: 4"] + ["/done"] * steps + ["c: social value"]
    room = run(path, clock, lines, 60)
    assert room.refusals == []
    measuring, value = kept(path, "measuring"), kept(path, "value")
    # Every line but value's was typed in measuring, a minute apart.
    assert measuring.seconds_before == 60 * (1 + steps)
    assert value.seconds_before == 60
    assert room.timers[-1].startswith("1 of ")


def test_a_run_that_was_killed_ends_its_visit_at_its_last_save(sessions, clock):
    session, path = new_session(sessions)
    workshop = Workshop(store.load_session(path), save_to(path))
    first = workshop.positions()[0]
    workshop.start_step(*first)
    clock.wait(120)
    workshop.enter(*first, "c: 4")  # saved at 2 minutes; then the laptop dies
    assert kept(path, "measuring").resumed is not None
    clock.wait(30 * 60)
    back = run(path, clock, [], 0)
    assert back.timers[0].startswith("2 of ")
    assert kept(path, "measuring").seconds_before == 120


def test_a_file_written_before_visits_were_kept_counts_from_its_start(sessions, clock):
    session, path = new_session(sessions)
    exercise = session.exercise("measuring")
    exercise.started = START
    assert exercise.seconds_before is None
    clock.wait(7 * 60)
    assert timers.timer(exercise).spent == 7
    # And a session file that never had visits does not write them.
    store.save_session(session, path)
    assert "seconds_before" not in path.read_text(encoding="utf-8")
