"""Tours that should have begun and have not (四（一）), as check-deadlines items.

The annual plan (四（一）) fixes each round's dates and each tour's planned entry; once the
plan is approved those dates are the office's own deadline.  Two things can slip silently:

* an opened tour whose planned entry date (inspection.yaml ``planned_start``) passes with no
  entry recorded — step ``start``, inspection = the tour's id;
* a planned round never opened (no ``new-round``) by its start date — step ``start``,
  inspection = the round's name (2021-1), target = the tours it holds.

Both carry the very same JSON keys as a step deadline, so a cron mail or a script reading
``check-deadlines --json`` sees them without knowing this module exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..calendar import DueDate, WorkCalendar
from ..model.tree import InspectionFolder, Records
from .deadlines import DEFAULT_WITHIN, Deadline, is_closed, target_name
from .warning import Status, status_of

STEP = "start"
CLAUSE = "四（一）"


@dataclass(frozen=True)
class StartDeadline:
    """Quacks like deadlines.Deadline where check-deadlines and status read it."""

    inspection: str
    target: str
    title: str
    verb: str
    rule: str
    due: DueDate
    status: Status
    working_days_left: int | None
    step: str = STEP
    clause: str = CLAUSE
    provisional: bool = False
    done: None = None

    def due_text(self) -> str:
        return self.due.date.isoformat()

    as_json = Deadline.as_json


def tour_start(records: Records, folder: InspectionFolder, calendar: WorkCalendar, as_of: dt.date | None,
               within: int = DEFAULT_WITHIN) -> StartDeadline | None:
    """The planned entry of an opened tour that has not entered yet (四（一）时间安排)."""
    inspection = folder.inspection
    if inspection is None or inspection.planned_start is None or folder.entry is not None or is_closed(folder):
        return None
    due = DueDate(inspection.planned_start, False, "年度方案的计划进驻日期")
    status, left = status_of(calendar, due.date, None, as_of, within)
    return StartDeadline(folder.id, target_name(records, folder), "巡查", "进驻",
                         "年度方案计划的进驻日期", due, status, left)


def opened_rounds(records: Records) -> set[tuple[int, int]]:
    return {(f.inspection.year, f.inspection.round) for f in records.inspections.values() if f.inspection}


def round_starts(records: Records, calendar: WorkCalendar, as_of: dt.date | None,
                 within: int = DEFAULT_WITHIN, opened: set[tuple[int, int]] | None = None) -> list[StartDeadline]:
    """Each planned round not yet opened with new-round, due by the round's start date.  ``opened``:
    the rounds opened, when worked out from folders ``records`` no longer holds (a tree read in parts)."""
    if opened is None:
        opened = opened_rounds(records)
    out = []
    for year in sorted(records.plans):
        for round_ in records.plans[year].rounds:
            if round_.start is None or (year, round_.number) in opened:
                continue
            names = [records.config.unit_name(p.target) or p.target if records.config else p.target
                     for p in round_.inspections if p.target]
            due = DueDate(round_.start, False, "年度方案的本轮开始日期")
            status, left = status_of(calendar, due.date, None, as_of, within)
            out.append(StartDeadline(f"{year}-{round_.number}", "、".join(names) or "（未列巡查对象）",
                                     f"{year}年第{round_.number}轮巡查", "开启",
                                     "年度方案安排的本轮开始日期", due, status, left))
    return out


def tour_starts(records: Records, calendar: WorkCalendar, as_of: dt.date | None,
                within: int = DEFAULT_WITHIN) -> list[StartDeadline]:
    tours = [tour_start(records, records.inspections[i], calendar, as_of, within) for i in sorted(records.inspections)]
    return [t for t in tours if t is not None]
