"""The house rules of the code, checked by reading it: where step kinds may be named,
which module may write files, and which layers stay free of terminal and report code.

These read the source with `ast`, so they hold whatever the tests happen to run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from facilitate.registry import BUILT_IN

PACKAGE = Path(__file__).resolve().parent.parent / "facilitate"
KIND_NAMES = set(BUILT_IN)


def modules(*, outside: tuple[str, ...] = (), under: str | None = None) -> list[Path]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if under is not None and not relative.startswith(under):
            continue
        if any(relative.startswith(prefix) for prefix in outside):
            continue
        found.append(path)
    return found


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _names_kind(node: ast.AST) -> bool:
    """`x.kind`, `kind`, or `x.kind.name`-like expressions."""
    return (isinstance(node, ast.Attribute) and node.attr == "kind") or (
        isinstance(node, ast.Name) and node.id == "kind"
    )


def _kind_constants(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value} & KIND_NAMES
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return {e.value for e in node.elts if isinstance(e, ast.Constant) and e.value in KIND_NAMES}
    return set()


def kind_branches(path: Path) -> list[str]:
    """Places that compare a step's kind with a kind's name, or look kinds up by name."""
    found = []
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_names_kind(side) for side in sides) and any(_kind_constants(side) for side in sides):
                found.append(f"{path.name}:{node.lineno}")
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
            if len(keys & KIND_NAMES) >= 2:
                found.append(f"{path.name}:{node.lineno} (a table by kind)")
        if isinstance(node, ast.Match):
            found.append(f"{path.name}:{node.lineno} (match)")
    return found


def test_only_kinds_ui_and_export_branch_on_a_steps_kind():
    checked = modules(outside=("kinds/", "registry.py", "ui/", "export/"))
    assert len(checked) > 10
    offenders = [place for path in checked for place in kind_branches(path)]
    assert offenders == []


def test_the_write_check_finds_writes_and_leaves_text_alone(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'text.replace("a", "b")\nos.replace(a, b)\nopen(p, "w")\nopen(p)\np.write_text("x")\ntemp.replace(path)\n',
        encoding="utf-8",
    )
    assert writes(sample) == [
        "sample.py:2 replace",
        "sample.py:3 open('w')",
        "sample.py:5 write_text",
        "sample.py:6 replace",
    ]


def test_the_kind_check_finds_a_branch_when_there_is_one(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('if step.kind == "scale":\n    pass\nif kind in ("tag", "vote"):\n    pass\n', encoding="utf-8")
    assert kind_branches(sample) == ["sample.py:1", "sample.py:3"]


# Always writing, whatever they are called on.
_WRITING_CALLS = {"write_text", "write_bytes", "touch", "mkstemp", "NamedTemporaryFile", "renames", "copyfile", "copy2"}
# Writing when called on os or shutil, or (replace, rename) on a path with one argument;
# str.replace takes two.
_WRITING_IF_A_FILE = {"replace", "rename", "move", "copy", "link", "symlink", "symlink_to"}


def writes(path: Path) -> list[str]:
    """Calls that open a file for writing or replace one."""
    found = []
    for node in ast.walk(tree(path)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        if name in _WRITING_CALLS or (
            name in _WRITING_IF_A_FILE
            and owner != "dataclasses"
            and (owner in ("os", "shutil") or (len(node.args) == 1 and name != "copy"))
        ):
            found.append(f"{path.name}:{node.lineno} {name}")
        if name in ("open", "fdopen"):
            mode = (
                node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
            )
            flags = ast.unparse(node.args[1]) if name == "open" and len(node.args) > 1 else ""
            if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and set(mode.value) & set("wax+"):
                found.append(f"{path.name}:{node.lineno} {name}({mode.value!r})")
            elif "O_WRONLY" in flags or "O_RDWR" in flags or "O_CREAT" in flags:
                found.append(f"{path.name}:{node.lineno} os.open({flags})")
    return found


def test_only_the_store_opens_files_for_writing_or_replaces_them():
    checked = [p for p in modules() if p.name != "store.py"]
    offenders = [place for path in checked for place in writes(path)]
    assert offenders == []
    assert writes(PACKAGE / "store.py"), "the check must see the store's own writes"


TERMINAL_AND_REPORTS = ("rich", "questionary", "prompt_toolkit", "typer", "jinja2", "docx")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    "layer", ["figures/", "kinds/", "entry.py", "facilitation.py", "model.py", "planning.py", "catalogue.py"]
)
def test_domain_layers_import_no_terminal_or_report_library(layer):
    checked = modules(under=layer)
    assert checked
    offenders = {p.name: sorted(imported(p) & set(TERMINAL_AND_REPORTS)) for p in checked}
    assert {name: libs for name, libs in offenders.items() if libs} == {}


def test_ui_never_imports_export():
    offenders = []
    for path in modules(under="ui/"):
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("facilitate.export"):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
