"""Deadlines checked by validate: a step done late is a warning that stays on record.

Why warnings and not errors, including the tour length of 二（一）: an error asks the clerk to
fix the record, but a late date is a true fact; the only "fix" would be to falsify it.  The
record must keep saying it was late, and validate must still pass.  The seed itself hedges
the tour length: "巡查时间根据任务需要确定，一般不超过30天".

Overdue steps (not yet done, past due) depend on today and are reported by check-deadlines.
"""

from __future__ import annotations

from typing import Iterator

from ...model.diagnostics import WARNING, Diagnostic, Position
from ..deadlines import DEADLINE_OF_STEP, Deadline, all_deadlines
from ..engine import Context, finding, rule, warning


def deadlines_of(context: Context) -> list[Deadline]:
    """Computed once per validation run and shared by every rule here."""
    cached = context.options.get("deadlines")
    if cached is None:
        cached = context.options["deadlines"] = all_deadlines(context.records, context.work_calendar(), None)
    return cached


def _late(context: Context, rule_id: str, steps: tuple[str, ...]) -> Iterator[Diagnostic]:
    for deadline in deadlines_of(context):
        if deadline.step not in steps or deadline.status != "late":
            continue
        folder = context.records.inspections[deadline.inspection]
        record = {"end": folder.end, "report": folder.report, "feedback": folder.feedback,
                  "rectification-plan": folder.rectification_plan,
                  "rectification-report": folder.rectification_report}[deadline.step]
        yield warning(record, rule_id, deadline.late_message(), field_name="date")


@rule("tour-length", "二（一）", "巡查时间一般不超过30天；对镇（街道）、市级以上各类功能区专项巡查时间不超过10天")
def tour_length(context: Context) -> Iterator[Diagnostic]:
    yield from _late(context, "tour-length", ("end",))


@rule("report-deadline", "四（四）", "巡查结束后10个工作日内形成巡查工作报告")
def report_deadline(context: Context) -> Iterator[Diagnostic]:
    yield from _late(context, "report-deadline", ("report",))


@rule("feedback-deadline", "四（五）", "巡查工作报告经批准后10个工作日内向被巡查地区或单位反馈")
def feedback_deadline(context: Context) -> Iterator[Diagnostic]:
    yield from _late(context, "feedback-deadline", ("feedback",))


@rule("rectification-deadline", "四（七）", "反馈后30个工作日内报送整改方案，半年内报送整改落实和查处情况")
def rectification_deadline(context: Context) -> Iterator[Diagnostic]:
    yield from _late(context, "rectification-deadline", ("rectification-plan", "rectification-report"))


@rule("calendar-source", None, "工作日历：未见国务院通知的年份按法定节假日推算（暂定）；日历文件须无误")
def calendar_source(context: Context) -> Iterator[Diagnostic]:
    """Runs after the deadline rules (registration order) and computes the deadlines itself, so
    every year a deadline touched has been consulted."""
    deadlines_of(context)
    calendar = context.work_calendar()
    records = context.records
    flagged_files = set()
    for problem in calendar.problems():
        display = records.display(problem.file)
        flagged_files.add(display)
        message = f"{problem.field}: {problem.message}" if problem.field else problem.message
        yield finding(Position(display, problem.line or 1, problem.column or 1), "calendar-source",
                      f"工作日历文件有误：{message}", severity=WARNING)
    for item in calendar.warnings():
        yield finding(_counted_through(context, item.year), "calendar-source", item.message, severity=WARNING)


def _counted_through(context: Context, year: int):
    """Where a year's calendar note belongs: its file when there is one; otherwise the first record
    whose deadline was counted through that year (a note pinned to a missing file cannot be opened)."""
    records = context.records
    path = records.calendar_dir / f"{year}.yaml"
    if path.is_file():
        return Position(records.display(path), 1, 1)
    for deadline in deadlines_of(context):
        if year in deadline.due.years:
            folder = records.inspections[deadline.inspection]
            record = getattr(folder, DEADLINE_OF_STEP[deadline.step].start_attribute, None)
            if record is not None:
                return record.pos("date")
    return Position(records.display(records.root / "config.yaml"), 1, 1)
