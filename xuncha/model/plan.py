"""records/plans/<year>.yaml: the annual plan (年度安全生产巡查工作方案, 四（一）、五（五）)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .. import seed
from .base import Record, field, record

Approver = Literal["leading-group", "city"]
APPROVER_ALIASES = {"领导小组": "leading-group", "市委市政府": "city", "市委、市政府": "city"}
APPROVER_NAMES = {"leading-group": "市安全生产巡查工作领导小组（研究）", "city": "市委、市政府（批准）"}


@record
class Team(Record):
    leader: str = field("组长（人员编号）", clause="二（二）")
    deputy: str | None = field("副组长（人员编号）", clause="二（二）", default=None)
    members: list[str] = field("其他成员及安全专家（人员编号）", clause="二（二）", factory=list)
    name: str | None = field("巡查组名称，如 市安全生产第一巡查组", default=None)

    def everyone(self) -> list[str]:
        return [p for p in (self.leader, self.deputy, *self.members) if p]


@record
class Approval(Record):
    by: Approver = field("审议机关：领导小组研究，市委市政府批准", clause="四（一）", aliases=APPROVER_ALIASES)
    date: dt.date = field("日期", clause="四（一）")
    reference: str | None = field("文号或会议纪要", default=None)


@record
class Disclosure(Record):
    media: list[str] = field("公开的新闻媒体", clause="五（五）")
    date: dt.date = field("公开日期", clause="五（五）")


@record
class Mobilization(Record):
    date: dt.date = field("动员培训日期", clause="四（一）")
    place: str | None = field("地点", default=None)
    content: str | None = field("动员和培训内容", default=None)


@record
class PlannedInspection(Record):
    target: str = field("巡查对象编号", clause="二（一）")
    team: Team = field("巡查组人员构成", clause="四（一）")
    start: dt.date | None = field("计划进驻日期（缺省同本轮）", clause="四（一）", default=None)
    end: dt.date | None = field("计划结束日期（缺省同本轮）", clause="四（一）", default=None)
    special: bool = field(f"专项巡查（镇、街道、功能区，不超过{seed.SPECIAL_TOUR_DAYS}天）", clause="二（一）", default=False)


@record
class Round(Record):
    number: int = field("轮次", clause="四（一）", minimum=1)
    focus: list[int] = field("巡查重点：三、巡查内容的第几项（1-10）", clause="三", factory=list)
    start: dt.date = field("本轮开始日期", clause="四（一）")
    end: dt.date = field("本轮结束日期", clause="四（一）")
    mobilization: Mobilization | None = field("动员培训", clause="四（一）", default=None)
    inspections: list[PlannedInspection] = field("本轮巡查对象及巡查组", clause="四（一）", factory=list)


@record
class Plan(Record):
    year: int = field("年度", minimum=2019, maximum=2100)
    title: str | None = field("标题", default=None)
    number: str | None = field("发文字号", default=None)
    approvals: list[Approval] = field("审议和批准", clause="四（一）", factory=list)
    disclosure: Disclosure | None = field("向社会公开", clause="五（五）", default=None)
    rounds: list[Round] = field("巡查轮次", clause="四（一）", factory=list)

    def approval(self, by: str) -> Approval | None:
        return next((a for a in self.approvals if a.by == by), None)

    def round(self, number: int) -> Round | None:
        return next((r for r in self.rounds if r.number == number), None)
