"""The layers point down: no import circle among the core's modules, nothing below reaching up.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: a circle
is a circle whether Python happens to survive it at run time or not.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "src" / "gov_disclosure"

# the doors (above App) and the facade itself
DOORS = ("gov_disclosure.cli", "gov_disclosure.demo", "gov_disclosure.http")
FACADE = "gov_disclosure.app"
# the services over the kernel; they may use one another, never App or a door
SERVICES = (
    "gov_disclosure.items.service",
    "gov_disclosure.review.service",
    "gov_disclosure.publishing.service",
    "gov_disclosure.applications.service",
    "gov_disclosure.supervision.service",
    "gov_disclosure.reports.service",
)
KERNEL = "gov_disclosure.kernel"


def module_files(package_dir: Path, package: str) -> dict[str, Path]:
    """Dotted module name → file, for every module of ``package``."""
    found = {}
    for path in package_dir.rglob("*.py"):
        parts = list(path.relative_to(package_dir).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join([package, *parts])] = path
    return found


def imported_names(name: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """Every module of ``modules`` that ``name`` imports, wherever the import statement is."""
    is_package = path.name == "__init__.py"
    base = name.split(".") if is_package else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target:
                    yield target
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                stem = base[: len(base) - node.level + 1]
                target = ".".join(stem + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:
                    yield sub
                elif target in modules:
                    yield target


@functools.cache
def import_graph() -> dict[str, set[str]]:
    modules = module_files(CORE, "gov_disclosure")
    return {
        name: {t for t in imported_names(name, path, modules) if t != name}
        for name, path in modules.items()
    }


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def under(name: str, prefixes: tuple[str, ...] | str) -> bool:
    prefixes = (prefixes,) if isinstance(prefixes, str) else prefixes
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_graph_finds_a_circle_when_there_is_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_core_has_no_import_circle():
    graph = import_graph()
    assert len(graph) > 100  # the whole package was read
    assert circles(graph) == []


def test_nothing_below_the_facade_imports_it_or_a_door():
    graph = import_graph()
    upward = sorted(
        f"{name} -> {target}"
        for name, targets in graph.items()
        if not under(name, (*DOORS, FACADE))
        for target in targets
        if under(target, (*DOORS, FACADE))
    )
    assert upward == []


@pytest.mark.parametrize("service", SERVICES)
def test_services_never_reach_the_facade(service):
    graph = import_graph()
    assert service in graph
    assert not {t for t in reachable(graph, service) if under(t, (*DOORS, FACADE))}


def test_the_kernel_reaches_no_service():
    graph = import_graph()
    reached = reachable(graph, KERNEL)
    assert not {t for t in reached if under(t, (*DOORS, FACADE, *SERVICES))}
    assert "gov_disclosure.store.engine" in reached  # it was really followed


# --- plugins import only the public modules --------------------------------------------

PLUGINS_DOC = ROOT / "docs" / "plugins.md"
PLUGIN_PACKAGES = sorted(
    [*ROOT.glob("plugins/*/gov_disclosure_*"), *ROOT.glob("examples/*/gov_disclosure_*")]
)


def public_modules() -> set[str]:
    """The modules docs/plugins.md lists between its ``public-modules`` markers."""
    text = PLUGINS_DOC.read_text(encoding="utf-8")
    block = text.split("<!-- public-modules -->")[1].split("<!-- /public-modules -->")[0]
    return set(re.findall(r"`(gov_disclosure(?:\.[a-z0-9_]+)*)`", block))


def core_imports(package: Path) -> list[tuple[str, str]]:
    """(file, module) for every ``gov_disclosure`` module a plugin package imports."""
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            for name in names:
                if name == "gov_disclosure" or name.startswith("gov_disclosure."):
                    found.append((str(path.relative_to(ROOT)), name))
    return found


def test_the_public_list_is_read_from_the_docs():
    listed = public_modules()
    assert {"gov_disclosure", "gov_disclosure.channels", "gov_disclosure.errors"} <= listed
    assert "gov_disclosure.store.tables" not in listed


@pytest.mark.parametrize("package", PLUGIN_PACKAGES, ids=lambda p: p.name)
def test_plugins_import_only_the_public_modules(package):
    listed = public_modules()
    imports = core_imports(package)
    assert imports  # the package was read
    assert [(f, m) for f, m in imports if m not in listed] == []
