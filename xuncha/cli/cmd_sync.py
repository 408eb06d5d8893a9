"""xuncha sync / resolve / merge-driver: one office remote, teams on laptops."""

from typing import Optional

import typer

from .classes import declare_commands

commands = declare_commands()


def _validator(records_root):
    """The merged tree's errors as printed lines (warnings do not stop a sync)."""
    import datetime as dt

    from ..procedure.validate import validate_records
    from ..records.loader import load
    from .common import state

    records, diagnostics = load(records_root, cache=state.use_cache)
    return [d.format() for d in validate_records(records, diagnostics, dt.date.today()) if d.is_error]


def _listed(title: str, lines: list[str]) -> None:
    if lines:
        typer.echo(title)
        for line in lines:
            typer.echo(f"  {line}")


@commands.command("sync", help="与办公室的远端仓库同步。获取（fetch）、按内容合并（从不变基，保留谁在何时记录了什么）、"
                              "检查合并后的台账、推送（push）；有真正的冲突、合并后的台账有错误或没有远端时拒绝，不推送。")
def sync(
    dry_run: bool = typer.Option(False, "--dry-run", help="只获取并列出将要合并进来和推送出去的提交，不改动台账。"),
) -> None:
    from ..procedure.sync import SyncRefused
    from ..procedure.sync import sync as run_sync
    from .common import begin_writing, fail, records_root

    root = records_root()
    if not dry_run:
        begin_writing(root)  # no clerk's command writes while the merge is under way
    try:
        report = run_sync(root, dry_run=dry_run, validate=_validator)
    except SyncRefused as exc:
        fail(str(exc))
    ref = report.upstream.ref
    if dry_run:
        typer.echo(f"与 {ref} 相比：本地领先 {report.ahead} 个提交、落后 {report.behind} 个提交（--dry-run，未作任何改动）")
        _listed("将合并进来的提交：", report.incoming)
        _listed("将推送出去的提交：", report.outgoing)
        return
    for line in report.registered:
        typer.echo(f"已登记按内容合并：{line}")
    _listed("双方都新增了相同编号：远端的编号保持不变，本机新增的一方已重新编号（引用处一并改写）：", report.renumbered)
    _listed(f"已从 {ref} 合并 {len(report.incoming)} 个提交：", report.incoming)
    if report.finished:
        typer.echo(f"已完成合并：提交 {report.merge_commit[:10]}（合并冲突的处理写在提交说明中）。")
    if report.pushed:
        typer.echo(f"已推送到 {ref}。")
    if not report.incoming and not report.pushed and not report.finished:
        typer.echo(f"已与 {ref} 一致，无需同步。")

@commands.command("resolve", help="合并冲突：不带参数列出尚未解决的冲突（双方的值和是谁改的）；"
                                 "N --use 本地|远端 或 N --value 值 决定第 N 项。全部解决后运行 xuncha sync 完成合并并推送。")
def resolve(
    number: Optional[int] = typer.Argument(None, metavar="N", help="要决定的冲突序号（见不带参数时的列表）。"),
    use: Optional[str] = typer.Option(None, "--use", metavar="本地|远端", help="取哪一方的值：本地（ours）或远端（theirs）。"),
    value: Optional[str] = typer.Option(None, "--value", metavar="值", help="两方都不取，改为这个值。"),
) -> None:
    from ..procedure.sync import SyncRefused, repository
    from ..procedure.sync import resolve as run_resolve
    from ..records import mergedriver
    from .common import EXIT_FINDINGS, begin_writing, fail, records_root

    root = records_root()
    try:
        repo = repository(root)
    except SyncRefused as exc:
        fail(str(exc))
    if number is None:
        listed = [(path, c) for path, conflicts in mergedriver.open_conflicts(repo) for c in conflicts]
        if not listed:
            typer.echo("没有尚未解决的合并冲突。")
            return
        for index, (path, conflict) in enumerate(listed, 1):
            typer.echo(f"{index}. {mergedriver.describe(path, conflict).removeprefix('[合并冲突] ')}")
        typer.echo(f"共 {len(listed)} 项。决定第 N 项：xuncha resolve N --use 本地（或 远端），或 --value 值")
        raise typer.Exit(EXIT_FINDINGS)
    sides = {"本地": "ours", "ours": "ours", "远端": "theirs", "theirs": "theirs"}
    if (use is None) == (value is None):
        fail("请用 --use 本地|远端 或 --value 值 二者之一说明取哪个值")
    if use is not None and use not in sides:
        fail(f"--use 只能是 本地（ours）或 远端（theirs），不是“{use}”")
    begin_writing(root)
    try:
        done, left = run_resolve(root, number, sides.get(use) if use else None, value)
    except SyncRefused as exc:
        fail(str(exc))
    typer.echo(f"已决定：{done}")
    typer.echo(f"还有 {left} 项冲突，运行 xuncha resolve 查看。" if left else
               "冲突已全部解决：运行 xuncha sync 完成合并、检查台账并推送。")

@commands.command("merge-driver", help="由 git 调用的台账合并驱动（%O %A %B %P），按内容合并记录文件；"
                                      "由 xuncha init 或 xuncha doctor --fix 登记，不需手工运行。")
def merge_driver(
    base: str = typer.Argument(..., metavar="O", help="共同基础版本（%O）。"),
    ours: str = typer.Argument(..., metavar="A", help="本地版本，合并结果写回此文件（%A）。"),
    theirs: str = typer.Argument(..., metavar="B", help="对方版本（%B）。"),
    path: str = typer.Argument(..., metavar="P", help="文件在仓库中的路径（%P）。"),
) -> None:
    from ..records.mergedriver import run

    raise typer.Exit(run(base, ours, theirs, path))
