"""The funder pack in Word draws its bars whatever the room: many groups, long names."""

from __future__ import annotations

from pathlib import Path

import pytest

LONG = [
    ("a", "voluntary and community sector organisations"),
    ("b", "local authority commissioning officers"),
    ("c", "national lottery and charitable trust funders"),
    ("d", "health and social care partnership boards"),
    ("e", "residents and people who use the services"),
]


@pytest.mark.parametrize("groups", [LONG, LONG[:4], [(k, n.split()[0]) for k, n in LONG]])
def test_the_funder_word_pack_draws_bars_with_many_groups_and_long_names(cli, sessions, tmp_path, groups):
    from docx import Document
    from docx.shared import Cm

    args = ["new", "Many groups", "--date", "2027-07-10", "--location", "Leeds"]
    for key, name in groups:
        args += ["--group", f"{key}={name}", "--headcount", f"{key}=6"]
    made = cli(*args)
    assert made.exit_code == 0, made.stderr
    path = Path(made.stdout.strip())
    for key, _ in groups:
        assert cli("add", str(path), "sharing", "share-with", f"{key}: 1 2 3").exit_code == 0
        assert cli("add", str(path), "measuring", "importance", f"{key}: 4 5 3").exit_code == 0
        assert cli("add", str(path), "measuring", "today", f"{key}: what {key} measures").exit_code == 0
    out = tmp_path / "funder.docx"
    result = cli("export", str(path), "--for", "funder", "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    document = Document(str(out))
    charts = [t for t in document.tables if t.rows[0].cells[-1].text == "Chart"]
    assert charts
    page = Cm(16.0)
    for table in document.tables:
        widths = [column.width for column in table.columns]
        assert all(w is not None and w > 0 for w in widths), widths
        assert sum(widths) <= page + Cm(0.01)
    # Every bar is there, as long as its share allows and never longer than its column.
    bars = [cell for table in charts for row in table.rows[1:] for cell in row.cells[-1].tables[:1]]
    assert bars
    for inner in bars:
        assert 0 < inner.columns[0].width <= Cm(6.0)
