"""Lay the office's sheets (procedure/sheets.py) out as an .xlsx a clerk forwards without touching.

XlsxWriter, chosen by measurement (bench/excel.py): 26,000 styled problem rows in ~4.7 s against
openpyxl's ~15 s, with native charts and styles.  It only writes; `import` reads with
python-calamine.

Each sheet: a title row (city and what it is), a row with the scope and 截至日期 (and the
三色预警 legend where rows carry a level), the header row (frozen, with an autofilter, repeated
on every printed page), then the rows.  Dates are real Excel dates shown as 2020年6月3日.
Printing: A4 landscape, fit to one page wide.  Charts are Excel's own (drawn by Excel, so
their Chinese labels need no fonts on the server).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from contextlib import nullcontext
from itertools import chain
from pathlib import Path

from ..procedure.sheets import DATE, LEVEL, NUMBER, PERCENT, Sheet, Workbook
from .document import chinese_date
from ..procedure.warning import LEVEL_NAMES

FONT = "宋体"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
# Excel's own "good / neutral / bad" fills, which clerks already read as green / yellow / red.
LEVEL_COLOURS = {"red": ("#FFC7CE", "#9C0006"), "yellow": ("#FFEB9C", "#9C5700"), "green": ("#C6EFCE", "#006100"),
                 "done": ("#D9D9D9", "#404040")}
TITLE_ROW, SCOPE_ROW, HEADER_ROW = 0, 1, 2
FIRST_ROW = HEADER_ROW + 1
WIDE = 30          # long free text wraps at this many half-width characters
NARROW_MAX = 16    # other columns grow to fit, up to this, then wrap
LINE_HEIGHT = 15   # points per line of 11-point 宋体
A4 = 9
# Cells from which a workbook is streamed rather than built in memory (write_workbook): about 25 MiB
# of XlsxWriter's cell objects, 5,000 problems; a city's year has a few hundred.
STREAMED_FROM = 100_000


def display_width(text: str) -> int:
    """Columns a text takes: a Chinese character (or full-width sign) is two, as Excel measures column width.

    Counted from the UTF-8 length, in C: ASCII is one byte, the CJK block and full-width forms three, so
    each extra two bytes is one more column.  A province's 500,000 cells made the per-character
    east_asian_width loop the slowest part of an export."""
    if text.isascii():
        return len(text)
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


class _Formats:
    """XlsxWriter formats belong to the workbook: make each combination once."""

    def __init__(self, book):
        self.book = book
        self.cache: dict = {}

    def get(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self.cache:
            base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
            self.cache[key] = self.book.add_format(base | props)
        return self.cache[key]


def write_workbook(workbook: Workbook, path: Path, *, streamed: bool | None = None) -> None:
    """Build the file, then swap it in atomically: never a half-written .xlsx.

    Big sheets are ``streamed`` (XlsxWriter's constant_memory): each row goes out to a temporary
    file as the next begins, its texts written in the cell rather than in the shared table.  Held
    until the end, a province's 问题清单 (25,600 rows, 512,000 cells) cost 130 MiB in cell objects;
    streamed, 6 MiB, for 15% more time in XlsxWriter.  The cells, styles, sizes and page set-up are
    the same either way (tests/test_export_parts.py).  A city's sheets are built in memory as before,
    and so is a workbook with charts: a chart reads its cells back for the values it shows."""
    import xlsxwriter

    from ..records.writer import atomic_write

    if streamed is None:
        cells = sum(len(sheet.rows) * len(sheet.columns) for sheet in workbook.sheets)
        streamed = cells >= STREAMED_FROM and not any(sheet.charts for sheet in workbook.sheets)
    buffer = io.BytesIO()
    options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    # XlsxWriter leaves its temporary files behind when a write is interrupted: streamed rows hold
    # the ledger's problem texts, so they go in a folder of this write's own, removed whatever happens.
    with tempfile.TemporaryDirectory(prefix="xuncha-xlsx.") if streamed else nullcontext() as scratch:
        mode = {"constant_memory": True, "tmpdir": scratch} if streamed else {"in_memory": True}
        book = xlsxwriter.Workbook(buffer, mode | options)
        formats = _Formats(book)
        for sheet in workbook.sheets:
            _write_sheet(book, formats, sheet)
        book.close()
    atomic_write(path, buffer.getvalue())


def _shown(column, value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return chinese_date(value)
    if column.kind == LEVEL:
        return LEVEL_NAMES.get(value, "")
    if column.kind == PERCENT:
        return "100.0%"
    return str(value)


def _widths(sheet: Sheet) -> list[int]:
    """Fit each column to its longest cell, counting a Chinese character twice; the header may wrap onto
    two lines, and long text wraps at a cap so the sheet still prints legibly on A4 landscape."""
    widths = []
    for index, column in enumerate(sheet.columns):
        # Each distinct value measured once: a province's columns repeat their targets, dates and 是/否.
        # The type goes with the value (1 and 1.0 and True are equal, not shown alike), and floats
        # are measured one by one (0.0 and -0.0 too).
        distinct = {(type(row[index]), row[index]) for row in sheet.rows if type(row[index]) is not float}
        floats = [row[index] for row in sheet.rows if type(row[index]) is float]
        longest = max((display_width(_shown(column, value)) for value in chain((v for _, v in distinct), floats)),
                      default=0)
        header = display_width(column.header)
        longest = max(longest, (header + 1) // 2 if header > 8 else header)
        cap = WIDE if column.wide else NARROW_MAX
        widths.append(min(longest, cap) + 2)
    return widths


def _lines(text: str, width: int) -> int:
    """How many lines a wrapped cell takes in a column ``width`` wide."""
    room = max(width - 3, 1)  # a little slack: fonts differ between Excel, WPS and LibreOffice
    return sum(max(1, -(-display_width(part) // room)) for part in text.split("\n"))


def _row_lines(row: list, wrapped: list[tuple[int, int]]) -> int:
    """The lines of the row's tallest wrapped cell (``wrapped``: (column, its width)).  A character is at most
    2.5 columns wide (four UTF-8 bytes), so a text of one line no longer than 2/5 of the room fits on one line
    unmeasured: most cells of a province's half a million."""
    lines = 1
    for c, width in wrapped:
        text = row[c]
        if isinstance(text, str) and (5 * len(text) > 2 * (width - 3) or "\n" in text):
            lines = max(lines, _lines(text, width))
    return lines


def _write_sheet(book, formats: _Formats, sheet: Sheet) -> None:
    ws = book.add_worksheet(sheet.name)
    columns = len(sheet.columns)
    last_col = columns - 1
    widths = _widths(sheet)
    legend = sheet.legend() if len(sheet.legend()) < columns else []
    for offset, (_, label) in enumerate(legend):  # the legend sits over the last columns: it must be read whole
        index = columns - len(legend) + offset
        widths[index] = max(widths[index], display_width(label) + 2)
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)

    # A title wider than a narrow table is left to run on over the empty cells beside it, not cut off.
    if display_width(sheet.title) * 1.4 < sum(widths) and columns > 1:
        ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last_col, sheet.title, formats.get(bold=True, font_size=16, align="center"))
    else:
        ws.write(TITLE_ROW, 0, sheet.title, formats.get(bold=True, font_size=16, align="left"))
    ws.set_row(TITLE_ROW, 30)
    scope = f"范围：{sheet.scope}　　截至日期：{chinese_date(sheet.as_of)}"
    scope_end = last_col - len(legend)
    scope_format = formats.get(align="left")
    if scope_end > 0:
        ws.merge_range(SCOPE_ROW, 0, SCOPE_ROW, scope_end, scope, scope_format)
    else:
        ws.write(SCOPE_ROW, 0, scope, scope_format)
    for offset, (lv, label) in enumerate(legend):
        fill, font = LEVEL_COLOURS[lv]
        ws.write(SCOPE_ROW, scope_end + 1 + offset, label,
                 formats.get(bg_color=fill, font_color=font, border=1, align="center"))

    header = formats.get(bold=True, bg_color="#DDEBF7", border=1, align="center", text_wrap=True)
    for index, column in enumerate(sheet.columns):
        ws.write_string(HEADER_ROW, index, column.header, header)
    ws.set_row(HEADER_ROW, 32)

    cell_formats = []
    for column in sheet.columns:
        if column.kind == DATE:
            cell_formats.append(formats.get(border=1, num_format=DATE_FORMAT, align="center"))
        elif column.kind == NUMBER:
            cell_formats.append(formats.get(border=1, align="center"))
        elif column.kind == PERCENT:
            cell_formats.append(formats.get(border=1, num_format="0.0%", align="center"))
        else:
            cell_formats.append(formats.get(border=1, text_wrap=True))
    level_formats = {lv: formats.get(border=1, align="center", bg_color=fill, font_color=font, bold=True)
                     for lv, (fill, font) in LEVEL_COLOURS.items()}

    wrapped = [(c, widths[c]) for c, column in enumerate(sheet.columns)
               if column.kind not in (DATE, NUMBER, PERCENT, LEVEL)]
    for offset, row in enumerate(sheet.rows):
        r = FIRST_ROW + offset
        # LibreOffice does not grow a row to its wrapped text, and Excel only when it is edited: say the height.
        lines = _row_lines(row, wrapped)
        if lines > 1:
            ws.set_row(r, LINE_HEIGHT * lines)
        for c, (column, value) in enumerate(zip(sheet.columns, row)):
            fmt = cell_formats[c]
            if value is None or value == "":
                ws.write_blank(r, c, None, fmt)
            elif column.kind == LEVEL:
                ws.write_string(r, c, LEVEL_NAMES[value], level_formats[value])
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), fmt)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, fmt)
            else:
                ws.write_string(r, c, str(value), fmt)

    last_row = FIRST_ROW + len(sheet.rows) - 1
    ws.freeze_panes(FIRST_ROW, 0)
    ws.autofilter(HEADER_ROW, 0, max(last_row, HEADER_ROW), last_col)
    if sheet.note:
        ws.write_string(max(last_row, HEADER_ROW) + 2, 0, f"说明：{sheet.note}", formats.get(italic=True))

    ws.set_paper(A4)
    ws.set_landscape()
    ws.repeat_rows(HEADER_ROW)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")

    for index, chart in enumerate(sheet.charts):
        _insert_chart(book, ws, sheet, chart, index)


