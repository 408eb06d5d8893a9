"""A team's on-site problem sheet becomes problems of one inspection (三、四（四）), all or nothing.

Every cell is checked as a hand edit of problems.yaml is: the category is one of the ten items
of 三 (1–10, 一 to 十, （四）…), yes/no cells say 是 or 否, cadre problems and working methods
are the seed's words, a tip named as the source is in tips.yaml, and no text identifies an
informant (五（三））.  The columns the ledger computes (整改时限, 整改进展, 预警…) are not read, yet a
date column must hold dates and a status column statuses, or the sheet's columns have slipped.
Errors name the file, sheet, row, column and header in Chinese; one error anywhere and nothing
is written.

A row whose 问题概述 is already a problem of the inspection is not added again, so importing
the same sheet twice adds nothing the second time.  The columns are those of the exported
问题清单 (procedure/sheets.PROBLEM_COLUMNS), or the other headers listed there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model.inspection import WORKING_METHOD_ALIASES, WORKING_METHOD_NAMES
from ..model.problems import CATEGORY_NAMES, CHINESE_NUMERALS, STATUS_NAMES, Problems
from ..model.tree import Records
from ..records.transaction import commit_message
from ..records.writer import Changeset
from ..records.xlsx import SheetData, column_letter
from ..dates import read_typed
from ..model.identity import identity_leaks
from .problem_status import LedgerRefused
from .ledger import CADRE_PROBLEMS, PreparedChange, _append, _folder, _next_id, _problems_path, problem_entry
from .sheets import DATE, PROBLEM_COLUMNS, YES, NO, Column
from .warning import LEVEL_NAMES

HEADER_SEARCH_ROWS = 20
_TRUE = {YES, "是", "Y", "y", "yes", "Yes", "true", "True", "TRUE", "√", "✓", "1"}
_FALSE = {NO, "否", "N", "n", "no", "No", "false", "False", "FALSE", "", "0", "×"}
_SPLIT = re.compile(r"[、，,；;\s/]+")
_TIP = re.compile(r"^(?:举报|来信来访|来访来信来电)?\s*(T\d+)$")


class ImportRefused(LedgerRefused):
    """The sheet has errors; ``errors`` lists each in Chinese, naming sheet, row and column."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class PreparedImport:
    planned: PreparedChange | None          # None when every row is already in the ledger
    added: list[tuple[str, str]]     # (new id, title)
    skipped: list[tuple[int, str]]   # (Excel row, existing id) already in the ledger


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).replace("(", "（").replace(")", "）")


def _header_map() -> dict[str, Column]:
    names: dict[str, Column] = {}
    for column in PROBLEM_COLUMNS:
        for name in (column.header, *column.aliases):
            names[_normal(name)] = column
    return names


