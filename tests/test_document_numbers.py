"""Document numbers (发文字号) as a register: one number one document, in the order of issue,
and the next free number given out when a command issues a document without one.

The example's 盐巡办〔2020〕: 2号 plan (03-25), 5号 dongtai notice (04-03), 11号 and 12号 the
reports (05-19, 05-22), 15号 feedback (06-03), 16号 and 17号 the hand-offs (06-04), 18号 the
巡查结果通报 (06-05), 19号 the jtj notice (06-10), 20号 the 函告 (06-12).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import snapshot
from rule_case import plain_example, validate_json

from xuncha.procedure.numbers import issued_numbers, next_document_number, parse_number
from xuncha.records.loader import load

DONGTAI = Path("records/inspections/2020-1-dongtai")
JIANHU = Path("records/inspections/2020-1-jianhu")


@pytest.fixture
def plain(tmp_path):
    """The example without git, for the number rules checked in memory."""
    return plain_example(tmp_path / "office")


def _validate(workspace, *rules):
    """Whether validate would fail (any error), and the named rules' findings, as validate --json gives them."""
    found = validate_json(workspace / "records", as_of="2020-07-10")
    return any(d["severity"] == "错误" for d in found), [d for d in found if d["rule"] in rules]


def _edit(workspace, relative, old, new):
    path = workspace / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_example_numbers_are_unique_and_in_date_order(plain):
    _, found = _validate(plain, "document-number-duplicate", "document-number-order")
    assert found == []


def test_one_letter_on_two_problems_is_one_document(records_dir):
    records, _ = load(records_dir)
    sixteen = [i for i in issued_numbers(records) if i.number == "盐巡办〔2020〕16号"]
    assert len(sixteen) == 2 and len({i.key for i in sixteen}) == 1  # P1 and P3 handed to 东台 in one letter


def test_a_number_used_twice_is_an_error_naming_the_first_holder(plain):
    _edit(plain, DONGTAI / "problems.yaml", "reference: 盐巡办〔2020〕20号", "reference: 盐巡办〔2020〕19号")
    fails, found = _validate(plain, "document-number-duplicate")
    assert fails
    [finding] = found
    assert finding["severity"] == "错误" and finding["file"] == (DONGTAI / "problems.yaml").as_posix()
    assert "已用于2020-1-jtj 巡查通知" in finding["message"] and "notice.yaml:2" in finding["message"]


def test_the_same_sequence_of_another_organ_or_year_is_no_duplicate(plain):
    _edit(plain, DONGTAI / "problems.yaml", "reference: 盐巡办〔2020〕20号", "reference: 盐巡办〔2021〕19号")
    _, found = _validate(plain, "document-number-duplicate")
    assert found == []


def test_a_number_out_of_date_order_is_a_warning(plain):
    # jianhu's report of 05-22 numbered after the 函告 of 06-12 (20号).
    _edit(plain, JIANHU / "report.yaml", "〔2020〕13号", "〔2020〕21号")
    fails, found = _validate(plain, "document-number-order")
    assert not fails
    [finding] = found
    assert finding["severity"] == "警告" and finding["file"] == (JIANHU / "report.yaml").as_posix()
    assert "巡查工作报告的发文字号 盐巡办〔2020〕21号 日期为 2020-05-22，早于编号在前的2020-1-dongtai 督促整改（函告，P2）" \
        in finding["message"]


def test_next_number_per_organ_and_year(records_dir):
    records, _ = load(records_dir)
    assert next_document_number(records, "盐巡办", 2020) == "盐巡办〔2020〕21号"
    assert next_document_number(records, "盐巡授", 2020) == "盐巡授〔2020〕4号"
    assert next_document_number(records, "盐巡办", 2021) == "盐巡办〔2021〕1号"
    assert parse_number("市委、市政府领导批示") is None


def test_recording_a_document_without_a_number_gives_the_next_and_says_so(cli, workspace):
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", "--today", "2020-07-06")
    assert result.exit_code == 0, result.output
    assert "已分配发文字号 盐巡办〔2020〕21号" in result.stdout
    assert "number: 盐巡办〔2020〕21号" in (workspace / JIANHU / "feedback.yaml").read_text(encoding="utf-8")


def test_a_number_another_document_holds_is_refused_and_nothing_written(cli, workspace):
    before = snapshot(workspace)
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", "--number", "盐巡办〔2020〕19号",
                 "--today", "2020-07-06")
    assert result.exit_code == 2
    assert "盐巡办〔2020〕19号 已用于2020-1-jtj 巡查通知" in result.output
    assert snapshot(workspace) == before


def test_an_amendment_keeps_the_number_the_document_was_issued_with(cli, workspace):
    result = cli("record", "2020-1-dongtai", "result-notice", "--date", "2020-06-08", "--amend", "--reason", "通报日期更正")
    assert result.exit_code == 0, result.output
    assert "已分配" not in result.stdout
    assert "number: 盐巡办〔2020〕18号" in (workspace / DONGTAI / "result-notice.yaml").read_text(encoding="utf-8")


def _feedback_jianhu(cli):
    # Takes 盐巡办〔2020〕21号, and 22号 for the 整改通知书 that goes with it.
    assert cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", "--today", "2020-07-06").exit_code == 0


