"""Validation of a loaded tree: the loader's diagnostics plus every registered rule.

The clerk reads the list from the top, so the cause comes first: a file that could not be
read at all heads the list, and the findings that only follow from it (every team member
"unknown" because people.yaml did not parse) are summarised in one line, not repeated.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..model.tree import Records
from ..model.diagnostics import WARNING, Diagnostic, sort_key
from .engine import Context
from .rules import run_rules

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
