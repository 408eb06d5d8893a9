"""Who may inspect whom (二（二）、五（二）（三）) and what an annual plan must hold (二（一）、四（一）、五（五）).

Every team rule is checked on both the planned inspections of plans/<year>.yaml and the opened
ones (inspection.yaml): a plan is the place to catch a bad team before it goes out, and an
opened folder may have been edited by hand afterwards.

``new-round`` runs these same rules with ``context.options["round"] = (year, number)``: the
subjects are then only that round's planned inspections, while overlaps are still looked for
against every other tour, planned or opened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Iterator

from ...model.base import Record
from ... import seed
from ...model.config import REGULAR_KINDS, SPECIAL_KINDS, TARGET_KIND_NAMES
from ...model.people import RANK_ORDER, Person
from ...model.plan import Plan, Round, Team
from ...model.tree import Records
from ...model.diagnostics import Diagnostic
from ..engine import Context, finding, rule, warning
from ..roster import judged_on, plan_approved_on



@dataclass
class Tour:
    """One team on one target for a span of days: a planned inspection or an opened one."""

    record: Record          # where to point the clerk: the PlannedInspection or the Inspection
    team: Team
    target: str
    year: int
    round: int
    start: dt.date | None
    end: dt.date | None
    special: bool
    opened: bool
    # The day the team is judged on (二（二）、五（二）一次一授权): its authorisation, or until then the
    # day the round opened or the plan was approved.  None: not yet approved, judged on the latest roster.
    on: dt.date | None = None

    @property
    def key(self) -> tuple:
        return (self.year, self.round, self.target)


def _target_name(records: Records, target_id: str) -> str:
    config = records.config
    name = config.unit_name(target_id) if config else None
    return name or target_id


def describe(records: Records, tour: Tour) -> str:
    state = "已开启" if tour.opened else "计划"
    return f"{tour.year}年第{tour.round}轮对{_target_name(records, tour.target)}的巡查（{state}）"


def all_tours(records: Records) -> list[Tour]:
    """Every tour known: opened inspections, and planned ones not yet opened (an opened folder supersedes its plan line)."""
    tours: list[Tour] = []
    for folder in records.inspections.values():
        inspection = folder.inspection
        if inspection is None or inspection.team is None or not inspection.target:
            continue
        # On site from entry to end when recorded; the planned dates until then.
        start = folder.entry.date if folder.entry and folder.entry.date else inspection.planned_start
        end = folder.end.date if folder.end and folder.end.date else inspection.planned_end
        tours.append(Tour(inspection, inspection.team, inspection.target, inspection.year, inspection.round,
                          start, end, bool(inspection.special), True, judged_on(records, folder)))
    opened = {t.key for t in tours}
    for plan in records.plans.values():
        for round_ in plan.rounds:
            for planned in round_.inspections:
                tour = planned_tour(plan, round_, planned)
                if tour is not None and tour.key not in opened:
                    tours.append(tour)
    return tours


def _all_tours(context: Context) -> list[Tour]:
    """all_tours, found once per validation run: a dozen team rules walk the same tours."""
    cached = context.options.get("all-tours")
    if cached is None:
        cached = context.options["all-tours"] = all_tours(context.records)
    return cached


def planned_tour(plan: Plan, round_: Round, planned) -> Tour | None:
    if planned.team is None or not planned.target:
        return None
    return Tour(planned, planned.team, planned.target, plan.year, round_.number,
                planned.start or round_.start, planned.end or round_.end, bool(planned.special), False,
                plan_approved_on(plan))


def in_scope(context: Context, year: int, number: int | None = None) -> bool:
    scope = context.options.get("round")
    if scope is None:
        return True
    return scope[0] == year and (number is None or scope[1] == number)


def subject_tours(context: Context) -> list[Tour]:
    """The tours the team rules judge: all of them, or the planned ones of the round being opened."""
    scope = context.options.get("round")
    if scope is None:
        # Every file is judged: the plan line and, once opened, the inspection.yaml copied from it.
        cached = context.options.get("subject-tours")
        if cached is None:
            cached = context.options["subject-tours"] = (
                [t for t in _all_tours(context) if t.opened] + _planned_tours(context.records))
        return cached
    # Opening a round authorises its teams from that day on: judge them on the roster of that day.
    opening = context.options.get("opening")
    return [dataclasses.replace(t, on=opening) if opening else t
            for t in _planned_tours(context.records) if (t.year, t.round) == tuple(scope)]


def _planned_tours(records: Records) -> list[Tour]:
    tours = []
    for plan in records.plans.values():
        for round_ in plan.rounds:
            for planned in round_.inspections:
                tour = planned_tour(plan, round_, planned)
                if tour is not None:
                    tours.append(tour)
    return tours


def _person(records: Records, person_id: str | None, tour: Tour | None = None) -> Person | None:
    """The person as the roster stood on the tour's day (its authorisation), or as it stands now."""
    roster = records.roster
    if not roster or not person_id:
        return None
    return roster.as_of(tour.on if tour is not None else None).person(person_id)


