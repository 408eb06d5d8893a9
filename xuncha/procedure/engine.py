"""The validation engine: one rule is one small function that names the clause it enforces.

Rules register themselves with ``@rule``; ``run_rules`` runs every registered rule over the
loaded records and collects what they report.  Later parts of the procedure add rules by
adding modules to ``xuncha.procedure.rules``, never by touching this engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..model.base import Record
from ..model.tree import Records
from ..model.diagnostics import ERROR, WARNING, Diagnostic, Position


@dataclass
class Context:
    records: Records
    today: dt.date
    calendar: object | None = None  # a xuncha.calendar.WorkCalendar, built lazily by the caller
    options: dict = field(default_factory=dict)

    def work_calendar(self):
        """The working-day calendar of these records, built once and shared by every rule."""
        if self.calendar is None:
            from .deadlines import calendar_for

            self.calendar = calendar_for(self.records)
        return self.calendar


RuleFunction = Callable[[Context], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str | None
    summary: str
    check: RuleFunction


RULES: dict[str, Rule] = {}


def rule(rule_id: str, clause: str | None, summary: str):
    """Register a rule.  ``summary`` is the Chinese one-line statement of what the clause requires."""

    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, clause, summary, function)
        return function

    return register


def all_rules() -> list[Rule]:
    """Every rule ``validate`` runs, in the order it runs them."""
    from . import rules  # noqa: F401  - importing registers every rule module

    return list(RULES.values())


def finding(where: Record | Position, rule_id: str, message: str, *, field_name: str | None = None,
            severity: str = ERROR) -> Diagnostic:
    """A diagnostic located at a record (or one of its fields) carrying the rule's clause."""
    position = where.pos(field_name) if isinstance(where, Record) else where
    registered = RULES.get(rule_id)
    if registered is None:  # a typo would otherwise drop the clause from every finding of the rule
        raise KeyError(f"finding() names rule {rule_id!r}, which no @rule registers")
    clause = registered.clause
    return Diagnostic(position.file, position.line, position.column, rule_id, message, severity, clause, field_name)


def warning(where: Record | Position, rule_id: str, message: str, *, field_name: str | None = None) -> Diagnostic:
    return finding(where, rule_id, message, field_name=field_name, severity=WARNING)


def run_rules(context: Context, only: Iterable[str] | None = None) -> Iterator[Diagnostic]:
    from . import rules  # noqa: F401  - importing registers every rule module

    wanted = set(only) if only else None
    for registered in RULES.values():
        if wanted is not None and registered.id not in wanted:
            continue
        yield from registered.check(context)
