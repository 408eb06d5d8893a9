"""Working-day arithmetic for the deadlines of 盐办发〔2019〕34号 (10 and 30 working days)
and periods under 民法典 第二百零一条至第二百零三条 (half a year)."""

from __future__ import annotations

import bisect
import calendar as _cal
import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .overrides import CalendarProblem, load_override
from .sources import (YearSource, YearTable, build_year, misnamed_files, override_files, package_years,
                      statutory_year)


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    provisional: bool  # True if any day consulted came from a provisional source
    source: str  # Chinese description of the source(s) used
    # Calendar years consulted to find the date: a year's note is shown only beside dates that used it.
    years: frozenset[int] = frozenset()


@dataclass(frozen=True)
class CalendarWarning:
    year: int
    message: str  # Chinese; names the override file to add or fix


def _add_months(start: dt.date, months: int) -> dt.date:
    """Corresponding day of the final month, or its last day (民法典 第二百零二条)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


class WorkCalendar:
    def __init__(self, override_dir: Path | None = None):
        self.override_dir = Path(override_dir) if override_dir is not None else None
        self._tables: dict[int, YearTable] = {}
        self._flagged: dict[int, CalendarWarning] = {}
        self._statutory_tables: dict[int, YearTable] = {}
        # Due dates already computed: a round's inspections share their dates, so a province's
        # 6,500 deadlines come from a few hundred distinct (start, period) pairs.
        self._due_dates: dict[tuple, DueDate] = {}
        self._readers: list[set[int]] = []  # see years_read

    @contextmanager
    def years_read(self) -> Iterator[set[int]]:
        """The calendar years the block consults, a remembered due date counting the years it was
        found with: what a result worked out in the block depends on (records/parts.py keeps a
        round's findings until one of those years' calendar files changes)."""
        years: set[int] = set()
        self._readers.append(years)
        try:
            yield years
        finally:
            self._readers.remove(years)

    # -- sources ---------------------------------------------------------------------

    def _table(self, year: int) -> YearTable:
        table = self._tables.get(year)
        if table is None:
            table = self._tables[year] = build_year(year, self.override_dir)
        return table

    def _consult(self, year: int, used: dict[int, YearTable] | None = None) -> YearTable:
        table = self._table(year)
        for reader in self._readers:
            reader.add(year)
        if table.warning and year not in self._flagged:
            self._flagged[year] = CalendarWarning(year, table.warning)
        if used is not None:
            used[year] = table
        return table

    def year_source(self, year: int) -> YearSource:
        return self._table(year).source

    def covered_years(self) -> dict[int, YearSource]:
        """Years with an override file, plus the package's range."""
        years = set(override_files(self.override_dir)) | set(package_years())
        return {year: self.year_source(year) for year in sorted(years)}

    def warnings(self, years=None) -> list[CalendarWarning]:
        """One per flagged year consulted so far (fallback, unverified or broken override);
        only those of ``years`` when given, so a note stands beside the dates that depend on it."""
        return [self._flagged[year] for year in sorted(self._flagged) if years is None or year in years]

    def problems(self) -> list[CalendarProblem]:
        """Problems of every override file in override_dir, for `calendar check`."""
        out = [CalendarProblem(path, None, None, "", "文件名应为“四位年份.yaml”，如 2027.yaml；此文件不会被读取")
               for path in misnamed_files(self.override_dir)]
        for path in override_files(self.override_dir).values():
            out.extend(load_override(path)[1])
        return out

    # -- arithmetic ------------------------------------------------------------------

    def is_workday(self, day: dt.date) -> bool:
        return day in self._consult(day.year).workday_set

    def add_workdays(self, start: dt.date, n: int) -> DueDate:
        """The n-th working day after `start` (start itself not counted)."""
        if n < 1:
            raise ValueError(f"工作日数应不少于 1，收到 {n}")
        key = ("workdays", start, n)
        known = self._due_dates.get(key)
        if known is None:
            known = self._due_dates[key] = self._add_workdays(start, n)
        else:
            for reader in self._readers:
                reader.update(known.years)
        return known

    def _add_workdays(self, start: dt.date, n: int) -> DueDate:
        used: dict[int, YearTable] = {}
        day = self._nth_workday(start, n, lambda year: self._consult(year, used))
        if any(_is_estimate(t) for t in used.values()):
            # An unchecked notice is a guess: its make-up working days must not pull a deadline
            # before the one the law's own holidays give, or a tour would be called due too soon.
            floor = self._nth_workday(start, n, lambda year: self._statutory(self._consult(year, used)))
            return self._due(max(day, floor), used, floored=floor > day)
        return self._due(day, used)

    @staticmethod
    def _nth_workday(start: dt.date, n: int, table_of) -> dt.date:
        first = start + dt.timedelta(days=1)
        year = first.year
        table = table_of(year)
        i = bisect.bisect_left(table.workdays, first)
        remaining = n
        while remaining > len(table.workdays) - i:
            remaining -= len(table.workdays) - i
            year += 1
            table = table_of(year)
            i = 0
        return table.workdays[i + remaining - 1]

    def _statutory(self, table: YearTable) -> YearTable:
        """The law's holidays alone, in place of an unchecked notice's estimate."""
        if not _is_estimate(table):
            return table
        year = table.source.year
        known = self._statutory_tables.get(year)
        if known is None:
            known = self._statutory_tables[year] = statutory_year(year)
        return known

    def add_period(self, start: dt.date, *, months: int = 0, days: int = 0) -> DueDate:
        """Period under 民法典 第二百零一条至第二百零三条: start day not counted; a last day
        that is not a working day moves to the next working day (a make-up working
        Saturday is a working day, so it does not move)."""
        if months < 0 or days < 0 or (months == 0 and days == 0):
            raise ValueError(f"期间应为正数，收到 months={months}, days={days}")
        key = ("period", start, months, days)
        known = self._due_dates.get(key)
        if known is None:
            known = self._due_dates[key] = self._add_period(start, months, days)
        else:
            for reader in self._readers:
                reader.update(known.years)
        return known

    def _add_period(self, start: dt.date, months: int, days: int) -> DueDate:
        last = _add_months(start, months) + dt.timedelta(days=days)
        used: dict[int, YearTable] = {}
        day = self._next_workday(last, lambda year: self._consult(year, used))
        if any(_is_estimate(t) for t in used.values()):
            floor = self._next_workday(last, lambda year: self._statutory(self._consult(year, used)))
            return self._due(max(day, floor), used, floored=floor > day)
        return self._due(day, used)

    @staticmethod
    def _next_workday(day: dt.date, table_of) -> dt.date:
        while day not in table_of(day.year).workday_set:
            day += dt.timedelta(days=1)
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negated count of (end, start] when end < start."""
        if end < start:
            return -self.workdays_between(end, start)
        if end == start:
            return 0
        count = 0
        for year in range((start + dt.timedelta(days=1)).year, end.year + 1):
            table = self._consult(year)
            lo = bisect.bisect_right(table.workdays, start)
            hi = bisect.bisect_right(table.workdays, end)
            count += hi - lo
        return count

    def _due(self, day: dt.date, used: dict[int, YearTable], floored: bool = False) -> DueDate:
        descriptions = list(dict.fromkeys(t.source.description for _, t in sorted(used.items())))
        if floored:
            descriptions.append("未核对的调休安排使期限早于按法定节假日推算的日期，取后者")
        provisional = any(t.source.provisional for t in used.values())
        return DueDate(day, provisional, "；".join(descriptions), frozenset(used))


def _is_estimate(table: YearTable) -> bool:
    """A year read from an override file not yet checked against the State Council's notice."""
    return table.source.kind == "override" and table.source.provisional
