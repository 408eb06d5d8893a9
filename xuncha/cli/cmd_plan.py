"""xuncha plan new|approve|publish and xuncha new-round: the annual plan and opening its rounds (四（一）、五（五）)."""

from typing import List, Optional

import typer

from .classes import declare_commands
from .common import (ALLOW_FUTURE, EXIT_REFUSED, TODAY, fail, records_for_writing, report_commit, today_of, warn,
                     write_and_commit, written_date)

commands = declare_commands()


def prepared(build):
    """Load the records, refuse on what the loader could not read, and let ``build`` prepare the change."""
    from ..procedure.planning import PlanningRefused

    records = records_for_writing()
    try:
        return records, build(records)
    except PlanningRefused as exc:
        refused(exc)


def refused(exc) -> None:
    for diagnostic in exc.diagnostics:
        typer.echo(diagnostic.format(), err=True)
    fail(str(exc), EXIT_REFUSED)


NO_COMMIT = typer.Option(False, "--no-commit", help="只写文件，不提交 git。")


plan_app = typer.Typer(short_help="年度安全生产巡查工作方案：编制、审议批准、公开。", help="年度安全生产巡查工作方案（四（一）、五（五））：编制、审议批准、向社会公开。",
                       no_args_is_help=True, rich_markup_mode=None)
commands.add_typer(plan_app, name="plan")

