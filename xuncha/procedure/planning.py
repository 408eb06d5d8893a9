"""The annual plan and its rounds (四（一）、五（五）): write, approve, publish, open a round.

Each function prepares a Changeset and says why it refuses; the CLI applies and commits it.
Nothing here writes to disk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import seed
from ..model.config import REGULAR_KINDS, TARGET_KIND_NAMES, Target
from ..model.plan import APPROVER_ALIASES, APPROVER_NAMES, Plan, Round
from ..model.tree import Records
from ..model.diagnostics import Diagnostic
from ..records.writer import Changeset
from ..refusal import Refusal
from .engine import NEW_ROUND, Context, RoundScope
from .rules import run_rules

PLANS_DIR = "plans"
INSPECTIONS_DIR = "inspections"


class PlanningRefused(Refusal):
    """The change was refused; ``args[0]`` is the Chinese reason, ``diagnostics`` the findings behind it."""


def plan_path(records: Records, year: int) -> Path:
    return records.root / PLANS_DIR / f"{year}.yaml"


def inspection_id(year: int, number: int, target: str) -> str:
    return f"{year}-{number}-{target}"


def in_term(records: Records, day: dt.date | None) -> bool:
    term = records.config.term if records.config else None
    return bool(term and day and term.start <= day <= term.end)


def outside_term(records: Records, first: dt.date, last: dt.date, what: str) -> str | None:
    """二（一）: coverage is counted per term.  Work dated wholly outside the configured term (a plan
    for 2027 in a tree whose term ended 2021-12-31) would be counted against the wrong term:
    the warning names the term configured and the key to change."""
    term = records.config.term if records.config else None
    if term is None or term.start is None or term.end is None or (first <= term.end and last >= term.start):
        return None
    return (f"{what}不在 config.yaml 配置的一届任期“{term.name}”（{term.start} 至 {term.end}）之内，"
            f"按该任期统计巡查覆盖已不适用；请在 records/config.yaml 的 term 中配置本届任期的 name、start、end（二（一））")


def opened_rounds(records: Records) -> set[tuple[int, int]]:
    """(year, round) of every round with at least one opened inspection."""
    return {(f.inspection.year, f.inspection.round) for f in records.inspections.values() if f.inspection}


def inspected_in_term(records: Records) -> dict[str, list[str]]:
    """Target id -> ids of its inspections this term: an opened folder, or a line of a round already opened."""
    found: dict[str, list[str]] = {}
    for folder in records.inspections.values():
        inspection = folder.inspection
        if inspection is None or not inspection.target:
            continue
        when = inspection.planned_start or inspection.opened
        if when is None or in_term(records, when):
            found.setdefault(inspection.target, []).append(folder.id)
    opened = opened_rounds(records)
    for plan in records.plans.values():
        for round_ in plan.rounds:
            if (plan.year, round_.number) not in opened or not in_term(records, round_.start):
                continue
            for planned in round_.inspections:
                ident = inspection_id(plan.year, round_.number, planned.target)
                if planned.target and ident not in found.get(planned.target, []):
                    found.setdefault(planned.target, []).append(ident)
    return found


def regular_targets(records: Records) -> list[Target]:
    """The targets a term must cover (二（一）): counties, the two zones, departments with safety duties."""
    config = records.config
    return [t for t in config.targets if t.kind in REGULAR_KINDS and (t.kind != "department" or t.safety_duties)]


# -- plan new ----------------------------------------------------------------------------


def plan_skeleton(records: Records, year: int) -> str:
    """A plan to fill in: every regular target not yet inspected this term, with empty teams."""
    config = records.config
    stale = outside_term(records, dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")
    # Outside the term nothing tells which targets the year's own term has inspected: list them all.
    done = {} if stale else inspected_in_term(records)
    planned_elsewhere = {p.target for plan in records.plans.values() for r in plan.rounds for p in r.inspections}
    remaining = [t for t in regular_targets(records) if t.id not in done]
    lines = [
        f"# {year}年度安全生产巡查工作方案（四（一））",
        "# 由领导小组办公室研究提出：被巡查对象、巡查轮次、巡查重点、时间安排和各巡查组人员构成。",
        "# 填好后运行 xuncha validate 检查；经领导小组研究后运行",
        f"#   xuncha plan approve {year} --by 领导小组 --date 日期",
        "# 报市委、市政府批准后运行",
        f"#   xuncha plan approve {year} --by 市委市政府 --date 日期",
        f"# 批准后经市级或当地主要新闻媒体公开：xuncha plan publish {year} --media 盐城日报 --date 日期（五（五））",
        f"year: {year}",
        f"title: {year}年度全市安全生产巡查工作方案",
        "number:                        # 发文字号，如 " + f"{config.office_abbreviation}〔{year}〕2号",
        "approvals: []                  # 由 xuncha plan approve 记录，请勿手填",
        "rounds:",
        "  # 每轮：起止日期须在本年度之内；同一组长的巡查组不得同时承担日期重叠的两轮",
        "  - number: 1",
        "    focus: []                  # 巡查重点：三、巡查内容第几项（1-10），如 [1, 2, 4, 8]",
        f"    start:                     # 本轮开始日期，如 {year}-04-08",
        f"    end:                       # 本轮结束日期，如 {year}-07-17",
        "    mobilization:              # 巡查开始前的动员组织和培训（四（一））",
        "      date:",
        "      place:",
        "    inspections:",
    ]
    if stale:
        lines.append(f"      # {year}年不在 config.yaml 配置的一届任期（{config.term.name}）之内，无法判断本届尚未巡查的对象；"
                     f"下面列出全部 {len(remaining)} 个，配置本届任期后可运行 xuncha coverage 查看")
    elif remaining:
        lines.append(f"      # 本届任期（{config.term.name}）尚未巡查的对象共 {len(remaining)} 个，"
                     "请分配到各轮，不在本年度安排的可删去（任期内须全覆盖，见 xuncha coverage）")
    else:
        lines.append("      # 本届任期内县（市、区）、两区和市有关部门均已巡查；可安排专项巡查")
    for target in remaining:
        note = "；已列入其他年度方案" if target.id in planned_elsewhere else ""
        lines += [
            f"      - target: {target.id}          # {target.name}（{TARGET_KIND_NAMES[target.kind]}）{note}",
            f"        start:                 # 计划进驻日期，缺省同本轮；常规巡查一般不超过{seed.TOUR_DAYS}天",
            "        end:",
            "        team:",
            "          name:                # 如 市安全生产第一巡查组",
            "          leader:              # 组长：正处级、现职或退出领导岗位、熟悉安全生产监管（二（二））",
            "          deputy:              # 副组长：市应急管理局副处级以上干部（二（二））",
            "          members: []          # 成员单位工作人员和安全专家；注意回避（五（三））",
        ]
    lines += [
        f"      # 专项巡查（镇、街道、市级以上功能区，不超过{seed.SPECIAL_TOUR_DAYS}天）写法：",
        "      # - target: 对象编号",
        "      #   special: true",
    ]
    return "\n".join(lines) + "\n"


def new_plan(records: Records, year: int) -> tuple[Changeset, Path]:
    path = plan_path(records, year)
    if path.exists():
        raise PlanningRefused(f"{records.display(path)} 已存在，工具不会覆盖已有的年度方案；请直接编辑它")
    if records.config is None or records.config.term is None:
        raise PlanningRefused("config.yaml 缺少一届任期（term），无法判断哪些对象本届尚未巡查")
    changes = Changeset()
    changes.create(path, plan_skeleton(records, year))
    return changes, path


# -- plan approve / publish --------------------------------------------------------------


def approver_code(value: str) -> str | None:
    value = value.strip()
    if value in APPROVER_NAMES:
        return value
    return APPROVER_ALIASES.get(value)


def require_plan(records: Records, year: int) -> Plan:
    plan = records.plans.get(year)
    if plan is None:
        raise PlanningRefused(f"没有 {year} 年度方案（{records.display(plan_path(records, year))}）；"
                              f"可运行 xuncha plan new {year} 编制")
    return plan


def approve(records: Records, year: int, by: str, date: dt.date, reference: str | None = None) -> Changeset:
    plan = require_plan(records, year)
    code = approver_code(by)
    if code is None:
        raise PlanningRefused(f"--by 只能是 领导小组 或 市委市政府（也可写 leading-group、city），而不是“{by}”")
    existing = plan.approval(code)
    if existing is not None:
        raise PlanningRefused(f"{year}年度方案已于 {existing.date} 记录了{APPROVER_NAMES[code]}"
                              f"（{records.display(plan_path(records, year))}:{existing.pos().line}），不再重复记录")
    if code == "city":
        group = plan.approval("leading-group")
        if group is None:
            raise PlanningRefused(f"{year}年度方案尚未经领导小组研究：须先经市安全生产巡查工作领导小组研究，"
                                  f"再报市委、市政府批准（四（一））。请先运行 xuncha plan approve {year} --by 领导小组 --date 日期")
        if group.date and date < group.date:
            raise PlanningRefused(f"市委、市政府批准日期 {date} 早于领导小组研究日期 {group.date}，"
                                  f"批准须在研究之后（四（一））")
    errors = plan_errors(records, year, date)
    if errors:
        raise PlanningRefused(f"{year}年度方案尚有 {len(errors)} 处错误，请改正后再报审；本次未作任何改动", errors)
    changes = Changeset()
    number = None
    if code == "city" and not plan.number:
        # The approved plan is issued as a document of the office: it takes the next free 发文字号.
        from .numbers import issuing_prefix, next_document_number

        number = next_document_number(records, issuing_prefix(records, "office"), date.year)
    changes.given_number = number

    def add(document):
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        if number:
            _set_key(document, "number", number, after=("title", "year"))
        entry = CommentedMap([("by", code), ("date", date)])
        if reference:
            entry["reference"] = reference
        approvals = document.get("approvals")
        if not isinstance(approvals, CommentedSeq) or not approvals:
            # A flow "[]" would stay inline; a fresh block list reads like the rest of the file.
            approvals = CommentedSeq()
            _set_key(document, "approvals", approvals, after=("number", "title", "year"))
        approvals.append(entry)

    changes.edit(plan_path(records, year), add)
    return changes


def publish(records: Records, year: int, media: list[str], date: dt.date) -> Changeset:
    plan = require_plan(records, year)
    city = plan.approval("city")
    if city is None:
        raise PlanningRefused(f"{year}年度方案尚未经市委、市政府批准：向社会公开的是经审定批准后的年度方案（五（五））")
    if city.date and date < city.date:
        raise PlanningRefused(f"公开日期 {date} 早于市委、市政府批准日期 {city.date}（五（五））")
    if plan.disclosure is not None:
        raise PlanningRefused(f"{year}年度方案已于 {plan.disclosure.date} 记录向社会公开，不再重复记录")
    names = [m.strip() for item in media for m in item.replace("，", ",").replace("、", ",").split(",") if m.strip()]
    if not names:
        raise PlanningRefused("请用 --media 写明公开的新闻媒体（市级或当地主要新闻媒体）")
    changes = Changeset()

    def add(document):
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        listed = CommentedSeq(names)
        listed.fa.set_flow_style()
        _set_key(document, "disclosure", CommentedMap([("media", listed), ("date", date)]),
                 after=("approvals", "number", "title", "year"))

    changes.edit(plan_path(records, year), add)
    return changes


def plan_errors(records: Records, year: int, today: dt.date) -> list[Diagnostic]:
    """Errors any rule finds in plans/<year>.yaml: a plan must be complete and lawful before it goes up for review."""
    from ..model.diagnostics import sort_key

    plan_file = records.display(plan_path(records, year))
    found = [d for d in run_rules(Context(records=records, today=today)) if d.is_error and d.file == plan_file]
    return sorted(found, key=sort_key)


def _set_key(document, key: str, value, *, after: tuple[str, ...]) -> None:
    """Put ``key`` right after the first of ``after`` present, so the file keeps the plan's reading order."""
    if key in document:
        document[key] = value
        return
    keys = list(document.keys())
    for anchor in after:
        if anchor in keys:
            document.insert(keys.index(anchor) + 1, key, value)
            return
    document.insert(0, key, value)


