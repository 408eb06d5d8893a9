"""四（七）整改落实

> 被巡查地区或单位要按照巡查组反馈意见制定整改方案，于巡查反馈后 30 个工作日内报市委、市政府，抄送市安全生产巡查工作领导小组办公室。被巡查地区或单位要认真组织实施整改，于半年内将整改落实和查处情况报市委、市政府，抄送市安全生产巡查工作领导小组办公室。对问题突出的地区或单位，以及重大问题的整改落实情况，市安全生产巡查工作领导小组适时组织“回头看”，特别是对整改过程中的形式主义、官僚主义问题进行督查核实。对整改落实不力的，采取函告、通报、约谈、专项督查等措施督促整改，并视情节轻重提出责任追究建议，移交纪检监察机关调查处理。

整改方案、整改报告晚于时限为警告；反馈后半年仍未整改到位的问题为警告（整改落实不力，可采取督促措施）。
每个问题的整改进展（progress）按日期先后记录，状态只能向前推进，除非回头看重新打开并写明理由；
函告、通报、约谈、专项督查等督促措施在反馈之后；每个问题已销号或已移交并写明理由，巡查方可销号。
"""

from __future__ import annotations

from typing import Iterator

from ...model.problems import STATUS_NAMES, STATUS_ORDER
from ... import seed
from ..engine import WARNING, Context, Finding, rule
from ..problem_status import stalled_problems, status_on, unsettled_problems
from .common import feedback_date, folders, late

_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}


@rule("rectification-deadline", "四（七）", f"反馈后{seed.RECTIFICATION_PLAN_WORKDAYS}个工作日内报送整改方案，{seed.RECTIFICATION_REPORT_PERIOD}内报送整改落实和查处情况", severity=WARNING, per_inspection=True)
def rectification_deadline(context: Context) -> Iterator[Finding]:
    yield from late(context, ("rectification-plan", "rectification-report"))


@rule("rectification-stalled", "四（七）", f"被巡查地区或单位于反馈后{seed.RECTIFICATION_REPORT_PERIOD}内完成整改落实", severity=WARNING, per_inspection=True)
def rectification_stalled(context: Context) -> Iterator[Finding]:
    for stalled in stalled_problems(context.records, context.today, context.work_calendar()):
        provisional = "（期限按暂定日历计算）" if stalled.due.provisional else ""
        yield Finding(stalled.problem,
                      f"{stalled.inspection} 问题 {stalled.problem.id} 反馈后{seed.RECTIFICATION_REPORT_PERIOD}（{stalled.due.date} 届满）仍为"
                      f"“{STATUS_NAMES[stalled.status]}”，整改落实不力，可采取函告、通报、约谈、专项督查等措施{provisional}",
                      field_name="progress")


@rule("status-backwards", "四（七）", "整改状态只能向前推进，除非回头看重新打开（写明理由）", per_inspection=True)
def status_backwards(context: Context) -> Iterator[Finding]:
    for folder in folders(context):
        for problem in folder.problem_list():
            previous = None
            for change in problem.progress:
                if change.status is None:
                    continue
                if previous is not None and previous.status is not None and \
                        _RANK[change.status] < _RANK[previous.status]:
                    reopened = [lb for lb in problem.lookbacks if lb.reopened and lb.date and change.date
                                and (previous.date is None or lb.date >= previous.date) and lb.date <= change.date]
                    move = f"由“{STATUS_NAMES[previous.status]}”退回“{STATUS_NAMES[change.status]}”"
                    if not reopened:
                        yield Finding(change,
                                      f"问题 {problem.id} 于 {change.date} {move}，但没有重新打开整改的回头看记录（lookbacks 中 reopened: true）",
                                      field_name="status")
                    elif not (change.reason or "").strip():
                        yield Finding(change, f"问题 {problem.id} 于 {change.date} {move}，须在 reason 中写明回头看重新打开的理由",
                                      field_name="status")
                previous = change


@rule("status-date-order", "四（七）", "整改进展按日期先后记录", per_inspection=True)
def status_date_order(context: Context) -> Iterator[Finding]:
    for folder in folders(context):
        for problem in folder.problem_list():
            last = None
            for change in problem.progress:
                if change.date is None:
                    continue
                if last is not None and change.date < last:
                    yield Finding(change, f"问题 {problem.id} 的整改进展日期 {change.date} 早于上一条 {last}，应按先后顺序记录",
                                  field_name="date")
                last = change.date if last is None else max(last, change.date)


@rule("escalation-before-feedback", "四（七）", "函告、通报、约谈、专项督查等措施针对反馈后整改落实不力", per_inspection=True)
def escalation_before_feedback(context: Context) -> Iterator[Finding]:
    for folder in folders(context):
        feedback = feedback_date(folder)
        for problem in folder.problem_list():
            for escalation in problem.escalations:
                if escalation.date is None:
                    continue
                if feedback is None or escalation.date < feedback:
                    when = f"早于反馈日期 {feedback}" if feedback else f"但 {folder.id} 尚未反馈"
                    yield Finding(escalation, f"问题 {problem.id} 的督促整改措施日期 {escalation.date} {when}",
                                  field_name="date")


@rule("closed-with-open-problem", "四（七）", "每个问题已销号或已移交并写明理由，巡查方可销号", per_inspection=True)
def closed_with_open_problem(context: Context) -> Iterator[Finding]:
    for folder in folders(context):
        if folder.closure is None:
            continue
        closed_on = folder.closure.date
        for problem in unsettled_problems(folder, closed_on):
            status, _ = status_on(problem, closed_on)
            yield Finding(problem,
                          f"{folder.id} 已于 {closed_on} 销号（closure.yaml），但问题 {problem.id} 当时仍为“{STATUS_NAMES.get(status)}”，"
                          f"且没有写明理由（handoffs 中的 note）的移交", field_name="progress")
