"""The problem ledger and the tip log: disposition (四（六）), rectification (四（七）), confidentiality (五（三））."""

from __future__ import annotations

from typing import Iterator

from ...model.problems import HANDOFF_NAMES, STATUS_NAMES, STATUS_ORDER
from ...model.diagnostics import Diagnostic
from ..engine import Context, finding, rule, warning


def _folders(context: Context):
    return sorted(context.records.inspections.items())


def _feedback(folder):
    return folder.feedback.date if folder.feedback and folder.feedback.date else None


@rule("problem-id-unique", "四（四）", "问题编号在本次巡查内唯一")
def problem_ids_unique(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        seen: set[str] = set()
        for problem in folder.problem_list():
            if problem.id in seen:
                yield finding(problem, "problem-id-unique", f"问题编号 {problem.id} 在 {folder.id} 中重复",
                              field_name="id")
            seen.add(problem.id)
        seen = set()
        for tip in folder.tip_list():
            if tip.id in seen:
                yield finding(tip, "problem-id-unique", f"举报编号 {tip.id} 在 {folder.id} 中重复", field_name="id")
            seen.add(tip.id)


@rule("major-hazard-listed", "四（六）", "涉及重大事故隐患的，由市安全生产委员会挂牌督办")
def major_hazard_listed(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        if _feedback(folder) is None:
            continue
        for problem in folder.problem_list():
            if problem.major_hazard and not any(h.to == "listed-supervision" for h in problem.handoffs):
                yield finding(problem, "major-hazard-listed",
                              f"问题 {problem.id} 是重大事故隐患，反馈后未移交市安委会挂牌督办", field_name="major_hazard")


@rule("cadre-problem-discipline", "四（六）", "干部责任问题移交纪检监察机关，按照干部管理权限调查处理")
def cadre_problem_discipline(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        if _feedback(folder) is None:
            continue
        for problem in folder.problem_list():
            if problem.cadre_problems and not any(h.to == "discipline" for h in problem.handoffs):
                kinds = "、".join(problem.cadre_problems)
                yield finding(problem, "cadre-problem-discipline",
                              f"问题 {problem.id} 涉及干部责任问题（{kinds}），反馈后未移交纪检监察机关",
                              field_name="cadre_problems")


@rule("handoff-before-feedback", "四（五）（六）", "问题处置在巡查反馈之后")
def handoff_after_feedback(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        feedback = _feedback(folder)
        for problem in folder.problem_list():
            for handoff in problem.handoffs:
                if handoff.date is None:
                    continue
                where = HANDOFF_NAMES.get(handoff.to, handoff.to)
                if feedback is None:
                    yield finding(handoff, "handoff-before-feedback",
                                  f"问题 {problem.id} 于 {handoff.date} 移交{where}，但 {folder.id} 尚未反馈（没有 feedback.yaml）",
                                  field_name="date")
                elif handoff.date < feedback:
                    yield finding(handoff, "handoff-before-feedback",
                                  f"问题 {problem.id} 移交{where}的日期 {handoff.date} 早于反馈日期 {feedback}",
                                  field_name="date")


_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}


@rule("status-backwards", "四（七）", "整改状态只能向前推进，除非回头看重新打开（写明理由）")
def status_forward_only(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        for problem in folder.problem_list():
            previous = None
            for change in problem.progress:
                if change.status is None:
                    continue
                if previous is not None and previous.status is not None and \
                        _RANK[change.status] < _RANK[previous.status]:
                    reopened = [lb for lb in problem.lookbacks if lb.reopened and lb.date and change.date
                                and (previous.date is None or lb.date >= previous.date) and lb.date <= change.date]
                    move = f"由“{STATUS_NAMES[previous.status]}”退回“{STATUS_NAMES[change.status]}”"
                    if not reopened:
                        yield finding(change, "status-backwards",
                                      f"问题 {problem.id} 于 {change.date} {move}，但没有重新打开整改的回头看记录（lookbacks 中 reopened: true）",
                                      field_name="status")
                    elif not (change.reason or "").strip():
                        yield finding(change, "status-backwards",
                                      f"问题 {problem.id} 于 {change.date} {move}，须在 reason 中写明回头看重新打开的理由",
                                      field_name="status")
                previous = change


@rule("status-date-order", "四（七）", "整改进展按日期先后记录")
def status_dates_in_order(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        for problem in folder.problem_list():
            last = None
            for change in problem.progress:
                if change.date is None:
                    continue
                if last is not None and change.date < last:
                    yield finding(change, "status-date-order",
                                  f"问题 {problem.id} 的整改进展日期 {change.date} 早于上一条 {last}，应按先后顺序记录",
                                  field_name="date")
                last = change.date if last is None else max(last, change.date)


@rule("tip-problem-link", "四（二）", "问题来源的举报、举报查实的问题须在本次巡查中存在")
def tip_problem_links(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        tips = {t.id for t in folder.tip_list()}
        problems = {p.id for p in folder.problem_list()}
        for problem in folder.problem_list():
            if problem.source and problem.source.tip and problem.source.tip not in tips:
                yield finding(problem.source, "tip-problem-link",
                              f"问题 {problem.id} 的来源举报 {problem.source.tip} 不在 {folder.id}/tips.yaml 中",
                              field_name="tip")
        for tip in folder.tip_list():
            if tip.problem and tip.problem not in problems:
                yield finding(tip, "tip-problem-link",
                              f"举报 {tip.id} 查实的问题 {tip.problem} 不在 {folder.id}/problems.yaml 中",
                              field_name="problem")


@rule("closed-with-open-problem", "四（七）", "每个问题已销号或已移交并写明理由，巡查方可销号")
def closed_inspection_problems(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        if folder.closure is None:
            continue
        from ..problem_status import status_on, unsettled_problems

        closed_on = folder.closure.date
        for problem in unsettled_problems(folder, closed_on):
            status, _ = status_on(problem, closed_on)
            yield finding(problem, "closed-with-open-problem",
                          f"{folder.id} 已于 {closed_on} 销号（closure.yaml），但问题 {problem.id} 当时仍为“{STATUS_NAMES.get(status)}”，"
                          f"且没有写明理由（handoffs 中的 note）的移交", field_name="progress")


@rule("escalation-before-feedback", "四（七）", "函告、通报、约谈、专项督查等措施针对反馈后整改落实不力")
def escalation_after_feedback(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        feedback = _feedback(folder)
        for problem in folder.problem_list():
            for escalation in problem.escalations:
                if escalation.date is None:
                    continue
                if feedback is None or escalation.date < feedback:
                    when = f"早于反馈日期 {feedback}" if feedback else f"但 {folder.id} 尚未反馈"
                    yield finding(escalation, "escalation-before-feedback",
                                  f"问题 {problem.id} 的督促整改措施日期 {escalation.date} {when}", field_name="date")


@rule("rectification-stalled", "四（七）", "被巡查地区或单位于反馈后半年内完成整改落实")
def rectification_stalled(context: Context) -> Iterator[Diagnostic]:
    from ..problem_status import stalled_problems

    for stalled in stalled_problems(context.records, context.today, context.work_calendar()):
        provisional = "（期限按暂定日历计算）" if stalled.due.provisional else ""
        yield warning(stalled.problem, "rectification-stalled",
                      f"{stalled.inspection} 问题 {stalled.problem.id} 反馈后半年（{stalled.due.date} 届满）仍为"
                      f"“{STATUS_NAMES[stalled.status]}”，整改落实不力，可采取函告、通报、约谈、专项督查等措施{provisional}",
                      field_name="progress")


@rule("result-notice-missing", "四（六）", "领导小组办公室及时将巡查结果通报市委组织部")
def result_notice_after_feedback(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        feedback = _feedback(folder)
        if feedback is None or folder.result_notice is not None or context.today < feedback:
            continue
        yield warning(folder.feedback, "result-notice-missing",
                      f"{folder.id} 已于 {feedback} 反馈，尚未登记向市委组织部通报巡查结果（result-notice.yaml）",
                      field_name="date")


@rule("tip-names-informant", "五（三）", "严格执行保密规定：举报人身份不得写入会打印或公开的字段")
def tips_keep_informant_secret(context: Context) -> Iterator[Diagnostic]:
    from ..confidential import identity_leaks, is_opaque_ref

    for _, folder in _folders(context):
        for tip in folder.tip_list():
            for name, label in (("summary", "反映问题摘要"), ("handling", "办理情况"), ("outcome", "办理结果"),
                                ("callback_note", "回访情况")):
                leaks = identity_leaks(getattr(tip, name))
                if leaks:
                    yield finding(tip, "tip-names-informant",
                                  f"举报 {tip.id} 的{label}（{name}）含有可识别举报人身份的信息（{'、'.join(leaks)}），"
                                  f"请删去并改用 `xuncha tip add --informant-name` 记入台账以外的保密库", field_name=name)
            if tip.informant_ref and not is_opaque_ref(tip.informant_ref):
                yield finding(tip, "tip-names-informant",
                              f"举报 {tip.id} 的 informant_ref 只能是保密库生成的索引（如 inf-3f9c0a1b2d4e5f60），"
                              f"不得写入姓名、电话等身份信息", field_name="informant_ref")


@rule("accountability-list-missing", "四（四）", "巡查工作报告提出相关责任追究清单：每个干部责任问题写明责任人和建议追责措施")
def accountability_list_complete(context: Context) -> Iterator[Diagnostic]:
    for _, folder in _folders(context):
        if folder.report is None:
            continue
        for problem in folder.problem_list():
            if problem.cadre_problems and not problem.accountability:
                yield finding(problem, "accountability-list-missing",
                              f"{folder.id} 已报送巡查工作报告，但干部责任问题 {problem.id}（{'、'.join(problem.cadre_problems)}）"
                              f"在责任追究清单中没有责任人，报告无法生成。请运行 xuncha problem accountability {folder.id} "
                              f"{problem.id} --person 责任人 --measure 建议追责措施", field_name="cadre_problems")
