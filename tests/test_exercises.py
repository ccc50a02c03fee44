"""The built-in exercises and the shipped example session."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from facilitate import store
from facilitate.exercises import BUILT_IN, library
from facilitate.registry import BUILT_IN as STEP_KINDS

ROOT = Path(__file__).resolve().parent.parent


def test_built_ins_together_use_every_step_kind():
    kinds = {step.kind for e in BUILT_IN for step in library()[e].definition.steps}
    assert kinds == set(STEP_KINDS)


def test_every_step_has_a_prompt_and_hint_and_every_option_a_description():
    for exercise_id in BUILT_IN:
        d = library()[exercise_id].definition
        assert d.intro.strip() and d.minutes > 0
        for step in d.steps:
            assert step.prompt.strip() and step.hint.strip(), step.id
            if step.kind == "tag":
                assert all(o.description.strip() for o in step.options), step.id


def test_value_kinds_are_the_eight_kinds_of_value():
    kinds = library()["value"].definition.step("kinds")
    assert [o.name for o in kinds.options] == [
        "financial / cash",
        "public-cost saving",
        "economic",
        "social / community",
        "wellbeing / personal",
        "environmental",
        "relational / trust",
        "organisational / capacity",
    ]
    descriptions = {o.name: o.description for o in kinds.options}
    # The difference that matters most in the room: a proxy is not spendable cash.
    assert "proxy" in descriptions["public-cost saving"]
    assert "budget line" in descriptions["financial / cash"]


def test_glossary_suggests_the_words_used_differently():
    words = library()["value"].definition.step("words")
    assert words.suggestions == ["social value", "impact", "outcome", "output", "value for money", "evidence"]


def test_example_session_is_a_finished_workshop_with_every_kind_filled():
    path = ROOT / "sessions" / "2026-10-03-example-strength-in-numbers-leeds.yaml"
    session = store.load_session(path)
    assert session.status == "finished"
    for exercise in session.exercises:
        assert exercise.finished is not None
        for step in exercise.steps:
            assert step.status == "done"
    filled = {
        "capture": any(s.answers for e in session.exercises for s in e.steps if s.kind == "capture"),
        "scale": bool(session.exercise("measuring").step("importance").responses),
        "choice": bool(session.exercise("sharing").step("share-with").responses),
        "glossary": bool(session.exercise("value").step("words").terms),
        "actions": bool(session.exercise("sharing").step("next").actions),
    }
    assert all(filled.values()), filled
    assert any(a.private for a in session.exercise("sharing").step("barriers").answers)
    # It shows what the summary makes of dots typed by group and of a read-back.
    answers = [a for e in session.exercises for s in e.steps for a in getattr(s, "answers", [])]
    assert all(sum(a.dots_by_group.values()) == a.votes for a in answers)
    assert sum(a.votes for a in answers) > 0
    assert {a.checked for a in answers} == {"confirmed", "amended", None}
    amended = [a for a in answers if a.checked == "amended"]
    assert [(a.was, a.text) for a in amended] == [
        (["Feedback forms after each session"], "Feedback forms after each session, which hardly anyone fills in")
    ]


@pytest.mark.skipif(shutil.which("facilitate") is None, reason="the console script is not installed")
def test_installed_command_works_from_anywhere(tmp_path):
    """Run from outside the repository, so the installed package is what gets imported:
    its exercise files and every subpackage must have been installed."""
    result = subprocess.run(["facilitate", "exercises", "list"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(BUILT_IN)
    example = ROOT / "sessions" / "2026-10-03-example-strength-in-numbers-leeds.yaml"
    result = subprocess.run(["facilitate", "show", str(example)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Example: Strength in Numbers, Leeds" in result.stdout