def _rank_at_least(person: Person, rank: str) -> bool:
    return person.rank in RANK_ORDER and RANK_ORDER.index(person.rank) >= RANK_ORDER.index(rank)


def _unit(records: Records, person: Person) -> str:
    name = records.config.unit_name(person.unit) if records.config else None
    return name or person.unit


def _eligible_units(records: Records) -> set[str]:
    config = records.config
    return set(config.safety_committee_members) | set(config.leading_group_members)


def _overlap(a: Tour, b: Tour) -> bool:
    if None in (a.start, a.end, b.start, b.end):
        return False
    return a.start <= b.end and b.start <= a.end


# -- 二（二）：巡查组的构成 --------------------------------------------------------------


@rule("team-leader-missing", "二（二）", "巡查组实行组长负责制，每个巡查组须有组长")
def leader_missing(context: Context) -> Iterator[Diagnostic]:
    for tour in subject_tours(context):
        if not tour.team.leader:
            yield finding(tour.team, "team-leader-missing",
                          f"{describe(context.records, tour)}的巡查组没有组长：巡查组实行组长负责制，请填写 leader（人员编号）",
                          field_name="leader")


ROLE_TITLES = {"leader": "组长", "deputy": "副组长"}


def _holders(context: Context, role: str) -> Iterator[tuple[Tour, Person]]:
    """Each judged tour with the person it names as leader or deputy (unknown ids are references' business)."""
    for tour in subject_tours(context):
        person = _person(context.records, getattr(tour.team, role), tour)
        if person is not None:
            yield tour, person


def _about(context: Context, rule_id: str, tour: Tour, role: str, person: Person, why: str) -> Diagnostic:
    return finding(tour.team, rule_id,
                   f"{describe(context.records, tour)}的{ROLE_TITLES[role]}{person.name}{roster_day(tour, person)}{why}",
                   field_name=role)


def roster_day(tour: Tour, person: Person) -> str:
    """For a person whose post has changed: the day the team was judged on, so the clerk sees which entry counted."""
    if not person.changes:
        return ""
    return f"（按 {tour.on} 的人员名册）" if tour.on else "（按人员名册的最新登记）"


@rule("team-leader-rank", "二（二）", "组长由正处级领导干部担任")
def leader_rank(context: Context) -> Iterator[Diagnostic]:
    for tour, person in _holders(context, "leader"):
        # A rank people.yaml could not read is reported there (invalid-choice), once, not per tour.
        if person.rank is not None and not _rank_at_least(person, "正处级"):
            yield _about(context, "team-leader-rank", tour, "leader", person,
                         f"职级为{person.rank}，组长须由正处级领导干部担任")


@rule("team-leader-post", "二（二）", "组长须为现职或退出领导岗位的领导干部")
def leader_post(context: Context) -> Iterator[Diagnostic]:
    for tour, person in _holders(context, "leader"):
        if person.post is not None and person.post not in ("现职", "退出领导岗位"):
            yield _about(context, "team-leader-post", tour, "leader", person,
                         f"在职状态为“{person.post}”，组长须为现职或退出领导岗位的领导干部")


@rule("team-leader-unit", "二（二）", "组长出自市安委会、领导小组成员单位或市人大常委会、市政协")
def leader_unit(context: Context) -> Iterator[Diagnostic]:
    config = context.records.config
    if config is None:
        return
    allowed = _eligible_units(context.records) | {config.people_congress, config.cppcc}
    for tour, person in _holders(context, "leader"):
        if person.unit not in allowed:
            yield _about(context, "team-leader-unit", tour, "leader", person,
                         f"所在单位{_unit(context.records, person)}既不是市安委会或领导小组成员单位，也不是市人大常委会、市政协")


