"""四（一）巡查准备：年度方案

> 市安全生产巡查工作领导小组办公室研究提出年度安全生产巡查工作方案，内容包括被巡查对象、巡查轮次、巡查重点、时间安排，以及各巡查组人员构成等，并在巡查工作开始前做好动员组织和有关培训工作。年度安全生产巡查工作方案经市安全生产巡查工作领导小组研究后报市委、市政府批准实施，有关内容可根据巡查工作需要提前告知被巡查地区或单位。

年度方案 plans/<年份>.yaml 先经领导小组研究，再报市委、市政府批准；每轮巡查的起止日期须填写、
先后有序并在方案年度之内，计划巡查的日期在本轮之内；同一组长的两个轮次不得重叠；每轮开始前须
记录动员培训（尚未记录为警告，晚于本轮开始为错误）。一轮巡查开启（xuncha new-round）之后，
各环节不得早于开启之日。除最后一条外，这些规则在开启一轮巡查时也对该轮运行。
"""

from __future__ import annotations

from typing import Iterator

from ...model.plan import APPROVER_NAMES
from ..engine import NEW_ROUND, WARNING, Context, Finding, rule
from ..step_order import step_label
from ..tours import target_name
from .sequence import dated_records
from .subjects import person


def rounds_in_scope(context: Context) -> Iterator[tuple]:
    """(plan, round, "2020年第1轮") for each round this run judges: every round in validate, the one
    being opened in new-round."""
    for plan in context.records.plans.values():
        for round_ in plan.rounds:
            if context.in_scope(plan.year, round_.number):
                yield plan, round_, f"{plan.year}年第{round_.number}轮"


@rule("plan-approval-order", "四（一）", "年度方案先经领导小组研究，再报市委、市政府批准", scope=[NEW_ROUND])
def plan_approval_order(context: Context) -> Iterator[Finding]:
    for plan in context.records.plans.values():
        if not context.in_scope(plan.year):
            continue
        seen: dict[str, object] = {}
        for approval in plan.approvals:
            if approval.by in seen:
                yield Finding(approval, f"{plan.year}年度方案重复记录了{APPROVER_NAMES.get(approval.by, approval.by)}",
                              field_name="by")
            if approval.by == "city" and "leading-group" not in seen:
                yield Finding(approval,
                              f"{plan.year}年度方案在经领导小组研究之前记录了市委、市政府批准：须先经市安全生产巡查工作领导小组研究，"
                              f"再报市委、市政府批准", field_name="by")
            seen.setdefault(approval.by, approval)
        group, city = plan.approval("leading-group"), plan.approval("city")
        if group and city and group.date and city.date and city.date < group.date:
            yield Finding(city, f"{plan.year}年度方案市委、市政府批准日期 {city.date} 早于领导小组研究日期 {group.date}",
                          field_name="date")


@rule("plan-round-overlap", "四（一）", "同一巡查组（同一组长）的两个轮次日期不得重叠", scope=[NEW_ROUND])
def plan_round_overlap(context: Context) -> Iterator[Finding]:
    rounds = [(plan, r) for plan in context.records.plans.values() for r in plan.rounds if r.start and r.end]
    for i, (plan, round_) in enumerate(rounds):
        if not context.in_scope(plan.year, round_.number):
            continue
        others = rounds[i + 1:] if context.round is None else rounds[:i] + rounds[i + 1:]
        for other_plan, other in others:
            if not (round_.start <= other.end and other.start <= round_.end):
                continue
            leaders = {p.team.leader for p in round_.inspections if p.team and p.team.leader}
            shared = sorted(leaders & {p.team.leader for p in other.inspections if p.team and p.team.leader})
            for leader in shared:
                someone = person(context.records, leader)
                yield Finding(round_,
                              f"{plan.year}年第{round_.number}轮（{round_.start}至{round_.end}）与{other_plan.year}年"
                              f"第{other.number}轮（{other.start}至{other.end}）日期重叠，而两轮都由"
                              f"{someone.name if someone else leader}任组长的巡查组承担", field_name="start")


@rule("plan-round-dates", "四（一）", "每轮巡查的起止日期须填写、先后有序，并在方案年度之内", scope=[NEW_ROUND])
def plan_round_dates(context: Context) -> Iterator[Finding]:
    for plan, round_, label in rounds_in_scope(context):
        for name, title in (("start", "开始"), ("end", "结束")):
            value = getattr(round_, name)
            if value is None:
                yield Finding(round_, f"{label}未填写本轮{title}日期", field_name=name)
            elif plan.year and value.year != plan.year:
                yield Finding(round_, f"{label}的{title}日期 {value} 不在方案年度 {plan.year} 年之内", field_name=name)
        if round_.start and round_.end and round_.end < round_.start:
            yield Finding(round_, f"{label}的结束日期 {round_.end} 早于开始日期 {round_.start}", field_name="end")


@rule("plan-mobilization", "四（一）", "巡查工作开始前做好动员组织和有关培训工作", scope=[NEW_ROUND])
def plan_mobilization(context: Context) -> Iterator[Finding]:
    for _, round_, label in rounds_in_scope(context):
        held = round_.mobilization
        if held is None or held.date is None:
            # Not yet recorded is work still to do before the round starts, not a fault in the plan.
            yield Finding(held or round_, f"{label}尚未记录动员培训日期：巡查工作开始前须做好动员组织和有关培训工作",
                          field_name="date" if held else None, severity=WARNING)
        elif round_.start and held.date > round_.start:
            yield Finding(held, f"{label}的动员培训日期 {held.date} 晚于本轮开始日期 {round_.start}，"
                          f"动员培训须在巡查工作开始前进行", field_name="date")


@rule("plan-inspection-in-round", "四（一）", "计划巡查的日期须在本轮起止日期之内", scope=[NEW_ROUND])
def plan_inspection_in_round(context: Context) -> Iterator[Finding]:
    for _, round_, label in rounds_in_scope(context):
        if not (round_.start and round_.end):
            continue
        for planned in round_.inspections:
            for name, title in (("start", "计划进驻"), ("end", "计划结束")):
                value = getattr(planned, name)
                if value and not (round_.start <= value <= round_.end):
                    yield Finding(planned,
                                  f"{label}对{target_name(context.records, planned.target)}的"
                                  f"{title}日期 {value} 不在本轮 {round_.start} 至 {round_.end} 之内", field_name=name)


@rule("step-before-opened", "四（一）", "巡查各环节不得早于本轮巡查开启之日", per_inspection=True)
def step_before_opened(context: Context) -> Iterator[Finding]:
    for folder in context.records.inspections.values():
        opened = folder.inspection.opened if folder.inspection else None
        if opened is None:
            continue
        for step, item, date in dated_records(folder):
            if date < opened:
                yield Finding(item, f"{step_label(step)}的日期 {date} 早于本轮巡查开启日期 {opened}（inspection.yaml 的 opened）",
                              field_name="date", clause=step.clause)
