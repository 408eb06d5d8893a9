"""Where each year's working days come from, in order of authority:

1. override file `<override_dir>/<year>.yaml` (the State Council notice, typed in by the clerk);
2. the chinesecalendar package, for the years it ships data for;
3. the statutory rule alone (lunar.py): weekends plus the law's holidays, no make-up days.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .lunar import RULE, fallback_holidays
from .overrides import OverrideYear, load_override

SourceKind = Literal["override", "package", "fallback"]
DEFAULT_OVERRIDE_DIR = Path("records/calendar")


@dataclass(frozen=True)
class YearSource:
    year: int
    kind: SourceKind
    provisional: bool
    description: str  # Chinese, shown next to every due date that used this year
    path: Path | None  # the override file, when kind == "override"


@dataclass(frozen=True)
class YearTable:
    """One year's working days, built once: chinese_calendar.is_workday costs ~18 µs a call."""

    source: YearSource
    workdays: tuple[dt.date, ...]  # sorted, for bisect
    workday_set: frozenset[dt.date]
    warning: str | None  # Chinese; set when the year must be flagged to the user


def display_path(path: Path) -> str:
    """Path as the clerk would type it: relative to the working directory when possible."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (OSError, ValueError):
        return Path(path).as_posix()


@functools.cache
def package_version() -> str:
    # The module attribute is instant; importlib.metadata scans site-packages (~30 ms).
    import chinese_calendar

    found = getattr(chinese_calendar, "__version__", None)
    if found:
        return str(found)
    try:
        from importlib.metadata import version

        return version("chinesecalendar")
    except Exception:
        return "?"


def _probe(year: int) -> bool:
    import chinese_calendar

    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except Exception:  # NotImplementedError outside its range; anything else: not usable either
        return False
    return True


@functools.cache
def package_years() -> frozenset[int]:
    """Years the installed chinesecalendar has data for. It raises NotImplementedError
    outside its range, which moves with every release, so the range is probed: around the
    years of its public `holidays` table when present, otherwise over a wide span."""
    try:
        import chinese_calendar
    except ImportError:
        return frozenset()
    table_years = {d.year for d in getattr(chinese_calendar, "holidays", {}) or {}}
    if table_years:
        candidates = range(min(table_years) - 1, max(table_years) + 2)
    else:
        candidates = range(1990, 2200)
    return frozenset(year for year in candidates if _probe(year))


def _package_workdays(year: int) -> list[dt.date]:
    """The package's working days of `year`, read from its public tables with the same rule
    as chinese_calendar.is_workday, which costs ~18 µs a call (it rescans its tables)."""
    import chinese_calendar

    holidays = getattr(chinese_calendar, "holidays", None)
    workdays = getattr(chinese_calendar, "workdays", None)
    if holidays is None or workdays is None:
        return [d for d in _days_of(year) if chinese_calendar.is_workday(d)]
    return [d for d in _days_of(year) if d in workdays or (d.weekday() < 5 and d not in holidays)]


def _days_of(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    last = dt.date(year, 12, 31)
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _table(source: YearSource, workdays, warning: str | None = None) -> YearTable:
    ordered = tuple(sorted(workdays))
    return YearTable(source, ordered, frozenset(ordered), warning)


def _package_table(year: int, note: str | None) -> YearTable | None:
    try:
        workdays = _package_workdays(year)
    except NotImplementedError:
        return None
    source = YearSource(year, "package", False, f"chinese-calendar {package_version()}", None)
    return _table(source, workdays, note)


def _fallback_table(year: int, file_hint: str, note: str | None) -> YearTable:
    fb = fallback_holidays(year)
    rest = fb.rest_days
    workdays = [d for d in _days_of(year) if d.weekday() < 5 and d not in rest]
    if fb.uncomputed:
        description = f"推算（仅按周末和公历法定节日，{'、'.join(fb.uncomputed)}无法推算，未见国务院当年通知）"
        detail = (f"{year}年未见国务院节假日安排通知，且超出农历换算范围：只按周末和元旦、劳动节、国庆节推算，"
                  f"{'、'.join(fb.uncomputed)}无法推算，调休上班日未知")
    else:
        description = "推算（《全国年节及纪念日放假办法》，未见国务院当年通知）"
        detail = f"{year}年未见国务院节假日安排通知：按{RULE}推算法定节假日，调休上班日未知"
    message = (f"{detail}，涉及该年的期限均为暂定。请按国务院办公厅通知添加 {file_hint}"
               f"（可用 xuncha calendar add {year} 生成模板）。")
    if note:
        message = f"{note}；{message}"
    source = YearSource(year, "fallback", True, description, None)
    return _table(source, workdays, message)


def statutory_year(year: int) -> YearTable:
    """Weekends and the law's holidays alone: the floor an unchecked estimate may not go below."""
    return _fallback_table(year, (DEFAULT_OVERRIDE_DIR / f"{year}.yaml").as_posix(), None)