@rule("team-leader-familiar", "二（二）", "组长须熟悉安全生产监管工作")
def leader_familiar(context: Context) -> Iterator[Diagnostic]:
    for tour, person in _holders(context, "leader"):
        if not person.familiar_with_safety:
            yield _about(context, "team-leader-familiar", tour, "leader", person,
                         "在人员名册中未登记为熟悉安全生产监管工作（people.yaml 中 familiar_with_safety）")


@rule("team-deputy-unit", "二（二）", "副组长由市应急管理局干部担任")
def deputy_unit(context: Context) -> Iterator[Diagnostic]:
    config = context.records.config
    if config is None:
        return
    bureau = config.unit_name(config.emergency_bureau) or config.emergency_bureau
    for tour, person in _holders(context, "deputy"):
        if person.unit != config.emergency_bureau:
            yield _about(context, "team-deputy-unit", tour, "deputy", person,
                         f"所在单位为{_unit(context.records, person)}，副组长须由{bureau}干部担任")


@rule("team-deputy-rank", "二（二）", "副组长须为副处级以上干部")
def deputy_rank(context: Context) -> Iterator[Diagnostic]:
    for tour, person in _holders(context, "deputy"):
        # A rank people.yaml could not read is reported there (invalid-choice), once, not per tour.
        if person.rank is not None and not _rank_at_least(person, "副处级"):
            yield _about(context, "team-deputy-rank", tour, "deputy", person,
                         f"职级为{person.rank}，副组长须为副处级以上干部")


@rule("team-member-unit", "二（二）", "其他成员由市安委会、领导小组成员单位工作人员和安全专家组成")
def member_unit(context: Context) -> Iterator[Diagnostic]:
    if context.records.config is None:
        return
    allowed = _eligible_units(context.records)
    for tour in subject_tours(context):
        for member in tour.team.members:
            person = _person(context.records, member, tour)
            if person and not person.expert and person.unit not in allowed:
                yield finding(tour.team, "team-member-unit",
                              f"{describe(context.records, tour)}的成员{person.name}{roster_day(tour, person)}"
                              f"所在单位{_unit(context.records, person)}"
                              f"不是市安委会或领导小组成员单位，本人也未登记为安全专家", field_name="members")


# -- 五（二）：组长负责制，一次一授权 ----------------------------------------------------


def _overlapping_pairs(context: Context) -> list[tuple[Tour, Tour]]:
    """(subject, other) pairs on site at the same time with someone in both teams.

    Each unordered pair comes once when judging everything.  Two rules ask for the same
    pairs in one run, so they are found once per Context."""
    cached = context.options.get("overlapping-pairs")
    if cached is None:
        cached = context.options["overlapping-pairs"] = list(_find_overlapping_pairs(context))
    return cached


