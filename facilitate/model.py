"""The domain: sessions, exercise definitions and what each kind of step records.

This is the one place that defines the session file's schema (schema 1). Models are
pydantic v2; they know nothing about files or terminals.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializeAsAny,
    field_validator,
    model_serializer,
    model_validator,
)

from facilitate.dates import read_date
from facilitate.errors import quoted

SCHEMA = 1

StepStatus = Literal["todo", "doing", "done", "skipped"]
# How the room checked an answer read back to it.
Checked = Literal["confirmed", "amended", "withdrawn"]
SessionStatus = Literal["planned", "running", "finished"]

_TRAILING_SPACE = re.compile(r"[ \t]+(?=\n|$)")


def tidy_text(value: str) -> str:
    """Drop spaces at the ends of lines: invisible to readers, and they would force
    YAML out of its readable `|` block style."""
    value = value.replace("\r\n", "\n")
    # Most text has none: found without the expression, which tries every space in
    # a text (a fifth of a second for an answer of a million characters).
    if " \n" not in value and "\t\n" not in value and not value.endswith((" ", "\t")):
        return value
    return _TRAILING_SPACE.sub("", value)


Text = Annotated[str, AfterValidator(tidy_text)]


class ProblemAt(ValueError):
    """A problem with one item of a list a field holds: `at` is the way from the field
    to that item (an index, then a key), so the message can give the item's line, not
    the line of the list."""

    def __init__(self, message: str, at: tuple[Any, ...]) -> None:
        super().__init__(message)
        self.at = at


def _local_if_naive(value: dt.datetime) -> dt.datetime:
    """A time written by hand without its UTC offset is taken as local time, so it
    compares with the times the tool writes (which always carry one)."""
    return value.astimezone() if value.tzinfo is None else value


Time = Annotated[dt.datetime, AfterValidator(_local_if_naive)]


def now() -> dt.datetime:
    """The current local time, to the second, with its UTC offset."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


class Record(BaseModel):
    """Base for everything stored: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --- exercise definitions ---------------------------------------------------------


class Definition(Record):
    """Base for exercise definitions: written out without the fields left at their
    defaults, so the copy inside a session file reads like the exercise file."""

    @model_serializer(mode="wrap")
    def _without_defaults(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        for name, info in type(self).model_fields.items():
            if info.is_required() or name not in data:
                continue
            default = info.get_default(call_default_factory=True)
            if getattr(self, name) == default:
                del data[name]
        return data


class Option(Definition):
    """A choice or a tag: a short name and a sentence a facilitator can read out."""

    name: Text = Field(min_length=1)
    description: Text = ""


class StepDefinition(Definition):
    """One step of an exercise as written in the exercise library."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: str  # a registered step kind: see facilitate.kinds
    prompt: Text = Field(min_length=1)
    hint: Text = ""
    # scale
    min: int | None = None
    max: int | None = None
    labels: dict[int, str] = Field(default_factory=dict)
    # choice and tag
    options: list[Option] = Field(default_factory=list)
    multi: bool = False
    # tag and vote: the capture step whose answers they work on
    of: str | None = None
    # vote: dots each person gets (a guide for the facilitator)
    dots: int | None = None
    # glossary: terms to offer
    suggestions: list[str] = Field(default_factory=list)

    @field_validator("kind")
    @classmethod
    def _a_known_kind(cls, value: str) -> str:
        from facilitate.registry import kind_names

        if value not in kind_names():
            raise ValueError(f"{quoted(value)} is not a step kind; the kinds are: {', '.join(kind_names())}")
        return value

    @model_validator(mode="after")
    def _fits_its_kind(self) -> StepDefinition:
        from facilitate.registry import kind_named

        # Each kind says what its definition needs (a scale's range, a tag's options...).
        kind_named(self.kind).check_definition(self)
        names = [o.name.casefold() for o in self.options]
        if len(names) != len(set(names)):
            raise ValueError("option names must differ")
        return self


