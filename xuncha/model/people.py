"""records/people.yaml: the roster of cadres and experts who may sit on a team (二（二）、五（三）)."""

from __future__ import annotations

import bisect

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .base import Record, field, record, find_by_id

Rank = Literal["正厅级", "副厅级", "正处级", "副处级", "正科级", "副科级", "科员", "其他"]
RANK_ORDER = ["其他", "科员", "副科级", "正科级", "副处级", "正处级", "副厅级", "正厅级"]
PostStatus = Literal["现职", "退出领导岗位", "非领导职务"]


@record
class Conflict(Record):
    target: str = field("有利害关系的巡查对象编号", clause="五（三）")
    reason: str = field("回避事由（如近年曾在该单位任职、近亲属在其领导班子）", clause="五（三）")


# What a change of post may move: the three facts the team rules of 二（二） read, and the title.
CHANGEABLE = ("unit", "position", "rank", "post")


@record
class Change(Record):
    since: dt.date = field("生效日期", clause="二（二）", help="自该日起按本条所列单位、职级、在职状态")
    unit: str | None = field("所在单位编号", clause="二（二）", default=None, help="变动后的所在单位")
    position: str | None = field("职务", default=None, help="变动后的职务")
    rank: Rank | None = field("职级", clause="二（二）", default=None, help="变动后的职级")
    post: PostStatus | None = field("在职状态", clause="二（二）", default=None, help="变动后的在职状态")
    reason: str | None = field("变动依据（如任免文号）", default=None)


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
    since: dt.date | None = field("生效日期", clause="二（二）", default=None,
                                  help="以上单位、职级、在职状态的生效日期（缺省为一向如此）")
    changes: list[Change] = field("任职变动", clause="二（二）", factory=list,
                                  help="此后的任职变动，按生效日期先后（由 xuncha person update 记录）")

    def as_of(self, day: dt.date | None) -> "Person":
        """The person as the roster stood on ``day``: every change in effect by then applied.

        ``None`` asks for the latest entry.  Before ``since`` the roster knows nothing
        earlier, so the first entry answers: a date the roster cannot contradict.
        """
        effective = [c for c in self.changes if c.since is not None and (day is None or c.since <= day)]
        if not effective:
            return self
        values = {}
        for change in sorted(effective, key=lambda c: c.since):
            values.update({name: getattr(change, name) for name in CHANGEABLE if getattr(change, name) is not None})
        values["since"] = max(c.since for c in effective)
        then = dataclasses.replace(self, **values)
        # Messages point at the change that made the person what they were that day.
        latest = max(effective, key=lambda c: c.since)
        object.__setattr__(then, "_file", self._file)
        object.__setattr__(then, "_positions", self._positions)
        object.__setattr__(then, "_change", latest)
        return then

    def change_in_effect(self) -> "Change | None":
        """The change behind this view of the person (see ``as_of``), if any."""
        return self.__dict__.get("_change")


@dataclass(kw_only=True)
class Roster(Record):
    people: list[Person] = field("人员名册", clause="二（二）", factory=list)

    def person(self, person_id: str) -> Person | None:
        return find_by_id(self, self.people, person_id)

    def as_of(self, day: dt.date | None) -> "Roster":
        """The roster as it stood on ``day`` (``None``: the latest), for judging a team on the
        day it was authorised (二（二）、五（二）（三）).  A roster without changes is its own answer."""
        # Asked for every team member of every tour (~50,000 times on a province): whether anyone
        # has a change at all is remembered for this list of people, as the views below are.
        changing = self.__dict__.get("_changing")
        if changing is None or changing[0] is not self.people or changing[1] != len(self.people):
            dates = sorted({c.since for p in self.people for c in p.changes if c.since is not None})
            changing = (self.people, len(self.people), any(p.changes for p in self.people), dates)
            object.__setattr__(self, "_changing", changing)
        if not changing[2]:
            return self
        # The roster of a day is fixed by how many change dates have come by then: one view per count,
        # found by comparing the day with those dates only (a watched day, xuncha/days.py, stays
        # unpinned: a view used on one day serves every day with the same changes in effect).
        key = None if day is None else bisect.bisect_right(changing[3], day)
        views = self.__dict__.setdefault("_as_of", {})
        found = views.get(key)
        if found is None or found.people_source is not self.people:
            found = Roster(people=[p.as_of(day) for p in self.people])
            object.__setattr__(found, "_file", self._file)
            object.__setattr__(found, "_positions", self._positions)
            object.__setattr__(found, "people_source", self.people)
            views[key] = found
        return found
