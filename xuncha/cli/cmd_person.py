"""xuncha person add|update: the roster over time (二（二）、五（三）), one commit per change."""

from typing import Optional

import typer

from .classes import declare_commands
from .common import ALLOW_FUTURE, TODAY

commands = declare_commands()


def _apply(build, message_of) -> None:
    from .common import records_for_writing, report_commit, write_and_commit

    records = records_for_writing()
    change = build(records)  # a RosterRefused is shown, with its findings, by the one handler
    message = message_of(change)
    outcome = write_and_commit(records.root, change.changes, message)
    typer.echo(f"已记录：{change.summary}。")
    for diagnostic in change.warnings:
        typer.echo(diagnostic.format(), err=True)
    if change.warnings:
        typer.echo(f"警告：尚未批准的年度方案中有 {len(change.warnings)} 处巡查组按新的名册不再符合规定，请在报审前调整。",
                   err=True)
    report_commit(outcome, message)


def _dated(since: str | None, allow_future: bool, today: str | None):
    """(today, the effective date): ``--since`` may not lie after today unless --allow-future."""
    from .common import today_of, written_date

    now = today_of(today)
    return now, written_date(since, "--since", what="生效日期", allow_future=allow_future, today=now)


def _message(action: str, person_id: str, day, reason: str | None = None):
    from ..records.transaction import commit_message

    return lambda change: commit_message(action, person_id, date=day.isoformat(), clause="二（二）",
                                         summary=change.summary, details=[f"依据：{reason}"] if reason else None)


person_app = typer.Typer(short_help="巡查人员名册：登记人员、记录任职变动（二（二）、五（三））。",
                         help="巡查人员名册 people.yaml（二（二）、五（三））：登记人员，记录所在单位、职级、在职状态的变动及其生效日期。"
                              "巡查组按授权之日的名册判断，变动不改写过去。每次改动提交一次 git。",
                         no_args_is_help=True, rich_markup_mode=None)
commands.add_typer(person_app, name="person")

@person_app.command("add", help="在人员名册中登记一名人员（ID 为人员编号，如 li-ming）。")
def add(
    person_id: str = typer.Argument(..., metavar="ID", help="人员编号：小写字母、数字和连字符，如 li-ming。"),
    name: str = typer.Option(..., "--name", help="姓名。"),
    unit: str = typer.Option(..., "--unit", metavar="单位编号", help="所在单位编号（config.yaml 中的巡查对象或其他单位）。"),
    rank: Optional[str] = typer.Option(None, "--rank", metavar="职级", help="正厅级、副厅级、正处级、副处级、正科级、副科级、科员、其他。"),
    post: Optional[str] = typer.Option(None, "--post", metavar="状态", help="现职、退出领导岗位、非领导职务。"),
    position: Optional[str] = typer.Option(None, "--position", metavar="职务", help="职务。"),
    familiar: bool = typer.Option(False, "--familiar", help="熟悉安全生产监管工作（组长须具备，二（二））。"),
    expert: bool = typer.Option(False, "--expert", help="安全专家（二（二））。"),
    expertise: Optional[str] = typer.Option(None, "--expertise", help="专业领域（安全专家）。"),
    phone: Optional[str] = typer.Option(None, "--phone", help="工作电话（不印入公开的公文，五（三））。"),
    since: Optional[str] = typer.Option(None, "--since", metavar="日期", help="以上登记的生效日期（YYYY-MM-DD），缺省为今天。"),
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
) -> None:
    from ..procedure.roster import add_person

    now, day = _dated(since, allow_future, today)
    _apply(lambda records: add_person(records, person_id, name=name, unit=unit, since=day, today=now, rank=rank,
                                      post=post, position=position, familiar=familiar, expert=expert,
                                      expertise=expertise, phone=phone),
           _message("person add", person_id, day))

@person_app.command("update", help="记录人员 ID 的任职变动（所在单位、职级、在职状态、职务）及其生效日期 --since。"
                                   "变动追加在名册中，不改写原有登记；会使已授权的巡查组不合规定的变动被拒绝。")
def update(
    person_id: str = typer.Argument(..., metavar="ID", help="人员编号。"),
    since: str = typer.Option(..., "--since", metavar="日期", help="变动的生效日期（YYYY-MM-DD），如任免文件的日期。"),
    unit: Optional[str] = typer.Option(None, "--unit", metavar="单位编号", help="新的所在单位编号。"),
    rank: Optional[str] = typer.Option(None, "--rank", metavar="职级", help="新的职级。"),
    post: Optional[str] = typer.Option(None, "--post", metavar="状态", help="新的在职状态：现职、退出领导岗位、非领导职务。"),
    position: Optional[str] = typer.Option(None, "--position", metavar="职务", help="新的职务。"),
    reason: Optional[str] = typer.Option(None, "--reason", help="变动依据，如任免文号（写入名册和 git 提交）。"),
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
) -> None:
    from ..procedure.roster import update_person

    now, day = _dated(since, allow_future, today)
    _apply(lambda records: update_person(records, person_id, since=day, today=now, unit=unit, rank=rank, post=post,
                                         position=position, reason=reason),
           _message("person update", person_id, day, reason))
