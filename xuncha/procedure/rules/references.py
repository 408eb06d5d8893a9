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
