"""records/inspections/<id>/problems.yaml and tips.yaml: the ledger of findings (三、四（四）（六）（七）)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .base import Record, field, record
from ..seed import CATEGORY_NAMES  # 三、巡查内容, re-exported for the model's users
from .inspection import WORKING_METHOD_ALIASES, WorkingMethod

CHINESE_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

CadreProblem = Literal["不担当", "不作为", "慢作为", "乱作为", "形式主义", "官僚主义", "失职渎职", "滥用职权"]

ProblemStatus = Literal["open", "in-progress", "rectified", "closed"]
STATUS_NAMES = {"open": "未整改", "in-progress": "整改中", "rectified": "已整改", "closed": "已销号"}
STATUS_ALIASES = {chinese: code for code, chinese in STATUS_NAMES.items()}
STATUS_ORDER = list(STATUS_NAMES)

HandoffTo = Literal["local", "listed-supervision", "discipline"]
HANDOFF_NAMES = {"local": "当地党委、政府", "listed-supervision": "市安委会挂牌督办", "discipline": "纪检监察机关"}
HANDOFF_ALIASES = {"当地党委政府": "local", "当地党委、政府": "local", "挂牌督办": "listed-supervision",
                   "市安委会挂牌督办": "listed-supervision", "纪检监察机关": "discipline", "纪检监察": "discipline"}

EscalationKind = Literal["letter", "circular", "interview", "special-supervision", "accountability-proposal"]
ESCALATION_NAMES = {"letter": "函告", "circular": "通报", "interview": "约谈", "special-supervision": "专项督查",
                    "accountability-proposal": "提出责任追究建议并移交纪检监察机关"}
ESCALATION_ALIASES = {chinese: code for code, chinese in ESCALATION_NAMES.items()} | {"责任追究建议": "accountability-proposal"}


@record
class Source(Record):
    method: WorkingMethod | None = field("发现问题的工作方式", clause="四（三）", aliases=WORKING_METHOD_ALIASES,
                                         default=None)
    tip: str | None = field("来源举报编号", clause="四（二）", default=None)


@record
class Accountability(Record):
    person: str = field("责任人（单位及职务）", clause="四（四）")
    fact: str = field("问题事实", clause="四（四）")
    measure: str = field("建议追责措施", clause="四（四）")


@record
class Handoff(Record):
    to: HandoffTo = field("移交去向", clause="四（六）", aliases=HANDOFF_ALIASES)
    date: dt.date = field("移交日期", clause="四（六）")
    reference: str | None = field("移交函文号", default=None)
    due: dt.date | None = field("督办时限（挂牌督办时约定的整改完成时限）", clause="四（六）", default=None)
    note: str | None = field("说明", default=None)


@record
class StatusChange(Record):
    date: dt.date = field("日期", clause="四（七）")
    status: ProblemStatus = field("整改状态", clause="四（七）", aliases=STATUS_ALIASES)
    evidence: str | None = field("佐证材料", default=None)
    reason: str | None = field("说明（回头看重新打开时必填）", default=None)


@record
class Lookback(Record):
    date: dt.date = field("回头看日期", clause="四（七）")
    findings: str = field("回头看发现", clause="四（七）")
    formalism: bool = field("整改中存在形式主义、官僚主义问题", clause="四（七）", default=False)
    reopened: bool = field("重新打开整改", clause="四（七）", default=False)


@record
class Escalation(Record):
    kind: EscalationKind = field("督促整改措施", clause="四（七）", aliases=ESCALATION_ALIASES)
    date: dt.date = field("日期", clause="四（七）")
    reference: str | None = field("文号", default=None)
    note: str | None = field("说明", default=None)


@record
class Problem(Record):
    id: str = field("问题编号（本次巡查内唯一）")
    category: int = field("所属巡查内容（三、巡查内容第几项，1-10）", clause="三", minimum=min(CATEGORY_NAMES),
                          maximum=max(CATEGORY_NAMES))
    title: str = field("问题概述", clause="四（四）")
    description: str | None = field("问题详情", clause="四（四）", default=None)
    source: Source | None = field("问题来源", clause="四（三）", default=None)
    unit: str | None = field("责任单位", default=None)
    hazard_unit: str | None = field("隐患单位（重大事故隐患所在的生产经营单位）", clause="四（六）", default=None)
    major_hazard: bool = field("重大事故隐患", clause="四（六）", default=False)
    cadre_problems: list[CadreProblem] = field("干部责任问题类别", clause="四（六）", factory=list)
    cause: str | None = field("原因剖析", clause="四（四）", default=None)
    suggestion: str | None = field("意见建议", clause="四（四）", default=None)
    requirement: str | None = field("整改要求", clause="四（五）", default=None)
    accountability: list[Accountability] = field("责任追究清单", clause="四（四）", factory=list)
    internal: bool = field("内部掌握，不向社会公开", clause="五（五）", default=False)
    handoffs: list[Handoff] = field("移交处置", clause="四（六）", factory=list)
    progress: list[StatusChange] = field("整改进展", clause="四（七）", factory=list)
    lookbacks: list[Lookback] = field("回头看", clause="四（七）", factory=list)
    escalations: list[Escalation] = field("督促整改措施", clause="四（七）", factory=list)

    @property
    def status(self) -> str:
        return self.progress[-1].status if self.progress and self.progress[-1].status else "open"


@record
class Problems(Record):
    problems: list[Problem] = field("发现的问题", clause="四（四）", factory=list)


TipChannel = Literal["visit", "letter", "call", "other"]
TIP_CHANNEL_NAMES = {"visit": "来访", "letter": "来信", "call": "来电", "other": "其他"}
TIP_CHANNEL_ALIASES = {chinese: code for code, chinese in TIP_CHANNEL_NAMES.items()}


@record
class Tip(Record):
    """A letter, visit or call. The informant's identity is never stored here (五（三）（六））."""

    id: str = field("举报编号")
    received: dt.date = field("受理日期", clause="四（二）")
    channel: TipChannel = field("渠道：来访、来信、来电、其他", clause="四（二）", aliases=TIP_CHANNEL_ALIASES)
    summary: str = field("反映问题摘要（不得写入举报人身份信息）", clause="五（三）")
    handling: str | None = field("办理情况", default=None)
    outcome: str | None = field("办理结果", default=None)
    problem: str | None = field("据此查实的问题编号", default=None)
    callback: dt.date | None = field("回访日期（向举报人反馈办理结果）", default=None)
    callback_note: str | None = field("回访情况（不得写入举报人身份信息）", clause="五（三）", default=None)
    informant_ref: str | None = field("举报人信息在保密库中的索引（不含身份信息）", clause="五（三）", default=None,
                                      public=False)


@record
class Tips(Record):
    tips: list[Tip] = field("来访来信来电登记", clause="四（二）", factory=list)
