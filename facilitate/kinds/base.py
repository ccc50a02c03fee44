"""What every step kind provides, with the defaults most kinds share.

A step kind is one module under `kinds/` holding one `StepKind` object: the line
grammar for its step (`parse`), the change that grammar makes and how to take it
back, its help, its figures for one session and for many, what it adds to the
catalogue's digest, and the plain lines `/list` and `show` print. The rest of the
tool asks the kind, and draws it through data: the layout it hands the projectors
(`fill_public`) and the layout its figures name for the reports (`layout_of`);
nothing outside `kinds/` compares a kind's name, so a new kind is a new module here
plus, if it wants them, its own report templates (`templates`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from facilitate.errors import EntryRefused
from facilitate.registry import kind_named

if TYPE_CHECKING:
    from facilitate.kinds.shapes import CatalogueSession, Headline, ItemCounts, Said, SessionDigest
    from facilitate.model import CaptureStep, ExerciseRun, Session, StepDefinition, StepRecord

# How to take one change back: every change's `apply` returns one, and the engine
# keeps them so `/undo` takes back exactly what this sitting did.
Undo = Callable[[], None]


@dataclass
class StepContext:
    """Where a line is typed: the session, the exercise run and the step. The engine
    hands these out (`Workshop.context`) and never replaces the objects they hold."""

    session: Session
    exercise: ExerciseRun
    definition: StepDefinition

    @property
    def record(self) -> StepRecord:
        return self.exercise.step(self.definition.id)

    @property
    def target(self) -> CaptureStep | None:
        """The step whose answers this step numbers, tags or votes on."""
        if kind_named(self.definition.kind).holds_answers:
            return self.record
        if self.definition.of:
            return self.exercise.step(self.definition.of)
        return None


@dataclass
class ListLine:
    """One plain line of what a step holds. `group` lets a screen colour it by group;
    `emphasis` is "", "bold" or "dim"."""

    text: str
    group: str | None = None
    indent: int = 0
    emphasis: str = ""


# The layouts every view and report knows how to draw from a step's figures, each for
# figures of one shape (named by the figures class's `layout`): "ratings" (a distribution
# on a scale, by group), "answers" (numbered answers with dots and tags), "options"
# (tallies per option per group), "shares" (each tag's share of each group's answers),
# "ranking" (answers by dots), "terms" (meanings side by side), "tasks" (who does what by
# when). A kind whose figures fit none leaves `layout` out: it is drawn by its own
# templates if it brings them (`templates`), else as its `summary_lines`.
LINES = "lines"


def layout_of(figures: Any) -> str:
    """The layout a step's figures are drawn in; "lines" for a kind's own sentences."""
    return getattr(figures, "layout", LINES)


@dataclass
class GenericFigures:
    """Figures of a kind that has no figures of its own: how many things it holds."""

    kind: str
    step: str
    prompt: str
    count: int
    lines: list[str] = field(default_factory=list)


class StepKind:
    """The defaults; each kind's module overrides what it does differently."""

    name: ClassVar[str] = ""
    record: ClassVar[type[StepRecord]]
    # Its record keeps answers that other steps number, tag and vote on, and that
    # `/private`, `/carry` and a leading `!` work on.
    holds_answers: ClassVar[bool] = False
    # It works on the answers of an earlier step, named in `of:`.
    works_on_answers: ClassVar[bool] = False
    # A line may start with a group key (`c: ...`).
    takes_group: ClassVar[bool] = False
    # As the step opens, the facilitator's window lists what it holds (`lines`), unless
    # `introduce` already listed its whole record (a choice's options).
    lists_on_opening: ClassVar[bool] = True
    # A heading over that list, for a kind that lists the answers it works on by number
    # (then without the legend `introduce` already gave).
    opening_heading: ClassVar[str] = ""
    # Its things said are kept in the catalogue for search and the CSV of many sessions;
    # otherwise they are rebuilt from its digest (`said_from_digest`).
    searchable: ClassVar[bool] = False
    # Fields every row of this kind carries (see figures.rows.Said), even when empty.
    said_defaults: ClassVar[dict[str, Any]] = {}
    # How its figures were gathered, for the funder pack's method ("each person chose
    # from a list"); the kind's name when it says nothing.
    method: ClassVar[str] = ""
    # The table of the published database its rows go to (export/database.py): answers,
    # ratings, choices, meanings or actions; None for the table of other entries.
    public_table: ClassVar[str | None] = None
    # What one of its things said is called, in the room's words (search: "answer 3").
    said_as: ClassVar[str] = "entry"
    # A folder of the kind's own report templates, found by name before the layout's:
    # `report.md.j2`, `report.html.j2`, `site_workshop.html.j2` (each given `step`, the
    # step's figures, as export/templates/steps/<layout>/ are).
    templates: ClassVar[str | None] = None

    # --- the definition ------------------------------------------------------------

    def check_definition(self, d: StepDefinition) -> None:
        """Raise ValueError when a step definition lacks what this kind needs."""
        if self.works_on_answers and not d.of:
            raise ValueError(f"a {self.name} step needs `of:` naming a capture step")

    def compact_definition(self, d: StepDefinition) -> dict[str, Any]:
        """The definition as the summaries of many sessions need it."""
        step: dict[str, Any] = {"id": d.id, "kind": d.kind, "prompt": d.prompt}
        if d.of:
            step["of"] = d.of
        return step

    # --- in the room ------------------------------------------------------------------

    def help(self, d: StepDefinition) -> list[str]:
        """What can be typed here, in the facilitator's words."""
        return []

    def definition_lines(self, d: StepDefinition) -> list[str]:
        """What `exercises show` prints of a step's definition besides its prompt and
        hint, before `introduce` (a scale's points)."""
        return []

    def reminders(self, d: StepDefinition) -> list[str]:
        """What to keep in mind while typing this step (a scale's points), shown in the
        facilitator's window under the group keys."""
        return []

    def introduce(self, d: StepDefinition) -> list[ListLine]:
        """What the facilitator's window lists as the step opens, besides prompt and hint."""
        return []

    def parse(self, ctx: StepContext, text: str, group: str | None, private: bool) -> Any:
        """One line (its group prefix and `!` already read) as a change with an
        `apply(ctx) -> (message, undo)` method. Raises EntryRefused with a reason."""
        raise EntryRefused(f"Nothing can be typed in a {self.name} step.")

    def take_back_newest(self, ctx: StepContext) -> str:
        """`/undo` with no history of this sitting: take back the step's newest item
        and say what it was, as a phrase ("answer 7, with 2 dots: ...")."""
        raise EntryRefused("There is nothing to undo in this step.")

    def mark_done(self, ctx: StepContext, number: int) -> tuple[str, Undo]:
        raise EntryRefused("/tick marks actions as done; use it in a step that records actions.")

    def agreed_items(self, exercise: ExerciseRun, d: StepDefinition) -> list:
        """Things agreed here (actions), done or not, as records with a `done` flag that
        `/tick` can set: a re-run numbers them all, so a number never moves."""
        return []

    def captured(self, exercise: ExerciseRun, d: StepDefinition) -> int:
        """How many things were said in the step (answers, ratings, dots, meanings...)."""
        return 0

    def lines(self, session: Session, exercise: ExerciseRun, d: StepDefinition, legend: bool = True) -> list[ListLine]:
        """What the step holds, numbered as the grammar numbers it, for `/list` and `show`."""
        return []

    def fill_public(self, view: dict[str, Any], session: Session, exercise: ExerciseRun, d: StepDefinition) -> None:
        """Add to the projector's view (facilitate/public.py) what the room may see of
        this step: never a note, never a private answer's text (count those in
        `view["private"]`), and the layout both projectors draw it in, as plain data:

        - `{"name": "cards"}`: `view["cards"]` (see `public_cards`), with `detail` ""
          (the group under each), "beside" (the detail beside the group) or "below"
          (under the text, `no_detail` when empty), `give_way` "first" or "last" (which
          cards make room when the screen is full), an optional `legend`
          (`{"label", "names"}`: numbered choices shown above compact lines), `empty`;
        - `{"name": "bars"}`: `view["bars"]` (`{"label", "count"}`) and `view["summary"]`;
        - `{"name": "terms"}`: `view["terms"]` (`{"term", "meanings": [{"group",
          "group_index", "meaning"}]}`), `empty`;
        - `{"name": "rows"}`: `view["rows"]` (`{"number", "text", "done"}`), `numbered`,
          `empty`.

        By default the room sees the kind's own summary sentences, as rows."""
        figures = self.figures(session, exercise, d, show_private=False)
        view["layout"] = {"name": "rows", "numbered": False, "empty": "Nothing yet."}
        view["rows"] = [{"number": None, "text": line, "done": False} for line in self.summary_lines(figures)]

    # --- figures ----------------------------------------------------------------------

    def figures(self, session: Session, exercise: ExerciseRun, d: StepDefinition, show_private: bool) -> Any:
        return GenericFigures(self.name, d.id, d.prompt, self.captured(exercise, d))

    def summary_lines(self, figures: Any) -> list[str]:
        """Plain sentences of a step's figures, for a view or report that has no
        layout of its own for this kind."""
        return [f"{figures.count} captured."] if hasattr(figures, "count") else []

    def add_to_headline(self, headline: Headline, exercise_id: str, figures: Any) -> None:
        """Add to the session's headline what this step's figures say, if anything."""

    def agreement_items(
        self, exercise_id: str, figures: Any, groups: list[str], headcount: dict[str, int]
    ) -> list[ItemCounts]:
        """For each item the room rated, chose, tagged or dotted in this step, the
        support of each declared group in `groups`: (k, n), those for it and those
        behind the figure (see figures/agreement.py). Nothing by default."""
        return []

    def add_to_digest(self, digest: SessionDigest, exercise: ExerciseRun, d: StepDefinition) -> None:
        """Keep in the catalogue what summaries of many sessions need of this step."""

    def rename_groups(self, data: Any, rename: dict[str, str]) -> Any:
        """This step's part of a digest with the groups renamed (an earlier name of a
        group to the name it goes by now), adding up what two names had apart."""
        return data

    def across(
        self,
        exercise_id: str,
        d: dict[str, Any],
        present: list[CatalogueSession],
        group_order: list[str],
    ) -> Any | None:
        """This step's figures over many sessions, from their digests; None when the
        kind has nothing to add up."""
        return None

    def compare(self, exercise_id: str, before: Any, after: Any, context: dict[str, Any]) -> Any | None:
        """How this step moved between two sessions; None when there is nothing to compare."""
        return None

    # --- things said, one row each --------------------------------------------------------

    def said(self, session: Session, exercise: ExerciseRun, d: StepDefinition) -> list[Said]:
        """A row per thing said in this step (for spreadsheets, search and the catalogue)."""
        return []

    def said_from_digest(self, exercise_id: str, d: dict[str, Any], data: Any) -> list[Said]:
        """The rows of a step that is not searchable, rebuilt from its digest."""
        return []


