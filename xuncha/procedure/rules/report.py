"""四（四）巡查报告

> 巡查组对巡查中了解的情况和发现的问题要及时汇总，深刻剖析问题产生的原因，提出有针对性的意见建议和相关责任追究清单，并于巡查结束后 10 个工作日内形成巡查工作报告，经市安全生产巡查工作领导小组审核后报市委、市政府。对巡查发现的重大安全生产问题，应当形成专题报告一并报送。

巡查工作报告晚于巡查结束后第 10 个工作日报送为警告（晚了是事实，台账如实记载）。发现的问题
在本次巡查内各有一个编号；报告报送后，每个干部责任问题须在责任追究清单中写明责任人和建议追责措施。
"""

from __future__ import annotations

from typing import Iterator

from ... import seed
from ..engine import WARNING, Context, Finding, rule
from .common import folders, late


@rule("report-deadline", "四（四）", f"巡查结束后{seed.REPORT_WORKDAYS}个工作日内形成巡查工作报告", severity=WARNING)
def report_deadline(context: Context) -> Iterator[Finding]:
    yield from late(context, ("report",))


@rule("problem-id-unique", "四（四）", "问题编号在本次巡查内唯一", per_inspection=True)
def problem_id_unique(context: Context) -> Iterator[Finding]:
    for folder in folders(context):
        seen: set[str] = set()
        for problem in folder.problem_list():
            if problem.id in seen:
                yield Finding(problem, f"问题编号 {problem.id} 在 {folder.id} 中重复", field_name="id")
            seen.add(problem.id)
        seen = set()
        for tip in folder.tip_list():
            if tip.id in seen:
                yield Finding(tip, f"举报编号 {tip.id} 在 {folder.id} 中重复", field_name="id")
            seen.add(tip.id)


@rule("accountability-list-missing", "四（四）", "巡查工作报告提出相关责任追究清单：每个干部责任问题写明责任人和建议追责措施", per_inspection=True)
def accountability_list_missing(context: Context) -> Iterator[Finding]:
    for folder in folders(context):
        if folder.report is None:
            continue
        for problem in folder.problem_list():
            if problem.cadre_problems and not problem.accountability:
                yield Finding(problem,
                              f"{folder.id} 已报送巡查工作报告，但干部责任问题 {problem.id}（{'、'.join(problem.cadre_problems)}）"
                              f"在责任追究清单中没有责任人，报告无法生成。请运行 xuncha problem accountability {folder.id} "
                              f"{problem.id} --person 责任人 --measure 建议追责措施", field_name="cadre_problems")
