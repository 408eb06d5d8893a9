"""xuncha validate applies the order and date rules of 四、巡查程序 to YAML written by hand."""

from __future__ import annotations

import pytest

from rule_case import plain_example, validate_json

JIANHU = "records/inspections/2020-1-jianhu"
JTJ = "records/inspections/2020-1-jtj"
DONGTAI = "records/inspections/2020-1-dongtai"


@pytest.fixture
def workspace(tmp_path):
    """The example without git: these tests are about the rules, checked in memory."""
    return plain_example(tmp_path / "office")


def _findings(workspace, as_of: str = "2020-07-03") -> list[dict]:
    return validate_json(workspace / "records", as_of=as_of)


def _edit(workspace, path: str, old: str, new: str) -> None:
    file = workspace / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_hand_written_feedback_without_approval_is_an_error_of_four_five(workspace):
    (workspace / JTJ / "feedback.yaml").write_text("date: 2020-07-03\nby: wang-jianguo\n", encoding="utf-8")
    found = [f for f in _findings(workspace) if f["rule"] == "step-prerequisite"]
    assert found and all(f["severity"] == "错误" for f in found)
    assert len(found) == 1
    assert found[0]["file"] == f"{JTJ}/feedback.yaml" and found[0]["line"] == 1 and found[0]["clause"] == "四（五）"
    assert "缺少前一环节：批准（approval.yaml）、审核（review.yaml）、报告（report.yaml）、结束（end.yaml）" in found[0]["message"]


def test_review_dated_before_the_report_is_an_error(workspace):
    # jianhu's report went to the 领导小组 on 2020-05-22; a review on 05-20 cannot have reviewed it (四（四）).
    _edit(workspace, f"{JIANHU}/review.yaml", "2020-05-26", "2020-05-20")
    found = [f for f in _findings(workspace) if f["rule"] == "step-date-order"]
    assert [(f["file"], f["clause"]) for f in found] == [(f"{JIANHU}/review.yaml", "四（四）")]
    assert "早于前一环节报告（report.yaml）的日期 2020-05-22" in found[0]["message"]


def test_entry_before_authorization_breaks_one_authorization_per_inspection(workspace):
    _edit(workspace, f"{JTJ}/entry.yaml", "date: 2020-06-15\nmeeting", "date: 2020-06-09\nmeeting")
    found = [f for f in _findings(workspace) if f["rule"] == "entry-after-authorization"]
    assert [(f["file"], f["line"], f["clause"]) for f in found] == [(f"{JTJ}/entry.yaml", 1, "五（二）")]


def test_one_authorization_number_used_for_two_inspections(workspace):
    _edit(workspace, f"{JIANHU}/authorization.yaml", "盐巡授〔2020〕2号", "盐巡授〔2020〕3号")
    found = [f for f in _findings(workspace) if f["rule"] == "authorization-once"]
    assert sorted(f["file"] for f in found) == [f"{JIANHU}/authorization.yaml", f"{JTJ}/authorization.yaml"]
    assert all(f["clause"] == "五（二）" for f in found)


def test_activity_outside_the_on_site_period(workspace):
    # jianhu was on site from 2020-04-08 to 2020-05-07.
    _edit(workspace, f"{JIANHU}/activities.yaml", "- date: 2020-04-24", "- date: 2020-05-08")
    _edit(workspace, f"{JIANHU}/activities.yaml", "- date: 2020-04-08", "- date: 2020-04-07")
    found = [f for f in _findings(workspace) if f["rule"] == "activity-on-site"]
    assert [(f["line"], f["clause"]) for f in found] == [(2, "四（三）"), (11, "四（三）")]
    assert "早于进驻日期 2020-04-08" in found[0]["message"] and "晚于巡查结束日期 2020-05-07" in found[1]["message"]


def test_step_before_the_round_opened(workspace):
    _edit(workspace, f"{DONGTAI}/authorization.yaml", "2020-04-03", "2020-03-30")
    found = [f for f in _findings(workspace) if f["rule"] == "step-before-opened"]
    assert [(f["file"], f["clause"]) for f in found] == [(f"{DONGTAI}/authorization.yaml", "五（二）")]


def test_step_dated_after_today_is_a_warning(workspace):
    (workspace / JTJ / "end.yaml").write_text("date: 2020-07-14\n", encoding="utf-8")
    found = _findings(workspace)
    assert not [f for f in found if f["severity"] == "错误"]
    [late] = [f for f in found if f["rule"] == "step-in-future"]
    assert late["severity"] == "警告" and late["message"].startswith("结束（end.yaml）的日期 2020-07-14 晚于今天 2020-07-03")


def test_closing_with_open_problems_is_an_error(workspace):
    for name, day in (("feedback", "2020-07-06"), ("rectification-plan", "2020-08-14"),
                      ("rectification-report", "2020-12-30"), ("closure", "2021-01-08")):
        (workspace / JIANHU / f"{name}.yaml").write_text(f"date: {day}\n", encoding="utf-8")
    found = [f for f in _findings(workspace, "2021-01-08") if f["rule"] == "closed-with-open-problem"]
    assert [f["clause"] for f in found] == ["四（七）", "四（七）"]
    assert "问题 P1 当时仍为“未整改”" in found[0]["message"] and "问题 P2" in found[1]["message"]


def test_closed_or_handed_off_problems_allow_closing(workspace):
    # dongtai closed on 2020-06-30 with every problem 销号; the bundled example stays clean.
    assert not [f for f in _findings(workspace) if f["rule"].startswith(("closed-", "step-", "activity-", "entry-"))]
