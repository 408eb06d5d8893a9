"""No future dates in hand edits: what validate says of a step dated after today (step-in-future),
it says of every other date that records an event — an approval, a publication, a hand-off, a
roster change, a tip received, a round opened.  Planned dates (rounds, tours, the term, a plan's
mobilization) look ahead by nature and are left alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Iterator

from ...model.base import Record, field_names
from ...model.diagnostics import Diagnostic
from ..engine import Context, rule, warning
from ..steps import STEPS


# Dates set ahead on purpose: the deadline 市安委会 gives a hazard it lists for 挂牌督办 (四（六）).
DEADLINES = ("due",)


def _dated_fields(record: Record, *, skip: tuple[str, ...] = ()) -> Iterator[tuple[Record, str, dt.date]]:
    """Every date held by ``record`` and the records inside it, with the record and field holding it."""
    for name in field_names(type(record)):
        if name in skip or name in DEADLINES:
            continue
        value = getattr(record, name)
        if value is None:
            continue
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, dt.date):
                yield record, name, item
            elif isinstance(item, Record):
                yield from _dated_fields(item)


def _event_dates(context: Context) -> Iterator[tuple[Record, str, dt.date]]:
    records = context.records
    for plan in records.plans.values():
        for approval in plan.approvals:
            yield from _dated_fields(approval)
        if plan.disclosure is not None:
            yield from _dated_fields(plan.disclosure)
    if records.roster is not None:
        for person in records.roster.people:
            yield from _dated_fields(person)
    for folder in records.inspections.values():
        if folder.inspection is not None and folder.inspection.opened is not None:
            yield folder.inspection, "opened", folder.inspection.opened
        for attribute in ("problems", "tips"):
            if getattr(folder, attribute) is not None:
                yield from _dated_fields(getattr(folder, attribute))
        # A step's own date is step-in-future's; the other dates in its file (a publication, a disclosure) are here.
        for step in STEPS:
            record = getattr(folder, step.attribute)
            if record is None:
                continue
            for item in record.activities if step.repeatable else [record]:
                yield from _dated_fields(item, skip=("date", "activities"))


@rule("date-in-future", None, "记载已发生事项的日期不应晚于今天")
def dates_not_in_future(context: Context) -> Iterator[Diagnostic]:
    for record, name, day in _event_dates(context):
        if day > context.today:
            spec = next(f for f in dataclasses.fields(record) if f.name == name)
            title = spec.metadata.get("title") or name
            yield warning(record, "date-in-future",
                          f"{title}（{name}）{day} 晚于今天 {context.today}：尚未发生的事项不应记为已经发生",
                          field_name=name)
