"""The project's own modules import each other without a cycle.

A cycle hidden in a function-level import still ties two modules together: neither
can be understood, tested or moved without the other, and the order in which they
are first imported decides whether the process starts. So every import statement
counts, at module level, inside functions and under `if TYPE_CHECKING:`.

What an import statement depends on, the way Python runs it:

- `import a.b.c` and `from a.b import c` (c a module) run `a.b.c`, and before it
  the `__init__` of each package on the way (`a`, `a.b`). An `__init__` stands for
  its package: `a.b` is the module `a/b/__init__.py`.
- `from a.b import name` (name not a module) reads `a.b`'s `__init__`.
- Relative imports resolve against the importing module's package.
- The packages that hold the importing module are left out of what it depends on
  through the path alone: Python has started them before the module itself, so a
  package whose `__init__` re-exports its own modules is not a cycle. Reading a
  name from one's own package (`from a.b import name` inside `a.b.x`) does count.

The project is every top-level folder with an `__init__.py` or an `apps.py`, found
afresh on each run, except the test suite, which imports the apps and is never
imported by them.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_PROJECT = frozenset({"tests"})


@dataclass(frozen=True)
class Import:
    """One import statement's dependency: which module depends on which, and where."""

    source: str
    target: str
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} ({self.path}:{self.line})"


def project_packages(root: Path) -> list[str]:
    return sorted(
        folder.name
        for folder in root.iterdir()
        if folder.is_dir()
        and folder.name not in NOT_PROJECT
        and not folder.name.startswith(".")
        and ((folder / "__init__.py").is_file() or (folder / "apps.py").is_file())
    )


def project_modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the project's packages."""
    modules = {}
    for package in project_packages(root):
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if any(part.startswith(".") or part == "__pycache__" for part in parts):
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _nearest(name: str, modules: dict[str, Path]) -> str | None:
    """The module that `name` lives in: itself, or the package holding the attribute."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _from_base(node: ast.ImportFrom, source: str, modules: dict[str, Path]) -> str:
    if not node.level:
        return node.module or ""
    is_package = modules[source].name == "__init__.py"
    parts = source.split(".") if is_package else source.split(".")[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def _named(node: ast.AST, source: str, modules: dict[str, Path]) -> list[str]:
    """The dotted names an import statement brings in, resolved to absolute names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = _from_base(node, source, modules)
        return [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
            for alias in node.names
        ]
    return []


def _targets(name: str, source: str, modules: dict[str, Path]) -> set[str]:
    found = _nearest(name, modules)
    if found is None:
        return set()
    own = set(_ancestors(source))
    on_the_way = {a for a in _ancestors(found) if a in modules and a not in own}
    return ({found} | on_the_way) - {source}


def module_imports(source: str, modules: dict[str, Path], root: Path) -> Iterator[Import]:
    path = modules[source]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        for name in _named(node, source, modules):
            for target in _targets(name, source, modules):
                yield Import(source, target, path.relative_to(root), getattr(node, "lineno", 0))


def import_graph(root: Path) -> dict[str, dict[str, Import]]:
    """Module -> the modules it depends on, each with the first statement that does."""
    modules = project_modules(root)
    graph: dict[str, dict[str, Import]] = {name: {} for name in modules}
    for source in modules:
        for each in module_imports(source, modules, root):
            graph[source].setdefault(each.target, each)
    return graph