class ExerciseDefinition(Definition):
    """An exercise: a titled, timed sequence of steps with an intro to read aloud."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: Text = Field(min_length=1)
    minutes: int = Field(gt=0)
    intro: Text = ""
    steps: list[StepDefinition] = Field(min_length=1)

    @model_validator(mode="after")
    def _steps_fit_together(self) -> ExerciseDefinition:
        from facilitate.registry import kind_named

        seen: dict[str, StepDefinition] = {}
        for step in self.steps:
            if step.id in seen:
                raise ValueError(f"two steps are called {quoted(step.id)}")
            if step.of is not None:
                target = seen.get(step.of)
                if target is None:
                    raise ValueError(f"step {quoted(step.id)} works on {quoted(step.of)}, which is not an earlier step")
                if not kind_named(target.kind).holds_answers:
                    raise ValueError(
                        f"step {quoted(step.id)} works on {quoted(step.of)}, which does not capture answers"
                    )
            seen[step.id] = step
        return self

    def step(self, step_id: str) -> StepDefinition:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


# --- what the room said -------------------------------------------------------------


class Answer(Record):
    """A sticky note: free text from a group, tagged and voted on later."""

    id: str
    text: Text = Field(min_length=1)
    group: str | None = None
    tags: list[str] = Field(default_factory=list)
    votes: int = Field(default=0, ge=0)
    # Additive to schema 1: of `votes` (the total), the dots each group gave, by the
    # group's name; dots typed without a group count in `votes` only.
    dots_by_group: dict[str, Annotated[int, Field(ge=1)]] = Field(default_factory=dict)
    at: Time
    private: bool = False
    carried_from: str | None = None
    # Additive to schema 1: how the room checked this answer when it was read back
    # (absent until then), and the wordings it had before the room amended it.
    checked: Checked | None = None
    was: list[Text] = Field(default_factory=list)
    # Not in the file: true only of a LeftOutAnswer. A class attribute, not pydantic
    # private state, which cost a fifth of the time to read a large session.
    left_out: ClassVar[bool] = False

    @model_validator(mode="after")
    def _dots_within_total(self) -> Answer:
        if sum(self.dots_by_group.values()) > self.votes:
            raise ValueError(
                f"answer {self.id} has {self.votes} votes but its dots by group add up to "
                f"{sum(self.dots_by_group.values())}"
            )
        return self

    @model_serializer(mode="wrap")
    def _only_when_set(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        # The file stays quiet about the usual case: only flags that are set appear.
        if not self.dots_by_group:
            data.pop("dots_by_group", None)
        if not self.private:
            data.pop("private", None)
        elif "id" in data:
            # Written before the text: a reader of a file cut short (a copy still
            # being written in place) never finds a private answer's words without
            # the mark that keeps them off the wall.
            data = {"id": data.pop("id"), "private": data.pop("private"), **data}
        if self.carried_from is None:
            data.pop("carried_from", None)
        if self.checked is None:
            data.pop("checked", None)
        if not self.was:
            data.pop("was", None)
        return data

    @property
    def withdrawn(self) -> bool:
        """The room withdrew it when it was read back: it stays in the file, kept with
        its number, and counts nowhere."""
        return self.checked == "withdrawn"

    @property
    def checked_with_room(self) -> bool:
        """The room confirmed, amended or withdrew it when it was read back (and the
        report at hand does not leave it out)."""
        return self.checked is not None and not self.left_out

    @property
    def counts(self) -> bool:
        """Whether the answer counts in figures, summaries, exports and search: not
        when the room withdrew it (it stays in the file), nor when a report leaves it out."""
        return not self.withdrawn and not self.left_out


class LeftOutAnswer(Answer):
    """An answer in a copy made for a report that leaves it out (`export
    --checked-only`): it keeps its number but counts nowhere."""

    left_out: ClassVar[bool] = True


class ScaleResponse(Record):
    value: int
    group: str | None = None


class ChoiceResponse(Record):
    choice: str
    group: str | None = None


class Meaning(Record):
    group: str | None = None
    meaning: Text = Field(min_length=1)


class Term(Record):
    term: Text = Field(min_length=1)
    meanings: list[Meaning] = Field(default_factory=list)


class Action(Record):
    action: Text = Field(min_length=1)
    owner: str | None = None
    due: str | None = None
    done: bool = False

    @model_serializer(mode="wrap")
    def _only_when_done(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if not self.done:
            data.pop("done", None)
        return data


class StepRecord(Record):
    """What one step of a session keeps: its id, kind and status, and whatever its
    kind records (each kind's record class is named in its module under kinds/)."""

    id: str
    kind: str
    status: StepStatus = "todo"

    @model_serializer(mode="wrap")
    def _id_kind_status_first(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        return {"id": data.pop("id"), "kind": data.pop("kind"), "status": data.pop("status"), **data}


class CaptureStep(StepRecord):
    kind: Literal["capture"] = "capture"
    answers: list[Answer] = Field(default_factory=list)


class ScaleStep(StepRecord):
    kind: Literal["scale"] = "scale"
    responses: list[ScaleResponse] = Field(default_factory=list)


class ChoiceStep(StepRecord):
    kind: Literal["choice"] = "choice"
    responses: list[ChoiceResponse] = Field(default_factory=list)


class TagStep(StepRecord):
    kind: Literal["tag"] = "tag"


class VoteStep(StepRecord):
    kind: Literal["vote"] = "vote"


class GlossaryStep(StepRecord):
    kind: Literal["glossary"] = "glossary"
    terms: list[Term] = Field(default_factory=list)


class ActionsStep(StepRecord):
    kind: Literal["actions"] = "actions"
    actions: list[Action] = Field(default_factory=list)


def _record_of_its_kind(value: Any) -> Any:
    """Read a step's record with the class its kind registered, so a new kind brings
    its own fields without a change here."""
    if isinstance(value, dict):
        from facilitate.registry import kind_named, kind_names

        kind = value.get("kind")
        if not isinstance(kind, str) or kind not in kind_names():
            raise ValueError(f"{quoted(kind)} is not a step kind; the kinds are: {', '.join(kind_names())}")
        return kind_named(kind).record.model_validate(value)
    return value


StepRun = SerializeAsAny[Annotated[StepRecord, BeforeValidator(_record_of_its_kind)]]


def empty_step(definition: StepDefinition) -> StepRecord:
    """The record of a step nobody has spoken in yet."""
    from facilitate.registry import kind_named

    return kind_named(definition.kind).record(id=definition.id)


class ExerciseRun(Record):
    """One exercise as run in one session, carrying its own copy of the definition."""

    id: str
    definition: ExerciseDefinition
    started: Time | None = None
    finished: Time | None = None
    # Additive to schema 1: the seconds spent in the exercise on earlier visits, and
    # when `run` came back to it (absent while `run` is elsewhere or closed), so its
    # timer counts only the time spent in it, however the facilitator moves about the
    # agenda. Older files have neither; their timer counts from `started`.
    seconds_before: int | None = Field(default=None, ge=0)
    resumed: Time | None = None
    notes: Text = ""
    steps: list[StepRun]

    @model_validator(mode="after")
    def _steps_match_definition(self) -> ExerciseRun:
        planned = [(s.id, s.kind) for s in self.definition.steps]
        recorded = [(s.id, s.kind) for s in self.steps]
        if planned != recorded:
            raise ValueError(
                "the steps recorded do not match the exercise definition "
                f"(expected {[p[0] for p in planned]}, found {[r[0] for r in recorded]})"
            )
        return self

    @model_serializer(mode="wrap")
    def _visits_when_kept(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if self.seconds_before is None:
            data.pop("seconds_before", None)
        if self.resumed is None:
            data.pop("resumed", None)
        return data

    def step(self, step_id: str) -> StepRun:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


class Group(Record):
    """Who answers are attributed to: a sector or table, never a person."""

    # A letter first, so `3: social` in a tag step can never be read as a group.
    key: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9]{0,7}$")
    name: str = Field(min_length=1)
    # Additive: other names the same group went by in earlier workshops ("funder" for
    # "funders", declared with `new --also f=funder`), so summaries of many workshops
    # and the register of terms count them as one group. Kept in the session file, so
    # the file says it on its own.
    also: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _also_when_set(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if not self.also:
            data.pop("also", None)
        return data


class AgendaItem(Record):
    exercise: str
    minutes: int = Field(gt=0)


SESSION_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class ShownMeaning(Record):
    group: str | None = None
    meaning: str
    where: str = ""


class ShownTerm(Record):
    """A word the groups use differently, with every meaning given to it."""

    term: str
    meanings: list[ShownMeaning] = Field(default_factory=list)


class Position(Record):
    """Where the facilitator is: the step open in `run`, for the projector to follow."""

    exercise: str
    step: str
    # Additive to schema 1: the answer of `step` being read back to the room, by its
    # number, while a read-back is on; written only then.
    reading: int | None = None
    # Additive to schema 1: the words used differently that `/terms` put on the
    # projector, until the next line; written only then.
    terms: list[ShownTerm] | None = None

    @model_serializer(mode="wrap")
    def _reading_when_set(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if self.reading is None:
            data.pop("reading", None)
        if self.terms is None:
            data.pop("terms", None)
        return data


class Session(Record):
    """One workshop: who was there, the agenda, and everything the room said."""

    schema_: Literal[1] = Field(default=SCHEMA, alias="schema")
    id: str = Field(pattern=SESSION_ID)
    title: Text = Field(min_length=1)
    date: dt.date
    location: str = ""
    facilitator: str = ""
    status: SessionStatus = "planned"
    # Additive to schema 1, written only once `run` has opened a step.
    at: Position | None = None
    like: str | None = None
    # Put away: out of `list` and `run`'s offers, kept for everything else.
    archived: bool = False
    # How answers may be attributed outside the room: by group (when unset), or not at
    # all ("none": the Chatham House Rule). Additive to schema 1, written only when set.
    attribution: Literal["group", "none"] | None = None
    # Who the people who came can ask about what happens next (the community pack).
    contact: str | None = None
    groups: list[Group] = Field(default_factory=list)
    headcount: dict[str, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    created: Time
    updated: Time
    agenda: list[AgendaItem] = Field(default_factory=list)
    exercises: list[ExerciseRun] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)

    @field_validator("id")
    @classmethod
    def _no_traversal(cls, value: str) -> str:
        if ".." in value:
            raise ValueError("a session id may not contain '..'")
        return value

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_written(cls, value: Any) -> Any:
        # A date typed by hand in one of the forms `--date` takes (10/07/2027, day
        # first, or 10 July 2027) is understood; the next save writes it as ISO.
        # A bare number (20270710) would otherwise be taken as seconds since 1970.
        found = read_date(value) if isinstance(value, str) else value
        if found is None or isinstance(found, int | float):
            raise ValueError(
                f"{quoted(value)} is not a date: write it as 2027-07-10, 10/07/2027 (day first) or 10 July 2027"
            )
        return found

    @field_validator("groups")
    @classmethod
    def _one_key_and_one_name_each(cls, groups: list[Group]) -> list[Group]:
        # Checked here rather than on the whole session, so that the message names the
        # second group's own line and says which key or name it repeats.
        by_key: dict[str, Group] = {}
        by_name: dict[str, Group] = {}
        for index, group in enumerate(groups):
            if group.key in by_key:
                raise ProblemAt(
                    f"{quoted(group.key)} is already the key of {by_key[group.key].name}; give each group its own key",
                    (index, "key"),
                )
            if group.name in by_name:
                raise ProblemAt(
                    f"{quoted(group.name)} is already the name of group {by_name[group.name].key}; "
                    "give each group its own name",
                    (index, "name"),
                )
            by_key[group.key], by_name[group.name] = group, group
        return groups

    @model_validator(mode="after")
    def _consistent(self) -> Session:
        if [a.exercise for a in self.agenda] != [e.id for e in self.exercises]:
            raise ValueError("the agenda and the exercises recorded do not match")
        return self

    @model_serializer(mode="wrap")
    def _quiet_like(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if self.like is None:
            data.pop("like", None)
        if self.at is None:
            data.pop("at", None)
        if not self.archived:
            data.pop("archived", None)
        for optional in ("attribution", "contact"):
            if getattr(self, optional) is None:
                data.pop(optional, None)
        return data

    def exercise(self, exercise_id: str) -> ExerciseRun:
        for run in self.exercises:
            if run.id == exercise_id:
                return run
        known = ", ".join(e.id for e in self.exercises) or "none"
        from facilitate.errors import FacilitateError

        raise FacilitateError(f"Session {self.id} has no exercise {quoted(exercise_id)}; its exercises are: {known}.")

    def group_by_key(self, key: str) -> Group | None:
        """The group with this key; a key typed in the other case (`C:` for `c:`) is the
        same group, unless two keys differ only by case."""
        for group in self.groups:
            if group.key == key:
                return group
        alike = [g for g in self.groups if g.key.casefold() == key.casefold()]
        return alike[0] if len(alike) == 1 else None

    def to_data(self) -> dict[str, Any]:
        """The session as plain data in file order, ready for YAML."""
        return self.model_dump(mode="python", by_alias=True)
