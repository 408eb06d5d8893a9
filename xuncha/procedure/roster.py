"""The roster over time (二（二）、五（二）（三）): add a person, record a change of unit, rank or post.

A change carries the day it took effect (``since``) and is appended, never written over the
person's earlier entry: a team is judged against the roster on the day it was authorised, so
a tour of 2021 stays lawful when its deputy moves in 2026.  A change dated before a tour it
would make unlawful is refused, with the inspections it would break.

Nothing here writes to disk; each function prepares a Changeset for the CLI to commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from ..model.diagnostics import Diagnostic, sort_key
from ..model.people import CHANGEABLE, Change, Person, PostStatus, Rank, Roster
from ..model.tree import Records
from ..records.writer import Changeset, scalar_text
from ..refusal import Refusal
from .engine import NEW_ROUND, Context
from .persons import roster_on
from .rules import run_rules
from .tours import all_tours, planned_tours

PEOPLE_FILE = "people.yaml"
FIELD_TITLES = {"unit": "所在单位", "position": "职务", "rank": "职级", "post": "在职状态"}


class RosterRefused(Refusal):
    """The change was refused; ``args[0]`` is the Chinese reason, ``diagnostics`` what it would break."""


@dataclass
class RosterChange:
    changes: Changeset
    person: Person          # the person after the change (latest entry)
    summary: str            # Chinese: what changed, for the clerk and the commit message
    warnings: list[Diagnostic]


def people_path(records: Records) -> Path:
    return records.root / PEOPLE_FILE


def as_of(records: Records, day: dt.date | None) -> Roster:
    """The roster as it stood on ``day`` (``None``: the latest entries)."""
    return roster_on(records, day)


def person_on(records: Records, person_id: str, day: dt.date | None) -> Person | None:
    """One person as the roster stood on ``day``: what every rule and document should ask."""
    return as_of(records, day).person(person_id)


# -- checks shared by add and update --------------------------------------------------------


def _check_values(records: Records, values: dict) -> None:
    config = records.config
    unit = values.get("unit")
    if unit is not None and config is not None and config.unit_name(unit) is None:
        known = [t.id for t in config.targets] + [u.id for u in config.units]
        from difflib import get_close_matches

        close = get_close_matches(unit, known, n=3)
        hint = f"；是否要写：{'、'.join(close)}" if close else ""
        raise RosterRefused(f"单位编号 `{unit}` 不在 config.yaml 的巡查对象或其他单位目录中{hint}")
    rank = values.get("rank")
    if rank is not None and rank not in get_args(Rank):
        raise RosterRefused(f"职级只能是 {'、'.join(get_args(Rank))}，而不是“{rank}”")
    post = values.get("post")
    if post is not None and post not in get_args(PostStatus):
        raise RosterRefused(f"在职状态只能是 {'、'.join(get_args(PostStatus))}，而不是“{post}”")


def _team_errors(records: Records, today: dt.date) -> dict[tuple, Diagnostic]:
    # The rules new-round runs on a round's teams are those a change of the roster can break.
    found = run_rules(Context(records=records, today=today), scope=NEW_ROUND)
    return {(d.file, d.line, d.column, d.rule, d.field): d for d in found if d.is_error}


def _broken(records: Records, roster: Roster, today: dt.date) -> list[Diagnostic]:
    """Team errors the new roster would add, judged tour by tour on each tour's own day."""
    before = _team_errors(records, today)
    after = _team_errors(dataclasses.replace(records, roster=roster), today)
    return sorted((d for key, d in after.items() if key not in before), key=sort_key)


def _refuse_if_breaks(records: Records, roster: Roster, person_id: str, since: dt.date | None, today: dt.date,
                      what: str) -> list[Diagnostic]:
    """Refuse when a dated tour breaks; return what breaks only undated plans (still unapproved) as warnings."""
    broken = _broken(records, roster, today)
    if not broken:
        return []
    # A finding stands at its team (or one of the team's fields): which of them belong to a tour
    # already dated (approved, opened, authorised) on or after the change?
    dated_places = set()
    for tour in all_tours(records) + planned_tours(records):
        if tour.on is not None and (since is None or tour.on >= since) and person_id in tour.team.everyone():
            for name in (None, "leader", "deputy", "members"):
                where = tour.team.pos(name)
                dated_places.add((where.file, where.line))
    dated = [d for d in broken if (d.file, d.line) in dated_places]
    if dated:
        raise RosterRefused(
            f"{what}会使 {len(dated)} 处已批准或已授权的巡查组不再符合规定（二（二）、五（三））：巡查组按授权之日的"
            f"人员名册判断，而这一变动的生效日期不晚于这些巡查。工具不改写过去；请核对生效日期，"
            f"或先调整这些巡查组；本次未作任何改动", dated)
    return broken


# -- person add -------------------------------------------------------------------------------


