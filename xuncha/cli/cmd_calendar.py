"""xuncha due, and the `calendar` sub-app (check, add, export): the working-day calendar behind every
deadline, and the deadlines as an .ics file for the clerks' calendar apps.
"""

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from .classes import declare_commands
from .common import EXIT_FINDINGS, EXIT_OK, fail, load_records, option_date, print_json, records_root, state, warn

commands = declare_commands()

calendar_app = typer.Typer(
    name="calendar",
    help="工作日历：各年度节假日和调休安排的来源（国务院办公厅通知文件、chinese-calendar 或按法定节假日推算）。",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_KIND_NAMES = {"override": "国务院通知（台账日历文件）", "package": "chinese-calendar", "fallback": "推算（暂定）"}
_WEEKDAYS = "一二三四五六日"


def _override_dir() -> Path | None:
    """records/calendar when a records tree is found; `due` also works outside an office folder,
    but a --records or XUNCHA_RECORDS that names nothing is an error, not silently ignored."""
    import os

    from ..records.paths import ENV_VAR, RecordsNotFound, find_records

    if state.records_option or os.environ.get(ENV_VAR):
        return records_root() / "calendar"
    try:
        return find_records(None) / "calendar"
    except RecordsNotFound:
        return None


@calendar_app.command("check", help="列出各年度工作日历的来源，并检查 records/calendar/ 中的日历文件；"
                                    "给出年份时列出该年的放假日和调休上班日。日历文件有误时退出码 1。")
def check(
    year: Optional[int] = typer.Argument(None, metavar="YEAR", help="只看这一年（四位年份）。"),
) -> None:
    from ..calendar import WorkCalendar

    if year is not None and not 1900 <= year <= 2199:
        fail(f"年份 {year} 超出范围，应为四位年份，如 2027")
    root = records_root()
    folder = root / "calendar"
    shown = folder.relative_to(root.parent).as_posix()
    calendar = WorkCalendar(override_dir=folder)
    problems = calendar.problems()
    if year is None:
        years = calendar.covered_years()
        this_year = dt.date.today().year
        for extra in (this_year, this_year + 1):
            years.setdefault(extra, calendar.year_source(extra))
        typer.echo("各年度工作日历来源：")
        # Consecutive years from the same source on one line: the package alone spans two decades.
        spans: list[list] = []
        for y, source in sorted(years.items()):
            key = (source.kind, source.description if source.kind != "override" else y)
            if spans and spans[-1][2] == key and spans[-1][1] == y - 1:
                spans[-1][1] = y
            else:
                spans.append([y, y, key, source])
        for first, last, _, source in spans:
            years_text = str(first) if first == last else f"{first}—{last}"
            typer.echo(f"  {years_text}  {_KIND_NAMES[source.kind]}：{source.description}")
        typer.echo(f"未列出或标为暂定的年份，请在 {shown}/ 下添加该年日历文件（xuncha calendar add 年份），"
                   f"否则按法定节假日推算，涉及该年的期限均标为暂定。")
    else:
        source = calendar.year_source(year)
        typer.echo(f"{year}  {_KIND_NAMES[source.kind]}：{source.description}")
        days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(366)]
        days = [d for d in days if d.year == year]
        rest = [d for d in days if d.weekday() < 5 and not calendar.is_workday(d)]
        makeup = [d for d in days if d.weekday() >= 5 and calendar.is_workday(d)]
        typer.echo("工作日放假：" + ("、".join(d.isoformat() for d in rest) or "无"))
        typer.echo("调休上班（周末）：" + ("、".join(f"{d.isoformat()}（星期{_WEEKDAYS[d.weekday()]}）" for d in makeup) or "无"))
        problems = [p for p in problems if p.file.stem == str(year) or not p.file.stem.isdigit()]
    for warning in calendar.warnings():
        typer.echo(f"注：{warning.message}")
    for problem in problems:
        typer.echo(f"错误：{problem}")
    raise typer.Exit(EXIT_FINDINGS if problems else EXIT_OK)


@calendar_app.command("add", help="为 YEAR 年新建日历文件 records/calendar/YEAR.yaml（按法定节假日预填，待对照国务院"
                                  "办公厅通知核对），并提交 git。不会覆盖已有文件。")
def add(
    year: int = typer.Argument(..., metavar="YEAR", help="四位年份，如 2027。"),
    no_commit: bool = typer.Option(False, "--no-commit", help="只写文件，不提交 git。"),
) -> None:
    from ..calendar import override_skeleton
    from ..records.transaction import commit_message
    from ..records.writer import Changeset, WriteError
    from .common import report_commit, write_and_commit

    if not 1900 <= year <= 2199:
        fail(f"年份 {year} 超出范围，应为四位年份，如 2027")
    root = records_root()
    path = root / "calendar" / f"{year}.yaml"
    shown = path.relative_to(root.parent).as_posix()
    if path.exists():
        fail(f"{shown} 已存在，不会覆盖；请直接编辑该文件，或运行 xuncha calendar check {year} 检查")
    changes = Changeset()
    try:
        changes.create(path, override_skeleton(year))
    except WriteError as exc:
        fail(str(exc))
    message = commit_message("calendar add", str(year), summary="新建工作日历", details=[
        f"按法定节假日预填，待对照国务院办公厅关于{year}年部分节假日安排的通知核对"])
    outcome = write_and_commit(root, changes, message, no_commit=no_commit)
    typer.echo(f"已新建 {shown}：请对照国务院办公厅关于{year}年部分节假日安排的通知填写放假日和调休上班日，"
               f"核对无误后把 verified 改为 true。在此之前涉及{year}年的期限仍标为暂定。")
    report_commit(outcome, message, no_commit=no_commit)


