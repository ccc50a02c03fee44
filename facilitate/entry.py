"""The quick-entry grammar: one typed line becomes one change to a step, or a refusal.

`parse` is pure: it reads the session but never changes it. `apply` makes the change
on the in-memory session and returns a sentence saying what happened. The same
functions serve `facilitate run`, `add` and `import`, so the grammar is tested once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from facilitate.errors import EntryRefused
from facilitate.model import (
    Action,
    Answer,
    CaptureStep,
    ChoiceResponse,
    ExerciseRun,
    Meaning,
    Option,
    ScaleResponse,
    Session,
    StepDefinition,
    Term,
    now,
    tidy_text,
)

COMMANDS = {
    "undo": "take back the last line entered in this step",
    "list": "show what this step has captured so far",
    "note": "/note TEXT adds a facilitator note to the exercise (never shown on the projector)",
    "private": "/private N: answer N is counted but never quoted in anything shared",
    "back": "go back to the previous step",
    "skip": "leave this step out and move on",
    "done": "finish this step and move on",
    "time": "show the time spent and left on this exercise",
    "help": "show what can be typed here",
    "carry": "/carry N brings answer N from the last session forward",
    "tick": "/tick N marks action N as done",
}

_GROUP_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]{0,7})\s*:(.*)$", re.S)
_TALLY = re.compile(r"^(\d+)(?:\s*[x×X*]\s*(\d+))?$")
_TAG_LINE = re.compile(r"^\s*(\d+)\s*[:.]\s*(.*)$", re.S)


@dataclass
class StepContext:
    """Where a line is typed: the session, the exercise run and the step."""

    session: Session
    exercise: ExerciseRun
    definition: StepDefinition

    @property
    def record(self):
        return self.exercise.step(self.definition.id)

    @property
    def target(self) -> CaptureStep | None:
        """The capture step whose answers this step numbers, tags or votes on."""
        if self.definition.kind == "capture":
            return self.record
        if self.definition.of:
            return self.exercise.step(self.definition.of)
        return None


# --- changes -----------------------------------------------------------------------


@dataclass
class AddAnswer:
    text: str
    group: str | None


@dataclass
class AddScale:
    values: list[int]
    group: str | None


@dataclass
class AddChoices:
    choices: list[str]
    group: str | None


@dataclass
class SetTags:
    answer: int  # from 1
    tags: list[str]
    clear: bool = False


@dataclass
class AddVotes:
    dots: dict[int, int]  # answer number -> dots


@dataclass
class AddMeaning:
    term: str
    meaning: str
    group: str | None


@dataclass
class AddAction:
    action: str
    owner: str | None
    due: str | None


@dataclass
class Command:
    name: str
    argument: str = ""
    number: int | None = None


@dataclass
class EndStep:
    """An empty line: the step is over."""


Change = AddAnswer | AddScale | AddChoices | SetTags | AddVotes | AddMeaning | AddAction
Entry = Change | Command | EndStep


@dataclass
class Carried:
    """An answer from an earlier session that `/carry N` may bring forward."""

    text: str
    group: str | None
    source: str
    votes: int = 0


# --- parsing -----------------------------------------------------------------------


def parse(ctx: StepContext, line: str) -> Entry:
    """Read one typed line in the context of a step. Raises EntryRefused with a reason."""
    stripped = line.strip()
    if not stripped:
        return EndStep()
    if stripped.startswith("/") and not stripped.startswith("//"):
        return _parse_command(ctx, stripped)
    if stripped.startswith("//"):
        stripped = stripped[1:]
    parser = _PARSERS[ctx.definition.kind]
    return parser(ctx, stripped)


def _parse_command(ctx: StepContext, line: str) -> Command:
    word, _, rest = line[1:].partition(" ")
    name = word.lower()
    rest = rest.strip()
    if name not in COMMANDS:
        raise EntryRefused(f"There is no command /{word}: type /help to see the commands.")
    if name == "note":
        if not rest:
            raise EntryRefused("Write the note after the command, for example /note energy dipped here.")
        return Command(name, tidy_text(rest))
    if name in ("private", "carry", "tick"):
        if not rest.isdigit():
            what = "an action number" if name == "tick" else "an answer number"
            raise EntryRefused(f"Give {what}, for example /{name} 3.")
        number = int(rest)
        if name == "private":
            _answer(ctx, number)
        if name == "tick":
            _action(ctx, number)
        return Command(name, number=number)
    if rest:
        raise EntryRefused(f"/{name} takes nothing after it.")
    return Command(name)


def _split_group(ctx: StepContext, line: str, required_shape: bool) -> tuple[str | None, str]:
    """Split a `c:` prefix off. For text answers, an unknown prefix is part of the text;
    where the rest must be numbers or a term, an unknown prefix is a mistake to report."""
    match = _GROUP_PREFIX.match(line)
    if not match:
        return None, line
    group = ctx.session.group_by_key(match.group(1))
    if group is not None:
        return group.name, match.group(2).strip()
    if required_shape:
        raise EntryRefused(f"{match.group(1)} is not a group key: {_groups_phrase(ctx.session)}.")
    return None, line


def _groups_phrase(session: Session) -> str:
    if not session.groups:
        return "this session has no groups"
    listed = ", ".join(f"{g.key} ({g.name})" for g in session.groups)
    return f"the groups are {listed}"


def _tallies(text: str, what: str, example: str) -> list[tuple[int, int]]:
    """`4 5 3x2` -> [(4, 1), (5, 1), (3, 2)]."""
    text = text.replace(",", " ")
    text = re.sub(r"\s*[x×X*]\s*(?=\d)", "x", text)
    tokens = text.split()
    if not tokens:
        raise EntryRefused(f"Type {what}, for example {example}.")
    result = []
    for token in tokens:
        match = _TALLY.match(token)
        if not match:
            raise EntryRefused(f"{token!r} is not {what}: type them like {example}.")
        count = int(match.group(2)) if match.group(2) is not None else 1
        if count == 0:
            raise EntryRefused(f"{token} counts nobody: the number after x must be 1 or more.")
        result.append((int(match.group(1)), count))
    return result


def _parse_capture(ctx: StepContext, line: str) -> AddAnswer:
    group, text = _split_group(ctx, line, required_shape=False)
    text = tidy_text(text).strip()
    if not text:
        raise EntryRefused("There is no text after the group key: type what was said.")
    return AddAnswer(text, group)


def _parse_scale(ctx: StepContext, line: str) -> AddScale:
    group, rest = _split_group(ctx, line, required_shape=True)
    low, high = ctx.definition.min, ctx.definition.max
    values: list[int] = []
    for value, count in _tallies(rest, "a rating", f"{high} {low} {high}x3"):
        if not low <= value <= high:
            raise EntryRefused(f"{value} is off the scale: it goes from {low} to {high}.")
        values.extend([value] * count)
    return AddScale(values, group)


def _parse_choice(ctx: StepContext, line: str) -> AddChoices:
    group, rest = _split_group(ctx, line, required_shape=True)
    options = ctx.definition.options
    choices: list[str] = []
    for number, count in _tallies(rest, "an option number", "1 3 3, or 2x6 for six hands on 2"):
        if not 1 <= number <= len(options):
            raise EntryRefused(f"There is no option {number}: options go from 1 to {len(options)}.")
        choices.extend([options[number - 1].name] * count)
    return AddChoices(choices, group)


def _answer(ctx: StepContext, number: int) -> Answer:
    target = ctx.target
    if target is None:
        raise EntryRefused("This step has no answers to number.")
    answers = target.answers
    if not answers:
        raise EntryRefused(f"There are no answers yet in step {target.id!r}.")
    if not 1 <= number <= len(answers):
        raise EntryRefused(f"There is no answer {number}: answers go from 1 to {len(answers)}.")
    return answers[number - 1]


def _action(ctx: StepContext, number: int) -> Action:
    if ctx.definition.kind != "actions":
        raise EntryRefused("/tick marks actions as done; use it in a step that records actions.")
    actions = ctx.record.actions
    if not 1 <= number <= len(actions):
        raise EntryRefused(
            f"There is no action {number}: actions go from 1 to {len(actions)}."
            if actions
            else "There are no actions in this step yet."
        )
    return actions[number - 1]


def _raise_flag(record: Answer | Action, flag: str) -> Callable[[], None]:
    """Set a true/false flag on an answer or action; return how to put it back."""
    was = getattr(record, flag)
    setattr(record, flag, True)
    return lambda: setattr(record, flag, was)


def mark_done(ctx: StepContext, number: int) -> tuple[str, Callable[[], None]]:
    action = _action(ctx, number)
    return f"Action {number} is done: {action.action}", _raise_flag(action, "done")


def match_option(token: str, options: list[Option]) -> Option:
    """An option by number, by name, by the start of its name or of a word in it."""
    if token.isdigit():
        number = int(token)
        if not 1 <= number <= len(options):
            raise EntryRefused(f"There is no tag {number}: tags go from 1 to {len(options)}.")
        return options[number - 1]
    wanted = token.casefold()
    for option in options:
        if option.name.casefold() == wanted:
            return option
    for candidates in (
        [o for o in options if o.name.casefold().startswith(wanted)],
        [o for o in options if any(w.startswith(wanted) for w in re.split(r"[\s/-]+", o.name.casefold()))],
    ):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            names = " or ".join(repr(o.name) for o in candidates)
            raise EntryRefused(f"{token!r} could be {names}: type more of the name, or its number.")
    names = ", ".join(f"{i} {o.name}" for i, o in enumerate(options, 1))
    raise EntryRefused(f"{token!r} is not one of the tags: {names}.")


def _parse_tag(ctx: StepContext, line: str) -> SetTags:
    match = _TAG_LINE.match(line)
    if not match:
        raise EntryRefused("Type the answer number, a colon, then tags, for example 3: 1 4.")
    number = int(match.group(1))
    _answer(ctx, number)
    rest = match.group(2).strip()
    if not rest:
        raise EntryRefused(f"Add tags after '{number}:', by number or name, for example {number}: 1 4.")
    if rest.casefold() in ("none", "-"):
        return SetTags(number, [], clear=True)
    options = ctx.definition.options
    tags: list[str] = []
    for name in _tag_names(rest, options):
        if name not in tags:
            tags.append(name)
    return SetTags(number, tags)


def _tag_names(text: str, options: list[Option]) -> list[str]:
    """Read tags from left to right, preferring the longest run of words that names a
    tag, so both `the people` and `social well` work."""
    tokens = [t for t in re.split(r"[\s,]+", text) if t]
    names: list[str] = []
    start = 0
    while start < len(tokens):
        for end in range(len(tokens), start + 1, -1):
            phrase = " ".join(tokens[start:end]).casefold()
            found = [o for o in options if o.name.casefold().startswith(phrase)]
            if len(found) == 1:
                names.append(found[0].name)
                start = end
                break
        else:
            names.append(match_option(tokens[start], options).name)
            start += 1
    return names


def _parse_vote(ctx: StepContext, line: str) -> AddVotes:
    group_match = _GROUP_PREFIX.match(line)
    if group_match:
        raise EntryRefused("Dots are not kept by group: type answer numbers only, for example 3 5 5 1.")
    dots: dict[int, int] = {}
    for number, count in _tallies(line, "an answer number", "3 5 5 1, or 3x4 for four dots on 3"):
        _answer(ctx, number)
        dots[number] = dots.get(number, 0) + count
    return AddVotes(dots)


def _parse_glossary(ctx: StepContext, line: str) -> AddMeaning:
    group, rest = _split_group(ctx, line, required_shape=False)
    if "=" not in rest:
        raise EntryRefused("Type the term, an equals sign, then what it means, for example impact = lasting change.")
    term, _, meaning = rest.partition("=")
    term, meaning = " ".join(term.split()), tidy_text(meaning).strip()
    if not term:
        raise EntryRefused("Type the term before the equals sign.")
    if not meaning:
        raise EntryRefused(f"Type what {term!r} means after the equals sign.")
    known = [t.term for t in ctx.record.terms] + list(ctx.definition.suggestions)
    for existing in known:
        if existing.casefold() == term.casefold():
            term = existing
            break
    return AddMeaning(term, meaning, group)


def _parse_actions(ctx: StepContext, line: str) -> AddAction:
    parts = [p.strip() for p in line.split(";")]
    if len(parts) > 3:
        raise EntryRefused("An action has at most three parts: action; owner; due.")
    parts += [""] * (3 - len(parts))
    action, owner, due = parts
    if not action:
        raise EntryRefused("Type the action first, then ; owner ; due if known.")
    return AddAction(action, owner or None, due or None)


_PARSERS = {
    "capture": _parse_capture,
    "scale": _parse_scale,
    "choice": _parse_choice,
    "tag": _parse_tag,
    "vote": _parse_vote,
    "glossary": _parse_glossary,
    "actions": _parse_actions,
}


# --- applying ----------------------------------------------------------------------


# Per answers list: (the list itself, how many of it were read, the highest number
# seen). Holding the list keeps its id() from being reused; reading only the answers
# added since the last call keeps 20,000 imported rows linear, not quadratic.
_HIGHEST: dict[int, tuple[list, int, int]] = {}


def next_answer_id(capture: CaptureStep) -> str:
    answers = capture.answers
    cached = _HIGHEST.get(id(answers))
    read, highest = (cached[1], cached[2]) if cached is not None and cached[0] is answers else (0, 0)
    if read > len(answers):
        read = 0  # answers were taken away (the highest seen stays safe to count from)
    for answer in answers[read:]:
        number = answer.id[1:]
        if number.isdigit() and len(number) < 10:
            highest = max(highest, int(number))
    _HIGHEST[id(answers)] = (answers, len(answers), highest)
    return f"a{highest + 1}"


Undo = Callable[[], None]


def apply(ctx: StepContext, change: Change) -> tuple[str, Undo]:
    """Make the change on the session in memory. Returns what happened, in a sentence,
    and a function that takes exactly this change back again."""
    record = ctx.record
    if isinstance(change, AddAnswer):
        answer = Answer(id=next_answer_id(record), text=change.text, group=change.group, at=now())
        record.answers.append(answer)
        return f"Answer {len(record.answers)} saved.", lambda: _remove(record.answers, answer)
    if isinstance(change, (AddScale, AddChoices)):
        if isinstance(change, AddScale):
            added = [ScaleResponse(value=v, group=change.group) for v in change.values]
            noun = "rating"
        else:
            added = [ChoiceResponse(choice=c, group=change.group) for c in change.choices]
            noun = "choice"
        record.responses.extend(added)

        def undo_responses() -> None:
            for response in added:
                _remove(record.responses, response)

        return f"{_count(len(added), noun)} saved ({len(record.responses)} in all).", undo_responses
    if isinstance(change, SetTags):
        answer = _answer(ctx, change.answer)
        previous = list(answer.tags)

        def undo_tags() -> None:
            answer.tags = previous

        if change.clear:
            answer.tags = []
            return f"Answer {change.answer} has no tags now.", undo_tags
        answer.tags = answer.tags + [t for t in change.tags if t not in answer.tags]
        return f"Answer {change.answer} is tagged {', '.join(answer.tags)}.", undo_tags
    if isinstance(change, AddVotes):
        voted = [(_answer(ctx, number), dots) for number, dots in change.dots.items()]
        for answer, dots in voted:
            answer.votes += dots

        def undo_votes() -> None:
            for answer, dots in voted:
                answer.votes = max(0, answer.votes - dots)

        return f"{_count(sum(change.dots.values()), 'dot')} saved.", undo_votes
    if isinstance(change, AddMeaning):
        term = next((t for t in record.terms if t.term == change.term), None)
        new_term = term is None
        if term is None:
            term = Term(term=change.term)
            record.terms.append(term)
        meaning = Meaning(group=change.group, meaning=change.meaning)
        term.meanings.append(meaning)

        def undo_meaning() -> None:
            _remove(term.meanings, meaning)
            if new_term and not term.meanings:
                _remove(record.terms, term)

        return f"{change.term!r}: meaning {len(term.meanings)} saved.", undo_meaning
    if isinstance(change, AddAction):
        action = Action(action=change.action, owner=change.owner, due=change.due)
        record.actions.append(action)
        return f"Action {len(record.actions)} saved.", lambda: _remove(record.actions, action)
    raise TypeError(f"not a change: {change!r}")


def _remove(items: list, item: object) -> None:
    """Remove this very object (not an equal one) if it is still there."""
    for index in range(len(items) - 1, -1, -1):
        if items[index] is item:
            del items[index]
            return


def mark_private(ctx: StepContext, number: int) -> tuple[str, Undo]:
    undo = _raise_flag(_answer(ctx, number), "private")
    return f"Answer {number} is private: counted, but never quoted in anything shared.", undo


def add_note(exercise: ExerciseRun, text: str) -> tuple[str, Undo]:
    previous = exercise.notes
    exercise.notes = f"{previous.rstrip()}\n{text}" if previous.strip() else text

    def undo() -> None:
        exercise.notes = previous

    return "Note saved.", undo


def undo_without_history(ctx: StepContext) -> str:
    """Take back the newest item of the step when no history of this sitting exists
    (a resumed run, or a separate `add`). Tags and dots leave no order to go by."""
    record = ctx.record
    kind = ctx.definition.kind
    if kind == "capture" and record.answers:
        removed = record.answers.pop()
        return f"Removed answer {len(record.answers) + 1}: {removed.text}"
    if kind in ("scale", "choice") and record.responses:
        removed = record.responses.pop()
        value = removed.value if kind == "scale" else removed.choice
        return f"Removed the last response ({value})."
    if kind == "glossary" and record.terms:
        term = record.terms[-1]
        removed = term.meanings.pop()
        if not term.meanings:
            record.terms.pop()
        return f"Removed the last meaning of {term.term!r}: {removed.meaning}"
    if kind == "actions" and record.actions:
        removed = record.actions.pop()
        return f"Removed action {len(record.actions) + 1}: {removed.action}"
    if kind in ("tag", "vote"):
        raise EntryRefused("Nothing to undo since this step was opened; use /list to check, then type the correction.")
    raise EntryRefused("There is nothing to undo in this step.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
