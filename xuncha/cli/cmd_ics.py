"""xuncha calendar export: the open deadlines as an .ics file for the clerks' calendar apps."""

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from .cmd_calendar import calendar_app
from .common import fail, load_records, option_date, warn


def register(app: typer.Typer) -> None:
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
