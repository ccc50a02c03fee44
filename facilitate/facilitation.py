"""The engine: applies typed lines to a session and keeps it saved, step by step.

`Workshop` holds one session in memory, turns each accepted line into a change and
saves before returning, so nothing typed is ever only in memory. `walk` leads the
room through the agenda through a small `Room` interface, so tests can script it and
the terminal layer stays thin. No terminal library is imported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from facilitate import entry
from facilitate.entry import Command, EndStep, StepContext
from facilitate.errors import EntryRefused, FacilitateError, SessionChanged
from facilitate.model import ExerciseRun, Session, StepDefinition, now


def save_to(path: Path) -> Callable[[Session], None]:
    from facilitate.store import save_session

    return lambda session: save_session(session, path)


@dataclass
class Outcome:
    """What a line did: a message for the room, and where the walk goes next."""

    message: str
    saved: bool = False
    move: str | None = None  # "next", "back", or None to stay on the step
    show: str | None = None  # "list", "help" or "time": a view the room asked for


class Workshop:
    """One session being recorded. Every accepted change is on disk before it returns."""

    def __init__(self, session: Session, save: Callable[[Session], None]):
        self.session = session
        self._save = save
        # Per step, what can be taken back: how, and the line that was typed.
        self._history: dict[tuple[str, str], list[tuple[entry.Undo, str]]] = {}
        self.carried: dict[tuple[str, str], list[entry.Carried]] = {}
        # Where the answers offered for /carry come from, as the room would say it.
        self.earlier_label = ""

    # --- where we are ---------------------------------------------------------------

    def context(self, exercise_id: str, step_id: str) -> StepContext:
        exercise = self.session.exercise(exercise_id)
        try:
            definition = exercise.definition.step(step_id)
        except KeyError:
            steps = ", ".join(s.id for s in exercise.definition.steps)
            raise FacilitateError(
                f"Exercise {exercise_id!r} has no step {step_id!r}; its steps are: {steps}."
            ) from None
        return StepContext(self.session, exercise, definition)

    def positions(self) -> list[tuple[str, str]]:
        """Every (exercise, step) of the agenda, in order."""
        return [(e.id, s.id) for e in self.session.exercises for s in e.steps]

    def resume_point(self, exercise_id: str | None = None) -> int:
        """Index into positions() of the first step not done or skipped."""
        positions = self.positions()
        for index, (ex_id, step_id) in enumerate(positions):
            if exercise_id is not None and ex_id != exercise_id:
                continue
            status = self.session.exercise(ex_id).step(step_id).status
            if status in ("todo", "doing"):
                return index
        if exercise_id is not None:
            self.session.exercise(exercise_id)  # refuses an unknown id
            return next(i for i, (ex_id, _) in enumerate(positions) if ex_id == exercise_id)
        return len(positions)

    # --- recording --------------------------------------------------------------------

    def save(self) -> None:
        self.session.updated = now()
        self._save(self.session)

    def enter(self, exercise_id: str, step_id: str, line: str) -> Outcome:
        """Parse and apply one line. A refused line raises EntryRefused and changes nothing."""
        ctx = self.context(exercise_id, step_id)
        parsed = entry.parse(ctx, line)
        if isinstance(parsed, EndStep):
            return Outcome("", move="next")
        if isinstance(parsed, Command):
            return self._command(ctx, parsed)
        message, undo = entry.apply(ctx, parsed)
        self._commit(ctx, undo, remember=line.strip())
        return Outcome(message, saved=True)

    def _commit(self, ctx: StepContext, undo: entry.Undo, remember: str | None) -> None:
        """Save the change just made in memory; if the save fails, take it back so that
        memory agrees with the file, which still holds the old state. `remember` is the
        line to offer to /undo, if it can be taken back."""
        restore_marks = self._mark_started(ctx)

        def undo_all() -> None:
            undo()
            restore_marks()

        try:
            self.save()
        except BaseException:
            undo_all()
            raise
        if remember is not None:
            self._history.setdefault((ctx.exercise.id, ctx.definition.id), []).append((undo_all, remember))

    def _mark_started(self, ctx: StepContext) -> entry.Undo:
        record, exercise, session = ctx.record, ctx.exercise, self.session
        was = (record.status, exercise.started, session.status)
        if record.status == "todo":
            record.status = "doing"
        if exercise.started is None:
            exercise.started = now()
        if session.status == "planned":
            session.status = "running"

        def restore() -> None:
            record.status, exercise.started, session.status = was

        return restore

    def start_step(self, exercise_id: str, step_id: str) -> None:
        """Mark a step `doing` on disk as it opens, so a resumed run comes back to it."""
        ctx = self.context(exercise_id, step_id)
        if ctx.record.status == "doing" and ctx.exercise.started and self.session.status == "running":
            return
        self._commit(ctx, lambda: None, remember=None)

    def finish_step(self, exercise_id: str, step_id: str, status: str = "done") -> None:
        ctx = self.context(exercise_id, step_id)
        record, exercise, session = ctx.record, ctx.exercise, self.session
        was = (record.status, exercise.started, exercise.finished, session.status)
        record.status = status
        exercise.started = exercise.started or now()
        if all(s.status in ("done", "skipped") for s in exercise.steps):
            exercise.finished = exercise.finished or now()
        else:
            exercise.finished = None
        session.status = "finished" if all(e.finished for e in session.exercises) else "running"
        try:
            self.save()
        except BaseException:
            record.status, exercise.started, exercise.finished, session.status = was
            raise

    def _command(self, ctx: StepContext, command: Command) -> Outcome:
        name = command.name
        if name == "undo":
            return self.undo(ctx)
        if name == "note":
            message, undo = entry.add_note(ctx.exercise, command.argument)
            self._commit(ctx, undo, remember=None)
            return Outcome(message, saved=True)
        if name == "private":
            message, undo = entry.mark_private(ctx, command.number)
            self._commit(ctx, undo, remember=f"/private {command.number}")
            return Outcome(message, saved=True)
        if name == "carry":
            return self._carry(ctx, command.number)
        if name == "tick":
            message, undo = entry.mark_done(ctx, command.number)
            self._commit(ctx, undo, remember=f"/tick {command.number}")
            return Outcome(message, saved=True)
        if name == "done":
            self.finish_step(ctx.exercise.id, ctx.definition.id, "done")
            return Outcome(f"Step {ctx.definition.id!r} done.", saved=True, move="next")
        if name == "skip":
            self.finish_step(ctx.exercise.id, ctx.definition.id, "skipped")
            return Outcome(f"Step {ctx.definition.id!r} skipped.", saved=True, move="next")
        if name == "back":
            return Outcome("", move="back")
        return Outcome("", show=name)

    def undo(self, ctx: StepContext) -> Outcome:
        """Take back the last line typed in this step since it was opened; after a
        resume, the newest item of the step's own list."""
        history = self._history.get((ctx.exercise.id, ctx.definition.id))
        if history:
            take_back, line = history[-1]
            snapshot = ctx.exercise.model_copy(deep=True), self.session.status
            take_back()
            try:
                self.save()
            except BaseException:
                # Put the very objects back as they were: later undos hold references.
                self._put_back(ctx, snapshot)
                raise
            history.pop()
            return Outcome(f"Took back: {line}", saved=True)
        snapshot = ctx.exercise.model_copy(deep=True), self.session.status
        message = entry.undo_without_history(ctx)
        try:
            self.save()
        except BaseException:
            self._put_back(ctx, snapshot)
            raise
        return Outcome(message, saved=True)

    def _put_back(self, ctx: StepContext, snapshot: tuple[ExerciseRun, str]) -> None:
        exercise, status = snapshot
        index = self.session.exercises.index(ctx.exercise)
        self.session.exercises[index] = exercise
        self.session.status = status
        # The references held for undo now point at replaced objects; start afresh.
        for key in [k for k in self._history if k[0] == ctx.exercise.id]:
            del self._history[key]

    def _carry(self, ctx: StepContext, number: int) -> Outcome:
        offered = self.carried.get((ctx.exercise.id, ctx.definition.id), [])
        if ctx.definition.kind != "capture":
            raise EntryRefused("/carry brings answers forward into a step that captures answers.")
        if not offered:
            raise EntryRefused("There is nothing from an earlier session to carry into this step.")
        if not 1 <= number <= len(offered):
            raise EntryRefused(f"There is no earlier answer {number}: they go from 1 to {len(offered)}.")
        carried = offered[number - 1]
        message, undo = entry.apply(ctx, entry.AddAnswer(carried.text, carried.group))
        ctx.record.answers[-1].carried_from = carried.source
        self._commit(ctx, undo, remember=f"/carry {number}")
        return Outcome(f"{message} (carried from {carried.source})", saved=True)


