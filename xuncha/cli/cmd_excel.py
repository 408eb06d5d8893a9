"""xuncha export / import: the Excel 台账 the office hands upward, and a team's on-site problem sheet."""

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .classes import declare_commands
from .common import fail, option_date

commands = declare_commands()


class Kind(str, Enum):
    problems = "problems"
    deadlines = "deadlines"
    coverage = "coverage"
    stats = "stats"


class ImportKind(str, Enum):
    problems = "problems"


@commands.command("export", help=(
    "导出 Excel 台账（.xlsx）：problems 问题清单及整改台账、deadlines 时限预警表、coverage 一届任期全覆盖情况、"
    "stats 问题统计（附图表）。标题写明城市、范围和截至日期，表头冻结并可筛选，日期为 Excel 日期，按 A4 横向打印；"
    "时限和问题按三色预警着色（红：已逾期，黄：N 个工作日内到期，绿：未到期，灰：已完成）。不含举报人信息（五（三））。"))
def export(
    kind: Kind = typer.Argument(..., metavar="种类", help="problems、deadlines、coverage 或 stats。"),
    output: Path = typer.Option(..., "-o", "--output", metavar="文件.xlsx", help="写入的文件（整体替换）。"),
    year: Optional[int] = typer.Option(None, "--year", metavar="Y", help="只导出该年度的巡查。"),
    inspection: Optional[str] = typer.Option(None, "--inspection", metavar="ID", help="只导出该巡查。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="D", help="导出截至该日期的台账（YYYY-MM-DD），缺省为今天。"),
    within: int = typer.Option(3, "--within", metavar="N", min=0, help="N 个工作日内到期为黄色预警（缺省 3）。"),
) -> None:
    from ..procedure.problem_status import LedgerRefused
    from ..procedure.sheets import export_workbook
    from ..records.writer import WriteError
    from ..render.workbook import write_workbook
    from .common import records_root, state

    if output.suffix.lower() != ".xlsx":
        fail(f"输出文件 {output} 应以 .xlsx 结尾")
    today = option_date(as_of)
    try:
        book = export_workbook(kind.value, records_root(), today, year=year, inspection=inspection, within=within,
                               cache=state.use_cache)
    except LedgerRefused as exc:
        fail(f"{exc}；未生成任何文件")
    try:
        write_workbook(book, output)
    except (OSError, WriteError) as exc:
        fail(f"无法写入 {output}：{getattr(exc, 'strerror', None) or exc}；未生成任何文件")
    rows = sum(len(sheet.rows) for sheet in book.sheets)
    typer.echo(f"已导出：{output}（{'、'.join(sheet.name for sheet in book.sheets)}，共 {rows} 行，截至 {today}）")

@commands.command("import", help=(
    "把巡查组在驻地填写的问题清单（.xlsx）登记为巡查 ID 的问题，提交一次 git（三、四（四））。"
    "逐格检查：类别 1–10 或 一 至 十、是否、干部责任问题、工作方式、举报编号、举报人身份信息（五（三））；"
    "任何一格有误即指出文件、行、列，不写入任何问题。已登记过的问题（问题概述相同）不重复登记。"))
def import_(
    kind: ImportKind = typer.Argument(..., metavar="种类", help="problems（问题清单）。"),
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号，如 2020-1-jtj。"),
    file: Path = typer.Argument(..., metavar="文件.xlsx", help="问题清单工作簿（.xlsx，也可 .xls、.ods）。"),
    no_commit: bool = typer.Option(False, "--no-commit", help="只写文件，不提交 git。"),
) -> None:
    from ..procedure.sheet_import import ImportRefused, prepare_import_problems
    from ..procedure.problem_status import LedgerRefused
    from ..records.xlsx import SheetUnreadable, read_sheet
    from .common import records_for_writing, records_root, report_commit, write_and_commit

    try:
        sheet = read_sheet(file, "问题清单")
    except SheetUnreadable as exc:
        fail(f"{exc}；台账未作任何改动")
    records = records_for_writing()
    try:
        plan = prepare_import_problems(records, inspection, sheet)
    except ImportRefused as exc:
        for line in exc.errors:
            typer.echo(f"错误：{line}", err=True)
        fail(f"{sheet.file} 共 {len(exc.errors)} 处错误，未导入任何问题；台账未作任何改动")
    except LedgerRefused as exc:
        fail(f"{exc}；台账未作任何改动")
    for row, existing in plan.skipped:
        typer.echo(f"第{row}行已登记为 {inspection} {existing}，未重复登记")
    if plan.planned is None:
        typer.echo(f"{sheet.file} 中的问题均已在台账中，未作任何改动")
        return
    outcome = write_and_commit(records_root(), plan.planned.changes, plan.planned.message, no_commit=no_commit)
    typer.echo(plan.planned.summary)
    report_commit(outcome, plan.planned.message, no_commit=no_commit)
