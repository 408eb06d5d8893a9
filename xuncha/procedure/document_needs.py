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
from ..model.tree import FILE_OF_ATTRIBUTE, InspectionFolder, Records
from .steps import STEPS, step_fields, step_of_file

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
    """The `xuncha record --amend` that fills a field a step's document needs (steps.step_fields
    marks them); an amendment without --number gives out the next free number (recording.py)."""
    step = step_of_file(file_name)
    needed = next((f for f in step_fields(step) if f.printed and f.path == (field,)), None) if step else None
    if needed is None:
        return None
    command = f"xuncha record {inspection_id} {step.name} --amend --date {date or '日期'}"
    if field == "number" and step.numbered_by:
        return f'{command} --reason "补填{needed.title}"（不填 --number 即分配下一个文号）'
    return f'{command} --{needed.name} "{needed.title}" --reason "补填{needed.title}"'


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
    for step in STEPS:
        record = getattr(folder, step.attribute) if step.document else None
        if record is None:
            continue
        for needed in step_fields(step):
            name = needed.path[-1]
            if needed.printed and getattr(record, name) in (None, ""):
                yield Gap(record, name, step.document,
                          fix_command(folder.id, FILE_OF_ATTRIBUTE[step.attribute], name, record.date))
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