@calendar_app.command("export", short_help="导出各项时限为日历文件（.ics）。", help=(
    "把未销号巡查尚未完成的各项时限导出为日历文件（iCalendar，RFC 5545），每项为到期日的全天事件，"
    "含巡查编号、事项、条款和提前提醒；重新导入时按同一标识更新，不会重复。"))
def export(
    out: Optional[Path] = typer.Option(None, "--out", metavar="文件", help="写入该文件（如 巡查时限.ics）；缺省输出到标准输出。"),
    inspection: Optional[str] = typer.Option(None, "--inspection", metavar="ID", help="只导出这一次巡查（巡查编号，如 2020-1-jianhu）。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="日期", help="以该日期为“今天”（YYYY-MM-DD），缺省为今天。"),
) -> None:
    from ..procedure.deadlines import calendar_for
    from ..records.writer import atomic_write
    from ..render.ics import build, open_deadlines

    if as_of:
        today = option_date(as_of)
        stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc)
    else:
        stamp = dt.datetime.now(dt.timezone.utc)
        today = dt.date.today()
    records, diagnostics = load_records()
    if inspection is not None and inspection not in records.inspections:
        known = "、".join(sorted(records.inspections)) or "（尚无巡查）"
        fail(f"没有巡查 {inspection}（{records.display(records.root / 'inspections' / inspection)} 不存在）；"
             f"现有巡查：{known}")
    errors = sum(d.is_error for d in diagnostics)
    if errors:
        warn(f"台账中有 {errors} 处错误，未能读取的环节按未完成计算，导出的时限可能不准确；请运行 xuncha validate 查看")
    calendar = calendar_for(records)
    deadlines = open_deadlines(records, calendar, today, inspection)
    content = build(records, calendar, deadlines, stamp)
    if out is None:
        typer.echo(content, nl=False)
    else:
        if out.is_dir():
            fail(f"--out {out} 是一个目录，请给出文件名，如 {out / '巡查时限.ics'}")
        try:
            atomic_write(out, content)
        except OSError as exc:
            from ..records.errors import os_reason
            fail(f"无法写入 {out}：{os_reason(exc)}")
        provisional = sum(d.provisional for d in deadlines)
        note = f"（其中 {provisional} 项为暂定日期）" if provisional else ""
        typer.echo(f"已导出 {len(deadlines)} 项时限到 {out}{note}：在日历软件中导入该文件即可；"
                   f"再次导出后重新导入，同一时限按原事件更新。")
    # The events carry dates only, so a year's note belongs to them only if a date was counted through it.
    for warning in calendar.warnings(frozenset().union(*(d.due.years for d in deadlines))):
        warn(warning.message)


commands.add_typer(calendar_app, name="calendar")

@commands.command("due", help="计算时限：DATE 之后第 N 个工作日（--workdays），或按民法典计算的 N 个月、N 天期间"
                              "（--months、--days，期间最后一日为休息日的顺延至下一个工作日）。第一项输出为 YYYY-MM-DD。")
def due(
    date: str = typer.Argument(..., metavar="DATE", help="起算日期（YYYY-MM-DD），当日不计入。"),
    workdays: Optional[int] = typer.Option(None, "--workdays", metavar="N", help="N 个工作日。"),
    months: Optional[int] = typer.Option(None, "--months", metavar="N", help="N 个月（半年为 6）。"),
    days: Optional[int] = typer.Option(None, "--days", metavar="N", help="N 天。"),
    as_json: bool = typer.Option(False, "--json", help='以 JSON 输出 {"date", "provisional", "source"}。'),
) -> None:
    from ..calendar import WorkCalendar

    start = option_date(date, "DATE")
    given = [name for name, value in (("--workdays", workdays), ("--months", months), ("--days", days))
             if value is not None]
    if len(given) != 1:
        fail("请在 --workdays N、--months N、--days N 中指定且只指定一项" +
             (f"（收到 {'、'.join(given)}）" if given else ""))
    value = workdays if workdays is not None else months if months is not None else days
    if value < 1:
        fail(f"{given[0]} 应为正整数，收到 {value}")
    calendar = WorkCalendar(override_dir=_override_dir())
    if workdays is not None:
        result = calendar.add_workdays(start, workdays)
    else:
        result = calendar.add_period(start, months=months or 0, days=days or 0)
    if as_json:
        print_json({"date": result.date.isoformat(), "provisional": result.provisional, "source": result.source})
    else:
        note = "（暂定）" if result.provisional else ""
        typer.echo(f"{result.date.isoformat()}  星期{_WEEKDAYS[result.date.weekday()]}{note}  依据：{result.source}")
    for warning in calendar.warnings():
        warn(warning.message)
