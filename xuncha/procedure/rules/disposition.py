"""四（六）问题处置

> 对巡查发现的安全生产问题和违法违规生产经营行为，移交当地党委、政府进行处理，涉及重大事故隐患的，由市安全生产委员会挂牌督办。对巡查发现的党委政府、有关部门以及党政领导干部在落实安全生产责任方面不担当、不作为、慢作为、乱作为等形式主义、官僚主义问题，以及失职渎职、滥用职权等违纪违法问题，移交纪检监察机关，按照干部管理权限调查处理。市安全生产巡查工作领导小组办公室应及时将巡查结果通报市委组织部，作为被巡查地区或单位领导班子和领导干部综合考核评价、奖惩任免的重要依据。

问题的移交（problems.yaml 的 handoffs）在巡查反馈之后。反馈之后，重大事故隐患须移交市安委会挂牌督办，
干部责任问题须移交纪检监察机关；尚未登记向市委组织部通报巡查结果（result-notice.yaml）为警告。
"""

from __future__ import annotations

from typing import Iterator

from ...model.problems import HANDOFF_NAMES
from ..engine import WARNING, Context, Finding, rule
from .common import feedback_date, folders


@rule("handoff-before-feedback", "四（五）（六）", "问题处置在巡查反馈之后", per_inspection=True)
def handoff_before_feedback(context: Context) -> Iterator[Finding]:
    for folder in folders(context):
        feedback = feedback_date(folder)
        for problem in folder.problem_list():
            for handoff in problem.handoffs:
                if handoff.date is None:
                    continue
                where = HANDOFF_NAMES.get(handoff.to, handoff.to)
                if feedback is None:
                    yield Finding(handoff,
                                  f"问题 {problem.id} 于 {handoff.date} 移交{where}，但 {folder.id} 尚未反馈（没有 feedback.yaml）",
                                  field_name="date")
                elif handoff.date < feedback:
                    yield Finding(handoff, f"问题 {problem.id} 移交{where}的日期 {handoff.date} 早于反馈日期 {feedback}",
                                  field_name="date")


@rule("major-hazard-listed", "四（六）", "涉及重大事故隐患的，由市安全生产委员会挂牌督办", per_inspection=True)
def major_hazard_listed(context: Context) -> Iterator[Finding]:
    for problem in problems_fed_back(context):
        if problem.major_hazard and not any(h.to == "listed-supervision" for h in problem.handoffs):
            yield Finding(problem, f"问题 {problem.id} 是重大事故隐患，反馈后未移交市安委会挂牌督办",
                          field_name="major_hazard")


@rule("cadre-problem-discipline", "四（六）", "干部责任问题移交纪检监察机关，按照干部管理权限调查处理", per_inspection=True)
def cadre_problem_discipline(context: Context) -> Iterator[Finding]:
    for problem in problems_fed_back(context):
        if problem.cadre_problems and not any(h.to == "discipline" for h in problem.handoffs):
            kinds = "、".join(problem.cadre_problems)
            yield Finding(problem, f"问题 {problem.id} 涉及干部责任问题（{kinds}），反馈后未移交纪检监察机关",
                          field_name="cadre_problems")


def problems_fed_back(context: Context) -> Iterator:
    """The problems of every inspection already fed back: only then is a problem to be handed on (四（六））."""
    for folder in folders(context):
        if feedback_date(folder) is not None:
            yield from folder.problem_list()


@rule("result-notice-missing", "四（六）", "领导小组办公室及时将巡查结果通报市委组织部", severity=WARNING, per_inspection=True)
def result_notice_missing(context: Context) -> Iterator[Finding]:
    for folder in folders(context):
        feedback = feedback_date(folder)
        if feedback is None or folder.result_notice is not None or context.today < feedback:
            continue
        yield Finding(folder.feedback, f"{folder.id} 已于 {feedback} 反馈，尚未登记向市委组织部通报巡查结果（result-notice.yaml）",
                      field_name="date")
