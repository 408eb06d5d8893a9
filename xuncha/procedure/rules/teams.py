"""二（二）巡查机构：巡查组的构成

> 巡查组实行组长负责制,巡查组组长由市安全生产委员会、市安全生产巡查工作领导小组成员单位,市人大常委会、市政协现职或退出领导岗位、熟悉安全生产监管工作的正处级领导干部担任,副组长由市应急管理局副处级以上干部担任,其他工作人员由市人民政府安全生产委员会、市安全生产巡查工作领导小组成员单位相关工作人员和安全专家组成。

巡查组成员按人员编号引用人员名册 people.yaml；名册记载每人的所在单位、职级、在职状态和历次变动。
每个巡查组按授权之日（尚未授权的，按开启本轮或方案批准之日）的名册判断，所以人员日后调动、晋升
不会使过去合规的巡查组变得不合规。这些规则既检查年度方案中的计划巡查组，也检查已开启巡查的
inspection.yaml；开启一轮巡查（xuncha new-round）和登记人员变动（xuncha person）时也运行。
"""

from __future__ import annotations

from typing import Iterator

from ..engine import NEW_ROUND, Context, Finding, rule
from ..tours import describe
from .common import duplicates, line_of, suggest
from .subjects import about, eligible_units, holders, person, rank_at_least, roster_day, subject_tours, unit


@rule("unknown-person", "二（二）", "巡查组成员须在人员名册 people.yaml 中")
def unknown_person(context: Context) -> Iterator[Finding]:
    roster = context.records.roster
    known = [p.id for p in roster.people] if roster else []
    listed = set(known)
    teams = [planned.team for plan in context.records.plans.values() for r in plan.rounds for planned in r.inspections]
    teams += [f.inspection.team for f in context.records.inspections.values() if f.inspection and f.inspection.team]
    for team in teams:
        if team is None:
            continue
        for role, people in (("leader", [team.leader]), ("deputy", [team.deputy]), ("members", team.members)):
            for someone in people:
                if someone and someone not in listed:
                    yield Finding(team, f"人员 `{someone}` 不在人员名册 people.yaml 中" + suggest(someone, known),
                                  field_name=role)


@rule("unknown-unit", "二（二）", "人员所在单位须在 config.yaml 的目录中")
def unknown_unit(context: Context) -> Iterator[Finding]:
    config, roster = context.records.config, context.records.roster
    if config is None or roster is None:
        return
    known = [t.id for t in config.targets] + [u.id for u in config.units]
    listed = set(known)
    for someone in roster.people:
        # The person's first entry and every later change (二（二）: the roster over time).
        for entry in (someone, *someone.changes):
            if entry.unit and entry.unit not in listed:
                yield Finding(entry, f"{someone.name} 的所在单位 `{entry.unit}` 不在 config.yaml 的巡查对象或其他单位目录中"
                              + suggest(entry.unit, known), field_name="unit")


@rule("unique-person-id", "二（二）", "人员名册中每人一个编号，编号不得重复")
def unique_person_id(context: Context) -> Iterator[Finding]:
    roster = context.records.roster
    for someone, earlier in duplicates(roster.people if roster else [], lambda p: p.id):
        yield Finding(someone, f"人员编号 `{someone.id}` 重复：{line_of(earlier)}已登记 {earlier.name}，"
                      f"巡查组按编号引用人员，同一编号只能指一人", field_name="id")


@rule("team-leader-missing", "二（二）", "巡查组实行组长负责制，每个巡查组须有组长", scope=[NEW_ROUND])
def team_leader_missing(context: Context) -> Iterator[Finding]:
    for tour in subject_tours(context):
        if not tour.team.leader:
            yield Finding(tour.team,
                          f"{describe(context.records, tour)}的巡查组没有组长：巡查组实行组长负责制，请填写 leader（人员编号）",
                          field_name="leader")


@rule("team-leader-rank", "二（二）", "组长由正处级领导干部担任", scope=[NEW_ROUND])
def team_leader_rank(context: Context) -> Iterator[Finding]:
    for tour, someone in holders(context, "leader"):
        # A rank people.yaml could not read is reported there (invalid-choice), once, not per tour.
        if someone.rank is not None and not rank_at_least(someone, "正处级"):
            yield about(context, tour, "leader", someone, f"职级为{someone.rank}，组长须由正处级领导干部担任")


@rule("team-leader-post", "二（二）", "组长须为现职或退出领导岗位的领导干部", scope=[NEW_ROUND])
def team_leader_post(context: Context) -> Iterator[Finding]:
    for tour, someone in holders(context, "leader"):
        if someone.post is not None and someone.post not in ("现职", "退出领导岗位"):
            yield about(context, tour, "leader", someone,
                        f"在职状态为“{someone.post}”，组长须为现职或退出领导岗位的领导干部")


@rule("team-leader-unit", "二（二）", "组长出自市安委会、领导小组成员单位或市人大常委会、市政协", scope=[NEW_ROUND])
def team_leader_unit(context: Context) -> Iterator[Finding]:
    config = context.records.config
    if config is None:
        return
    allowed = eligible_units(context.records) | {config.people_congress, config.cppcc}
    for tour, someone in holders(context, "leader"):
        if someone.unit not in allowed:
            yield about(context, tour, "leader", someone,
                        f"所在单位{unit(context.records, someone)}既不是市安委会或领导小组成员单位，也不是市人大常委会、市政协")


@rule("team-leader-familiar", "二（二）", "组长须熟悉安全生产监管工作", scope=[NEW_ROUND])
def team_leader_familiar(context: Context) -> Iterator[Finding]:
    for tour, someone in holders(context, "leader"):
        if not someone.familiar_with_safety:
            yield about(context, tour, "leader", someone,
                        "在人员名册中未登记为熟悉安全生产监管工作（people.yaml 中 familiar_with_safety）")


@rule("team-deputy-unit", "二（二）", "副组长由市应急管理局干部担任", scope=[NEW_ROUND])
def team_deputy_unit(context: Context) -> Iterator[Finding]:
    config = context.records.config
    if config is None:
        return
    bureau = config.unit_name(config.emergency_bureau) or config.emergency_bureau
    for tour, someone in holders(context, "deputy"):
        if someone.unit != config.emergency_bureau:
            yield about(context, tour, "deputy", someone,
                        f"所在单位为{unit(context.records, someone)}，副组长须由{bureau}干部担任")


@rule("team-deputy-rank", "二（二）", "副组长须为副处级以上干部", scope=[NEW_ROUND])
def team_deputy_rank(context: Context) -> Iterator[Finding]:
    for tour, someone in holders(context, "deputy"):
        # A rank people.yaml could not read is reported there (invalid-choice), once, not per tour.
        if someone.rank is not None and not rank_at_least(someone, "副处级"):
            yield about(context, tour, "deputy", someone, f"职级为{someone.rank}，副组长须为副处级以上干部")


@rule("team-member-unit", "二（二）", "其他成员由市安委会、领导小组成员单位工作人员和安全专家组成", scope=[NEW_ROUND])
def team_member_unit(context: Context) -> Iterator[Finding]:
    if context.records.config is None:
        return
    allowed = eligible_units(context.records)
    for tour in subject_tours(context):
        for member in tour.team.members:
            someone = person(context.records, member, tour)
            if someone and not someone.expert and someone.unit not in allowed:
                yield Finding(tour.team,
                              f"{describe(context.records, tour)}的成员{someone.name}{roster_day(tour, someone)}"
                              f"所在单位{unit(context.records, someone)}"
                              f"不是市安委会或领导小组成员单位，本人也未登记为安全专家", field_name="members")
