"""A very long answer and very many answers are shown and written whole, by paths whose
cost grows with what the session holds (bench/linear.py measures them)."""

from __future__ import annotations

from conftest import new_session

from facilitate import store
from facilitate.facilitation import Workshop, save_to


def test_show_prints_a_long_answer_whole_wrapped_and_summary_says_how_much_it_leaves_out(cli, sessions):
    session, path = new_session(sessions)
    w = Workshop(store.load_session(path), save_to(path))
    words = [f"word{n}" for n in range(20_000)]
    w.enter("measuring", "today", "c: " + " ".join(words) + " " + "x" * 300)
    shown = cli("--plain", "show", session.id).stdout
    lines = shown.splitlines()
    start = next(i for i, line in enumerate(lines) if "1. word0 " in line)
    block = []
    for line in lines[start:]:
        block.append(line)
        if line.strip().startswith("x"):
            break
    assert all(len(line) <= 80 for line in lines)
    assert all(line.startswith("       ") for line in block[1:])  # each wrapped line under the first's words
    assert " ".join(block).split()[1:-1] == words  # every word, in order, none cut in two
    summary = cli("--plain", "summary", session.id).stdout
    flat = "".join(c for c in summary if c not in "| \n")  # read across the table's lines
    assert "morecharacters;`facilitateshow`printsthewholeanswer)" in flat
    assert "word19999" not in flat and "word100" in flat


def test_a_word_report_of_many_answers_numbers_and_indents_every_one(cli, sessions, tmp_path):
    from docx import Document

    session, path = new_session(sessions)
    w = Workshop(store.load_session(path), lambda _: None)
    said = [f"answer {n} with  two spaces " if n % 7 else f"line one {n}\nline two" for n in range(1, 301)]
    for n, text in enumerate(said, 1):
        w.enter("measuring", "today", f"{'cp'[n % 2]}: " + text.replace("\n", "\\n"))
    store.save_session(w.session, path)
    out = tmp_path / "report.docx"
    assert cli("export", session.id, "--format", "docx", "-o", str(out)).exit_code == 0
    document = Document(str(out))
    items = [p for p in document.paragraphs if p.text[:1].isdigit() and ".\t" in p.text[:6]]
    assert len(items) == 300
    kept = store.load_session(path).exercise("measuring").step("today").answers
    for number, (paragraph, answer) in enumerate(zip(items, kept, strict=True), 1):
        group = f" ({answer.group})"
        assert paragraph.text.replace("\n", "\\n") == f"{number}.\t{answer.text}{group}".replace("\n", "\\n")
        assert round(paragraph.paragraph_format.left_indent.cm, 2) == 0.8
        assert round(paragraph.paragraph_format.first_line_indent.cm, 2) == -0.8
    # The document still ends with its page settings, after everything written.
    assert document.element.body[-1].tag.endswith("}sectPr")
