"""三色预警: the colour of a deadline or a problem, as the office's ledgers show it.

红 (red) overdue, 黄 (yellow) due within N working days (check-deadlines' ``--within``, default 3),
绿 (green) on time, 已完成 (done).  The colour follows from a deadline's status alone
(deadlines.status_of), so check-deadlines, status, problems, their JSON and the exported
workbooks can never disagree: every one of them asks ``level``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .deadlines import Status, status_of

Level = Literal["red", "yellow", "green", "done"]
LEVELS: tuple[Level, ...] = ("red", "yellow", "green", "done")
LEVEL_NAMES = {"red": "红", "yellow": "黄", "green": "绿", "done": "已完成"}

_OF_STATUS: dict[str, Level] = {"overdue": "red", "due-soon": "yellow", "pending": "green", "met": "done",
                                "late": "done"}


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