def _find_header(rows: list[list]) -> tuple[int, dict[int, Column], dict[int, str]] | None:
    """The header row (within the first rows, under any title), its known columns and their headers as written."""
    names = _header_map()
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {c: names[_normal(v)] for c, v in enumerate(row) if isinstance(v, str) and _normal(v) in names}
        keys = {column.key for column in found.values()}
        if {"title", "category"} <= keys:
            return index, found, {c: str(row[c]).strip() for c in found}
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Row:
    def __init__(self, sheet: SheetData, excel_row: int, columns: dict[int, Column], headers: dict[int, str],
                 values: list, errors: list[tuple[int, int, str]]):
        self.where_sheet = _where(sheet)
        self.excel_row = excel_row
        self.headers = headers
        self.values = values
        self.errors = errors
        self.cells = {column.key: (c, values[c] if c < len(values) else "") for c, column in columns.items()}

    def error(self, key: str, message: str) -> None:
        c, _ = self.cells[key]
        self.errors.append((self.excel_row, c,
                            f"{self.where_sheet} 第{self.excel_row}行 {column_letter(c)}列（{self.headers[c]}）：{message}"))

    def raw(self, key: str):
        return self.cells[key][1] if key in self.cells else ""

    def text(self, key: str) -> str | None:
        """A free-text cell: words, never a date; checked for informant identity (五（三））."""
        value = self.raw(key)
        if isinstance(value, (dt.date, dt.datetime)):
            self.error(key, f"应为文字，此格是日期 {value:%Y-%m-%d}（是否错列？）")
            return None
        if isinstance(value, bool):
            self.error(key, "应为文字，此格是逻辑值（TRUE/FALSE）")
            return None
        text = _text(value)
        leaks = identity_leaks(text)
        if leaks:
            self.error(key, f"含有可识别举报人身份的信息（{'、'.join(leaks)}）；举报人身份只能记入台账以外的保密库（五（三））")
            return None
        return text or None

    def unit(self) -> str | None:
        value = self.raw("unit")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.error("unit", f"责任单位应为单位名称，此格是数字 {_text(value)}（是否错列？）")
            return None
        return self.text("unit")

    def category(self) -> int | None:
        value = self.raw("category")
        text = _text(value) if not isinstance(value, (dt.date, bool)) else ""
        number = category_number(text)
        if number is None:
            shown = _text(value) if value not in ("", None) else "（空）"
            self.error("category", f"“{shown}”不是巡查内容类别：应为 1 到 10 或 一 到 十（三、巡查内容（一）至（十））")
        return number

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if isinstance(value, bool):
            return value
        text = _text(value)
        if text in _TRUE:
            return True
        if text not in _FALSE:
            clause = "四（六）" if key == "major_hazard" else "五（五）"
            self.error(key, f"“{text}”应为“是”或“否”（{clause}）")
        return False

    def cadre(self) -> list[str]:
        text = self.text("cadre_problems") or ""
        kinds = [k for k in _SPLIT.split(text) if k]
        wrong = [k for k in kinds if k not in CADRE_PROBLEMS]
        if wrong:
            self.error("cadre_problems", f"“{'、'.join(wrong)}”不在四（六）所列干部责任问题之内："
                                         f"{'、'.join(CADRE_PROBLEMS)}")
        return [k for k in kinds if k in CADRE_PROBLEMS]

    def source(self, tips: list[str]) -> tuple[str | None, str | None]:
        text = (self.text("source") or "").replace(" ", "")
        if not text:
            return None, None
        if text in WORKING_METHOD_NAMES:
            return text, None
        if text in WORKING_METHOD_ALIASES:
            return WORKING_METHOD_ALIASES[text], None
        tip = _TIP.match(text)
        if tip:
            if tip.group(1) not in tips:
                self.error("source", f"举报 {tip.group(1)} 不在本次巡查的 tips.yaml 中（现有：{'、'.join(tips) or '（暂无）'}）"
                                     f"（四（二））")
            return None, tip.group(1)
        self.error("source", f"“{text}”不是工作方式（{'、'.join(WORKING_METHOD_NAMES.values())}），"
                             f"也不是“举报 T1”这样的举报编号（四（三））")
        return None, None


def _where(sheet: SheetData) -> str:
    return sheet.file + (f" 工作表“{sheet.name}”" if sheet.sheets > 1 else "")


def _check_shown(row: "_Row", key: str, kind: str) -> None:
    """Columns the ledger computes (整改时限, 整改进展, 预警…) are not read, but a cell that cannot be what its
    header says means the sheet's columns have slipped: that is refused like any other bad cell."""
    value = row.raw(key)
    if value in ("", None) or isinstance(value, (dt.date, dt.datetime)) and kind == DATE:
        return
    text = _text(value)
    if kind == DATE:
        # Text typed into a cell is read as every typed date is (xuncha.dates); a number is no date.
        excel = "应为 Excel 日期（如 2020年6月3日）"
        problem = read_typed(text, form=excel).problem if isinstance(value, str) else f"“{text}”不是日期：{excel}"
        if problem:
            row.error(key, problem)
    elif key == "status" and text not in STATUS_NAMES.values():
        row.error(key, f"“{text}”不是整改状态：{'、'.join(STATUS_NAMES.values())}（四（七））")
    elif key == "level" and text not in LEVEL_NAMES.values():
        row.error(key, f"“{text}”不是预警颜色：{'、'.join(LEVEL_NAMES.values())}")


def category_number(text: str) -> int | None:
    """1–10, 一 to 十, （四）, 四、… or the item's own words, as a clerk writes 三、巡查内容第几项."""
    text = _normal(text)
    if not text:
        return None
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 10 else None
    match = re.match(r"^（?([一二三四五六七八九十])）?[、.．]?", text)
    if match and (match.group(0) == text or match.group(0).startswith("（") or match.group(0).endswith(("、", ".", "．"))):
        return CHINESE_NUMERALS.index(match.group(1)) + 1
    for number, name in CATEGORY_NAMES.items():
        if text == _normal(name):
            return number
    return None