def test_problems_handed_to_one_place_on_one_day_share_one_letter(cli, workspace):
    _feedback_jianhu(cli)
    first = cli("problem", "handoff", "2020-1-jianhu", "P1", "--to", "当地党委政府", "--date", "2020-07-09")
    assert first.exit_code == 0, first.output
    assert "已分配文号 盐巡办〔2020〕23号" in first.stdout
    second = cli("problem", "handoff", "2020-1-jianhu", "P2", "--to", "当地党委政府", "--date", "2020-07-09")
    assert "与同日同一函件共用文号 盐巡办〔2020〕23号" in second.stdout
    listed = cli("problem", "handoff", "2020-1-jianhu", "P2", "--to", "纪检监察", "--date", "2020-07-09")
    assert "已分配文号 盐巡办〔2020〕24号" in listed.stdout
    _, found = _validate(workspace, "document-number-duplicate")
    assert found == []


def test_an_escalation_without_a_reference_gets_the_next_number(cli, workspace):
    _feedback_jianhu(cli)
    result = cli("problem", "escalate", "2020-1-jianhu", "P1", "--kind", "函告", "--date", "2020-07-20")
    assert result.exit_code == 0, result.output
    assert "已分配文号 盐巡办〔2020〕23号" in result.stdout
    refused = cli("problem", "escalate", "2020-1-jianhu", "P2", "--kind", "约谈", "--date", "2020-07-21",
                  "--reference", "盐巡办〔2020〕23号")
    assert refused.exit_code == 2 and "已用于2020-1-jianhu 督促整改（函告，P1）" in refused.output


# -- 四（六）: the 巡查结果通报 to 市委组织部 has a command of its own --------------------------

def test_result_notice_is_recorded_after_feedback_with_a_number(cli, workspace):
    refused = cli("record", "2020-1-jianhu", "result-notice", "--date", "2020-07-08", "--today", "2020-07-08")
    assert refused.exit_code == 2 and "尚未记录反馈（feedback.yaml）" in refused.output
    _feedback_jianhu(cli)
    result = cli("record", "2020-1-jianhu", "结果通报", "--date", "2020-07-08", "--today", "2020-07-08")
    assert result.exit_code == 0, result.output
    assert "已分配发文字号 盐巡办〔2020〕23号" in result.stdout
    assert (workspace / JIANHU / "result-notice.yaml").read_text(encoding="utf-8") == \
        "date: 2020-07-08\nnumber: 盐巡办〔2020〕23号\n"
    _, missing = _validate(workspace, "result-notice-missing")
    assert missing == []


def test_result_notice_before_feedback_date_is_refused(cli):
    _feedback_jianhu(cli)
    result = cli("record", "2020-1-jianhu", "result-notice", "--date", "2020-07-03", "--today", "2020-07-08")
    assert result.exit_code == 2 and "早于前一环节反馈（feedback.yaml）的日期 2020-07-06" in result.output


def test_feedback_brings_its_rectification_notice_with_the_next_number(cli, workspace):
    # 四（七）: the 整改通知书 goes out with the feedback, a 文件 of its own that needs its own 文号.
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", "--by", "chen-hong",
                 "--today", "2020-07-06")
    assert result.exit_code == 0, result.output
    assert "已分配发文字号 盐巡办〔2020〕21号" in result.stdout
    assert "已为整改通知书分配文号 盐巡办〔2020〕22号" in result.stdout
    written = (workspace / JIANHU / "feedback.yaml").read_text(encoding="utf-8")
    assert "number: 盐巡办〔2020〕21号\nnotice_number: 盐巡办〔2020〕22号\n" in written


def test_each_special_report_gets_a_number_after_the_report(cli, workspace):
    # 四（四）: a 专题报告 is sent with the report but is a document of its own.
    result = cli("record", "2020-1-jtj", "end", "--date", "2020-07-14", "--today", "2020-07-20")
    assert result.exit_code == 0, result.output
    result = cli("record", "2020-1-jtj", "report", "--date", "2020-07-20", "--overview", "概况",
                 "--special-report", "关于某港口危化品码头重大事故隐患的专题报告", "--today", "2020-07-20")
    assert result.exit_code == 0, result.output
    assert "已为专题报告《关于某港口危化品码头重大事故隐患的专题报告》分配文号 盐巡办〔2020〕22号" in result.stdout
    records, _ = load(workspace / "records")
    assert records.inspections["2020-1-jtj"].report.special_reports[0].number == "盐巡办〔2020〕22号"


def test_the_city_approval_gives_an_unnumbered_plan_its_number(cli, workspace, records_dir):
    from plan_support import PLAN_2021, write_plan_2021

    assert "number: 盐巡办〔2021〕2号\n" in PLAN_2021
    path = write_plan_2021(records_dir, workspace, PLAN_2021.replace("number: 盐巡办〔2021〕2号\n", ""))
    assert cli("plan", "approve", "2021", "--by", "领导小组", "--date", "2021-03-15").exit_code == 0
    result = cli("plan", "approve", "2021", "--by", "市委市政府", "--date", "2021-03-24")
    assert result.exit_code == 0, result.output
    assert "方案未写发文字号，已分配 盐巡办〔2021〕1号" in result.stdout
    assert "number: 盐巡办〔2021〕1号\n" in path.read_text(encoding="utf-8")
