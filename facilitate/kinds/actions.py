"""`actions`: who does what by when (`action; owner; due`), ticked off with `/tick N`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from facilitate.errors import EntryRefused
from facilitate.format import count, done_mark, long_date
from facilitate.kinds.base import ListLine, StepKind, Undo, remove_item
from facilitate.model import Action, ActionsStep
from facilitate.registry import SAID_AS, SAID_DEFAULTS

if TYPE_CHECKING:
    from facilitate.kinds.shapes import Said


@dataclass
class ActionItem:
    action: str
    owner: str | None
    due: str | None
    done: bool


@dataclass
class ActionsSummary:
    kind: ClassVar[str] = "actions"
    layout: ClassVar[str] = "tasks"  # how views and reports draw it (kinds/base.py)
    step: str
    prompt: str
    actions: list[ActionItem]


@dataclass
class AddAction:
    action: str
    owner: str | None
    due: str | None

    def apply(self, ctx) -> tuple[str, Undo]:
        record = ctx.record
        action = Action(action=self.action, owner=self.owner, due=self.due)
        record.actions.append(action)
        return f"Action {len(record.actions)} saved.", lambda: remove_item(record.actions, action)


def action_line(number: int, action: Action | ActionItem) -> str:
    """'2. Share the draft; owner: Sam; due: Friday (done)'."""
    parts = [action.action]
    if action.owner:
        parts.append(f"owner: {action.owner}")
    if action.due:
        parts.append(f"due: {long_date(action.due)}")
    return f"{number}. " + "; ".join(parts) + (f" ({done_mark(True)})" if action.done else "")


class Actions(StepKind):
    name = "actions"
    method = "each action written down with who owns it and when it is due"
    public_table = "actions"
    record = ActionsStep
    searchable = True
    said_defaults = SAID_DEFAULTS["actions"]
    said_as = SAID_AS["actions"]

    def help(self, d) -> list[str]:
        return [
            "Type action; owner; due (owner and due can be left out). /tick N marks action N done",
            "(in a re-run: last time's action N, as the reminder numbered them).",
        ]

    def parse(self, ctx, text: str, group: str | None, private: bool) -> AddAction:
        parts = [p.strip() for p in text.split(";")]
        if len(parts) > 3:
            raise EntryRefused("An action has at most three parts: action; owner; due.")
        parts += [""] * (3 - len(parts))
        action, owner, due = parts
        if not action:
            raise EntryRefused("Type the action first, then ; owner ; due if known.")
        return AddAction(action, owner or None, due or None)

    def take_back_newest(self, ctx) -> str:
        record = ctx.record
        if not record.actions:
            raise EntryRefused("There is nothing to undo in this step.")
        removed = record.actions.pop()
        return f"action {len(record.actions) + 1}: {removed.action}"

    def mark_done(self, ctx, number: int) -> tuple[str, Undo]:
        from facilitate.kinds.numbers import raise_flag

        actions = ctx.record.actions
        if not 1 <= number <= len(actions):
            raise EntryRefused(
                f"There is no action {number}: actions go from 1 to {len(actions)}."
                if actions
                else "There are no actions in this step yet."
            )
        action = actions[number - 1]
        return f"Action {number} is done: {action.action}", raise_flag(action, "done")

    def agreed_items(self, exercise, d) -> list[Action]:
        return list(exercise.step(d.id).actions)

    def captured(self, exercise, d) -> int:
        return len(exercise.step(d.id).actions)

    def lines(self, session, exercise, d, legend: bool = True) -> list[ListLine]:
        record = exercise.step(d.id)
        return [ListLine(action_line(n, a)) for n, a in enumerate(record.actions, 1)]

    def fill_public(self, view, session, exercise, d) -> None:
        view["layout"] = {"name": "rows", "numbered": True, "empty": "No actions yet."}
        view["rows"] = [
            {
                "number": i,
                "text": a.action + (f" — {a.owner}" if a.owner else "") + (f", by {a.due}" if a.due else ""),
                "done": a.done,
            }
            for i, a in enumerate(exercise.step(d.id).actions, 1)
        ]

    def figures(self, session, exercise, d, show_private: bool) -> ActionsSummary:
        record = exercise.step(d.id)
        from facilitate.dates import read_or_typed

        # A due date that names a day is kept as ISO, so every report writes it as people
        # do (1 September 2027); one that does not ("March") is kept as typed.
        items = [ActionItem(a.action, a.owner, read_or_typed(a.due), a.done) for a in record.actions]
        return ActionsSummary(d.id, d.prompt, items)

    def summary_lines(self, figures: ActionsSummary) -> list[str]:
        return [action_line(n, a) for n, a in enumerate(figures.actions, 1)] or [count(0, "action") + "."]

    def add_to_digest(self, digest, exercise, d) -> None:
        from facilitate.kinds.shapes import DigestAction

        record = exercise.step(d.id)
        digest.actions.extend(DigestAction(a.action, a.owner, a.due, a.done) for a in record.actions)

    def said(self, session, exercise, d) -> list[Said]:
        from facilitate.kinds.shapes import Said

        record = exercise.step(d.id)
        return [
            Said(
                exercise=exercise.id,
                step=d.id,
                kind=self.name,
                number=n,
                text=a.action,
                owner=a.owner,
                due=a.due,
                done=a.done,
            )
            for n, a in enumerate(record.actions, 1)
        ]


KIND = Actions()
