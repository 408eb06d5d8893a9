"""Order and date rules of 四、巡查程序: each step after the one it rests on, all on or after the dates they follow.

The helpers here are shared with ``xuncha record`` so that a step refused on the command
line and the same step written by hand are judged by one reading of the seed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Iterator

from ...model.tree import FILE_OF_ATTRIBUTE, InspectionFolder
from ...model.diagnostics import Diagnostic
from ..engine import Context, finding, rule, warning
from ..steps import STEP_BY_NAME, STEPS, Step, step_date


def step_label(step: Step) -> str:
    """How a step is named to the clerk: 批准（approval.yaml）."""
    return f"{step.chinese}（{FILE_OF_ATTRIBUTE[step.attribute]}）"


def missing_prerequisites(folder: InspectionFolder, step: Step) -> list[Step]:
    """The unrecorded steps ``step`` rests on, nearest first, following the chain back while it stays missing."""
    missing: list[Step] = []
    pending = [STEP_BY_NAME[name] for name in step.after]
    while pending:
        before = pending.pop(0)
        if step_date(folder, before) is not None or before in missing:
            continue
        missing.append(before)
        pending.extend(STEP_BY_NAME[name] for name in before.after)
    return missing


def previous_recorded(folder: InspectionFolder, step: Step) -> tuple[Step, dt.date] | None:
    """The nearest recorded step ``step`` follows (through unrecorded ones), with its date."""
    pending = [STEP_BY_NAME[name] for name in step.after]
    while pending:
        before = pending.pop(0)
        date = step_date(folder, before)
        if date is not None:
            return before, date
        pending.extend(STEP_BY_NAME[name] for name in before.after)
    return None


def order_clause(step: Step, before: Step) -> str | None:
    """The clause that puts ``before`` ahead of ``step``: 五（二） for the authorization, else the step's own."""
    if before.name == "authorize":
        return "五（二）"  # 一次一授权: nothing is done on site without this inspection's authorization
    return step.clause or before.clause


def _with_clause(diagnostic: Diagnostic, clause: str | None) -> Diagnostic:
    return dataclasses.replace(diagnostic, clause=clause) if clause else diagnostic


def _recorded_steps(folder: InspectionFolder) -> Iterator[tuple[Step, object]]:
    for step in STEPS:
        record = getattr(folder, step.attribute)
        if record is not None:
            yield step, record


@rule("step-prerequisite", "四", "每一环节须在其前一环节之后：无批准不反馈，无反馈不整改")
def prerequisites_recorded(context: Context) -> Iterator[Diagnostic]:
    for folder in context.records.inspections.values():
        for step, record in _recorded_steps(folder):
            if step_date(folder, step) is None:
                continue
            missing = missing_prerequisites(folder, step)
            if missing:
                names = "、".join(step_label(s) for s in missing)
                yield _with_clause(
                    finding(record, "step-prerequisite",
                            f"已记录{step_label(step)}，但缺少前一环节：{names}", field_name="date"),
                    order_clause(step, missing[0]))


@rule("step-date-order", "四", "每一环节的日期不得早于其前一环节")
def dates_follow_order(context: Context) -> Iterator[Diagnostic]:
    for folder in context.records.inspections.values():
        for step, record in _recorded_steps(folder):
            # entry vs authorization has its own rule (五（二）); activities are checked against the on-site period.
            if step.repeatable or step.name == "enter":
                continue
            date = step_date(folder, step)
            previous = previous_recorded(folder, step)
            if date is None or previous is None:
                continue
            before, before_date = previous
            if date < before_date:
                yield _with_clause(
                    finding(record, "step-date-order",
                            f"{step_label(step)}的日期 {date} 早于前一环节{step_label(before)}的日期 {before_date}",
                            field_name="date"),
                    order_clause(step, before))


@rule("entry-after-authorization", "五（二）", "巡查组实行一次一授权：先授权，后进驻")
def entry_after_authorization(context: Context) -> Iterator[Diagnostic]:
    for folder in context.records.inspections.values():
        entry, authorization = folder.entry, folder.authorization
        if entry is None or entry.date is None or authorization is None or authorization.date is None:
            continue
        if entry.date < authorization.date:
            yield finding(entry, "entry-after-authorization",
                          f"进驻日期 {entry.date} 早于授权日期 {authorization.date}：巡查组须在本次授权之后进驻",
                          field_name="date")


@rule("authorization-once", "五（二）", "一次一授权：一份授权书只用于一次巡查")
def one_authorization_per_inspection(context: Context) -> Iterator[Diagnostic]:
    users: dict[str, list[InspectionFolder]] = defaultdict(list)
    for folder in context.records.inspections.values():
        if folder.authorization is not None and folder.authorization.number:
            users[folder.authorization.number.strip()].append(folder)
    for number, folders in users.items():
        if len(folders) < 2:
            continue
        for folder in folders:
            others = "、".join(f.id for f in folders if f is not folder)
            yield finding(folder.authorization, "authorization-once",
                          f"授权书 {number} 同时用于巡查 {others}：巡查组一次一授权，每次巡查须单独授权",
                          field_name="number")


@rule("activity-on-site", "四（三）", "工作方式记录须在进驻之日至巡查结束之日之间")
def activities_on_site(context: Context) -> Iterator[Diagnostic]:
    for folder in context.records.inspections.values():
        if folder.activities is None:
            continue
        entry = folder.entry.date if folder.entry else None
        end = folder.end.date if folder.end else None
        for activity in folder.activities.activities:
            if activity.date is None:
                continue
            if entry is not None and activity.date < entry:
                yield finding(activity, "activity-on-site",
                              f"工作记录日期 {activity.date} 早于进驻日期 {entry}：工作方式只能在巡查期间采用",
                              field_name="date")
            elif end is not None and activity.date > end:
                yield finding(activity, "activity-on-site",
                              f"工作记录日期 {activity.date} 晚于巡查结束日期 {end}：工作方式只能在巡查期间采用",
                              field_name="date")


def _dated_records(folder: InspectionFolder) -> Iterator[tuple[Step, object, dt.date]]:
    """Every dated record of an inspection: one per step, one per activity logged."""
    for step, record in _recorded_steps(folder):
        for item in record.activities if step.repeatable else [record]:
            if item.date is not None:
                yield step, item, item.date


@rule("step-before-opened", "四（一）", "巡查各环节不得早于本轮巡查开启之日")
def steps_after_round_opened(context: Context) -> Iterator[Diagnostic]:
    for folder in context.records.inspections.values():
        opened = folder.inspection.opened if folder.inspection else None
        if opened is None:
            continue
        for step, item, date in _dated_records(folder):
            if date < opened:
                message = f"{step_label(step)}的日期 {date} 早于本轮巡查开启日期 {opened}（inspection.yaml 的 opened）"
                yield _with_clause(finding(item, "step-before-opened", message, field_name="date"), step.clause)


@rule("step-in-future", None, "已记录的环节日期不应晚于今天")
def steps_not_in_future(context: Context) -> Iterator[Diagnostic]:
    for folder in context.records.inspections.values():
        for step, item, date in _dated_records(folder):
            if date > context.today:
                message = f"{step_label(step)}的日期 {date} 晚于今天 {context.today}：尚未发生的事项不应记为已完成"
                yield warning(item, "step-in-future", message, field_name="date")
