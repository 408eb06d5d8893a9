"""四、巡查程序：各环节的先后

四（一）至（七）依次规定巡查的各个环节：授权、（提前告知、）进驻、（工作、）结束、报告、审核、批准、
反馈、（结果通报、）整改方案、整改报告、销号。每一环节须在它所依据的前一环节之后：没有批准不能反馈，
没有反馈不能整改；日期也不得早于前一环节。缺少授权或日期早于授权的，依据五（二）“一次一授权”；
其他依据该环节本身的条款。`xuncha record` 拒绝顺序不对的环节，手工编辑的记录由这里检查。
"""

from __future__ import annotations

from typing import Iterator

from ...model.tree import InspectionFolder
from ..engine import Context, Finding, rule
from ..step_order import missing_prerequisites, order_clause, previous_recorded, step_label
from ..steps import STEPS, Step, step_date


def recorded_steps(folder: InspectionFolder) -> Iterator[tuple[Step, object]]:
    for step in STEPS:
        record = getattr(folder, step.attribute)
        if record is not None:
            yield step, record


@rule("step-prerequisite", "四", "每一环节须在其前一环节之后：无批准不反馈，无反馈不整改", per_inspection=True)
def step_prerequisite(context: Context) -> Iterator[Finding]:
    for folder in context.records.inspections.values():
        for step, record in recorded_steps(folder):
            if step_date(folder, step) is None:
                continue
            missing = missing_prerequisites(folder, step)
            if missing:
                names = "、".join(step_label(s) for s in missing)
                yield Finding(record, f"已记录{step_label(step)}，但缺少前一环节：{names}", field_name="date",
                              clause=order_clause(step, missing[0]))


@rule("step-date-order", "四", "每一环节的日期不得早于其前一环节", per_inspection=True)
def step_date_order(context: Context) -> Iterator[Finding]:
    for folder in context.records.inspections.values():
        for step, record in recorded_steps(folder):
            # entry vs authorization has its own rule (五（二）); activities are checked against the on-site period.
            if step.repeatable or step.name == "enter":
                continue
            date = step_date(folder, step)
            previous = previous_recorded(folder, step)
            if date is None or previous is None:
                continue
            before, before_date = previous
            if date < before_date:
                yield Finding(record, f"{step_label(step)}的日期 {date} 早于前一环节{step_label(before)}的日期 {before_date}",
                              field_name="date", clause=order_clause(step, before))


def dated_records(folder: InspectionFolder) -> Iterator[tuple[Step, object, object]]:
    """Every dated record of an inspection: one per step, one per activity logged."""
    for step, record in recorded_steps(folder):
        for item in record.activities if step.repeatable else [record]:
            if item.date is not None:
                yield step, item, item.date
