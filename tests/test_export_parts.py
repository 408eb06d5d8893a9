"""`export problems` and `export deadlines` of a province in parts (procedure/sheets.py ``export_workbook``)
give the workbook the whole tree loaded at once gives, cell by cell and style by style.

Each round is read where it is answered, on two processes, and only its rows come back: a problem's
row, its 三色预警 level and whether it would identify an informant (五（三）); the deadlines are
check-deadlines' own items.  The tree is the benchmark's small province (52 inspections in 4 rounds of
2020, 1,040 problems) with an unchecked 2021 calendar file and a step file that does not parse.  A big
workbook is streamed to disk rather than held (render/workbook.py): the file it gives has the same cells,
styles, sizes and page set-up as the one built in memory.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import Cli
from province_parts import _province, in_parts, office, whole_tree  # noqa: F401 (fixtures)
from python_calamine import CalamineWorkbook

from xuncha.procedure.sheets import export_workbook
from xuncha.records import cache
from xuncha.render.workbook import write_workbook

# Before round 1 is opened, round 3 on site, the year's last days (round 4 at every step, half-years
# into 2021), and mid-2021 (rectification due and stalled, problems closed).
DAYS = ("2020-03-10", "2020-07-20", "2020-12-19", "2021-06-30")
ROUNDS = 4


def facts(path: Path) -> list:
    """Everything a clerk sees or prints of a workbook: each cell's value, number format, font, fill,
    border and alignment; merged cells, frozen panes, the filter, column widths, row heights, page set-up."""
    book = openpyxl.load_workbook(path)
    found = []
    for ws in book.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                font, fill, border, align = c.font, c.fill, c.border, c.alignment
                cells.append((c.coordinate, c.value, c.number_format, font.name, font.sz, font.b, font.i,
                              font.color.rgb if font.color else None, fill.fill_type, fill.fgColor.rgb,
                              fill.bgColor.rgb, align.horizontal, align.vertical, align.wrap_text,
                              border.left.style, border.right.style, border.top.style, border.bottom.style))
        setup, margins = ws.page_setup, ws.page_margins
        found.append((ws.title, cells, sorted(str(r) for r in ws.merged_cells.ranges), ws.freeze_panes,
                      ws.auto_filter.ref, setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight,
                      ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_title_rows,
                      ws.print_options.horizontalCentered,
                      (margins.left, margins.right, margins.top, margins.bottom), ws.oddFooter.center.text,
                      sorted((key, d.width, d.min, d.max) for key, d in ws.column_dimensions.items()),
                      sorted((key, d.height) for key, d in ws.row_dimensions.items() if d.height)))
    return found


def exported(office: Path, *args: str, fresh: bool = False) -> tuple:
    """(exit code, what was printed, the workbook's facts or None); ``fresh``: with --no-cache."""
    path = office / "台账.xlsx"
    path.unlink(missing_ok=True)
    result = Cli(office)(*(("--no-cache",) if fresh else ()), "export", *args, "-o", str(path))
    return result.exit_code, result.stdout, result.stderr, facts(path) if path.exists() else None


def at_once(office: Path, monkeypatch, *args: str) -> tuple:
    with whole_tree(monkeypatch):
        return exported(office, *args, fresh=True)


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("kind", ["problems", "deadlines"])
def test_a_province_exported_in_parts_is_the_workbook_of_the_tree_at_once(office, monkeypatch, in_parts, kind, day):
    args = (kind, "--as-of", day)
    expected = at_once(office, monkeypatch, *args)
    assert expected[0] == 0 and expected[3] is not None, expected[:3]
    assert exported(office, *args) == expected  # a cold cache
    assert cache.last.processes == 2 and cache.last.parsed == 740
    if day == "2020-12-19":  # every round at work: the parse cache read back in parts, then nothing cached
        shutil.rmtree(office / cache.CACHE_DIR / "rounds")
        assert exported(office, *args) == expected
        assert cache.last.processes == 2 and cache.last.parsed == 0 and cache.last.recalled == 0
        assert exported(office, *args, fresh=True) == expected
        assert cache.last.processes == 2
    assert exported(office, *args) == expected
    assert cache.last.recalled == ROUNDS  # every round as exported last time


# One year, a year with no inspection, one inspection (whose end.yaml does not parse), a wider yellow band.
OPTIONS = [("--year", "2020"), ("--year", "2021"), ("--inspection", "2020-3-wuxi-sheda"), ("--within", "20")]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: " ".join(o))
@pytest.mark.parametrize("kind", ["problems", "deadlines"])
def test_the_options_of_an_export_in_parts_give_the_workbook_at_once(office, monkeypatch, in_parts, kind, options):
    args = (kind, "--as-of", "2020-12-19", *options)
    expected = at_once(office, monkeypatch, *args)
    assert expected[0] == 0, expected[:3]
    assert exported(office, *args) == expected
    assert cache.last.processes == 2


