"""Tours: one team on one target for a span of days, planned (plans/<year>.yaml) or opened
(inspection.yaml), and the day each team is judged on.

Read by the team rules (二（二）、五（二）（三）), by the roster when a change of post must not
break a tour already authorised, and by the documents that print a team as it stood.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model.base import Record
from ..model.plan import Plan, Round, Team
from ..model.tree import Records


@dataclass
class Tour:
    """One team on one target for a span of days: a planned inspection or an opened one."""

    record: Record          # where to point the clerk: the PlannedInspection or the Inspection
    team: Team
    target: str
    year: int
    round: int
    start: dt.date | None
    end: dt.date | None
    special: bool
    opened: bool
    # The day the team is judged on (二（二）、五（二）一次一授权): its authorisation, or until then the
    # day the round opened or the plan was approved.  None: not yet approved, judged on the latest roster.
    on: dt.date | None = None

    @property
    def key(self) -> tuple:
        return (self.year, self.round, self.target)


def plan_approved_on(plan: Plan) -> dt.date | None:
    """The day a plan's teams were settled: 市委、市政府 approval, or the leading group's study before it."""
    for by in ("city", "leading-group"):
        approval = plan.approval(by)
        if approval is not None and approval.date is not None:
            return approval.date
    return None


def judged_on(records: Records, folder) -> dt.date | None:
    """The day an opened inspection's team is judged on: its authorisation (一次一授权，五（二）),
    else the day its round was opened, else the day its plan was approved."""
    if folder.authorization is not None and folder.authorization.date is not None:
        return folder.authorization.date
    inspection = folder.inspection
    if inspection is not None and inspection.opened is not None:
        return inspection.opened
    plan = records.plans.get(inspection.year) if inspection is not None else None
    return plan_approved_on(plan) if plan is not None else None


def target_name(records: Records, target_id: str) -> str:
    config = records.config
    name = config.unit_name(target_id) if config else None
    return name or target_id


def describe(records: Records, tour: Tour) -> str:
    state = "已开启" if tour.opened else "计划"
    return f"{tour.year}年第{tour.round}轮对{target_name(records, tour.target)}的巡查（{state}）"


def planned_tour(plan: Plan, round_: Round, planned) -> Tour | None:
    if planned.team is None or not planned.target:
        return None
    return Tour(planned, planned.team, planned.target, plan.year, round_.number,
                planned.start or round_.start, planned.end or round_.end, bool(planned.special), False,
                plan_approved_on(plan))


def planned_tours(records: Records) -> list[Tour]:
    """Every plan line with a team and a target, opened or not."""
    tours = []
    for plan in records.plans.values():
        for round_ in plan.rounds:
            for planned in round_.inspections:
                tour = planned_tour(plan, round_, planned)
                if tour is not None:
                    tours.append(tour)
    return tours


def all_tours(records: Records) -> list[Tour]:
    """Every tour known: opened inspections, and planned ones not yet opened (an opened folder supersedes its plan line)."""
    tours: list[Tour] = []
    for folder in records.inspections.values():
        inspection = folder.inspection
        if inspection is None or inspection.team is None or not inspection.target:
            continue
        # On site from entry to end when recorded; the planned dates until then.
        start = folder.entry.date if folder.entry and folder.entry.date else inspection.planned_start
        end = folder.end.date if folder.end and folder.end.date else inspection.planned_end
        tours.append(Tour(inspection, inspection.team, inspection.target, inspection.year, inspection.round,
                          start, end, bool(inspection.special), True, judged_on(records, folder)))
    opened = {t.key for t in tours}
    tours += [t for t in planned_tours(records) if t.key not in opened]
    return tours
