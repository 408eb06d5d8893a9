"""Validation of a loaded tree: the loader's diagnostics plus every registered rule.

The clerk reads the list from the top, so the cause comes first: a file that could not be
read at all heads the list, and the findings that only follow from it (every team member
"unknown" because people.yaml did not parse) are summarised in one line, not repeated.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pathlib import Path

from ..days import WatchedDay
from ..model.tree import Records
from ..model.diagnostics import WARNING, Diagnostic, sort_key
from .engine import Context, run
from .rules import FOLDER_SUMMARIES, rules_in, run_rules

# The loader's verdicts that a file could not be read at all: everything built on it is a guess.
UNREADABLE = frozenset({"encoding", "merge-conflict", "tab-indent", "empty-file", "yaml-syntax", "io", "missing-file"})

# What each top-level file feeds: the rules that report nonsense when it is missing.
DEPENDENTS = {
    "people.yaml": ("人员名册", frozenset({"unknown-person", "feedback-by-leader"})),
    "config.yaml": ("巡查对象目录", frozenset({"unknown-target", "unknown-unit", "plan-inspection-kind"})),
}


def validate_records(records: Records, loaded: list[Diagnostic], today: dt.date,
                     calendar: object | None = None) -> list[Diagnostic]:
    context = Context(records=records, today=today, calendar=calendar)
    found = list(loaded) + list(run_rules(context))
    return by_cause(records, list(dict.fromkeys(found)))


def validate_tree(root: Path, today: dt.date, *, cache: bool = True, min_files: int | None = None) -> list[Diagnostic]:
    """Validation of the tree under ``root``: a province's in parts, on every core (records/parts.py).

    Each round is loaded and judged by the rules that judge an inspection on its own (the
    ``per_inspection`` ones) where it was read; the summaries the other rules need of the round's
    problems, tips and activities are worked out there too.  This process then runs the rules of
    the whole tree over every folder's light files.  The list is the one ``validate_records`` gives
    the whole tree loaded at once (tests/test_validate_parts.py holds them equal)."""
    from ..records.loader import load
    from ..records.parts import load_in_parts

    per_inspection = [r for r in rules_in() if r.per_inspection]
    whole_tree = [r for r in rules_in() if not r.per_inspection]

    def prepare(shared: Records):
        from .deadlines import calendar_for

        calendar = calendar_for(shared)

        def judge(part: Records):
            # The day watched: a round whose rules only compared it with dates holds for every day on
            # the same side of those dates (the morning cron takes yesterday's old rounds as they were).
            day = WatchedDay(today)
            context = Context(records=part, today=day, calendar=calendar)
            with calendar.years_read() as years:
                found = list(run(context, per_inspection))
                summaries = {summary: dict(zip(sorted(part.inspections), context.each_folder(summary)))
                             for summary in FOLDER_SUMMARIES}
            return (found, summaries), frozenset(years), day.span

        return judge

    split = load_in_parts(root, prepare, cache=cache, min_files=min_files, remember=("validate", ()), day=today)
    if split is None:
        return validate_records(*load(root, cache=cache), today)
    records, loaded, parts = split
    given: dict = {}
    judged: list[Diagnostic] = []
    for found, summaries in parts:
        judged.extend(found)
        for summary, values in summaries.items():
            given.setdefault(summary, {}).update(values)
    # A fresh calendar: which years the whole tree's deadlines consulted is calendar-source's finding.
    context = Context(records=records, today=today, given=given)
    found = list(loaded) + list(run(context, whole_tree)) + judged
    return by_cause(records, list(dict.fromkeys(found)))


def by_cause(records: Records, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Unreadable files first; the findings that merely follow from them folded into one line each."""
    unreadable = [d for d in diagnostics if d.rule in UNREADABLE]
    rest = [d for d in diagnostics if d.rule not in UNREADABLE]
    summaries = []
    for cause in sorted(unreadable, key=sort_key):
        name = cause.file.rsplit("/", 1)[-1]
        if name not in DEPENDENTS or cause.file != records.display(records.root / name):
            continue
        what, rules = DEPENDENTS[name]
        folded = [d for d in rest if d.rule in rules]
        if not folded:
            continue
        rest = [d for d in rest if d.rule not in rules]
        counts = "、".join(f"{rule} {n} 处" for rule, n in Counter(d.rule for d in folded).items())
        summaries.append(Diagnostic(cause.file, cause.line, cause.column, "dependents-skipped",
                                    f"{name} 未能读取，依赖{what}的检查结果（{counts}）未列出；"
                                    f"改正此文件后重新运行 xuncha validate", WARNING))
    return sorted(unreadable, key=sort_key) + summaries + sorted(rest, key=sort_key)
