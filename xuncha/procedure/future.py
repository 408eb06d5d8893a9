"""No future dates: a record says what has happened, so a date after today is refused
(every writing command) or flagged (validate) — one rule, one message, one way past it."""

from __future__ import annotations

import datetime as dt

ALLOW_FUTURE = "--allow-future"


def future_problem(what: str, day: dt.date | None, today: dt.date) -> str | None:
    """Why ``day`` cannot be written as ``what``, or None when it is not after ``today``."""
    if day is None or day <= today:
        return None
    return (f"{what} {day} 晚于今天 {today}：尚未发生的事项不能记为已经发生。"
            f"确需预先登记请加 {ALLOW_FUTURE}；本次未作任何改动")
