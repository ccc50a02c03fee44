"""The dialogue with the room: the `Room` a walk talks to, the walk through the agenda,
the read-back of an exercise's answers, and each step's loop of lines.

The engine (facilitation.py) applies a line and saves it; this module decides what
comes next and tells the room. `add` enters its lines through `answer` too, so an
outcome is handled in one place. No terminal library is imported here: the terminal
room lives in ui/, and tests pass a scripted one.
"""

from __future__ import annotations

from typing import Protocol

from facilitate.errors import EntryRefused, FacilitateError, SaveFailed, SessionChanged, quoted
from facilitate.facilitation import Outcome, ReadBack, Workshop
from facilitate.kinds.base import StepContext
from facilitate.model import ExerciseRun


class Room(Protocol):
    """How the engine talks to the room. The terminal layer and the tests implement it."""

    def open_exercise(self, workshop: Workshop, exercise: ExerciseRun) -> None: ...

    def open_step(self, workshop: Workshop, ctx: StepContext) -> None: ...

    def read_line(self, workshop: Workshop, ctx: StepContext, refusal: str | None, draft: str) -> str: ...

    def say(self, message: str, public: str | None = None) -> None: ...

    def show(self, what: str, workshop: Workshop, ctx: StepContext) -> None: ...

    def aside(self, message: str) -> None:
        """A line for the facilitator's window only, never the projector."""
        ...

    def offer_readback(self, workshop: Workshop, exercise: ExerciseRun, waiting: int) -> bool:
        """At the end of an exercise: read its `waiting` unchecked answers back? One key declines."""
        ...

    def read_back(self, workshop: Workshop, item: ReadBack) -> str:
        """Show one answer being read back; the room's word on it: "confirm", "amend",
        "withdraw", or "stop" to end the read-back here."""
        ...

    def new_wording(self, workshop: Workshop, item: ReadBack) -> str:
        """The amended wording of the answer being read back ("" keeps it as it is)."""
        ...

    def finished(self, workshop: Workshop) -> None: ...


def walk(workshop: Workshop, room: Room, exercise_id: str | None = None) -> None:
    """Lead the room from the first unfinished step (or the start of `exercise_id`) to
    the end of the agenda. Returns when the agenda is done; KeyboardInterrupt (Ctrl-C)
    and EOFError (Ctrl-D, /quit) pass up with everything already saved."""
    try:
        _walk(workshop, room, exercise_id)
    except SessionChanged:
        raise  # the file is another program's now: nothing more is written to it or beside it
    except BaseException:
        _leave(workshop, room)
        raise
    _leave(workshop, room)


def _leave(workshop: Workshop, room: Room) -> None:
    """End the exercise's visit as the walk stops, however it stops, so its timer does
    not count the time until the next run. If that cannot be saved, the next run ends
    the visit at the last save instead: nothing typed depends on it."""
    try:
        workshop.leave()
    except FacilitateError as exc:
        room.aside(f"The time spent in this exercise was not saved: {exc}")


def _walk(workshop: Workshop, room: Room, exercise_id: str | None) -> None:
    positions = workshop.positions()
    index = workshop.resume_point(exercise_id)
    opened: str | None = None
    while index < len(positions):
        exercise_id_now, step_id = positions[index]
        ctx = workshop.context(exercise_id_now, step_id)
        if opened != exercise_id_now:
            room.open_exercise(workshop, ctx.exercise)
            opened = exercise_id_now
        try:
            workshop.start_step(exercise_id_now, step_id)
            unsaved = None
        except SaveFailed as exc:
            # Only the step's "doing" mark was lost; the first line saved sets it again.
            unsaved = f"{exc.reason.capitalize()}, so nothing can be saved yet (the session file is unchanged)."
        room.open_step(workshop, ctx)
        move = _walk_step(workshop, room, ctx, unsaved)
        if move == "back":
            index = max(0, index - 1)
        else:
            index += 1
            ending = index == len(positions) or positions[index][0] != exercise_id_now
            waiting = len(workshop.to_read_back(exercise_id_now)) if ending else 0
            # Before the room moves on, it may check what was written down of it.
            if waiting and room.offer_readback(workshop, ctx.exercise, waiting):
                read_back(workshop, room, exercise_id_now)
    room.finished(workshop)


