"""What each recorded document needs in order to be printed, and the command that supplies it.

Validate-clean means every recorded document renders: a step whose document cannot be printed
(a 发文字号 left out, a report without its 基本情况, a letter without its 文号) is an error of
``validate`` at that step, and `render all` names the same command to fix it.  The commands
that record these steps give out numbers themselves (procedure/numbers.py), so the gaps here
come from hand edits and from records written before numbers were given out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..model.base import Record
from ..model.tree import InspectionFolder, Records

# (file, field) -> the command that fills it; {id} is the inspection.  An amendment without
# --number gives out the next free number (procedure/recording.py).
FIXES = {
    ("notice.yaml", "number"): 'xuncha record {id} notify --amend --date {date} --reason "补填通知文号"（不填 --number 即分配下一个文号）',
    ("report.yaml", "number"): 'xuncha record {id} report --amend --date {date} --reason "补填发文字号"（不填 --number 即分配下一个文号）',
    ("report.yaml", "overview"): 'xuncha record {id} report --amend --date {date} --overview "基本情况" --reason "补填基本情况"',
    ("feedback.yaml", "number"): 'xuncha record {id} feedback --amend --date {date} --reason "补填反馈意见文号"（不填 --number 即分配下一个文号）',
    ("result-notice.yaml", "number"):
        'xuncha record {id} result-notice --amend --date {date} --reason "补填通报文号"（不填 --number 即分配下一个文号）',
}
DOCUMENT_OF_FILE = {"notice.yaml": "巡查通知", "report.yaml": "巡查工作报告", "feedback.yaml": "巡查反馈意见和整改通知书",
                    "result-notice.yaml": "巡查结果通报"}
FIELD_TITLES = {"number": "发文字号", "overview": "基本情况", "reference": "文号", "position": "职务", "name": "巡查组名称",
                "planned_start": "计划进驻日期", "planned_end": "计划结束日期"}


@dataclass(frozen=True)
class Gap:
    """A field a recorded document needs and the records lack."""

    record: Record
    field: str
    document: str     # the document in the clerk's words
    fix: str          # what to run (or write) to fill it


def fix_command(inspection_id: str, file_name: str, field: str, date=None) -> str | None:
    template = FIXES.get((file_name, field))
    return template.format(id=inspection_id, date=date or "日期") if template else None


def letter_fix(records: Records, record: Record, organ: str = "office", *, whole_tree: bool = True) -> str:
    """How to give a recorded hand-off or escalation its 文号: by hand, with the next free number.

    Only the whole tree knows which numbers are taken; a render reads one inspection, so it
    sends the clerk to `validate` for the number instead of guessing one.
    """
    from .numbers import issuing_prefix, next_document_number

    pos = record.pos()
    if not whole_tree or record.date is None:
        return f"在 {pos.file} 第{pos.line}行的记录中写入 reference（应填的文号见 xuncha validate），再提交 git"
    number = next_document_number(records, issuing_prefix(records, organ), record.date.year)
    return f"在 {pos.file} 第{pos.line}行的记录中写入 reference: {number}（下一个未用的文号），再提交 git"


def inspection_of(record: Record) -> tuple[str, str] | None:
    """(inspection id, file name) of a record read from records/inspections/<id>/<file>."""
    parts = (record._file or "").replace("\\", "/").split("/")
    if len(parts) >= 3 and parts[-3] == "inspections":
        return parts[-2], parts[-1]
    return None


def gaps(records: Records, folder: InspectionFolder) -> Iterator[Gap]:
    """Every field a document this inspection has reached needs and does not have."""
    for attribute, file_name, fields in (("notice", "notice.yaml", ("number",)),
                                         ("report", "report.yaml", ("number", "overview")),
                                         ("feedback", "feedback.yaml", ("number",)),
                                         ("result_notice", "result-notice.yaml", ("number",))):
        record = getattr(folder, attribute)
        if record is None:
            continue
        for name in fields:
            if getattr(record, name) in (None, ""):
                yield Gap(record, name, DOCUMENT_OF_FILE[file_name], fix_command(folder.id, file_name, name, record.date))
    yield from _letter_gaps(records, folder)
    yield from _team_gaps(records, folder)


def _team_gaps(records: Records, folder: InspectionFolder) -> Iterator[Gap]:
    """Every document of an inspection names its team; the authorization and the notice also give
    the tour's planned dates and each member's post (职务), as the roster stood on their date."""
    ins = folder.inspection
    printed = [(folder.authorization, "授权书"), (folder.notice, "巡查通知")]
    printed = [(record, title) for record, title in printed if record is not None and record.date is not None]
    if ins is None or not (printed or folder.entry is not None):
        return
    if ins.team is not None and not ins.team.name:
        yield Gap(ins.team, "name", "各份公文",
                  f"在 {ins._file} 的 team 下写入 name（巡查组名称，如 市安全生产第一巡查组），再提交 git")
    for name in ("planned_start", "planned_end"):
        if getattr(ins, name) is None:
            yield Gap(ins, name, "授权书、巡查通知和进驻公告", f"在 {ins._file} 中写入 {name}（计划进驻、结束日期），再提交 git")
    if ins.team is None or records.roster is None:
        return
    for record, title in printed:
        roster = records.roster.as_of(record.date)
        for person_id in ins.team.everyone():
            person = roster.person(person_id)
            if person is not None and not person.position:
                yield Gap(person, "position", f"{title}（{record.date}）",
                          f"xuncha person update {person_id} --position 职务 --since {record.date}（或更早；"
                          f"也可在 people.yaml 中写入 position）")


def _letter_gaps(records: Records, folder: InspectionFolder) -> Iterator[Gap]:
    """Hand-off letters, 挂牌督办通知书 and 督促整改函 print their 文号; there is no command to change
    one already recorded, so the fix names the number to write by hand."""
    def fix(record: Record, organ: str) -> str:
        return letter_fix(records, record, organ)

    for problem in folder.problem_list():
        for handoff in problem.handoffs:
            if handoff.reference:
                continue
            if handoff.to in ("local", "discipline"):
                yield Gap(handoff, "reference", f"问题{problem.id}的移交函", fix(handoff, "office"))
            elif handoff.to == "listed-supervision" and problem.major_hazard:
                yield Gap(handoff, "reference", f"问题{problem.id}的挂牌督办通知书", fix(handoff, "safety-committee"))
        for escalation in problem.escalations:
            if escalation.kind != "accountability-proposal" and not escalation.reference:
                yield Gap(escalation, "reference", f"问题{problem.id}的督促整改函", fix(escalation, "office"))