@pytest.mark.parametrize("args, says", [
    (("--inspection", "2020-4-wuxi-slj", "--as-of", "2020-03-10"), "没有编号为 2020-4-wuxi-slj 的巡查（现有：2020-1-"),
    (("--inspection", "2099-1-x", "--as-of", "2020-12-19"), "没有编号为 2099-1-x 的巡查（现有：2020-1-"),
])
def test_an_inspection_not_opened_or_unknown_is_refused_as_at_once(office, monkeypatch, in_parts, args, says):
    expected = at_once(office, monkeypatch, "problems", *args)
    assert expected[0] == 2 and says in expected[2] and expected[3] is None
    assert exported(office, "problems", *args) == expected


def test_the_first_row_that_would_identify_an_informant_stops_the_export_as_at_once(office, monkeypatch, in_parts):
    # 五（三）: two problems, in rounds read by different processes, name an informant; the clerk is
    # told of the first in the sheet's order, and no file is written.
    for folder in ("2020-3-wuxi-anhe", "2020-2-nanjing-jtj"):
        path = office / "records" / "inspections" / folder / "problems.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    description: ", "    description: 举报人：李四反映，", 1), encoding="utf-8")
    expected = at_once(office, monkeypatch, "problems", "--as-of", "2020-12-19")
    assert expected[0] == 2 and expected[3] is None
    assert "2020-2-nanjing-jtj P1 的“问题描述”中含有可识别举报人身份的信息（举报人姓名）" in expected[2]
    assert exported(office, "problems", "--as-of", "2020-12-19") == expected
    assert cache.last.processes == 2


@pytest.mark.parametrize("kind", ["problems", "deadlines"])
def test_morning_after_morning_the_workbook_is_the_days_own(office, monkeypatch, in_parts, kind):
    # Rounds whose rows only compared the day with their dates are taken from the morning before;
    # every workbook must still be that day's.
    root = office / "records"
    recalled = 0
    for day in [dt.date(2020, 3, 1) + dt.timedelta(days=n) for n in range(0, 500, 83)] + [dt.date(2021, 7, 2)]:
        book = export_workbook(kind, root, day)
        recalled += cache.last.recalled
        with whole_tree(monkeypatch):
            assert export_workbook(kind, root, day, cache=False) == book, day
    assert recalled > 0


@pytest.mark.parametrize("kind", ["problems", "deadlines"])
def test_a_streamed_workbook_is_the_workbook_built_in_memory(office, kind, tmp_path):
    book = export_workbook(kind, office / "records", dt.date(2021, 6, 30))
    assert len(book.sheets[0].rows) > 50
    write_workbook(book, tmp_path / "built.xlsx", streamed=False)
    write_workbook(book, tmp_path / "streamed.xlsx", streamed=True)
    assert facts(tmp_path / "streamed.xlsx") == facts(tmp_path / "built.xlsx")
    # `import problems` reads with calamine: the texts written in their cells read back the same.
    values = [CalamineWorkbook.from_path(str(tmp_path / name)).get_sheet_by_index(0).to_python()
              for name in ("built.xlsx", "streamed.xlsx")]
    assert values[0] == values[1]


def test_an_interrupted_streamed_write_leaves_no_file_behind(office, tmp_path, monkeypatch):
    # The streamed rows are the ledger's problem texts: a write stopped halfway (Ctrl-C, a full disk)
    # leaves neither a half-written workbook nor XlsxWriter's temporary files.
    import tempfile

    from xuncha.render import workbook

    book = export_workbook("problems", office / "records", dt.date(2021, 6, 30))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    rows = 0

    def interrupted(row, wrapped):
        nonlocal rows
        rows += 1
        if rows == 500:
            raise KeyboardInterrupt
        return 1

    monkeypatch.setattr(workbook, "_row_lines", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_workbook(book, tmp_path / "问题清单.xlsx", streamed=True)
    assert rows == 500 and list(scratch.iterdir()) == [] and not (tmp_path / "问题清单.xlsx").exists()
