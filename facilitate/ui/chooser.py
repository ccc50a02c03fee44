"""`facilitate run` without a session: choose one of the unfinished sessions, newest
first, or name a new workshop, which is planned on the built-in exercises."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import questionary
import typer

from facilitate.folder import add_new, session_path, taken_ids


def choose_session(catalogue, folder: Path, user_exercises: Path) -> Path:
    # The catalogue knows every session's status without parsing the files again.
    unfinished = [s for s in catalogue.sessions() if s.status != "finished" and not s.archived]
    unfinished.sort(key=lambda s: (s.date, s.updated), reverse=True)
    if unfinished:
        choices = [questionary.Choice(f"{s.title} ({s.date}, {s.status})", value=s.id) for s in unfinished]
        choices.append(questionary.Choice("Start a new workshop", value=None))
        picked = questionary.select("Which workshop?", choices=choices).unsafe_ask()
        if picked is not None:
            return session_path(picked, folder)
    title = questionary.text(
        "Title of the new workshop:", validate=lambda t: bool(t.strip()) or "Give the workshop a name."
    ).unsafe_ask()
    return new_default_session(folder, user_exercises, title.strip())


def new_default_session(folder: Path, user_exercises: Path, title: str) -> Path:
    """A new workshop on the built-in exercises, today, with the default groups."""
    from facilitate.exercises import BUILT_IN, find_exercise
    from facilitate.planning import DEFAULT_GROUPS, plan_session

    definitions = [find_exercise(e, user_exercises) for e in BUILT_IN]
    session = plan_session(title, dt.date.today(), definitions, DEFAULT_GROUPS, taken_ids(folder))
    path = add_new(folder, session)
    typer.echo(f"Created {path}")
    return path
