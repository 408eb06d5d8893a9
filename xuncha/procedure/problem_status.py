"""What the problem ledger says on a given day: each problem's status, what keeps an inspection
from closing, what has stalled (三、四（七））.  Only reading: the changes to the ledger are prepared
in ledger.py, which reads through this module like every other caller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model.problems import CATEGORY_NAMES, CHINESE_NUMERALS, Problem
from ..model.tree import InspectionFolder, Records
from ..refusal import Refusal


class LedgerRefused(Refusal):
    """A problem-ledger command refused: the change breaks the seed or names something unknown;
    nothing was written."""


def category_label(category: int | None) -> str:
    if category is None or category not in CATEGORY_NAMES:
        return "（未知）"
    return f"（{CHINESE_NUMERALS[category - 1]}）{CATEGORY_NAMES[category]}"


def unsettled_problems(folder: InspectionFolder, day: dt.date | None = None) -> list[Problem]:
    """Problems that keep an inspection from closing on ``day`` (四（七）): not 已销号 then, and not
    handed on with a recorded reason (a hand-off's note) by then."""
    unsettled = []
    for problem in folder.problem_list():
        status, _ = status_on(problem, day)
        if status == "closed":
            continue
        if any((h.note or "").strip() for h in problem.handoffs if not day or not h.date or h.date <= day):
            continue
        unsettled.append(problem)
    return unsettled


def status_on(problem: Problem, day: dt.date | None = None) -> tuple[str, dt.date | None]:
    """The problem's status (code) and the date it took it, as of ``day`` (None: the latest)."""
    current, since = "open", None
    for change in problem.progress:
        if change.status and change.date and (day is None or change.date <= day):
            current, since = change.status, change.date
    return current, since


def make_calendar(records: Records, calendar=None):
    from .deadlines import calendar_for

    return calendar if calendar is not None else calendar_for(records)


def rectification_due(folder: InspectionFolder, calendar):
    """Half a year after feedback (四（七）), as a calendar DueDate; None before feedback."""
    if folder.feedback is None or folder.feedback.date is None:
        return None
    from .deadlines import due_for_step

    return due_for_step(calendar, "rectification-report", folder.feedback.date)[0]


@dataclass(frozen=True)
class Stalled:
    inspection: str
    problem: Problem
    status: str            # code, as of the date asked
    due: object            # calendar DueDate: .date, .provisional, .source


def stalled_problems(records: Records, as_of: dt.date, calendar=None) -> list[Stalled]:
    """Problems not yet 已整改 (or 已销号) when half a year since feedback has run out (四（七）).

    For check-deadlines, ``problems --overdue`` and the rectification-stalled rule.
    """
    calendar = make_calendar(records, calendar)
    found: list[Stalled] = []
    for inspection_id, folder in sorted(records.inspections.items()):
        due = rectification_due(folder, calendar) if folder.problem_list() else None
        if due is None or as_of <= due.date:
            continue
        for problem in folder.problem_list():
            status, _ = status_on(problem, as_of)
            if status not in ("rectified", "closed"):
                found.append(Stalled(inspection_id, problem, status, due))
    return found


def parse_category(value: str) -> int:
    text = value.strip().strip("（）()")
    if text.isdigit() and int(text) in CATEGORY_NAMES:
        return int(text)
    if text in CHINESE_NUMERALS:
        return CHINESE_NUMERALS.index(text) + 1
    raise LedgerRefused(f"巡查内容类别“{value}”不存在：应为 {min(CATEGORY_NAMES)} 到 {max(CATEGORY_NAMES)}"
                        f"（三、巡查内容（一）至（{CHINESE_NUMERALS[len(CATEGORY_NAMES) - 1]}））")
