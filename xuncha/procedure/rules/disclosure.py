"""五（五）向社会公开

> 巡查工作要自觉接受社会公众监督，经审定批准后的年度安全生产巡查工作方案、巡查组的巡查工作报告主要内容、被巡查地区或者单位的整改方案和整改落实情况等应通过市级或当地主要新闻媒体向社会公开。

年度方案须经市委、市政府批准之后才能记录向社会公开（plans/<年份>.yaml 的 disclosure），公开日期
不得早于批准日期。开启一轮巡查时也对该年度方案运行。
"""

from __future__ import annotations

from typing import Iterator

from ..engine import NEW_ROUND, Context, Finding, rule


@rule("plan-disclosure", "五（五）", "经审定批准后的年度方案向社会公开", scope=[NEW_ROUND])
def plan_disclosure(context: Context) -> Iterator[Finding]:
    for plan in context.records.plans.values():
        if plan.disclosure is None or not context.in_scope(plan.year):
            continue
        city = plan.approval("city")
        if city is None:
            yield Finding(plan.disclosure, f"{plan.year}年度方案尚未经市委、市政府批准，不能记录向社会公开")
        elif plan.disclosure.date and city.date and plan.disclosure.date < city.date:
            yield Finding(plan.disclosure, f"{plan.year}年度方案公开日期 {plan.disclosure.date} 早于市委、市政府批准日期 {city.date}",
                          field_name="date")
