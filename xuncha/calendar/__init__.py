"""Calendar layer: official working days (State Council notices, chinesecalendar, or the
statutory rule as a provisional fallback) and deadline arithmetic. Knows no other layer."""

from .lunar import fallback_holidays, qingming
from .overrides import CalendarProblem, OverrideYear, load_override, override_skeleton
from .sources import YearSource, package_years
from .workdays import CalendarWarning, DueDate, WorkCalendar

__all__ = [
    "CalendarProblem",
    "CalendarWarning",
    "DueDate",
    "OverrideYear",
    "WorkCalendar",
    "YearSource",
    "fallback_holidays",
    "load_override",
    "override_skeleton",
    "package_years",
    "qingming",
]
