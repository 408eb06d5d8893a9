"""The deadlines of 盐办发〔2019〕34号, computed from the records every time (never stored).

| step                 | starts from        | limit                              | clause |
|----------------------|--------------------|------------------------------------|--------|
| end                  | entry (进驻)        | 30 days on site; special tour 10   | 二（一） |
| report               | end (巡查结束)       | 10 working days                    | 四（四） |
| feedback             | approval (批准)     | 10 working days                    | 四（五） |
| rectification-plan   | feedback (反馈)     | 30 working days                    | 四（七） |
| rectification-report | feedback (反馈)     | half a year (民法典 第二百零一条起)  | 四（七） |

Counting the tour: "巡查时间…一般不超过30天" counts days spent on site, and the entry day is
such a day (the mobilization meeting is held on it), so the entry day and the end day both
count: a 30-day tour entering on 2020-04-08 may end on 2020-05-07 at the latest, i.e.
due = entry + 29 days (+ 9 for a 10-day special tour).  This is a count of days on site,
not a Civil Code period, so it is not moved off a weekend: a tour may well end on a Sunday.

Working-day deadlines: the n-th working day after the start day (start day not counted),
holidays and 调休 per the official calendar.  The half-year: 民法典 第二百零一条至第二百零三条
via WorkCalendar.add_period(months=6).

A deadline exists once the step it runs from is recorded; before that its date is unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import seed
from ..calendar import DueDate, WorkCalendar
from ..model.config import SPECIAL_KINDS
from ..model.tree import InspectionFolder, Records
from .asof import ledger_as_of
from .warning import Status, level, status_of

DEADLINE_STATUS_NAMES = {"overdue": "已逾期", "due-soon": "即将到期", "pending": "未到期", "met": "按期完成", "late": "逾期完成"}

DEFAULT_WITHIN = 3      # working days: what check-deadlines calls "due soon"


@dataclass(frozen=True)
class StepDeadline:
    """How one deadline is set by the seed."""

    step: str          # CLI step name of the step that must be done by the due date
    title: str         # Chinese name of what is due
    verb: str          # Chinese verb for "done", as in "巡查工作报告于 2020-05-22 报送"
    start_step: str    # the step whose date starts the period
    start_attribute: str
    clause: str


STEP_DEADLINES: tuple[StepDeadline, ...] = (
    StepDeadline("end", "巡查", "结束", "enter", "entry", "二（一）"),
    StepDeadline("report", "巡查工作报告", "报送", "end", "end", "四（四）"),
    StepDeadline("feedback", "巡查反馈", "进行", "approve", "approval", "四（五）"),
    StepDeadline("rectification-plan", "整改方案", "报送", "feedback", "feedback", "四（七）"),
    StepDeadline("rectification-report", "整改落实和查处情况", "报送", "feedback", "feedback", "四（七）"),
)
DEADLINE_OF_STEP = {d.step: d for d in STEP_DEADLINES}
_DONE_ATTRIBUTE = {"end": "end", "report": "report", "feedback": "feedback",
                   "rectification-plan": "rectification_plan", "rectification-report": "rectification_report"}


@dataclass(frozen=True)
class Deadline:
    inspection: str
    target: str               # the target's name (its id when the catalogue lacks it)
    step: str
    start: dt.date            # date of the step the period runs from
    due: DueDate
    done: dt.date | None
    status: Status
    working_days_left: int | None  # working days in (as_of, due]; negative when overdue; None once done
    provisional: bool
    clause: str
    rule: str                 # Chinese statement of the limit, e.g. "巡查结束后10个工作日内"

    @property
    def title(self) -> str:
        return DEADLINE_OF_STEP[self.step].title

    def due_text(self) -> str:
        return f"{self.due.date.isoformat()}{'（暂定）' if self.provisional else ''}"

    def late_message(self) -> str:
        """The wording of the warning that stays on record, e.g. for validate."""
        spec = DEADLINE_OF_STEP[self.step]
        if self.step == "end":
            days = (self.done - self.start).days + 1
            return (f"巡查自 {self.start.isoformat()} 进驻至 {self.done.isoformat()} 结束，在驻地共 {days} 天，"
                    f"超过时限 {self.due_text()}（{self.rule}）")
        return (f"{spec.title}于 {self.done.isoformat()} {spec.verb}，晚于时限 {self.due_text()}（{self.rule}）")

    def as_json(self) -> dict:
        return {
            "inspection": self.inspection,
            "target": self.target,
            "step": self.step,
            "due": self.due.date.isoformat(),
            "status": self.status,
            "level": level(self.status),
            "working_days_left": self.working_days_left,
            "provisional": self.provisional,
            "clause": self.clause,
        }


def is_special_tour(records: Records, folder: InspectionFolder) -> bool:
    """A special tour (专项巡查) of a town or function zone: marked special, or its target is of a kind
    that only ever gets special tours (二（一）)."""
    inspection = folder.inspection
    if inspection is None:
        return False
    if inspection.special:
        return True
    target = records.config.target(inspection.target) if records.config else None
    return target is not None and target.kind in SPECIAL_KINDS


def target_name(records: Records, folder: InspectionFolder) -> str:
    target_id = folder.inspection.target if folder.inspection else ""
    if records.config and target_id:
        return records.config.unit_name(target_id) or target_id
    return target_id or ""


def is_closed(folder: InspectionFolder) -> bool:
    return folder.closure is not None and folder.closure.date is not None


def _record_date(folder: InspectionFolder, attribute: str) -> dt.date | None:
    record = getattr(folder, attribute, None)
    return getattr(record, "date", None) if record is not None else None


def due_for_step(calendar: WorkCalendar, step: str, start: dt.date, special: bool = False) -> tuple[DueDate, str]:
    """When ``step`` falls due, counted from the date of the step it follows, and the rule in words."""
    if step == "end":
        days = seed.tour_days(special)
        rule = f"专项巡查时间不超过{days}天" if special else f"巡查时间一般不超过{days}天"
        return DueDate(start + dt.timedelta(days=days - 1), False, "日历天数（进驻日和结束日均计入）"), rule
    if step == "report":
        return calendar.add_workdays(start, seed.REPORT_WORKDAYS), f"巡查结束后{seed.REPORT_WORKDAYS}个工作日内"
    if step == "feedback":
        return (calendar.add_workdays(start, seed.FEEDBACK_WORKDAYS),
                f"巡查工作报告经市委、市政府批准后{seed.FEEDBACK_WORKDAYS}个工作日内")
    if step == "rectification-plan":
        return (calendar.add_workdays(start, seed.RECTIFICATION_PLAN_WORKDAYS),
                f"巡查反馈后{seed.RECTIFICATION_PLAN_WORKDAYS}个工作日内")
    if step == "rectification-report":
        return (calendar.add_period(start, months=seed.RECTIFICATION_REPORT_MONTHS),
                f"巡查反馈后{seed.RECTIFICATION_REPORT_PERIOD}内")
    raise ValueError(step)


def inspection_deadlines(records: Records, folder: InspectionFolder, calendar: WorkCalendar,
                         as_of: dt.date | None, within: int = DEFAULT_WITHIN) -> list[Deadline]:
    """Every deadline of one inspection whose starting step is recorded."""
    if folder.inspection is None:
        return []
    special = is_special_tour(records, folder)
    name = target_name(records, folder)
    out = []
    for spec in STEP_DEADLINES:
        start = _record_date(folder, spec.start_attribute)
        if start is None:
            continue
        due, rule = due_for_step(calendar, spec.step, start, special)
        done = _record_date(folder, _DONE_ATTRIBUTE[spec.step])
        status, left = status_of(calendar, due.date, done, as_of, within)
        out.append(Deadline(folder.id, name, spec.step, start, due, done, status, left, due.provisional,
                            spec.clause, rule))
    return out


def all_deadlines(records: Records, calendar: WorkCalendar, as_of: dt.date | None, within: int = DEFAULT_WITHIN,
                  *, open_only: bool = False) -> list[Deadline]:
    records = ledger_as_of(records, as_of)  # a step done after as_of is not done yet on that day
    out = []
    for inspection_id in sorted(records.inspections):
        folder = records.inspections[inspection_id]
        if open_only and is_closed(folder):
            continue
        out.extend(inspection_deadlines(records, folder, calendar, as_of, within))
    return out


def calendar_years(item, as_of: dt.date | None) -> frozenset[int]:
    """The years whose working days a shown deadline depends on: those its due date was counted
    through, and, when its working days left (or overdue) are shown, the years between as_of and
    the due date.  A year's calendar note belongs beside these items and no others."""
    years = set(item.due.years)
    if as_of is not None and item.working_days_left is not None and as_of != item.due.date:
        low, high = sorted((as_of, item.due.date))
        years.update(range((low + dt.timedelta(days=1)).year, high.year + 1))
    return frozenset(years)


def calendar_for(records: Records) -> WorkCalendar:
    return WorkCalendar(override_dir=records.calendar_dir)
