"""The layering of the project, read from the source: no import cycle, a domain layer free of the
crawl framework, and a URL leaf that depends on nothing of the project.

The import graph is built statically (``ast``) over ``scrapers``, ``pipelines`` and ``spiders``:
every import counts, at module level, inside a function or under ``TYPE_CHECKING``, because a
lazy import hides a dependency without removing it. The layers are lists of dotted names below;
an entry may be a package, which then covers its sub-modules, so a module that moves into a
sub-package only needs its entry renamed (a listed module that no longer exists fails the test).
The ``KNOWN_*`` lists are debts: the test fails when one grows and when one is paid, so the
entry is removed and the list can only shrink.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PACKAGES = ("scrapers", "pipelines", "spiders")

# The record logic: what a record is and how it is cleaned, matched and checked. It must run
# without the crawl framework (a script, a notebook, the data repository's CI).
DOMAIN = ("scrapers.domain", "scrapers.items")
FRAMEWORK = ("scrapy", "twisted", "itemadapter")
# Domain modules that still import the framework: {module: framework packages it reaches}.
KNOWN_FRAMEWORK_IMPORTS: dict[str, set[str]] = {}

# Modules that import nothing of the project, so any layer may use them.
LEAVES = ("scrapers.videohosts.urls",)

# The layers, bottom first: a module imports only its own layer and those below it. The most
# specific entry decides ("scrapers" holds the crawl layer's settings, pipeline base, middlewares,
# summary and review page; its sub-packages are placed by their own entries).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("domain", (*DOMAIN, *LEAVES)),
    ("crawl", ("scrapers", "scrapers.platforms", "scrapers.videohosts", "pipelines", "spiders")),
    ("tooling", ("scrapers.tooling", "scrapers.commands")),
)

# Import cycles still there, each as the set of its modules (a strongly connected component).
KNOWN_CYCLES: list[set[str]] = []


# --------------------------------------------------------------------------- the graph


def module_name(path: Path, root: Path) -> str:
    """``scrapers/platforms/base.py`` -> ``scrapers.platforms.base``; a package is its folder."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """Every module of the packages, by dotted name."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            found[module_name(path, root)] = path
    return found


