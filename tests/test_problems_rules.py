"""One test per clause behaviour of the problem ledger: 四（四）（五）（六）（七）、五（三）."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from xuncha.procedure.problem_status import stalled_problems
from xuncha.records.loader import load

from rule_case import plain_example, validate_json

JIANHU = "records/inspections/2020-1-jianhu"
DONGTAI = "records/inspections/2020-1-dongtai"


def _write(workspace, relative: str, text: str) -> None:
    (workspace / relative).write_text(text, encoding="utf-8")


@pytest.fixture
def workspace(tmp_path):
    """The example without git: these tests are about the rules, checked in memory."""
    return plain_example(tmp_path / "office")


def _findings(workspace, as_of: str = "2020-07-10") -> list[dict]:
    return validate_json(workspace / "records", as_of=as_of)


def _of(findings: list[dict], rule: str) -> list[dict]:
    return [f for f in findings if f["rule"] == rule]


def _jianhu_feedback(workspace, date: str = "2020-07-03") -> None:
    # 2020-06-22 approved; feedback within 10 working days (四（五）), here Friday 3 July.
    _write(workspace, f"{JIANHU}/feedback.yaml", f"date: {date}\nby: chen-hong\n")


JIANHU_PROBLEMS = """\
problems:
  - id: P1
    category: 6
    title: 12家危化品使用企业未建立隐患排查治理台账
    major_hazard: true
  - id: P2
    category: 9
    title: 群众反映的2起企业违法排放危险废物问题未按期核查
    cadre_problems: [不作为]
"""


def test_the_bundled_example_has_no_ledger_findings(workspace):
    for as_of in ("2020-07-03", "2020-12-31", "2021-06-30"):
        found = [f for f in _findings(workspace, as_of)
                 if f["rule"] != "result-notice-missing" and not f["rule"].endswith("-deadline")]
        assert found == [], found


def test_an_unknown_category_is_refused_by_the_loader(workspace):
    text = (workspace / f"{JIANHU}/problems.yaml").read_text(encoding="utf-8").replace("category: 6", "category: 11")
    _write(workspace, f"{JIANHU}/problems.yaml", text)
    found = [f for f in _findings(workspace) if (f["field"] or "").endswith("category")]
    assert found and found[0]["severity"] == "错误" and found[0]["clause"] == "三"
    assert found[0]["file"].endswith("2020-1-jianhu/problems.yaml") and found[0]["line"] == 3


def test_problem_ids_are_unique_within_an_inspection(workspace):
    text = (workspace / f"{JIANHU}/problems.yaml").read_text(encoding="utf-8").replace("id: P2", "id: P1")
    _write(workspace, f"{JIANHU}/problems.yaml", text)
    found = _of(_findings(workspace), "problem-id-unique")
    assert len(found) == 1 and found[0]["clause"] == "四（四）" and "P1" in found[0]["message"]


def test_hazard_and_cadre_problems_need_no_handoff_before_feedback(workspace):
    _write(workspace, f"{JIANHU}/problems.yaml", JIANHU_PROBLEMS)
    found = _findings(workspace)
    assert not _of(found, "major-hazard-listed") and not _of(found, "cadre-problem-discipline")


def test_a_major_hazard_goes_to_listed_supervision_after_feedback(workspace):
    _write(workspace, f"{JIANHU}/problems.yaml", JIANHU_PROBLEMS)
    _jianhu_feedback(workspace)
    found = _of(_findings(workspace), "major-hazard-listed")
    assert len(found) == 1 and found[0]["clause"] == "四（六）" and "挂牌督办" in found[0]["message"]
    assert found[0]["severity"] == "错误"


def test_a_cadre_problem_goes_to_discipline_after_feedback(workspace):
    _write(workspace, f"{JIANHU}/problems.yaml", JIANHU_PROBLEMS)
    _jianhu_feedback(workspace)
    found = _of(_findings(workspace), "cadre-problem-discipline")
    assert len(found) == 1 and found[0]["clause"] == "四（六）" and "不作为" in found[0]["message"]


def test_a_handoff_before_feedback_is_an_error(workspace):
    _write(workspace, f"{JIANHU}/problems.yaml", JIANHU_PROBLEMS + """\
    handoffs:
      - to: 纪检监察
        date: 2020-07-02
