"""台账本身：如实、可查

这些规则不出自方案的某一条，而是台账作为记录必须满足的：工作日历（国务院办公厅的节假日和调休安排）
须无误，未见国务院通知的年份按法定节假日推算并标为暂定；记载已发生事项的日期（环节日期、批准、
公开、移交、人员变动、受理举报、开启本轮……）不应晚于今天（计划日期和期限本就在将来，不检查）；
按编号引用的条目（单位、轮次、本轮巡查对象、问题、举报）编号不得重复。
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Iterator

from ...days import later_than
from ...model.base import Record, fields_holding
from ...model.diagnostics import Position
from ..deadlines import DEADLINE_OF_STEP
from ..engine import WARNING, Context, Finding, rule
from ..step_order import step_label
from ..steps import STEPS
from .common import deadlines_of, duplicates, line_of
from .sequence import dated_records


@rule("calendar-source", None, "工作日历：未见国务院通知的年份按法定节假日推算（暂定）；日历文件须无误", severity=WARNING)
def calendar_source(context: Context) -> Iterator[Finding]:
    # First in the registry and computing the deadlines itself: every year a deadline touched has
    # been consulted, and no other rule has consulted more of the calendar yet.
    deadlines_of(context)
    calendar = context.work_calendar()
    records = context.records
    for problem in calendar.problems():
        display = records.display(problem.file)
        message = f"{problem.field}: {problem.message}" if problem.field else problem.message
        yield Finding(Position(display, problem.line or 1, problem.column or 1), f"工作日历文件有误：{message}")
    for item in calendar.warnings():
        yield Finding(_counted_through(context, item.year), item.message)


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


@rule("step-in-future", None, "已记录的环节日期不应晚于今天", severity=WARNING, per_inspection=True)
def step_in_future(context: Context) -> Iterator[Finding]:
    for folder in context.records.inspections.values():
        for step, item, date in dated_records(folder):
            if date > context.today:
                yield Finding(item, f"{step_label(step)}的日期 {date} 晚于今天 {context.today}：尚未发生的事项不应记为已完成",
                              field_name="date")


# Dates set ahead on purpose: the deadline 市安委会 gives a hazard it lists for 挂牌督办 (四（六）).
DEADLINES = ("due",)


def _dated_fields(record: Record, found: list, skip: tuple[str, ...] = ()) -> list[tuple[Record, str, dt.date]]:
    """Every date held by ``record`` and the records inside it, with the record and field holding it,
    added to ``found``.  A list filled by plain recursion, as ``free_text`` does: a province has
    150,000 records to walk and nested generators cost a frame switch per level per date."""
    for name in fields_holding(type(record), dt.date):
        if name in skip or name in DEADLINES:
            continue
        value = getattr(record, name)
        if value is None:
            continue
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, dt.date):
                found.append((record, name, item))
            elif isinstance(item, Record):
                _dated_fields(item, found)
    return found


def _event_dates(context: Context) -> list[tuple[Record, str, dt.date]]:
    """Dates that record an event.  Planned dates (rounds, tours, the term, a plan's mobilization)
    look ahead by nature and are left alone."""
    records = context.records
    found: list = []
    for plan in records.plans.values():
        for approval in plan.approvals:
            _dated_fields(approval, found)
        if plan.disclosure is not None:
            _dated_fields(plan.disclosure, found)
    if records.roster is not None:
        for someone in records.roster.people:
            _dated_fields(someone, found)
    for folder in records.inspections.values():
        if folder.inspection is not None and folder.inspection.opened is not None:
            found.append((folder.inspection, "opened", folder.inspection.opened))
        for attribute in ("problems", "tips"):
            if getattr(folder, attribute) is not None:
                _dated_fields(getattr(folder, attribute), found)
        # A step's own date is step-in-future's; the other dates in its file (a publication, a disclosure) are here.
        for step in STEPS:
            record = getattr(folder, step.attribute)
            if record is None:
                continue
            for item in record.activities if step.repeatable else [record]:
                _dated_fields(item, found, skip=("date", "activities"))
    return found


@rule("date-in-future", None, "记载已发生事项的日期不应晚于今天", severity=WARNING, per_inspection=True)
def date_in_future(context: Context) -> Iterator[Finding]:
    for record, name, day in later_than(context.today, _event_dates(context)):
        spec = next(f for f in dataclasses.fields(record) if f.name == name)
        title = spec.metadata.get("title") or name
        yield Finding(record, f"{title}（{name}）{day} 晚于今天 {context.today}：尚未发生的事项不应记为已经发生",
                      field_name=name)


@rule("unique-id", None, "台账中按编号引用的条目（单位、问题、举报、轮次）编号不得重复", per_inspection=True)
def unique_id(context: Context) -> Iterator[Finding]:
    records = context.records
    if records.config is not None:
        for unit, earlier in duplicates(records.config.units, lambda u: u.id):
            yield Finding(unit, f"单位编号 `{unit.id}` 重复（{line_of(earlier)}已有）", field_name="id")
    for plan in records.plans.values():
        for round_, earlier in duplicates(plan.rounds, lambda r: r.number):
            yield Finding(round_, f"{plan.year}年度方案的第{round_.number}轮重复", field_name="number")
        for round_ in plan.rounds:
            for planned, _ in duplicates(round_.inspections, lambda p: p.target):
                yield Finding(planned, f"{plan.year}年第{round_.number}轮重复列入巡查对象 `{planned.target}`", field_name="target")
    for folder in records.inspections.values():
        for problem, earlier in duplicates(folder.problem_list(), lambda p: p.id):
            yield Finding(problem, f"巡查 {folder.id} 的问题编号 {problem.id} 重复（{line_of(earlier)}已有）", field_name="id")
        for tip, earlier in duplicates(folder.tip_list(), lambda t: t.id):
            yield Finding(tip, f"巡查 {folder.id} 的举报编号 {tip.id} 重复（{line_of(earlier)}已有）", field_name="id")
