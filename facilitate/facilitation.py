"""The engine: applies typed lines to a session and keeps it saved, step by step.

`Workshop` holds one session in memory, turns each accepted line into a change and
saves before returning, so nothing typed is ever only in memory. `walk` leads the
room through the agenda through a small `Room` interface, so tests can script it and
the terminal layer stays thin. No terminal library is imported here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitate import entry
from facilitate.entry import Command, EndStep
from facilitate.errors import EntryRefused, FacilitateError, quoted
from facilitate.kinds.base import StepContext, vote_rank
from facilitate.model import Position, Session, now
from facilitate.registry import kind_named
from facilitate.typed import typed_text


def save_to(path: Path) -> Callable[[Session], None]:
    from facilitate.store import save_session

    return lambda session: save_session(session, path)


def save_locked_to(path: Path, purpose: str) -> Callable[[Session], None]:
    """Saves to a session this process does not otherwise hold (an earlier workshop
    whose action is ticked in a re-run): each save takes that session's lock."""
    from facilitate.store import save_session, session_lock

    def save(session: Session) -> None:
        with session_lock(path, purpose, wait=2):
            save_session(session, path)

    return save


@dataclass
class Carried:
    """An answer from an earlier session that `/carry N` may bring forward."""

    text: str
    group: str | None
    source: str
    votes: int = 0


def _end_visit(exercise, at) -> None:
    """Add the visit under way, if any, to the exercise's time spent."""
    if exercise.resumed is not None:
        spent = max(0, int((at - exercise.resumed).total_seconds()))
        exercise.seconds_before = (exercise.seconds_before or 0) + spent
        exercise.resumed = None


def _typed_line(line: str) -> str:
    """A typed line as text (see typed.py); a note is named as one when refused."""
    return typed_text(line, "note" if line.lstrip().startswith("/note") else "line")


def parse_line(ctx: StepContext, line: str):
    """The grammar's reading of a line, where anything the grammar did not foresee (a
    number it cannot convert, one too large to hold) is a refusal like any other, not
    a crash: the facilitator gets a sentence and the line back to correct."""
    try:
        return entry.parse(ctx, line)
    except FacilitateError:
        raise
    except (ValueError, ArithmeticError, MemoryError, RecursionError, IndexError, KeyError, TypeError):
        raise EntryRefused(
            "This line could not be read (a number in it is not one the step can take); "
            "nothing was saved. Correct it and press Enter, or /help for what this step takes."
        ) from None


@dataclass
class Outcome:
    """What a line did: a message for the room, and where the walk goes next."""

    message: str
    saved: bool = False
    move: str | None = None  # "next", "back", or None to stay on the step
    show: str | None = None  # "list", "help" or "time": a view the room asked for
    # The message as the projector may show it, when the message quotes an answer that
    # is or may become private; None when the message itself is fit for the room.
    public: str | None = None
    # A line for the facilitator's window alone, never the projector (a word in the
    # answer just saved that the groups define differently).
    aside: str | None = None


@dataclass
class ReadBack:
    """One answer being read back to the room: where it is, its number in its step,
    and its place in this read-back."""

    exercise: str
    step: str
    number: int
    text: str
    group: str | None
    private: bool
    place: int
    of: int


