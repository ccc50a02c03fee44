"""The registry of step kinds: a kind's name to the object that knows it.

The seven built-in kinds are loaded on first use, so a command that never meets a
step (`list`, `--help`) never imports them. `register` adds a kind from anywhere,
which is how a new kind is tried out before it becomes a module here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitate.kinds.base import StepKind

BUILT_IN = ("capture", "scale", "choice", "tag", "vote", "glossary", "actions")

_registered: dict[str, StepKind] = {}


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


def kind_named(name: str) -> StepKind:
    """The kind called `name`. Raises KeyError for a kind nobody registered."""
    found = _registered.get(name)
    if found is None:
        if name not in BUILT_IN:
            raise KeyError(name)
        found = importlib.import_module(f"facilitate.kinds.{name}").KIND
        _registered.setdefault(name, found)
    return found
