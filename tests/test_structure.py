"""The house rules of the code, checked by reading it: where step kinds may be named,
which module may write files, and which layers stay free of terminal and report code.

These read the source with `ast`, so they hold whatever the tests happen to run."""

from __future__ import annotations

import ast
import re
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


# --- a kind draws itself through data: no kind named outside kinds/ -------------------------

# A template's tags, `{% ... %}` and `{{ ... }}`, where a branch or a lookup would sit.
_TEMPLATE_TAG = re.compile(r"\{[{%](.*?)[%}]\}", re.S)
_ANY_KIND = "|".join(sorted(KIND_NAMES))
_QUOTED_KIND = re.compile(rf"""["']({_ANY_KIND})["']""")


def _about_kind(node: ast.AST) -> bool:
    """An expression that reads a step's kind: `step.kind`, `kind`, `view["step"]["kind"]`,
    `d.get("kind")`."""
    return any(
        (isinstance(sub, ast.Attribute) and sub.attr == "kind")
        or (isinstance(sub, ast.Name) and sub.id == "kind")
        or (isinstance(sub, ast.Constant) and sub.value == "kind")
        for sub in ast.walk(node)
    )


def kind_names_used(path: Path) -> list[str]:
    """Each place in a module or template that compares a step's kind to a kind's name,
    or keys a table by kinds' names, as `file:line: what`."""
    text = path.read_text(encoding="utf-8")
    found = []
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if isinstance(node, ast.Compare):
                parts = [node.left, *node.comparators]
                if any(_about_kind(p) for p in parts) and any(_kind_constants(p) for p in parts):
                    found.append(f"{path.name}:{node.lineno}: compares a step's kind to a kind's name")
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.IfExp):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = _kind_constants(node.value.body) | _kind_constants(node.value.orelse)
                if any(_about_kind(t) for t in targets) and names:
                    found.append(f"{path.name}:{node.lineno}: sets a kind to a kind's name")
            elif isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and k.value in KIND_NAMES]
                if len(keys) >= 2:
                    found.append(f"{path.name}:{node.lineno}: a table keyed by kinds' names ({', '.join(keys)})")
    else:
        for tag in _TEMPLATE_TAG.finditer(text):
            if re.search(r"\bkind\b", tag[1]) and _QUOTED_KIND.search(tag[1]):
                line = text.count("\n", 0, tag.start()) + 1
                found.append(f"{path.name}:{line}: compares a step's kind to a kind's name")
    return sorted(found, key=lambda hit: int(hit.split(":")[1]))


def outside_kinds(root: Path) -> list[Path]:
    """Every module and template under root but those of kinds/ and the registry."""
    return [
        path
        for path in sorted(root.rglob("*"))
        if path.suffix in (".py", ".j2", ".html")
        and not path.relative_to(root).as_posix().startswith("kinds/")
        and path.relative_to(root).as_posix() != "registry.py"
    ]


def test_no_step_kind_is_compared_to_a_kind_name_outside_kinds_templates_included():
    found = [hit for path in outside_kinds(PACKAGE) for hit in kind_names_used(path)]
    assert found == [], "a kind's layout, section or attribute says this instead:\n" + "\n".join(found)


def test_the_kind_name_check_catches_a_branch_a_table_and_a_template(tmp_path):
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "scale.py").write_text('if step.kind == "scale":\n    pass\n', encoding="utf-8")
    (tmp_path / "view.py").write_text(
        'if view["step"]["kind"] in ("tag", "vote"):\n    pass\n'
        'kind = "glossary" if showing else step.kind\n'
        'TABLE = {"capture": "answers", "scale": "ratings"}\n'
        'if d.get("kind") != "actions":\n    pass\n',
        encoding="utf-8",
    )
    (tmp_path / "report.md.j2").write_text(
        '{% for step in ex.steps %}\n{% if step.prompt %}x{% endif %}\n{% elif step.kind == "vote" %}\n{% endfor %}\n',
        encoding="utf-8",
    )
    # Layouts and other words compared to names are not kinds: left alone.
    (tmp_path / "clean.py").write_text(
        'if layout_of(step) == "ranking":\n    pass\nTABLES = {"answers": 1, "actions": 2}\n'
        "if step.kind == other.kind:\n    pass\n",
        encoding="utf-8",
    )
    (tmp_path / "clean.html.j2").write_text('{% include section(step, "report.html") %}\n', encoding="utf-8")
    found = {path.name: kind_names_used(path) for path in outside_kinds(tmp_path)}
    assert "scale.py" not in found  # a kind's own module may name kinds
    assert found["view.py"] == [
        "view.py:1: compares a step's kind to a kind's name",
        "view.py:3: sets a kind to a kind's name",
        "view.py:4: a table keyed by kinds' names (capture, scale)",
        "view.py:5: compares a step's kind to a kind's name",
    ]
    assert found["report.md.j2"] == ["report.md.j2:3: compares a step's kind to a kind's name"]
    assert found["clean.py"] == [] and found["clean.html.j2"] == []


