"""The registry of step kinds: a kind's name to the object that knows it.

It stands on the ground floor and imports no kind: a built-in kind's module is loaded
by its name on first use, so a command that never meets a step (`list`, `--help`)
never imports them. `register` adds a kind from anywhere, which is how a new kind is
tried out before it becomes a module under `kinds/`. What a kind provides is
`kinds.base.StepKind`; the registry needs only its name and its rows' defaults.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol


class StepKind(Protocol):
    """The little the registry reads of a kind (the whole of it is kinds.base.StepKind)."""

    name: str
    said_defaults: dict[str, Any]


BUILT_IN = ("capture", "scale", "choice", "tag", "vote", "glossary", "actions")

_registered: dict[str, StepKind] = {}

# What the rows of a built-in kind always carry (figures.rows.Said), even when a stored
# row leaves them out as empty. Kept here, not only in the kinds' modules, so reading
# stored rows (search) never loads the kinds and the model behind them.
SAID_DEFAULTS: dict[str, dict] = {
    "capture": {"tags": [], "votes": 0, "private": False},
    "actions": {"done": False},
}

# What one thing said in a built-in kind's step is called, in the room's words (search
# lists "answer 3 in measuring/today"); kept here for the same reason.
SAID_AS: dict[str, str] = {"capture": "answer", "glossary": "meaning", "actions": "action"}


def register(kind: StepKind) -> StepKind:
    """Make a kind known by its name; a later registration of the same name replaces it."""
    if not kind.name:
        raise ValueError("a step kind needs a name")
    _registered[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Forget a kind that is not built in (for trying kinds out)."""
    if name in BUILT_IN:
        raise ValueError(f"{name!r} is built in")
    _registered.pop(name, None)


def kind_names() -> tuple[str, ...]:
    """Every known kind: the built-in ones first, in the order the design lists them."""
    extra = tuple(name for name in _registered if name not in BUILT_IN)
    return BUILT_IN + extra


def kind_named(name: str) -> Any:
    """The kind called `name`. Raises KeyError for a kind nobody registered."""
    found = _registered.get(name)
    if found is None:
        if name not in BUILT_IN:
            raise KeyError(name)
        found = importlib.import_module(f"facilitate.kinds.{name}").KIND
        _registered.setdefault(name, found)
    return found


def said_as(name: str) -> str:
    """What one thing said in a step of the kind called `name` is called ("answer");
    "entry" for a kind that gives it no name of its own, or that nobody registered."""
    if name in BUILT_IN:
        return SAID_AS.get(name, "entry")
    found = _registered.get(name)
    return found.said_as if found is not None else "entry"


def said_defaults(name: str) -> dict:
    """The fields every row of the kind called `name` carries; {} for a kind unknown."""
    if name in BUILT_IN:
        return SAID_DEFAULTS.get(name, {})
    found = _registered.get(name)
    return found.said_defaults if found is not None else {}