def offer_earlier(workshop: Workshop, earlier: Session, per_step: int = 5) -> None:
    """Make the earlier session's most-voted answers available to `/carry`, step by
    step, for a session run `--like` it. Private answers are never offered."""
    groups = {g.name for g in workshop.session.groups}
    for exercise in workshop.session.exercises:
        try:
            before = earlier.exercise(exercise.id)
        except FacilitateError:
            continue
        for step in exercise.steps:
            if step.kind != "capture":
                continue
            try:
                old = before.step(step.id)
            except KeyError:
                continue
            ranked = sorted((a for a in old.answers if not a.private), key=lambda a: -a.votes)[:per_step]
            workshop.earlier_label = f"{earlier.location or earlier.title} ({earlier.date.isoformat()})"
            workshop.carried[(exercise.id, step.id)] = [
                entry.Carried(a.text, a.group if a.group in groups else None, earlier.id, a.votes) for a in ranked
            ]


def open_actions(earlier: Session) -> list:
    """Actions agreed in an earlier session that are not marked done."""
    return [a for e in earlier.exercises for s in e.steps if s.kind == "actions" for a in s.actions if not a.done]


# --- the walk through the agenda --------------------------------------------------------


class Room(Protocol):
    """How the engine talks to the room. The terminal layer and the tests implement it."""

    def open_exercise(self, workshop: Workshop, exercise: ExerciseRun) -> None: ...

    def open_step(self, workshop: Workshop, ctx: StepContext) -> None: ...

    def read_line(self, workshop: Workshop, ctx: StepContext, refusal: str | None, draft: str) -> str: ...

    def say(self, message: str) -> None: ...

    def show(self, what: str, workshop: Workshop, ctx: StepContext) -> None: ...

    def finished(self, workshop: Workshop) -> None: ...