""")
    _jianhu_feedback(workspace, "2020-07-03")
    found = _of(_findings(workspace), "handoff-before-feedback")
    assert len(found) == 1 and found[0]["clause"] == "四（五）（六）"
    assert "2020-07-02" in found[0]["message"] and "2020-07-03" in found[0]["message"]


def test_a_handoff_without_any_feedback_is_an_error(workspace):
    _write(workspace, f"{JIANHU}/problems.yaml", JIANHU_PROBLEMS + """\
    handoffs:
      - {to: discipline, date: 2020-06-30}
""")
    found = _of(_findings(workspace), "handoff-before-feedback")
    assert len(found) == 1 and "尚未反馈" in found[0]["message"]


def _dongtai_p1(workspace, old: str, new: str) -> None:
    path = workspace / f"{DONGTAI}/problems.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_status_moved_backwards_without_a_lookback_is_an_error(workspace):
    _dongtai_p1(workspace, "      - {date: 2020-06-28, status: closed, evidence: 市安委会挂牌督办销号通知}\n",
                "      - {date: 2020-06-28, status: closed, evidence: 市安委会挂牌督办销号通知}\n"
                "      - {date: 2020-09-10, status: 整改中}\n")
    found = _of(_findings(workspace, "2020-09-20"), "status-backwards")
    assert len(found) == 1 and found[0]["clause"] == "四（七）" and "回头看" in found[0]["message"]


def test_a_lookback_that_reopens_with_a_reason_allows_the_move_back(workspace):
    _dongtai_p1(workspace, "      - {date: 2020-06-28, status: closed, evidence: 市安委会挂牌督办销号通知}\n",
                "      - {date: 2020-06-28, status: closed, evidence: 市安委会挂牌督办销号通知}\n"
                "      - {date: 2020-09-10, status: 整改中, reason: 回头看发现切断装置未与液位报警联动}\n"
                "    lookbacks:\n"
                "      - {date: 2020-09-10, findings: 切断装置未与液位报警联动, formalism: true, reopened: true}\n")
    assert _of(_findings(workspace, "2020-09-20"), "status-backwards") == []


def test_a_reopening_lookback_without_a_reason_is_an_error(workspace):
    _dongtai_p1(workspace, "      - {date: 2020-06-28, status: closed, evidence: 市安委会挂牌督办销号通知}\n",
                "      - {date: 2020-06-28, status: closed, evidence: 市安委会挂牌督办销号通知}\n"
                "      - {date: 2020-09-10, status: 整改中}\n"
                "    lookbacks:\n"
                "      - {date: 2020-09-10, findings: 切断装置未与液位报警联动, reopened: true}\n")
    found = _of(_findings(workspace, "2020-09-20"), "status-backwards")
    assert len(found) == 1 and "reason" in found[0]["message"]


def test_status_dates_must_be_in_order(workspace):
    _dongtai_p1(workspace, "{date: 2020-06-24, status: rectified", "{date: 2020-06-08, status: rectified")
    found = _of(_findings(workspace), "status-date-order")
    assert len(found) == 1 and found[0]["clause"] == "四（七）" and "2020-06-08" in found[0]["message"]


def test_a_problem_naming_an_unknown_tip_and_a_tip_naming_an_unknown_problem(workspace):
    _dongtai_p1(workspace, "source: {tip: T1}", "source: {tip: T9}")
    tips = workspace / f"{DONGTAI}/tips.yaml"
    tips.write_text(tips.read_text(encoding="utf-8").replace("problem: P3", "problem: P7"), encoding="utf-8")
    found = _of(_findings(workspace), "tip-problem-link")
    assert sorted(f["field"] for f in found) == ["problem", "tip"]
    assert all(f["clause"] == "四（二）" for f in found)


def test_a_closed_inspection_with_an_open_problem_is_an_error(workspace):
    _dongtai_p1(workspace, "      - {date: 2020-06-22, status: rectified, evidence: 专项督查台账}\n"
                           "      - {date: 2020-06-28, status: closed}\n",
                "      - {date: 2020-06-22, status: rectified, evidence: 专项督查台账}\n")
    found = _of(_findings(workspace), "closed-with-open-problem")
    assert len(found) == 1 and "P2" in found[0]["message"] and found[0]["clause"] == "四（七）"


def test_a_closed_inspection_accepts_a_problem_handed_on_with_a_reason(workspace):
    _dongtai_p1(workspace, "      - {date: 2020-06-22, status: rectified, evidence: 专项督查台账}\n"
                           "      - {date: 2020-06-28, status: closed}\n",
                "      - {date: 2020-06-22, status: rectified, evidence: 专项督查台账}\n")
    _dongtai_p1(workspace, "        reference: 盐巡办〔2020〕17号\n",
                "        reference: 盐巡办〔2020〕17号\n        note: 责任追究由纪检监察机关按干部管理权限继续办理\n")
    assert _of(_findings(workspace), "closed-with-open-problem") == []


def test_an_escalation_before_feedback_is_an_error(workspace):
    _dongtai_p1(workspace, "    major_hazard: true\n",
                "    major_hazard: true\n    escalations:\n      - {kind: 约谈, date: 2020-06-02}\n")
    found = _of(_findings(workspace), "escalation-before-feedback")
    assert len(found) == 1 and found[0]["clause"] == "四（七）" and "2020-06-03" in found[0]["message"]


def test_rectification_stalled_half_a_year_after_feedback_is_a_warning(workspace):
    _jianhu_feedback(workspace, "2020-07-03")
    _write(workspace, f"{JIANHU}/result-notice.yaml", "date: 2020-07-08\n")
    # 3 July 2020 + six months = Sunday 3 January 2021, which moves to Monday 4 January.
    assert _of(_findings(workspace, "2021-01-04"), "rectification-stalled") == []
    found = _of(_findings(workspace, "2021-01-05"), "rectification-stalled")
    assert [f["severity"] for f in found] == ["警告", "警告"] and found[0]["clause"] == "四（七）"
    assert "2021-01-04" in found[0]["message"]


def test_stalled_problems_is_a_library_call_with_the_due_date(records_dir):
    (records_dir / "inspections/2020-1-jianhu/feedback.yaml").write_text("date: 2020-07-03\n", encoding="utf-8")
    records, _ = load(records_dir)
    stalled = stalled_problems(records, dt.date(2021, 1, 5))
    assert [(s.inspection, s.problem.id, s.status) for s in stalled] == [
        ("2020-1-jianhu", "P1", "open"), ("2020-1-jianhu", "P2", "open")]
    assert stalled[0].due.date == dt.date(2021, 1, 4)
    assert stalled_problems(records, dt.date(2021, 1, 4)) == []


def test_a_result_notice_to_the_organization_department_is_expected_after_feedback(workspace):
    _jianhu_feedback(workspace)
    found = _of(_findings(workspace), "result-notice-missing")
    assert len(found) == 1 and found[0]["severity"] == "警告" and found[0]["clause"] == "四（六）"
    assert "市委组织部" in found[0]["message"]


def test_a_tip_naming_its_informant_in_a_printed_field_is_an_error(workspace):
    tips = workspace / f"{JIANHU}/tips.yaml"
    text = tips.read_text(encoding="utf-8")
    text = text.replace("反映小区地下车库电动自行车充电存在火灾隐患", "举报人：王小明，反映小区车库充电隐患")
    text = text.replace("转县消防救援大队处理", "已电话回复13912345678")
    text = text.replace("outcome: 核查属实", "outcome: 核查属实，来电人身份证320923198801011234")
    tips.write_text(text, encoding="utf-8")
    found = _of(_findings(workspace), "tip-names-informant")
    assert sorted(f["field"] for f in found) == ["handling", "outcome", "summary"]
    assert all(f["severity"] == "错误" and f["clause"] == "五（三）" for f in found)
    assert "王小明" not in json.dumps(found, ensure_ascii=False)


def test_an_informant_ref_must_be_opaque(workspace):
    tips = workspace / f"{JIANHU}/tips.yaml"
    tips.write_text(tips.read_text(encoding="utf-8") + "    informant_ref: 张三\n", encoding="utf-8")
    found = _of(_findings(workspace), "tip-names-informant")
    assert len(found) == 1 and found[0]["field"] == "informant_ref"
