"""The office's Excel 台账 as plain data: the sheets `xuncha export` writes and `xuncha import` reads.

Each sheet is a title (city, scope, 截至日期), columns with Chinese headers, rows of plain values
(str, int, float, dt.date, None) and, for deadlines and problems, the 三色预警 level of each row.
render/workbook.py lays them out; nothing here knows about Excel.  The problem sheet's columns
are the ones ``import problems`` reads back, so export and import cannot drift apart.

Nothing here reads a tip's informant_ref or the confidential store (五（三））, and every text
cell is checked for identity before it may leave the records (``check_no_identity``).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from .. import seed
from ..model.config import TARGET_KIND_NAMES
from ..model.inspection import WORKING_METHOD_NAMES
from ..model.problems import CATEGORY_NAMES, CHINESE_NUMERALS, HANDOFF_NAMES
from ..model.tree import Records
from ..model.identity import identity_leaks
from .asof import ledger_as_of
from .checklist import deadlines_to_check
from .deadlines import DEADLINE_STATUS_NAMES, DEFAULT_WITHIN, calendar_for, target_name
from .problem_status import LedgerRefused, status_on
from .progress import answered_in_parts, deadlines_and_records
from .reports import problem_rows, problem_stats, refuse_unknown_inspection
from .warning import LEVEL_NAMES, LEVELS, level, level_meaning

DATE = "date"
TEXT = "text"
NUMBER = "number"
PERCENT = "percent"
LEVEL = "level"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = TEXT
    aliases: tuple[str, ...] = ()   # other headers a team's own sheet may use (docs/excel.md)
    imported: bool = False          # read back by `import problems`
    wide: bool = False              # long free text: wrapped at a fixed width


@dataclass(frozen=True)
class Chart:
    kind: str                       # column | bar | pie | line
    title: str
    sheet: str                      # the table sheet the chart draws from
    categories: int                 # column index of the labels
    values: int                     # column index of the numbers
    rows: int                       # how many data rows


@dataclass
class Sheet:
    name: str                       # the tab, e.g. 问题清单
    title: str                      # e.g. 盐城市安全生产巡查发现问题清单
    scope: str                      # e.g. 2020年度、巡查 2020-1-jianhu（建湖县）
    as_of: dt.date
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    levels: list[str] | None = None
    within: int | None = None       # for the legend of the levels
    charts: list[Chart] = field(default_factory=list)
    note: str | None = None

    def legend(self) -> list[tuple[str, str]]:
        """(level, label) pairs for the 三色预警 legend."""
        if self.levels is None:
            return []
        within = DEFAULT_WITHIN if self.within is None else self.within
        return [(lv, LEVEL_NAMES[lv] if lv == "done" else f"{LEVEL_NAMES[lv]}：{level_meaning(lv, within)}")
                for lv in LEVELS]


@dataclass
class Workbook:
    kind: str
    sheets: list[Sheet]


PROBLEM_COLUMNS = [
    Column("number", "序号", NUMBER),
    Column("inspection", "巡查编号"),
    Column("id", "问题编号"),
    Column("target", "巡查对象"),
    Column("category", "问题类别（三、第几项）", aliases=("问题类别", "类别", "巡查内容", "所属巡查内容"), imported=True),
    Column("title", "问题概述", aliases=("问题", "问题名称", "问题标题"), imported=True, wide=True),
    Column("description", "问题描述", aliases=("问题详情", "具体表现"), imported=True, wide=True),
    Column("unit", "责任单位", aliases=("整改责任单位",), imported=True),
    Column("major_hazard", "重大事故隐患", aliases=("是否重大事故隐患",), imported=True),
    Column("cadre_problems", "干部责任问题", aliases=("干部责任问题类别",), imported=True),
    Column("source", "发现方式", aliases=("问题来源", "工作方式"), imported=True),
    Column("cause", "原因剖析", aliases=("原因分析",), imported=True, wide=True),
    Column("suggestion", "意见建议", imported=True, wide=True),
    Column("requirement", "整改措施", aliases=("整改要求", "整改意见"), imported=True, wide=True),
    Column("internal", "内部掌握", aliases=("不公开",), imported=True),
    Column("handoffs", "移交处置", wide=True),
    Column("due", "整改时限", DATE),
    Column("status", "整改进展"),
    Column("closed", "销号日期", DATE),
    Column("level", "预警", LEVEL),
]

DEADLINE_COLUMNS = [
    Column("number", "序号", NUMBER),
    Column("inspection", "巡查编号"),
    Column("target", "巡查对象"),
    Column("item", "事项", wide=True),
    Column("step", "事项代码"),
    Column("clause", "依据条款"),
    Column("rule", "时限规定"),
    Column("start", "起算日期", DATE),
    Column("due", "到期日期", DATE),
    Column("done", "完成日期", DATE),
    Column("status", "状态"),
    Column("left", "剩余工作日", NUMBER),
    Column("level", "预警", LEVEL),
]

YES, NO = "是", "否"


def _city(records: Records) -> str:
    return records.config.city if records.config else ""


def _scope(records: Records, year: int | None, inspection: str | None) -> str:
    if inspection:
        folder = records.inspections.get(inspection)
        if folder is None or folder.inspection is None:
            known = "、".join(sorted(records.inspections)) or "（暂无）"
            raise LedgerRefused(f"没有编号为 {inspection} 的巡查（现有：{known}）")
        return f"巡查 {inspection}（{target_name(records, folder)}）"
    return f"{year}年度" if year else "全部巡查"


def _wanted(records: Records, inspection_id: str, year: int | None, inspection: str | None) -> bool:
    if inspection:
        return inspection_id == inspection
    if year:
        folder = records.inspections.get(inspection_id)
        if folder is None or folder.inspection is None:
            # A round not opened yet (check-deadlines' `start` items) is named by its year and round: 2020-2.
            return inspection_id.split("-")[0] == str(year)
        return folder.inspection.year == year
    return True


def category_cell(number: int | None) -> str:
    if not number or number not in CATEGORY_NAMES:
        return ""
    return f"（{CHINESE_NUMERALS[number - 1]}）{CATEGORY_NAMES[number]}"


def source_cell(problem) -> str:
    if problem.source is None:
        return ""
    if problem.source.tip:
        return f"举报 {problem.source.tip}"
    return WORKING_METHOD_NAMES.get(problem.source.method, problem.source.method or "")


def _chinese_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _handoffs_cell(problem) -> str:
    parts = []
    for h in problem.handoffs:
        detail = "，".join(filter(None, [_chinese_date(h.date), h.reference]))
        parts.append(HANDOFF_NAMES.get(h.to, h.to) + (f"（{detail}）" if detail else ""))
    return "；".join(parts)


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _closed_on(problem, as_of: dt.date) -> dt.date | None:
    status, since = status_on(problem, as_of)
    return since if status == "closed" else None


def problems_workbook(records: Records, as_of: dt.date, *, year: int | None = None, inspection: str | None = None,
                      within: int = DEFAULT_WITHIN, calendar=None) -> Workbook:
    """问题清单 and 整改台账 in one sheet: each problem, its hand-offs, its half-year deadline and progress."""
    scope = _scope(records, year, inspection)
    calendar = calendar or calendar_for(records)
    records = ledger_as_of(records, as_of)  # a hand-off or status change dated later has not happened yet
    refuse_unknown_inspection(inspection, records.inspections)
    entries = problem_entries(records, as_of, year=year, inspection=inspection, calendar=calendar, within=within)
    return problems_book(records, as_of, entries, scope, within)


def problem_entries(records: Records, as_of: dt.date, *, year: int | None = None, inspection: str | None = None,
                    calendar=None, within: int = DEFAULT_WITHIN) -> list[tuple]:
    """The 问题清单's rows of the problems of ``records`` as of ``as_of`` (of ``year`` or ``inspection`` only), each
    as (inspection id, its cells with the 序号 left empty, its 三色预警 level, why it may not leave the records
    (五（三）) or None).  Everything a row says comes from its own inspection folder (and the config, roster
    and calendar), so a province's rows are worked out round by round where each round was read
    (``export_workbook``); the 序号 is given when they are put together (``problems_book``)."""
    records = ledger_as_of(records, as_of)
    if inspection and inspection not in records.inspections:
        return []  # another round's, or not opened yet: the whole ledger's answer says which
    wanted = {i: folder for i, folder in records.inspections.items() if _wanted(records, i, year, inspection)}
    if len(wanted) < len(records.inspections):  # one year of five: the others' rows are not worked out at all
        records = copy.copy(records)
        records.inspections = wanted
    entries = []
    for row in problem_rows(records, as_of, inspection=inspection, calendar=calendar, within=within):
        folder = records.inspections[row["inspection"]]
        problem = next(p for p in folder.problem_list() if p.id == row["id"])
        values = {
            "number": None, "inspection": row["inspection"], "id": problem.id,
            "target": target_name(records, folder), "category": category_cell(problem.category),
            "title": problem.title, "description": problem.description, "unit": problem.unit,
            "major_hazard": YES if problem.major_hazard else NO,
            "cadre_problems": "、".join(problem.cadre_problems), "source": source_cell(problem),
            "cause": problem.cause, "suggestion": problem.suggestion, "requirement": problem.requirement,
            "internal": YES if problem.internal else NO, "handoffs": _handoffs_cell(problem),
            "due": _date(row["due"]),
            "status": row["status_name"], "closed": _closed_on(problem, as_of), "level": row["level"],
        }
        cells = [values[c.key] for c in PROBLEM_COLUMNS]
        entries.append((row["inspection"], cells, row["level"], identity_refusal(PROBLEM_COLUMNS, cells)))
    return entries


def problems_book(records: Records, as_of: dt.date, entries: list[tuple], scope: str, within: int) -> Workbook:
    """The 问题清单 of ``problem_entries`` (in the order of the inspections' ids): numbered, or refused at the
    first row that would identify an informant (五（三））."""
    rows, levels = [], []
    for _, cells, colour, refusal in entries:
        if refusal is not None:
            raise LedgerRefused(refusal)
        cells[0] = len(rows) + 1
        rows.append(cells)
        levels.append(colour)
    sheet = Sheet("问题清单", f"{_city(records)}安全生产巡查发现问题清单及整改台账", scope, as_of, PROBLEM_COLUMNS, rows,
                  levels, within,
                  note=f"整改时限为巡查反馈后{seed.RECTIFICATION_REPORT_PERIOD}（四（七））；移交处置、整改进展由 xuncha problem 命令登记，导入时不读取。")
    return Workbook("problems", [sheet])


def deadlines_workbook(records: Records, as_of: dt.date, *, year: int | None = None, inspection: str | None = None,
                       within: int = DEFAULT_WITHIN, calendar=None, items: list | None = None) -> Workbook:
    """The very items of ``check-deadlines --json`` (open inspections, stalled problems), one row each: those
    ``deadlines_to_check`` gives, or ``items`` when they were found already (a province's, in parts: then
    ``records`` need hold the folders' light files only)."""
    scope = _scope(records, year, inspection)
    if items is None:
        items = deadlines_to_check(records, calendar or calendar_for(records), as_of, within)
    rows, levels = [], []
    items = sorted(items,
                   key=lambda d: (LEVELS.index(level(d.status)), d.due.date, d.inspection))
    for d in items:
        if not _wanted(records, d.inspection, year, inspection):
            continue
        colour = level(d.status)
        rows.append([len(rows) + 1, d.inspection, d.target, d.title, d.step, d.clause, d.rule, getattr(d, "start", None),
                     d.due.date, d.done, DEADLINE_STATUS_NAMES[d.status] + ("（暂定）" if d.provisional else ""),
                     d.working_days_left, colour])
        levels.append(colour)
    sheet = Sheet("时限", f"{_city(records)}安全生产巡查程序时限预警表", scope, as_of, DEADLINE_COLUMNS, rows, levels,
                  within, note="时限由台账各环节日期按工作日历算出（二（一）、四（四）（五）（七））；已销号的巡查不列入。")
    check_no_identity(sheet)
    return Workbook("deadlines", [sheet])


COVERAGE_COLUMNS = [
    Column("number", "序号", NUMBER),
    Column("target", "巡查对象"),
    Column("kind", "类别"),
    Column("inspected", "已巡查（巡查编号）"),
    Column("planned", "已列入计划（巡查编号）"),
    Column("at_risk", "遗漏风险"),
    Column("reason", "说明", wide=True),
]


def coverage_workbook(records: Records, as_of: dt.date, *, year: int | None = None,
                      inspection: str | None = None) -> Workbook:
    """一届任期巡查全覆盖（二（一））: one row per county, zone and department."""
    from .coverage import term_coverage

    if records.config is None or records.config.term is None:
        raise LedgerRefused("config.yaml 缺少一届任期（term），无法统计巡查覆盖（二（一））")
    if inspection:
        raise LedgerRefused("巡查覆盖按一届任期统计全部巡查对象，不能只导出一次巡查（--inspection）（二（一））")
    result = term_coverage(records, as_of)
    rows = []
    for c in result.items:
        inspected = [i for i in c.inspected if not year or i.startswith(f"{year}-")]
        planned = [i for i in c.planned if not year or i.startswith(f"{year}-")]
        rows.append([len(rows) + 1, c.name, TARGET_KIND_NAMES.get(c.kind, c.kind), "、".join(inspected),
                     "、".join(planned), YES if c.at_risk else NO, c.reason or ""])
    term = result.term_name
    scope = f"{term}（{_chinese_date(result.start)}至{_chinese_date(result.end)}）" + (f"，{year}年度" if year else "")
    sheet = Sheet("巡查覆盖", f"{_city(records)}安全生产巡查一届任期全覆盖情况", scope, as_of, COVERAGE_COLUMNS, rows,
                  note=f"共 {len(result.items)} 个对象，有遗漏风险 {len(result.at_risk)} 个（二（一））。")
    return Workbook("coverage", [sheet])


def stats_workbook(records: Records, as_of: dt.date, *, year: int | None = None,
                   inspection: str | None = None) -> Workbook:
    """Counts by category, target, status and round (with 整改率), each with a native chart."""
    scope = _scope(records, year, inspection)
    city = _city(records)
    data = problem_stats(records, year, as_of, inspection)
    names = {i: target_name(records, f) for i, f in records.inspections.items()}
    total = data["total"]
    hazards = data["listed_supervision"]["hazards"]
    by_category = [[f"（{c['numeral']}）", c["name"], c["count"]] for c in data["by_category"]]
    by_target = [[t["name"], t["count"]] for t in sorted(data["by_target"], key=lambda t: (-t["count"], t["name"]))]
    by_status = [[s["name"], s["count"]] for s in data["by_status"]]
    by_round = [[f"{r['year']}年第{r['round']}轮", r["total"], r["done"], r["rate"] or 0.0] for r in data["by_round"]]
    listed, discipline = (
        [[n, i["inspection"], names[i["inspection"]], i["id"], i["title"], _date(i["date"]), i["reference"] or ""]
         for n, i in enumerate(data[key]["items"], 1)] for key in ("listed_supervision", "discipline"))
    title = f"{city}安全生产巡查发现问题统计"
    sheets = [
        Sheet("按类别", title + "（按巡查内容类别）", scope, as_of,
              [Column("numeral", "类别"), Column("name", "巡查内容（三）", wide=True), Column("count", "问题数", NUMBER)],
              by_category, note=f"共 {total} 个问题；其中重大事故隐患 {hazards} 个。",
              charts=[Chart("bar", "问题数（按巡查内容类别）", "按类别", 0, 2, len(by_category))]),
        Sheet("按巡查对象", title + "（按巡查对象）", scope, as_of,
              [Column("target", "巡查对象"), Column("count", "问题数", NUMBER)], by_target,
              charts=[_top_targets_chart(len(by_target))]),
        Sheet("按整改状态", title + "（按整改状态）", scope, as_of,
              [Column("status", "整改状态"), Column("count", "问题数", NUMBER)], by_status,
              charts=[Chart("pie", "整改状态", "按整改状态", 0, 1, len(by_status))]),
        Sheet("按轮次整改率", title + "（按巡查轮次）", scope, as_of,
              [Column("round", "巡查轮次"), Column("total", "问题数", NUMBER), Column("done", "已整改或已销号", NUMBER),
               Column("rate", "整改率", PERCENT)], by_round,
              note="整改率 = （已整改 + 已销号）÷ 问题数（四（七））。",
              charts=[Chart("column", "整改率（按巡查轮次）", "按轮次整改率", 0, 3, len(by_round))]),
        Sheet("挂牌督办", f"{city}重大事故隐患挂牌督办情况（四（六））", scope, as_of,
              [Column("number", "序号", NUMBER), Column("inspection", "巡查编号"), Column("target", "巡查对象"),
               Column("id", "问题编号"), Column("title", "问题概述", wide=True), Column("date", "挂牌督办日期", DATE),
               Column("reference", "文号")], listed,
              note=f"重大事故隐患 {hazards} 个，已挂牌督办 {len(listed)} 个。"),
        Sheet("移交纪检监察", f"{city}巡查发现问题移交纪检监察机关情况（四（六））", scope, as_of,
              [Column("number", "序号", NUMBER), Column("inspection", "巡查编号"), Column("target", "巡查对象"),
               Column("id", "问题编号"), Column("title", "问题概述", wide=True), Column("date", "移交日期", DATE),
               Column("reference", "文号")], discipline),
    ]
    for sheet in sheets:
        check_no_identity(sheet)
    return Workbook("stats", sheets)


CHART_TARGETS = 20  # a province has hundreds of targets: more bars than this cannot be read


def _top_targets_chart(count: int) -> Chart:
    """The table lists every target, most problems first; the chart draws the first of them."""
    if count <= CHART_TARGETS:
        return Chart("bar", "问题数（按巡查对象）", "按巡查对象", 0, 1, count)
    return Chart("bar", f"问题最多的{CHART_TARGETS}个巡查对象", "按巡查对象", 0, 1, CHART_TARGETS)


def check_no_identity(sheet: Sheet) -> None:
    """五（三）: a workbook is forwarded upward; a cell that would identify an informant stops the export."""
    for row in sheet.rows:
        refusal = identity_refusal(sheet.columns, row)
        if refusal is not None:
            raise LedgerRefused(refusal)


def identity_refusal(columns: list[Column], row: list) -> str | None:
    """Why ``row`` may not leave the records (五（三）): its first cell that would identify an informant; None if none."""
    for column, value in zip(columns, row):
        if isinstance(value, str):
            leaks = identity_leaks(value)
            if leaks:
                where = f"{row[1]} {row[2]}" if columns[1].key == "inspection" else str(row[0])
                return (f"{where} 的“{column.header}”中含有可识别举报人身份的信息（{'、'.join(leaks)}），"
                        f"不能导出：请先在台账中改正（五（三））")
    return None


WORKBOOKS = {"problems": problems_workbook, "deadlines": deadlines_workbook, "coverage": coverage_workbook,
             "stats": stats_workbook}


def export_workbook(kind: str, root: Path, as_of: dt.date, *, year: int | None = None, inspection: str | None = None,
                    within: int = DEFAULT_WITHIN, cache: bool = True, min_files: int | None = None) -> Workbook:
    """The workbook ``xuncha export <kind>`` writes of the tree under ``root``.

    A province's problems and deadlines are worked out in parts (records/parts.py): every row comes
    from one inspection folder, so each round's rows are made where the round was read (in this
    process or a worker) and only the rows come back; no process holds every problem's records at
    once.  The workbook is the one of the tree loaded at once (tests/test_export_parts.py).  A city's
    tree, and the other workbooks, are read at once."""
    from ..records.loader import load

    if kind == "deadlines":
        records, _, items, _ = deadlines_and_records(root, as_of, within, cache=cache, min_files=min_files)
        return deadlines_workbook(records, as_of, year=year, inspection=inspection, within=within, items=items)
    if kind == "problems":
        book = _problems_in_parts(root, as_of, year, inspection, within, cache, min_files)
        if book is not None:
            return book
    records, _ = load(root, cache=cache)
    options = {"year": year, "inspection": inspection}
    if kind == "problems":
        options["within"] = within
    return WORKBOOKS[kind](records, as_of, **options)


def _problems_in_parts(root: Path, as_of: dt.date, year: int | None, inspection: str | None, within: int,
                       cache: bool, min_files: int | None) -> Workbook | None:
    """``problems_workbook`` of a province, its rows made round by round; None for a city's tree."""
    def answer(dated: Records, calendar, day: dt.date) -> tuple:
        entries = problem_entries(dated, day, year=year, inspection=inspection, calendar=calendar, within=within)
        return entries, frozenset(dated.inspections)

    split = answered_in_parts(root, as_of, answer, ("export-problems", (within, year, inspection)), cache, min_files)
    if split is None:
        return None
    records, _diagnostics, parts, _calendar = split
    scope = _scope(records, year, inspection)
    refuse_unknown_inspection(inspection, frozenset().union(*(opened for (_, opened), _, _ in parts)))
    # Each inspection is in one round, and each round's rows are in the order of its inspections' ids.
    entries = sorted(chain.from_iterable(entries for (entries, _), _, _ in parts), key=lambda entry: entry[0])
    return problems_book(records, as_of, entries, scope, within)

