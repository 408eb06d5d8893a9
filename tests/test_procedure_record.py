"""xuncha record: each step of 四、巡查程序 recorded by command, in order, one commit each."""

from __future__ import annotations

import subprocess

from conftest import snapshot
from procedure_helpers import commit_all, files_in_head, git, head, on

JIANHU = "records/inspections/2020-1-jianhu"
JTJ = "records/inspections/2020-1-jtj"


def test_feedback_within_ten_workdays_of_approval_is_recorded_and_committed(cli, workspace, monkeypatch):
    # 四（五）: approved by 市委、市政府 on Mon 2020-06-22; the 组长 feeds back on Mon 2020-07-06.
    result = cli("record", "2020-1-jianhu", "反馈", "--date", "2020-07-06", "--by", "chen-hong",
                 "--place", "建湖县行政中心第二会议室", "--number", "盐巡办〔2020〕21号",
                 "--requirement", "对照问题清单逐项整改", "--requirement", "30个工作日内报送整改方案",
                 *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 0, result.output
    text = (workspace / JIANHU / "feedback.yaml").read_text(encoding="utf-8")
    assert text == ("date: 2020-07-06\nby: chen-hong\nplace: 建湖县行政中心第二会议室\nnumber: 盐巡办〔2020〕21号\n"
                    "notice_number: 盐巡办〔2020〕22号\nrequirements:\n  - 对照问题清单逐项整改\n  - 30个工作日内报送整改方案\n")
    assert files_in_head(workspace) == [f"{JIANHU}/feedback.yaml"]
    subject = git(workspace, "log", "-1", "--format=%s|%an").strip()
    assert subject == "xuncha: record feedback 2020-1-jianhu 2020-07-06 (四（五）)|巡查办测试员"


def test_whole_tail_of_jianhu_then_close_only_when_problems_settled(cli, workspace, monkeypatch):
    steps = [
        ("feedback", "2020-07-06", ["--by", "chen-hong"]),
        # 四（七）: plan within 30 working days of feedback; report on rectification within half a year.
        ("整改方案", "2020-08-14", ["--reference", "建委办〔2020〕60号", "--disclosed", "2020-08-14"]),
        ("rectification-report", "2020-12-30", ["--reference", "建委办〔2020〕99号", "--summary", "2个问题整改到位"]),
    ]
    for step, day, options in steps:
        result = cli("record", "2020-1-jianhu", step, "--date", day, *options, *on(monkeypatch, day))
        assert result.exit_code == 0, result.output
        assert len(files_in_head(workspace)) == 1

    before = snapshot(workspace)
    result = cli("record", "2020-1-jianhu", "销号", "--date", "2021-01-08", *on(monkeypatch, "2021-01-08"))
    assert result.exit_code == 2
    assert "P1" in result.output and "P2" in result.output and "四（七）" in result.output
    assert snapshot(workspace) == before

    problems = workspace / JIANHU / "problems.yaml"
    text = problems.read_text(encoding="utf-8")
    text = text.replace("    requirement: 督促企业建立并落实隐患排查治理制度，年内完成标准化复评。\n",
                        "    requirement: 督促企业建立并落实隐患排查治理制度，年内完成标准化复评。\n"
                        "    progress:\n      - {date: 2021-01-05, status: closed}\n")
    text += ("    handoffs:\n      - {to: discipline, date: 2020-07-10, reference: 盐巡办〔2020〕23号, "
             "note: 干部责任问题移交纪检监察机关调查处理}\n")
    problems.write_text(text, encoding="utf-8")
    commit_all(workspace, "问题销号和移交")

    result = cli("record", "2020-1-jianhu", "close", "--date", "2021-01-08", "--note", "问题全部销号或移交",
                 *on(monkeypatch, "2021-01-08"))
    assert result.exit_code == 0, result.output
    checked = cli("validate", "--as-of", "2021-01-08")
    assert checked.exit_code == 0, checked.output


def test_jtj_from_end_of_tour_to_feedback(cli, workspace, monkeypatch):
    # On site 2020-06-15 to Tue 2020-07-14; report within 10 working days of the end (四（四）).
    steps = [
        ("activity", "2020-07-01", ["--method", "明查暗访", "--place", "盐城港大丰港区", "--summary", "暗访港口危化品码头2家"]),
        ("end", "2020-07-14", []),
        ("report", "2020-07-28", ["--number", "盐巡办〔2020〕25号", "--overview", "对市交通运输局开展巡查",
                                  "--cause", "监管力量不足", "--suggestion", "加强执法",
                                  "--special-report", "关于港口危化品码头重大事故隐患的专题报告|P1|储罐区未设紧急切断装置"]),
        ("review", "2020-07-31", ["--opinion", "同意报送市委、市政府"]),
        ("approve", "2020-08-10", ["--reference", "市委、市政府领导批示"]),
        ("feedback", "2020-08-20", ["--by", "wang-jianguo"]),
    ]
    for step, day, options in steps:
        result = cli("record", "2020-1-jtj", step, "--date", day, *options, *on(monkeypatch, day))
        assert result.exit_code == 0, result.output
    activities = (workspace / JTJ / "activities.yaml").read_text(encoding="utf-8")
    assert activities.endswith("  - date: 2020-07-01\n    method: open-and-covert-visit\n"
                               "    summary: 暗访港口危化品码头2家\n    place: 盐城港大丰港区\n")
    report = (workspace / JTJ / "report.yaml").read_text(encoding="utf-8")
    assert "special_reports:\n  - title: 关于港口危化品码头重大事故隐患的专题报告\n    problems:\n      - P1\n" in report
    log = git(workspace, "log", "--format=%s", "-6").splitlines()
    assert log[0] == "xuncha: record feedback 2020-1-jtj 2020-08-20 (四（五）)"
    assert log[-1] == "xuncha: record activity 2020-1-jtj 2020-07-01 (四（三）)"
    assert cli("validate", "--as-of", "2020-08-20").exit_code == 0


def test_feedback_before_approval_is_refused_and_nothing_written(cli, workspace, monkeypatch):
    before, commit = snapshot(workspace), head(workspace)
    result = cli("record", "2020-1-jtj", "feedback", "--date", "2020-07-06", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 2
    assert "批准（approval.yaml）" in result.output and "四（五）" in result.output
    assert snapshot(workspace) == before and head(workspace) == commit


def test_step_dated_before_the_step_it_follows_is_refused(cli, workspace, monkeypatch):
    before = snapshot(workspace)
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-06-19", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 2
    assert "早于前一环节批准（approval.yaml）的日期 2020-06-22" in result.output
    assert snapshot(workspace) == before


def test_entry_moved_before_authorization_is_refused_by_one_authorization_rule(cli, workspace, monkeypatch):
    # 五（二）一次一授权: jtj was authorized on 2020-06-10.
    result = cli("record", "2020-1-jtj", "enter", "--date", "2020-06-09", "--amend", "--reason", "核对动员会纪要",
                 *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 2
    assert "早于前一环节授权（authorization.yaml）的日期 2020-06-10" in result.output and "五（二）" in result.output


def test_activity_after_the_last_day_on_site_is_refused(cli, workspace, monkeypatch):
    result = cli("record", "2020-1-jianhu", "activity", "--date", "2020-05-11", "--method", "随机抽查",
                 "--summary", "抽查企业", *on(monkeypatch, "2020-05-11"))
    assert result.exit_code == 2
    assert "晚于巡查结束日期 2020-05-07" in result.output and "四（三）" in result.output


def test_recording_a_step_twice_is_refused_and_amend_needs_a_reason(cli, workspace, monkeypatch):
    result = cli("record", "2020-1-jianhu", "approve", "--date", "2020-06-23", *on(monkeypatch, "2020-06-23"))
    assert result.exit_code == 2 and "已记录批准（approval.yaml）" in result.output and "--amend" in result.output
    result = cli("record", "2020-1-jianhu", "approve", "--date", "2020-06-23", "--amend", *on(monkeypatch, "2020-06-23"))
    assert result.exit_code == 2 and "--reason" in result.output


def test_amend_keeps_a_clerks_comments_and_puts_the_reason_in_the_commit(cli, workspace, monkeypatch):
    approval = workspace / JIANHU / "approval.yaml"
    approval.write_text("# 市委书记批示件见档案室 2020-15 卷\ndate: 2020-06-22  # 批示落款日期\n", encoding="utf-8")
    commit_all(workspace, "补充批准记录的备注")
    result = cli("record", "2020-1-jianhu", "批准", "--date", "2020-06-22", "--reference", "市委、市政府领导批示",
                 "--amend", "--reason", "补录批示文号", *on(monkeypatch, "2020-06-24"))
    assert result.exit_code == 0, result.output
    assert approval.read_text(encoding="utf-8") == ("# 市委书记批示件见档案室 2020-15 卷\ndate: 2020-06-22  # 批示落款日期\n"
                                                    "reference: 市委、市政府领导批示\n")
    message = git(workspace, "log", "-1", "--format=%B")
    assert message.startswith("xuncha: amend approve 2020-1-jianhu 2020-06-22 (四（五）)")
    assert "更正原因：补录批示文号" in message


def test_amending_a_date_past_the_next_step_is_refused(cli, workspace, monkeypatch):
    # jianhu's review (2020-05-26) already follows the report (2020-05-22).
    result = cli("record", "2020-1-jianhu", "report", "--date", "2020-05-27", "--amend", "--reason", "笔误",
                 *on(monkeypatch, "2020-07-01"))
    assert result.exit_code == 2 and "审核（review.yaml）的日期 2020-05-26" in result.output


def test_future_date_is_refused_unless_allowed(cli, workspace, monkeypatch):
    before = snapshot(workspace)
    result = cli("record", "2020-1-jtj", "end", "--date", "2020-07-14", *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 2 and "晚于今天 2020-07-03" in result.output and "--allow-future" in result.output
    assert snapshot(workspace) == before
    result = cli("record", "2020-1-jtj", "end", "--date", "2020-07-14", "--allow-future", *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 0, result.output


def test_date_before_the_round_opened_is_refused(cli, workspace, monkeypatch):
    result = cli("record", "2020-1-jtj", "activity", "--date", "2020-03-31", "--method", "briefing",
                 "--summary", "听取汇报", *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 2 and "早于本轮巡查开启日期 2020-04-01" in result.output


def test_unknown_inspection_suggests_close_matches(cli, workspace):
    result = cli("record", "2020-1-jianhuu", "feedback", "--date", "2020-07-06")
    assert result.exit_code == 2 and "是否想写：2020-1-jianhu" in result.output


def test_inspection_id_that_would_leave_the_ledger_is_refused(cli, workspace):
    for bad in ("../2020-1-jtj", "2020 1 jtj", "a/b"):
        result = cli("record", bad, "end", "--date", "2020-07-03")
        assert result.exit_code == 2 and "巡查编号" in result.output


def test_unknown_step_lists_the_steps(cli, workspace):
    result = cli("record", "2020-1-jtj", "巡视", "--date", "2020-07-03")
    assert result.exit_code == 2
    assert "没有“巡视”这一环节" in result.output and "rectification-plan（整改方案）" in result.output


def test_options_of_another_step_and_missing_required_fields_are_refused(cli, workspace, monkeypatch):
    result = cli("record", "2020-1-jtj", "activity", "--date", "2020-07-01", "--phone", "0515-1",
                 *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 2 and "--phone 不适用于工作（activities.yaml）" in result.output
    result = cli("record", "2020-1-jtj", "activity", "--date", "2020-07-01", "--summary", "座谈",
                 *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 2 and "须填写：--method（工作方式）" in result.output
    result = cli("record", "2020-1-jtj", "activity", "--date", "2020-07-01", "--summary", "座谈", "--method", "喝茶",
                 *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 2 and "没有“喝茶”这种工作方式" in result.output


def test_dirty_step_file_is_refused(cli, workspace, monkeypatch):
    activities = workspace / JTJ / "activities.yaml"
    activities.write_text(activities.read_text(encoding="utf-8") + "# 待补：6月22日座谈\n", encoding="utf-8")
    before = snapshot(workspace)
    result = cli("record", "2020-1-jtj", "activity", "--date", "2020-07-01", "--method", "interview",
                 "--summary", "座谈", *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 2 and "尚未提交的手工修改" in result.output
    assert snapshot(workspace) == before


def test_clerks_unrelated_edit_is_not_swept_into_the_commit(cli, workspace, monkeypatch):
    people = workspace / "records" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "# 新增人员待核\n", encoding="utf-8")
    git(workspace, "add", "records/people.yaml")  # even a staged edit stays out
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 0, result.output
    assert files_in_head(workspace) == [f"{JIANHU}/feedback.yaml"]
    assert "records/people.yaml" in git(workspace, "status", "--porcelain")


def test_mid_merge_repository_is_refused(cli, workspace, monkeypatch):
    people = workspace / "records" / "people.yaml"
    original = people.read_text(encoding="utf-8")
    git(workspace, "checkout", "-q", "-b", "other")
    people.write_text(original + "# 分支甲\n", encoding="utf-8")
    commit_all(workspace, "甲")
    git(workspace, "checkout", "-q", "-")
    people.write_text(original + "# 分支乙\n", encoding="utf-8")
    commit_all(workspace, "乙")
    assert subprocess.run(["git", "merge", "-q", "other"], cwd=workspace, capture_output=True).returncode != 0
    before = snapshot(workspace)
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", *on(monkeypatch, "2020-07-06"))
    # The conflict sits in people.yaml, which record now reads before it asks git: either names the merge.
    assert result.exit_code == 2 and ("合并（merge）" in result.output or "合并冲突标记" in result.output)
    assert snapshot(workspace) == before


def test_no_commit_writes_without_committing(cli, workspace, monkeypatch):
    commit = head(workspace)
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", "--no-commit", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 0, result.output
    assert head(workspace) == commit
    assert (workspace / JIANHU / "feedback.yaml").exists()


def test_records_outside_git_work_with_a_warning(cli, workspace, monkeypatch):
    import shutil

    shutil.rmtree(workspace / ".git")
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 0
    assert "没有审计留痕" in result.stderr
    assert (workspace / JIANHU / "feedback.yaml").read_text(encoding="utf-8") == \
        "date: 2020-07-06\nnumber: 盐巡办〔2020〕21号\nnotice_number: 盐巡办〔2020〕22号\n"


def test_entry_with_meeting_station_and_announcement(cli, workspace, monkeypatch):
    # A fresh inspection folder, authorized on Wed 2020-07-01, enters on Mon 2020-07-06 (四（二）).
    folder = workspace / "records" / "inspections" / "2020-1-test"
    folder.mkdir()
    inspection = (workspace / JTJ / "inspection.yaml").read_text(encoding="utf-8")
    (folder / "inspection.yaml").write_text(inspection.replace("2020-1-jtj", "2020-1-test"), encoding="utf-8")
    commit_all(workspace, "新建巡查")
    result = cli("record", "2020-1-test", "enter", "--date", "2020-07-06", "--place", "会议室",
                 "--station-address", "驻地", "--phone", "0515-1", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 2 and "授权（authorization.yaml）" in result.output and "五（二）" in result.output
    assert cli("record", "2020-1-test", "授权", "--date", "2020-07-01", "--number", "盐巡授〔2020〕9号",
               *on(monkeypatch, "2020-07-01")).exit_code == 0
    result = cli("record", "2020-1-test", "进驻", "--date", "2020-07-06", "--place", "市交通运输局四楼会议室",
                 "--attendee-principal", "局长", "--attendee-leadership", "副局长", "--attendee-department", "安监科科长",
                 "--station-address", "五楼503室", "--phone", "0515-88201234", "--hours", "每日8:30—17:30",
                 "--media", "盐城日报", "--media", "盐城新闻网", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 0, result.output
    text = (folder / "entry.yaml").read_text(encoding="utf-8")
    assert text == ("date: 2020-07-06\nmeeting:\n  place: 市交通运输局四楼会议室\n  attendees:\n    principal:\n      - 局长\n"
                    "    leadership:\n      - 副局长\n    departments:\n      - 安监科科长\nstation:\n  address: 五楼503室\n"
                    "  phone: 0515-88201234\n  hours: 每日8:30—17:30\nannouncement:\n  media:\n    - 盐城日报\n"
                    "    - 盐城新闻网\n  date: 2020-07-06\n")


def test_activities_are_appended_not_amended_and_a_reason_needs_amend(cli, workspace, monkeypatch):
    result = cli("record", "2020-1-jtj", "activity", "--date", "2020-07-01", "--method", "interview",
                 "--summary", "座谈", "--amend", "--reason", "补录", *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 2 and "工作记录逐条追加，不能 --amend" in result.output
    result = cli("record", "2020-1-jtj", "end", "--date", "2020-07-03", "--reason", "补录", *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 2 and "--reason 只与 --amend 一起使用" in result.output


def test_unreadable_file_of_the_inspection_blocks_recording(cli, workspace, monkeypatch):
    approval = workspace / JIANHU / "approval.yaml"
    approval.write_text("date: 2020年6月22日\n", encoding="utf-8")
    commit_all(workspace, "手工录入")
    before = snapshot(workspace)
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 2
    assert "records/inspections/2020-1-jianhu/approval.yaml:1:7" in result.output
    assert snapshot(workspace) == before


def test_entry_moved_after_logged_work_is_refused(cli, workspace, monkeypatch):
    # jtj logged a briefing on its entry day 2020-06-15; entry cannot move to 06-16 (四（三）).
    result = cli("record", "2020-1-jtj", "enter", "--date", "2020-06-16", "--amend", "--reason", "核对",
                 *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 2 and "晚于已记录的工作日期 2020-06-15" in result.output


def test_loosely_typed_date_is_read_as_the_one_day_it_means_and_written_in_full(cli, workspace, monkeypatch):
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-7-6", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 0, result.output
    assert "注：--date 2020-7-6 按 2020-07-06 理解" in result.output
    assert (workspace / JIANHU / "feedback.yaml").read_text(encoding="utf-8").startswith("date: 2020-07-06\n")


def test_a_date_that_does_not_exist_is_explained_not_guessed(cli, workspace, monkeypatch):
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-6-31", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 2 and "6 月没有 31 日" in result.output


def test_announcement_date_without_media_is_refused_as_an_incomplete_record(cli, workspace, monkeypatch):
    # 四（二）: the 驻地和联系方式 are published in named local media; a date alone records nothing.
    result = cli("record", "2020-1-jtj", "enter", "--date", "2020-06-15", "--announced", "2020-06-16",
                 "--amend", "--reason", "补录公布日期", *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 0, result.output  # jtj already names its media
    folder = workspace / "records" / "inspections" / "2020-1-test"
    folder.mkdir()
    inspection = (workspace / JTJ / "inspection.yaml").read_text(encoding="utf-8")
    (folder / "inspection.yaml").write_text(inspection.replace("2020-1-jtj", "2020-1-test"), encoding="utf-8")
    (folder / "authorization.yaml").write_text("date: 2020-07-01\nnumber: 盐巡授〔2020〕9号\n", encoding="utf-8")
    commit_all(workspace, "新建巡查")
    before = snapshot(workspace)
    result = cli("record", "2020-1-test", "enter", "--date", "2020-07-06", "--place", "会议室", "--station-address",
                 "驻地", "--phone", "0515-1", "--announced", "2020-07-06", *on(monkeypatch, "2020-07-06"))
    assert result.exit_code == 2
    assert "缺少必填字段 `media`" in result.output and "四（二）" in result.output
    assert snapshot(workspace) == before
