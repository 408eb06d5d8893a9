"""Statutory holidays of 《全国年节及纪念日放假办法》 (2025 revision), computed for years
that neither a State Council notice override nor the chinesecalendar package covers.

Only the law's own days are known here: the State Council's yearly arrangement (bridging
days, make-up working weekends) cannot be predicted, so callers must treat the result as
provisional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lunardate import LunarDate

RULE = "《全国年节及纪念日放假办法》（2025年修订）"

# Holidays whose date needs the lunar calendar or the solar-term formula; named in the
# warning when they cannot be computed for a year.
_LUNAR_NAMES = ("春节", "端午节", "中秋节")
_QINGMING = "清明节"


@dataclass(frozen=True)
class FallbackHolidays:
    year: int
    statutory: dict[dt.date, str] = field(hash=False)
    # 第六条: a statutory day falling on a weekend is made up on a working day.
    in_lieu: dict[dt.date, str] = field(hash=False)
    # Names of holidays that could not be computed for this year (out of lunardate's range).
    uncomputed: tuple[str, ...] = ()

    @property
    def rest_days(self) -> dict[dt.date, str]:
        return {**self.statutory, **self.in_lieu}


def qingming(year: int) -> dt.date | None:
    """Date of the Qingming solar term by the 寿星 formula [Y*D+C]-L; None outside 1900–2099."""
    if not 1900 <= year <= 2099:
        return None
    y = year % 100
    c = 5.59 if year < 2000 else 4.81
    return dt.date(year, 4, int(y * 0.2422 + c) - y // 4)


def _lunar(year: int, month: int, day: int) -> dt.date | None:
    try:
        return LunarDate(year, month, day).to_solar_date()
    except (ValueError, IndexError, OverflowError):
        return None


def fallback_holidays(year: int) -> FallbackHolidays:
    """Statutory rest days of `year` per the 2025 rule; never raises."""
    days: dict[dt.date, str] = {}
    uncomputed: list[str] = []

    def put(day: dt.date, name: str) -> None:
        # 中秋 can fall inside 国庆 (e.g. 2020-10-01): keep both names.
        days[day] = f"{days[day]}、{name}" if day in days and name not in days[day] else name

    def span(first: dt.date, n: int, name: str) -> None:
        for i in range(n):
            put(first + dt.timedelta(days=i), name)

    try:
        dt.date(year, 1, 1)
    except (ValueError, OverflowError):
        return FallbackHolidays(year, {}, {}, ())

    put(dt.date(year, 1, 1), "元旦")
    new_year = _lunar(year, 1, 1)
    if new_year is not None:
        span(new_year - dt.timedelta(days=1), 4, "春节")  # 除夕 through 初三
    else:
        uncomputed.append("春节")
    qm = qingming(year)
    if qm is not None:
        put(qm, _QINGMING)
    else:
        uncomputed.append(_QINGMING)
    span(dt.date(year, 5, 1), 2, "劳动节")
    for (month, day), name in (((5, 5), "端午节"), ((8, 15), "中秋节")):
        solar = _lunar(year, month, day)
        if solar is not None and solar.year == year:
            put(solar, name)
        else:
            uncomputed.append(name)
    span(dt.date(year, 10, 1), 3, "国庆节")

    in_lieu: dict[dt.date, str] = {}
    for day in sorted(days):
        if day.weekday() < 5:
            continue
        cand = day + dt.timedelta(days=1)
        while cand.weekday() >= 5 or cand in days or cand in in_lieu:
            cand += dt.timedelta(days=1)
        if cand.year == year:
            in_lieu[cand] = f"{days[day]}（补假）"
    return FallbackHolidays(year, days, in_lieu, tuple(uncomputed))
