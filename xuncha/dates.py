"""The one reader of dates: record files, calendar files, command-line options and imported sheets.

One policy, one set of messages:

* A date kept in a file (records under records/, the calendar files, git history) is written
  ``YYYY-MM-DD``: a file is read later by others and by tools that know only that form.  Any
  other form is refused with the same sentence everywhere, naming the ISO form it can only mean
  (``2027-1-1`` → "一律写作 2027-01-01"), never guessed.
* A date a clerk types (an option, a sheet cell, a template's 日期 line) may be written in any
  form that means one day: full-width digits and dashes, ``2021-6-25``, ``2021/6/25``,
  ``2021年6月25日``, ``20210625``.  It is read as that day and the caller says how it was read.
* Either way a day outside FIRST_YEAR–LAST_YEAR is refused: deadline arithmetic on 9999-12-31
  overflowed and killed cron.

Nothing here imports anything of xuncha: every layer may use it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import NamedTuple

# The years a date may fall in: wide enough for any term of office, narrow enough that deadline
# arithmetic never leaves what Python's dates can hold.
FIRST_YEAR, LAST_YEAR = 2000, 2100
ISO_PATTERN = r"^\d{4}-\d{2}-\d{2}$"   # the stored form, also the JSON Schema's pattern
EXAMPLE = "2020-03-02"
# What to write instead of a text that is no date at all; a sheet asks for an Excel date instead.
STORED_FORM = f"台账中的日期一律写作 YYYY-MM-DD，例如 {EXAMPLE}"

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LOOSE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DASHES = str.maketrans({c: "-" for c in "－—–‐‑‒―"})
# One date object per day read: records share them, so the parse cache stores each once.  The
# record loader looks here first, before calling read_stored, for each of a province's dates.
KNOWN_DAYS: dict[str, dt.date] = {}


class Typed(NamedTuple):
    date: dt.date | None
    problem: str | None    # Chinese, to follow the name of the field or option
    normalised: bool       # read from another form than YYYY-MM-DD: tell the clerk how


def read_stored(text: str, form: str = STORED_FORM) -> tuple[dt.date | None, str | None]:
    """A date kept in a file: ``YYYY-MM-DD`` only; anything else is explained, not guessed."""
    text = text.strip()
    known = KNOWN_DAYS.get(text)
    if known is not None:
        return known, None
    match = _ISO.match(text)
    if match:
        day, problem = _day(text, *map(int, match.groups()))
        if day is not None:
            KNOWN_DAYS[text] = day
        return day, problem
    for pattern in (_LOOSE, _COMPACT):
        match = pattern.match(text)
        if match:
            day, problem = _day(text, *map(int, match.groups()))
            if problem:
                return None, problem
            return None, f"日期“{text}”格式不对：台账中的日期一律写作 {day.isoformat()}（年-月-日，月和日补足两位）"
    return None, f"“{text}”不是日期：{form}"


def read_typed(text: str, form: str = STORED_FORM) -> Typed:
    """A date a clerk typed: any form that can only mean one day (see the module's docstring)."""
    stripped = text.strip()
    plain = unicodedata.normalize("NFKC", stripped).translate(_DASHES)
    day, problem = read_stored(plain, form)
    if day is not None:
        return Typed(day, None, plain != stripped)
    for pattern in (_LOOSE, _COMPACT):
        match = pattern.match(plain)
        if match:
            day, wrong = _day(plain, *map(int, match.groups()))
            return Typed(day, wrong, day is not None)
    return Typed(None, problem, False)


def read_note(option: str, text: str, day: dt.date) -> str:
    """How a typed date was read, in the one wording every command uses."""
    return f"{option} {text} 按 {day.isoformat()} 理解（日期写作 YYYY-MM-DD）"


def _day(text: str, year: int, month: int, day: int) -> tuple[dt.date | None, str | None]:
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        return None, f"日期“{text}”不存在（{_why_invalid(year, month, day)}）"
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        return None, f"日期“{text}”超出合理范围：台账中的日期应在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间，请检查年份"
    return parsed, None


def _why_invalid(year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"没有 {month} 月"
    return f"{year} 年 {month} 月没有 {day} 日"
