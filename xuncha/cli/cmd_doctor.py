"""xuncha doctor: check the working setup and say how to fix each gap."""

from typing import Optional

import typer

from .classes import declare_commands

commands = declare_commands()


@commands.command("doctor", help="检查工作环境：git 及身份、台账、节假日日历、LibreOffice 和公文字体、缓存、编辑器架构，"
                                "逐项说明如何解决。有阻断工作的问题时退出码 1。")
def doctor(
    as_json: bool = typer.Option(False, "--json", help="以 JSON 列表输出每项检查。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="日期", help="以该日期为“今天”检查（YYYY-MM-DD）。"),
    fix: bool = typer.Option(False, "--fix", help="先修好能自动修好的项（本克隆的按内容合并登记），再检查。"),
    crontab: bool = typer.Option(False, "--crontab",
                                 help="不做检查，只输出一行可加入 crontab 的定时任务：工作日每天早晨对本台账运行 "
                                      "check-deadlines（全部用绝对路径，不依赖虚拟环境和 PATH）。"),
    at: str = typer.Option("07:30", "--at", metavar="时:分", help="与 --crontab 同用：每天运行的时刻，缺省 07:30。"),
) -> None:
    from ..doctor import CHECK_STATUS_NAMES, blocks_work, run_checks
    from ..doctor import fix as run_fix
    from .common import EXIT_FINDINGS, EXIT_OK, option_date, print_json, state

    if crontab:
        _print_crontab(at)
        return
    if fix:
        for line in run_fix(state.records_option):
            typer.echo(line, err=as_json)

    checks = run_checks(state.records_option, option_date(as_of))
    if as_json:
        print_json([c.as_json() for c in checks])
    else:
        for check in checks:
            typer.echo(f"[{CHECK_STATUS_NAMES[check.status]}] {check.name}：{check.detail}")
            if check.fix:
                typer.echo(f"       解决：{check.fix}")
        counts = {status: sum(c.status == status for c in checks) for status in CHECK_STATUS_NAMES}
        typer.echo(f"共 {counts['ok']} 项通过、{counts['warning']} 项警告、{counts['blocking']} 项阻断。")
    raise typer.Exit(EXIT_FINDINGS if blocks_work(checks) else EXIT_OK)


def _print_crontab(at: str) -> None:
    import datetime as dt

    from ..doctor import crontab_entry
    from .common import fail, records_root

    try:
        hour, minute = (int(part) for part in at.split(":"))
        time = dt.time(hour, minute)
    except ValueError:
        fail(f"--at 应写成 时:分（如 07:30），收到“{at}”")
    root = records_root()
    typer.echo("# xuncha：工作日每天早晨检查巡查时限（四（四）（五）（七））；无到期事项时不输出，cron 也就不发邮件。")
    typer.echo("# 加入方法：(crontab -l 2>/dev/null; xuncha doctor --crontab) | crontab -")
    typer.echo(crontab_entry(root, time))