# -- new-round ---------------------------------------------------------------------------


@dataclass
class Opened:
    id: str
    target: str
    target_name: str
    special: bool
    start: dt.date | None
    end: dt.date | None
    path: Path


@dataclass
class RoundOpening:
    round: Round
    changes: Changeset
    opened: list[Opened] = field(default_factory=list)
    day: dt.date | None = None          # the opening date written in each inspection.yaml
    note: str | None = None             # why that date, when the clerk did not give it
    term_warning: str | None = None     # the round lies outside the configured term (二（一））


def default_round(records: Records, plan: Plan) -> Round:
    done = opened_rounds(records)
    for round_ in sorted(plan.rounds, key=lambda r: r.number):
        if (plan.year, round_.number) not in done:
            return round_
    raise PlanningRefused(f"{plan.year}年度方案的各轮巡查均已开启；如需开启某一轮请用 --round 指明")


def _round_of(plan: Plan, number: int) -> Round:
    round_ = plan.round(number)
    if round_ is None:
        known = "、".join(str(r.number) for r in plan.rounds) or "无"
        raise PlanningRefused(f"{plan.year}年度方案中没有第 {number} 轮（已有轮次：{known}）")
    return round_


def opening_day(plan: Plan, round_: Round, today: dt.date) -> tuple[dt.date, str | None]:
    """The day a round opens when the clerk gives none: today, or for a round whose plan dates already
    lie in the past, the day 市委、市政府 approved the plan — no step of the round can precede it, so
    steps recorded afterwards from the papers are never refused as earlier than the opening."""
    first = min(d for d in (round_.start, round_.mobilization.date if round_.mobilization else None,
                            *(p.start for p in round_.inspections)) if d is not None) if round_.start else None
    approved = plan.approval("city").date
    if first is None or first > today or approved is None:
        return today, None
    return approved, (f"{plan.year}年第{round_.number}轮按方案于 {first} 开始，已在今天之前：开启日期取方案经市委、市政府"
                      f"批准之日 {approved}（本轮各环节不会早于它）。如实际开启日期不同，可运行 xuncha new-round "
                      f"{plan.year} --round {round_.number} --amend --date 日期 --reason 原因 更正")


