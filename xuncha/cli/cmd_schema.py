"""xuncha schema: write the JSON Schema files editors use to complete and check record files."""

from pathlib import Path
from typing import Optional

import typer

from .classes import declare_commands

commands = declare_commands()


@commands.command("schema", help="依据台账模型生成每类记录文件的 JSON Schema（缺省写入 records/.schema/ 并提交 git），"
                                "供 VS Code 等编辑器（YAML 插件）在手工编辑时补全字段、提示错误。")
def schema(
    out: Optional[Path] = typer.Option(None, "--out", metavar="目录",
                                       help="写到该目录（不提交 git）；缺省为台账的 records/.schema/。"),
    no_commit: bool = typer.Option(False, "--no-commit", help="只写文件，不提交 git。"),
) -> None:
    from .. import schema as schemas
    from ..records.transaction import commit_message
    from ..records.writer import Changeset, WriteError
    from .common import fail, records_root, report_commit, write_and_commit

    root = None if out is not None else records_root()
    folder = out.resolve() if out is not None else root / schemas.SCHEMA_DIR
    if folder.exists() and not folder.is_dir():
        fail(f"{folder} 不是目录；本次未作任何改动")
    changes = Changeset()
    for name, text in schemas.render_all().items():
        path = folder / name
        try:
            same = path.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            changes.put(path, text.encode("utf-8"))
    if not changes:
        typer.echo(f"{_shown(folder)} 中的 {len(schemas.render_all())} 个架构文件已是最新，无需改动。")
        return
    message = commit_message("schema", "records/.schema", summary="更新记录文件架构")
    outcome = None
    if root is None:  # --out elsewhere: files for an editor, not records, so no commit
        try:
            written = changes.apply()
        except WriteError as exc:
            fail(str(exc))
    else:
        outcome = write_and_commit(root, changes, message, no_commit=no_commit)
        written = outcome.written
    typer.echo(f"已写入 {len(written)} 个架构文件到 {_shown(folder)}：")
    for path in written:
        typer.echo(f"  {path.name}")
    if outcome is not None:
        report_commit(outcome, message, no_commit=no_commit)


def _shown(folder: Path) -> str:
    try:
        return folder.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return folder.as_posix()
