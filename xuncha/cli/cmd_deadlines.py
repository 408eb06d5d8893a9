"""xuncha check-deadlines (for cron) and xuncha status: the deadlines of 四、巡查程序, from the records.

check-deadlines is built for a morning cron job: silent when there is nothing to do, so cron
sends mail only when something is due soon (exit 0) or overdue (exit 1).
"""

import datetime as dt
from typing import Optional

import typer

from .. import seed
from .classes import declare_commands
from .common import (EXIT_FINDINGS, EXIT_OK, is_terminal, option_date, print_json, records_root, remembered,
                     remembered_output, state, warn)

commands = declare_commands()

# Listed in this order: the worst first.
_SHOWN = ("overdue", "due-soon", "late")


def _line(d, today: dt.date) -> str:
    """One deadline in plain text, for cron mail."""
    from ..procedure.deadlines import DEADLINE_STATUS_NAMES

    head = f"[{DEADLINE_STATUS_NAMES[d.status]}] {d.inspection} {d.target} "
    if d.status == "late":
        return head + d.late_message() + f"（{d.clause}）"
    if d.status == "overdue":
        tail = f"已逾期 {-d.working_days_left} 个工作日" if d.working_days_left else f"已逾期 {(today - d.due.date).days} 天"
    else:
        tail = _left(d, today, "还剩")
    return head + f"{d.title}应于 {d.due_text()} 前{_verb(d)}（{d.rule}，{d.clause}），{tail}"


def _left(d, today: dt.date, word: str) -> str:
    """Due today only on the due date itself: a date after a run of holidays has no working day
    left before it, yet it is not today (2027-02-05 looking at 2027-02-09 across 春节)."""
    if d.due.date == today:
        return "今天到期"
    if d.working_days_left == 0:
        return f"{(d.due.date - today).days} 天后到期，其间没有工作日"
    return f"{word} {d.working_days_left} 个工作日"


def _verb(d) -> str:
    from ..procedure.deadlines import DEADLINE_OF_STEP

    # A stalled problem (procedure/stalled.py) carries its own verb; steps take theirs from the table.
    return getattr(d, "verb", None) or DEADLINE_OF_STEP[d.step].verb



def _remaining(d, today: dt.date) -> str:
    if d.status == "late":
        return f"{d.done.isoformat()} 完成"
    if d.status == "overdue":
        return f"逾期 {-d.working_days_left} 个工作日" if d.working_days_left else f"逾期 {(today - d.due.date).days} 天"
    return _left(d, today, "剩")


def _calendar_notes(warnings, years) -> None:
    """Each year's calendar note once, last, and only when a shown date or count depends on that year.
    ``warnings`` are the calendar's notes for every year consulted (remembered with the answer)."""
    shown = frozenset().union(*years)
    for warning in warnings:
        if warning.year in shown:
            typer.echo(f"注：{warning.message}")


def _table(items, today: dt.date) -> None:
    from ..procedure.deadlines import DEADLINE_STATUS_NAMES
    from ..procedure.warning import level
    from .levels import level_style
    from .tables import print_table

    rows = [[DEADLINE_STATUS_NAMES[d.status], d.inspection, d.target, d.title, d.due_text(), f"{d.rule}（{d.clause}）",
             _remaining(d, today)] for d in items]
    print_table(("状态", "巡查编号", "巡查对象", "事项", "时限", "依据", "情况"), rows,
                [level_style(level(d.status)) for d in items])


@commands.command("check-deadlines", help=(
    "检查各项时限（供 cron 每天早晨运行）：列出已逾期、N 个工作日内到期的事项，以及逾期完成的环节。"
    "无逾期、无即将到期事项时不输出任何内容，退出码 0；有即将到期或逾期事项时列出并以 1 退出，"
    f"cron 和脚本据此提醒。反馈后{seed.RECTIFICATION_REPORT_PERIOD}仍未整改到位的问题也列为逾期（四（七））；已过年度方案计划进驻日期仍未进驻的巡查、"
    "已过本轮开始日期仍未开启的轮次列为“start”事项（四（一））。已销号的巡查不再检查。"))
