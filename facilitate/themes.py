"""The kinds of value mapped to the themes of the UK government's Social Value Model.

The funder pack shows which theme of the model (PPN 002) each kind of value the room
named belongs to. The mapping is data a user can edit: the one shipped in
`facilitate/data/value-themes.yaml`, or `value-themes.yaml` beside the sessions folder
when there is one. Names only: no measures and no money values are shipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from facilitate.errors import FacilitateError, quoted

FILE_NAME = "value-themes.yaml"
BUILT_IN = Path(__file__).parent / "data" / FILE_NAME


@dataclass
class ValueThemes:
    model: str
    themes: list[str]
    kinds: dict[str, list[str]]  # kind of value (a tag's name) -> theme names
    source: str = field(default="built in")

    def themes_of(self, kind: str) -> list[str] | None:
        """The themes a kind of value maps to; None when the mapping does not name it."""
        for name, themes in self.kinds.items():
            if name.casefold() == kind.casefold():
                return themes
        return None


def themes_path(sessions_folder: Path) -> Path:
    """The user's own mapping beside the sessions folder, else the one shipped."""
    own = sessions_folder.resolve().parent / FILE_NAME
    return own if own.is_file() else BUILT_IN


def parse_value_themes(text: str, source: str) -> ValueThemes:
    """A mapping file read and checked; a problem is one sentence naming the file."""
    from facilitate.yaml_reader import load_yaml

    data = load_yaml(text, source)
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), dict):
        raise FacilitateError(f"{source}: a value themes file needs `kinds:`, each kind of value with its themes.")
    model = data.get("model", "Social Value Model (PPN 002)")
    themes = data.get("themes") or []
    if not isinstance(model, str) or not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise FacilitateError(f"{source}: `model` should be a name and `themes` a list of theme names.")
    kinds: dict[str, list[str]] = {}
    for kind, mapped in data["kinds"].items():
        mapped = [] if mapped is None else [mapped] if isinstance(mapped, str) else mapped
        if not isinstance(kind, str) or not isinstance(mapped, list) or not all(isinstance(t, str) for t in mapped):
            raise FacilitateError(f"{source}: kind {quoted(kind)} should map to a list of theme names.")
        unknown = [t for t in mapped if themes and t not in themes]
        if unknown:
            raise FacilitateError(
                f"{source}: kind {quoted(kind)} maps to {quoted(unknown[0])}, "
                "which is not one of the themes listed in `themes`."
            )
        kinds[kind] = list(mapped)
    return ValueThemes(model, list(themes), kinds, source)


def load_value_themes(sessions_folder: Path) -> ValueThemes:
    from facilitate.store import read_text

    path = themes_path(sessions_folder)
    themes = parse_value_themes(read_text(path), str(path))
    themes.source = "built in" if path == BUILT_IN else str(path)
    return themes