@plan_app.command("new", short_help="编制年度方案骨架，列出本届任期尚未巡查的对象。", help="编制 YEAR 年度方案骨架 records/plans/YEAR.yaml，列出本届任期尚未巡查的全部对象。已存在时拒绝。")
def plan_new(year: int = typer.Argument(..., metavar="YEAR", help="年度，如 2021。"),
             no_commit: bool = NO_COMMIT) -> None:
    from ..procedure.planning import new_plan
    from ..records.transaction import commit_message

    import datetime as dt

    from ..procedure.planning import outside_term

    records, (changes, path) = prepared(lambda records: new_plan(records, year))
    message = commit_message("plan new", str(year), clause="四（一）", summary="编制年度方案")
    outcome = write_and_commit(records.root, changes, message, no_commit=no_commit)
    typer.echo(f"已新建 {records.display(path)}：请填写各轮日期、巡查重点和巡查组，再运行 xuncha validate 检查。")
    report_commit(outcome, message, no_commit=no_commit)
    stale = outside_term(records, dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")
    if stale:
        warn(stale)

@plan_app.command("approve", short_help="记录领导小组研究、市委市政府批准（四（一））。", help="记录年度方案的审议批准：先 --by 领导小组（研究），再 --by 市委市政府（批准）（四（一））。")
def plan_approve(
    year: int = typer.Argument(..., metavar="YEAR", help="年度。"),
    by: str = typer.Option(..., "--by", metavar="机关", help="领导小组 或 市委市政府（也可写 leading-group、city）。"),
    date: Optional[str] = typer.Option(None, "--date", metavar="日期", help="研究或批准日期（YYYY-MM-DD），缺省为今天。"),
    reference: Optional[str] = typer.Option(None, "--reference", metavar="文号", help="会议纪要或批准文号。"),
    no_commit: bool = NO_COMMIT,
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
) -> None:
    from ..model.plan import APPROVER_NAMES
    from ..procedure.planning import approve, approver_code
    from ..records.transaction import commit_message

    day = written_date(date, "--date", what="研究或批准日期", allow_future=allow_future, today=today_of(today))
    records, changes = prepared(lambda records: approve(records, year, by, day, reference))
    code = approver_code(by)
    action = "领导小组研究年度方案" if code == "leading-group" else "市委市政府批准年度方案"
    message = commit_message("plan approve", str(year), date=day.isoformat(), clause="四（一）", summary=action)
    outcome = write_and_commit(records.root, changes, message, no_commit=no_commit)
    typer.echo(f"已记录 {year} 年度方案经{APPROVER_NAMES[code]}，日期 {day}。")
    if getattr(changes, "given_number", None):
        typer.echo(f"方案未写发文字号，已分配 {changes.given_number}（该机关代字本年度已用的最大序号之后的下一个）")
    report_commit(outcome, message, no_commit=no_commit)
    if code == "city":
        typer.echo(f"下一步：向社会公开（xuncha plan publish {year} --media 媒体 --date 日期），"
                   f"开启巡查（xuncha new-round {year}）。")

@plan_app.command("publish", short_help="记录经批准的年度方案向社会公开（五（五））。", help="记录经批准的年度方案通过市级或当地主要新闻媒体向社会公开（五（五））。")
def plan_publish(
    year: int = typer.Argument(..., metavar="YEAR", help="年度。"),
    media: List[str] = typer.Option(..., "--media", metavar="媒体", help="公开的新闻媒体，可写多次或用顿号分隔。"),
    date: Optional[str] = typer.Option(None, "--date", metavar="日期", help="公开日期（YYYY-MM-DD），缺省为今天。"),
    no_commit: bool = NO_COMMIT,
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
) -> None:
    from ..procedure.planning import publish
    from ..records.transaction import commit_message

    day = written_date(date, "--date", what="公开日期", allow_future=allow_future, today=today_of(today))
    records, changes = prepared(lambda records: publish(records, year, media, day))
    known = set(records.config.media) if records.config else set()
    for name in media:
        for item in name.replace("，", ",").replace("、", ",").split(","):
            if item.strip() and known and item.strip() not in known:
                typer.echo(f"警告：{item.strip()} 不在 config.yaml 登记的市级主要新闻媒体中", err=True)
    message = commit_message("plan publish", str(year), date=day.isoformat(), clause="五（五）",
                             summary="年度方案向社会公开")
    outcome = write_and_commit(records.root, changes, message, no_commit=no_commit)
    typer.echo(f"已记录 {year} 年度方案于 {day} 向社会公开。")
    report_commit(outcome, message, no_commit=no_commit)

@commands.command("new-round", short_help="依据已批准的年度方案开启一轮巡查（四（一））。", help="依据已经市委、市政府批准的年度方案开启一轮巡查：每个巡查对象一个文件夹（含巡查组和计划日期），"
                                    "一次提交。巡查组不符合规定、方案未批准或该轮已开启时拒绝，不写任何文件。"
                                    "--amend --date 日期 --reason 原因 更正已开启轮次的开启日期。")
def new_round(
    year: int = typer.Argument(..., metavar="YEAR", help="年度。"),
    number: Optional[int] = typer.Option(None, "--round", metavar="N", help="轮次；缺省为第一个尚未开启的轮次。"),
    date: Optional[str] = typer.Option(None, "--date", metavar="日期",
                                       help="开启日期（YYYY-MM-DD）。缺省为今天；本轮按方案已在今天之前开始时，取方案经市委、市政府批准之日。"),
    amend: bool = typer.Option(False, "--amend", help="更正已开启轮次的开启日期（须同时写 --round、--date 和 --reason）。"),
    reason: Optional[str] = typer.Option(None, "--reason", help="更正原因，写入 git 提交。"),
    no_commit: bool = NO_COMMIT,
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
) -> None:
    from ..procedure.planning import open_round
    from ..records.transaction import commit_message

    now = today_of(today)
    day = written_date(date, "--date", what="开启日期", allow_future=allow_future, today=now) if date else None
    if amend:
        return amend_round(year, number, day, reason, no_commit)
    if reason:
        fail("--reason 只与 --amend 一起使用：更正已开启轮次的开启日期时说明原因")
    records, opening = prepared(lambda records: open_round(records, year, number, day, today=now))
    round_number, day = opening.round.number, opening.day
    message = commit_message("new-round", f"{year} round {round_number}", date=day.isoformat(), clause="四（一）",
                             summary=f"开启{year}年第{round_number}轮巡查",
                             details=[f"{o.id} {o.target_name}" for o in opening.opened])
    outcome = write_and_commit(records.root, opening.changes, message, no_commit=no_commit)
    typer.echo(f"已开启 {year} 年第 {round_number} 轮巡查，共 {len(opening.opened)} 个巡查对象，开启日期 {day}：")
    for item in opening.opened:
        kind = "专项巡查" if item.special else "巡查"
        typer.echo(f"  {item.id}  {item.target_name}（{kind}）  {first_deadline(records, item)}")
    if opening.note:
        typer.echo(f"说明：{opening.note}")
    report_commit(outcome, message, no_commit=no_commit)
    if opening.term_warning:
        warn(opening.term_warning)
    typer.echo("下一步：为每个巡查出具授权书（一次一授权，五（二）），并可提前告知被巡查地区或单位（四（一））。")


def amend_round(year: int, number: int | None, day, reason: str | None, no_commit: bool) -> None:
    """new-round --amend: the opening date of a round already opened, corrected with a reason."""
    from ..procedure.planning import amend_opening
    from ..records.transaction import commit_message

    if number is None or day is None:
        fail("更正开启日期须写明 --round 轮次 和 --date 新的开启日期")
    records, amendment = prepared(lambda records: amend_opening(records, year, number, day, reason))
    message = commit_message("amend new-round", f"{year} round {number}", date=day.isoformat(), clause="四（一）",
                             summary=f"更正{year}年第{number}轮开启日期",
                             details=[f"{i} {amendment.before[i] or '（未记）'} → {day}" for i in amendment.ids]
                             + [f"更正原因：{reason.strip()}"])
    outcome = write_and_commit(records.root, amendment.changes, message, no_commit=no_commit)
    typer.echo(f"已更正 {year} 年第 {number} 轮的开启日期为 {day}（{'、'.join(amendment.ids)}）。")
    report_commit(outcome, message, no_commit=no_commit)


def first_deadline(records, item) -> str:
    """The first date the clerk must meet: a new inspection has no recorded step yet, so the
    deadlines of 四（四）-（七） cannot start; what binds is the plan's entry and the 二（一） limit."""
    from ..seed import tour_days

    limit = tour_days(item.special)
    return f"计划进驻 {item.start}，计划结束 {item.end}（巡查时间不超过{limit}天，二（一））"
