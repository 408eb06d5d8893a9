"""三色预警: the status of a deadline on a given day and its colour, as the office's ledgers show it.

The status (overdue, due-soon, pending, met, late) is reckoned here, below every kind of deadline
(the steps' in deadlines.py, stalled problems', unstarted tours'), so each reads it from one place.

红 (red) overdue, 黄 (yellow) due within N working days (check-deadlines' ``--within``, default 3),
绿 (green) on time, 已完成 (done).  The colour follows from a deadline's status alone
(``status_of``), so check-deadlines, status, problems, their JSON and the exported
workbooks can never disagree: every one of them asks ``level``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..calendar import WorkCalendar

Status = Literal["overdue", "due-soon", "pending", "met", "late"]
STATUSES: tuple[Status, ...] = ("overdue", "due-soon", "pending", "met", "late")
Level = Literal["red", "yellow", "green", "done"]
LEVELS: tuple[Level, ...] = ("red", "yellow", "green", "done")
LEVEL_NAMES = {"red": "红", "yellow": "黄", "green": "绿", "done": "已完成"}

_OF_STATUS: dict[str, Level] = {"overdue": "red", "due-soon": "yellow", "pending": "green", "met": "done",
                                "late": "done"}


def status_of(calendar: WorkCalendar, due: dt.date, done: dt.date | None, as_of: dt.date | None,
              within: int) -> tuple[Status, int | None]:
    """as_of None: only what the records themselves say (met / late), as validate needs; counting
    working days up to today would consult, and flag, years no deadline falls in."""
    if done is not None:
        return ("met" if done <= due else "late"), None
    if as_of is None:
        return "pending", None
    left = calendar.workdays_between(as_of, due)
    if as_of > due:
        return "overdue", left
    return ("due-soon" if left <= within else "pending"), left


def level(status: Status) -> Level:
    """The colour of a deadline in the status check-deadlines gives it (逾期完成 is 已完成: it is done)."""
    return _OF_STATUS[status]


def level_meaning(lv: Level, within: int) -> str:
    """What the colour says, for legends."""
    return {"red": "已逾期", "yellow": f"{within}个工作日内到期", "green": "未到期",
            "done": "已完成"}[lv]


def problem_level(problem_status: str, due, as_of: dt.date, within: int, calendar) -> Level:
    """A problem against its rectification deadline (反馈后半年内，四（七））.

    已整改 and 已销号 are done; before feedback no deadline runs yet, so nothing is late: green.
    """
    if problem_status in ("rectified", "closed"):
        return "done"
    if due is None:
        return "green"
    status, _ = status_of(calendar, due.date, None, as_of, within)
    return level(status)