# --- the floors: every import runs down -------------------------------------------------------


def module_names(root: Path) -> dict[str, Path]:
    """Every module of the package at `root`, by its dotted name (a package by its own)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = [root.name, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def import_edges(root: Path) -> dict[str, set[str]]:
    """For each module of the package, the package's modules it imports anywhere: at the
    top, inside a function or under TYPE_CHECKING alike (ast.walk sees them all)."""
    names = module_names(root)

    def owner(name: str) -> str | None:
        while name and name not in names:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[str, set[str]] = {name: set() for name in names}
    for name, path in names.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree(path)):
            wanted: list[str] = []
            if isinstance(node, ast.Import):
                wanted = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                wanted = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in names else base for alias in node.names]
            for target in wanted:
                found = owner(target) if target.split(".")[0] == root.name else None
                if found is not None and found != name:
                    edges[name].add(found)
    return edges


def import_cycles(root: Path) -> list[list[str]]:
    """Each group of modules that import one another round in a circle (Tarjan's
    strongly connected components of more than one module)."""
    edges = import_edges(root)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in sorted(edges[name]):
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == name:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for name in sorted(edges):
        if name not in index:
            visit(name)
    return circles


def test_no_import_goes_round_in_a_circle_counting_imports_in_functions_and_under_type_checking():
    assert import_cycles(PACKAGE) == []


def test_the_circle_check_finds_a_circle_hidden_in_a_function_and_under_type_checking(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (package / "low.py").write_text("def f():\n    from pkg.sub import high\n", encoding="utf-8")
    (package / "sub" / "high.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..middle import thing\n", encoding="utf-8"
    )
    (package / "middle.py").write_text("import pkg.low\n", encoding="utf-8")
    (package / "alone.py").write_text("from pkg import low\n", encoding="utf-8")
    assert import_cycles(package) == [["pkg.low", "pkg.middle", "pkg.sub.high"]]
    (package / "low.py").write_text("", encoding="utf-8")
    assert import_cycles(package) == []


# What kinds/ may import: its own modules, the ground floor and the model. Not the engine,
# the grammar, the figures, the store, the catalogue, the terminal or the reports.
KINDS_MAY_IMPORT = ("kinds", "registry", "format", "yaml_reader", "yaml_writer", "dates", "errors", "typed", "model")


def imports_outside(root: Path, under: str, allowed: tuple[str, ...]) -> list[str]:
    """Imports from the modules under `under` (like "pkg.kinds") of any package module
    not in `allowed` (names just below the package)."""
    return sorted(
        f"{name} -> {target}"
        for name, targets in import_edges(root).items()
        if name == under or name.startswith(under + ".")
        for target in targets
        if target != root.name and target.split(".")[1] not in allowed
    )


def test_kinds_stand_on_their_own_vocabulary_the_ground_floor_and_the_model():
    assert imports_outside(PACKAGE, "facilitate.kinds", KINDS_MAY_IMPORT) == []


def test_the_kinds_check_finds_a_kind_that_asks_the_engine_or_the_figures(tmp_path):
    package = tmp_path / "facilitate"
    (package / "kinds").mkdir(parents=True)
    (package / "figures").mkdir()
    for name in ("__init__.py", "kinds/__init__.py", "figures/__init__.py", "figures/rows.py", "model.py"):
        (package / name).write_text("", encoding="utf-8")
    (package / "facilitation.py").write_text("", encoding="utf-8")
    (package / "kinds" / "toy.py").write_text(
        "from facilitate.model import Session\nfrom facilitate.registry import base\n"
        "def parse():\n    from facilitate.facilitation import StepContext\n"
        "    from facilitate.figures.rows import Said\n",
        encoding="utf-8",
    )
    assert imports_outside(package, "facilitate.kinds", KINDS_MAY_IMPORT) == [
        "facilitate.kinds.toy -> facilitate.facilitation",
        "facilitate.kinds.toy -> facilitate.figures.rows",
    ]


# --- one place writes: the store --------------------------------------------------------------


# Calls that remove or move a file, or make a folder, whatever they are called on
# (list.remove is not among them: `remove` counts only on os).
_REMOVING_CALLS = {"unlink", "rmtree", "rmdir", "removedirs", "mkdir", "makedirs", "mkdtemp", "TemporaryFile"}


def changes_files(path: Path) -> list[str]:
    """Everything that writes, replaces, moves or removes a file: `writes` and more."""
    found = writes(path)
    for node in ast.walk(tree(path)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        if name in _REMOVING_CALLS or (name == "remove" and owner == "os"):
            found.append(f"{path.name}:{node.lineno} {name}")
    return sorted(set(found), key=lambda place: int(place.split(":")[1].split()[0]))


def test_only_the_store_writes_replaces_or_removes_a_file():
    checked = [p for p in modules() if p.name != "store.py"]
    offenders = [place for path in checked for place in changes_files(path)]
    assert offenders == []
    assert any(" unlink" in place for place in changes_files(PACKAGE / "store.py"))


def test_the_file_check_finds_every_way_of_changing_a_file_and_leaves_lists_alone(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "os.unlink(p)\np.unlink()\nshutil.rmtree(d)\nos.remove(p)\nitems.remove(x)\nshutil.move(a, b)\n"
        "shutil.copy(a, b)\ntempfile.mkstemp()\nopen(p, 'a')\np.write_bytes(b)\nos.rename(a, b)\nd.mkdir()\n",
        encoding="utf-8",
    )
    assert changes_files(sample) == [
        "sample.py:1 unlink",
        "sample.py:2 unlink",
        "sample.py:3 rmtree",
        "sample.py:4 remove",
        "sample.py:6 move",
        "sample.py:7 copy",
        "sample.py:8 mkstemp",
        "sample.py:9 open('a')",
        "sample.py:10 write_bytes",
        "sample.py:11 rename",
        "sample.py:12 mkdir",
    ]


# --- sizes: a map stays a map, and no module grows into several --------------------------------


CLI_LINES = 600
MODULE_LINES = 700


def too_long(root: Path, cli_lines: int = CLI_LINES, module_lines: int = MODULE_LINES) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        most = cli_lines if path.relative_to(root).as_posix() == "cli.py" else module_lines
        if lines > most:
            found.append(f"{path.relative_to(root).as_posix()}: {lines} lines (at most {most})")
    return found


def test_cli_is_at_most_600_lines_and_no_module_over_700():
    assert too_long(PACKAGE) == []


def test_the_size_check_finds_a_long_command_map_and_a_long_module(tmp_path):
    (tmp_path / "kinds").mkdir()
    (tmp_path / "cli.py").write_text("x = 1\n" * 601, encoding="utf-8")
    (tmp_path / "kinds" / "big.py").write_text("x = 1\n" * 701, encoding="utf-8")
    (tmp_path / "fine.py").write_text("x = 1\n" * 700, encoding="utf-8")
    assert too_long(tmp_path) == ["cli.py: 601 lines (at most 600)", "kinds/big.py: 701 lines (at most 700)"]


def test_no_test_file_imports_another_test_file():
    """What tests share lives in helpers.py (and conftest.py's fixtures), never in a test
    file another imports: a test file's imports would run its module's setup twice."""
    tests = Path(__file__).resolve().parent
    offenders = [
        f"{path.name}:{node.lineno}"
        for path in sorted(tests.glob("test_*.py"))
        for node in ast.walk(tree(path))
        if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("test_"))
        or (isinstance(node, ast.Import) and any(alias.name.startswith("test_") for alias in node.names))
    ]
    assert offenders == []
