"""The package reads in one direction, and labels have one home.

Imports are read from the source with `ast`, at module level and inside functions alike: a
function-level import only postpones a circle to the first call, it does not remove it.
"""

from __future__ import annotations

import ast
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(name: str, modules: set[str]) -> str | None:
    """The deepest module of the package that `name` names (`a.b.c` -> `a.b` if c is no module)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """The modules of the package that the file at `path` imports, wherever the import sits."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: climb from the importing package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from dashboard.ui import cache` imports the submodule dashboard.ui.cache
            targets = [f"{base}.{alias.name}" for alias in node.names] or [base]
            targets = [target if target in modules else base for target in targets]
        else:
            continue
        found |= {hit for target in targets if (hit := _resolve(target, modules))}
    found.discard(name)
    return found


def import_graph(root: Path = DASHBOARD) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports."""
    files = {_module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    modules = set(files)
    return {name: _imports(path, name, modules) for name, path in files.items()}


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle a depth-first walk meets, each as the modules it passes, first one repeated."""
    circles: list[list[str]] = []
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(module: str) -> None:
        path.append(module)
        on_path.add(module)
        for target in sorted(graph.get(module, ())):
            if target in on_path:
                circles.append([*path[path.index(target) :], target])
            elif target not in done:
                visit(target)
        path.pop()
        on_path.discard(module)
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module)
    return circles


def test_the_walk_finds_a_circle_through_a_function_level_import(tmp_path: Path) -> None:
    """The guard itself: two modules that import each other, one of them inside a function."""
    package = tmp_path / "dashboard" / "ui"
    package.mkdir(parents=True)
    for init in (tmp_path / "dashboard" / "__init__.py", package / "__init__.py"):
        init.write_text("")
    (package / "cache.py").write_text("def f():\n    from dashboard.ui.widgets import g\n")
    (package / "widgets.py").write_text("from dashboard.ui import cache\n")
    (package / "tables.py").write_text("import dashboard.ui.cache\nfrom dashboard import ui\n")
    graph = import_graph(tmp_path / "dashboard")
    assert graph["dashboard.ui.tables"] == {"dashboard.ui.cache", "dashboard.ui"}
    assert import_circles(graph) == [
        ["dashboard.ui.cache", "dashboard.ui.widgets", "dashboard.ui.cache"]
    ]


def test_no_import_circle_inside_the_dashboard_package() -> None:
    circles = import_circles(import_graph())
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


def _label_tables(source: str) -> list[int]:
    """Lines of dict literals of more than five labels (values that are strings or tuples of
    strings) in `source`."""

    def is_text(node: ast.expr) -> bool:
        return isinstance(node, ast.Constant | ast.JoinedStr | ast.BinOp) and not (
            isinstance(node, ast.Constant) and not isinstance(node.value, str)
        )

    def is_label(node: ast.expr | None) -> bool:
        if isinstance(node, ast.Tuple):
            return bool(node.elts) and all(is_text(e) for e in node.elts)
        return node is not None and is_text(node)

    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Dict) and sum(map(is_label, node.values)) > 5
    ]


def test_the_guard_sees_a_label_table() -> None:
    table = "TEXT = {" + ", ".join(f'"k{i}": ("vi {i}", "en {i}")' for i in range(6)) + "}"
    assert _label_tables("x = 1\n" + table) == [2]
    assert _label_tables('UNITS = {"a": "b", "c": "d"}\nSTEPS = {1: 2, 3: 4, 5: 6, 7: 8}') == []


def test_i18n_holds_no_label_table() -> None:
    """Labels live in dashboard/texts/ by area; i18n.py only looks them up and formats."""
    found = _label_tables((DASHBOARD / "i18n.py").read_text(encoding="utf-8"))
    assert not found, f"label tables in dashboard/i18n.py at lines {found}: move to texts/"


def test_every_label_area_is_merged_into_the_lookup() -> None:
    """A texts module that i18n does not merge would leave its keys unknown to t()."""
    import importlib

    from dashboard.i18n import TEXT

    areas = sorted(p.stem for p in (DASHBOARD / "texts").glob("*.py") if p.stem != "__init__")
    for area in areas:
        module = importlib.import_module(f"dashboard.texts.{area}")
        if hasattr(module, "TEXT"):
            assert module.TEXT.items() <= TEXT.items(), f"texts/{area}.py is not merged"