def open_round(records: Records, year: int, number: int | None, opened: dt.date | None,
               today: dt.date) -> RoundOpening:
    """Prepare one inspection folder per planned target of the round, after every check has passed.

    ``opened`` None: the day ``opening_day`` chooses."""
    plan = require_plan(records, year)
    city = plan.approval("city")
    if city is None:
        raise PlanningRefused(f"{year}年度方案尚未经市委、市政府批准，不能开启巡查（四（一））。"
                              f"批准后运行 xuncha plan approve {year} --by 市委市政府 --date 日期 记录")
    round_ = default_round(records, plan) if number is None else _round_of(plan, number)
    note = None
    if opened is None:
        opened, note = opening_day(plan, round_, today)
    if city.date and opened < city.date:
        raise PlanningRefused(f"开启日期 {opened} 早于{year}年度方案经市委、市政府批准的日期 {city.date}："
                              f"方案批准后才能开启巡查（四（一））；本次未作任何改动")
    if not round_.inspections:
        raise PlanningRefused(f"{year}年第{round_.number}轮没有列出任何巡查对象（{records.display(plan_path(records, year))}:"
                              f"{round_.pos().line}）")
    existing = []
    for planned in round_.inspections:
        ident = inspection_id(year, round_.number, planned.target)
        folder = records.root / INSPECTIONS_DIR / ident
        if folder.exists():
            existing.append(records.display(folder))
    existing += [records.display(f.path) for f in records.inspections.values()
                 if f.inspection and (f.inspection.year, f.inspection.round) == (year, round_.number)
                 and records.display(f.path) not in existing]
    if existing:
        raise PlanningRefused(f"{year}年第{round_.number}轮已开启过（已有 {'、'.join(existing)}），"
                              f"工具不会覆盖已有的巡查记录；本次未作任何改动")
    findings = check_round(records, year, round_.number, opened)
    if findings:
        raise PlanningRefused(f"{year}年第{round_.number}轮的方案有 {len(findings)} 处错误，请改正后再开启；本次未作任何改动",
                              findings)
    first = round_.start or opened
    last = round_.end or first
    result = RoundOpening(round_, Changeset(), day=opened, note=note,
                          term_warning=outside_term(records, first, last,
                                                    f"{year}年第{round_.number}轮（{first} 至 {last}）"))
    for planned in round_.inspections:
        ident = inspection_id(year, round_.number, planned.target)
        path = records.root / INSPECTIONS_DIR / ident / "inspection.yaml"
        start, end = planned.start or round_.start, planned.end or round_.end
        result.changes.create(path, _inspection_document(ident, planned, year, round_.number, start, end, opened),
                              header=f"# {year}年第{round_.number}轮安全生产巡查：{_name(records, planned.target)}"
                                     f"（由 xuncha new-round 依据 {PLANS_DIR}/{year}.yaml 开启）\n"
                                     "# 巡查组实行组长负责制，一次一授权（五（二））：下一步记录授权书")
        result.opened.append(Opened(ident, planned.target, _name(records, planned.target), bool(planned.special),
                                    start, end, path))
    return result


