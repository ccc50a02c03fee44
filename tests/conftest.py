"""Shared fixtures: a sessions folder per test and a session planned from the built-ins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facilitate import store
from facilitate.cli import app
from facilitate.exercises import library
from facilitate.facilitation import Workshop, save_to
from facilitate.planning import plan_session


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
