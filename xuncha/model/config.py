"""records/config.yaml: the city, its bodies, the term and the catalogue of targets (二（一）（二）)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .base import Record, field, record, find_by_id

TargetKind = Literal["county", "zone", "department", "town", "function-zone"]
TARGET_KIND_ALIASES = {
    "县（市、区）": "county", "县": "county", "开发区": "zone", "高新区": "zone",
    "市有关部门": "department", "部门": "department", "镇（街道）": "town", "镇": "town", "街道": "town",
    "功能区": "function-zone", "市级以上功能区": "function-zone",
}
TARGET_KIND_NAMES = {
    "county": "县（市、区）", "zone": "开发区、高新区", "department": "市有关部门",
    "town": "镇（街道）", "function-zone": "市级以上功能区",
}
# Regular tours must cover these kinds once per term; towns and function zones get special tours (二（一）).
REGULAR_KINDS = ("county", "zone", "department")
SPECIAL_KINDS = ("town", "function-zone")


@record
class Bodies(Record):
    party_committee: str = field("市委", default="中共盐城市委")
    government: str = field("市政府", default="盐城市人民政府")
    leading_group: str = field("巡查工作领导小组", clause="二（二）", default="市安全生产巡查工作领导小组")
    office: str = field("领导小组办公室", clause="二（二）", default="市安全生产巡查工作领导小组办公室")
    office_seat: str = field("办公室所在单位", clause="二（二）", default="市人民政府安全生产委员会办公室")
    safety_committee: str = field("市安委会", clause="四（六）", default="市安全生产委员会")
    discipline: str = field("纪检监察机关", clause="四（六）", default="市纪委监委")
    organization_department: str = field("市委组织部", clause="四（六）", default="市委组织部")


@record
class Term(Record):
    name: str = field("任期名称", clause="二（一）")
    start: dt.date = field("任期开始日期", clause="二（一）")
    end: dt.date = field("任期结束日期", clause="二（一）")


@record
class Target(Record):
    id: str = field("巡查对象编号（稳定不变，用于文件夹名）")
    name: str = field("巡查对象名称", clause="二（一）")
    kind: TargetKind = field("巡查对象类别", clause="二（一）", aliases=TARGET_KIND_ALIASES)
    parent: str | None = field("所属县（市、区）编号（镇、街道、功能区填写）", default=None)
    safety_duties: bool = field("负有安全生产监督管理或行业管理职责（市有关部门）", clause="二（一）", default=True)
    leaders: str | None = field("党委（党工委）、政府（管委会）或部门名称，用于主送", default=None)


@record
class Unit(Record):
    id: str = field("单位编号")
    name: str = field("单位名称")


@record
class PublicIdentity(Record):
    """A name or number that identifies a person but must stand in a document (五（三）'s exception)."""

    text: str = field("公职人员姓名或公开的联系电话、邮箱", clause="五（三）")
    reason: str = field("为何须写入公文（如：巡查组组长，巡查通知须写明）", clause="五（三）")
    fields: list[str] = field("只在这些字段中不报（如 content、note；不填则所有字段）", factory=list)


@dataclass(kw_only=True)
class Config(Record):
    city: str = field("城市", default="盐城市")
    bodies: Bodies = field("巡查机构", clause="二（二）", factory=Bodies)
    office_abbreviation: str = field("发文机关代字（用于发文字号，如 盐巡办〔2020〕3号）", default="盐巡办")
    authorization_abbreviation: str = field("授权书编号代字（如 盐巡授〔2020〕1号，五（二））", default="盐巡授")
    safety_committee_abbreviation: str = field("市安委会发文代字（挂牌督办通知书，如 盐安委〔2020〕21号，四（六））",
                                               default="盐安委")
    emergency_bureau: str = field("市应急管理局的单位编号（副组长须出自该局）", clause="二（二）", default="yjj")
    people_congress: str = field("市人大常委会的单位编号", clause="二（二）", default="rdcwh")
    cppcc: str = field("市政协的单位编号", clause="二（二）", default="zx")
    term: Term = field("一届任期", clause="二（一）")
    media: list[str] = field("市级主要新闻媒体", clause="五（五）", factory=list)
    targets: list[Target] = field("巡查对象目录", clause="二（一）", factory=list)
    units: list[Unit] = field("其他单位（非巡查对象，如市人大常委会、市政协）", factory=list)
    safety_committee_members: list[str] = field("市安委会成员单位编号", clause="二（二）", factory=list)
    leading_group_members: list[str] = field("巡查工作领导小组成员单位编号", clause="二（二）", factory=list)
    public_identities: list[PublicIdentity] = field(
        "公文须写明的公职人员姓名和公开联系方式：身份检查对它们不报（举报人、实名举报、身份证号除外）", clause="五（三）",
        factory=list)

    def public_for(self, field_name: str):
        """The listed public names and numbers excused in ``field_name`` (None when nothing is listed)."""
        from .identity import Public

        texts = [p.text for p in self.public_identities if p.text and (not p.fields or field_name in p.fields)]
        return Public(texts) if texts else None

    def target(self, target_id: str) -> Target | None:
        return find_by_id(self, self.targets, target_id)

    def unit_name(self, unit_id: str) -> str | None:
        # The few non-target units first: a miss there rebuilds a tiny index, not the catalogue's.
        item = find_by_id(self, self.units, unit_id, "_unit_index") or find_by_id(self, self.targets, unit_id)
        return item.name if item is not None else None
