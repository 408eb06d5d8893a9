"""What `problems` and `stats` print, as plain data (also their JSON).

Nothing here reads a tip's informant_ref or the confidential store: these views are printed
and may be handed round, so the informant cannot appear in them (五（三））.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..model.problems import CATEGORY_NAMES, CHINESE_NUMERALS, HANDOFF_NAMES, STATUS_ALIASES, STATUS_NAMES
from ..model.tree import Records
from .asof import ledger_as_of
from .deadlines import DEFAULT_WITHIN
from .problem_status import LedgerRefused, make_calendar, rectification_due, status_on
from .warning import problem_level


def _status_code(value: str) -> str:
    if value in STATUS_NAMES:
        return value
    if value in STATUS_ALIASES:
        return STATUS_ALIASES[value]
    raise LedgerRefused(f"整改状态“{value}”不在可选范围内：{'、'.join(STATUS_NAMES.values())}（四（七））")


def problem_rows(records: Records, today: dt.date, *, inspection: str | None = None, category: int | None = None,
                 status: str | None = None, overdue_only: bool = False, calendar=None,
                 within: int = DEFAULT_WITHIN) -> list[dict]:
    refuse_unknown_inspection(inspection, records.inspections)
    wanted_status = _status_code(status) if status else None
    records = ledger_as_of(records, today)
    calendar = make_calendar(records, calendar)
    rows = []
    for inspection_id, folder in sorted(records.inspections.items()):
        if inspection and inspection_id != inspection:
            continue
        due = rectification_due(folder, calendar) if folder.problem_list() else None
        for problem in folder.problem_list():
            code, since = status_on(problem, today)
            overdue = due is not None and today > due.date and code not in ("rectified", "closed")
            if category and problem.category != category:
                continue
            if wanted_status and code != wanted_status:
                continue
            if overdue_only and not overdue:
                continue
            rows.append({
                "inspection": inspection_id,
                "id": problem.id,
                "category": problem.category,
                "category_numeral": CHINESE_NUMERALS[problem.category - 1] if problem.category else "",
                "category_name": CATEGORY_NAMES.get(problem.category, ""),
                "title": problem.title,
                "unit": problem.unit,
                "source": {"method": problem.source.method if problem.source else None,
                           "tip": problem.source.tip if problem.source else None},
                "major_hazard": problem.major_hazard,
                "cadre_problems": list(problem.cadre_problems),
                "handoffs": [{"to": h.to, "to_name": HANDOFF_NAMES.get(h.to, h.to), "date": _iso(h.date),
                              "reference": h.reference} for h in problem.handoffs],
                "status": code,
                "status_name": STATUS_NAMES[code],
                "status_date": _iso(since),
                "lookbacks": len(problem.lookbacks),
                "escalations": [{"kind": e.kind, "date": _iso(e.date)} for e in problem.escalations],
                "due": _iso(due.date) if due else None,
                "due_provisional": bool(due and due.provisional),
                "overdue": overdue,
                "level": problem_level(code, due, today, within, calendar),
            })
    return rows


def refuse_unknown_inspection(inspection: str | None, known) -> None:
    """An inspection asked for that is not among ``known`` (the ids of the ledger asked about) stops the command."""
    if inspection and inspection not in known:
        listed = "、".join(sorted(known)) or "（暂无）"
        raise LedgerRefused(f"没有编号为 {inspection} 的巡查（现有：{listed}）")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def problem_stats(records: Records, year: int | None = None, as_of: dt.date | None = None,
                  inspection: str | None = None) -> dict:
    """Counts of the ledger as of ``as_of`` (None: everything recorded), of one year or one inspection."""
    records = ledger_as_of(records, as_of)
    targets = {t.id: t.name for t in (records.config.targets if records.config else [])}
    by_category: Counter = Counter()
    by_target: Counter = Counter()
    by_status: Counter = Counter()
    hazards = 0
    listed, discipline = [], []
    rounds: dict[tuple[int, int], Counter] = {}
    total = 0
    for inspection_id, folder in sorted(records.inspections.items()):
        if folder.inspection is None or (year and folder.inspection.year != year):
            continue
        if inspection and inspection_id != inspection:
            continue
        per_round = rounds.setdefault((folder.inspection.year, folder.inspection.round), Counter())
        for problem in folder.problem_list():
            total += 1
            per_round["total"] += 1
            per_round["done"] += problem.status in ("rectified", "closed")
            by_category[problem.category] += 1
            by_target[folder.inspection.target] += 1
            by_status[problem.status] += 1
            hazards += bool(problem.major_hazard)
            for to, bucket in (("listed-supervision", listed), ("discipline", discipline)):
                handed = [h for h in problem.handoffs if h.to == to]
                if handed:
                    bucket.append({"inspection": inspection_id, "id": problem.id, "title": problem.title,
                                   "date": _iso(handed[0].date), "reference": handed[0].reference})
    return {
        "year": year,
        "as_of": _iso(as_of),
        "total": total,
        "by_category": [{"category": n, "numeral": CHINESE_NUMERALS[n - 1], "name": CATEGORY_NAMES[n],
                         "count": by_category[n]} for n in CATEGORY_NAMES],
        "by_target": [{"target": t, "name": targets.get(t, t), "count": c} for t, c in sorted(by_target.items())],
        "by_status": [{"status": s, "name": STATUS_NAMES[s], "count": by_status[s]} for s in STATUS_NAMES],
        "listed_supervision": {"hazards": hazards, "count": len(listed), "items": listed},
        "discipline": {"count": len(discipline), "items": discipline},
        # 整改率 per round: (已整改 + 已销号) ÷ problems (四（七）).
        "by_round": [{"year": y, "round": r, "total": c["total"], "done": c["done"],
                      "rate": round(c["done"] / c["total"], 4) if c["total"] else None}
                     for (y, r), c in sorted(rounds.items())],
    }