def answer_of(ctx: StepContext, number: int):
    """Answer `number` (from 1) of the step whose answers this step works on."""
    target = ctx.target
    if target is None:
        raise EntryRefused("This step has no answers to number.")
    answers = target.answers
    if not answers:
        raise EntryRefused(f"There are no answers yet in step {target.id!r}.")
    if not 1 <= number <= len(answers):
        raise EntryRefused(f"There is no answer {number}: answers go from 1 to {len(answers)}.")
    if answers[number - 1].withdrawn:
        raise EntryRefused(f"Answer {number} was withdrawn by the room: it no longer counts.")
    return answers[number - 1]


def counted_answers(answers: list) -> list[tuple[int, Any]]:
    """The answers that count, each with the number it had in the room: one withdrawn
    by the room (or left out of a report) is skipped, and the others keep their numbers."""
    return [(number, answer) for number, answer in enumerate(answers, 1) if answer.counts]


def vote_rank(votes: int, place: Any) -> tuple[int, Any]:
    """The one ranking of answers by dots, wherever they are ranked (a vote step, the
    projector, the catalogue's priorities, /carry): most dots first, then the one that
    came first (the lower answer number, or the earlier place in a list already in the
    room's order)."""
    return (-votes, place)


def read_back(session: Session) -> bool:
    """Whether the room has checked any answer of the session by reading it back."""
    return any(
        answer.checked_with_room
        for exercise in session.exercises
        for record in exercise.steps
        for answer in getattr(record, "answers", ())
    )


def public_cards(view: dict[str, Any], session: Session, answers: list, detail: Callable[[Any], str]) -> None:
    """Cards for the answers the room may see, each with its own number and its group
    named in words; private ones only counted."""
    names = [g.name for g in session.groups]
    for number, answer in counted_answers(answers):
        if answer.private:
            view["private"] += 1
            continue  # counted; the text stays out of the view
        view["cards"].append(
            {
                "number": number,
                "text": answer.text,
                "group": answer.group,
                "group_index": names.index(answer.group) if answer.group in names else None,
                "detail": detail(answer),
                "tagged": bool(answer.tags),
                "votes": answer.votes,
            }
        )


def remove_item(items: list, item: object) -> None:
    """Remove this very object (not an equal one) if it is still there."""
    for index in range(len(items) - 1, -1, -1):
        if items[index] is item:
            del items[index]
            return