def _insert_chart(book, ws, sheet: Sheet, chart, index: int) -> None:
    if chart.rows == 0:
        return
    drawing = book.add_chart({"type": chart.kind})
    first, last = FIRST_ROW, FIRST_ROW + chart.rows - 1
    series = {
        "name": chart.title,
        "categories": [chart.sheet, first, chart.categories, last, chart.categories],
        "values": [chart.sheet, first, chart.values, last, chart.values],
        "data_labels": ({"category": True, "value": True, "leader_lines": True} if chart.kind == "pie"
                        else {"value": True}),
    }
    if sheet.columns[chart.values].kind == PERCENT:
        series["data_labels"]["num_format"] = "0.0%"
    drawing.add_series(series)
    drawing.set_title({"name": chart.title, "name_font": {"name": FONT, "size": 12, "bold": True}})
    if chart.kind != "pie":
        drawing.set_legend({"none": True})
        axis = {"num_font": {"name": FONT}}
        if sheet.columns[chart.values].kind == PERCENT:
            value_axis = axis | {"min": 0, "max": 1, "num_format": "0%"}
        else:
            # Counts are whole numbers: ticks at whole steps, never 0.2, 0.4…
            top = max((row[chart.values] or 0 for row in sheet.rows[:chart.rows]), default=0)
            value_axis = axis | {"min": 0, "major_unit": max(1, -(-top // 5)), "num_format": "0"}
        if chart.kind == "bar":
            drawing.set_x_axis(value_axis)
            drawing.set_y_axis(axis | {"reverse": True})
        else:
            drawing.set_y_axis(value_axis)
            drawing.set_x_axis(axis)
    height = max(288, 20 * chart.rows + 80) if chart.kind == "bar" else 288
    drawing.set_size({"width": 620, "height": height})
    ws.insert_chart(HEADER_ROW, len(sheet.columns) + 1 + 10 * index, drawing)