def prepare_import_problems(records: Records, inspection_id: str, sheet: SheetData) -> PreparedImport:
    folder = _folder(records, inspection_id)
    header = _find_header(sheet.rows)
    where = _where(sheet)
    if header is None:
        raise ImportRefused([f"{where} 前{HEADER_SEARCH_ROWS}行中找不到表头：须有“问题概述”和“问题类别（三、第几项）”两列"
                             f"（可用的列名见 docs/excel.md）；台账未作任何改动"])
    header_index, columns, headers = header
    errors: list[tuple[int, int, str]] = []
    seen_keys: dict[str, int] = {}
    for c, column in columns.items():
        if column.key in seen_keys:
            errors.append((header_index + 1, c, f"{where} 第{header_index + 1}行 {column_letter(c)}列（{headers[c]}）："
                                                f"与 {column_letter(seen_keys[column.key])}列重复，无法确定读哪一列"))
        seen_keys[column.key] = c
    imported = {c: col for c, col in columns.items() if col.imported}
    existing = {_normal(p.title): p.id for p in folder.problem_list() if p.title}
    tips = [t.id for t in folder.tip_list()]
    entries, added, skipped = [], [], []
    titles_in_sheet: dict[str, int] = {}
    ids = [p.id for p in folder.problem_list()]
    for offset, values in enumerate(sheet.rows[header_index + 1:]):
        excel_row = header_index + 2 + offset
        if all(_text(values[c]) == "" for c in imported if c < len(values)):
            continue  # a blank row, or the note under the table
        row = _Row(sheet, excel_row, columns, headers, values, errors)
        title = row.text("title")
        if not title and _text(row.raw("title")) == "":
            row.error("title", "问题概述不能为空（四（四））")
        number = row.category()
        fields = dict(description=row.text("description") if "description" in row.cells else None,
                      unit=row.unit() if "unit" in row.cells else None,
                      major_hazard=row.flag("major_hazard") if "major_hazard" in row.cells else False,
                      cadre=row.cadre() if "cadre_problems" in row.cells else [],
                      cause=row.text("cause") if "cause" in row.cells else None,
                      suggestion=row.text("suggestion") if "suggestion" in row.cells else None,
                      requirement=row.text("requirement") if "requirement" in row.cells else None,
                      internal=row.flag("internal") if "internal" in row.cells else False)
        method, tip = row.source(tips) if "source" in row.cells else (None, None)
        for key, column in ((c.key, c) for c in columns.values() if not c.imported):
            _check_shown(row, key, column.kind)
        if not title:
            continue
        key = _normal(title)
        if key in titles_in_sheet:
            row.error("title", f"与第{titles_in_sheet[key]}行的问题概述相同：同一问题只能登记一次")
            continue
        titles_in_sheet[key] = excel_row
        if key in existing:
            skipped.append((excel_row, existing[key]))
            continue
        if number is None:
            continue
        new_id = _next_id("P", ids)
        ids.append(new_id)
        entries.append(problem_entry(new_id, number, title, method=method, tip=tip, **fields))
        added.append((new_id, title))
    if errors:
        raise ImportRefused([message for _, _, message in sorted(errors)])  # row by row, left to right
    if not entries:
        return PreparedImport(None, [], skipped)

    changes = Changeset()
    path = _problems_path(folder)

    def change(document):
        from ruamel.yaml.comments import CommentedMap

        if not isinstance(document, dict) or not document:
            document = CommentedMap()
        for entry in entries:
            _append(document, "problems", entry)
        return document

    changes.edit(path, change)
    _check_as_a_hand_edit(records, changes, path)
    span = added[0][0] if len(added) == 1 else f"{added[0][0]}-{added[-1][0]}"
    message = commit_message("import problems", f"{inspection_id} {span}", clause="四（四）",
                             summary=f"从 {sheet.file} 导入问题 {len(added)} 个",
                             details=[f"{pid}：{title}" for pid, title in added])
    summary = f"已从 {sheet.file} 导入 {inspection_id} 的问题 {len(added)} 个（{'、'.join(pid for pid, _ in added)}）"
    return PreparedImport(PreparedChange(changes, message, summary), added, skipped)


def _check_as_a_hand_edit(records: Records, changes: Changeset, path) -> None:
    """The file the import would write is read back by the very loader `validate` uses: belt and braces."""
    from ..records.loader import parse_file

    display = records.display(path)
    _, diagnostics = parse_file(changes.content(path), Problems, display)
    wrong = [d.format() for d in diagnostics if d.is_error]
    if wrong:
        raise ImportRefused([f"导入后的 {display} 无法通过检查："] + wrong)
