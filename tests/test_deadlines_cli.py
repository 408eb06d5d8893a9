"""check-deadlines, status, due and calendar check/add through the CLI, on the bundled example.

The example as of 2020-07-03: 建湖县 feedback due 2020-07-07 (批准 2020-06-22, 端午 2020-06-25…27,
2020-06-28 worked); 建湖县 report sent 2020-05-22, due 2020-05-20 (劳动节 2020-05-01…05, 05-09 worked);
市交通运输局 on site since 2020-06-15, tour ends by 2020-07-14; 东台市 closed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import snapshot

STATUS_KEYS = ["inspection", "target", "step", "due", "status", "level", "working_days_left", "provisional", "clause"]


def test_check_deadlines_is_silent_when_nothing_is_due(cli):
    result = cli("check-deadlines", "--as-of", "2020-06-01")
    assert result.exit_code == 0
    assert result.output == ""


def test_check_deadlines_prints_due_soon_and_late_and_exits_1(cli):
    # Something due within the window is a reason to act: cron and scripts see exit 1.
    result = cli("check-deadlines", "--as-of", "2020-07-03")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("[即将到期] 2020-1-jianhu 建湖县 巡查反馈应于 2020-07-07 前")
    assert "还剩 2 个工作日" in lines[0]
    assert lines[1] == ("[逾期完成] 2020-1-jianhu 建湖县 巡查工作报告于 2020-05-22 报送，"
                        "晚于时限 2020-05-20（巡查结束后10个工作日内）（四（四））")
    assert "jtj" not in result.output  # its tour may last until 2020-07-14: 7 working days away
    assert "dongtai" not in result.output


def test_check_deadlines_exits_1_when_overdue(cli):
    result = cli("check-deadlines", "--as-of", "2020-07-09")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("[已逾期] 2020-1-jianhu 建湖县 巡查反馈应于 2020-07-07 前")
    assert "已逾期 2 个工作日" in result.output
    assert "[即将到期] 2020-1-jtj 市交通运输局 巡查应于 2020-07-14 前结束" in result.output


def test_within_widens_the_due_soon_window(cli):
    result = cli("check-deadlines", "--as-of", "2020-07-03", "--within", "7")
    assert "[即将到期] 2020-1-jtj" in result.output


def test_quiet_prints_only_overdue(cli):
    assert cli("check-deadlines", "--as-of", "2020-07-03", "--quiet").output == ""
    result = cli("check-deadlines", "--as-of", "2020-07-09", "--quiet")
    assert result.exit_code == 1
    assert "[已逾期]" in result.output and "[即将到期]" not in result.output and "[逾期完成]" not in result.output


def test_check_deadlines_json_lists_every_deadline_of_open_inspections(cli):
    result = cli("check-deadlines", "--as-of", "2020-07-03", "--json")
    assert result.exit_code == 1
    items = json.loads(result.output)
    assert all(list(item) == STATUS_KEYS for item in items)
    assert {(i["inspection"], i["step"], i["status"]) for i in items} == {
        ("2020-1-jianhu", "end", "met"), ("2020-1-jianhu", "report", "late"),
        ("2020-1-jianhu", "feedback", "due-soon"), ("2020-1-jtj", "end", "pending"),
        ("2020-2", "start", "pending")}  # round 2 is planned to start on 2020-09-07 (四（一）)
    feedback = next(i for i in items if i["step"] == "feedback")
    assert feedback == {"inspection": "2020-1-jianhu", "target": "建湖县", "step": "feedback", "due": "2020-07-07",
                        "status": "due-soon", "level": "yellow", "working_days_left": 2, "provisional": False,
                        "clause": "四（五）"}


def test_check_deadlines_json_exit_code_follows_overdue(cli):
    assert cli("check-deadlines", "--as-of", "2020-07-09", "--json").exit_code == 1


def test_check_deadlines_refuses_a_bad_date(cli):
    result = cli("check-deadlines", "--as-of", "7/3")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_check_deadlines_reads_a_full_width_date_and_says_how(cli):
    result = cli("check-deadlines", "--as-of", "２０２０－０７－０３")
    assert result.exit_code == 1  # the feedback of 2020-1-jianhu is due on 07-07
    assert "注：--as-of ２０２０－０７－０３ 按 2020-07-03 理解" in result.output
    assert "截至 2020-07-03" in result.output


def test_deadline_in_2027_is_marked_provisional_and_names_the_file_to_add(cli, records_dir):
    (records_dir / "inspections/2020-1-jianhu/feedback.yaml").write_text("date: 2026-12-01\n", encoding="utf-8")
    result = cli("check-deadlines", "--as-of", "2027-01-11")
    assert result.exit_code == 1  # the 市交通运输局 tour, never ended, is long overdue by then
    assert "整改方案应于 2027-01-13（暂定） 前报送" in result.output
    assert "records/calendar/2027.yaml" in result.output
    assert "xuncha calendar add 2027" in result.output
    items = json.loads(cli("check-deadlines", "--as-of", "2027-01-11", "--json").output)
    plan = next(i for i in items if i["step"] == "rectification-plan")
    assert plan["provisional"] is True and plan["due"] == "2027-01-13"


def test_verified_2027_file_removes_the_provisional_mark(cli, records_dir):
    (records_dir / "inspections/2020-1-jianhu/feedback.yaml").write_text("date: 2026-12-01\n", encoding="utf-8")
    assert cli("calendar", "add", "2027").exit_code == 0
    path = records_dir / "calendar/2027.yaml"
    # The unchecked skeleton is still only a guess.
    items = json.loads(cli("check-deadlines", "--as-of", "2027-01-11", "--json").output)
    assert next(i for i in items if i["step"] == "rectification-plan")["provisional"] is True
    path.write_text(path.read_text(encoding="utf-8").replace("verified: false", "verified: true"), encoding="utf-8")
    items = json.loads(cli("check-deadlines", "--as-of", "2027-01-11", "--json").output)
    assert next(i for i in items if i["step"] == "rectification-plan")["provisional"] is False


# validate: late steps stay on record as warnings.

def test_validate_keeps_the_late_report_as_a_warning(cli):
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 0
    assert ("records/inspections/2020-1-jianhu/report.yaml:1:1: 警告 [report-deadline] 巡查工作报告于 2020-05-22 报送，"
            "晚于时限 2020-05-20（巡查结束后10个工作日内）（四（四））") in result.output


def test_validate_warns_of_a_tour_longer_than_30_days(cli, records_dir):
    (records_dir / "inspections/2020-1-jtj/end.yaml").write_text("date: 2020-07-15\n", encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 0
    assert ("records/inspections/2020-1-jtj/end.yaml:1:1: 警告 [tour-length] 巡查自 2020-06-15 进驻至 2020-07-15 结束，"
            "在驻地共 31 天，超过时限 2020-07-14（巡查时间一般不超过30天）（二（一））") in result.output


def test_validate_reports_calendar_file_problems_with_the_file(cli, records_dir):
    (records_dir / "calendar").mkdir(exist_ok=True)
    (records_dir / "calendar/2027.yaml").write_text("year: 2027\nnotice: 通知\nholidays:\n  - 2027-13-01\n",
                                                     encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 0
    assert "records/calendar/2027.yaml:4:5: 警告 [calendar-source] 工作日历文件有误" in result.output


def test_validate_warns_of_provisional_years(cli, records_dir):
    (records_dir / "inspections/2020-1-jianhu/feedback.yaml").write_text("date: 2026-12-01\n", encoding="utf-8")
    result = cli("validate")
    # No 2027.yaml yet: the note stands at the date that runs into 2027, in a file the clerk can open.
    assert ("records/inspections/2020-1-jianhu/feedback.yaml:1:1: 警告 [calendar-source] 2027年未见国务院节假日安排通知"
            in result.output)


# status

def test_status_json_keys_and_next_due(cli):
    result = cli("status", "--json")
    assert result.exit_code == 0
    items = json.loads(result.output)
    assert all(list(item) == ["inspection", "target", "last_step", "next_step", "next_due", "level"] for item in items)
    assert items == [
        {"inspection": "2020-1-dongtai", "target": "东台市", "last_step": "close", "next_step": None, "next_due": None,
         "level": "done"},
        {"inspection": "2020-1-jianhu", "target": "建湖县", "last_step": "approve", "next_step": "feedback",
         "next_due": "2020-07-07", "level": "red"},
        {"inspection": "2020-1-jtj", "target": "市交通运输局", "last_step": "enter", "next_step": "end",
         "next_due": "2020-07-14", "level": "red"},
        {"inspection": "2020-2", "target": "阜宁县、亭湖区、大丰港经济开发区", "last_step": None,
         "next_step": "new-round", "next_due": "2020-09-07", "level": "red"},
    ]


def test_status_levels_as_of_a_date_agree_with_check_deadlines(cli):
    # 2020-07-03: 建湖县 feedback due 2020-07-07 is 2 working days away (黄); 市交通运输局's tour has 7 left (绿).
    items = json.loads(cli("status", "--json", "--as-of", "2020-07-03").output)
    assert [item["level"] for item in items] == ["done", "yellow", "green", "green"]  # round 2 starts 2020-09-07
    deadlines = json.loads(cli("check-deadlines", "--json", "--as-of", "2020-07-03").output)
    next_due = {(d["inspection"], d["step"]): d["level"] for d in deadlines}
    assert next_due[("2020-1-jianhu", "feedback")] == "yellow" and next_due[("2020-1-jtj", "end")] == "green"
    assert [i["level"] for i in json.loads(cli("status", "--json", "--as-of", "2020-07-03", "--within", "7").output)] \
        == ["done", "yellow", "yellow", "green"]


def test_status_of_one_inspection(cli):
    result = cli("status", "2020-1-jianhu", "--as-of", "2020-07-03")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "2020-1-jianhu\t建湖县\t最近完成：批准（approve）\t下一环节：反馈（feedback）\t时限：2020-07-07（四（五））"]


def test_status_of_an_unknown_inspection_is_refused(cli):
    result = cli("status", "2020-1-sheyang")
    assert result.exit_code == 2
    assert "没有巡查 2020-1-sheyang" in result.output


# due

def test_due_prints_the_date_first(cli):
    result = cli("due", "2020-01-23", "--workdays", "10")
    assert result.exit_code == 0
    assert result.output.split()[0] == "2020-02-14"


def test_due_json(cli):
    result = cli("due", "2020-04-01", "--months", "6", "--json")
    data = json.loads(result.output)
    assert list(data) == ["date", "provisional", "source"]
    assert (data["date"], data["provisional"]) == ("2020-10-09", False)
    assert data["source"].startswith("chinese-calendar ")


def test_due_in_an_uncovered_year_is_provisional_not_a_crash(cli):
    result = cli("due", "2026-12-20", "--workdays", "10", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["date"] == "2027-01-04" and data["provisional"] is True


def test_due_needs_exactly_one_period(cli):
    assert cli("due", "2020-01-23").exit_code == 2
    assert cli("due", "2020-01-23", "--workdays", "10", "--days", "3").exit_code == 2


# calendar

def test_calendar_check_lists_sources(cli):
    result = cli("calendar", "check")
    assert result.exit_code == 0
    assert "chinese-calendar" in result.output


def test_calendar_check_year_lists_holidays_and_make_up_days(cli):
    result = cli("calendar", "check", "2019")
    assert "2019-10-07" in result.output
    assert "2019-09-29（星期日）" in result.output and "2019-10-12（星期六）" in result.output


def test_calendar_check_exits_1_on_a_broken_file(cli, records_dir):
    (records_dir / "calendar").mkdir(exist_ok=True)
    (records_dir / "calendar/2027.yaml").write_text("year: 2026\n", encoding="utf-8")
    result = cli("calendar", "check")
    assert result.exit_code == 1
    assert "2027.yaml" in result.output


def test_calendar_add_writes_the_skeleton_and_commits(cli, workspace, records_dir):
    result = cli("calendar", "add", "2027")
    assert result.exit_code == 0, result.output
    text = (records_dir / "calendar/2027.yaml").read_text(encoding="utf-8")
    assert "year: 2027" in text and "verified: false" in text
    log = subprocess.run(["git", "log", "-1", "--name-only", "--format=%s"], cwd=workspace, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert log[0].startswith("xuncha: calendar add 2027")
    assert "records/calendar/2027.yaml" in log


def test_calendar_add_refuses_to_overwrite(cli, workspace):
    assert cli("calendar", "add", "2027").exit_code == 0
    before = snapshot(workspace)
    result = cli("calendar", "add", "2027")
    assert result.exit_code == 2
    assert "已存在" in result.output
    assert snapshot(workspace) == before


def test_check_deadlines_draws_a_table_on_a_terminal(cli, monkeypatch):
    from xuncha.cli import cmd_deadlines

    monkeypatch.setattr(cmd_deadlines, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("check-deadlines", "--as-of", "2020-07-03")
    assert result.exit_code == 1
    assert "状态" in result.output and "即将到期" in result.output and "[即将到期]" not in result.output


def test_check_deadlines_does_not_load_the_document_libraries(workspace):
    """cron runs it every morning: it must start fast, without python-docx or jinja2."""
    code = ("import sys; from typer.testing import CliRunner; from xuncha.cli import app; "
            "r = CliRunner().invoke(app, ['check-deadlines', '--as-of', '2020-07-03']); "
            "assert r.exit_code == 1, r.output; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'jinja2')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_validate_in_an_uncovered_year_flags_only_deadlines_that_fall_in_it(cli):
    # Every deadline of the example falls in 2020: validating in 2027 must not call them provisional.
    result = cli("validate", "--as-of", "2027-03-01")
    assert result.exit_code == 0
    assert "calendar-source" not in result.output
    assert "暂定" not in cli("status").output


def test_check_deadlines_warns_when_a_step_file_cannot_be_read(cli, records_dir):
    # A feedback date typed the Chinese way: the loader refuses it, so feedback looks not done.
    (records_dir / "inspections/2020-1-jianhu/feedback.yaml").write_text("date: 2020年7月6日\n", encoding="utf-8")
    result = cli("check-deadlines", "--as-of", "2020-07-03")
    assert result.exit_code == 1  # what it could read is still due
    assert "台账中有 1 处错误" in result.stderr and "xuncha validate" in result.stderr


def test_due_in_days_moves_off_the_national_day_holiday(cli):
    result = cli("due", "2020-09-30", "--days", "1")
    assert result.output.startswith("2020-10-09  星期五  依据：chinese-calendar")
