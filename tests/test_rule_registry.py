"""The rule registry reads as a list: each rule declared once in its clause's module, listed once,
and the engine, the registry and the procedure modules that run rules import one another one way."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import xuncha
from xuncha.procedure import rules as registry
from xuncha.procedure.engine import NEW_ROUND, Rule

PACKAGE = Path(xuncha.__file__).resolve().parent


def test_every_rule_declared_in_a_clause_module_is_registered_once():
    declared = [value for module in registry.MODULES for value in vars(module).values() if isinstance(value, Rule)]
    assert sorted(r.id for r in declared) == sorted(r.id for r in registry.RULES)
    assert len({r.id for r in registry.RULES}) == len(registry.RULES)


def test_every_rule_module_of_the_package_is_in_the_registry():
    modules = {p.stem for p in (PACKAGE / "procedure/rules").glob("*.py")} - {"__init__", "common", "subjects"}
    assert modules == {m.__name__.rsplit(".", 1)[-1] for m in registry.MODULES}


def test_each_clause_module_documents_its_rules_in_chinese():
    for module in registry.MODULES:
        doc = inspect.getdoc(module)
        assert doc and any("\u4e00" <= ch <= "\u9fff" for ch in doc.splitlines()[0]), module.__name__


def test_new_round_judges_the_team_and_plan_rules():
    assert {r.id for r in registry.rules_in(NEW_ROUND)} == {
        "team-leader-missing", "team-leader-rank", "team-leader-post", "team-leader-unit", "team-leader-familiar",
        "team-deputy-unit", "team-deputy-rank", "team-member-unit", "team-leader-overlap", "team-member-overlap",
        "recusal-unit", "recusal-conflict", "plan-round-overlap", "plan-approval-order", "plan-disclosure",
        "plan-round-dates", "plan-mobilization", "plan-inspection-kind", "plan-inspection-in-round", "plan-tour-length"}


def test_naming_an_unregistered_rule_is_a_bug_not_silence():
    import pytest

    with pytest.raises(KeyError):
        registry.rules_in(only=["report-dedline"])


# -- imports ----------------------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Every xuncha module and the xuncha modules it imports, inside functions too."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")
                if node.level:
                    base = base[:len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                found.add(target)
                found |= {f"{target}.{alias.name}" for alias in node.names}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """A path of imports from ``start`` back to itself, or None."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for imported in sorted(graph[node]):
            if imported == start:
                return path + [start]
            if imported not in seen:
                seen.add(imported)
                stack.append((imported, path + [imported]))
    return None


RULES_CLUSTER = ("xuncha.procedure.engine", "xuncha.procedure.rules", "xuncha.procedure.roster",
                 "xuncha.procedure.persons", "xuncha.procedure.planning", "xuncha.procedure.recording",
                 "xuncha.procedure.tours", "xuncha.procedure.step_order", "xuncha.procedure.validate")


def test_the_rules_engine_holds_no_import_cycle():
    graph = import_graph()
    cluster = [m for m in graph if m in RULES_CLUSTER or m.startswith("xuncha.procedure.rules.")]
    assert {m: cycle_through(graph, m) for m in cluster if cycle_through(graph, m)} == {}


def test_the_engine_imports_no_rule_and_no_procedure_module_reaches_into_a_rule_module():
    graph = import_graph()
    assert not {m for m in graph["xuncha.procedure.engine"] if m.startswith("xuncha.procedure.rules")}
    reaching = {(m, i) for m, imported in graph.items() if not m.startswith("xuncha.procedure.rules")
                for i in imported if i.startswith("xuncha.procedure.rules.")}
    assert reaching == set()