def _strongly_connected(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """Tarjan's algorithm, without recursion; the groups of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = stack[stack.index(node) :]
                    del stack[stack.index(node) :]
                    if len(group) > 1:
                        groups.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in stack:
                low[node] = min(low[node], index[child])
    return groups


def _one_cycle(group: list[str], graph: dict[str, dict[str, Import]]) -> list[Import]:
    """A shortest way from the group's first module back to itself, by breadth first."""
    members, start = set(group), group[0]
    came_from: dict[str, Import] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target, statement in sorted(graph[node].items()):
            if target == start:
                path = [statement]
                while path[0].source != start:
                    path.insert(0, came_from[path[0].source])
                return path
            if target in members and target not in came_from:
                came_from[target] = statement
                queue.append(target)
    raise AssertionError(f"{group} is strongly connected, so it holds a cycle")


def import_cycles(root: Path) -> list[list[Import]]:
    """One cycle for each group of modules that import each other, named by its
    statements; the first module of each cycle is the group's first by name."""
    graph = import_graph(root)
    return [_one_cycle(group, graph) for group in _strongly_connected(graph)]


def describe(cycles: Iterable[list[Import]], graph: dict[str, dict[str, Import]]) -> str:
    lines = []
    for cycle in cycles:
        group = next(g for g in _strongly_connected(graph) if cycle[0].source in g)
        lines.append(" <-> ".join(group) + ", for example:")
        lines += [f"    {each}" for each in cycle]
    return "\n".join(lines)


def test_the_project_imports_no_module_that_imports_it_back() -> None:
    cycles = import_cycles(ROOT)
    assert not cycles, "import cycles:\n" + describe(cycles, import_graph(ROOT))


# The walker itself, on small made-up projects: files -> the cycles it must name.
MADE_UP = {
    "a cycle closed by an import inside a function is found": (
        {
            "app/__init__.py": "",
            "app/services.py": "def queue():\n    from app import tasks\n",
            "app/tasks.py": "from app.services import queue\n",
        },
        [["app.services", "app.tasks"]],
    ),
    "relative imports and imported modules resolve to the module": (
        {
            "app/__init__.py": "",
            "app/sub/__init__.py": "",
            "app/sub/a.py": "from . import b\n",
            "app/sub/b.py": "from ..other import helper\n",
            "app/other.py": "from app.sub import a\nhelper = 1\n",
        },
        [["app.other", "app.sub.a", "app.sub.b"]],
    ),
    "a package that re-exports its own modules is no cycle": (
        {
            "app/__init__.py": "",
            "app/services/__init__.py": "from app.services.jobs import job_create\n",
            "app/services/jobs.py": "from app.services.util import now\n",
            "app/services/util.py": "from .. import models\n",
            "app/models.py": "",
        },
        [],
    ),
    "a module reading a name of the package that imports it is a cycle": (
        {
            "app/__init__.py": "from app.jobs import run\nREGISTRY = {}\n",
            "app/jobs.py": "from app import REGISTRY\n",
        },
        [["app", "app.jobs"]],
    ),
    "importing a module runs its package's __init__, which may close a cycle": (
        {
            "first/__init__.py": "",
            "first/a.py": "import second.b\n",
            "second/__init__.py": "from first.a import x\n",
            "second/b.py": "",
        },
        [["first.a", "second"]],
    ),
    "imports only for type checking count too": (
        {
            "app/__init__.py": "",
            "app/models.py": "from app.forms import Form\n",
            "app/forms.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from app.models import Model\n",
        },
        [["app.forms", "app.models"]],
    ),
}


def _project(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(("files", "expected"), MADE_UP.values(), ids=MADE_UP.keys())
def test_the_walker_finds_exactly_the_cycles_of_a_made_up_project(
    tmp_path: Path, files: dict[str, str], expected: list[list[str]]
) -> None:
    cycles = import_cycles(_project(tmp_path, files))
    assert [[each.source for each in cycle] for cycle in cycles] == expected


def test_a_cycle_is_named_by_the_statements_that_close_it(tmp_path: Path) -> None:
    root = _project(tmp_path, MADE_UP["a cycle closed by an import inside a function is found"][0])
    assert describe(import_cycles(root), import_graph(root)).splitlines() == [
        "app.services <-> app.tasks, for example:",
        "    app.services -> app.tasks (app/services.py:2)",
        "    app.tasks -> app.services (app/tasks.py:1)",
    ]


def test_every_top_level_app_is_walked_but_not_the_test_suite(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "jobs/apps.py": "from jobs import tasks\n",
            "jobs/tasks.py": "",
            "tenancy/__init__.py": "",
            "tests/__init__.py": "",
            "docs/notes.py": "",
            "manage.py": "",
        },
    )
    assert project_packages(root) == ["jobs", "tenancy"]
    assert set(import_graph(root)) == {"jobs.apps", "jobs.tasks", "tenancy"}