def check_deadlines(
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="日期", help="以该日期为“今天”检查（YYYY-MM-DD），缺省为今天。"),
    within: int = typer.Option(3, "--within", metavar="N", min=0, help="N 个工作日内到期即列出（缺省 3）。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 列表输出未销号巡查的每一项时限。"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只列出已逾期的事项。"),
) -> None:
    today = option_date(as_of)

    def compute():
        from ..procedure.progress import deadlines_of_tree

        return deadlines_of_tree(records_root(), today, within, cache=state.use_cache)

    def show():
        errors, deadlines, calendar_warnings = remembered("check-deadlines", (today, within), compute)
        if errors:
            # A step file the loader could not read looks like a step not done: say so, even in cron.
            warn(f"台账中有 {errors} 处错误，未能读取的环节按未完成计算，以下时限可能不准确；请运行 xuncha validate 查看")
        overdue = any(d.status == "overdue" for d in deadlines)
        # Something due is as much a reason to act as something overdue: a script sees both.
        due = overdue or (not quiet and any(d.status == "due-soon" for d in deadlines))
        code = EXIT_FINDINGS if due else EXIT_OK
        if as_json:
            print_json([d.as_json() for d in deadlines if not quiet or d.status == "overdue"])
            raise typer.Exit(code)
        wanted = ("overdue",) if quiet else _SHOWN
        if not any(d.status in ("overdue", "due-soon") for d in deadlines) or (quiet and not overdue):
            raise typer.Exit(code)
        items = sorted((d for d in deadlines if d.status in wanted),
                       key=lambda d: (_SHOWN.index(d.status), d.due.date, d.inspection))
        if is_terminal():
            _table(items, today)
        else:
            for d in items:
                typer.echo(_line(d, today))
        counts = {s: sum(d.status == s for d in deadlines) for s in _SHOWN}
        summary = f"截至 {today.isoformat()}：已逾期 {counts['overdue']} 项"
        if not quiet:
            summary += f"，{within} 个工作日内到期 {counts['due-soon']} 项，逾期完成 {counts['late']} 项"
        typer.echo(summary + "。")
        if any(d.provisional for d in items):
            typer.echo("标“（暂定）”的日期涉及未见国务院节假日安排通知的年份：")
        from ..procedure.deadlines import calendar_years

        _calendar_notes(calendar_warnings, (calendar_years(d, today) for d in items))
        raise typer.Exit(code)

    remembered_output("check-deadlines", (today, within, as_json, quiet), show)


@commands.command("status", help="列出每次巡查的巡查对象、最近完成的环节、下一环节及其时限。")
def status(
    inspection_id: Optional[str] = typer.Argument(None, metavar="ID", help="只看这一次巡查（巡查编号，如 2020-1-jianhu）。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="日期", help="列出截至该日期的进度和时限（YYYY-MM-DD），缺省为今天。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 列表输出。"),
    within: int = typer.Option(3, "--within", metavar="N", min=0, help="N 个工作日内到期为黄色预警（缺省 3）。"),
) -> None:
    today = option_date(as_of)

    def compute():
        from ..procedure.progress import status_of_tree

        return status_of_tree(records_root(), today, inspection_id, within, cache=state.use_cache)

    # How this clone stands with the office's remote is git's state, not the records': asked every time.
    remote = None if as_json else _remote_line(records_root())

    def show():
        rows, calendar_warnings = remembered("status", (today, inspection_id, within), compute)
        if as_json:
            print_json([{"inspection": i, "target": t, "last_step": l.name if l else None,
                         "next_step": n.name if n else None,
                         "next_due": d.due.date.isoformat() if d else None, "level": c}
                        for i, t, l, n, d, c in rows])
            return
        lines = [(i, t, f"{l.chinese}（{l.name}）" if l else "—", f"{n.chinese}（{n.name}）" if n else "已销号",
                  f"{d.due_text()}（{d.clause}）{_overdue_mark(d)}" if d else "—") for i, t, l, n, d, _ in rows]
        if is_terminal():
            from .levels import level_style
            from .tables import print_table

            # On a terminal the step's code goes under its name: a column then wraps between them, not inside a word.
            cells = [[i, t, l.replace("（", "\n（", 1), n.replace("（", "\n（", 1),
                      f"{d.due_text()}\n（{d.clause}）" + (f"\n{_overdue_mark(d)}" if _overdue_mark(d) else "")
                      if d else "—"]
                     for (i, t, l, n, _), (*_, d, _) in zip(lines, rows)]
            print_table(("巡查编号", "巡查对象", "最近完成", "下一环节", "时限"), cells,
                        [level_style(colour) for *_, colour in rows])
        else:
            for i, t, l, n, d in lines:
                typer.echo(f"{i}\t{t}\t最近完成：{l}\t下一环节：{n}\t时限：{d}")
        if remote:
            typer.echo(remote)
        # status shows dates, not counts of working days: only a date's own years call for a note.
        _calendar_notes(calendar_warnings, (d.due.years for *_, d, _ in rows if d is not None))


    remembered_output("status", (today, inspection_id, within, as_json, remote), show)

def _overdue_mark(d) -> str:
    """An overdue next step says so in words: colour is lost in cron mail and on a printout."""
    return "（已逾期）" if getattr(d, "status", None) == "overdue" else ""


def _remote_line(records_root) -> str | None:
    """How far this clone is from the office's remote, as of the last fetch (status never goes on the network)."""
    from ..procedure.sync import tracking_status

    found = tracking_status(records_root)
    if found is None:
        return None
    upstream, counts = found
    if counts is None:
        return f"远端 {upstream.ref}：尚未获取或尚无此分支，运行 xuncha sync 同步。"
    ahead, behind = counts
    if not ahead and not behind:
        return f"与远端 {upstream.ref} 一致（截至上次获取）。"
    parts = [f"本地有 {ahead} 个提交尚未推送" if ahead else "", f"落后远端 {behind} 个提交" if behind else ""]
    return f"与远端 {upstream.ref} 相比（截至上次获取）：{'，'.join(p for p in parts if p)}；运行 xuncha sync 同步。"
