"""二（一）巡查对象

> 主要包括全市各县(市、区)党委和政府,盐城经济技术开发区和盐南高新区党工委、管委会,负有安全生产监督管理和行业管理职责的市有关部门。从2019年下半年开始,对各县(市、区)、盐城经济技术开发区、盐南高新区和市有关部门实现一届任期全面巡查全覆盖;对存在突出问题的镇(街道)、市级以上各类功能区开展专项巡查。巡查时间根据任务需要确定,一般不超过30天,对镇(街道)、市级以上各类功能区专项巡查时间不超过10天。

巡查对象目录在 config.yaml 中，每个对象一个编号；年度方案和每次巡查只能指向目录中的对象。
县（市、区）、两区和市有关部门开展常规巡查，镇（街道）和市级以上功能区开展专项巡查。
计划的巡查时间超过 30 天（专项巡查 10 天）是错误；实际巡查结束晚于时限只是警告：
晚了是事实，台账应如实记载，不应为通过检查而改写日期。
"""

from __future__ import annotations

from typing import Iterator

from ... import seed
from ...model.config import REGULAR_KINDS, SPECIAL_KINDS, TARGET_KIND_NAMES
from ..engine import NEW_ROUND, WARNING, Context, Finding, rule
from ..tours import describe
from .common import late, suggest
from .subjects import subject_tours


@rule("unique-target-id", "二（一）", "巡查对象编号在目录中唯一")
def unique_target_id(context: Context) -> Iterator[Finding]:
    config = context.records.config
    if config is None:
        return
    seen: set[str] = set()
    for target in config.targets:
        if target.id in seen:
            yield Finding(target, f"巡查对象编号 `{target.id}` 重复", field_name="id")
        seen.add(target.id)


@rule("unknown-target", "二（一）", "巡查和方案只能指向目录中的巡查对象")
def unknown_target(context: Context) -> Iterator[Finding]:
    config = context.records.config
    if config is None:
        return
    known = [t.id for t in config.targets]
    listed = set(known)
    for plan in context.records.plans.values():
        for round_ in plan.rounds:
            for planned in round_.inspections:
                if planned.target and planned.target not in listed:
                    yield Finding(planned, f"巡查对象 `{planned.target}` 不在 config.yaml 的巡查对象目录中"
                                  + suggest(planned.target, known), field_name="target")
    for folder in context.records.inspections.values():
        inspection = folder.inspection
        if inspection and inspection.target and inspection.target not in listed:
            yield Finding(inspection, f"巡查对象 `{inspection.target}` 不在 config.yaml 的巡查对象目录中"
                          + suggest(inspection.target, known), field_name="target")


@rule("plan-inspection-kind", "二（一）", "常规巡查县（市、区）、两区和市有关部门；专项巡查镇（街道）和市级以上功能区",
      scope=[NEW_ROUND])
def plan_inspection_kind(context: Context) -> Iterator[Finding]:
    config = context.records.config
    if config is None:
        return
    for tour in subject_tours(context):
        target = config.target(tour.target)
        if target is None:
            continue
        kind = TARGET_KIND_NAMES.get(target.kind, target.kind)
        if tour.special and target.kind in REGULAR_KINDS:
            yield Finding(tour.record,
                          f"{describe(context.records, tour)}标为专项巡查，但{target.name}属于{kind}，应开展常规巡查；"
                          f"专项巡查只针对存在突出问题的镇（街道）、市级以上功能区", field_name="special")
        elif not tour.special and target.kind in SPECIAL_KINDS:
            yield Finding(tour.record,
                          f"{target.name}属于{kind}，对它的巡查应为专项巡查（special: true，不超过{seed.SPECIAL_TOUR_DAYS}天）",
                          field_name="target")


@rule("plan-tour-length", "二（一）", f"巡查时间一般不超过{seed.TOUR_DAYS}天，专项巡查不超过{seed.SPECIAL_TOUR_DAYS}天",
      scope=[NEW_ROUND])
def plan_tour_length(context: Context) -> Iterator[Finding]:
    for tour in subject_tours(context):
        record = tour.record
        end = "planned_end" if tour.opened else "end"
        # Planned dates, not the actual ones: the length on site once entered is tour-length's business.
        first, last = (record.planned_start, record.planned_end) if tour.opened else (tour.start, tour.end)
        if first is None or last is None:
            continue
        if last < first:
            yield Finding(record, f"{describe(context.records, tour)}的计划结束日期 {last} 早于计划进驻日期 {first}",
                          field_name=end if record.has(end) else None)
            continue
        days = (last - first).days + 1
        limit = seed.tour_days(tour.special)
        if days > limit:
            what = "专项巡查" if tour.special else "巡查"
            yield Finding(record,
                          f"{describe(context.records, tour)}计划 {first} 至 {last} 共 {days} 天，{what}时间不超过{limit}天",
                          field_name=end if record.has(end) else None)


@rule("tour-length", "二（一）", f"巡查时间一般不超过{seed.TOUR_DAYS}天；对镇（街道）、市级以上各类功能区专项巡查时间不超过{seed.SPECIAL_TOUR_DAYS}天",
      severity=WARNING)
def tour_length(context: Context) -> Iterator[Finding]:
    yield from late(context, ("end",))
