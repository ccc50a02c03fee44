"""The exercise library: the built-in exercises shipped as YAML beside this file, and
the facilitator's own from an `exercises/` folder.

A user exercise with the same id as a built-in one takes its place, so a facilitator
can adapt `value` without forking the tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitate.errors import FacilitateError, quoted
from facilitate.model import ExerciseDefinition
from facilitate.registry import kind_names
from facilitate.store import read_text
from facilitate.yaml_reader import describe_validation_error, load_yaml

BUILT_IN_DIR = Path(__file__).parent
BUILT_IN = ("measuring", "value", "sharing")


@dataclass(frozen=True)
class LibraryEntry:
    definition: ExerciseDefinition
    source: Path
    built_in: bool


def parse_exercise(text: str, source: str) -> ExerciseDefinition:
    """Validate one exercise definition; problems name the file, field and line."""
    from pydantic import ValidationError

    data = load_yaml(text, source)
    if not isinstance(data, dict):
        raise FacilitateError(f"{source}: this is not an exercise definition (no fields found).")
    try:
        return ExerciseDefinition.model_validate(data)
    except ValidationError as exc:
        raise FacilitateError(describe_validation_error(exc, text, source, kind_names())) from None


def load_exercise_file(path: Path) -> ExerciseDefinition:
    return parse_exercise(read_text(path), str(path))


def user_exercises_dir(sessions_folder: Path, option: str | Path | None = None) -> Path:
    """`--exercises-dir`, else `exercises/` beside the sessions folder."""
    if option:
        return Path(option)
    return sessions_folder.resolve().parent / "exercises"


def library(user_dir: Path | None = None) -> dict[str, LibraryEntry]:
    """Every exercise available, built-in first, in a stable order."""
    entries: dict[str, LibraryEntry] = {}
    for exercise_id in BUILT_IN:
        path = BUILT_IN_DIR / f"{exercise_id}.yaml"
        entries[exercise_id] = LibraryEntry(load_exercise_file(path), path, True)
    if user_dir is not None and user_dir.is_dir():
        for path in sorted(user_dir.glob("*.y*ml")):
            definition = load_exercise_file(path)
            entries[definition.id] = LibraryEntry(definition, path, False)
    return entries


def find_exercise(exercise_id: str, user_dir: Path | None = None) -> ExerciseDefinition:
    entries = library(user_dir)
    if exercise_id not in entries:
        known = ", ".join(entries)
        raise FacilitateError(
            f"There is no exercise {quoted(exercise_id)}. Known exercises: {known}. "
            "Run `facilitate exercises list` to see them."
        )
    return entries[exercise_id].definition