def _name(records: Records, target_id: str) -> str:
    return (records.config.unit_name(target_id) if records.config else None) or target_id


def _inspection_document(ident, planned, year, number, start, end, opened):
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    team = CommentedMap()
    if planned.team.name:
        team["name"] = planned.team.name
    team["leader"] = planned.team.leader
    if planned.team.deputy:
        team["deputy"] = planned.team.deputy
    members = CommentedSeq(planned.team.members)
    members.fa.set_flow_style()
    team["members"] = members
    document = CommentedMap([("id", ident), ("target", planned.target), ("year", year), ("round", number)])
    if planned.special:
        document["special"] = True
    document["planned_start"] = start
    document["planned_end"] = end
    document["opened"] = opened
    document["team"] = team
    return document


def check_round(records: Records, year: int, number: int, today: dt.date) -> list[Diagnostic]:
    """Every error the team and plan rules find in this round, and any unknown target or person in the plan."""
    context = Context(records=records, today=today, round=RoundScope(year, number, opening=today))
    found = list(run_rules(context, scope=NEW_ROUND))
    plan_file = records.display(plan_path(records, year))
    everywhere = Context(records=records, today=today)
    found += [d for d in run_rules(everywhere, only=("unknown-target", "unknown-person")) if d.file == plan_file]
    from ..model.diagnostics import sort_key

    return sorted(dict.fromkeys(d for d in found if d.is_error), key=sort_key)


