"""The rules of xuncha validate: one module per clause of the seed, and this ordered registry.

A rule runs when it is listed in ``RULES`` below, and only then: importing a module registers
nothing (as beancount's list of validations, yamllint's ``_RULES``).  Adding a rule means adding
it to its clause's module and to this list, and a test in tests/ with ``check_rule``.

The order is the order of ``validate --list-rules`` and docs/rules.md: the record-keeping rules
first (calendar-source must see the calendar before any other rule consults it), then the seed's
clauses in order.  validate sorts its findings by file and line, so the order changes no output.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from ...model.diagnostics import Diagnostic
from ..engine import TREE, Context, Rule, run
from ..numbers import problem_numbers
from . import (authorization, bookkeeping, disclosure, disposition, documents, entry, feedback, preparation,
               recusal_secrecy, rectification, report, sequence, targets, teams, working_methods)

# Each module, in the order of the seed, and the rules it declares, in the order they run.
MODULES = (bookkeeping, documents, targets, teams, sequence, preparation, entry, working_methods, report,
           feedback, disposition, rectification, authorization, recusal_secrecy, disclosure)

RULES: tuple[Rule, ...] = (
    # 台账本身
    bookkeeping.calendar_source,
    bookkeeping.unique_id,
    bookkeeping.date_in_future,
    bookkeeping.step_in_future,
    # 公文
    documents.document_incomplete,
    documents.document_number_duplicate,
    documents.document_number_order,
    # 二（一）巡查对象
    targets.unique_target_id,
    targets.unknown_target,
    targets.plan_inspection_kind,
    targets.plan_tour_length,
    targets.tour_length,
    # 二（二）巡查组的构成
    teams.unknown_person,
    teams.unknown_unit,
    teams.unique_person_id,
    teams.team_leader_missing,
    teams.team_leader_rank,
    teams.team_leader_post,
    teams.team_leader_unit,
    teams.team_leader_familiar,
    teams.team_deputy_unit,
    teams.team_deputy_rank,
    teams.team_member_unit,
    # 四、巡查程序：各环节的先后
    sequence.step_prerequisite,
    sequence.step_date_order,
    # 四（一）巡查准备
    preparation.plan_approval_order,
    preparation.plan_round_dates,
    preparation.plan_round_overlap,
    preparation.plan_mobilization,
    preparation.plan_inspection_in_round,
    preparation.step_before_opened,
    # 四（二）巡查进驻
    entry.tip_problem_link,
    # 四（三）工作方式
    working_methods.activity_on_site,
    # 四（四）巡查报告
    report.report_deadline,
    report.problem_id_unique,
    report.accountability_list_missing,
    # 四（五）巡查反馈
    feedback.feedback_deadline,
    feedback.feedback_by_leader,
    # 四（六）问题处置
    disposition.handoff_before_feedback,
    disposition.major_hazard_listed,
    disposition.cadre_problem_discipline,
    disposition.result_notice_missing,
    # 四（七）整改落实
    rectification.rectification_deadline,
    rectification.rectification_stalled,
    rectification.status_backwards,
    rectification.status_date_order,
    rectification.escalation_before_feedback,
    rectification.closed_with_open_problem,
    # 五（二）组长负责制，一次一授权
    authorization.entry_after_authorization,
    authorization.authorization_once,
    authorization.team_leader_overlap,
    authorization.team_member_overlap,
    # 五（三）回避、保密
    recusal_secrecy.recusal_unit,
    recusal_secrecy.recusal_conflict,
    recusal_secrecy.tip_names_informant,
    recusal_secrecy.identity_in_text,
    # 五（五）向社会公开
    disclosure.plan_disclosure,
)

# What the rules of the whole tree read of an inspection folder's own records (problems, tips,
# activities), as summaries worked out where a load in parts reads the folder (Context.each_folder).
FOLDER_SUMMARIES = (problem_numbers,)

RULE_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
if len(RULE_BY_ID) != len(RULES):
    raise ValueError("a rule id is declared twice")


def rules_in(scope: str = TREE, only: Iterable[str] | None = None) -> list[Rule]:
    """The registered rules that run in ``scope``, or only those named (an unknown name is a bug)."""
    if only is not None:
        wanted = set(only)
        unknown = wanted - RULE_BY_ID.keys()
        if unknown:
            raise KeyError(f"no rule is registered as {sorted(unknown)}")
        return [r for r in RULES if r.id in wanted and scope in r.scope]
    return [r for r in RULES if scope in r.scope]


def run_rules(context: Context, only: Iterable[str] | None = None, scope: str = TREE) -> Iterator[Diagnostic]:
    """Every registered rule of ``scope`` (or only those named) over ``context``, in registry order."""
    return run(context, rules_in(scope, only))


def module_of(rule: Rule):
    """The clause module that declares ``rule``: its docstring documents the rule."""
    return next(m for m in MODULES if vars(m).get(rule.check.__name__) is rule)