def elapsed_minutes(exercise: ExerciseRun, at: dt.datetime | None = None) -> tuple[int, int]:
    """Minutes spent on an exercise so far and minutes left in its timebox (negative
    when over time)."""
    if exercise.started is None:
        return 0, exercise.definition.minutes
    moment = at or now()
    spent = int((moment - exercise.started).total_seconds() // 60)
    return spent, exercise.definition.minutes - spent


def walk(workshop: Workshop, room: Room, exercise_id: str | None = None) -> None:
    """Lead the room from the first unfinished step (or the start of `exercise_id`) to
    the end of the agenda. Returns when the agenda is done; KeyboardInterrupt passes up
    with everything already saved."""
    positions = workshop.positions()
    index = workshop.resume_point(exercise_id)
    opened: str | None = None
    while index < len(positions):
        exercise_id_now, step_id = positions[index]
        ctx = workshop.context(exercise_id_now, step_id)
        if opened != exercise_id_now:
            room.open_exercise(workshop, ctx.exercise)
            opened = exercise_id_now
        workshop.start_step(exercise_id_now, step_id)
        room.open_step(workshop, ctx)
        move = _walk_step(workshop, room, ctx)
        if move == "back":
            index = max(0, index - 1)
        else:
            index += 1
    room.finished(workshop)


def _walk_step(workshop: Workshop, room: Room, ctx: StepContext) -> str:
    refusal: str | None = None
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
        # A failed save during /undo may replace the exercise object; look it up again.
        ctx = workshop.context(ctx.exercise.id, ctx.definition.id)
        if outcome.message:
            room.say(outcome.message)
        if outcome.show:
            room.show(outcome.show, workshop, ctx)
        if outcome.move == "next":
            if ctx.record.status not in ("done", "skipped"):
                workshop.finish_step(ctx.exercise.id, ctx.definition.id, "done")
            return "next"
        if outcome.move == "back":
            return "back"


def step_help(definition: StepDefinition) -> list[str]:
    """What can be typed in a step, in the facilitator's words."""
    kind = definition.kind
    lines = {
        "capture": ["Type what was said, one answer per line; put a group key first (c: text) to say who."],
        "scale": [
            f"Type ratings from {definition.min} to {definition.max}: 4 5 3 3, or a group first (p: 2 3),",
            "or a count of hands: 5x3 means three people said 5.",
        ],
        "choice": ["Type option numbers: 1 3 3, a group first (c: 2), or a count of hands: 2x6."],
        "tag": [
            "Type an answer number, a colon and tags by number or name: 3: 1 4, or 3: social well.",
            "3: none clears an answer's tags.",
        ],
        "vote": ["Type an answer number for each dot: 3 5 5 1, or a count of dots: 3x4."],
        "glossary": ["Type term = meaning, with a group key first to say whose: p: impact = savings."],
        "actions": ["Type action; owner; due (owner and due can be left out)."],
    }[kind]
    lines.append("An empty line ends the step. Commands: " + ", ".join(f"/{c}" for c in entry.COMMANDS) + ".")
    lines.append("Start a line with // to enter text that begins with /.")
    return lines


# --- planning a session -------------------------------------------------------------


DEFAULT_GROUPS = [("c", "community"), ("p", "public sector")]


def slugify(title: str) -> str:
    """A file-safe id fragment from a title: 'Caerdydd: Gwerth!' -> 'caerdydd-gwerth'."""
    import re
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "workshop"


def plan_session(
    title: str,
    date: dt.date,
    definitions: list,
    groups: list[tuple[str, str]],
    taken_ids: set[str],
    location: str = "",
    facilitator: str = "",
    headcount: dict[str, int] | None = None,
    like: str | None = None,
) -> Session:
    """A new session with every exercise and step of the agenda written out as `todo`."""
    from facilitate.model import AgendaItem, ExerciseRun, Group, empty_step

    base = f"{date.isoformat()}-{slugify(title)}"
    session_id, n = base, 2
    while session_id in taken_ids:
        session_id, n = f"{base}-{n}", n + 1
    stamp = now()
    return Session(
        id=session_id,
        title=title,
        date=date,
        location=location,
        facilitator=facilitator,
        like=like,
        groups=[Group(key=k, name=name) for k, name in groups],
        headcount=headcount or {},
        created=stamp,
        updated=stamp,
        agenda=[AgendaItem(exercise=d.id, minutes=d.minutes) for d in definitions],
        exercises=[ExerciseRun(id=d.id, definition=d, steps=[empty_step(s) for s in d.steps]) for d in definitions],
    )
