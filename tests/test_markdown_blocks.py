"""Every Markdown report renders, in a CommonMark renderer, as the blocks it was written
as: each heading its own heading, each answer, dot and meaning its own list item, each
note its own paragraph. A template that swallows a line break glues the next item,
heading or note onto the one before, and then the reader sees one run-on paragraph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facilitate import store
from facilitate.figures.session import summarise
from facilitate.format import PRIVATE_PLACEHOLDER, dots_phrase

EXAMPLE = Path(__file__).resolve().parent.parent / "sessions" / "2026-10-03-example-strength-in-numbers-leeds.yaml"


@pytest.fixture
def example(sessions: Path) -> Path:
    path = sessions / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    return path


def _markdown(cli, *args: str) -> str:
    result = cli("export", *args, "--format", "md", "-o", "-")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _plain(inline) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def _blocks(text: str) -> list[tuple[str, str]]:
    """The rendered document as (what, text) pairs: 'h1'…'h4', 'item', 'para', 'cell'."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks = []
    for i, token in enumerate(tokens):
        if token.type != "inline":
            continue
        # One source line each: a line break inside a block is two blocks run together.
        assert "\n" not in token.content, f"two blocks run together: {token.content!r}"
        opener = tokens[i - 1]
        if opener.type == "heading_open":
            blocks.append((opener.tag, _plain(token)))
        elif opener.type == "paragraph_open":
            blocks.append(("item" if tokens[i - 2].type == "list_item_open" else "para", _plain(token)))
        elif opener.type in ("td_open", "th_open"):
            blocks.append(("cell", _plain(token)))
    return blocks


def _sections(blocks) -> dict[str, list[tuple[str, str]]]:
    """What follows each heading, up to the next heading."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for what, text in blocks:
        if what.startswith("h"):
            current = sections.setdefault(text, [])
        elif current is not None:
            current.append((what, text))
    return sections


def test_every_heading_item_and_note_of_the_report_of_every_kind_is_its_own_block(cli, example):
    session = store.load_session(example)
    kinds = {step.kind for ex in session.exercises for step in ex.steps}
    assert kinds >= {"scale", "capture", "choice", "tag", "vote", "glossary", "actions"}
    summary = summarise(session, with_notes=True)
    blocks = _blocks(_markdown(cli, example.stem, "--with-notes"))
    sections = _sections(blocks)
    headings = [text for what, text in blocks if what.startswith("h")]

    assert ("h1", summary.title) in blocks
    for ex in summary.exercises:
        assert ("h2", ex.title) in blocks
        for step in ex.steps:
            if step.prompt != ex.title:
                assert ("h3", step.prompt) in blocks
            held = sections[step.prompt]
            items = [text for what, text in held if what == "item"]
            if step.kind == "vote":
                # Each item says the answer's number in the room, whatever the order.
                expected = [
                    f"{a.number}. {a.text or PRIVATE_PLACEHOLDER} ({dots_phrase(a.votes, a.dots_by_group)})"
                    + (f" {a.mark}" if a.mark else "")
                    for a in step.ranking
                    if a.votes
                ]
                assert items == expected
            elif step.kind == "capture":
                assert len(items) == len(step.answers)
                for item, a in zip(items, step.answers, strict=True):
                    assert item.startswith(f"{a.number}. {a.text or PRIVATE_PLACEHOLDER}")
            elif step.kind == "glossary":
                meanings = [f"{m.group}: {m.meaning}" for t in step.terms for m in t.meanings]
                assert items == meanings
            elif step.kind == "actions":
                assert all(("cell", a.action) in held for a in step.actions)
            else:
                assert any(what == "cell" for what, _ in held), step.kind
        if ex.notes:
            assert headings.count(ex.title) == 1
            held = sections[ex.steps[-1].prompt]
            assert ("para", "Facilitator notes") in held
            for line in ex.notes.splitlines():
                assert ("para", line) in held

    for step in summary.headline.priorities:
        held = sections["Headline"]
        for p in step.priorities:
            assert ("item", f"{p.text} (answer {p.number}; {p.group}, {dots_phrase(p.votes, p.dots_by_group)})") in held


@pytest.mark.parametrize("reader", ["community", "funder"])
def test_every_heading_and_item_of_a_pack_is_its_own_block(cli, example, reader):
    summary = summarise(store.load_session(example))
    blocks = _blocks(_markdown(cli, example.stem, "--for", reader))
    assert ("h1", summary.title) in blocks
    for ex in summary.exercises:
        assert ("h3", ex.title) in blocks
    vote = next(step for ex in summary.exercises for step in ex.steps if step.kind == "vote")
    items = [text for what, text in blocks if what == "item"]
    for a in vote.ranking:
        if a.votes and a.text:
            assert any(a.text in item and item.endswith(" dots)") for item in items)


def test_every_heading_and_item_of_a_report_of_several_workshops_is_its_own_block(cli, example):
    second = example.with_name("2026-11-07-example-again.yaml")
    text = example.read_text(encoding="utf-8").replace(
        "id: 2026-10-03-example-strength-in-numbers-leeds", "id: 2026-11-07-example-again"
    )
    second.write_text(text.replace("date: 2026-10-03", "date: 2026-11-07"), encoding="utf-8")
    blocks = _blocks(_markdown(cli, "--all"))
    headings = [text for what, text in blocks if what.startswith("h")]
    assert "What people voted for" in headings and "The register of shared terms" in headings
    voted = _sections(blocks)["What people voted for"]
    assert voted and all(what == "item" for what, _ in voted)
