"""Diagnostics: what the loader and the rules say about the records.

Like beancount's errors, every diagnostic carries where it comes from, so a clerk can
open the file at the line and fix it; the loader returns them instead of raising.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    rule: str
    message: str
    severity: str = ERROR
    clause: str | None = None
    field: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.severity} [{self.rule}] {self.message}"
        if self.clause:
            text += f"（{self.clause}）"
        return text

    def as_json(self) -> dict:
        data = asdict(self)
        return {key: data[key] for key in ("file", "line", "column", "rule", "clause", "severity", "message", "field")}


@dataclass(frozen=True)
class Position:
    """Where a value stands in its file (1-based)."""

    file: str
    line: int = 1
    column: int = 1


def sort_key(diagnostic: Diagnostic) -> tuple:
    return (diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.rule)
