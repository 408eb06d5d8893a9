"""records/inspections/<id>/: one inspection, one file per step of 四、巡查程序.

A file per step keeps two clerks who record different steps out of each other's way in git.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .. import seed
from .base import Record, field, record
from .plan import Team


@record
class Inspection(Record):
    """inspection.yaml: what the round opened (四（一）)."""

    id: str = field("巡查编号，与文件夹名相同")
    target: str = field("巡查对象编号", clause="二（一）")
    year: int = field("年度", minimum=2019, maximum=2100)
    round: int = field("轮次", clause="四（一）", minimum=1)
    special: bool = field("专项巡查", clause="二（一）", default=False)
    planned_start: dt.date | None = field("计划进驻日期", clause="四（一）", default=None)
    planned_end: dt.date | None = field("计划结束日期", clause="四（一）", default=None)
    team: Team = field("巡查组", clause="二（二）")
    opened: dt.date | None = field("本轮开启日期", default=None)


@record
class Authorization(Record):
    """authorization.yaml: 一次一授权 (五（二）)."""

    date: dt.date = field("授权日期", clause="五（二）")
    number: str = field("授权书编号", clause="五（二）")
    scope: str | None = field("授权事项", default=None)


@record
class Notice(Record):
    """notice.yaml: advance notice to the inspected unit (四（一）)."""

    date: dt.date = field("告知日期", clause="四（一）")
    number: str | None = field("通知文号", default=None, printed=True)
    content: str | None = field("告知内容", default=None)


@record
class Attendees(Record):
    principal: list[str] = field("党政主要负责人", clause="四（二）", factory=list, option="attendee-principal")
    leadership: list[str] = field("班子其他领导成员", clause="四（二）", factory=list, option="attendee-leadership")
    departments: list[str] = field("相关部门主要负责同志", clause="四（二）", factory=list,
                                   option="attendee-department")


@record
class Meeting(Record):
    place: str = field("动员会地点", clause="四（二）")
    attendees: Attendees = field("参会人员", clause="四（二）", factory=Attendees)


@record
class Station(Record):
    address: str = field("巡查组驻地", clause="四（二）", option="station-address")
    phone: str = field("联系电话", clause="四（二）")
    mailbox: str | None = field("信箱（来信地址）", clause="四（二）", default=None)
    email: str | None = field("电子邮箱", default=None)
    hours: str | None = field("受理时间", clause="四（二）", default=None)


@record
class Announcement(Record):
    media: list[str] = field("公布驻地和联系方式的当地主要新闻媒体", clause="四（二）")
    date: dt.date = field("公布日期", clause="四（二）", option="announced")


@record
class Entry(Record):
    """entry.yaml: 进驻 and the mobilization meeting (四（二）)."""

    date: dt.date = field("进驻日期（动员会日期）", clause="四（二）")
    meeting: Meeting = field("动员会", clause="四（二）")
    station: Station = field("驻地和联系方式", clause="四（二）")
    announcement: Announcement | None = field("在当地主要新闻媒体公布", clause="四（二）", default=None)


WorkingMethod = Literal[
    "briefing", "sitting-in", "document-review", "interview", "tip-intake", "open-and-covert-visit", "spot-check"
]
WORKING_METHOD_NAMES = seed.WORKING_METHOD_NAMES  # 四（三）
WORKING_METHOD_ALIASES = {chinese: code for code, chinese in WORKING_METHOD_NAMES.items()} | {
    "明查": "open-and-covert-visit", "暗访": "open-and-covert-visit",
}


@record
class Activity(Record):
    date: dt.date = field("日期", clause="四（三）")
    method: WorkingMethod = field("工作方式", clause="四（三）", aliases=WORKING_METHOD_ALIASES)
    summary: str = field("工作内容摘要", clause="四（三）")
    place: str | None = field("地点或对象", default=None)


@record
class Activities(Record):
    """activities.yaml: the team's log of working methods (四（三）)."""

    activities: list[Activity] = field("工作记录", clause="四（三）", factory=list)


@record
class End(Record):
    """end.yaml: the last day on site (二（一）)."""

    date: dt.date = field("巡查结束日期（最后一天在驻地）", clause="二（一）")


