"""What a document template may print: the records of one inspection (or one year's plan),
turned into plain values with every date already in the form 2020年6月3日.

A value the records do not hold is not None but a ``Missing`` placeholder that knows which
file and field it stands for: the moment a template prints it, rendering stops with a
Chinese message naming that file, and nothing is written.  Templates test optional values
with ``is defined``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from jinja2 import StrictUndefined

from ..model.base import Record
from ..model.config import TARGET_KIND_NAMES
from ..model.inspection import WORKING_METHOD_NAMES
from ..model.problems import (
    CATEGORY_NAMES, CHINESE_NUMERALS, ESCALATION_NAMES, HANDOFF_NAMES, STATUS_NAMES,
)
from ..model.tree import FILE_OF_ATTRIBUTE, InspectionFolder, Records
from ..procedure.document_needs import letter_fix
from ..procedure.tours import judged_on, plan_approved_on
from .document import chinese_date, validate_doc_number

# Why a step file may be absent, in the seed's words: the message tells the clerk which
# step has not been recorded yet rather than just which file is missing.
MISSING_STEP = {
    "authorization": "该巡查尚未授权（五（二）一次一授权）",
    "notice": "该巡查未记录提前告知（四（一））",
    "entry": "巡查组尚未进驻（四（二））",
    "activities": "该巡查尚未记录工作方式（四（三））",
    "end": "该巡查尚未结束（二（一））",
    "report": "该巡查尚未报送巡查工作报告（四（四））",
    "review": "巡查工作报告尚未经领导小组审核（四（四））",
    "approval": "巡查工作报告尚未经市委、市政府批准（四（五））",
    "feedback": "巡查组尚未向被巡查地区或单位反馈（四（五））",
    "rectification_plan": "被巡查地区或单位尚未报送整改方案（四（七））",
    "rectification_report": "被巡查地区或单位尚未报送整改落实情况（四（七））",
    "closure": "该巡查尚未销号",
    "result_notice": "尚未将巡查结果通报市委组织部（四（六））",
    "problems": "该巡查尚未登记问题（四（四））",
}

PUBLIC_KINDS = ("announcement", "disclosure")


class Missing(StrictUndefined):
    """A value the records lack; printing it stops the render with its hint."""

    __slots__ = ()


class RenderError(Exception):
    """Nothing can be rendered; the message is Chinese and names the file or template."""


def missing(hint: str) -> Missing:
    return Missing(hint=hint)


def _field_hint(record: Record, name: str, title: str, clause: str | None) -> str:
    from ..procedure.document_needs import fix_command, inspection_of

    pos = record.pos(name)
    where = f"{pos.file}:{pos.line}" if pos.file else "台账"
    basis = f"（{clause}）" if clause else ""
    found = inspection_of(record)
    fix = fix_command(*found, name, getattr(record, "date", None)) if found else None
    return f"{where} 缺少“{title}”（{name}）{basis}，无法生成该公文" + (f"。修正：{fix}" if fix else "")


def view(value: Any, *, public: bool = False) -> Any:
    """A record as nested dicts and lists; None fields become Missing, dates Chinese strings."""
    if isinstance(value, Record) and dataclasses.is_dataclass(value):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if public and not f.metadata.get("public", True):
                continue
            item = getattr(value, f.name)
            if item is None:
                out[f.name] = missing(_field_hint(value, f.name, f.metadata.get("title", f.name),
                                                  f.metadata.get("clause")))
            else:
                out[f.name] = view(item, public=public)
        out["_file"] = value._file
        return out
    if isinstance(value, list):
        return [view(v, public=public) for v in value]
    if isinstance(value, dt.date):
        return chinese_date(value)
    return value


def _doc_number(record: Record, name: str) -> Any:
    """A 发文字号 from the records, checked against GB/T 9704 before it is printed."""
    number = getattr(record, name, None)
    if number is None:
        return None
    try:
        return validate_doc_number(number)
    except ValueError as exc:
        pos = record.pos(name)
        raise RenderError(f"{pos.file}:{pos.line}: {exc}") from None


@dataclass
class Instance:
    """One document to render: its output file stem and what the template sees besides the common context."""

    stem: str
    extra: dict[str, Any] = field(default_factory=dict)
    date: dt.date | None = None   # the document's own date: it shows the ledger as of then
    source: object = None         # the record the document is made from (the ledger as of a date keeps it)


class ContextBuilder:
    def __init__(self, records: Records):
        self.records = records
        self.config = records.config
        if self.config is None:
            raise RenderError("台账缺少 records/config.yaml，无法生成公文")
        self._inspections: dict[tuple[str, bool], dict[str, Any]] = {}

    # --- shared parts ----------------------------------------------------------------
    def bodies(self) -> dict[str, Any]:
        return view(self.config.bodies)

    def person(self, person_id: str, *, public: bool, on=None) -> Any:
        """A team member as the roster stood ``on`` the team's authorisation day (二（二）): a paper of 2020
        names 2020's posts, however the person has moved since."""
        roster = self.records.roster
        person = roster.as_of(on).person(person_id) if roster else None
        if person is None:
            return missing(f"records/people.yaml 中没有人员编号“{person_id}”，无法写出巡查组人员")
        data = view(person, public=public)
        data["unit_name"] = self.config.unit_name(person.unit) or person.unit
        if public:
            # 五（三）保密: a team member's own phone never reaches a public paper.
            data.pop("phone", None)
            data.pop("conflicts", None)
        return data

    def team(self, team, *, public: bool, on=None) -> dict[str, Any]:
        data = view(team, public=public)
        data["leader"] = self.person(team.leader, public=public, on=on)
        data["deputy"] = self.person(team.deputy, public=public, on=on) if team.deputy else missing(
            f"{team._file}:{team.pos('deputy').line} 巡查组未确定副组长（二（二）），无法生成该公文")
        data["members"] = [self.person(p, public=public, on=on) for p in team.members]
        if team.name is None:
            data["name"] = missing(f"{team._file}:{team.pos().line} 未写巡查组名称（name，如 市安全生产第一巡查组）")
        return data

    def target(self, target_id: str) -> dict[str, Any]:
        target = self.config.target(target_id)
        if target is None:
            raise RenderError(f"records/config.yaml 的巡查对象目录中没有“{target_id}”")
        data = view(target)
        data["kind_name"] = TARGET_KIND_NAMES.get(target.kind, target.kind)
        # 主送: the party committee and government where recorded, else the unit itself.
        data["addressee"] = target.leaders or target.name
        # 被巡查地区或单位: a department is a 单位 led by its 领导班子, the rest are 地区 led by 党委政府.
        department = target.kind == "department"
        data["you"] = "你单位" if department else "你地区"
        data["leadership"] = "领导班子" if department else "党委政府"
        data["principals"] = ("主要负责人、班子其他成员以及内设机构主要负责同志" if department
                              else "党政主要负责人、班子其他领导成员以及相关部门主要负责同志")
        return data

    def common(self) -> dict[str, Any]:
        return {
            "city": self.config.city,
            "bodies": self.bodies(),
            # 发文机关标志 and 署名 use the full name: 市安全生产… -> 盐城市安全生产…
            "full": {k: (self.config.city[:-1] + v if isinstance(v, str) and v.startswith("市") else v)
                     for k, v in self.bodies().items() if k != "_file"},
            "office_abbreviation": self.config.office_abbreviation,
            "media": list(self.config.media),
            "category_names": {CHINESE_NUMERALS[n - 1]: name for n, name in CATEGORY_NAMES.items()},
        }

    # --- the annual plan ----------------------------------------------------------------
    def plan(self, year: int) -> dict[str, Any]:
        plan = self.records.plans.get(year)
        if plan is None:
            raise RenderError(f"records/plans/{year}.yaml 不存在：尚未制定{year}年度安全生产巡查工作方案（四（一））")
        data = view(plan)
        data["number"] = _doc_number(plan, "number") or data["number"]
        for approver in ("leading-group", "city"):
            found = plan.approval(approver)
            key = approver.replace("-", "_")
            data[f"approval_{key}"] = view(found) if found else missing(
                f"{plan._file} 中没有“{'领导小组研究' if approver == 'leading-group' else '市委、市政府批准'}”的记录"
                f"（approvals，四（一）），方案尚未批准，无法印发")
        rounds = []
        for rnd, rnd_view in zip(plan.rounds, data["rounds"]):
            rnd_view["focus_items"] = [
                {"numeral": CHINESE_NUMERALS[n - 1], "name": CATEGORY_NAMES[n]} for n in rnd.focus if n in CATEGORY_NAMES
            ]
            for planned, pv in zip(rnd.inspections, rnd_view["inspections"]):
                pv["target"] = self.target(planned.target)
                pv["team"] = self.team(planned.team, public=False, on=plan_approved_on(plan))
                pv["start"] = chinese_date(planned.start or rnd.start)
                pv["end"] = chinese_date(planned.end or rnd.end)
            rounds.append(rnd_view)
        data["rounds"] = rounds
        return {**self.common(), "plan": data, "year": year}

    # --- one inspection -----------------------------------------------------------------
    def folder(self, inspection_id: str) -> InspectionFolder:
        folder = self.records.inspections.get(inspection_id)
        if folder is None:
            raise RenderError(f"records/inspections/{inspection_id} 不存在：没有编号为“{inspection_id}”的巡查")
        if folder.inspection is None:
            raise RenderError(f"records/inspections/{inspection_id}/inspection.yaml 不存在或无法读取")
        return folder

    def _step(self, folder: InspectionFolder, attribute: str, public: bool) -> Any:
        record = getattr(folder, attribute)
        if record is None:
            path = self.records.display(folder.path / FILE_OF_ATTRIBUTE[attribute])
            return missing(f"{path} 不存在：{MISSING_STEP[attribute]}")
        data = view(record, public=public)
        if getattr(record, "number", None):
            data["number"] = _doc_number(record, "number")
        return data

    def problem(self, problem, *, public: bool) -> dict[str, Any]:
        data = view(problem, public=public)
        data["category_numeral"] = CHINESE_NUMERALS[problem.category - 1]
        data["category_name"] = CATEGORY_NAMES[problem.category]
        data["status"] = problem.status
        data["status_name"] = STATUS_NAMES.get(problem.status, problem.status)
        for h, hv in zip(problem.handoffs, data["handoffs"]):
            hv["to_name"] = HANDOFF_NAMES.get(h.to, h.to)
        for e, ev in zip(problem.escalations, data["escalations"]):
            ev["kind_name"] = ESCALATION_NAMES.get(e.kind, e.kind)
        if problem.source and problem.source.method:
            data["source"]["method_name"] = WORKING_METHOD_NAMES.get(problem.source.method, problem.source.method)
        if public:
            # 五（五） discloses the main content, not who is to be held to account.
            data.pop("accountability", None)
            data.pop("cadre_problems", None)
            data.pop("handoffs", None)
            data.pop("escalations", None)
            data.pop("source", None)
        return data

    def accountability_rows(self, folder: InspectionFolder, problems) -> list[dict[str, Any]]:
        """The 责任追究清单 (四（四）): a row per person named for each cadre problem.

        A cadre problem nobody is named for yet is not left out (the report would then count it
        and say there is none): its row stops the render with the command that fills it.
        """
        rows = []
        for p in problems:
            if not p.cadre_problems and not p.accountability:
                continue
            for a in p.accountability:
                rows.append({"problem": p.id, "unit": p.unit or "", "person": a.person, "fact": a.fact,
                             "measure": a.measure})
            if not p.accountability:
                pos = p.pos("cadre_problems")
                hint = missing(f"{pos.file}:{pos.line} 问题{p.id}是干部责任问题（{'、'.join(p.cadre_problems)}），"
                               f"责任追究清单（accountability，四（四））中尚无责任人，无法生成该公文。请运行 "
                               f"xuncha problem accountability {folder.id} {p.id} --person 责任人 --measure 建议追责措施")
                rows.append({"problem": p.id, "unit": p.unit or "", "person": hint, "fact": p.title, "measure": hint})
        return rows

    def deadlines(self, folder: InspectionFolder) -> dict[str, Any]:
        feedback = folder.feedback
        if feedback is None or feedback.date is None:
            path = self.records.display(folder.path / "feedback.yaml")
            hint = f"{path} 不存在：{MISSING_STEP['feedback']}，整改时限无从起算"
            return {"plan_due": missing(hint), "report_due": missing(hint)}
        from ..procedure.deadlines import calendar_for, due_for_step

        calendar = calendar_for(self.records)

        def show(due) -> str:
            return chinese_date(due.date) + ("（暂定）" if due.provisional else "")

        return {
            "plan_due": show(due_for_step(calendar, "rectification-plan", feedback.date)[0]),
            "report_due": show(due_for_step(calendar, "rectification-report", feedback.date)[0]),
        }

    def inspection(self, inspection_id: str, *, public: bool = False) -> dict[str, Any]:
        """What every document of an inspection draws on; built once per builder (templates cannot change it)."""
        key = (inspection_id, public)
        built = self._inspections.get(key)
        if built is None:
            built = self._inspections[key] = self._inspection(inspection_id, public)
        return built

    def _inspection(self, inspection_id: str, public: bool) -> dict[str, Any]:
        folder = self.folder(inspection_id)
        ins = folder.inspection
        context = self.common()
        ins_view = view(ins, public=public)
        ins_view["team"] = self.team(ins.team, public=public, on=judged_on(self.records, folder))
        context["inspection"] = ins_view
        context["target"] = self.target(ins.target)
        plan = self.records.plans.get(ins.year)
        rnd = plan.round(ins.round) if plan else None
        context["round"] = view(rnd) if rnd else missing(
            f"records/plans/{ins.year}.yaml 中没有第{ins.round}轮巡查（四（一））")
        context["plan"] = view(plan) if plan else missing(f"records/plans/{ins.year}.yaml 不存在")
        if plan and plan.title is None:
            # The report names the plan it was made under; an untitled plan goes by its year's name.
            context["plan"]["title"] = f"{ins.year}年度全市安全生产巡查工作方案"
        for attribute in MISSING_STEP:
            if attribute != "problems":
                context[attribute] = self._step(folder, attribute, public)
        problems = [p for p in folder.problem_list() if not (public and p.internal)]
        views = [self.problem(p, public=public) for p in problems]
        context["problems"] = views
        context["categories"] = [
            {"number": n, "numeral": CHINESE_NUMERALS[n - 1], "name": CATEGORY_NAMES[n],
             "problems": [v for p, v in zip(problems, views) if p.category == n]}
            for n in sorted({p.category for p in problems})
        ]
        context["major_hazards"] = [v for p, v in zip(problems, views) if p.major_hazard]
        context["cadre_problems"] = [v for p, v in zip(problems, views) if p.cadre_problems]
        context["accountability_rows"] = [] if public else self.accountability_rows(folder, problems)
        context["deadlines"] = self.deadlines(folder)
        return context

    # --- documents that come one per problem, handoff or escalation ---------------------
    def instances(self, kind: str, inspection_id: str, problem_id: str | None = None) -> list[Instance]:
        folder = self.folder(inspection_id)
        problems = folder.problem_list()
        if problem_id is not None and not any(p.id == problem_id for p in problems):
            raise RenderError(f"{self.records.display(folder.path / 'problems.yaml')} 中没有问题“{problem_id}”")
        chosen = [p for p in problems if problem_id in (None, p.id)]
        out: list[Instance] = []
        if kind == "special-report":
            report = folder.report
            for i, special in enumerate(report.special_reports if report else [], start=1):
                if problem_id is None or problem_id in special.problems:
                    covered = [p for p in problems if p.id in special.problems]
                    out.append(Instance(f"special-report-{i}", {
                        "special_report": view(special),
                        "special_problems": [self.problem(p, public=False) for p in covered]}, report.date))
        elif kind == "handoff":
            groups: dict[tuple, list] = {}
            for p in problems:
                for h in p.handoffs:
                    if h.to in ("local", "discipline"):
                        groups.setdefault((h.to, h.reference, h.date), []).append((p, h))
            for (to, reference, date), members in groups.items():
                if problem_id is not None and not any(p.id == problem_id for p, _ in members):
                    continue
                ids = "-".join(p.id for p, _ in members)
                out.append(Instance(f"handoff-{to}-{ids}", {
                    "handoff": {**view(members[0][1]), "to_name": HANDOFF_NAMES[to],
                                "reference": _doc_number(members[0][1], "reference")
                                or missing(f"{members[0][1]._file}:{members[0][1].pos().line} 移交记录缺少“移交函文号”（reference），"
                                           f"无法生成该公文。修正：{letter_fix(self.records, members[0][1], whole_tree=False)}")},
                    "handoff_problems": [self.problem(p, public=False) for p, _ in members]}, date))
        elif kind == "supervision":
            for p in chosen:
                if not p.major_hazard:
                    continue
                listed = next((h for h in p.handoffs if h.to == "listed-supervision"), None)
                out.append(Instance(f"supervision-{p.id}", {
                    "problem": self.problem(p, public=False),
                    "listing": ({**view(listed), "reference": _doc_number(listed, "reference") or missing(
                        f"{listed._file}:{listed.pos().line} 挂牌督办记录缺少文号（reference），无法生成该公文。"
                        f"修正：{letter_fix(self.records, listed, 'safety-committee', whole_tree=False)}")}
                        if listed else missing(
                        f"{p._file}:{p.pos().line} 问题{p.id}是重大事故隐患，但尚未记录移交市安委会挂牌督办（handoffs，四（六））"))},
                    listed.date if listed else None))
        elif kind == "urge":
            for p in chosen:
                for i, e in enumerate(p.escalations, start=1):
                    if e.kind == "accountability-proposal":
                        continue  # that goes to 纪检监察机关 as a handoff letter, not to the unit
                    ev = view(e)
                    ev["kind_name"] = ESCALATION_NAMES[e.kind]
                    if e.reference:
                        ev["reference"] = _doc_number(e, "reference")
                    else:
                        ev["reference"] = missing(f"{e._file}:{e.pos().line} 督促整改措施缺少“文号”（reference），"
                                                  f"无法生成该公文。修正：{letter_fix(self.records, e, whole_tree=False)}")
                    out.append(Instance(f"urge-{p.id}-{i}", {"problem": self.problem(p, public=False),
                                                             "escalation": ev}, e.date, e))
        else:
            out.append(Instance(kind, date=document_date(kind, folder)))
        if problem_id is not None and not out:
            raise RenderError(f"问题“{problem_id}”没有可生成的{KIND_NAMES[kind]}")
        return out


