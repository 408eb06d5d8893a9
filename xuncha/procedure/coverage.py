"""Term coverage (二（一）): every county, zone and department with safety duties inspected once a term."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model.tree import Records
from .planning import inspection_id, inspected_in_term, opened_rounds, regular_targets


@dataclass
class Coverage:
    target: str
    name: str
    kind: str
    inspected: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)
    at_risk: bool = False
    reason: str | None = None

    def as_json(self) -> dict:
        return {"target": self.target, "kind": self.kind, "inspected": self.inspected, "planned": self.planned,
                "at_risk": self.at_risk}


@dataclass
class TermCoverage:
    term_name: str
    start: dt.date
    end: dt.date
    today: dt.date
    items: list[Coverage]
    missing_plans: list[int]          # years of the term still ahead with no plan file
    unapproved_plans: list[int]       # plans written but not yet approved by the city

    @property
    def at_risk(self) -> list[Coverage]:
        return [c for c in self.items if c.at_risk]


def term_coverage(records: Records, today: dt.date) -> TermCoverage:
    from .asof import ledger_as_of

    records = ledger_as_of(records, today)  # a round opened or a plan approved later does not count yet
    config = records.config
    term = config.term
    done = inspected_in_term(records)
    opened = opened_rounds(records)
    items = []
    for target in regular_targets(records):
        item = Coverage(target.id, target.name, target.kind, inspected=sorted(done.get(target.id, [])))
        in_time, undated = [], []
        for year in sorted(records.plans):
            plan = records.plans[year]
            for round_ in plan.rounds:
                if (year, round_.number) in opened:
                    continue
                for planned in round_.inspections:
                    if planned.target != target.id:
                        continue
                    ident = inspection_id(year, round_.number, target.id)
                    start, end = planned.start or round_.start, planned.end or round_.end
                    if start is None:
                        if term.start.year <= year <= term.end.year:
                            item.planned.append(ident)
                            undated.append(ident)
                        continue
                    if not (term.start <= start <= term.end):
                        continue
                    item.planned.append(ident)
                    # A planned tour still covers the target only if it has not slipped past and ends within the term.
                    if start >= today and (end is None or end <= term.end):
                        in_time.append(ident)
        if not item.inspected and not in_time:
            item.at_risk = True
            if undated:
                item.reason = f"已列入计划（{'、'.join(undated)}），但尚未填写计划日期"
            elif item.planned:
                item.reason = f"已列入计划（{'、'.join(item.planned)}），但计划进驻日期已过而尚未开启，或结束日期超出任期"
            else:
                item.reason = "本届任期内既未巡查，也未列入任何年度方案"
        items.append(item)
    years_ahead = range(max(today.year, term.start.year), term.end.year + 1)
    missing = [y for y in years_ahead if y not in records.plans]
    unapproved = sorted(y for y, p in records.plans.items()
                        if term.start.year <= y <= term.end.year and p.approval("city") is None)
    return TermCoverage(term.name, term.start, term.end, today, items, missing, unapproved)