@record
class SpecialReport(Record):
    title: str = field("专题报告标题", clause="四（四）")
    problems: list[str] = field("涉及的问题编号", clause="四（四）", factory=list)
    summary: str | None = field("主要内容", default=None)
    number: str | None = field("发文字号", default=None)


@record
class Report(Record):
    """report.yaml: 巡查工作报告 (四（四）)."""

    date: dt.date = field("报送领导小组日期", clause="四（四）")
    number: str | None = field("发文字号", default=None, printed=True)
    overview: str | None = field("基本情况", clause="四（四）", default=None, printed=True)
    causes: list[str] = field("原因剖析", clause="四（四）", factory=list, option="cause")
    suggestions: list[str] = field("意见建议", clause="四（四）", factory=list, option="suggestion")
    special_reports: list[SpecialReport] = field("专题报告", help="发现重大安全生产问题时", clause="四（四）", factory=list,
                                                 option="special-report")


@record
class Review(Record):
    """review.yaml: 领导小组审核 (四（四）)."""

    date: dt.date = field("审核日期", clause="四（四）")
    opinion: str | None = field("审核意见", default=None)


@record
class Approval(Record):
    """approval.yaml: 市委、市政府批准 (四（五）)."""

    date: dt.date = field("批准日期", clause="四（五）")
    reference: str | None = field("批示或文号", default=None)


@record
class Feedback(Record):
    """feedback.yaml: 组长向被巡查地区或单位反馈 (四（五）)."""

    date: dt.date = field("反馈日期", clause="四（五）")
    by: str | None = field("反馈人（组长，人员编号）", clause="四（五）", default=None)
    place: str | None = field("反馈会地点", default=None)
    number: str | None = field("反馈意见文号", default=None, printed=True)
    # Given out with the feedback's own number (procedure/recording.py), never typed.
    notice_number: str | None = field("整改通知书文号", clause="四（七）", default=None, typed=False)
    requirements: list[str] = field("整改意见和要求", clause="四（五）", factory=list, option="requirement")


@record
class RectificationPlan(Record):
    """rectification-plan.yaml: 整改方案 (四（七）)."""

    date: dt.date = field("报送市委、市政府日期", clause="四（七）")
    reference: str | None = field("整改方案文号", default=None)
    copied_to_office: bool = field("已抄送领导小组办公室", clause="四（七）", default=True,
                                   option="not-copied-to-office")
    disclosed: dt.date | None = field("向社会公开日期", clause="五（五）", default=None)


@record
class RectificationReport(Record):
    """rectification-report.yaml: 整改落实和查处情况 (四（七）)."""

    date: dt.date = field("报送市委、市政府日期", clause="四（七）")
    reference: str | None = field("文号", default=None)
    summary: str | None = field("整改落实和查处情况", clause="四（七）", default=None)
    copied_to_office: bool = field("已抄送领导小组办公室", clause="四（七）", default=True,
                                   option="not-copied-to-office")
    disclosed: dt.date | None = field("向社会公开日期", clause="五（五）", default=None)


@record
class Closure(Record):
    """closure.yaml: the inspection closed (销号)."""

    date: dt.date = field("销号日期")
    note: str | None = field("说明", default=None)


@record
class ResultNotice(Record):
    """result-notice.yaml: 巡查结果通报市委组织部 (四（六）)."""

    date: dt.date = field("通报日期", clause="四（六）")
    number: str | None = field("巡查结果通报文号", default=None, printed=True)


# The file each step of 四、巡查程序 keeps its record in: file name -> (attribute of the inspection
# folder, record class).  tree.INSPECTION_FILES adds the inspection's own files; the step model
# (procedure/steps.py) reads its fields from here without loading the whole tree.
STEP_FILES: dict[str, tuple[str, type]] = {
    "authorization.yaml": ("authorization", Authorization),
    "notice.yaml": ("notice", Notice),
    "entry.yaml": ("entry", Entry),
    "activities.yaml": ("activities", Activities),
    "end.yaml": ("end", End),
    "report.yaml": ("report", Report),
    "review.yaml": ("review", Review),
    "approval.yaml": ("approval", Approval),
    "feedback.yaml": ("feedback", Feedback),
    "rectification-plan.yaml": ("rectification_plan", RectificationPlan),
    "rectification-report.yaml": ("rectification_report", RectificationReport),
    "closure.yaml": ("closure", Closure),
    "result-notice.yaml": ("result_notice", ResultNotice),
}
