"""The office's Excel 台账: `export` (what goes upward), `import problems` (a team's on-site sheet), 三色预警.

The example as of 2020-07-03: 建湖县 feedback due 2020-07-07, 2 working days away (黄); 市交通运输局's
tour may last until 2020-07-14, 7 working days away (绿); 东台市's problems are 已销号 (已完成).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLE, Cli, snapshot

JIANHU = "records/inspections/2020-1-jianhu"
JTJ = "records/inspections/2020-1-jtj"
FILLS = {"红": "FFFFC7CE", "黄": "FFFFEB9C", "绿": "FFC6EFCE", "已完成": "FFD9D9D9"}


def _export(cli, workspace, kind: str, *args: str) -> openpyxl.Workbook:
    path = workspace / f"{kind}.xlsx"
    result = cli("export", kind, "-o", str(path), *args)
    assert result.exit_code == 0, result.output
    assert f"已导出：{path}" in result.output
    return openpyxl.load_workbook(path)


def _table(sheet) -> tuple[list, list[list]]:
    """Header row (row 3) and the data rows under it, up to the first blank row."""
    header = [c.value for c in sheet[3]]
    rows = []
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if all(v is None for v in row):
            break
        rows.append(list(row))
    return header, rows


def _widths(sheet) -> dict[str, float]:
    """Column widths by letter; openpyxl keeps a run of equal columns as one dimension (min..max)."""
    from openpyxl.utils import get_column_letter

    return {get_column_letter(i): d.width for d in sheet.column_dimensions.values()
            for i in range(d.min, d.max + 1)}


def _fresh_office(tmp_path: Path, name: str, drop_problems_of: str) -> Path:
    """Another copy of the example, under git, whose inspection has no problems yet: where a sheet is imported."""
    root = tmp_path / name
    shutil.copytree(EXAMPLE, root / "records")
    folder = root / "records" / "inspections" / drop_problems_of
    (folder / "problems.yaml").unlink()
    tips = folder / "tips.yaml"
    if tips.exists():  # a tip pointing at a problem that is not there yet would not load cleanly
        tips.write_text("".join(line for line in tips.read_text(encoding="utf-8").splitlines(True)
                                if not line.strip().startswith("problem:")), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "台账"], cwd=root, check=True, env={**os.environ})
    return root


def _commits(root: Path) -> int:
    return int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout)


# export problems

def test_problem_ledger_has_the_offices_columns_title_and_real_dates(cli, workspace):
    sheet = _export(cli, workspace, "problems", "--as-of", "2020-07-03")["问题清单"]
    assert sheet["A1"].value == "盐城市安全生产巡查发现问题清单及整改台账"
    assert sheet["A2"].value == "范围：全部巡查\u3000\u3000截至日期：2020年7月3日"
    header, rows = _table(sheet)
    assert header[:8] == ["序号", "巡查编号", "问题编号", "巡查对象", "问题类别（三、第几项）", "问题概述", "问题描述", "责任单位"]
    for column in ("移交处置", "整改措施", "整改时限", "整改进展", "销号日期", "预警"):
        assert column in header
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    p1 = dict(zip(header, rows[0]))
    assert p1["问题类别（三、第几项）"] == "（四）推进安全生产依法治理情况"
    assert p1["移交处置"] == "市安委会挂牌督办（2020年6月4日，盐安委〔2020〕21号）；当地党委、政府（2020年6月4日，盐巡办〔2020〕16号）"
    # 四（七）：half a year after feedback (2020-06-03), a real date shown as 2020年12月3日.
    assert p1["整改时限"] == dt.datetime(2020, 12, 3) and p1["销号日期"] == dt.datetime(2020, 6, 28)
    due = sheet.cell(4, header.index("整改时限") + 1)
    assert due.is_date and due.number_format == 'yyyy"年"m"月"d"日"'
    assert (p1["整改进展"], p1["预警"]) == ("已销号", "已完成")
    jianhu_p1 = dict(zip(header, rows[3]))
    assert jianhu_p1["整改时限"] is None and jianhu_p1["预警"] == "绿"  # no feedback yet: no deadline runs


def test_problem_ledger_is_ready_to_forward_and_print(cli, workspace):
    sheet = _export(cli, workspace, "problems", "--as-of", "2020-07-03")["问题清单"]
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:T8"
    assert sheet.print_title_rows == "$3:$3"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)  # A4
    # Fit to one page wide (fitToWidth left out means 1 in OOXML), as many pages tall as it takes (0).
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and (sheet.page_setup.fitToWidth or 1) == 1
    assert sheet.page_setup.fitToHeight == 0
    # A column is as wide as its Chinese text (two units a character), up to a cap past which it wraps.
    widths = _widths(sheet)
    assert widths["D"] >= 2 * len("巡查对象")            # 巡查对象: header and 建湖县 whole
    assert widths["F"] >= 30 and widths["A"] < 10       # 问题概述 wraps at 30; 序号 stays narrow


def test_levels_fill_their_cells_and_the_legend_explains_them(cli, workspace):
    sheet = _export(cli, workspace, "deadlines", "--as-of", "2020-07-03")["时限"]
    legend = {c.value: c.fill.fgColor.rgb for c in sheet[2] if c.fill.fill_type == "solid"}
    assert legend == {"红：已逾期": FILLS["红"], "黄：3个工作日内到期": FILLS["黄"], "绿：未到期": FILLS["绿"],
                      "已完成": FILLS["已完成"]}
    header, rows = _table(sheet)
    column = header.index("预警") + 1
    for offset, row in enumerate(rows):
        cell = sheet.cell(4 + offset, column)
        assert cell.fill.fgColor.rgb == FILLS[cell.value]


def test_deadline_levels_agree_with_check_deadlines_json(cli, workspace):
    for day in ("2020-07-03", "2020-07-09"):
        expected = {(d["inspection"], d["step"]): d["level"]
                    for d in json.loads(cli("check-deadlines", "--json", "--as-of", day).output)}
        header, rows = _table(_export(cli, workspace, "deadlines", "--as-of", day)["时限"])
        names = {"红": "red", "黄": "yellow", "绿": "green", "已完成": "done"}
        got = {(r[header.index("巡查编号")], r[header.index("事项代码")]): names[r[header.index("预警")]] for r in rows}
        assert got == expected
    assert got[("2020-1-jianhu", "feedback")] == "red"  # 2020-07-09: two working days past 2020-07-07


def test_a_year_keeps_its_rounds_not_yet_opened(cli, workspace):
    # 四（一）：round 2 of 2020 is planned to start 2020-09-07 and is not opened: still 2020's deadline.
    header, rows = _table(_export(cli, workspace, "deadlines", "--year", "2020", "--as-of", "2020-09-10")["时限"])
    start = next(r for r in rows if r[header.index("巡查编号")] == "2020-2")
    assert (start[header.index("事项代码")], start[header.index("预警")]) == ("start", "红")
    assert _table(_export(cli, workspace, "deadlines", "--year", "2021", "--as-of", "2020-09-10")["时限"])[1] == []


def test_within_widens_yellow_in_the_workbook_too(cli, workspace):
    header, rows = _table(_export(cli, workspace, "deadlines", "--as-of", "2020-07-03", "--within", "7")["时限"])
    jtj = next(r for r in rows if r[header.index("巡查编号")] == "2020-1-jtj")
    assert jtj[header.index("预警")] == "黄"


def test_export_of_one_inspection_and_one_year(cli, workspace):
    sheet = _export(cli, workspace, "problems", "--inspection", "2020-1-jianhu", "--as-of", "2020-07-03")["问题清单"]
    assert sheet["A2"].value.startswith("范围：巡查 2020-1-jianhu（建湖县）")
    assert [r[2] for r in _table(sheet)[1]] == ["P1", "P2"]
    sheet = _export(cli, workspace, "problems", "--year", "2019")["问题清单"]
    assert sheet["A2"].value.startswith("范围：2019年度") and _table(sheet)[1] == []


def test_export_as_of_a_day_shows_only_what_was_recorded_by_then(cli, workspace):
    # 2020-06-20: 东台市 P1 was 整改中 (06-10) — its 已整改 (06-24) and 已销号 (06-28) came later.
    header, rows = _table(_export(cli, workspace, "problems", "--as-of", "2020-06-20")["问题清单"])
    p1 = dict(zip(header, rows[0]))
    assert (p1["整改进展"], p1["销号日期"], p1["预警"]) == ("整改中", None, "绿")


def test_coverage_workbook_lists_every_target_of_the_term(cli, workspace):
    sheet = _export(cli, workspace, "coverage", "--as-of", "2020-08-01")["巡查覆盖"]
    assert sheet["A1"].value == "盐城市安全生产巡查一届任期全覆盖情况"
    header, rows = _table(sheet)
    assert header == ["序号", "巡查对象", "类别", "已巡查（巡查编号）", "已列入计划（巡查编号）", "遗漏风险", "说明"]
    dongtai = next(r for r in rows if r[1] == "东台市")
    assert dongtai[3] == "2020-1-dongtai" and dongtai[5] == "否"
    assert any(r[5] == "是" for r in rows)


def test_stats_workbook_carries_native_charts(cli, workspace):
    book = _export(cli, workspace, "stats", "--year", "2020", "--as-of", "2020-07-03")
    assert book.sheetnames == ["按类别", "按巡查对象", "按整改状态", "按轮次整改率", "挂牌督办", "移交纪检监察"]
    header, rows = _table(book["按类别"])
    assert rows[3] == ["（四）", "推进安全生产依法治理情况", 1]
    assert _table(book["按整改状态"])[1] == [["未整改", 2], ["整改中", 0], ["已整改", 0], ["已销号", 3]]
    assert _table(book["按轮次整改率"])[1] == [["2020年第1轮", 5, 3, 0.6]]
    rounds = json.loads(cli("stats", "--year", "2020", "--as-of", "2020-07-03", "--json").output)["by_round"]
    assert rounds == [{"year": 2020, "round": 1, "total": 5, "done": 3, "rate": 0.6}]  # the same counts as `stats`
    assert book["按轮次整改率"]["D4"].number_format == "0.0%"
    with zipfile.ZipFile(workspace / "stats.xlsx") as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        kinds = [archive.read(n).decode("utf-8") for n in charts]
    assert len(charts) == 4
    assert [("<c:barChart>" in k, "<c:pieChart>" in k) for k in kinds] == [
        (True, False), (True, False), (False, True), (True, False)]
    assert "问题数（按巡查内容类别）" in kinds[0]


def test_no_informant_identity_in_any_workbook(cli, workspace):
    # 五（三）：the identity goes to the confidential store only; nothing the office forwards may carry it.
    result = cli("tip", "add", "2020-1-jtj", "--received", "2020-06-22", "--channel", "来电",
                 "--summary", "反映某码头危险货物堆场夜间无人值守", "--informant-name", "张三丰",
                 "--informant-phone", "13812345678")
    assert result.exit_code == 0
    assert cli("problem", "add", "2020-1-jtj", "--category", "4", "--title", "码头危险货物堆场夜间无人值守",
               "--source-tip", "T1").exit_code == 0
    for kind in ("problems", "deadlines", "coverage", "stats"):
        _export(cli, workspace, kind, "--as-of", "2020-07-03")
        with zipfile.ZipFile(workspace / f"{kind}.xlsx") as archive:
            text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        assert "张三丰" not in text and "13812345678" not in text and "inf-" not in text


def test_export_refuses_identity_written_into_a_problem(cli, workspace):
    path = workspace / JTJ / "problems.yaml"
    path.write_text("problems:\n  - id: P1\n    category: 9\n    title: 举报人：李四反映码头堆场无人值守\n", encoding="utf-8")
    result = cli("export", "problems", "-o", str(workspace / "p.xlsx"))
    assert result.exit_code == 2
    assert "2020-1-jtj P1 的“问题概述”中含有可识别举报人身份的信息（举报人姓名）" in result.output
    assert not (workspace / "p.xlsx").exists()


def test_export_refuses_bad_options_and_writes_nothing(cli, workspace):
    result = cli("export", "problems", "--inspection", "2099-1-x", "-o", str(workspace / "p.xlsx"))
    assert result.exit_code == 2 and "没有编号为 2099-1-x 的巡查" in result.output
    assert cli("export", "problems", "-o", str(workspace / "p.csv")).exit_code == 2
    assert cli("export", "coverage", "--inspection", "2020-1-jtj", "-o", str(workspace / "c.xlsx")).exit_code == 2
    assert not any(workspace.glob("*.xlsx"))


# import problems

def _sheet(path: Path, header: list, rows: list[list], *, title: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "问题清单"
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_teams_sheet_becomes_problems_in_one_commit(cli, workspace):
    sheet = _sheet(workspace / "驻地问题.xlsx", ["序号", "类别", "问题", "责任单位", "是否重大事故隐患", "工作方式", "整改要求"], [
        [1, "四", "港口危险货物堆场未落实双人双锁管理", "市交通运输局", "是", "随机抽查", "立即落实双人双锁"],
        [2, "（五）", "港区安全监管执法人员配备不足", "市交通运输局", "否", "座谈访谈", None],
    ], title="市交通运输局巡查发现问题")
    before = _commits(workspace)
    result = cli("import", "problems", "2020-1-jtj", str(sheet))
    assert result.exit_code == 0, result.output
    assert "已从 驻地问题.xlsx 导入 2020-1-jtj 的问题 2 个（P1、P2）" in result.output
    assert _commits(workspace) == before + 1
    log = subprocess.run(["git", "log", "-1", "--name-only", "--format=%s"], cwd=workspace, capture_output=True,
                         text=True).stdout.split()
    assert log[:5] == ["xuncha:", "import", "problems", "2020-1-jtj", "P1-P2"]
    assert log[-1] == f"{JTJ}/problems.yaml"
    rows = json.loads(cli("problems", "--json", "--inspection", "2020-1-jtj").output)
    assert [(r["id"], r["category"], r["major_hazard"], r["source"]["method"]) for r in rows] == [
        ("P1", 4, True, "spot-check"), ("P2", 5, False, "interview")]
    assert cli("validate").exit_code == 0


def test_importing_the_same_sheet_again_adds_nothing(cli, workspace):
    sheet = _sheet(workspace / "s.xlsx", ["问题类别", "问题概述"], [[4, "港口危险货物堆场未落实双人双锁管理"]])
    assert cli("import", "problems", "2020-1-jtj", str(sheet)).exit_code == 0
    before, commits = snapshot(workspace / "records"), _commits(workspace)
    result = cli("import", "problems", "2020-1-jtj", str(sheet))
    assert result.exit_code == 0
    assert "第2行已登记为 2020-1-jtj P1，未重复登记" in result.output
    assert "未作任何改动" in result.output
    assert snapshot(workspace / "records") == before and _commits(workspace) == commits


@pytest.mark.parametrize("header, row, says", [
    (["问题类别", "问题概述"], ["十一", "码头消防通道被占用"],
     "s.xlsx 第2行 A列（问题类别）：“十一”不是巡查内容类别：应为 1 到 10 或 一 到 十（三、巡查内容（一）至（十））"),
    (["问题概述", "类别"], ["码头消防通道被占用", 0], "s.xlsx 第2行 B列（类别）：“0”不是巡查内容类别"),
    (["问题类别", "问题概述", "问题描述"], [4, "码头消防通道被占用", "举报人：张三反映消防通道被占用"],
     "s.xlsx 第2行 C列（问题描述）：含有可识别举报人身份的信息（举报人姓名）"),
    (["问题类别", "问题概述", "问题描述"], [4, "码头消防通道被占用", "来电人电话 13812345678"],
     "s.xlsx 第2行 C列（问题描述）：含有可识别举报人身份的信息（手机号码"),
    (["问题类别", "问题概述", "责任单位"], [4, "码头消防通道被占用", dt.datetime(2020, 6, 3)],
     "s.xlsx 第2行 C列（责任单位）：应为文字，此格是日期 2020-06-03（是否错列？）"),
    (["问题类别", "问题概述", "责任单位"], [4, "码头消防通道被占用", 12],
     "s.xlsx 第2行 C列（责任单位）：责任单位应为单位名称，此格是数字 12"),
    (["问题类别", "问题概述", "重大事故隐患"], [4, "码头消防通道被占用", "可能"],
     "s.xlsx 第2行 C列（重大事故隐患）：“可能”应为“是”或“否”（四（六））"),
    (["问题类别", "问题概述", "干部责任问题"], [2, "监管不到位", "不作为、懒政"],
     "s.xlsx 第2行 C列（干部责任问题）：“懒政”不在四（六）所列干部责任问题之内"),
    (["问题类别", "问题概述", "发现方式"], [4, "码头消防通道被占用", "举报 T9"],
     "s.xlsx 第2行 C列（发现方式）：举报 T9 不在本次巡查的 tips.yaml 中"),
    (["问题类别", "问题概述", "发现方式"], [4, "码头消防通道被占用", "听汇报"],
     "s.xlsx 第2行 C列（发现方式）：“听汇报”不是工作方式"),
    (["问题类别", "问题概述"], [4, None], "s.xlsx 第2行 B列（问题概述）：问题概述不能为空（四（四））"),
    # Columns the ledger computes are not read, but a cell that cannot be what its header says is refused.
    (["问题类别", "问题概述", "整改时限"], [4, "码头消防通道被占用", "2020-13-45"],
     "s.xlsx 第2行 C列（整改时限）：日期“2020-13-45”不存在"),
    (["问题类别", "问题概述", "销号日期"], [4, "码头消防通道被占用", "六月底"],
     "s.xlsx 第2行 C列（销号日期）：“六月底”不是日期：应为 Excel 日期（如 2020年6月3日）"),
    (["问题类别", "问题概述", "整改进展"], [4, "码头消防通道被占用", "基本完成"],
     "s.xlsx 第2行 C列（整改进展）：“基本完成”不是整改状态：未整改、整改中、已整改、已销号（四（七））"),
])
def test_a_bad_cell_is_refused_naming_row_and_column_and_nothing_is_written(cli, workspace, header, row, says):
    sheet = _sheet(workspace / "s.xlsx", header, [row])
    before, commits = snapshot(workspace / "records"), _commits(workspace)
    result = cli("import", "problems", "2020-1-jtj", str(sheet))
    assert result.exit_code == 2
    assert says in result.output
    assert "未导入任何问题；台账未作任何改动" in result.output
    assert snapshot(workspace / "records") == before and _commits(workspace) == commits


def test_one_bad_row_stops_the_good_rows_too(cli, workspace):
    sheet = _sheet(workspace / "问题清单.xlsx", ["序号", "巡查对象", "问题类别", "问题概述"], [
        [1, "市交通运输局", 4, "港口危险货物堆场未落实双人双锁管理"],
        [2, "市交通运输局", 5, "港区安全监管执法人员配备不足"],
        [3, "市交通运输局", "第十二项", "码头消防通道被占用"],
        [4, "市交通运输局", 5, "港区安全监管执法人员配备不足"],
    ], title="问题清单")
    before = snapshot(workspace / "records")
    result = cli("import", "problems", "2020-1-jtj", str(sheet))
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("错误：问题清单.xlsx 第")]
    assert errors == ["错误：问题清单.xlsx 第5行 C列（问题类别）：“第十二项”不是巡查内容类别：应为 1 到 10 或 一 到 十（三、巡查内容（一）至（十））",
                      "错误：问题清单.xlsx 第6行 D列（问题概述）：与第4行的问题概述相同：同一问题只能登记一次"]
    assert "问题清单.xlsx 共 2 处错误" in result.output
    assert snapshot(workspace / "records") == before


def test_import_refuses_a_sheet_without_the_header_or_an_unknown_inspection(cli, workspace):
    sheet = _sheet(workspace / "s.xlsx", ["名称", "说明"], [["a", "b"]])
    result = cli("import", "problems", "2020-1-jtj", str(sheet))
    assert result.exit_code == 2 and "找不到表头：须有“问题概述”和“问题类别（三、第几项）”两列" in result.output
    good = _sheet(workspace / "g.xlsx", ["问题类别", "问题概述"], [[4, "码头消防通道被占用"]])
    result = cli("import", "problems", "2099-1-x", str(good))
    assert result.exit_code == 2 and "没有编号为 2099-1-x 的巡查" in result.output
    (workspace / "not.xlsx").write_text("不是工作簿", encoding="utf-8")
    result = cli("import", "problems", "2020-1-jtj", str(workspace / "not.xlsx"))
    assert result.exit_code == 2 and "不是可读取的 Excel 工作簿" in result.output


# round trip

def test_export_import_export_gives_the_same_cells(cli, workspace, tmp_path):
    """A ledger exported, imported into a fresh inspection and exported again reads the same, cell for cell."""
    first = workspace / "first.xlsx"
    assert cli("export", "problems", "--inspection", "2020-1-jianhu", "--as-of", "2020-07-03", "-o", str(first)).exit_code == 0
    fresh = _fresh_office(tmp_path, "fresh", "2020-1-jianhu")
    other = Cli(fresh)
    result = other("import", "problems", "2020-1-jianhu", str(first))
    assert result.exit_code == 0, result.output
    second = fresh / "second.xlsx"
    assert other("export", "problems", "--inspection", "2020-1-jianhu", "--as-of", "2020-07-03", "-o", str(second)).exit_code == 0

    def cells(path):
        sheet = openpyxl.load_workbook(path)["问题清单"]
        return [[(c.value, c.number_format, c.fill.fgColor.rgb) for c in row] for row in sheet.iter_rows()]

    assert cells(first) == cells(second)


def test_round_trip_keeps_every_column_import_reads_of_a_closed_inspection(cli, workspace, tmp_path):
    # 东台市's problems were handed off and closed after feedback: those columns come from `problem` commands,
    # not from a sheet, so the fresh copy matches on every column the import reads.
    from xuncha.procedure.sheets import PROBLEM_COLUMNS

    first = workspace / "dongtai.xlsx"
    assert cli("export", "problems", "--inspection", "2020-1-dongtai", "-o", str(first)).exit_code == 0
    fresh = _fresh_office(tmp_path, "fresh", "2020-1-dongtai")
    other = Cli(fresh)
    assert other("import", "problems", "2020-1-dongtai", str(first)).exit_code == 0
    second = fresh / "again.xlsx"
    assert other("export", "problems", "--inspection", "2020-1-dongtai", "-o", str(second)).exit_code == 0
    read = [i for i, c in enumerate(PROBLEM_COLUMNS) if c.imported or c.key in ("number", "inspection", "id", "target")]

    def cells(path):
        return [[row[i] for i in read] for row in _table(openpyxl.load_workbook(path)["问题清单"])[1]]

    assert cells(first) == cells(second) and len(cells(first)) == 3


# LibreOffice opens every workbook

def test_libreoffice_opens_every_workbook(cli, workspace, tmp_path):
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is required: the page-level checks never skip (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)")
    kinds = ("problems", "deadlines", "coverage", "stats")
    for kind in kinds:
        assert cli("export", kind, "--as-of", "2020-07-03", "-o", str(workspace / f"{kind}.xlsx")).exit_code == 0
    out = tmp_path / "pdf"
    # One soffice for all four: starting LibreOffice is the slow part.
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(out), *(str(workspace / f"{k}.xlsx") for k in kinds)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    for kind in kinds:
        pdf = out / f"{kind}.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), f"LibreOffice could not open {kind}.xlsx"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out / "problems.pdf"), "-"], capture_output=True, text=True).stdout
        assert "截至日期：2020年7月3日" in text and "2020年12月3日" in text


def test_import_with_no_commit_writes_but_does_not_commit(cli, workspace):
    sheet = _sheet(workspace / "s.xlsx", ["问题类别", "问题概述"], [[4, "港口危险货物堆场未落实双人双锁管理"]])
    commits = _commits(workspace)
    result = cli("import", "problems", "2020-1-jtj", str(sheet), "--no-commit")
    assert result.exit_code == 0 and "按 --no-commit 未提交 git" in result.output
    assert _commits(workspace) == commits
    assert "港口危险货物堆场未落实双人双锁管理" in (workspace / JTJ / "problems.yaml").read_text(encoding="utf-8")


def test_a_province_charts_only_the_targets_with_most_problems():
    # The table keeps every target (most problems first); the chart draws the first twenty, and says so.
    from xuncha.procedure.sheets import _top_targets_chart

    assert _top_targets_chart(3).rows == 3 and _top_targets_chart(3).title == "问题数（按巡查对象）"
    chart = _top_targets_chart(1300)
    assert (chart.rows, chart.title) == (20, "问题最多的20个巡查对象")
