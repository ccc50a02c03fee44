"""The shapes every step kind fills: a row per thing said, the catalogue's digest of a
session, the headline of a session, and what a kind hands over for the agreement
between groups.

They live with the kinds, not with the figures that read them, so a kind needs
nothing above it to say what it holds; `figures/` reads these and adds them up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

# Fewer people, responses or dots than this behind a group's figure: too few to compare.
ENOUGH = 3


@dataclass
class Said:
    """One thing said in a step, with the number it has in the room."""

    exercise: str
    step: str
    kind: str
    number: int
    group: str | None = None
    term: str | None = None
    text: str | None = None
    value: int | None = None
    tags: list[str] | None = None
    votes: int | None = None
    owner: str | None = None
    due: str | None = None
    private: bool | None = None
    done: bool | None = None
    # How the room checked an answer read back to it; None for one not (yet) checked.
    checked: str | None = None
    session: str = ""
    skipped: bool | None = None  # True when the step was skipped in the room
    carried_from: str | None = None  # the session an answer was carried from (/carry)
    # The session file it was said in, when found through the catalogue: two files may
    # declare one id (a copy edited by hand), and each answer belongs to its own.
    file: str = ""


@dataclass
class DigestMeaning:
    term: str
    group: str
    meaning: str


@dataclass
class DigestPriority:
    text: str | None  # None when the answer is private
    group: str
    votes: int
    exercise: str
    step: str
    number: int  # the answer's number in its step


@dataclass
class DigestAction:
    action: str
    owner: str | None
    due: str | None
    done: bool


@dataclass
class SessionDigest:
    """Everything a summary across sessions needs from one session."""

    TOP_PER_SESSION: ClassVar[int] = 10  # most-voted answers kept for the priorities

    steps: dict[str, Any] = field(default_factory=dict)  # "exercise/step" -> that kind's own part
    answers: int = 0
    private: int = 0
    checked: int = 0  # answers checked with the room when read back (withdrawn ones too)
    withdrawn: int = 0  # answers the room withdrew: kept in the file, counted nowhere else
    entries: int = 0  # everything said: answers, ratings, choices, dots, meanings, actions
    meanings: list[DigestMeaning] = field(default_factory=list)
    priorities: list[DigestPriority] = field(default_factory=list)
    actions: list[DigestAction] = field(default_factory=list)
    definitions: str = ""  # the key of the session's step definitions (stored once per set)
    skipped: list[str] = field(default_factory=list)  # "exercise/step" of each step skipped in the room
    # Each group's other names in earlier workshops (`also` in the file): name -> names.
    also: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class CatalogueSession:
    """One session as summaries of many see it."""

    id: str
    title: str
    date: str
    location: str
    status: str
    groups: list[str]
    definitions: list[dict[str, Any]]
    digest: SessionDigest
    rows: list[Said] | None = None  # only when asked for (rows of many sessions)


@dataclass
class Headline:
    agreements: list[Any] = field(default_factory=list)  # AgreementItems with a high bridging score
    # When no item reaches the bar: the one nearest to it, named in one line instead,
    # and the bar (figures/agreement.py's HIGH).
    closest: Any = None
    bar: float = 0.0
    priorities: list[Any] = field(default_factory=list)  # one StepPriorities per vote step
    scale_gaps: list[Any] = field(default_factory=list)
    tag_gaps: list[Any] = field(default_factory=list)
    disputed_terms: list[Any] = field(default_factory=list)


@dataclass
class ItemCounts:
    """What a kind hands over for one item: per declared group, (k, n), the people,
    responses or dots supporting it and those behind the figure."""

    exercise: str
    step: str
    prompt: str
    text: str | None  # the item: a rating phrase, an option, a tag, an answer (None when private)
    unit: str  # what n counts: "rating", "response", "answer", "dot"
    counts: dict[str, tuple[int, int]]
    number: int | None = None  # an answer's own number, when the item is an answer
    entries: str = ""  # what the room gave, in the plural ("hands", "dots"), for the reports' words
