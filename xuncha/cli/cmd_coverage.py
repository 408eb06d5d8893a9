"""xuncha coverage: which targets this term has inspected, which remain, which the plans would miss (二（一））."""

from typing import Optional

import typer

from .classes import declare_commands
from .common import EXIT_FINDINGS, EXIT_OK, fail, load_records, print_json

commands = declare_commands()


@commands.command("coverage", short_help="一届任期巡查全覆盖：已巡查、已计划、有遗漏风险的对象（二（一））。", help="一届任期巡查全覆盖（二（一））：列出县（市、区）、两区和市有关部门中已巡查、已列入计划和有遗漏风险的对象。"
                                   "有遗漏风险时退出码 1。")
def coverage(
    as_json: bool = typer.Option(False, "--json", help="以 JSON 列表输出：target、kind、inspected、planned、at_risk。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="日期", help="以该日期为“今天”判断（YYYY-MM-DD）。"),
) -> None:
    from ..model.config import TARGET_KIND_NAMES
    from ..procedure.coverage import term_coverage
    from .common import option_date

    today = option_date(as_of, "--as-of")
    records, diagnostics = load_records()
    if records.config is None or records.config.term is None:
        for diagnostic in diagnostics:
            typer.echo(diagnostic.format(), err=True)
        fail("config.yaml 缺少一届任期（term），无法统计巡查覆盖")
    result = term_coverage(records, today)
    code = EXIT_FINDINGS if result.at_risk else EXIT_OK
    if as_json:
        print_json([item.as_json() for item in result.items])
        raise typer.Exit(code)
    typer.echo(f"{result.term_name}（{result.start} 至 {result.end}）巡查覆盖情况，截至 {today}：")
    groups = (
        ("已巡查", [c for c in result.items if c.inspected]),
        ("已列入计划、尚未开启", [c for c in result.items if not c.inspected and c.planned and not c.at_risk]),
        ("有遗漏风险", result.at_risk),
    )
    for title, items in groups:
        typer.echo(f"{title}（{len(items)} 个）：")
        for item in items:
            kind = TARGET_KIND_NAMES.get(item.kind, item.kind)
            detail = "、".join(item.inspected or item.planned)
            line = f"  {item.name}（{kind}）"
            if detail:
                line += f"  {detail}"
            if item.reason:
                line += f"  —— {item.reason}"
            typer.echo(line)
    if result.at_risk:
        typer.echo(f"共 {len(result.at_risk)} 个对象有本届任期未被巡查的风险。")
        if today > result.end:
            typer.echo(f"说明：本届任期已于 {result.end} 结束，未巡查的对象已无法补上，可用 --as-of 查看任期内某日的情况。")
        for year in result.missing_plans:
            typer.echo(f"说明：任期内尚无 {year} 年度方案（plans/{year}.yaml），其余对象须列入该方案才能在任期内覆盖；"
                       f"可运行 xuncha plan new {year} 编制，骨架会列出全部尚未巡查的对象。")
        if not result.missing_plans and today <= result.end:
            typer.echo("说明：请把这些对象列入任期内尚未开启的轮次（或增设轮次），在任期结束前完成巡查。")
        for year in result.unapproved_plans:
            typer.echo(f"说明：{year} 年度方案尚未经市委、市政府批准，其中的轮次还不能开启。")
    else:
        typer.echo("本届任期的巡查对象均已巡查或已列入任期内的计划。")
    raise typer.Exit(code)
