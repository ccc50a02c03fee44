"""Time spent on an exercise and time left in its timebox: one reading for the
facilitator's toolbar, `/time` and both projectors, so they never disagree.

Minutes are whole and counted from when the exercise started; a start that lies in
the future (a clock put back) counts as none spent rather than as time gained.
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


def timer(exercise: ExerciseRun, at: dt.datetime | None = None) -> Timer:
    """The exercise's timer at `at` (default: now)."""
    if exercise.started is None:
        return Timer(0, exercise.definition.minutes)
    spent = int(((at or now()) - exercise.started).total_seconds() // 60)
    return Timer(max(0, spent), exercise.definition.minutes)
