"""Shared fixtures: a sessions folder per test and a session planned from the built-ins."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import patience
import pytest
from typer.testing import CliRunner

from facilitate import store
from facilitate.cli import app
from facilitate.exercises import library
from facilitate.facilitation import Workshop, save_to
from facilitate.planning import plan_session

# A parallel worker's environment holds COLUMNS=80 and LINES=24 (GNU readline sets them
# when a worker starts): every program a test starts in a terminal of its own size
# would draw for 80×24 instead. A serial run has neither.
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)


@pytest.fixture(autouse=True)
def _one_ceiling(request: pytest.FixtureRequest) -> None:
    """Each test's waits share one generous ceiling, its own pytest timeout (patience.py)."""
    marker = request.node.get_closest_marker("timeout")
    if marker is not None and (marker.args or "timeout" in marker.kwargs):
        limit = marker.args[0] if marker.args else marker.kwargs["timeout"]
    else:
        limit = request.config.getini("timeout")
    patience.begin(float(limit or 0))


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "sessions"
    folder.mkdir()
    monkeypatch.setenv("FACILITATE_SESSIONS_DIR", str(folder))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    return folder


def new_session(
    folder: Path, title: str = "Strength in Numbers, Birmingham", exercises=("measuring", "value", "sharing")
):
    definitions = [library()[e].definition for e in exercises]
    session = plan_session(
        title,
        dt.date(2027, 6, 12),
        definitions,
        [("c", "community"), ("p", "public sector")],
        {p.stem for p in store.session_files(folder)},
        location="Birmingham",
    )
    path = folder / f"{session.id}.yaml"
    store.save_session(session, path)
    return session, path


@pytest.fixture
def workshop(sessions: Path) -> tuple[Workshop, Path]:
    session, path = new_session(sessions)
    return Workshop(session, save_to(path)), path


class Cli:
    """Runs the real command in-process and keeps stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()
