"""The ledger as of a date: the one answer to "what did the records say on day D".

Every document is true as of its own date, and every report (`problems`, `stats`, `status`,
`check-deadlines`, `coverage`) as of the day it is asked about.  Rather than each of them
filtering dates its own way, ``ledger_as_of`` gives them the records as they stood at the end
of day D: a step done later is not done yet, a status change, hand-off, escalation, look-back
or tip dated later has not happened, a plan approved or disclosed later is not yet approved
or disclosed.  Whatever reads the result — rules, deadlines, counts, templates — then cannot
show anything dated after D.

Records carry no date of their own for a problem; a problem is taken to exist once the team
has entered (四（二）) and, when it came from a tip, once the tip was received (四（三）).

The records are copied only where something is cut off: at province scale most folders hold
nothing later than the date asked and are shared with the full tree, never changed.
"""

from __future__ import annotations

import copy
import datetime as dt

from ..model.tree import InspectionFolder, Records

# InspectionFolder attributes whose record is one dated step (the record's own ``date``).
DATED_STEPS = ("authorization", "notice", "entry", "end", "report", "review", "approval", "feedback",
               "result_notice", "rectification_plan", "rectification_report", "closure")


def ledger_as_of(records: Records, day: dt.date | None) -> Records:
    """The records as they stood at the end of ``day`` (None: as they are, everything recorded)."""
    if day is None:
        return records
    cut = records.__dict__.get(_CUT)
    if cut is not None and cut <= day:
        return records  # a view already cut at that day or before: nothing later is left in it
    plans = {year: _plan_as_of(plan, day) for year, plan in records.plans.items()}
    inspections = {}
    for ident, folder in records.inspections.items():
        kept = folder_as_of(folder, day)
        if kept is not None:
            inspections[ident] = kept
    # A person's unit, rank, post and position as they were that day (people.yaml changes with since).
    roster = records.roster.as_of(day) if records.roster is not None else None
    if roster is records.roster and all(plans[y] is records.plans[y] for y in plans) and \
            len(inspections) == len(records.inspections) and \
            all(inspections[i] is records.inspections[i] for i in inspections):
        return records
    dated = copy.copy(records)
    dated.roster = roster
    dated.plans = plans
    dated.inspections = inspections
    dated.__dict__[_CUT] = day
    return dated


def dated_view(records: Records, day: dt.date) -> Records:
    """``ledger_as_of`` for a caller that passes the result on to others which cut it again (check-deadlines
    cuts once, then its steps, stalled problems and unstarted tours each ask): the view is marked,
    so those asks cost nothing.  Always a fresh object; the records themselves are never marked,
    since a writing command may still add to them."""
    dated = ledger_as_of(records, day)
    if dated is records:
        dated = copy.copy(records)
        dated.__dict__[_CUT] = day
    return dated


# Set only on views made here (fresh objects nobody else holds): the day they were cut at.
_CUT = "_ledger_cut_at"


def folder_as_of(folder: InspectionFolder, day: dt.date) -> InspectionFolder | None:
    """One inspection as of ``day``; None when its round had not been opened yet."""
    ins = folder.inspection
    if ins is not None and ins.opened is not None and ins.opened > day:
        return None
    changes: dict = {}
    for attribute in DATED_STEPS:
        record = getattr(folder, attribute)
        if record is None or record.date is None:
            continue
        if record.date > day:
            changes[attribute] = None
        else:
            trimmed = _step_as_of(attribute, record, day)
            if trimmed is not record:
                changes[attribute] = trimmed
    if folder.activities is not None:
        kept = [a for a in folder.activities.activities if _on_or_before(a.date, day)]
        if len(kept) != len(folder.activities.activities):
            changes["activities"] = _with(folder.activities, activities=kept) if kept else None
    tips = folder.tip_list()
    kept_tips = [t for t in tips if _on_or_before(t.received, day)]
    if len(kept_tips) != len(tips):
        changes["tips"] = _with(folder.tips, tips=kept_tips)
    entry = changes["entry"] if "entry" in changes else folder.entry
    entered_later = folder.entry is not None and entry is None
    if folder.problems is not None:
        received = {t.id: t.received for t in tips}
        problems = []
        for problem in folder.problems.problems:
            tip = problem.source.tip if problem.source else None
            if entered_later or (tip and not _on_or_before(received.get(tip), day)):
                continue
            problems.append(problem_as_of(problem, day))
        if len(problems) != len(folder.problems.problems) or \
                any(a is not b for a, b in zip(problems, folder.problems.problems)):
            changes["problems"] = _with(folder.problems, problems=problems)
    if not changes:
        return folder
    return _with(folder, **changes)


def problem_as_of(problem, day: dt.date):
    """A problem with only the hand-offs, status changes, look-backs and escalations of ``day`` or before."""
    changes = {}
    for name in ("handoffs", "progress", "lookbacks", "escalations"):
        items = getattr(problem, name)
        kept = [item for item in items if _on_or_before(item.date, day)]
        if len(kept) != len(items):
            changes[name] = kept
    return _with(problem, **changes) if changes else problem


def _step_as_of(attribute: str, record, day: dt.date):
    if attribute == "entry" and record.announcement is not None and \
            not _on_or_before(record.announcement.date, day):
        return _with(record, announcement=None)
    if attribute in ("rectification_plan", "rectification_report") and \
            not _on_or_before(record.disclosed, day):
        return _with(record, disclosed=None)
    return record


def _plan_as_of(plan, day: dt.date):
    changes = {}
    approvals = [a for a in plan.approvals if _on_or_before(a.date, day)]
    if len(approvals) != len(plan.approvals):
        changes["approvals"] = approvals
    if plan.disclosure is not None and not _on_or_before(plan.disclosure.date, day):
        changes["disclosure"] = None
    return _with(plan, **changes) if changes else plan


def _on_or_before(date: dt.date | None, day: dt.date) -> bool:
    # An undated item (a record the validator already reports) is kept: dropping it would hide the error.
    return date is None or date <= day


def _with(record, **changes):
    """A shallow copy with some fields changed; the file and positions of the original go with it."""
    changed = copy.copy(record)
    for name, value in changes.items():
        setattr(changed, name, value)
    return changed
