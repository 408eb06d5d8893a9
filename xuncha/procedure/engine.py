"""The validation engine: what a rule is, what it is given, and how its findings become diagnostics.

A rule is declared once, with ``@rule``, in the module of the clause it enforces
(``xuncha/procedure/rules/``); the ordered tuple in ``rules/__init__.py`` is the registry.  A
rule's check yields ``Finding``s: where, what, and which field; the rule itself stamps each
with its id, clause and severity, so the id is written once per rule (as yamllint's linter
sets ``problem.rule``).  This module imports no rule: the registry imports the engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, TypeVar

from ..model.base import Record
from ..model.tree import Records
from ..model.diagnostics import ERROR, WARNING, Diagnostic, Position

__all__ = ["ERROR", "WARNING", "NEW_ROUND", "TREE", "Context", "Finding", "RoundScope", "Rule", "rule", "run"]

# Where a rule runs.  Every rule judges the whole tree (validate); those that judge a round's
# plan and teams also run when the round is opened (new-round) on that round alone, and when
# the roster changes, to find the teams the change would make unlawful.
TREE = "tree"
NEW_ROUND = "new-round"

T = TypeVar("T")


@dataclass(frozen=True)
class RoundScope:
    """new-round judges one round: only its planned inspections are subjects (overlaps are still
    looked for against every other tour), judged on the roster of the day it opens."""

    year: int
    number: int
    opening: dt.date | None = None


@dataclass
class Context:
    """What every rule is given: the records, the day that counts as today, and what is shared."""

    records: Records
    today: dt.date
    calendar: object | None = None  # a xuncha.calendar.WorkCalendar, built lazily by work_calendar()
    round: RoundScope | None = None
    # What was worked out per inspection folder where its files were read (a load in parts,
    # records/parts.py): summary function -> {folder id: its value}.  See ``each_folder``.
    given: dict = field(default_factory=dict, repr=False, compare=False)
    _shared: dict = field(default_factory=dict, repr=False, compare=False)

    def work_calendar(self):
        """The working-day calendar of these records, built once and shared by every rule."""
        if self.calendar is None:
            from .deadlines import calendar_for

            self.calendar = calendar_for(self.records)
        return self.calendar

    def shared(self, compute: Callable[[Context], T]) -> T:
        """``compute(self)``, worked out once per context: several rules walk the same tours,
        deadlines or document numbers in one validate run."""
        if compute not in self._shared:
            self._shared[compute] = compute(self)
        return self._shared[compute]

    def each_folder(self, summary: Callable[[str, object], T]) -> list[T]:
        """``summary(id, folder)`` of every inspection folder, in id order.  A rule of the whole
        tree that needs a little of a folder's own records (a document number written on a problem)
        reads it through a summary: a load in parts computes it where the folder was read."""
        given = self.given.get(summary)
        if given is not None:
            return [given[ident] for ident in sorted(self.records.inspections)]
        return [summary(ident, folder) for ident, folder in sorted(self.records.inspections.items())]

    def in_scope(self, year: int, number: int | None = None) -> bool:
        """Whether a plan (``number`` None) or a round of it is judged in this run."""
        scope = self.round
        return scope is None or (scope.year == year and (number is None or scope.number == number))


@dataclass(frozen=True)
class Finding:
    """One thing a rule found, at a record (or one of its fields) or a position.

    ``severity`` and ``clause`` are the rule's unless the finding says otherwise: a rule whose
    lesser case is only a warning, or a step order whose clause is the step's own."""

    where: Record | Position
    message: str
    field_name: str | None = None
    severity: str | None = None
    clause: str | None = None


Check = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str | None
    summary: str            # the Chinese one-line statement of what the clause requires
    check: Check
    severity: str = ERROR   # what its findings are, unless a finding says otherwise
    scope: frozenset[str] = frozenset({TREE})
    # Judges each inspection folder on its own (with the config, roster, plans and calendar): its
    # findings over a tree are the union of its findings over any split of the tree's folders.
    # Such a rule runs where a load in parts reads each round, on every core (procedure/validate.py).
    per_inspection: bool = False

    def run(self, context: Context) -> Iterator[Diagnostic]:
        for found in self.check(context):
            yield self.diagnostic(found)

    def diagnostic(self, found: Finding) -> Diagnostic:
        where = found.where
        position = where.pos(found.field_name) if isinstance(where, Record) else where
        return Diagnostic(position.file, position.line, position.column, self.id, found.message,
                          found.severity or self.severity, found.clause or self.clause, found.field_name)


def rule(rule_id: str, clause: str | None, summary: str, *, severity: str = ERROR,
         scope: Iterable[str] = (TREE,), per_inspection: bool = False) -> Callable[[Check], Rule]:
    """Declare a rule: the decorated check becomes the Rule.  Nothing is registered: the rule
    runs once it is listed in ``rules.RULES``."""
    if severity not in (ERROR, WARNING):
        raise ValueError(f"rule {rule_id}: severity {severity!r}")

    def declare(check: Check) -> Rule:
        return Rule(rule_id, clause, summary, check, severity, frozenset(scope) | {TREE}, per_inspection)

    return declare


def run(context: Context, rules: Iterable[Rule]) -> Iterator[Diagnostic]:
    for each in rules:
        yield from each.run(context)
