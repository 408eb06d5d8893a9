"""xuncha commit -m MESSAGE: validate the clerk's hand edits of the records and commit only those files."""

import typer

from .classes import declare_commands

commands = declare_commands()


@commands.command("commit", help="提交手工编辑的台账文件：先检查整套台账（同 xuncha validate），无错误时只提交 records/ 下"
                                 "改动过的记录文件（新建、修改、删除），不带入暂存区中的其他文件；有错误时拒绝，不提交任何文件。")
def commit(
    message: str = typer.Option(..., "-m", "--message", metavar="说明", help="这次手工编辑改了什么、为什么（写入 git 提交）。"),
) -> None:
    from ..procedure.handedit import HandEditRefused, prepare
    from ..records import git
    from .common import fail, load_records, option_date, records_root

    root = records_root()
    records, loaded = load_records()
    try:
        prepared = prepare(root, message, records, loaded, option_date(None))
    except HandEditRefused as exc:
        for diagnostic in exc.diagnostics[:20]:
            typer.echo(diagnostic.format(), err=True)
        fail(str(exc))
    if prepared is None:
        typer.echo("records/ 下没有尚未提交的记录文件改动，无需提交。")
        return
    try:
        commit_id = git.commit(prepared.repo, prepared.paths, prepared.message)
    except git.GitError as exc:
        fail(f"{git.commit_failure(prepared.repo, exc)}；台账文件未作改动，改正后重新运行 xuncha commit")
    typer.echo(f"台账检查无错误，已提交 {len(prepared.paths)} 个记录文件：")
    for line in prepared.shown:
        typer.echo(f"  {line}")
    typer.echo(f"已提交 git：{commit_id[:10]}  {prepared.message.splitlines()[0]}")
