"""The tours a run of the team rules judges, and the people in them (二（二）、五（二）（三）).

Every team rule is checked on both the planned inspections of plans/<year>.yaml and the opened
ones (inspection.yaml): a plan is the place to catch a bad team before it goes out, and an
opened folder may have been edited by hand afterwards.  When new-round judges one round
(``context.round``), the subjects are that round's planned inspections only, while overlaps
are still looked for against every other tour, planned or opened.  No rule is declared here.
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

from ...model.people import RANK_ORDER, Person
from ...model.plan import Team
from ...model.tree import Records
from ..engine import Context, Finding
from ..tours import Tour, all_tours, describe, planned_tours

ROLE_TITLES = {"leader": "组长", "deputy": "副组长"}


def every_tour(context: Context) -> list[Tour]:
    """all_tours, found once per validation run: a dozen team rules walk the same tours."""
    return context.shared(_every_tour)


def _every_tour(context: Context) -> list[Tour]:
    return all_tours(context.records)


def subject_tours(context: Context) -> list[Tour]:
    """The tours the team rules judge: all of them, or the planned ones of the round being opened."""
    return context.shared(_subject_tours)


def _subject_tours(context: Context) -> list[Tour]:
    scope = context.round
    if scope is None:
        # Every file is judged: the plan line and, once opened, the inspection.yaml copied from it.
        return [t for t in every_tour(context) if t.opened] + planned_tours(context.records)
    # Opening a round authorises its teams from that day on: judge them on the roster of that day.
    return [dataclasses.replace(t, on=scope.opening) if scope.opening else t
            for t in planned_tours(context.records) if (t.year, t.round) == (scope.year, scope.number)]


def person(records: Records, person_id: str | None, tour: Tour | None = None) -> Person | None:
    """The person as the roster stood on the tour's day (its authorisation), or as it stands now."""
    roster = records.roster
    if not roster or not person_id:
        return None
    return roster.as_of(tour.on if tour is not None else None).person(person_id)


def rank_at_least(someone: Person, rank: str) -> bool:
    return someone.rank in RANK_ORDER and RANK_ORDER.index(someone.rank) >= RANK_ORDER.index(rank)


def unit(records: Records, someone: Person) -> str:
    name = records.config.unit_name(someone.unit) if records.config else None
    return name or someone.unit


def eligible_units(records: Records) -> set[str]:
    config = records.config
    return set(config.safety_committee_members) | set(config.leading_group_members)


def holders(context: Context, role: str) -> Iterator[tuple[Tour, Person]]:
    """Each judged tour with the person it names as leader or deputy (unknown ids are references' business)."""
    for tour in subject_tours(context):
        found = person(context.records, getattr(tour.team, role), tour)
        if found is not None:
            yield tour, found


def about(context: Context, tour: Tour, role: str, someone: Person, why: str) -> Finding:
    return Finding(tour.team,
                   f"{describe(context.records, tour)}的{ROLE_TITLES[role]}{someone.name}{roster_day(tour, someone)}{why}",
                   field_name=role)


def roster_day(tour: Tour, someone: Person) -> str:
    """For a person whose post has changed: the day the team was judged on, so the clerk sees which entry counted."""
    if not someone.changes:
        return ""
    return f"（按 {tour.on} 的人员名册）" if tour.on else "（按人员名册的最新登记）"


def overlap(a: Tour, b: Tour) -> bool:
    if None in (a.start, a.end, b.start, b.end):
        return False
    return a.start <= b.end and b.start <= a.end


def role(team: Team, person_id: str) -> str:
    if person_id == team.leader:
        return "leader"
    if person_id == team.deputy:
        return "deputy"
    return "members"
