"""`export -o` never destroys: a session file, the sessions folder's own files, a link,
a FIFO, a device and an existing report are refused with one line and left as they were."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitate import store


@pytest.fixture
def session_path(workshop):
    w, path = workshop
    w.enter("measuring", "today", "c: people feel less alone")
    return path


def refused(cli, session_path, target, *extra) -> str:
    result = cli("export", str(session_path), "--format", "md", "-o", str(target), *extra)
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def test_export_refuses_to_write_over_the_session_file_even_with_force(cli, session_path):
    before = session_path.read_bytes()
    assert "sessions folder's own files" in refused(cli, session_path, session_path)
    assert "sessions folder's own files" in refused(cli, session_path, session_path, "--force")
    assert session_path.read_bytes() == before
    assert store.load_session(session_path).exercise("measuring").step("today").answers


def test_export_refuses_a_session_file_outside_the_folder_and_the_folders_own_files(cli, session_path, tmp_path):
    elsewhere = tmp_path / "copy.yaml"
    elsewhere.write_bytes(session_path.read_bytes())
    assert "is a session file" in refused(cli, session_path, elsewhere, "--force")
    assert elsewhere.read_bytes() == session_path.read_bytes()
    for name in (".facilitate-index.json", f".{session_path.name}.lock", f".{session_path.name}.holder"):
        target = session_path.parent / name
        assert "own files" in refused(cli, session_path, target, "--force")
        assert not target.exists() or name == ".facilitate-index.json"


def test_export_refuses_a_symbolic_link_and_leaves_it_and_what_it_points_to(cli, session_path, tmp_path):
    kept = tmp_path / "kept.md"
    kept.write_text("mine", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(kept)
    assert "symbolic link" in refused(cli, session_path, link, "--force")
    assert link.is_symlink() and kept.read_text(encoding="utf-8") == "mine"
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    assert "symbolic link" in refused(cli, session_path, dangling)
    assert dangling.is_symlink() and not (tmp_path / "nowhere.md").exists()


def test_export_refuses_a_fifo_and_a_device(cli, session_path, tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(cli, session_path, fifo, "--force")
    assert Path(fifo).is_fifo()
    # /dev/null is a character device; as root the replace would have succeeded.
    assert "not a regular file" in refused(cli, session_path, "/dev/null", "--force")
    assert Path("/dev/null").is_char_device()


def test_export_keeps_an_existing_report_unless_forced_and_then_replaces_it_whole(cli, session_path, tmp_path):
    target = tmp_path / "report.md"
    target.write_text("an earlier report", encoding="utf-8")
    assert "already exists; add --force" in refused(cli, session_path, target)
    assert target.read_text(encoding="utf-8") == "an earlier report"
    inode = target.stat().st_ino
    result = cli("export", str(session_path), "--format", "md", "-o", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert "people feel less alone" in target.read_text(encoding="utf-8")
    # Replaced by a new file (temp file then rename), not rewritten in place.
    assert target.stat().st_ino != inode
    assert target.is_file() and not target.is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_to_a_new_name_without_a_suffix_makes_a_folder_for_every_format(cli, session_path, tmp_path):
    folder = tmp_path / "reports"
    written = []
    for fmt in ("md", "html"):
        result = cli("export", str(session_path), "--format", fmt, "-o", str(folder))
        assert result.exit_code == 0, result.stderr
        written.append(Path(result.stdout.strip()))
    assert folder.is_dir()
    assert [p.parent for p in written] == [folder, folder]
    assert sorted(p.suffix for p in folder.iterdir()) == [".html", ".md"]


@pytest.mark.parametrize(
    ("fmt", "name"), [("docx", "new.md"), ("md", "new.docx"), ("html", "notes.txt"), ("csv", "a.json")]
)
def test_export_refuses_a_file_named_for_another_format_and_writes_nothing(cli, session_path, tmp_path, fmt, name):
    target = tmp_path / name
    result = cli("export", str(session_path), "--format", fmt, "-o", str(target))
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f"{name} does not end in .{fmt}; name the file {Path(name).stem}.{fmt}, "
        "or give a folder (a name without a suffix, or one ending in /)."
    )
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sessions"]


def test_a_file_name_ending_in_a_space_is_refused_saying_so(cli, session_path, tmp_path):
    result = cli("export", str(session_path), "--format", "csv", "-o", str(tmp_path / "new.csv "))
    assert result.exit_code == 1
    assert result.stderr.strip() == "'new.csv ' starts or ends with a space; give the name without it."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sessions"]


def test_a_community_pack_named_for_another_format_is_refused_too(cli, session_path, tmp_path):
    result = cli("export", str(session_path), "-f", "docx", "--for", "community", "-o", str(tmp_path / "pack.html"))
    assert result.exit_code == 1
    assert "pack.html does not end in .docx" in result.stderr
    assert not (tmp_path / "pack.html").exists()


def test_an_existing_file_of_another_format_is_refused_even_with_force_and_kept(cli, session_path, tmp_path):
    kept = tmp_path / "notes.md"
    kept.write_text("mine", encoding="utf-8")
    assert "notes.md does not end in .docx" in refused_as(cli, session_path, kept, "docx", "--force")
    assert kept.read_text(encoding="utf-8") == "mine"


def test_a_file_whose_suffix_matches_its_format_is_written_in_any_case(cli, session_path, tmp_path):
    for fmt, name in (("md", "Report.MD"), ("html", "page.htm"), ("docx", "funders.docx")):
        result = cli("export", str(session_path), "--format", fmt, "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / name).stat().st_size > 0


def refused_as(cli, session_path, target, fmt, *extra) -> str:
    result = cli("export", str(session_path), "--format", fmt, "-o", str(target), *extra)
    assert result.exit_code == 1, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr
