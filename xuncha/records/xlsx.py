"""Read a sheet of a workbook a team filled in on site (.xlsx, also .xls and .ods).

python-calamine, chosen by measurement (bench/excel.py): 26,000 rows in ~0.3 s against
openpyxl's ~1.9 s, and it gives dates back as dates.  Rows come back as Excel numbers
them: ``rows[0]`` is row 1, ``rows[i][0]`` column A, whatever empty area the sheet starts with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class SheetUnreadable(Exception):
    """The file is not a workbook this tool can read; the message is Chinese."""


@dataclass
class SheetData:
    file: str          # the file's name as the clerk gave it, for messages
    name: str          # the sheet's name
    sheets: int        # how many sheets the workbook has
    rows: list[list]   # cell values: str ('' when empty), float, int, bool, date, datetime


def read_sheet(path: Path, preferred: str) -> SheetData:
    """The sheet called ``preferred`` if there is one, else the first sheet."""
    from python_calamine import CalamineWorkbook

    if not path.exists():
        raise SheetUnreadable(f"{path} 不存在")
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        name = preferred if preferred in names else names[0]
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own zip/xml errors and plain ValueErrors
        raise SheetUnreadable(f"{path.name} 不是可读取的 Excel 工作簿（.xlsx、.xls 或 .ods）：{exc}") from exc
    return SheetData(path.name, name, len(names), rows)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
