"""Who a person option names: a roster id or a name that only one person bears.

A clerk types what is on the paper in front of them, often a name (陈红), not an id
(chen-hong).  Either is accepted when it points at exactly one person in people.yaml; the
record then stores the id, so a later rename in the roster does not orphan it.
"""

from __future__ import annotations

import datetime as dt
import difflib

from ..model.people import Person, Roster
from ..model.tree import InspectionFolder, Records


class UnknownPerson(Exception):
    """The text names nobody, or more than one person; the message is Chinese."""


def roster_on(records: Records, day: dt.date | None) -> Roster:
    """The roster as it stood on ``day`` (二（二）: people change unit, rank and post over the years)."""
    return (records.roster or Roster()).as_of(day)


def resolve_person(records: Records, text: str, day: dt.date | None = None, option: str = "--by") -> Person:
    roster = roster_on(records, day)
    wanted = text.strip()
    person = roster.person(wanted)
    if person is not None:
        return person
    named = [p for p in roster.people if p.name == wanted]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        ids = "、".join(p.id for p in named)
        raise UnknownPerson(f"{option} {wanted}：人员名册中有 {len(named)} 人同名（{ids}），请写人员编号")
    known = [p.id for p in roster.people] + [p.name for p in roster.people]
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
    hint = f"；是否想写：{'、'.join(close)}" if close else ""
    raise UnknownPerson(f"{option} {wanted} 不在人员名册 people.yaml 中（写人员编号或姓名）{hint}")


def team_leader(records: Records, folder: InspectionFolder, day: dt.date | None = None) -> Person | None:
    team = folder.inspection.team if folder.inspection else None
    if team is None or not team.leader:
        return None
    return roster_on(records, day).person(team.leader)


def person_label(records: Records, person_id: str, day: dt.date | None = None) -> str:
    """陈红（chen-hong）, or the bare id when the roster lacks it."""
    person = roster_on(records, day).person(person_id)
    return f"{person.name}（{person.id}）" if person is not None else person_id


def feedback_by_problem(records: Records, folder: InspectionFolder, person_id: str,
                        day: dt.date | None = None) -> str | None:
    """四（五）：由巡查组组长向被巡查地区或单位反馈 — the team's own leader, not any leader."""
    team = folder.inspection.team if folder.inspection else None
    if team is None or not team.leader or person_id == team.leader:
        return None
    who = person_label(records, person_id, day)
    return (f"反馈人须为本巡查组组长 {person_label(records, team.leader, day)}，而{who}不是巡查 {folder.id} "
            f"的组长（四（五）：由巡查组组长向被巡查地区或单位反馈）")
