"""xuncha problem / tip / problems / stats: the problem ledger and the tip log (三、四（四）（六）（七）、五（三））."""

from typing import List, Optional

import typer

from .. import seed
from .classes import declare_commands
from .common import ALLOW_FUTURE, EXIT_FINDINGS, EXIT_OK, TODAY, fail, option_date, print_json, typed_id

commands = declare_commands()

DATE_HELP = "日期（YYYY-MM-DD）。"


NO_COMMIT_HELP = "只写文件，不提交 git。"


def _apply(planned_call, no_commit: bool = False) -> None:
    """Run a ledger planner, then write and commit its one change; any refusal leaves the disk untouched."""
    from ..procedure.problem_status import LedgerRefused
    from .common import records_for_writing, records_root, report_commit, write_and_commit

    records = records_for_writing()
    try:
        planned = planned_call(records)
    except LedgerRefused as exc:
        fail(str(exc))
    outcome = write_and_commit(records_root(), planned.changes, planned.message, no_commit=no_commit)
    typer.echo(planned.summary)
    report_commit(outcome, planned.message, no_commit=no_commit)
    return planned


def _written(value: str, flag: str, what: str, allow_future: bool, today: str | None):
    from .common import today_of, written_date

    return written_date(value, flag, what=what, allow_future=allow_future, today=today_of(today))


problem_app = typer.Typer(help="登记和更新巡查发现的问题：移交处置、整改状态、回头看、督促整改措施（四（四）（六）（七））。"
                               "每次改动提交一次 git。", no_args_is_help=True)
tip_app = typer.Typer(help="登记来访来信来电（四（二））；举报人身份只记入台账以外的保密库（五（三））。", no_args_is_help=True)
commands.add_typer(problem_app, name="problem")
commands.add_typer(tip_app, name="tip")

@problem_app.command("add", help="登记巡查发现的问题，编号自动按 P1、P2… 顺延（三、四（四））。")
def add(
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号，如 2020-1-jianhu。"),
    category: str = typer.Option(..., "--category", metavar="N", help="所属巡查内容：三、巡查内容第几项（1-10）。"),
    title: str = typer.Option(..., "--title", help="问题概述。"),
    description: Optional[str] = typer.Option(None, "--description", help="问题详情。"),
    unit: Optional[str] = typer.Option(None, "--unit", help="责任单位。"),
    major_hazard: bool = typer.Option(False, "--major-hazard", help="属于重大事故隐患（须由市安委会挂牌督办，四（六））。"),
    cadre: List[str] = typer.Option([], "--cadre", help="干部责任问题类别，可重复：不担当、不作为、慢作为、乱作为、形式主义、官僚主义、失职渎职、滥用职权。"),
    source_method: Optional[str] = typer.Option(None, "--source-method", help="发现问题的工作方式（四（三）），如 明查暗访、调阅资料。"),
    source_tip: Optional[str] = typer.Option(None, "--source-tip", metavar="T", help="据以发现问题的举报编号，如 T1。"),
    cause: Optional[str] = typer.Option(None, "--cause", help="原因剖析（四（四））。"),
    suggestion: Optional[str] = typer.Option(None, "--suggestion", help="意见建议（四（四））。"),
    requirement: Optional[str] = typer.Option(None, "--requirement", help="整改要求（四（五））。"),
    internal: bool = typer.Option(False, "--internal", help="内部掌握，不向社会公开（五（五））。"),
    no_commit: bool = typer.Option(False, "--no-commit", help=NO_COMMIT_HELP),
) -> None:
    from ..procedure.ledger import prepare_add_problem

    _apply(lambda records: prepare_add_problem(
        records, inspection, category=category, title=title, description=description, unit=unit,
        major_hazard=major_hazard, cadre=cadre, source_method=source_method, source_tip=source_tip,
        cause=cause, suggestion=suggestion, requirement=requirement, internal=internal), no_commit=no_commit)

