"""四（五）巡查反馈

> 巡查工作报告的有关专题报告经市委、市政府批准后，在 10 个工作日内，由巡查组组长向被巡查地区或单位反馈相关巡查情况，指出问题和隐患，提出整改意见和要求。

反馈晚于批准后第 10 个工作日为警告（晚了是事实，台账如实记载）。反馈人（feedback.yaml 的 by）须是
本巡查组的组长，写人员编号或名册中唯一的姓名。
"""

from __future__ import annotations

from typing import Iterator

from ... import seed
from ..engine import WARNING, Context, Finding, rule
from ..persons import UnknownPerson, feedback_by_problem, resolve_person
from .common import late


@rule("feedback-deadline", "四（五）", f"巡查工作报告经批准后{seed.FEEDBACK_WORKDAYS}个工作日内向被巡查地区或单位反馈", severity=WARNING)
def feedback_deadline(context: Context) -> Iterator[Finding]:
    yield from late(context, ("feedback",))


@rule("feedback-by-leader", "四（五）", "巡查反馈由本巡查组组长进行")
def feedback_by_leader(context: Context) -> Iterator[Finding]:
    for folder in context.records.inspections.values():
        feedback = folder.feedback
        if feedback is None or not feedback.by:
            continue
        try:
            someone = resolve_person(context.records, feedback.by, feedback.date, option="反馈人")
        except UnknownPerson as exc:
            yield Finding(feedback, str(exc), field_name="by")
            continue
        problem = feedback_by_problem(context.records, folder, someone.id, feedback.date)
        if problem:
            yield Finding(feedback, problem.removesuffix("（四（五）：由巡查组组长向被巡查地区或单位反馈）"), field_name="by")
