"""Time spent on an exercise and time left in its timebox: one reading for the
facilitator's toolbar, `/time` and both projectors, so they never disagree.

Minutes are whole and count only the time `run` spent in the exercise: a facilitator
who leaves it for another and comes back (`run -e`) does not find the other's minutes
added. A start that lies in the future (a clock put back) counts as none spent rather
than as time gained.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facilitate.model import now

if TYPE_CHECKING:
    from facilitate.model import ExerciseRun


@dataclass
class Timer:
    spent: int
    planned: int

    @property
    def left(self) -> int:
        """Minutes left in the timebox; negative when over time."""
        return self.planned - self.spent

    @property
    def overtime(self) -> bool:
        return self.left < 0

    @property
    def text(self) -> str:
        if self.overtime:
            return f"{self.spent} of {self.planned} min · overtime by {-self.left} min"
        return f"{self.spent} of {self.planned} min · {self.left} min left"


def seconds_spent(exercise: ExerciseRun, at: dt.datetime | None = None) -> float:
    """Seconds the room has spent in the exercise by `at`: its earlier visits and the
    one under way. A file written before visits were kept counts from `started`."""
    at = at or now()
    if exercise.seconds_before is None:
        if exercise.started is None:
            return 0.0
        return max(0.0, (at - exercise.started).total_seconds())
    under_way = max(0.0, (at - exercise.resumed).total_seconds()) if exercise.resumed else 0.0
    return exercise.seconds_before + under_way


def timer(exercise: ExerciseRun, at: dt.datetime | None = None) -> Timer:
    """The exercise's timer at `at` (default: now)."""
    return Timer(int(seconds_spent(exercise, at) // 60), exercise.definition.minutes)