@problem_app.command("handoff", help="登记问题移交：当地党委政府、市安委会挂牌督办、纪检监察机关（四（六））；须在反馈之后。")
def handoff(
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号。"),
    problem: str = typer.Argument(..., metavar="PID", help="问题编号，如 P1。"),
    to: str = typer.Option(..., "--to", help="移交去向：当地党委政府、挂牌督办、纪检监察。"),
    date: str = typer.Option(..., "--date", metavar="D", help="移交" + DATE_HELP),
    reference: Optional[str] = typer.Option(None, "--reference", help="移交函文号。"),
    note: Optional[str] = typer.Option(None, "--note", help="说明（巡查销号时未销号的问题须写明移交理由）。"),
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
    no_commit: bool = typer.Option(False, "--no-commit", help=NO_COMMIT_HELP),
) -> None:
    problem = typed_id(problem, "P", "PID")
    from ..procedure.ledger import prepare_handoff

    day = _written(date, "--date", "移交日期", allow_future, today)
    _apply(lambda records: prepare_handoff(records, inspection, problem, to=to, date=day, reference=reference,
                                        note=note), no_commit=no_commit)

@problem_app.command("accountability", help="把干部责任问题的责任人和建议追责措施列入巡查工作报告的责任追究清单（四（四）（六））。")
def accountability(
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号。"),
    problem: str = typer.Argument(..., metavar="PID", help="问题编号，如 P2。"),
    person: str = typer.Option(..., "--person", help="责任人（单位及职务），如 东台市住房和城乡建设局分管副局长。"),
    measure: str = typer.Option(..., "--measure", help="建议追责措施，如 诫勉谈话、移交纪检监察机关调查处理。"),
    fact: Optional[str] = typer.Option(None, "--fact", help="问题事实（缺省为问题概述）。"),
    cadre: List[str] = typer.Option([], "--cadre", help="尚未标记时写明干部责任问题类别，可重复：不担当、不作为、慢作为、乱作为、形式主义、官僚主义、失职渎职、滥用职权。"),
) -> None:
    from ..procedure.ledger import prepare_accountability

    _apply(lambda records: prepare_accountability(records, inspection, problem, person=person, measure=measure,
                                               fact=fact, cadre=cadre))

@problem_app.command("status", help="推进整改状态：整改中、已整改、已销号（四（七））；只能向前，退回须经回头看。")
def status(
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号。"),
    problem: str = typer.Argument(..., metavar="PID", help="问题编号。"),
    to: str = typer.Option(..., "--to", help="新状态：整改中、已整改、已销号。"),
    date: str = typer.Option(..., "--date", metavar="D", help=DATE_HELP),
    evidence: Optional[str] = typer.Option(None, "--evidence", help="佐证材料。"),
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
    no_commit: bool = typer.Option(False, "--no-commit", help=NO_COMMIT_HELP),
) -> None:
    problem = typed_id(problem, "P", "PID")
    from ..procedure.ledger import prepare_status

    day = _written(date, "--date", "整改状态变更日期", allow_future, today)
    _apply(lambda records: prepare_status(records, inspection, problem, to=to, date=day, evidence=evidence),
           no_commit=no_commit)

@problem_app.command("lookback", help="登记回头看（四（七））；--reopen --reason 重新打开已整改的问题。")
def lookback(
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号。"),
    problem: str = typer.Argument(..., metavar="PID", help="问题编号。"),
    date: str = typer.Option(..., "--date", metavar="D", help="回头看" + DATE_HELP),
    findings: str = typer.Option(..., "--findings", help="回头看发现。"),
    formalism: bool = typer.Option(False, "--formalism", help="整改过程中存在形式主义、官僚主义问题。"),
    reopen: bool = typer.Option(False, "--reopen", help="重新打开整改（状态改回“整改中”）。"),
    reason: Optional[str] = typer.Option(None, "--reason", help="重新打开的理由（--reopen 时必填）。"),
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
    no_commit: bool = typer.Option(False, "--no-commit", help=NO_COMMIT_HELP),
) -> None:
    problem = typed_id(problem, "P", "PID")
    from ..procedure.ledger import prepare_lookback

    day = _written(date, "--date", "回头看日期", allow_future, today)
    _apply(lambda records: prepare_lookback(records, inspection, problem, date=day, findings=findings,
                                         formalism=formalism, reopen=reopen, reason=reason), no_commit=no_commit)

