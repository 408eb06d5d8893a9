"""xuncha init: a new records tree with the Yancheng defaults, or a copy of the bundled example."""

import os
from pathlib import Path
from typing import Optional

import typer

from .classes import declare_commands

commands = declare_commands()


@commands.command("init", help="在目录 DIR（缺省为当前目录）下新建一套巡查台账 records/，使用盐城市的缺省配置，"
                              "并作为第一次提交记入 git（目录不在 git 仓库中时先执行 git init）。"
                              "加 --example 则新建自带示例台账的副本，可直接试用各条命令。不会覆盖任何已有文件。")
def init(
    directory: Optional[Path] = typer.Argument(None, metavar="DIR", help="新建台账的目录。"),
    example: bool = typer.Option(False, "--example",
                                 help="复制 xuncha 自带的示例台账（2020年度方案和第一轮三次巡查），供试用和培训。"),
) -> None:
    from ..records.scaffold import scaffold

    target = (directory or Path.cwd()).resolve()
    created, repo_created, commit = scaffold(target, example=example)
    what = "示例巡查台账（2020年度方案，第一轮三次巡查）" if example else "巡查台账"
    typer.echo(f"已在 {target / 'records'} 新建{what}，共 {len(created)} 个文件。")
    if repo_created:
        typer.echo(f"已在 {target} 执行 git init：此后每次记录都会提交一次，作为审计留痕。")
    typer.echo(f"已提交 git：{commit[:10]}  新建台账的全部文件")
    typer.echo("多人协作：台账记录文件按内容合并（.gitattributes、.git/config 已登记），git pull 和 xuncha sync "
               "合并两处同时新增的问题、工作记录时不会冲突（见 docs/sync.md）。")
    typer.echo("编辑器：records/.schema/ 中是各类记录文件的 JSON Schema，VS Code 装 YAML 插件后手工编辑即有字段补全和错误提示。")
    typer.echo("提交前检查：.pre-commit-config.yaml 已写好，运行 pre-commit install 后，台账有错误时 git commit 会被拒绝。")
    typer.echo("每天检查时限：运行 xuncha doctor --crontab 得到可直接加入 crontab 的一行。")
    if example:
        typer.echo(f"下一步：cd {_shown(target)}，再试 xuncha status、xuncha check-deadlines --as-of 2020-07-03、"
                   "xuncha render all 2020-1-dongtai。")
    else:
        typer.echo("下一步：核对 records/config.yaml 中的一届任期（term）和巡查对象目录（二（一）），"
                   "在 records/people.yaml 中登记巡查组人员，再运行 xuncha plan new 年度 编制年度方案。")


def _shown(target: Path) -> str:
    relative = os.path.relpath(target, Path.cwd())
    return relative if not relative.startswith("..") else str(target)
