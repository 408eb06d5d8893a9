"""Problems whose rectification has stalled past the half-year (四（七）), as check-deadlines items.

Each stalled problem is one overdue item with the same JSON keys as a step deadline; its step
is ``problem-rectification:<problem id>``, e.g. ``problem-rectification:P2``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import seed
from ..calendar import DueDate, WorkCalendar
from ..model.problems import STATUS_NAMES
from ..model.tree import Records
from .asof import ledger_as_of
from .deadlines import DEFAULT_WITHIN, Deadline, is_closed, target_name
from .problem_status import stalled_problems
from .warning import Status, status_of

STEP_PREFIX = "problem-rectification:"
CLAUSE = "四（七）"
RULE = f"巡查反馈后{seed.RECTIFICATION_REPORT_PERIOD}内整改落实"


@dataclass(frozen=True)
class ProblemDeadline:
    """Quacks like deadlines.Deadline where check-deadlines reads it."""

    inspection: str
    target: str
    step: str
    problem_id: str
    problem_title: str
    problem_status: str        # ledger status code as of the day asked
    due: DueDate
    status: Status
    working_days_left: int | None
    provisional: bool
    clause: str = CLAUSE
    rule: str = RULE
    verb: str = "整改到位"
    done: None = None

    @property
    def title(self) -> str:
        return f"问题 {self.problem_id}“{self.problem_title}”（现为{STATUS_NAMES.get(self.problem_status, '未整改')}）"

    def due_text(self) -> str:
        return f"{self.due.date.isoformat()}{'（暂定）' if self.provisional else ''}"

    # The very same keys as a step deadline: check-deadlines --json readers must not tell them apart.
    as_json = Deadline.as_json


def stalled_deadlines(records: Records, calendar: WorkCalendar, as_of: dt.date,
                      within: int = DEFAULT_WITHIN) -> list[ProblemDeadline]:
    records = ledger_as_of(records, as_of)  # an inspection closed after as_of was still open then
    out = []
    for stalled in stalled_problems(records, as_of, calendar):
        folder = records.inspections[stalled.inspection]
        if is_closed(folder):
            continue
        status, left = status_of(calendar, stalled.due.date, None, as_of, within)
        out.append(ProblemDeadline(stalled.inspection, target_name(records, folder),
                                   f"{STEP_PREFIX}{stalled.problem.id}", stalled.problem.id,
                                   stalled.problem.title or "", stalled.status, stalled.due, status, left,
                                   stalled.due.provisional))
    return out
