"""xuncha init: a new records tree with the Yancheng defaults."""

import os
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    @app.command("init", help="在目录 DIR（缺省为当前目录）下新建一套巡查台账 records/，使用盐城市的缺省配置；"
                             "如目录不在 git 仓库中则执行 git init。不会覆盖任何已有文件。")
    def init(
        directory: Optional[Path] = typer.Argument(None, metavar="DIR", help="新建台账的目录。"),
    ) -> None:
        from ..records.scaffold import ScaffoldError, scaffold
        from .common import fail

        target = (directory or Path.cwd()).resolve()
        try:
            created, repo_created = scaffold(target)
        except ScaffoldError as exc:
            fail(str(exc))
        typer.echo(f"已在 {target / 'records'} 新建巡查台账：")
        for path in created:
            typer.echo(f"  {Path(os.path.relpath(path, target)).as_posix()}")
        if repo_created:
            typer.echo(f"已在 {target} 执行 git init：此后每次记录都会提交一次，作为审计留痕。")
        from ..records.mergedriver import register_new_tree

        for path in register_new_tree(target):
            typer.echo(f"  {Path(os.path.relpath(path, target)).as_posix()}")
        typer.echo("多人协作：已登记按内容合并台账（.gitattributes、.git/config），git pull 和 xuncha sync "
                   "合并两处同时新增的问题、工作记录时不会冲突（见 docs/sync.md）。")
        typer.echo("编辑器：records/.schema/ 中是各类记录文件的 JSON Schema，VS Code 装 YAML 插件后手工编辑即有字段补全和错误提示。")
        typer.echo("提交前检查：已写入 .pre-commit-config.yaml，运行 pre-commit install 后，台账有错误时 git commit 会被拒绝。")
        typer.echo("下一步：核对 records/config.yaml 中的一届任期（term）和巡查对象目录（二（一）），"
                   "在 records/people.yaml 中登记巡查组人员，再运行 xuncha plan new 年度 编制年度方案。")
