"""records/people.yaml: the roster of cadres and experts who may sit on a team (二（二）、五（三）)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .base import Record, field, find_by_id

Rank = Literal["正厅级", "副厅级", "正处级", "副处级", "正科级", "副科级", "科员", "其他"]
RANK_ORDER = ["其他", "科员", "副科级", "正科级", "副处级", "正处级", "副厅级", "正厅级"]
PostStatus = Literal["现职", "退出领导岗位", "非领导职务"]


@dataclass(kw_only=True)
class Conflict(Record):
    target: str = field("有利害关系的巡查对象编号", clause="五（三）")
    reason: str = field("回避事由（如近年曾在该单位任职、近亲属在其领导班子）", clause="五（三）")


@dataclass(kw_only=True)
class Person(Record):
    id: str = field("人员编号")
    name: str = field("姓名")
    unit: str = field("所在单位编号", clause="二（二）")
    position: str | None = field("职务", default=None)
    rank: Rank = field("职级", clause="二（二）", default="其他")
    post: PostStatus = field("在职状态：现职或退出领导岗位", clause="二（二）", default="现职")
    familiar_with_safety: bool = field("熟悉安全生产监管工作", clause="二（二）", default=False)
    expert: bool = field("安全专家", clause="二（二）", default=False)
    expertise: str | None = field("专业领域", default=None)
    phone: str | None = field("工作电话", default=None)
    conflicts: list[Conflict] = field("回避情形", clause="五（三）", factory=list)


@dataclass(kw_only=True)
class Roster(Record):
    people: list[Person] = field("人员名册", clause="二（二）", factory=list)

    def person(self, person_id: str) -> Person | None:
        return find_by_id(self, self.people, person_id)
