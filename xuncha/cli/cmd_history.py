"""xuncha log and xuncha audit: what git, the audit trail, says about the records."""

from typing import Optional

import typer

from .classes import declare_commands

commands = declare_commands()


@commands.command("log", help="记录历史，取自 git：每个环节、年度方案、人员名册、总配置和工作日历何时记录、由谁记录、改动了哪些字段。"
                         "写巡查 ID 时只列该巡查。")
def log(
    inspection: Optional[str] = typer.Argument(None, metavar="ID", help="巡查编号；缺省时列出全部巡查。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 列表输出。"),
) -> None:
    from ..procedure.history import HistoryError, history, log_versions
    from .common import fail, print_json

    root = _root_for(inspection)
    try:
        versions = history(root, inspection)
    except HistoryError as exc:
        fail(str(exc))
    if as_json:
        print_json([_version_json(v) for v in log_versions(versions)])
        return
    if not versions:
        if inspection is not None and not (root / "inspections" / inspection).is_dir():
            import difflib

            known = sorted(p.name for p in (root / "inspections").glob("*") if p.is_dir())
            close = difflib.get_close_matches(inspection, known, n=3, cutoff=0.5)
            hint = f"是否想写：{'、'.join(close)}？" if close else f"现有巡查：{'、'.join(known) or '（无）'}"
            fail(f"没有编号为 {inspection} 的巡查，git 中也没有它的历史。{hint}")
        typer.echo("git 中没有这些记录的历史。")
        return
    people = _people(root)
    current = None
    for version in log_versions(versions):
        if version.commit != current:
            current = version.commit
            typer.echo(f"{version.committed:%Y-%m-%d %H:%M}  {version.author} <{version.email}>  "
                       f"{version.commit[:10]}  {version.subject}")
            if version.reason:
                said = "说明" if version.subject.startswith("xuncha: commit ") else "更正原因"
                typer.echo(f"  {said}：{version.reason}")
        action = "合并时改定" if version.merge else {"A": "新建", "M": "修改", "D": "删除"}.get(version.status, version.status)
        typer.echo(f"  {version.heading} {action}")
        if version.status == "D":
            continue
        if version.root:
            # The first commit imports the ledger as it stood: its every field is not news.
            typer.echo(f"    （导入既有台账，共 {len(version.values or {})} 项字段）")
            continue
        for change in version.shown_changes(people):
            if change.before is None:
                typer.echo(f"    {change.field}：{change.after}")
            elif change.after is None:
                typer.echo(f"    {change.field}：{change.before} → （删去）")
            else:
                typer.echo(f"    {change.field}：{change.before} → {change.after}")

@commands.command("audit", help="审计留痕：从 git 查找可能的倒签（记录日期远早于首次录入的提交）、事后改动日期（含年度方案的批准、公开、"
                  "动员培训日期）、直接改写人员名册、删除记录。"
                  "仓库的第一次提交视为导入既有台账，不作倒签判断。有发现时退出码 1。")
def audit(
    threshold_days: int = typer.Option(15, "--threshold-days", min=0, metavar="天数",
                                       help="记录日期早于首次录入超过该天数（自然日）即提示，缺省 15。"),
    include_initial: bool = typer.Option(False, "--include-initial", help="把仓库第一次提交也纳入检查。"),
    since: Optional[str] = typer.Option(None, "--since", metavar="提交",
                                        help="只检查该提交之后的改动（例如台账导入或上次审计时的提交）。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 列表输出每条发现。"),
) -> None:
    from ..procedure.history import HistoryError, audit as run_audit, commits_up_to, history
    from .common import EXIT_FINDINGS, EXIT_OK, fail, print_json, records_root

    try:
        skip = commits_up_to(records_root(), since) if since else None
        findings = run_audit(history(records_root()), threshold_days, include_initial, skip)
    except HistoryError as exc:
        fail(str(exc))
    if as_json:
        print_json([f.as_json() for f in findings])
    else:
        titles = {"back-dated": "可能倒签", "date-changed": "事后改动日期", "deleted": "记录被删除",
                  "roster-rewritten": "名册被改写"}
        for finding in findings:
            typer.echo(f"[{titles[finding.kind]}] {finding.message}")
        typer.echo(f"共 {len(findings)} 项发现。" if findings else "未发现倒签、事后改动日期、改写名册或删除记录。")
    raise typer.Exit(EXIT_FINDINGS if findings else EXIT_OK)


def _people(root) -> dict[str, str]:
    """Roster id -> name, so the log names people as the documents do; an unreadable roster shows ids."""
    from ..records.loader import load

    try:
        records, _ = load(root, inspections=False)
    except Exception:  # the log must print even when the roster is broken
        return {}
    return {p.id: p.name for p in (records.roster.people if records.roster else []) if p.id and p.name}


def _root_for(inspection: str | None):
    from ..records.paths import id_problem
    from .common import fail, records_root

    root = records_root()
    if inspection is not None:
        problem = id_problem(inspection)
        if problem:
            fail(problem)
    return root


def _version_json(version) -> dict:
    return {
        "commit": version.commit, "author": version.author, "email": version.email,
        "committed": version.committed.isoformat(), "authored": version.authored.isoformat(),
        "subject": version.subject, "reason": version.reason, "inspection": version.inspection,
        "file": version.file, "step": version.step.name if version.step else None,
        "status": {"A": "added", "M": "modified", "D": "deleted"}.get(version.status, version.status),
        "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in version.changes()]
        if version.status != "D" else [],
    }
