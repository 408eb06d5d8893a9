"""xuncha validate: every rule over the whole records tree."""

from typing import Optional

import typer

from .classes import declare_commands
from .common import EXIT_FINDINGS, EXIT_OK, option_date, print_json, records_root, remembered, remembered_output, state

commands = declare_commands()


@commands.command("validate", help="检查整套台账：格式、必填字段、程序顺序、时限和各项规则。无错误时退出码 0，有错误时 1。")
def validate(
    as_json: bool = typer.Option(False, "--json", help="以 JSON 列表输出每条问题。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="日期", help="以该日期为“今天”检查（YYYY-MM-DD）。"),
    list_rules: bool = typer.Option(False, "--list-rules", help="不检查台账，只列出每条规则：编号、依据条款、严重程度和要求。"),
) -> None:
    if list_rules:
        _list_rules(as_json)
        return

    today = option_date(as_of)

    def compute():
        from ..procedure.validate import validate_tree

        return validate_tree(records_root(), today, cache=state.use_cache)

    def show():
        diagnostics = remembered("validate", (today,), compute)
        if as_json:
            print_json([d.as_json() for d in diagnostics])
        else:
            for diagnostic in diagnostics:
                typer.echo(diagnostic.format())
            errors = sum(d.is_error for d in diagnostics)
            warnings = len(diagnostics) - errors
            if diagnostics:
                typer.echo(f"共 {errors} 处错误、{warnings} 处警告。")
        raise typer.Exit(EXIT_FINDINGS if any(d.is_error for d in diagnostics) else EXIT_OK)

    remembered_output("validate", (today, as_json), show)


def _list_rules(as_json: bool) -> None:
    from ..procedure.rules import RULES

    if as_json:
        print_json([{"id": r.id, "clause": r.clause, "severity": r.severity, "summary": r.summary} for r in RULES])
        return
    for r in RULES:
        typer.echo(f"{r.id}\t{r.clause or '——'}\t{r.severity}\t{r.summary}")