def add_person(records: Records, person_id: str, *, name: str, unit: str, since: dt.date, today: dt.date,
               rank: str | None = None, post: str | None = None, position: str | None = None,
               familiar: bool = False, expert: bool = False, expertise: str | None = None,
               phone: str | None = None) -> RosterChange:
    from ..records.paths import id_problem

    problem = id_problem(person_id, "人员编号")
    if problem:
        raise RosterRefused(f"人员编号“{person_id}”不合规：{problem}")
    roster = records.roster or Roster()
    existing = roster.person(person_id)
    if existing is not None:
        raise RosterRefused(f"人员编号 {person_id} 已登记为{existing.name}（{records.display(people_path(records))}:"
                            f"{existing.pos().line}）；变动请用 xuncha person update {person_id} … --since 日期")
    values = {"unit": unit, "rank": rank, "post": post}
    _check_values(records, values)
    person = Person(id=person_id, name=name, unit=unit, position=position, rank=rank or "其他",
                    post=post or "现职", familiar_with_safety=familiar, expert=expert, expertise=expertise,
                    phone=phone, since=since)
    warnings = _refuse_if_breaks(records, Roster(people=[*roster.people, person]), person_id, None, today,
                                 f"登记{name}")
    changes = Changeset()

    def add(document):
        from ruamel.yaml.comments import CommentedMap

        entry = CommentedMap([("id", person_id), ("name", name), ("unit", unit)])
        for key, value in (("position", position), ("rank", rank), ("post", post)):
            if value is not None:
                entry[key] = value
        if familiar:
            entry["familiar_with_safety"] = True
        if expert:
            entry["expert"] = True
        for key, value in (("expertise", expertise), ("phone", phone)):
            if value is not None:
                entry[key] = value
        entry["since"] = since
        _block_list(document, "people").append(entry)

    changes.edit(people_path(records), add)
    summary = f"登记人员 {person_id} {name}（{_unit_name(records, unit)}），自 {since} 起"
    return RosterChange(changes, person, summary, warnings)


# -- person update ------------------------------------------------------------------------------


def update_person(records: Records, person_id: str, *, since: dt.date, today: dt.date, unit: str | None = None,
                  rank: str | None = None, post: str | None = None, position: str | None = None,
                  reason: str | None = None) -> RosterChange:
    roster = records.roster or Roster()
    person = roster.person(person_id)
    if person is None:
        known = [p.id for p in roster.people]
        from difflib import get_close_matches

        close = get_close_matches(person_id, known, n=3)
        hint = f"；是否要写：{'、'.join(close)}" if close else ""
        raise RosterRefused(f"人员名册 people.yaml 中没有人员编号 {person_id}{hint}；新人员请用 xuncha person add")
    values = {"unit": unit, "rank": rank, "post": post, "position": position}
    if all(v is None for v in values.values()):
        raise RosterRefused("请至少写明一项变动：--unit 单位、--rank 职级、--post 在职状态 或 --position 职务")
    _check_values(records, values)
    latest = max((c.since for c in person.changes if c.since), default=None)
    if latest is not None and since <= latest:
        raise RosterRefused(f"{person.name}已登记 {latest} 起的变动；新的变动须晚于它。工具不在已登记的变动之前插入变动，"
                            f"以免改写过去；如确有遗漏，请手工编辑 people.yaml 并运行 xuncha commit -m 说明")
    if person.since is not None and since <= person.since:
        raise RosterRefused(f"{person.name}的现有登记自 {person.since} 起生效；变动的生效日期 {since} 须晚于它")
    then = person.as_of(since)
    moved = {k: v for k, v in values.items() if v is not None and getattr(then, k) != v}
    if not moved:
        raise RosterRefused(f"{person.name}在 {since} 时的{'、'.join(FIELD_TITLES[k] for k in values if values[k])}"
                            f"已是所写的值，没有变动可记录")
    change = Change(since=since, reason=reason, **moved)
    changed = dataclasses.replace(person, changes=[*person.changes, change])
    for attribute in ("_file", "_positions"):
        object.__setattr__(changed, attribute, getattr(person, attribute))
    new_roster = Roster(people=[changed if p.id == person_id else p for p in roster.people])
    described = "，".join(f"{FIELD_TITLES[k]}{_shown(records, k, getattr(then, k))}→{_shown(records, k, v)}"
                         for k, v in moved.items())
    warnings = _refuse_if_breaks(records, new_roster, person_id, since, today,
                                 f"{person.name}自 {since} 起的变动（{described}）")
    index = next(i for i, p in enumerate(roster.people) if p.id == person_id)
    changes = Changeset()

    def append(document):
        from ruamel.yaml.comments import CommentedMap

        entry = document["people"][index]
        if scalar_text(entry.get("id")) != person_id:  # the file moved under us: find the person by id
            entry = next(e for e in document["people"] if isinstance(e, dict) and scalar_text(e.get("id")) == person_id)
        item = CommentedMap([("since", since)])
        for key in CHANGEABLE:
            if key in moved:
                item[key] = moved[key]
        if reason:
            item["reason"] = reason
        _block_list(entry, "changes").append(item)

    changes.edit(people_path(records), append)
    summary = f"{person.name}（{person_id}）自 {since} 起：{described}"
    return RosterChange(changes, changed.as_of(None), summary, warnings)


def _block_list(mapping, key: str):
    """The list under ``key``, made a block list when absent or written as a flow ``[]``."""
    from ruamel.yaml.comments import CommentedSeq

    listed = mapping.get(key)
    if not isinstance(listed, CommentedSeq) or (not listed and listed.fa.flow_style()):
        listed = CommentedSeq()
        mapping[key] = listed
    return listed


def _unit_name(records: Records, unit: str | None) -> str:
    name = records.config.unit_name(unit) if records.config and unit else None
    return name or (unit or "")


def _shown(records: Records, key: str, value) -> str:
    if value is None:
        return "（无）"
    return _unit_name(records, value) if key == "unit" else str(value)
