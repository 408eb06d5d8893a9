"""Small readings of the records that rules of several clauses share: no rule is declared here."""

from __future__ import annotations

import difflib
from typing import Iterator

from ..deadlines import Deadline, all_deadlines
from ..engine import Context, Finding


def suggest(value: str, known: list[str]) -> str:
    """A Chinese hint naming the closest known id, or nothing."""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    return f"，是否想写 `{close[0]}`？" if close else ""


def duplicates(items, key) -> Iterator[tuple[object, object]]:
    """Each item whose key an earlier item of the same list already has, with that earlier item."""
    first: dict = {}
    for item in items:
        value = key(item)
        if value in (None, ""):
            continue
        if value in first:
            yield item, first[value]
        else:
            first[value] = item


def line_of(record) -> str:
    position = record.pos("id") if hasattr(record, "pos") else None
    return f"第 {position.line} 行" if position and position.line else "前面"


def _all_deadlines(context: Context) -> list[Deadline]:
    return all_deadlines(context.records, context.work_calendar(), None)


def deadlines_of(context: Context) -> list[Deadline]:
    """Every deadline of the tree, computed once per validation run and shared by every rule."""
    return context.shared(_all_deadlines)


def late(context: Context, steps: tuple[str, ...]) -> Iterator[Finding]:
    """A step done after its deadline, at the step's date.

    A warning, not an error, including the tour length of 二（一）: an error asks the clerk to fix
    the record, but a late date is a true fact; the only "fix" would be to falsify it.  The record
    must keep saying it was late, and validate must still pass.  Overdue steps (not yet done, past
    due) depend on today and are check-deadlines' business."""
    for deadline in deadlines_of(context):
        if deadline.step not in steps or deadline.status != "late":
            continue
        folder = context.records.inspections[deadline.inspection]
        record = {"end": folder.end, "report": folder.report, "feedback": folder.feedback,
                  "rectification-plan": folder.rectification_plan,
                  "rectification-report": folder.rectification_report}[deadline.step]
        yield Finding(record, deadline.late_message(), field_name="date")


def folders(context: Context) -> list:
    """The inspection folders in id order: a rule walking problems reports them in a stable order."""
    return [folder for _, folder in sorted(context.records.inspections.items())]


def feedback_date(folder):
    return folder.feedback.date if folder.feedback and folder.feedback.date else None