# -- new-round --amend: correct a round's opening date ---------------------------------------


@dataclass
class OpeningAmendment:
    changes: Changeset
    ids: list[str]
    before: dict[str, dt.date | None]


def amend_opening(records: Records, year: int, number: int, day: dt.date, reason: str | None) -> OpeningAmendment:
    """Rewrite ``opened`` in every inspection.yaml of the round: an explicit, reasoned correction that
    refuses a date some recorded step of the round would then precede."""
    from .step_order import step_label
    from .steps import STEPS, step_date

    if not (reason or "").strip():
        raise PlanningRefused("更正开启日期须用 --reason 说明原因（原因写入 git 提交，作为审计留痕）")
    plan = require_plan(records, year)
    _round_of(plan, number)
    folders = [f for f in records.inspections.values()
               if f.inspection and (f.inspection.year, f.inspection.round) == (year, number)]
    if not folders:
        raise PlanningRefused(f"{year}年第{number}轮尚未开启，没有开启日期可更正；开启请运行 xuncha new-round {year} --round {number}")
    city = plan.approval("city")
    if city is not None and city.date and day < city.date:
        raise PlanningRefused(f"开启日期 {day} 早于{year}年度方案经市委、市政府批准的日期 {city.date}（四（一））")
    earlier = [f"{f.id} 的{step_label(step)}（{date}）" for f in folders for step in STEPS
               if (date := step_date(f, step) if not step.repeatable else _first_activity(f)) and date < day]
    if earlier:
        raise PlanningRefused(f"已记录的环节早于新的开启日期 {day}：{'、'.join(earlier)}；巡查各环节不得早于本轮开启之日"
                              f"（四（一））。本次未作任何改动")
    unchanged = [f.id for f in folders if f.inspection.opened == day]
    if len(unchanged) == len(folders):
        raise PlanningRefused(f"{year}年第{number}轮的开启日期已是 {day}，无需更正")
    changes = Changeset()
    for folder in folders:
        def set_opened(document):
            _set_key(document, "opened", day, after=("planned_end", "planned_start", "round"))

        changes.edit(folder.path / "inspection.yaml", set_opened)
    return OpeningAmendment(changes, [f.id for f in folders], {f.id: f.inspection.opened for f in folders})


def _first_activity(folder) -> dt.date | None:
    dates = [a.date for a in folder.activities.activities if a.date] if folder.activities else []
    return min(dates) if dates else None