def imported_names(module: str, path: Path) -> set[str]:
    """Every dotted name the module imports, anywhere in its source (``from a import b`` gives
    ``a.b``, which is the module ``a.b`` or a name in the module ``a``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return names


def project_target(name: str, modules: dict[str, Path]) -> str | None:
    """The project module an imported name refers to (the longest prefix that is a module)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def import_graph(
    root: Path, packages: Iterable[str]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(project edges, third-party top-level packages) per module."""
    packages = tuple(packages)
    modules = project_modules(root, packages)
    edges: dict[str, set[str]] = {}
    external: dict[str, set[str]] = {}
    for module, path in modules.items():
        names = imported_names(module, path)
        targets = {project_target(name, modules) for name in names}
        edges[module] = {t for t in targets if t and t != module}
        external[module] = {
            name.split(".")[0]
            for name in names
            if name and name.split(".")[0] not in packages and project_target(name, modules) is None
        }
    return edges, external


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    """``start`` and every project module it imports, directly or through others."""
    seen = {start}
    todo = [start]
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def in_layer(module: str, layer: Iterable[str]) -> bool:
    """Whether a module is one of the layer's entries or inside one of its packages."""
    return any(module == entry or module.startswith(entry + ".") for entry in layer)


@pytest.fixture(scope="module")
def graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    return import_graph(PROJECT, PACKAGES)


# --------------------------------------------------------------------------- the rules


def test_listed_modules_exist(graph: tuple[dict[str, set[str]], dict[str, set[str]]]) -> None:
    """A module that moved must be renamed here, not silently leave its layer."""
    edges, _ = graph
    listed = [*DOMAIN, *KNOWN_FRAMEWORK_IMPORTS, *LEAVES, *(m for c in KNOWN_CYCLES for m in c)]
    assert [name for name in listed if not any(in_layer(m, [name]) for m in edges)] == []
    # the graph sees lazy imports (the base spider imports the host registry in a method)
    assert "scrapers.videohosts.registry" in edges["scrapers.platforms.base"]


def test_base_spider_knows_video_hosts_only_through_the_registry(
    graph: tuple[dict[str, set[str]], dict[str, set[str]]],
) -> None:
    edges, _ = graph
    hosts = {"scrapers.videohosts.youtube", "scrapers.videohosts.peertube"}
    assert hosts <= edges["scrapers.videohosts.registry"]
    assert edges["scrapers.platforms.base"] & hosts == set()


def test_no_import_cycle(graph: tuple[dict[str, set[str]], dict[str, set[str]]]) -> None:
    edges, _ = graph
    found = sorted(sorted(c) for c in cycles(edges))
    known = sorted(sorted(c) for c in KNOWN_CYCLES)
    assert [c for c in found if c not in known] == [], "new import cycle"
    assert [c for c in known if c not in found] == [], "cycle gone: remove it from KNOWN_CYCLES"


def test_domain_layer_has_no_crawl_framework(
    graph: tuple[dict[str, set[str]], dict[str, set[str]]],
) -> None:
    """Neither directly nor through the project modules a domain module imports."""
    edges, external = graph
    reached: dict[str, set[str]] = {}
    for module in edges:
        if in_layer(module, DOMAIN):
            used = set().union(*(external[m] for m in reachable(module, edges)))
            if framework := used & set(FRAMEWORK):
                reached[module] = framework
    assert reached == KNOWN_FRAMEWORK_IMPORTS


def layer_of(module: str) -> int:
    """The index in LAYERS of the most specific entry holding the module."""
    found = [
        (len(entry), i)
        for i, (_, entries) in enumerate(LAYERS)
        for entry in entries
        if in_layer(module, [entry])
    ]
    return max(found)[1]


def test_no_module_imports_a_layer_above_it(
    graph: tuple[dict[str, set[str]], dict[str, set[str]]],
) -> None:
    edges, _ = graph
    upward = sorted(
        f"{m} -> {t}" for m, targets in edges.items() for t in targets if layer_of(t) > layer_of(m)
    )
    assert upward == []
    # the rule can fail: the domain would be below a pipeline it imported
    assert layer_of("scrapers.domain.record") < layer_of("pipelines.write")
    assert layer_of("scrapers.tooling.golden") > layer_of("scrapers.settings")


def test_leaves_import_nothing_of_the_project(
    graph: tuple[dict[str, set[str]], dict[str, set[str]]],
) -> None:
    edges, _ = graph
    assert {leaf: edges[leaf] for leaf in LEAVES if edges[leaf]} == {}


# --------------------------------------------------------------------------- the checker itself


def test_graph_sees_every_kind_of_import_and_finds_cycles(tmp_path: Path) -> None:
    """A cycle made of a lazy import and a relative one is found; a leaf stays a leaf."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from .a import run\n")
    (pkg / "sub" / "a.py").write_text("def run():\n    from pkg import b\n")
    (pkg / "b.py").write_text(
        "from typing import TYPE_CHECKING\nimport scrapy.http\n"
        "if TYPE_CHECKING:\n    from .sub import a\n"
    )
    (pkg / "leaf.py").write_text("import re\n")
    (pkg / "c.py").write_text("from pkg.sub import run\nimport pkg.leaf\n")
    edges, external = import_graph(tmp_path, ["pkg"])
    assert edges["pkg.sub"] == {"pkg.sub.a"}
    assert edges["pkg.sub.a"] == {"pkg.b"}
    assert edges["pkg.c"] == {"pkg.sub", "pkg.leaf"}
    assert edges["pkg.b"] == {"pkg.sub.a"}
    assert edges["pkg.leaf"] == set()
    assert external["pkg.b"] == {"typing", "scrapy"}
    assert external["pkg.leaf"] == {"re"}
    assert cycles(edges) == [{"pkg.sub.a", "pkg.b"}]
    assert reachable("pkg.c", edges) == {"pkg.c", "pkg.sub", "pkg.sub.a", "pkg.b", "pkg.leaf"}
    assert in_layer("pkg.sub.a", ["pkg.sub"]) and not in_layer("pkg.subway", ["pkg.sub"])
