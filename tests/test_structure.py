"""xuncha's modules form layers, each importing only the layers below it, with no import cycle.

The layers, lowest first (docs/architecture.md explains each):

    seed, refusal, dates, days, bundled, precommit   the seed's numbers, the one refusal, the one date reader, the watched day, files shipped beside the code
    model                               the records as Python classes
    schema                              the JSON Schema, read off the model
    records                             reading and writing the YAML files, git, the parse cache
    calendar                            working days and the official holiday calendar (its files read via records)
    procedure                           the seed's procedure: deadlines, rules, the ledger, planning writes
    render                              documents, workbooks, calendar files
    doctor                              the check of the working environment
    cli                                 parses arguments, calls the library, prints
    __main__                            python -m xuncha, and git's merge driver entry

An import inside a function counts as much as one at the top of a module: a lazy import that
closes a loop is still a loop, it only waits until the first call to show itself.  The graph is
grimp's, the library import-linter is built on, so this test and an outside check agree on what an
import is (``from . import x`` in a package, ``TYPE_CHECKING`` blocks, relative imports).
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

import xuncha

PACKAGE = "xuncha"
LAYERS: tuple[tuple[str, ...], ...] = (   # lowest first; within a layer the modules do not import each other
    ("seed", "refusal", "dates", "days", "bundled", "precommit"),
    ("model",),
    ("schema",),
    ("records",),
    ("calendar",),
    ("procedure",),
    ("render",),
    ("doctor",),
    ("cli",),
    ("__main__",),
)

@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, cache_dir=None)


def cycles(graph: grimp.ImportGraph, modules: set[str] | None = None, node=lambda module: module) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted.

    ``node`` maps a module to the node it counts as (its ancestor directly under a package, to find
    loops between sibling packages); imports inside one node are not edges."""
    modules = set(graph.modules) if modules is None else modules
    edges: dict[str, set[str]] = {}
    for module in modules:
        source = node(module)
        edges.setdefault(source, set())
        for imported in graph.find_modules_directly_imported_by(module):
            if imported in modules and node(imported) != source:
                edges[source].add(node(imported))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def sibling_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Loops between the children of each package (xuncha.records <-> xuncha.schema), whichever of
    their modules the imports run between: the view import-linter's layers and grimp's
    ``nominate_cycle_breakers`` take."""
    found = []
    for package in sorted(m for m in graph.modules if graph.find_children(m)):
        prefix = package + "."
        inside = {m for m in graph.modules if m.startswith(prefix)}
        found += cycles(graph, inside, lambda m, prefix=prefix: prefix + m[len(prefix):].split(".")[0])
    return found


def lines_of(graph: grimp.ImportGraph, component: list[str]) -> list[str]:
    """Each import that holds the loop, as file line: code."""
    members = set(component)
    out = []
    for importer in component:
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported in members:
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    out.append(f"{importer}:{detail['line_number']}: {detail['line_contents']}")
    return out


def test_the_cycle_finder_sees_a_loop_closed_by_an_import_inside_a_function():
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.deadlines", "pkg.stalled", "pkg.warning"):
        graph.add_module(module)
    graph.add_import(importer="pkg.stalled", imported="pkg.deadlines", line_number=3, line_contents="from .deadlines import x")
    # deadlines_to_check's `from .stalled import stalled_deadlines`, inside the function
    graph.add_import(importer="pkg.deadlines", imported="pkg.stalled", line_number=40,
                     line_contents="    from .stalled import stalled_deadlines")
    graph.add_import(importer="pkg.warning", imported="pkg.deadlines", line_number=2, line_contents="from .deadlines import y")
    assert cycles(graph) == [["pkg.deadlines", "pkg.stalled"]]


def function_level_imports(source: str) -> list[int]:
    """The line of each import of a xuncha module made inside a function."""
    lines = []
    for function in ast.walk(ast.parse(source)):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith(PACKAGE)):
                    lines.append(node.lineno)
                elif isinstance(node, ast.Import) and any(a.name.startswith(PACKAGE) for a in node.names):
                    lines.append(node.lineno)
    return sorted(set(lines))


def test_the_graph_holds_every_import_made_inside_a_function(graph):
    # A lazy import left out of the graph would hide every loop it closes.
    root = Path(xuncha.__file__).parent
    missing, seen = [], 0
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        lines = function_level_imports(path.read_text(encoding="utf-8"))
        if not lines:
            continue
        held = {d["line_number"] for imported in graph.find_modules_directly_imported_by(module)
                for d in graph.get_import_details(importer=module, imported=imported)}
        missing += [f"{module}:{line}" for line in lines if line not in held]
        seen += len(lines)
    assert seen > 0
    assert missing == []


def test_no_import_cycle_among_xuncha_modules(graph):
    loops = cycles(graph)
    assert loops == [], "\n\n".join("\n".join(lines_of(graph, c)) for c in loops)


def test_no_import_cycle_among_sibling_packages(graph):
    loops = sibling_cycles(graph)
    assert loops == [], loops


def test_every_module_of_xuncha_has_its_layer(graph):
    placed = {f"{PACKAGE}.{name}" for layer in LAYERS for name in layer}
    assert graph.find_children(PACKAGE) == placed


def test_no_module_imports_a_layer_above_it(graph):
    layers = [grimp.Layer(*names, independent=True) for names in reversed(LAYERS)]
    illegal = graph.find_illegal_dependencies_for_layers(layers=layers, containers={PACKAGE})
    found = sorted(
        f"{d.importer} imports {d.imported}: " + "; ".join(
            " -> ".join([*sorted(r.heads)[:1], *r.middle, *sorted(r.tails)[:1]]) for r in d.routes)
        for d in illegal)
    assert found == []


def test_each_command_module_declares_exactly_the_commands_the_lazy_table_gives_it():
    # A command declared but left out of Xuncha.lazy_commands would never be reachable; one listed under
    # the wrong module would fail only when a clerk typed it.
    import importlib

    import typer.main

    from xuncha.cli import Xuncha

    root = Path(xuncha.__file__).parent / "cli"
    declared = {}
    for path in sorted(root.glob("cmd_*.py")):
        command = typer.main.get_command(importlib.import_module(f"xuncha.cli.{path.stem}").commands)
        for name in getattr(command, "commands", None) or [command.name]:
            declared[name] = path.stem
    assert declared == Xuncha.lazy_commands


def test_help_lists_each_command_as_it_would_if_it_built_it():
    # --help reads each line off the declaration instead of building the command; it must say what
    # the built command says, and must not fall back to building any of today's commands.
    import typer.main

    from xuncha.cli import app

    group = typer.main.get_command(app)
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        assert group.declared_listing(name) == (command.hidden, command.get_short_help_str()), name
