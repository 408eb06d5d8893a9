"""How the steps of 四、巡查程序 follow one another in a folder: what a step rests on, what it follows.

One reading of the seed for both sides: ``xuncha record`` refuses a step out of order, and the
order rules of validate (rules/sequence.py) judge the same step written by hand.
"""

from __future__ import annotations

import datetime as dt

from ..model.tree import FILE_OF_ATTRIBUTE, InspectionFolder
from .steps import STEP_BY_NAME, Step, step_date


def step_label(step: Step) -> str:
    """How a step is named to the clerk: 批准（approval.yaml）."""
    return f"{step.chinese}（{FILE_OF_ATTRIBUTE[step.attribute]}）"


def missing_prerequisites(folder: InspectionFolder, step: Step) -> list[Step]:
    """The unrecorded steps ``step`` rests on, nearest first, following the chain back while it stays missing."""
    missing: list[Step] = []
    pending = [STEP_BY_NAME[name] for name in step.after]
    while pending:
        before = pending.pop(0)
        if step_date(folder, before) is not None or before in missing:
            continue
        missing.append(before)
        pending.extend(STEP_BY_NAME[name] for name in before.after)
    return missing


def previous_recorded(folder: InspectionFolder, step: Step) -> tuple[Step, dt.date] | None:
    """The nearest recorded step ``step`` follows (through unrecorded ones), with its date."""
    pending = [STEP_BY_NAME[name] for name in step.after]
    while pending:
        before = pending.pop(0)
        date = step_date(folder, before)
        if date is not None:
            return before, date
        pending.extend(STEP_BY_NAME[name] for name in before.after)
    return None


def order_clause(step: Step, before: Step) -> str | None:
    """The clause that puts ``before`` ahead of ``step``: 五（二） for the authorization, else the step's own."""
    if before.name == "authorize":
        return "五（二）"  # 一次一授权: nothing is done on site without this inspection's authorization
    return step.clause or before.clause
