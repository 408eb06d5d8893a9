"""xuncha record: one step of 四、巡查程序, checked in order and committed to git."""

from typing import List, Optional

import typer

from .classes import declare_commands

commands = declare_commands()

_STEPS_HELP = ("环节：authorize 授权、notify 告知、enter 进驻、activity 工作、end 结束、report 报告、review 审核、"
               "approve 批准、feedback 反馈、result-notice 结果通报、rectification-plan 整改方案、rectification-report 整改报告、close 销号")


@commands.command("record", help="记录巡查 ID 的一个环节（" + _STEPS_HELP + "）。按四、巡查程序检查顺序和日期，"
                  "写入该环节的记录文件并提交 git（一条命令一次提交）。顺序不对、缺少前一环节时拒绝，退出码 2，不作改动。")
def record(
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号，例如 2020-1-jianhu。"),
    step: str = typer.Argument(..., metavar="STEP", help="环节，英文名或中文名（如 feedback 或 反馈）。"),
    date: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="该环节的日期（必填）。"),
    number: Optional[str] = typer.Option(None, "--number", help="授权书编号 / 通知文号 / 发文字号 / 反馈意见文号 / 巡查结果通报文号；不填时工具分配下一个未用的文号。"),
    scope: Optional[str] = typer.Option(None, "--scope", help="授权事项（authorize）。"),
    content: Optional[str] = typer.Option(None, "--content", help="告知内容（notify）。"),
    place: Optional[str] = typer.Option(None, "--place", help="动员会地点（enter 必填）/ 地点或对象（activity）/ 反馈会地点（feedback）。"),
    attendee_principal: List[str] = typer.Option([], "--attendee-principal", help="动员会参会的党政主要负责人（可重复）。"),
    attendee_leadership: List[str] = typer.Option([], "--attendee-leadership", help="参会的班子其他领导成员（可重复）。"),
    attendee_department: List[str] = typer.Option([], "--attendee-department", help="参会的相关部门主要负责同志（可重复）。"),
    station_address: Optional[str] = typer.Option(None, "--station-address", help="巡查组驻地（enter 必填）。"),
    phone: Optional[str] = typer.Option(None, "--phone", help="联系电话（enter 必填）。"),
    mailbox: Optional[str] = typer.Option(None, "--mailbox", help="信箱（来信地址）（enter）。"),
    email: Optional[str] = typer.Option(None, "--email", help="电子邮箱（enter）。"),
    hours: Optional[str] = typer.Option(None, "--hours", help="受理来访来信来电的时间（enter）。"),
    media: List[str] = typer.Option([], "--media", help="公布驻地和联系方式的当地主要新闻媒体（可重复，enter）。"),
    announced: Optional[str] = typer.Option(None, "--announced", metavar="YYYY-MM-DD", help="媒体公布日期，缺省同 --date（enter）。"),
    method: Optional[str] = typer.Option(None, "--method", help="工作方式（activity 必填）：听取汇报、列席会议、调阅资料、座谈访谈、受理举报、明查暗访、随机抽查。"),
    summary: Optional[str] = typer.Option(None, "--summary", help="工作内容摘要（activity 必填）/ 整改落实和查处情况（rectification-report）。"),
    overview: Optional[str] = typer.Option(None, "--overview", help="基本情况（report）。"),
    cause: List[str] = typer.Option([], "--cause", help="原因剖析（可重复，report）。"),
    suggestion: List[str] = typer.Option([], "--suggestion", help="意见建议（可重复，report）。"),
    special_report: List[str] = typer.Option([], "--special-report", metavar="标题|问题编号,…|主要内容", help="专题报告（可重复，report）。"),
    opinion: Optional[str] = typer.Option(None, "--opinion", help="审核意见（review）。"),
    reference: Optional[str] = typer.Option(None, "--reference", help="批示或文号（approve）/ 整改方案、整改报告文号。"),
    by: Optional[str] = typer.Option(None, "--by", help="反馈人（组长的人员编号，feedback）。"),
    requirement: List[str] = typer.Option([], "--requirement", help="整改意见和要求（可重复，feedback）。"),
    not_copied: bool = typer.Option(False, "--not-copied-to-office", help="未抄送领导小组办公室（整改方案、整改报告）。"),
    disclosed: Optional[str] = typer.Option(None, "--disclosed", metavar="YYYY-MM-DD", help="向社会公开日期（五（五））。"),
    note: Optional[str] = typer.Option(None, "--note", help="说明（close）。"),
    amend: bool = typer.Option(False, "--amend", help="更正已记录的环节（须同时用 --reason 说明原因）。"),
    reason: Optional[str] = typer.Option(None, "--reason", help="更正原因，写入 git 提交。"),
    allow_future: bool = typer.Option(False, "--allow-future", help="允许日期晚于今天。"),
    no_commit: bool = typer.Option(False, "--no-commit", help="只写文件，不提交 git。"),
    today: Optional[str] = typer.Option(None, "--today", hidden=True, help="以该日期为今天（测试用）。"),
) -> None:
    from ..procedure.recording import Request, prepare_record
    from .common import load_records, option_date, report_commit, write_and_commit

    as_of = option_date(today, "--today")
    from .common import typed_date_text

    date = typed_date_text(date, "--date")
    announced = typed_date_text(announced, "--announced")
    disclosed = typed_date_text(disclosed, "--disclosed")
    values = {
        "number": number, "scope": scope, "content": content, "place": place,
        "attendee-principal": attendee_principal, "attendee-leadership": attendee_leadership,
        "attendee-department": attendee_department, "station-address": station_address, "phone": phone,
        "mailbox": mailbox, "email": email, "hours": hours, "media": media, "announced": announced,
        "method": method, "summary": summary, "overview": overview, "cause": cause, "suggestion": suggestion,
        "special-report": special_report, "opinion": opinion, "reference": reference, "by": by,
        "requirement": requirement, "not-copied-to-office": not_copied, "disclosed": disclosed, "note": note,
    }
    records, diagnostics = load_records(write=True)
    request = Request(inspection, step, date, values, amend=amend, reason=reason,
                      allow_future=allow_future, today=as_of)
    prepared = prepare_record(records, request, diagnostics)
    outcome = write_and_commit(records.root, prepared.changes, prepared.message, no_commit=no_commit)
    if prepared.allocated:
        typer.echo(f"未填 --number，已分配发文字号 {prepared.allocated}（该机关代字本年度已用的最大序号之后的下一个）")
    for document, given in prepared.companions:
        typer.echo(f"已为{document}分配文号 {given}")
    verb = "已更正" if amend else "已记录"
    typer.echo(f"{verb}巡查 {prepared.inspection} 的{prepared.step.chinese}（{prepared.step.name}）"
               f"，日期 {prepared.date}：{records.display(prepared.path)}")
    report_commit(outcome, prepared.message, no_commit=no_commit)