@problem_app.command("escalate", help="登记对整改落实不力的督促措施：函告、通报、约谈、专项督查、责任追究建议（四（七））。")
def escalate(
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号。"),
    problem: str = typer.Argument(..., metavar="PID", help="问题编号。"),
    kind: str = typer.Option(..., "--kind", help="措施：函告、通报、约谈、专项督查、责任追究建议（同时登记移交纪检监察机关）。"),
    date: str = typer.Option(..., "--date", metavar="D", help=DATE_HELP),
    reference: Optional[str] = typer.Option(None, "--reference", help="文号。"),
    note: Optional[str] = typer.Option(None, "--note", help="说明。"),
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
    no_commit: bool = typer.Option(False, "--no-commit", help=NO_COMMIT_HELP),
) -> None:
    problem = typed_id(problem, "P", "PID")
    from ..procedure.ledger import prepare_escalate

    day = _written(date, "--date", "督促整改措施日期", allow_future, today)
    _apply(lambda records: prepare_escalate(records, inspection, problem, kind=kind, date=day, reference=reference,
                                         note=note), no_commit=no_commit)

@tip_app.command("add", help="登记来访来信来电，编号自动按 T1、T2… 顺延（四（二））。举报人姓名、电话只写入台账以外的保密库，"
                             "不进入 git（五（三））。")
