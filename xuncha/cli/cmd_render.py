"""xuncha render: official documents (公文) from the records, GB/T 9704-2012 layout."""

from pathlib import Path
from typing import Optional

import typer

from .classes import declare_commands
from .common import EXIT_FINDINGS, fail, records_root, refuse_on_errors

commands = declare_commands()

KINDS_HELP = (
    "plan 年度工作方案（ID 写年份）、authorization 授权书、notice 巡查通知、announcement 进驻公告、"
    "report 巡查工作报告、special-report 专题报告、feedback 反馈意见、rectification-notice 整改通知书、"
    "handoff 问题移交函、supervision 挂牌督办通知书、urge 督促整改函、result 巡查结果通报、"
    "disclosure 公开文本；all 生成该巡查（编号写轮次时为该轮每次巡查）已进行到的全部公文"
)


@commands.command("render", help="按 GB/T 9704-2012 版式由台账生成公文（.docx，可选 PDF）。" + KINDS_HELP)
def render(
    kind: str = typer.Argument(..., metavar="种类", help=KINDS_HELP),
    ident: str = typer.Argument(..., metavar="编号", help="巡查编号，如 2020-1-dongtai；plan 写年份，如 2020；all 还可写轮次，如 2020-1（该轮每次巡查一个文件夹）"),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output", metavar="文件",
        help="输出文件（一份公文时）或目录（多份公文或 all 时）；缺省为台账上级目录下 out/<编号>/<种类>.docx",
    ),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 转换为 PDF"),
    problem: Optional[str] = typer.Option(
        None, "--problem", metavar="问题编号",
        help="专题报告、移交函、挂牌督办通知书、督促整改函只生成涉及该问题的一份",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="同时列出所用的每个模板文件（本单位修改的或 xuncha 自带的）"),
) -> None:
    from ..render.output import OutputError, prepare_outputs, write_outputs
    from ..render.needs import load_for
    from ..render.templates import RenderError, Session
    from ..records.paths import id_too_long

    for given, what in ((ident, "编号"), (problem or "", "问题编号")):
        if id_too_long(given, what):
            fail(id_too_long(given, what))
    records, diagnostics = load_for(records_root(), ident)
    refuse_on_errors(diagnostics)
    session = Session(records)
    failures = []
    try:
        documents = prepare_outputs(records, kind, ident, problem, output, pdf=pdf, session=session,
                                 failures=failures)
        written = write_outputs(documents, pdf=pdf)
    except (RenderError, OutputError) as exc:
        fail(f"{exc}；未生成任何文件")

    def shown(path: Path) -> str:
        return records.display(path) if _inside(path, records.root.parent) else str(path)

    for path in written:
        typer.echo(f"已生成：{shown(path)}")
    if verbose:
        for name, path in session.templates_used.items():
            typer.echo(f"模板：{name} ← {path}")
    for failure in failures:
        typer.echo(f"未能生成：{shown(failure.path)}：{failure.reason}", err=True)
    if failures:
        typer.echo(f"共 {len(written)} 份已生成，{len(failures)} 份未能生成；按上面的修正办法补齐后再运行一次。", err=True)
        raise typer.Exit(EXIT_FINDINGS)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