class Workshop:
    """One session being recorded. Every accepted change is on disk before it returns."""

    def __init__(self, session: Session, save: Callable[[Session], None]):
        self.session = session
        self._save = save
        # Per step, what can be taken back: how, what to say when it is, and what to say
        # on the projector (an answer by its number, never its words).
        self._history: dict[tuple[str, str], list[tuple[entry.Undo, str, str | None]]] = {}
        # The step whose newest item the last `/undo` offered to take back (after a resume).
        self._undo_offered: tuple[str, str] | None = None
        self.carried: dict[tuple[str, str], list[Carried]] = {}
        # Where the answers offered for /carry come from, as the room would say it.
        self.earlier_label = ""
        # Every action agreed last time, done or not, in agenda order: action N is
        # last_time[N - 1], in the reminder, `new --like` and `/tick N` alike, and
        # stays N when others are ticked. In a re-run /tick ticks these, in the earlier
        # session's own file.
        self.last_time: list = []
        self._earlier: Session | None = None
        self._save_earlier: Callable[[Session], None] | None = None
        # The step the last /skip asked about (it had entries).
        self._skip_offered: tuple[str, str] | None = None
        # Meanings of terms from the other sessions of the folder (the register of shared
        # terms), as (term, group, meaning, where) rows: `run` fills it from the catalogue.
        self.register: list[tuple[str, str, str, str]] = []
        # The exercise whose read-back the room stopped (`q`): /readback in any later
        # exercise goes on with it first.
        self.readback_stopped: str | None = None
        # Whether this run's walk has come to a step yet: the first visit it opens ends
        # any visit an earlier run left open (see _come_to).
        self._walking = False

    # --- where we are ---------------------------------------------------------------

    def context(self, exercise_id: str, step_id: str) -> StepContext:
        exercise = self.session.exercise(exercise_id)
        try:
            definition = exercise.definition.step(step_id)
        except KeyError:
            steps = ", ".join(s.id for s in exercise.definition.steps)
            raise FacilitateError(
                f"Exercise {quoted(exercise_id)} has no step {quoted(step_id)}; its steps are: {steps}."
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

    def check(self, exercise_id: str, step_id: str, line: str) -> str | None:
        """Why this line would be refused, or None if it would be taken. Changes nothing:
        the room uses it to show a refusal under the prompt before anything is saved."""
        try:
            parse_line(self.context(exercise_id, step_id), _typed_line(line))
        except FacilitateError as exc:
            return str(exc)
        return None

    def enter(self, exercise_id: str, step_id: str, line: str) -> Outcome:
        """Parse and apply one line. A refused line raises EntryRefused and changes nothing."""
        ctx = self.context(exercise_id, step_id)
        line = _typed_line(line)
        parsed = parse_line(ctx, line)
        offered, self._undo_offered = self._undo_offered, None
        skip_offered, self._skip_offered = self._skip_offered, None
        if not (isinstance(parsed, Command) and parsed.name == "terms"):
            self._hide_terms(ctx)
        if isinstance(parsed, EndStep):
            return Outcome("", move="next")
        if isinstance(parsed, Command):
            if parsed.name == "skip":
                return self._skip(ctx, confirmed=skip_offered == (ctx.exercise.id, ctx.definition.id))
            return self._command(ctx, parsed, offered)
        message, undo = entry.apply(ctx, parsed)
        # What /undo will say: never the words of a private answer, and on the projector
        # an answer only by its number (it may be marked private later).
        said = "a private answer" if getattr(parsed, "private", False) else line.strip()
        public = None
        if kind_named(ctx.definition.kind).holds_answers:
            public = f"Took back answer {len(ctx.record.answers)}."
        self._commit(ctx, undo, remember=f"Took back: {said}", public=public)
        return Outcome(message, saved=True, aside=self._words_flag(ctx, parsed))

    # --- words the groups use differently --------------------------------------------

    def shared_terms(self) -> list:
        """Every term the groups define differently, in this session's glossary or in
        the register of the sessions folder (`register`), with each group's meaning."""
        from facilitate.figures.terms import differing_terms

        return differing_terms(self.session, self.register)

    def _words_flag(self, ctx: StepContext, parsed: object) -> str | None:
        """One line naming the words of an answer just typed that the groups define
        differently, for the facilitator's window; None when there are none."""
        from facilitate.figures.terms import flag_line, terms_in

        if not kind_named(ctx.definition.kind).holds_answers:
            return None
        text = getattr(parsed, "text", None)
        if not isinstance(text, str):
            return None
        return flag_line(terms_in(text, self.shared_terms())) or None

    # --- reading answers back to the room ---------------------------------------------

    def to_read_back(self, exercise_id: str) -> list[ReadBack]:
        """The answers of an exercise's capture steps that the room has not yet
        checked, in the order they were given, each with its number in its step."""
        exercise = self.session.exercise(exercise_id)
        found = []
        for d in exercise.definition.steps:
            if not kind_named(d.kind).holds_answers:
                continue
            for number, answer in enumerate(exercise.step(d.id).answers, 1):
                if answer.checked is None:
                    found.append((d.id, number, answer))
        return [
            ReadBack(exercise_id, step, number, a.text, a.group, a.private, place, len(found))
            for place, (step, number, a) in enumerate(found, 1)
        ]

    def readback_due(self, here: str) -> str:
        """The exercise `/readback` reads, typed in exercise `here`: a read-back the room
        stopped earlier and has not finished, or else this exercise's own."""
        stopped = self.readback_stopped
        if stopped is not None and stopped != here and self.to_read_back(stopped):
            return stopped
        return here

    def reading(self, item: ReadBack | None, back_to: Position | None = None) -> None:
        """Record on disk which answer is being read back (so the projector in another
        window shows it), or, with None, that the read-back is over (back to `back_to`)."""
        was = self.session.at
        self.session.at = (
            Position(exercise=item.exercise, step=item.step, reading=item.number) if item is not None else back_to
        )
        if self.session.at == was:
            return
        try:
            self.save()
        except BaseException:
            self.session.at = was
            raise

    def check_answer(self, item: ReadBack, how: str, wording: str | None = None) -> Outcome:
        """The room's word on one answer read back: "confirmed", "amended" (with the
        new wording; the old is kept in `was`) or "withdrawn" (kept in the file, left
        out of every figure). Saved before it returns."""
        from facilitate.model import tidy_text

        answer = self.session.exercise(item.exercise).step(item.step).answers[item.number - 1]
        was = (answer.checked, list(answer.was), answer.text)
        if how == "amended":
            wording = tidy_text(typed_text(wording or "", "new wording")).strip()
            if not wording:
                raise EntryRefused("Type the new wording, or press Enter on an empty line to keep the answer as it is.")
            if wording != answer.text:
                answer.was = [*answer.was, answer.text]
                answer.text = wording
            else:
                how = "confirmed"  # the same words again: the room confirmed them
        answer.checked = how
        try:
            self.save()
        except BaseException:
            answer.checked, answer.was, answer.text = was
            raise
        n = item.number
        if how == "withdrawn":
            message = f"Answer {n} withdrawn by the room: kept in the file, left out of every figure and report."
            return Outcome(message, saved=True)
        if how == "amended":
            said = f"Answer {n} amended." if answer.private else f"Answer {n} amended: {answer.text}"
            return Outcome(said, saved=True, public=f"Answer {n} amended by the room.")
        return Outcome(f"Answer {n} confirmed by the room.", saved=True)

    def _commit(self, ctx: StepContext, undo: entry.Undo, remember: str | None, public: str | None = None) -> None:
        """Save the change just made in memory; if the save fails, take it back so that
        memory agrees with the file, which still holds the old state. `remember` is
        what /undo will say when it takes this back, if it can be, and `public` what to
        say on the projector when that would quote an answer."""
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
            self._history.setdefault((ctx.exercise.id, ctx.definition.id), []).append(
                (undo_all, remember, public or remember)
            )

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
        """Mark a step `doing` on disk as it opens, so a resumed run comes back to it,
        and record it as where the facilitator is, for the projector to follow."""
        ctx = self.context(exercise_id, step_id)
        here = Position(exercise=exercise_id, step=step_id)
        was = self.session.at
        if (
            ctx.record.status == "doing"
            and ctx.exercise.started
            and self.session.status == "running"
            and was == here
            and ctx.exercise.resumed is not None
            and self._walking
        ):
            return
        visits = self._come_to(ctx.exercise)
        self.session.at = here

        def restore() -> None:
            self.session.at = was
            visits()

        self._commit(ctx, restore, remember=None)

    def _visits(self) -> entry.Undo:
        kept = [(e, e.seconds_before, e.resumed) for e in self.session.exercises]

        def restore() -> None:
            for exercise, before, resumed in kept:
                exercise.seconds_before, exercise.resumed = before, resumed

        return restore

    def _come_to(self, exercise) -> entry.Undo:
        """The walk comes to `exercise`: the visit under way anywhere else ends, so only
        this exercise's timer runs. A visit left open by an earlier run (closed without
        `leave`, or killed) ends when that run last saved, so time away from the tool is
        not counted as time in the exercise."""
        restore = self._visits()
        at = now() if self._walking else (self.session.updated or now())
        for other in self.session.exercises:
            if other is not exercise or not self._walking:
                _end_visit(other, at)
        if exercise.resumed is None:
            exercise.seconds_before = exercise.seconds_before or 0
            exercise.resumed = now()
        self._walking = True
        return restore

    def leave(self) -> None:
        """`run` is stopping: the visit under way ends now, so the minutes until the
        next run are not counted as time in the exercise. Saved at once."""
        restore = self._visits()
        at = now()
        if not any(e.resumed is not None for e in self.session.exercises):
            return
        for exercise in self.session.exercises:
            _end_visit(exercise, at)
        self._walking = False
        try:
            self.save()
        except BaseException:
            restore()
            raise

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

    def _command(self, ctx: StepContext, command: Command, undo_offered: tuple[str, str] | None = None) -> Outcome:
        name = command.name
        if name == "undo":
            return self.undo(ctx, confirmed=undo_offered == (ctx.exercise.id, ctx.definition.id))
        if name == "note":
            message, undo = entry.add_note(ctx.exercise, command.argument)
            self._commit(ctx, undo, remember="Took back the note.")
            return Outcome(message, saved=True)
        if name == "private":
            message, undo = entry.mark_private(ctx, command.number)
            self._commit(ctx, undo, remember=f"Took back: /private {command.number}")
            return Outcome(message, saved=True)
        if name == "carry":
            return self._carry(ctx, command.number)
        if name == "tick":
            if self.last_time:
                return self._tick_earlier(ctx, command.number)
            message, undo = kind_named(ctx.definition.kind).mark_done(ctx, command.number)
            self._commit(ctx, undo, remember=f"Took back: /tick {command.number}")
            return Outcome(message, saved=True)
        if name == "done":
            self.finish_step(ctx.exercise.id, ctx.definition.id, "done")
            return Outcome(f"Step {ctx.definition.id!r} done.", saved=True, move="next")
        if name == "back":
            return Outcome("", move="back")
        if name == "quit":
            return Outcome("", move="quit")
        if name == "terms":
            self._show_terms(ctx)
        return Outcome("", show=name)

    def _show_terms(self, ctx: StepContext) -> None:
        """Put the words used differently on the projector that follows the file: they
        are written where the facilitator is, until the next line is entered."""
        from facilitate.model import ShownMeaning, ShownTerm

        shown = [
            ShownTerm(
                term=t.term,
                meanings=[ShownMeaning(group=m.group, meaning=m.meaning, where=m.where) for m in t.meanings],
            )
            for t in self.shared_terms()
        ]
        was = self.session.at
        self.session.at = Position(exercise=ctx.exercise.id, step=ctx.definition.id, terms=shown)

        def restore() -> None:
            self.session.at = was

        self._commit(ctx, restore, remember=None)

    def _hide_terms(self, ctx: StepContext) -> None:
        """The next line after /terms takes them off the projector."""
        at = self.session.at
        if at is None or at.terms is None:
            return
        self.session.at = at.model_copy(update={"terms": None})

        def restore() -> None:
            self.session.at = at

        self._commit(ctx, restore, remember=None)

    def undo(self, ctx: StepContext, confirmed: bool = False) -> Outcome:
        """Take back the last line typed in this step since it was opened. With nothing
        typed in this sitting (a resume, or `add`), the newest item of the step's own
        list: the first /undo names it and asks, a second /undo takes it back."""
        history = self._history.get((ctx.exercise.id, ctx.definition.id))
        snapshot = self._snapshot(ctx)
        if history:
            take_back, message, public = history[-1]
            take_back()
        else:
            holds_answers = kind_named(ctx.definition.kind).holds_answers
            newest = len(ctx.record.answers) if holds_answers else 0
            if not confirmed:
                # Named on a copy, so nothing the room holds is touched until it says yes.
                copy = StepContext(self.session, ctx.exercise.model_copy(deep=True), ctx.definition)
                what = entry.undo_without_history(copy)
                self._undo_offered = (ctx.exercise.id, ctx.definition.id)
                ask = "Type /undo again to take it back; any other line keeps it."
                return Outcome(
                    f"/undo would remove {what}. {ask}",
                    public=f"/undo would remove answer {newest}. {ask}" if holds_answers else None,
                )
            message = f"Removed {entry.undo_without_history(ctx)}."
            # The answer removed may have been private: on the projector, its number only.
            public = f"Removed answer {newest}." if holds_answers else None
        try:
            self.save()
        except BaseException:
            self._restore(ctx, snapshot)
            raise
        if history:
            history.pop()
        return Outcome(message, saved=True, public=public)

    def _snapshot(self, ctx: StepContext) -> tuple[list, str]:
        """Every object of the exercise with what it holds, by reference, so a failed
        save can put back the very objects the room and the undo history hold."""
        from pydantic import BaseModel

        held: list = []

        def visit(item: object) -> None:
            if isinstance(item, BaseModel):
                fields = {name: getattr(item, name) for name in type(item).model_fields if name != "definition"}
                held.append((item, fields))
                for value in fields.values():
                    visit(value)
            elif isinstance(item, list):
                held.append((item, list(item)))
                for value in item:
                    visit(value)

        visit(ctx.exercise)
        return held, self.session.status

    def _restore(self, ctx: StepContext, snapshot: tuple[list, str]) -> None:
        """Put an exercise back as it was, in place: the same objects in the same lists,
        so every context and every undo that holds them stays true."""
        held, status = snapshot
        for item, state in held:
            if isinstance(item, list):
                item[:] = state
            else:
                for name, value in state.items():
                    if getattr(item, name) is not value:
                        # Past validation on purpose: these values were valid, and
                        # validating would copy them into new objects.
                        item.__dict__[name] = value
        self.session.status = status

    def _skip(self, ctx: StepContext, confirmed: bool) -> Outcome:
        """Leave a step out. One that holds entries asks first: they stay in the file,
        and summaries and comparisons say the step was skipped."""
        held = kind_named(ctx.definition.kind).captured(ctx.exercise, ctx.definition)
        if held and not confirmed:
            self._skip_offered = (ctx.exercise.id, ctx.definition.id)
            return Outcome(
                f"Step {ctx.definition.id!r} already holds {held} "
                f"{'entry' if held == 1 else 'entries'}. Type /skip again to skip it and keep them in the "
                "file (reports will say it was skipped), or /undo to take them back first."
            )
        self.finish_step(ctx.exercise.id, ctx.definition.id, "skipped")
        return Outcome(f"Step {ctx.definition.id!r} skipped.", saved=True, move="next")

    def remember_earlier(self, earlier: Session, save: Callable[[Session], None]) -> None:
        """A re-run: the earlier session, how to save it, and the actions agreed in it."""
        self._earlier, self._save_earlier = earlier, save
        self.earlier_label = self.earlier_label or f"{earlier.location or earlier.title} ({earlier.date.isoformat()})"
        self.last_time = agreed_actions(earlier)

    @property
    def reminders(self) -> list[tuple[int, Any]]:
        """Last time's actions not yet done, each with its number."""
        return [(number, action) for number, action in enumerate(self.last_time, 1) if not action.done]

    def _tick_earlier(self, ctx: StepContext, number: int) -> Outcome:
        agreed = self.last_time
        if not 1 <= number <= len(agreed):
            raise EntryRefused(f"There is no action {number} from last time: they go from 1 to {len(agreed)}.")
        action = agreed[number - 1]
        if action.done:
            raise EntryRefused(f"Action {number} from last time is already done: {action.action}")
        action.done = True
        try:
            self._save_earlier(self._earlier)
        except BaseException:
            action.done = False
            raise

        def undo() -> None:
            action.done = False
            try:
                self._save_earlier(self._earlier)
            except BaseException:
                action.done = True
                raise

        key = (ctx.exercise.id, ctx.definition.id)
        self._history.setdefault(key, []).append((undo, f"Took back: /tick {number}", None))
        return Outcome(f"Action {number} from {self.earlier_label} is done: {action.action}", saved=True)

    def _carry(self, ctx: StepContext, number: int) -> Outcome:
        offered = self.carried.get((ctx.exercise.id, ctx.definition.id), [])
        if not kind_named(ctx.definition.kind).holds_answers:
            raise EntryRefused("/carry brings answers forward into a step that captures answers.")
        if not offered:
            raise EntryRefused("There is nothing from an earlier session to carry into this step.")
        if not 1 <= number <= len(offered):
            raise EntryRefused(f"There is no earlier answer {number}: they go from 1 to {len(offered)}.")
        carried = offered[number - 1]
        for here, answer in enumerate(ctx.target.answers, 1):
            if answer.carried_from == carried.source and answer.text == carried.text:
                raise EntryRefused(f"Earlier answer {number} is already here, as answer {here}.")
        from facilitate.kinds.capture import add_answer

        message, undo = add_answer(ctx, carried.text, carried.group, carried_from=carried.source)
        self._commit(
            ctx, undo, remember=f"Took back: /carry {number}", public=f"Took back answer {len(ctx.record.answers)}."
        )
        return Outcome(f"{message} (carried from {carried.source})", saved=True)


def offer_earlier(workshop: Workshop, earlier: Session, per_step: int = 5) -> None:
    """Make the earlier session's most-voted answers available to `/carry`, step by
    step, for a session run `--like` it. Private and withdrawn answers are never offered."""
    groups = {g.name for g in workshop.session.groups}
    for exercise in workshop.session.exercises:
        try:
            before = earlier.exercise(exercise.id)
        except FacilitateError:
            continue
        for step in exercise.steps:
            if not kind_named(step.kind).holds_answers:
                continue
            try:
                old = before.step(step.id)
            except KeyError:
                continue
            # Neither private answers nor those the room withdrew are offered again.
            offered = [(n, a) for n, a in enumerate(old.answers, 1) if not a.private and a.counts]
            ranked = [a for _, a in sorted(offered, key=lambda pair: vote_rank(pair[1].votes, pair[0]))[:per_step]]
            workshop.earlier_label = f"{earlier.location or earlier.title} ({earlier.date.isoformat()})"
            workshop.carried[(exercise.id, step.id)] = [
                Carried(a.text, a.group if a.group in groups else None, earlier.id, a.votes) for a in ranked
            ]


def agreed_actions(earlier: Session) -> list:
    """Every action agreed in an earlier session, done or not, in agenda order."""
    return [
        action
        for exercise in earlier.exercises
        for d in exercise.definition.steps
        for action in kind_named(d.kind).agreed_items(exercise, d)
    ]


def open_actions(earlier: Session) -> list[tuple[int, Any]]:
    """The actions of an earlier session not yet marked done, each with its number
    among all it agreed: the numbers `new --like` prints, the reminder shows and
    `/tick N` uses, which stay the same however many are ticked."""
    return [(number, action) for number, action in enumerate(agreed_actions(earlier), 1) if not action.done]


# --- the walk through the agenda --------------------------------------------------------


def step_help(definition: Any) -> list[str]:
    """What can be typed in a step, in the facilitator's words: the kind's own help,
    then what every step shares. The room asks the engine for it."""
    kind = kind_named(definition.kind)
    lines = list(kind.help(definition))
    if kind.holds_answers:
        lines.append("Start a line with ! to make the answer private as it is typed: counted, never quoted.")
    lines.append("An empty line ends the step. Commands: " + ", ".join(f"/{c}" for c in entry.COMMANDS) + ".")
    lines.append("Start a line with a backslash (\\) to take it as text: \\/r/community, \\!important, \\Note: ...")
    lines.append("Ctrl-D or /quit: stop; everything typed is saved")
    return lines