def tip_add(
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号。"),
    received: str = typer.Option(..., "--received", metavar="D", help="受理" + DATE_HELP),
    channel: str = typer.Option(..., "--channel", help="渠道：来访、来信、来电、其他。"),
    summary: str = typer.Option(..., "--summary", help="反映问题摘要（不得写入举报人身份信息）。"),
    handling: Optional[str] = typer.Option(None, "--handling", help="办理情况。"),
    outcome: Optional[str] = typer.Option(None, "--outcome", help="办理结果。"),
    problem: Optional[str] = typer.Option(None, "--problem", metavar="PID", help="据此查实的问题编号。"),
    informant_name: Optional[str] = typer.Option(None, "--informant-name", help="举报人姓名（只存保密库）。"),
    informant_phone: Optional[str] = typer.Option(None, "--informant-phone", help="举报人电话（只存保密库）。"),
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
    informant_address: Optional[str] = typer.Option(None, "--informant-address",
                                                     help="举报人地址（来信回复、回访用，只存保密库）。"),
    no_commit: bool = typer.Option(False, "--no-commit", help=NO_COMMIT_HELP),
) -> None:
    from ..procedure.confidential import InformantStore, StoreRefused
    from ..procedure.ledger import prepare_add_tip
    from ..procedure.problem_status import LedgerRefused
    from .common import records_root

    day = _written(received, "--received", "受理日期", allow_future, today)
    store = ref = None
    if informant_name or informant_phone or informant_address:
        store = InformantStore(records_root())

    def file_informant(tip_id: str, changes) -> str:
        nonlocal ref
        try:
            ref = store.prepare_add(changes, inspection=inspection, tip=tip_id, name=informant_name,
                                    phone=informant_phone, address=informant_address)
        except StoreRefused as exc:
            raise LedgerRefused(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise LedgerRefused(f"无法读取举报人保密库 {store.path}：{getattr(exc, 'strerror', None) or exc}；"
                          f"本次未作任何改动") from exc
        return ref

    def plan(records):
        return prepare_add_tip(records, inspection, received=day, channel=channel, summary=summary,
                            handling=handling, outcome=outcome, problem=problem,
                            informant=file_informant if store is not None else None)

    _apply(plan, no_commit=no_commit)
    if ref is not None:
        typer.echo(f"举报人信息已存入台账以外的保密库（{store.folder}），台账中只记索引 {ref}。")

@tip_app.command("show", help="查看一件来访来信来电的登记、办理情况和回访（四（二））；--informant 显示保密库中的举报人信息，供回访。")
def tip_show(
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号。"),
    tip_id: str = typer.Argument(..., metavar="TID", help="举报编号，如 T1。"),
    informant: bool = typer.Option(False, "--informant", help="同时显示保密库中的举报人姓名、电话、地址（只显示在屏幕上）。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出（不含举报人信息）。"),
) -> None:
    tip_id = typed_id(tip_id, "T", "TID")
    from ..procedure.problem_status import LedgerRefused
    from ..procedure.tips import find_tip, tip_row
    from .common import load_records, records_root

    records, _ = load_records()
    try:
        row = tip_row(inspection, find_tip(records, inspection, tip_id))
    except LedgerRefused as exc:
        fail(str(exc))
    if as_json:
        print_json(row)
        return
    for title, value in (("巡查", row["inspection"]), ("编号", row["id"]), ("受理日期", row["received"]),
                         ("渠道", row["channel_name"]), ("反映问题", row["summary"]),
                         ("办理情况", row["handling"]), ("办理结果", row["outcome"]),
                         ("查实问题", row["problem"]), ("回访日期", row["callback"]),
                         ("回访情况", row["callback_note"])):
        typer.echo(f"{title}：{value or '—'}")
    ref = find_tip(records, inspection, tip_id).informant_ref
    if not ref:
        typer.echo("举报人：未留身份信息（匿名）")
    elif not informant:
        typer.echo("举报人：已存入台账以外的保密库；回访时加 --informant 显示（五（三））")
    else:
        from ..procedure.confidential import InformantStore

        entry = InformantStore(records_root()).get(ref)
        if entry is None:
            typer.echo(f"举报人：本机保密库中没有索引 {ref}（保密库不随台账复制，请到登记该举报的电脑上查看）")
        else:
            for title, key in (("举报人姓名", "name"), ("举报人电话", "phone"), ("举报人地址", "address")):
                typer.echo(f"{title}：{entry.get(key) or '—'}")

@tip_app.command("update", help="登记来访来信来电的办理情况、办理结果、查实的问题和回访（四（二））；"
                                "文字同样不得含举报人身份信息（五（三））。每次更新提交一次 git。")
def tip_update(
    inspection: str = typer.Argument(..., metavar="ID", help="巡查编号。"),
    tip_id: str = typer.Argument(..., metavar="TID", help="举报编号，如 T1。"),
    handling: Optional[str] = typer.Option(None, "--handling", help="办理情况。"),
    outcome: Optional[str] = typer.Option(None, "--outcome", help="办理结果。"),
    problem: Optional[str] = typer.Option(None, "--problem", metavar="PID", help="据此查实的问题编号。"),
    callback: Optional[str] = typer.Option(None, "--callback", metavar="D", help="回访日期（YYYY-MM-DD）。"),
    callback_note: Optional[str] = typer.Option(None, "--callback-note", help="回访情况。"),
    allow_future: bool = ALLOW_FUTURE,
    today: Optional[str] = TODAY,
    no_commit: bool = typer.Option(False, "--no-commit", help=NO_COMMIT_HELP),
) -> None:
    tip_id = typed_id(tip_id, "T", "TID")
    from ..procedure.tips import prepare_update_tip

    day = _written(callback, "--callback", "回访日期", allow_future, today) if callback else None
    values = {"handling": handling, "outcome": outcome, "problem": problem, "callback": day,
              "callback-note": callback_note}
    _apply(lambda records: prepare_update_tip(records, inspection, tip_id, values=values), no_commit=no_commit)

@commands.command("tips", help="列出来访来信来电登记及其办理情况、回访（四（二））；不显示举报人身份（五（三））。")
def tips(
    inspection: Optional[str] = typer.Argument(None, metavar="ID", help="只列该巡查的登记；缺省列出全部。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    from ..procedure.problem_status import LedgerRefused
    from ..procedure.tips import tip_rows
    from .common import load_records

    records, _ = load_records()
    try:
        rows = tip_rows(records, inspection)
    except LedgerRefused as exc:
        fail(str(exc))
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("没有来访来信来电登记。")
        return
    _table(f"来访来信来电登记（共 {len(rows)} 件）",
           ["巡查", "编号", "受理日期", "渠道", "反映问题", "办理情况", "办理结果", "查实问题", "回访"],
           [[r["inspection"], r["id"], r["received"] or "—", r["channel_name"], r["summary"] or "—",
             r["handling"] or "—", r["outcome"] or "—", r["problem"] or "—",
             r["callback"] or "未回访"] for r in rows])

@commands.command("problems", help=f"列出巡查发现的问题及其移交、整改状态和{seed.RECTIFICATION_REPORT_PERIOD}整改期限（四（六）（七））。")
def problems(
    inspection: Optional[str] = typer.Option(None, "--inspection", metavar="ID", help="只列该巡查的问题。"),
    category: Optional[str] = typer.Option(None, "--category", metavar="N", help="只列三、巡查内容第 N 项。"),
    status: Optional[str] = typer.Option(None, "--status", help="只列该状态：未整改、整改中、已整改、已销号。"),
    overdue: bool = typer.Option(False, "--overdue", help=f"只列反馈后{seed.RECTIFICATION_REPORT_PERIOD}仍未整改到位的问题（有则退出码 1）。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="D", help="列出截至该日期的台账（YYYY-MM-DD），缺省为今天。"),
    within: int = typer.Option(3, "--within", metavar="N", min=0, help="整改期限 N 个工作日内到期为黄色预警（缺省 3）。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    from ..procedure.problem_status import LedgerRefused, parse_category
    from ..procedure.reports import problem_rows
    from .common import load_records

    today = option_date(as_of)
    try:
        number = parse_category(category) if category else None
    except LedgerRefused as exc:
        fail(str(exc))
    records, _ = load_records()
    try:
        rows = problem_rows(records, today, inspection=inspection, category=number, status=status,
                            overdue_only=overdue, within=within)
    except LedgerRefused as exc:
        fail(str(exc))
    if as_json:
        print_json(rows)
    else:
        _print_problems(rows, today)
    raise typer.Exit(EXIT_FINDINGS if overdue and rows else EXIT_OK)

@commands.command("stats", help="统计巡查发现的问题：按巡查内容类别、巡查对象、整改状态，挂牌督办的重大事故隐患，移交纪检监察机关的问题。")
def stats(
    year: Optional[int] = typer.Option(None, "--year", metavar="Y", help="只统计该年度的巡查。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="D", help="统计截至该日期的台账（YYYY-MM-DD），缺省为今天。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    from ..procedure.reports import problem_stats
    from .common import load_records

    today = option_date(as_of)
    records, _ = load_records()
    data = problem_stats(records, year, today)
    if as_json:
        print_json(data)
    else:
        _print_stats(data)


def _table(title: str, columns: list[str], rows: list[list[str]], styles: list[str | None] | None = None) -> None:
    """A rich table on a terminal; tab-separated plain lines when piped, for grep and spreadsheets."""
    from .common import is_terminal

    # A blank required field (an id written as '   ') is validate's error; the listing still shows the rest.
    rows = [["—" if cell is None else cell for cell in row] for row in rows]
    if not is_terminal():
        typer.echo(title)
        typer.echo("\t".join(columns))
        for row in rows:
            typer.echo("\t".join(row))
        return
    from .tables import print_table

    print_table(columns, rows, styles, title=title)


def _print_problems(rows: list[dict], today) -> None:
    from .levels import level_style

    if not rows:
        typer.echo("没有符合条件的问题。")
        return
    lines = []
    for row in rows:
        flags = "、".join(filter(None, ["重大事故隐患" if row["major_hazard"] else "",
                                        "干部责任问题" if row["cadre_problems"] else ""]))
        handed = "、".join(f"{h['to_name']} {h['date']}" for h in row["handoffs"]) or "—"
        due = row["due"] or "—"
        if row["overdue"]:
            due += "（已逾期）"
        lines.append([row["inspection"], row["id"], f"（{row['category_numeral']}）", row["title"], row["unit"] or "—",
                      flags or "—", handed, f"{row['status_name']}" + (f" {row['status_date']}" if row["status_date"] else ""),
                      due])
    _table(f"巡查发现的问题（截至 {today}，共 {len(rows)} 个）",
           ["巡查", "编号", "类别", "问题", "责任单位", "标志", "移交", "整改状态", "整改期限"], lines,
           [level_style(row["level"]) for row in rows])


def _print_stats(data: dict) -> None:
    scope = f"{data['year']}年度" if data["year"] else "全部"
    typer.echo(f"截至 {data['as_of']}，{scope}巡查发现问题 {data['total']} 个。")
    _table("按巡查内容类别", ["类别", "巡查内容", "问题数"],
           [[f"（{c['numeral']}）", c["name"], str(c["count"])] for c in data["by_category"]])
    _table("按巡查对象", ["巡查对象", "问题数"], [[t["name"], str(t["count"])] for t in data["by_target"]])
    _table("按整改状态", ["整改状态", "问题数"], [[s["name"], str(s["count"])] for s in data["by_status"]])
    listed = data["listed_supervision"]
    _table(f"重大事故隐患 {listed['hazards']} 个，已挂牌督办 {listed['count']} 个", ["巡查", "编号", "问题", "挂牌督办日期"],
           [[i["inspection"], i["id"], i["title"], i["date"]] for i in listed["items"]])
    discipline = data["discipline"]
    _table(f"移交纪检监察机关 {discipline['count']} 个", ["巡查", "编号", "问题", "移交日期"],
           [[i["inspection"], i["id"], i["title"], i["date"]] for i in discipline["items"]])
