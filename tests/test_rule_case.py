"""The in-memory rule check itself, on the clause of 四（四）: the report within 10 working days."""

from __future__ import annotations

from xuncha.bundled import example_records

from rule_case import check_rule, edited

JIANHU_REPORT = "inspections/2020-1-jianhu/report.yaml"


def report_dated(day: str) -> str:
    return edited(JIANHU_REPORT, "date: 2020-05-22", f"date: {day}")


def test_a_report_two_working_days_late_is_flagged_with_file_line_and_clause_四四():
    found = check_rule("report-deadline", {JIANHU_REPORT: report_dated("2020-05-22")})
    assert [(d.file, d.line, d.clause, d.severity) for d in found] == [
        ("records/inspections/2020-1-jianhu/report.yaml", 1, "四（四）", "警告")]
    assert "晚于时限 2020-05-20" in found[0].message


def test_a_report_on_the_tenth_working_day_after_the_end_passes_四四():
    assert check_rule("report-deadline", {JIANHU_REPORT: report_dated("2020-05-20")}) == []


def test_a_rule_sees_a_file_removed():
    assert check_rule("report-deadline", {JIANHU_REPORT: None}) == []


def test_new_round_judges_only_the_round_it_opens_二二():
    # 周明 leads only tinghu, in the second round: opening the first round does not judge him.
    before, zhou = (example_records() / "people.yaml").read_text(encoding="utf-8").split("- id: zhou-ming", 1)
    people = before + "- id: zhou-ming" + zhou.replace("rank: 正处级", "rank: 副处级", 1)
    whole = check_rule("team-leader-rank", {"people.yaml": people})
    assert [(d.file, d.clause) for d in whole] == [("records/plans/2020.yaml", "二（二）")]
    assert check_rule("team-leader-rank", {"people.yaml": people}, round=(2020, 1)) == []
    [found] = check_rule("team-leader-rank", {"people.yaml": people}, round=(2020, 2), today="2020-09-07")
    assert "周明" in found.message and "正处级" in found.message
