"""Every file the package reads at run time (report templates, built-in exercises, the
value themes) is named in pyproject.toml's package-data, so an install that is not
editable (`pip install .`, as the README's first command does) carries it: a template
left out of the install is a report that crashes in the room."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shipped(root: Path) -> set[Path]:
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    found: set[Path] = set()
    for package, patterns in config["tool"]["setuptools"]["package-data"].items():
        base = root / package.replace(".", "/")
        for pattern in patterns:
            found |= {p for p in base.glob(pattern) if p.is_file()}
    return found


def needed(root: Path) -> set[Path]:
    return {
        p
        for p in (root / "facilitate").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }


def test_every_file_the_package_reads_is_installed_with_it():
    missing = sorted(str(p.relative_to(ROOT)) for p in needed(ROOT) - shipped(ROOT))
    assert missing == []


def test_the_check_catches_a_template_in_a_folder_the_patterns_miss(tmp_path):
    (tmp_path / "facilitate" / "export" / "templates" / "steps" / "ratings").mkdir(parents=True)
    (tmp_path / "facilitate" / "export" / "templates" / "report.md.j2").write_text("top")
    (tmp_path / "facilitate" / "export" / "templates" / "steps" / "ratings" / "report.md.j2").write_text("deep")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.setuptools.package-data]\n"facilitate.export" = ["templates/*"]\n', encoding="utf-8"
    )
    left_out = {p.relative_to(tmp_path).as_posix() for p in needed(tmp_path) - shipped(tmp_path)}
    assert left_out == {"facilitate/export/templates/steps/ratings/report.md.j2"}
