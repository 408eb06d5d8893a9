"""xuncha uses only the public API of typer and click, so upgrading typer cannot silently break a
help page or an error message (issue 17): no module imports an underscore name from them."""

from __future__ import annotations

import ast
from pathlib import Path

import xuncha

PACKAGE = Path(xuncha.__file__).parent
LIBRARIES = ("typer", "click")


def private_imports(source: str) -> list[str]:
    """Each ``typer._x``/``click._x`` module or ``_name`` imported from typer or click, and each
    attribute ``typer._x`` read off an imported typer or click module."""
    found = []
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] in LIBRARIES:
                    modules.add(alias.asname or parts[0])
                    found += [alias.name] if any(p.startswith("_") for p in parts) else []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] in LIBRARIES:
                found += [node.module] if any(p.startswith("_") for p in parts) else []
                found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in modules:
                found.append(ast.unparse(node))
    return found


def test_the_scan_finds_each_kind_of_private_import():
    source = ("import typer._click\nfrom typer._coercion import x\nfrom typer.core import _split_opt\n"
              "import typer.core\ntyper.core._ = str\nfrom click import _compat\n")
    assert private_imports(source) == ["typer._click", "typer._coercion", "typer.core._split_opt",
                                       "click._compat", "typer.core._"]


def test_no_xuncha_module_imports_a_private_name_of_typer_or_click():
    offenders = {str(path.relative_to(PACKAGE)): names for path in sorted(PACKAGE.rglob("*.py"))
                 if (names := private_imports(path.read_text(encoding="utf-8")))}
    assert offenders == {}
