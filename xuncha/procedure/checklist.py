"""What check-deadlines weighs on a day: every kind of deadline, gathered in one list.

It sits above the kinds it gathers — the steps' deadlines (deadlines.py), problems stalled past
the half-year (stalled.py), tours and rounds not started (unstarted.py) — so none of them has to
reach up for the others.  The deadline workbook reads this very list, so it cannot show other items
than check-deadlines does.
"""

from __future__ import annotations

import datetime as dt

from ..calendar import WorkCalendar
from ..model.tree import Records
from .asof import dated_view
from .deadlines import DEFAULT_WITHIN, all_deadlines
from .stalled import stalled_deadlines
from .unstarted import round_starts, tour_starts


def deadlines_to_check(records: Records, calendar: WorkCalendar, as_of: dt.date, within: int = DEFAULT_WITHIN) -> list:
    """Everything check-deadlines weighs as of ``as_of``: the steps of open inspections, problems stalled
    past the half-year (四（七）), tours and rounds not started on the plan's date (四（一））."""
    records = dated_view(records, as_of)  # what had been done by that day, and nothing after it (marked: the kinds below cut it again)
    return [item for kind in inspection_items(records, calendar, as_of, within) for item in kind] + \
        round_starts(records, calendar, as_of, within)


def inspection_items(records: Records, calendar: WorkCalendar, as_of: dt.date,
                     within: int = DEFAULT_WITHIN) -> tuple[list, list, list]:
    """The items of ``deadlines_to_check`` that each come from one inspection alone, by kind (steps,
    stalled problems, tours not started), each kind in the order of the inspections' ids: what a
    part of the tree gives on its own (procedure/progress.py)."""
    records = dated_view(records, as_of)
    return (all_deadlines(records, calendar, as_of, within, open_only=True),
            stalled_deadlines(records, calendar, as_of, within),
            tour_starts(records, calendar, as_of, within))