def _find_overlapping_pairs(context: Context) -> Iterator[tuple[Tour, Tour]]:
    everything = _all_tours(context)
    scoped = context.options.get("round") is not None
    if scoped:
        for subject in subject_tours(context):
            for other in everything:
                if other.key != subject.key and _overlap(subject, other):
                    yield subject, other
        return
    # Per person, a sweep by start date over that person's own tours: a province's term has
    # thousands of tours, dozens on site at once, but one person serves on a handful.  Pairs
    # with nobody in common can break neither rule.  Same pairs, same (earlier, later) roles.
    dated = [i for i, t in enumerate(everything) if None not in (t.start, t.end)]
    serving: dict[str, list[int]] = {}
    for i in dated:
        for person in set(everything[i].team.everyone()):
            serving.setdefault(person, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for tours in serving.values():
        if len(tours) > 1:
            pairs |= _overlapping_among(everything, tours)
    for i, j in sorted(pairs):
        yield everything[i], everything[j]


def _overlapping_among(everything: list[Tour], indices: list[int]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    spans = sorted((everything[i].start, i) for i in indices if everything[i].start <= everything[i].end)
    on_site: list[int] = []
    for start, i in spans:
        on_site = [j for j in on_site if everything[j].end >= start]
        pairs.update((min(i, j), max(i, j)) for j in on_site)
        on_site.append(i)
    # An end typed before its start is another rule's finding; judge it pairwise as before.
    for i in (i for i in indices if everything[i].start > everything[i].end):
        pairs.update((min(i, j), max(i, j)) for j in indices if j != i and _overlap(everything[i], everything[j]))
    return pairs


@rule("team-leader-overlap", "五（二）", "一次一授权：同一人不得同时担任两个日期重叠的巡查的组长")
def leader_overlap(context: Context) -> Iterator[Diagnostic]:
    records = context.records
    for subject, other in _overlapping_pairs(context):
        if subject.team.leader and subject.team.leader == other.team.leader:
            person = _person(records, subject.team.leader)
            name = person.name if person else subject.team.leader
            yield finding(subject.team, "team-leader-overlap",
                          f"{name}同时担任{describe(records, subject)}（{subject.start}至{subject.end}）和"
                          f"{describe(records, other)}（{other.start}至{other.end}）的组长，两次巡查日期重叠；"
                          f"巡查组实行组长负责制，一次一授权", field_name="leader")


@rule("team-member-overlap", "五（二）", "一次一授权：同一人不得同时在两个巡查组驻点")
def member_overlap(context: Context) -> Iterator[Diagnostic]:
    records = context.records
    teams: dict[int, list[str]] = {}

    def everyone(tour: Tour) -> list[str]:
        people = teams.get(id(tour))
        if people is None:
            people = teams[id(tour)] = tour.team.everyone()
        return people

    for subject, other in _overlapping_pairs(context):
        others = everyone(other)
        shared = [p for p in everyone(subject) if p in others]
        # A leader of both is already told by team-leader-overlap.
        shared = [p for p in shared if not (p == subject.team.leader == other.team.leader)]
        for person_id in shared:
            person = _person(records, person_id)
            name = person.name if person else person_id
            yield finding(subject.team, "team-member-overlap",
                          f"{name}同时在{describe(records, subject)}（{subject.start}至{subject.end}）和"
                          f"{describe(records, other)}（{other.start}至{other.end}）的巡查组中，两组驻点日期重叠",
                          field_name=_role(subject.team, person_id))


def _role(team: Team, person_id: str) -> str:
    if person_id == team.leader:
        return "leader"
    if person_id == team.deputy:
        return "deputy"
    return "members"


# -- 五（三）：回避 ---------------------------------------------------------------------


@rule("recusal-unit", "五（三）", "回避：巡查组成员不得来自被巡查地区或单位")
def recusal_unit(context: Context) -> Iterator[Diagnostic]:
    records = context.records
    config = records.config
    if config is None:
        return
    # Most members come from units that are not targets; a local table answers those misses at once.
    targets = {}
    for item in config.targets:
        targets.setdefault(item.id, item)
    for tour in subject_tours(context):
        target = targets.get(tour.target)
        if target is None:
            continue
        inside = {target.id} | ({target.parent} if target.parent else set())
        for person_id in tour.team.everyone():
            person = _person(records, person_id, tour)
            if person is None:
                continue
            unit = targets.get(person.unit)
            if person.unit in inside or (unit is not None and unit.parent == target.id):
                yield finding(tour.team, "recusal-unit",
                              f"{person.name}（{_unit(records, person)}）{roster_day(tour, person)}须回避{describe(records, tour)}："
                              f"其所在单位即被巡查地区或单位、或隶属于它", field_name=_role(tour.team, person_id))


@rule("recusal-conflict", "五（三）", "回避：与被巡查地区或单位有利害关系的人员不得参加")
def recusal_conflict(context: Context) -> Iterator[Diagnostic]:
    records = context.records
    config = records.config
    for tour in subject_tours(context):
        target = config.target(tour.target) if config else None
        inside = {tour.target} | ({target.parent} if target and target.parent else set())
        for person_id in tour.team.everyone():
            person = _person(records, person_id)
            if person is None:
                continue
            for conflict in person.conflicts:
                if conflict.target in inside:
                    yield finding(tour.team, "recusal-conflict",
                                  f"{person.name}须回避{describe(records, tour)}：{conflict.reason}"
                                  f"（见 people.yaml 第 {conflict.pos().line} 行）", field_name=_role(tour.team, person_id))


# -- 四（一）：年度方案 ------------------------------------------------------------------


@rule("plan-round-overlap", "四（一）", "同一巡查组（同一组长）的两个轮次日期不得重叠")
def round_overlap(context: Context) -> Iterator[Diagnostic]:
    rounds = [(plan, r) for plan in context.records.plans.values() for r in plan.rounds if r.start and r.end]
    for i, (plan, round_) in enumerate(rounds):
        if not in_scope(context, plan.year, round_.number):
            continue
        others = rounds[i + 1:] if context.options.get("round") is None else rounds[:i] + rounds[i + 1:]
        for other_plan, other in others:
            if not (round_.start <= other.end and other.start <= round_.end):
                continue
            leaders = {p.team.leader for p in round_.inspections if p.team and p.team.leader}
            shared = sorted(leaders & {p.team.leader for p in other.inspections if p.team and p.team.leader})
            for leader in shared:
                person = _person(context.records, leader)
                yield finding(round_, "plan-round-overlap",
                              f"{plan.year}年第{round_.number}轮（{round_.start}至{round_.end}）与{other_plan.year}年"
                              f"第{other.number}轮（{other.start}至{other.end}）日期重叠，而两轮都由"
                              f"{person.name if person else leader}任组长的巡查组承担", field_name="start")


@rule("plan-approval-order", "四（一）", "年度方案先经领导小组研究，再报市委、市政府批准")
def approval_order(context: Context) -> Iterator[Diagnostic]:
    for plan in context.records.plans.values():
        if not in_scope(context, plan.year):
            continue
        seen: dict[str, object] = {}
        for approval in plan.approvals:
            if approval.by in seen:
                yield finding(approval, "plan-approval-order",
                              f"{plan.year}年度方案重复记录了{_approver(approval.by)}", field_name="by")
            if approval.by == "city" and "leading-group" not in seen:
                yield finding(approval, "plan-approval-order",
                              f"{plan.year}年度方案在经领导小组研究之前记录了市委、市政府批准：须先经市安全生产巡查工作领导小组研究，"
                              f"再报市委、市政府批准", field_name="by")
            seen.setdefault(approval.by, approval)
        group, city = plan.approval("leading-group"), plan.approval("city")
        if group and city and group.date and city.date and city.date < group.date:
            yield finding(city, "plan-approval-order",
                          f"{plan.year}年度方案市委、市政府批准日期 {city.date} 早于领导小组研究日期 {group.date}",
                          field_name="date")


def _approver(by: str) -> str:
    from ...model.plan import APPROVER_NAMES

    return APPROVER_NAMES.get(by, by)


@rule("plan-disclosure", "五（五）", "经审定批准后的年度方案向社会公开")
def disclosure(context: Context) -> Iterator[Diagnostic]:
    for plan in context.records.plans.values():
        if plan.disclosure is None or not in_scope(context, plan.year):
            continue
        city = plan.approval("city")
        if city is None:
            yield finding(plan.disclosure, "plan-disclosure",
                          f"{plan.year}年度方案尚未经市委、市政府批准，不能记录向社会公开")
        elif plan.disclosure.date and city.date and plan.disclosure.date < city.date:
            yield finding(plan.disclosure, "plan-disclosure",
                          f"{plan.year}年度方案公开日期 {plan.disclosure.date} 早于市委、市政府批准日期 {city.date}",
                          field_name="date")


@rule("plan-round-dates", "四（一）", "每轮巡查的起止日期须填写、先后有序，并在方案年度之内")
def round_dates(context: Context) -> Iterator[Diagnostic]:
    for plan in context.records.plans.values():
        for round_ in plan.rounds:
            if not in_scope(context, plan.year, round_.number):
                continue
            label = f"{plan.year}年第{round_.number}轮"
            for name, title in (("start", "开始"), ("end", "结束")):
                value = getattr(round_, name)
                if value is None:
                    yield finding(round_, "plan-round-dates", f"{label}未填写本轮{title}日期", field_name=name)
                elif plan.year and value.year != plan.year:
                    yield finding(round_, "plan-round-dates",
                                  f"{label}的{title}日期 {value} 不在方案年度 {plan.year} 年之内", field_name=name)
            if round_.start and round_.end and round_.end < round_.start:
                yield finding(round_, "plan-round-dates",
                              f"{label}的结束日期 {round_.end} 早于开始日期 {round_.start}", field_name="end")


@rule("plan-mobilization", "四（一）", "巡查工作开始前做好动员组织和有关培训工作")
def mobilization(context: Context) -> Iterator[Diagnostic]:
    for plan in context.records.plans.values():
        for round_ in plan.rounds:
            if not in_scope(context, plan.year, round_.number):
                continue
            label = f"{plan.year}年第{round_.number}轮"
            held = round_.mobilization
            if held is None or held.date is None:
                yield warning(held or round_, "plan-mobilization",
                              f"{label}尚未记录动员培训日期：巡查工作开始前须做好动员组织和有关培训工作",
                              field_name="date" if held else None)
            elif round_.start and held.date > round_.start:
                yield finding(held, "plan-mobilization",
                              f"{label}的动员培训日期 {held.date} 晚于本轮开始日期 {round_.start}，"
                              f"动员培训须在巡查工作开始前进行", field_name="date")


@rule("plan-inspection-kind", "二（一）", "常规巡查县（市、区）、两区和市有关部门；专项巡查镇（街道）和市级以上功能区")
def inspection_kind(context: Context) -> Iterator[Diagnostic]:
    config = context.records.config
    if config is None:
        return
    for tour in subject_tours(context):
        target = config.target(tour.target)
        if target is None:
            continue
        kind = TARGET_KIND_NAMES.get(target.kind, target.kind)
        if tour.special and target.kind in REGULAR_KINDS:
            yield finding(tour.record, "plan-inspection-kind",
                          f"{describe(context.records, tour)}标为专项巡查，但{target.name}属于{kind}，应开展常规巡查；"
                          f"专项巡查只针对存在突出问题的镇（街道）、市级以上功能区", field_name="special")
        elif not tour.special and target.kind in SPECIAL_KINDS:
            yield finding(tour.record, "plan-inspection-kind",
                          f"{target.name}属于{kind}，对它的巡查应为专项巡查（special: true，不超过{seed.SPECIAL_TOUR_DAYS}天）",
                          field_name="target")


@rule("plan-inspection-in-round", "四（一）", "计划巡查的日期须在本轮起止日期之内")
def inspection_in_round(context: Context) -> Iterator[Diagnostic]:
    for plan in context.records.plans.values():
        for round_ in plan.rounds:
            if not in_scope(context, plan.year, round_.number) or not (round_.start and round_.end):
                continue
            for planned in round_.inspections:
                for name, title in (("start", "计划进驻"), ("end", "计划结束")):
                    value = getattr(planned, name)
                    if value and not (round_.start <= value <= round_.end):
                        yield finding(planned, "plan-inspection-in-round",
                                      f"{plan.year}年第{round_.number}轮对{_target_name(context.records, planned.target)}的"
                                      f"{title}日期 {value} 不在本轮 {round_.start} 至 {round_.end} 之内", field_name=name)


@rule("plan-tour-length", "二（一）", "巡查时间一般不超过30天，专项巡查不超过10天")
def tour_length(context: Context) -> Iterator[Diagnostic]:
    for tour in subject_tours(context):
        record = tour.record
        start, end = ("planned_start", "planned_end") if tour.opened else ("start", "end")
        # Planned dates, not the actual ones: the length on site once entered is the steps' business.
        first, last = (record.planned_start, record.planned_end) if tour.opened else (tour.start, tour.end)
        if first is None or last is None:
            continue
        if last < first:
            yield finding(record, "plan-tour-length",
                          f"{describe(context.records, tour)}的计划结束日期 {last} 早于计划进驻日期 {first}",
                          field_name=end if record.has(end) else None)
            continue
        days = (last - first).days + 1
        limit = seed.tour_days(tour.special)
        if days > limit:
            what = "专项巡查" if tour.special else "巡查"
            yield finding(record, "plan-tour-length",
                          f"{describe(context.records, tour)}计划 {first} 至 {last} 共 {days} 天，{what}时间不超过{limit}天",
                          field_name=end if record.has(end) else None)


TEAM_RULES = (
    "team-leader-missing", "team-leader-rank", "team-leader-post", "team-leader-unit", "team-leader-familiar",
    "team-deputy-unit", "team-deputy-rank", "team-member-unit", "team-leader-overlap", "team-member-overlap",
    "recusal-unit", "recusal-conflict", "plan-round-overlap", "plan-approval-order", "plan-disclosure",
    "plan-round-dates", "plan-mobilization", "plan-inspection-kind", "plan-inspection-in-round", "plan-tour-length",
)