def build_year(year: int, override_dir: Path | None) -> YearTable:
    """Working days of `year` from the most authoritative source available; never raises
    on bad input (a broken override file is reported and skipped)."""
    path = (override_dir / f"{year}.yaml") if override_dir is not None else None
    file_hint = display_path(path) if path is not None else (DEFAULT_OVERRIDE_DIR / f"{year}.yaml").as_posix()
    note = None
    if path is not None and path.is_file():
        override, problems = load_override(path)
        if override is not None and (override.verified or year not in package_years()):
            return _override_table(override, file_hint)
        if override is not None:
            # An unchecked skeleton is only a guess; the package's data is better.
            note = f"{file_hint} 尚未核对（verified: false），暂按 chinese-calendar 计算；核对无误后改为 verified: true"
        else:
            note = f"{file_hint} 有 {len(problems)} 处错误，未采用（运行 xuncha calendar check 查看）"
    if year in package_years():
        table = _package_table(year, note)
        if table is not None:
            return table
    return _fallback_table(year, file_hint, note)


def _override_table(override: OverrideYear, file_hint: str) -> YearTable:
    year = override.year
    workdays = [d for d in _days_of(year) if override.is_workday(d)]
    if override.verified:
        source = YearSource(year, "override", False, f"{override.notice}（{file_hint}）", override.path)
        return _table(source, workdays, _omissions(override, file_hint))
    source = YearSource(year, "override", True, f"{override.notice}（{file_hint}，尚未核对）", override.path)
    warning = (f"{file_hint} 尚未核对（verified: false），涉及{year}年的期限均为暂定；"
               f"对照国务院办公厅通知核对无误后改为 verified: true。")
    return _table(source, workdays, warning)


def override_files(override_dir: Path | None) -> dict[int, Path]:
    if override_dir is None or not override_dir.is_dir():
        return {}
    out = {}
    for path in override_dir.glob("*.yaml"):
        if _is_year_name(path):
            out[int(path.stem)] = path
    return dict(sorted(out.items()))


def misnamed_files(override_dir: Path | None) -> list[Path]:
    """Files in the override folder that will never be read (e.g. 2027.yml, 2027年.yaml).

    Notes kept beside the overrides (README.md, a .txt copy of the notice) are not mistakes."""
    if override_dir is None or not override_dir.is_dir():
        return []
    return sorted(p for p in override_dir.iterdir()
                  if p.is_file() and not p.name.startswith(".") and p.suffix.lower() not in _NOTES
                  and not (p.suffix == ".yaml" and _is_year_name(p)))


_NOTES = (".md", ".txt", ".pdf", ".doc", ".docx")


def _is_year_name(path: Path) -> bool:
    return len(path.stem) == 4 and path.stem.isdigit()


def _omissions(override: OverrideYear, file_hint: str) -> str | None:
    """Every notice gives the law's statutory days off, so a statutory weekday missing from the
    file is almost surely a typing slip. Only checked from 2025: the rule in lunar.py is the
    2025 revision, and earlier years had fewer statutory days."""
    if override.year < 2025:
        return None
    missing = sorted((d, name) for d, name in fallback_holidays(override.year).statutory.items()
                     if d.weekday() < 5 and d not in override.holidays)
    if not missing:
        return None
    listed = "、".join(f"{d}（{name}）" for d, name in missing)
    return f"{file_hint} 未列出以下法定节假日，按工作日计算；请对照国务院办公厅通知核对：{listed}。"