def document_date(kind: str, folder: InspectionFolder) -> dt.date | None:
    """The date a document of an inspection bears (its 成文日期), read off the step it records."""

    def date_of(record, name: str = "date"):
        return getattr(record, name, None) if record is not None else None

    if kind == "announcement":
        entry = folder.entry
        return date_of(entry.announcement) if entry and entry.announcement else date_of(entry)
    if kind == "disclosure":
        # 五（五）：the text is published on the day the rectification is disclosed; before any
        # disclosure it can speak only of what stood on the day of feedback.
        return (date_of(folder.rectification_report, "disclosed") or date_of(folder.rectification_plan, "disclosed")
                or date_of(folder.feedback))
    attribute = {"authorization": "authorization", "notice": "notice", "report": "report",
                 "special-report": "report", "feedback": "feedback", "rectification-notice": "feedback",
                 "result": "result_notice"}.get(kind)
    return date_of(getattr(folder, attribute)) if attribute else None


def plan_document_date(plan, kind: str) -> dt.date | None:
    """The annual plan is issued on the city's approval; its public text on the day it is disclosed (五（五））."""
    city = plan.approval("city") if plan is not None else None
    if kind == "disclosure" and plan is not None and plan.disclosure is not None:
        return plan.disclosure.date
    return city.date if city is not None else None


KIND_NAMES = {
    "plan": "年度安全生产巡查工作方案",
    "authorization": "巡查授权书",
    "notice": "巡查通知",
    "announcement": "进驻公告",
    "report": "巡查工作报告",
    "special-report": "专题报告",
    "feedback": "巡查反馈意见",
    "rectification-notice": "整改通知书",
    "handoff": "问题移交函",
    "supervision": "挂牌督办通知书",
    "urge": "督促整改函",
    "result": "巡查结果通报",
    "disclosure": "巡查情况公开",
}
PER_PROBLEM_KINDS = ("special-report", "handoff", "supervision", "urge")
