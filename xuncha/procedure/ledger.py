"""The problem ledger: from finding to 销号 (三、四（四）（六）（七）), and the tip log (四（二）、五（三）).

Each ``prepare_*`` function checks one clerk's change against the records and the seed, and
returns the Changeset that makes it (round-trip edits that keep comments) with its commit
message; it raises ``LedgerRefused`` with a Chinese reason naming the clause, before anything is
written.  The CLI only parses flags, calls these and applies the result.  What the ledger says
on a day (statuses, unsettled and stalled problems) is read in problem_status.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..model.inspection import WORKING_METHOD_ALIASES, WORKING_METHOD_NAMES
from ..model.problems import (
    ESCALATION_ALIASES, ESCALATION_NAMES, HANDOFF_ALIASES, HANDOFF_NAMES, STATUS_ALIASES, STATUS_NAMES,
    STATUS_ORDER, TIP_CHANNEL_ALIASES, TIP_CHANNEL_NAMES, Problem,
)
from ..model.tree import InspectionFolder, Records
from ..records.transaction import commit_message
from ..records.writer import Changeset, scalar_text
from .confidential import identity_leaks
from .problem_status import LedgerRefused, category_label, parse_category, status_on

CADRE_PROBLEMS = ["不担当", "不作为", "慢作为", "乱作为", "形式主义", "官僚主义", "失职渎职", "滥用职权"]


@dataclass
class PreparedChange:
    changes: Changeset
    message: str
    summary: str           # what to tell the clerk, Chinese
    created_id: str | None = None


def _folder(records: Records, inspection_id: str) -> InspectionFolder:
    folder = records.inspections.get(inspection_id)
    if folder is None or folder.inspection is None:
        known = "、".join(sorted(records.inspections)) or "（暂无）"
        raise LedgerRefused(f"没有编号为 {inspection_id} 的巡查（现有：{known}）")
    return folder


def _problem(folder: InspectionFolder, problem_id: str) -> Problem:
    for problem in folder.problem_list():
        if problem.id == problem_id:
            return problem
    known = "、".join(p.id for p in folder.problem_list()) or "（暂无）"
    raise LedgerRefused(f"{folder.id} 的 problems.yaml 中没有编号为 {problem_id} 的问题（现有：{known}）")


def _feedback_date(folder: InspectionFolder, doing: str, clause: str) -> dt.date:
    if folder.feedback is None or folder.feedback.date is None:
        raise LedgerRefused(f"{folder.id} 尚未反馈（没有 feedback.yaml），不能{doing}：须在巡查组组长向被巡查地区或单位反馈之后（{clause}）")
    return folder.feedback.date


def _not_before_feedback(folder: InspectionFolder, day: dt.date, doing: str, clause: str) -> None:
    feedback = _feedback_date(folder, doing, clause)
    if day < feedback:
        raise LedgerRefused(f"{doing}日期 {day} 早于 {folder.id} 的反馈日期 {feedback}（feedback.yaml）：须在反馈之后（{clause}）")


def _choice(value: str, aliases: dict[str, str], names: dict[str, str], what: str, clause: str) -> str:
    if value in names:
        return value
    if value in aliases:
        return aliases[value]
    raise LedgerRefused(f"{what}“{value}”不在可选范围内：{'、'.join(names.values())}（{clause}）")


def _problems_path(folder: InspectionFolder) -> Path:
    return folder.path / "problems.yaml"


def _tips_path(folder: InspectionFolder) -> Path:
    return folder.path / "tips.yaml"


def _edit_problem(changes: Changeset, folder: InspectionFolder, problem_id: str, edit) -> None:
    """Round-trip edit of one problem's mapping in problems.yaml."""

    def change(document):
        for item in document.get("problems") or []:
            if scalar_text(item.get("id")) == problem_id:
                edit(item)
                return
        raise LedgerRefused(f"{folder.id}/problems.yaml 中找不到问题 {problem_id}")

    changes.edit(_problems_path(folder), change)


def _append_to_file(changes: Changeset, path: Path, key: str, entry: dict) -> None:
    """Add ``entry`` to the list under ``key`` of a ledger file, creating the file when there is none."""

    def change(document):
        from ruamel.yaml.comments import CommentedMap

        if not isinstance(document, dict) or not document:
            document = CommentedMap()
        _append(document, key, entry)
        return document

    changes.edit(path, change)


