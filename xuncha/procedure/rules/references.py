"""Every id a record names must exist: targets in config.yaml, people in people.yaml."""

from __future__ import annotations

import difflib
from typing import Iterator

from ...model.diagnostics import Diagnostic
from ..engine import Context, finding, rule


def _suggest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    return f"，是否想写 `{close[0]}`？" if close else ""


@rule("unique-target-id", "二（一）", "巡查对象编号在目录中唯一")
def unique_target_ids(context: Context) -> Iterator[Diagnostic]:
    config = context.records.config
    if config is None:
        return
    seen: set[str] = set()
    for target in config.targets:
        if target.id in seen:
            yield finding(target, "unique-target-id", f"巡查对象编号 `{target.id}` 重复", field_name="id")
        seen.add(target.id)


@rule("unknown-target", "二（一）", "巡查和方案只能指向目录中的巡查对象")
def targets_are_known(context: Context) -> Iterator[Diagnostic]:
    config = context.records.config
    if config is None:
        return
    known = [t.id for t in config.targets]
    listed = set(known)
    for plan in context.records.plans.values():
        for round_ in plan.rounds:
            for planned in round_.inspections:
                if planned.target and planned.target not in listed:
                    yield finding(planned, "unknown-target",
                                  f"巡查对象 `{planned.target}` 不在 config.yaml 的巡查对象目录中"
                                  + _suggest(planned.target, known), field_name="target")
    for folder in context.records.inspections.values():
        inspection = folder.inspection
        if inspection and inspection.target and inspection.target not in listed:
            yield finding(inspection, "unknown-target",
                          f"巡查对象 `{inspection.target}` 不在 config.yaml 的巡查对象目录中"
                          + _suggest(inspection.target, known), field_name="target")


@rule("unknown-person", "二（二）", "巡查组成员须在人员名册 people.yaml 中")
def people_are_known(context: Context) -> Iterator[Diagnostic]:
    roster = context.records.roster
    known = [p.id for p in roster.people] if roster else []
    listed = set(known)
    teams = [planned.team for plan in context.records.plans.values() for r in plan.rounds for planned in r.inspections]
    teams += [f.inspection.team for f in context.records.inspections.values() if f.inspection and f.inspection.team]
    for team in teams:
        if team is None:
            continue
        for role, people in (("leader", [team.leader]), ("deputy", [team.deputy]), ("members", team.members)):
            for person in people:
                if person and person not in listed:
                    yield finding(team, "unknown-person",
                                  f"人员 `{person}` 不在人员名册 people.yaml 中" + _suggest(person, known),
                                  field_name=role)


@rule("unknown-unit", "二（二）", "人员所在单位须在 config.yaml 的目录中")
def units_are_known(context: Context) -> Iterator[Diagnostic]:
    config, roster = context.records.config, context.records.roster
    if config is None or roster is None:
        return
    known = [t.id for t in config.targets] + [u.id for u in config.units]
    listed = set(known)
    for person in roster.people:
        # The person's first entry and every later change (二（二）: the roster over time).
        for entry in (person, *person.changes):
            if entry.unit and entry.unit not in listed:
                yield finding(entry, "unknown-unit",
                              f"{person.name} 的所在单位 `{entry.unit}` 不在 config.yaml 的巡查对象或其他单位目录中"
                              + _suggest(entry.unit, known), field_name="unit")


def _duplicates(items, key) -> Iterator[tuple[object, object]]:
    """Each item whose key an earlier item of the same list already has, with that earlier item."""
    first: dict = {}
    for item in items:
        value = key(item)
        if value in (None, ""):
            continue
        if value in first:
            yield item, first[value]
        else:
            first[value] = item


def _line_of(record) -> str:
    position = record.pos("id") if hasattr(record, "pos") else None
    return f"第 {position.line} 行" if position and position.line else "前面"


@rule("unique-person-id", "二（二）", "人员名册中每人一个编号，编号不得重复")
def unique_person_ids(context: Context) -> Iterator[Diagnostic]:
    roster = context.records.roster
    for person, earlier in _duplicates(roster.people if roster else [], lambda p: p.id):
        yield finding(person, "unique-person-id",
                      f"人员编号 `{person.id}` 重复：{_line_of(earlier)}已登记 {earlier.name}，"
                      f"巡查组按编号引用人员，同一编号只能指一人", field_name="id")


@rule("unique-id", None, "台账中按编号引用的条目（单位、问题、举报、轮次）编号不得重复")
def unique_keyed_entries(context: Context) -> Iterator[Diagnostic]:
    records = context.records
    if records.config is not None:
        for unit, earlier in _duplicates(records.config.units, lambda u: u.id):
            yield finding(unit, "unique-id", f"单位编号 `{unit.id}` 重复（{_line_of(earlier)}已有）", field_name="id")
    for plan in records.plans.values():
        for round_, earlier in _duplicates(plan.rounds, lambda r: r.number):
            yield finding(round_, "unique-id", f"{plan.year}年度方案的第{round_.number}轮重复", field_name="number")
        for round_ in plan.rounds:
            for planned, _ in _duplicates(round_.inspections, lambda p: p.target):
                yield finding(planned, "unique-id",
                              f"{plan.year}年第{round_.number}轮重复列入巡查对象 `{planned.target}`", field_name="target")
    for folder in records.inspections.values():
        for problem, earlier in _duplicates(folder.problem_list(), lambda p: p.id):
            yield finding(problem, "unique-id", f"巡查 {folder.id} 的问题编号 {problem.id} 重复（{_line_of(earlier)}已有）",
                          field_name="id")
        for tip, earlier in _duplicates(folder.tip_list(), lambda t: t.id):
            yield finding(tip, "unique-id", f"巡查 {folder.id} 的举报编号 {tip.id} 重复（{_line_of(earlier)}已有）",
                          field_name="id")


@rule("feedback-by-leader", "四（五）", "巡查反馈由本巡查组组长进行")
def feedback_by_leader(context: Context) -> Iterator[Diagnostic]:
    from ..persons import UnknownPerson, feedback_by_problem, resolve_person

    for folder in context.records.inspections.values():
        feedback = folder.feedback
        if feedback is None or not feedback.by:
            continue
        try:
            person = resolve_person(context.records, feedback.by, feedback.date, option="反馈人")
        except UnknownPerson as exc:
            yield finding(feedback, "feedback-by-leader", str(exc), field_name="by")
            continue
        problem = feedback_by_problem(context.records, folder, person.id, feedback.date)
        if problem:
            yield finding(feedback, "feedback-by-leader", problem.removesuffix("（四（五）：由巡查组组长向被巡查地区或单位反馈）"),
                          field_name="by")