def read_back(workshop: Workshop, room: Room, exercise_id: str) -> None:
    """Read an exercise's unchecked answers back to the room, one by one: it confirms,
    amends or withdraws each, and each word is saved before the next answer is shown,
    so a Ctrl-C loses nothing the room has said."""
    items = workshop.to_read_back(exercise_id)
    if not items:
        if workshop.readback_stopped == exercise_id:
            workshop.readback_stopped = None
        room.say("Every answer of this exercise has been checked with the room.")
        return
    at = workshop.session.at
    if workshop.readback_stopped == exercise_id and at is not None and at.exercise != exercise_id:
        # Going on from a later exercise: the room is told first which answers these are.
        title = workshop.session.exercise(exercise_id).definition.title
        room.say(f"Going on with the read-back of “{title}”: {len(items)} still to check.")
    back_to = workshop.session.at
    done = 0
    try:
        for item in items:
            workshop.reading(item)
            while True:
                choice = room.read_back(workshop, item)
                if choice == "stop":
                    workshop.readback_stopped = exercise_id
                    room.say(
                        f"Read-back stopped: {done} of {len(items)} checked; /readback goes on from there, "
                        "in this exercise or a later one."
                    )
                    return
                how = {"confirm": "confirmed", "amend": "amended", "withdraw": "withdrawn"}[choice]
                wording = room.new_wording(workshop, item) if how == "amended" else None
                if how == "amended" and not wording.strip():
                    continue  # no new wording: the room is asked again about the same answer
                try:
                    outcome = workshop.check_answer(item, how, wording)
                except SessionChanged:
                    raise
                except FacilitateError as exc:
                    room.say(f"Not saved: {exc}")
                    continue
                room.say(outcome.message, outcome.public)
                done += 1
                break
        if workshop.readback_stopped == exercise_id:
            workshop.readback_stopped = None
        room.say(f"Read-back done: {done} of {len(items)} answers checked with the room.")
    finally:
        try:
            workshop.reading(None, back_to)
        except FacilitateError:
            pass  # only where the projector looks is lost; the next step opened sets it


def _walk_step(workshop: Workshop, room: Room, ctx: StepContext, refusal: str | None = None) -> str:
    draft = ""
    while True:
        line = room.read_line(workshop, ctx, refusal, draft)
        try:
            outcome = workshop.enter(ctx.exercise.id, ctx.definition.id, line)
        except SessionChanged:
            raise  # the file changed under us: every further save would be refused too
        except FacilitateError as exc:
            # A refused line, or a save that failed (a full disk): either way nothing
            # changed, and the line comes back to be corrected or tried again.
            refusal, draft = str(exc), line
            continue
        refusal, draft = None, ""
        answer(workshop, room, ctx, outcome)
        if outcome.move == "next":
            if ctx.record.status not in ("done", "skipped"):
                try:
                    workshop.finish_step(ctx.exercise.id, ctx.definition.id, "done")
                except SaveFailed as exc:
                    # Nothing typed is at stake, only the step's end: stay on the step.
                    refusal = (
                        f"{exc.reason.capitalize()}, so the end of this step was not saved (the session "
                        "file is unchanged). Free some space, then press Enter on an empty line again."
                    )
                    continue
            return "next"
        if outcome.move == "back":
            return "back"
        if outcome.move == "quit":
            # The end of the facilitator's input, as Ctrl-D is: everything is saved.
            raise EOFError("/quit")


def answer(workshop: Workshop, room: Room, ctx: StepContext, outcome: Outcome, in_the_room: bool = True) -> None:
    """What the room is told of a line taken, and the view it asked for: the one place
    an outcome is handled, for `run` and for `add` alike. Without the room there
    (`add`), a read-back cannot happen, so it is refused."""
    if outcome.message:
        room.say(outcome.message, outcome.public)
    if outcome.aside:
        room.aside(outcome.aside)
    if outcome.show == "readback":
        if not in_the_room:
            raise FacilitateError("/readback only works in `facilitate run`, with the room there to check each answer.")
        read_back(workshop, room, workshop.readback_due(ctx.exercise.id))
    elif outcome.show:
        room.show(outcome.show, workshop, ctx)


def enter_lines(workshop: Workshop, room: Room, exercise_id: str, step_id: str, lines: list[str]) -> None:
    """`add`: lines typed into one step without the walk, each saved before the next,
    through the same handling as a line typed in `run`. The first line refused stops
    the rest, saying which lines were saved; what only the walk can do (/back, /time,
    /readback) is refused in a sentence."""
    workshop.context(exercise_id, step_id)  # an unknown exercise or step is refused before any line
    for number, line in enumerate(lines, 1):
        try:
            outcome = workshop.enter(exercise_id, step_id, line)
        except EntryRefused as exc:
            where = f"Line {number} ({quoted(line)})" if len(lines) > 1 else quoted(line)
            saved = {1: " Nothing was saved.", 2: " Line 1 was saved."}.get(
                number, f" Lines 1 to {number - 1} were saved."
            )
            raise FacilitateError(f"{where} not saved. {exc}{saved}") from None
        if outcome.move == "back":
            raise FacilitateError("/back only works in `facilitate run`.")
        if outcome.move == "quit":
            raise FacilitateError("/quit only works in `facilitate run`; `add` stops at its last line.")
        if outcome.move == "next" and not outcome.saved:
            workshop.finish_step(exercise_id, step_id, "done")
            outcome.message = f"Step {step_id!r} done."
        answer(workshop, room, workshop.context(exercise_id, step_id), outcome, in_the_room=False)