def _append(mapping, key: str, entry, *, flow: bool = False) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    item = CommentedMap(entry)
    if flow:
        item.fa.set_flow_style()
    if mapping.get(key) is None:
        mapping[key] = CommentedSeq()
    elif not mapping[key] and hasattr(mapping[key], "fa"):
        mapping[key].fa.set_block_style()  # `problems: []` grows into a block list, as a clerk writes it
    mapping[key].append(item)


def _next_id(prefix: str, existing: list[str]) -> str:
    numbers = [int(i[len(prefix):]) for i in existing if i and i.startswith(prefix) and i[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def problem_entry(new_id: str, category: int, title: str, *, description: str | None = None, unit: str | None = None,
                  major_hazard: bool = False, cadre: list[str] | None = None, method: str | None = None,
                  tip: str | None = None, cause: str | None = None, suggestion: str | None = None,
                  requirement: str | None = None, internal: bool = False) -> dict:
    """One problem as problems.yaml holds it, keys in the order a clerk writes them (checked values only)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    entry: dict = {"id": new_id, "category": category, "title": title.strip()}
    if description:
        entry["description"] = description
    if method or tip:
        source = CommentedMap({"method": method} if method else {"tip": tip})
        source.fa.set_flow_style()
        entry["source"] = source
    if unit:
        entry["unit"] = unit
    if major_hazard:
        entry["major_hazard"] = True
    if cadre:
        kinds = CommentedSeq(list(dict.fromkeys(cadre)))
        kinds.fa.set_flow_style()
        entry["cadre_problems"] = kinds
    entry |= {key: value for key, value in (("cause", cause), ("suggestion", suggestion),
                                            ("requirement", requirement)) if value}
    if internal:
        entry["internal"] = True
    return entry


def prepare_add_problem(records: Records, inspection_id: str, *, category: str, title: str,
                     description: str | None = None, unit: str | None = None, major_hazard: bool = False,
                     cadre: list[str] | None = None, source_method: str | None = None,
                     source_tip: str | None = None, cause: str | None = None, suggestion: str | None = None,
                     requirement: str | None = None, internal: bool = False) -> PreparedChange:
    folder = _folder(records, inspection_id)
    number = parse_category(category)
    if not title.strip():
        raise LedgerRefused("问题概述（--title）不能为空（四（四））")
    for kind in cadre or []:
        if kind not in CADRE_PROBLEMS:
            raise LedgerRefused(f"干部责任问题类别“{kind}”不在四（六）所列范围内：{'、'.join(CADRE_PROBLEMS)}")
    if source_method and source_tip:
        raise LedgerRefused("问题来源只能写一种：工作方式（--source-method）或举报编号（--source-tip）（四（三））")
    method = _choice(source_method, WORKING_METHOD_ALIASES, WORKING_METHOD_NAMES, "工作方式", "四（三）") \
        if source_method else None
    if source_tip and source_tip not in [t.id for t in folder.tip_list()]:
        known = "、".join(t.id for t in folder.tip_list()) or "（暂无）"
        raise LedgerRefused(f"举报 {source_tip} 不在 {inspection_id}/tips.yaml 中（现有：{known}）（四（二））")
    same = next((p for p in folder.problem_list() if p.category == number
                 and (p.title or "").strip() == title.strip()), None)
    if same is not None:
        raise LedgerRefused(f"巡查 {inspection_id} 已登记过这一问题：{same.id} {same.title}（巡查内容{category_label(number)}），"
                      f"不重复登记；如需补充，请编辑 problems.yaml 中的 {same.id}（四（四））")
    new_id = _next_id("P", [p.id for p in folder.problem_list()])
    entry = problem_entry(new_id, number, title, description=description, unit=unit, major_hazard=major_hazard,
                          cadre=cadre, method=method, tip=source_tip, cause=cause, suggestion=suggestion,
                          requirement=requirement, internal=internal)
    changes = Changeset()
    _append_to_file(changes, _problems_path(folder), "problems", entry)
    flags = [word for word, on in (("重大事故隐患", major_hazard), ("干部责任问题", bool(cadre))) if on]
    message = commit_message("problem add", f"{inspection_id} {new_id}", clause="四（四）", summary="登记问题",
                             details=[f"类别：{category_label(number)}", f"问题：{title.strip()}"] + flags)
    return PreparedChange(changes, message, f"已登记问题 {inspection_id} {new_id}：{title.strip()}", new_id)


def prepare_handoff(records: Records, inspection_id: str, problem_id: str, *, to: str, date: dt.date,
                 reference: str | None = None, note: str | None = None) -> PreparedChange:
    folder = _folder(records, inspection_id)
    problem = _problem(folder, problem_id)
    target = _choice(to, HANDOFF_ALIASES, HANDOFF_NAMES, "移交去向", "四（六）")
    _not_before_feedback(folder, date, "移交", "四（五）（六）")
    if any(h.to == target and h.date == date for h in problem.handoffs):
        raise LedgerRefused(f"{problem_id} 已于 {date} 移交{HANDOFF_NAMES[target]}，不重复登记（四（六））")
    from .numbers import handoff_key

    organ = "safety-committee" if target == "listed-supervision" else "office"
    reference, given_out = _document_number(records, folder, handoff_key(folder.id, target, date), reference, organ,
                                            date, [h for p in folder.problem_list() for h in p.handoffs
                                                   if h.to == target and h.date == date])
    entry = {"to": target, "date": date}
    if reference:
        entry["reference"] = reference
    if note:
        entry["note"] = note
    changes = Changeset()
    _edit_problem(changes, folder, problem_id, lambda item: _append(item, "handoffs", entry))
    message = commit_message("problem handoff", f"{inspection_id} {problem_id}", summary=f"移交{HANDOFF_NAMES[target]}",
                             date=date.isoformat(), clause="四（六）", details=[f"文号：{reference}"] if reference else [])
    return PreparedChange(changes, message, f"已登记 {inspection_id} {problem_id} 于 {date} 移交{HANDOFF_NAMES[target]}" + given_out)


def prepare_accountability(records: Records, inspection_id: str, problem_id: str, *, person: str, measure: str,
                        fact: str | None = None, cadre: list[str] | None = None) -> PreparedChange:
    """One line of the 责任追究清单 (四（四）): who is answerable for a cadre problem, and the handling proposed.

    The list is the report's: it is built from problems marked as cadre problems (四（六）), so a
    problem not marked yet is marked here with ``cadre`` or refused.
    """
    folder = _folder(records, inspection_id)
    problem = _problem(folder, problem_id)
    for kind in cadre or []:
        if kind not in CADRE_PROBLEMS:
            raise LedgerRefused(f"干部责任问题类别“{kind}”不在四（六）所列范围内：{'、'.join(CADRE_PROBLEMS)}")
    if not problem.cadre_problems and not cadre:
        raise LedgerRefused(f"{problem_id} 未标记为干部责任问题，不能列入责任追究清单：请同时用 --cadre 写明类别"
                      f"（{'、'.join(CADRE_PROBLEMS)}）（四（四）（六））")
    if not person.strip() or not measure.strip():
        raise LedgerRefused("责任追究清单须写明责任人（--person，单位及职务）和建议追责措施（--measure）（四（四））")
    fact = (fact or "").strip() or problem.title
    if any(a.person == person.strip() and a.fact == fact for a in problem.accountability):
        raise LedgerRefused(f"{problem_id} 的责任追究清单中已有“{person.strip()}”（{fact}），不重复登记（四（四））")
    entry = {"person": person.strip(), "fact": fact, "measure": measure.strip()}

    def edit(item):
        from ruamel.yaml.comments import CommentedSeq

        if cadre:
            kinds = CommentedSeq(list(dict.fromkeys([*(item.get("cadre_problems") or []), *cadre])))
            kinds.fa.set_flow_style()
            item["cadre_problems"] = kinds
        _append(item, "accountability", entry)

    changes = Changeset()
    _edit_problem(changes, folder, problem_id, edit)
    message = commit_message("problem accountability", f"{inspection_id} {problem_id}", clause="四（四）",
                             summary="列入责任追究清单",
                             details=[f"责任人：{entry['person']}", f"问题事实：{fact}", f"建议追责措施：{entry['measure']}"]
                             + ([f"干部责任问题：{'、'.join(cadre)}"] if cadre else []))
    return PreparedChange(changes, message, f"已将 {entry['person']} 列入 {inspection_id} {problem_id} 的责任追究清单："
                                     f"建议{entry['measure']}")


def prepare_status(records: Records, inspection_id: str, problem_id: str, *, to: str, date: dt.date,
                evidence: str | None = None) -> PreparedChange:
    folder = _folder(records, inspection_id)
    problem = _problem(folder, problem_id)
    target = _choice(to, STATUS_ALIASES, STATUS_NAMES, "整改状态", "四（七）")
    current, since = status_on(problem)
    if STATUS_ORDER.index(target) <= STATUS_ORDER.index(current):
        raise LedgerRefused(f"{problem_id} 当前为“{STATUS_NAMES[current]}”，整改状态只能向前推进，不能改为“{STATUS_NAMES[target]}”；"
                      f"要重新打开整改，请用 `xuncha problem lookback … --reopen --reason …` 记录回头看（四（七））")
    if since and date < since:
        raise LedgerRefused(f"日期 {date} 早于 {problem_id} 上一次状态变更日期 {since}（四（七））")
    if target == "closed" and problem.major_hazard and not any(h.to == "listed-supervision" for h in problem.handoffs):
        raise LedgerRefused(f"{problem_id} 是重大事故隐患，尚未移交市安委会挂牌督办，不能销号（四（六））")
    entry = {"date": date, "status": target}
    if evidence:
        entry["evidence"] = evidence
    changes = Changeset()
    _edit_problem(changes, folder, problem_id, lambda item: _append(item, "progress", entry, flow=True))
    message = commit_message("problem status", f"{inspection_id} {problem_id}", summary=f"整改状态改为“{STATUS_NAMES[target]}”",
                             date=date.isoformat(), clause="四（七）",
                             details=[f"佐证材料：{evidence}"] if evidence else [])
    return PreparedChange(changes, message, f"{inspection_id} {problem_id} 于 {date} 改为“{STATUS_NAMES[target]}”")


def prepare_lookback(records: Records, inspection_id: str, problem_id: str, *, date: dt.date, findings: str,
                  formalism: bool = False, reopen: bool = False, reason: str | None = None) -> PreparedChange:
    folder = _folder(records, inspection_id)
    problem = _problem(folder, problem_id)
    _not_before_feedback(folder, date, "回头看", "四（七）")
    if not findings.strip():
        raise LedgerRefused("回头看发现（--findings）不能为空（四（七））")
    current, since = status_on(problem)
    if reopen:
        if not reason or not reason.strip():
            raise LedgerRefused("回头看重新打开整改须写明理由（--reason）（四（七））")
        if current not in ("rectified", "closed"):
            raise LedgerRefused(f"{problem_id} 当前为“{STATUS_NAMES[current]}”，尚未整改完成，无需重新打开（四（七））")
        if since and date < since:
            raise LedgerRefused(f"回头看日期 {date} 早于 {problem_id} 上一次状态变更日期 {since}（四（七））")
    elif reason:
        raise LedgerRefused("--reason 只在 --reopen（重新打开整改）时填写（四（七））")
    lookback = {"date": date, "findings": findings.strip()}
    if formalism:
        lookback["formalism"] = True
    if reopen:
        lookback["reopened"] = True

    def edit(item):
        _append(item, "lookbacks", lookback)
        if reopen:
            _append(item, "progress", {"date": date, "status": "in-progress", "reason": reason.strip()}, flow=True)

    changes = Changeset()
    _edit_problem(changes, folder, problem_id, edit)
    details = [f"发现：{findings.strip()}"] + (["整改中存在形式主义、官僚主义问题"] if formalism else [])
    details += [f"重新打开整改：{reason.strip()}"] if reopen else []
    message = commit_message("problem lookback", f"{inspection_id} {problem_id}", date=date.isoformat(), clause="四（七）",
                             summary="回头看",
                             details=details)
    summary = f"已登记 {inspection_id} {problem_id} 的回头看（{date}）" + ("，问题重新打开为“整改中”" if reopen else "")
    return PreparedChange(changes, message, summary)


def prepare_escalate(records: Records, inspection_id: str, problem_id: str, *, kind: str, date: dt.date,
                  reference: str | None = None, note: str | None = None) -> PreparedChange:
    folder = _folder(records, inspection_id)
    _problem(folder, problem_id)
    code = _choice(kind, ESCALATION_ALIASES, ESCALATION_NAMES, "督促整改措施", "四（七）")
    _not_before_feedback(folder, date, "采取督促整改措施", "四（七）")
    from .numbers import escalation_key

    same = [e for p in folder.problem_list() for e in p.escalations if e.kind == code and e.date == date]
    if code == "accountability-proposal":
        same += [h for p in folder.problem_list() for h in p.handoffs if h.to == "discipline" and h.date == date]
    reference, given_out = _document_number(records, folder, escalation_key(folder.id, code, date), reference,
                                            "office", date, same)
    entry = {"kind": code, "date": date}
    if reference:
        entry["reference"] = reference
    if note:
        entry["note"] = note

    def edit(item):
        _append(item, "escalations", entry)
        if code == "accountability-proposal":
            # 四（七）: the proposal is handed to 纪检监察 in the same act, so the hand-off is recorded with it.
            handoff = {"to": "discipline", "date": date}
            if reference:
                handoff["reference"] = reference
            handoff["note"] = "整改落实不力，提出责任追究建议（四（七））"
            _append(item, "handoffs", handoff)

    changes = Changeset()
    _edit_problem(changes, folder, problem_id, edit)
    message = commit_message("problem escalate", f"{inspection_id} {problem_id}", date=date.isoformat(), clause="四（七）",
                             summary=f"督促整改：{ESCALATION_NAMES[code]}")
    return PreparedChange(changes, message, f"已登记 {inspection_id} {problem_id} 于 {date} {ESCALATION_NAMES[code]}" + given_out)


def _document_number(records: Records, folder: InspectionFolder, key: tuple, reference: str | None, organ: str,
                     date: dt.date, same_document: list) -> tuple[str, str]:
    """The 文号 of the letter a hand-off or escalation is written in, and what to tell the clerk about it.

    Problems handed to one place (or urged by one measure) on one day share one letter, as the
    renderer prints them: its number is reused.  Otherwise the next free number is given out;
    a number the clerk writes must not belong to another document.
    """
    from .numbers import issuing_prefix, next_document_number, number_holder

    if reference:
        holder = number_holder(records, reference, key)
        if holder is not None:
            pos = holder.record.pos(holder.field)
            raise LedgerRefused(f"文号 {reference} 已用于{holder.what}（{pos.file}:{pos.line}）：同一机关代字同一年度的发文字号"
                          f"不得重复。不填 --reference，工具会分配下一个未用的文号")
        return reference, ""
    shared = next((item.reference for item in same_document if item.reference), None)
    if shared:
        return shared, f"；与同日同一函件共用文号 {shared}"
    number = next_document_number(records, issuing_prefix(records, organ), date.year)
    return number, f"；未填 --reference，已分配文号 {number}"


def check_tip_text(fields: dict[str, str | None]) -> None:
    for name, text in fields.items():
        leaks = identity_leaks(text)
        if leaks:
            raise LedgerRefused(f"{name}中含有可识别举报人身份的信息（{'、'.join(leaks)}），该字段会出现在打印的文书和列表中。"
                          f"举报人姓名、电话请用 --informant-name、--informant-phone 记入台账以外的保密库（五（三））")


def prepare_add_tip(records: Records, inspection_id: str, *, received: dt.date, channel: str, summary: str,
                 handling: str | None = None, outcome: str | None = None, problem: str | None = None,
                 informant=None) -> PreparedChange:
    """``informant(tip_id, changes) -> ref`` files the identity in the confidential store, as part of the
    same changeset as the tip, once every check has passed."""
    folder = _folder(records, inspection_id)
    code = _choice(channel, TIP_CHANNEL_ALIASES, TIP_CHANNEL_NAMES, "受理渠道", "四（二）")
    if not summary.strip():
        raise LedgerRefused("反映问题摘要（--summary）不能为空（四（二））")
    check_tip_text({"反映问题摘要（--summary）": summary, "办理情况（--handling）": handling,
                    "办理结果（--outcome）": outcome})
    if problem:
        _problem(folder, problem)
    same = next((t for t in folder.tip_list() if t.received == received and t.channel == code
                 and (t.summary or "").strip() == summary.strip()), None)
    if same is not None:
        raise LedgerRefused(f"巡查 {inspection_id} 已登记过这一举报：{same.id}（{received.isoformat()} "
                      f"{TIP_CHANNEL_NAMES[code]}）{same.summary}，不重复登记（四（二））")
    new_id = _next_id("T", [t.id for t in folder.tip_list()])
    changes = Changeset()
    informant_ref = informant(new_id, changes) if informant else None
    entry = {"id": new_id, "received": received, "channel": code, "summary": summary.strip()}
    entry |= {key: value for key, value in (("handling", handling), ("outcome", outcome), ("problem", problem),
                                            ("informant_ref", informant_ref)) if value}
    _append_to_file(changes, _tips_path(folder), "tips", entry)
    # The commit message is in git for ever: it names the tip, never the informant.
    message = commit_message("tip add", f"{inspection_id} {new_id}", date=received.isoformat(), clause="四（二）",
                             summary="登记来访来信来电",
                             details=[f"渠道：{TIP_CHANNEL_NAMES[code]}"])
    return PreparedChange(changes, message, f"已登记举报 {inspection_id} {new_id}（{TIP_CHANNEL_NAMES[code]}）", new_id)
