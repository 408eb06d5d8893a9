"""xuncha log and xuncha audit: the history git keeps, and the paper compliance only git can reveal."""

from __future__ import annotations

import json
import shutil

from procedure_helpers import commit_all, git, on

JIANHU = "records/inspections/2020-1-jianhu"
JTJ = "records/inspections/2020-1-jtj"


def _record_feedback_on_time(cli, monkeypatch, day: str = "2020-07-06"):
    result = cli("record", "2020-1-jianhu", "feedback", "--date", day, "--by", "chen-hong", *on(monkeypatch, day))
    assert result.exit_code == 0, result.output


def test_log_shows_who_recorded_each_step_and_which_fields_changed(cli, workspace, monkeypatch):
    _record_feedback_on_time(cli, monkeypatch)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "建湖组联络员")
    result = cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-07", "--place", "建湖县行政中心",
                 "--amend", "--reason", "反馈会实际于7月7日召开", *on(monkeypatch, "2020-07-08"))
    assert result.exit_code == 0, result.output

    result = cli("log", "2020-1-jianhu")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    recorded = lines.index(next(line for line in lines if "xuncha: record feedback" in line))
    assert lines[recorded].startswith("2020-07-06 10:00  巡查办测试员 <clerk@xuncha.invalid>")
    assert lines[recorded + 1:recorded + 6] == ["  2020-1-jianhu 反馈（feedback.yaml） 新建",
                                                "    反馈日期：2020-07-06", "    反馈人：陈宏（chen-hong）",
                                                "    反馈意见文号：盐巡办〔2020〕21号",  # given out: --number left out
                                                "    整改通知书文号：盐巡办〔2020〕22号"]  # its 整改通知书 (四（七）)
    amended = recorded + 6
    assert lines[amended].startswith("2020-07-08 10:00  建湖组联络员 <clerk@xuncha.invalid>")
    assert lines[amended + 1:] == ["  更正原因：反馈会实际于7月7日召开", "  2020-1-jianhu 反馈（feedback.yaml） 修改",
                                   "    反馈日期：2020-07-06 → 2020-07-07", "    反馈会地点：建湖县行政中心"]
    assert "（导入既有台账，共" in result.stdout


def test_log_json_lists_field_changes(cli, workspace, monkeypatch):
    _record_feedback_on_time(cli, monkeypatch)
    entries = json.loads(cli("log", "2020-1-jianhu", "--json").stdout)
    last = entries[-1]
    assert {k: last[k] for k in ("author", "inspection", "file", "step", "status", "reason")} == {
        "author": "巡查办测试员", "inspection": "2020-1-jianhu", "file": "feedback.yaml", "step": "feedback",
        "status": "added", "reason": None}
    assert last["changes"] == [{"field": "date", "before": None, "after": "2020-07-06"},
                               {"field": "by", "before": None, "after": "chen-hong"},
                               {"field": "number", "before": None, "after": "盐巡办〔2020〕21号"},
                               {"field": "notice_number", "before": None, "after": "盐巡办〔2020〕22号"}]
    assert last["committed"] == "2020-07-06T10:00:00+08:00"


def test_log_of_all_inspections_and_outside_git(cli, workspace, monkeypatch):
    _record_feedback_on_time(cli, monkeypatch)
    result = cli("record", "2020-1-jtj", "activity", "--date", "2020-07-03", "--method", "interview",
                 "--summary", "座谈", *on(monkeypatch, "2020-07-03"))
    assert result.exit_code == 0
    files = {(e["inspection"], e["file"]) for e in json.loads(cli("log", "--json").stdout)}
    assert {("2020-1-jianhu", "feedback.yaml"), ("2020-1-jtj", "activities.yaml"), ("2020-1-dongtai", "closure.yaml")} <= files
    shutil.rmtree(workspace / ".git")
    result = cli("log")
    assert result.exit_code == 2 and "不在 git 仓库中" in result.output


def test_audit_is_clean_when_steps_are_recorded_when_they_happen(cli, workspace, monkeypatch):
    _record_feedback_on_time(cli, monkeypatch)
    result = cli("audit")
    assert result.exit_code == 0, result.output
    assert "未发现倒签、事后改动日期、改写名册或删除记录" in result.stdout


def test_audit_flags_a_step_recorded_long_after_the_date_it_claims(cli, workspace, monkeypatch):
    # Feedback "held" on Mon 2020-07-06, first written down on 2020-09-01: 57 days later.
    cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", *on(monkeypatch, "2020-09-01"))
    commit = git(workspace, "rev-parse", "HEAD").strip()
    result = cli("audit")
    assert result.exit_code == 1
    assert result.stdout.count("[可能倒签]") == 1
    assert ("巡查 2020-1-jianhu 的反馈（feedback.yaml）记载日期为 2020-07-06，但直到 2020-09-01 才首次录入台账"
            f"（提交 {commit[:10]}（2020-09-01 10:00，巡查办测试员）），相隔 57 天，超过 15 天") in result.stdout
    findings = json.loads(cli("audit", "--json").stdout)
    assert findings == [{"kind": "back-dated", "inspection": "2020-1-jianhu", "file": "feedback.yaml",
                         "message": findings[0]["message"], "commits": [commit]}]
    assert cli("audit", "--threshold-days", "60").exit_code == 0


def test_audit_flags_an_appended_activity_written_down_late(cli, workspace, monkeypatch):
    cli("record", "2020-1-jtj", "activity", "--date", "2020-06-16", "--method", "座谈访谈", "--summary", "个别谈话",
        *on(monkeypatch, "2020-07-03"))
    result = cli("audit")
    assert result.exit_code == 1
    assert ("巡查 2020-1-jtj 的第 3 条工作记录（座谈访谈：个别谈话）记载日期为 2020-06-16，但直到 2020-07-03 才首次录入台账"
            in result.stdout)
    assert "相隔 17 天" in result.stdout


def _activities_by_hand(workspace, monkeypatch, day: str, change) -> None:
    on(monkeypatch, day)
    path = workspace / JTJ / "activities.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    commit_all(workspace, "手工修改工作记录")


def test_audit_finds_a_late_activity_inserted_by_hand_in_date_order(cli, workspace, monkeypatch):
    # A clerk slips a forgotten 2020-06-16 interview between the two logged entries on 2020-07-03.
    _activities_by_hand(workspace, monkeypatch, "2020-07-03", lambda text: text.replace(
        "  - date: 2020-06-18", "  - date: 2020-06-16\n    method: interview\n    summary: 个别谈话\n  - date: 2020-06-18"))
    findings = json.loads(cli("audit", "--json").stdout)
    assert [f["kind"] for f in findings] == ["back-dated"]
    assert findings[0]["message"].startswith(
        "巡查 2020-1-jtj 的第 2 条工作记录（座谈访谈：个别谈话）记载日期为 2020-06-16，但直到 2020-07-03 才首次录入台账")


def test_audit_finds_an_activity_redated_or_removed_by_hand(cli, workspace, monkeypatch):
    _activities_by_hand(workspace, monkeypatch, "2020-06-20",
                        lambda text: text.replace("- date: 2020-06-18", "- date: 2020-06-17"))
    _activities_by_hand(workspace, monkeypatch, "2020-06-22",
                        lambda text: text[:text.index("  - date: 2020-06-17")])
    result = cli("audit")
    assert result.exit_code == 1
    assert ("[事后改动日期] 巡查 2020-1-jtj 的工作（activities.yaml）中工作记录（调阅资料：调阅道路运输、水路运输安全监管执法案卷）"
            "的日期原记为 2020-06-18") in result.stdout
    assert ("[记录被删除] 巡查 2020-1-jtj 的工作记录（调阅资料：调阅道路运输、水路运输安全监管执法案卷，2020-06-17）在提交"
            in result.stdout)


def test_audit_flags_a_date_changed_after_the_fact(cli, workspace, monkeypatch):
    _record_feedback_on_time(cli, monkeypatch)
    first = git(workspace, "rev-parse", "HEAD").strip()
    on(monkeypatch, "2020-07-20")
    feedback = workspace / JIANHU / "feedback.yaml"
    feedback.write_text(feedback.read_text(encoding="utf-8").replace("2020-07-06", "2020-07-02"), encoding="utf-8")
    commit_all(workspace, "修改反馈")
    second = git(workspace, "rev-parse", "HEAD").strip()
    result = cli("audit", "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [(f["kind"], f["file"], f["commits"]) for f in findings] == [("date-changed", "feedback.yaml", [first, second])]
    assert ("反馈（feedback.yaml）中“反馈日期”原记为 2020-07-06（提交 " + first[:10]) in findings[0]["message"]
    assert "后被改为 2020-07-02（提交 " + second[:10] in findings[0]["message"]
    assert "提交中没有说明更正原因" in findings[0]["message"]


def test_audit_shows_the_reason_of_an_amended_date(cli, workspace, monkeypatch):
    _record_feedback_on_time(cli, monkeypatch)
    cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-07", "--amend", "--reason", "以会议纪要为准",
        *on(monkeypatch, "2020-07-08"))
    result = cli("audit")
    assert result.exit_code == 1
    assert "[事后改动日期]" in result.stdout and "提交说明的更正原因：以会议纪要为准" in result.stdout


def test_audit_flags_a_deleted_record(cli, workspace, monkeypatch):
    on(monkeypatch, "2020-07-03")
    git(workspace, "rm", "-q", f"{JTJ}/notice.yaml")
    git(workspace, "commit", "-q", "-m", "删除告知")
    result = cli("audit")
    assert result.exit_code == 1
    assert "[记录被删除] 巡查 2020-1-jtj 的告知（notice.yaml）在提交" in result.stdout
    assert "删除前记载的日期为 2020-06-10" in result.stdout


def test_the_initial_import_is_audited_only_on_request(cli, workspace):
    assert cli("audit").exit_code == 0
    # The example was imported years after 2020: every date in it would look back-dated.
    result = cli("audit", "--include-initial", "--json")
    assert result.exit_code == 1
    assert {f["kind"] for f in json.loads(result.stdout)} == {"back-dated"}


def test_log_of_an_unknown_inspection_suggests_close_matches(cli, workspace):
    result = cli("log", "2020-1-dongtia")
    assert result.exit_code == 2 and "是否想写：2020-1-dongtai" in result.output
    result = cli("log", "../2020-1-jtj")
    assert result.exit_code == 2 and "巡查编号" in result.output


def test_audit_covers_dated_entries_of_problems_by_problem_id(cli, workspace, monkeypatch):
    # A hand-off of P2 to 纪检监察机关 (四（六）) dated 2020-06-10 but first written down on 2020-08-01,
    # in the same commit that inserts a new problem above P2 (which must not look like P2 changing).
    _ = cli
    on(monkeypatch, "2020-08-01")
    problems = workspace / JIANHU / "problems.yaml"
    text = problems.read_text(encoding="utf-8")
    text = text.replace("  - id: P2\n", "  - id: P0\n    category: 4\n    title: 新增问题\n  - id: P2\n"
                        "    handoffs:\n      - {to: discipline, date: 2020-06-10}\n")
    problems.write_text(text, encoding="utf-8")
    commit_all(workspace, "补记移交")
    findings = json.loads(cli("audit", "--json").stdout)
    assert [(f["kind"], f["file"]) for f in findings] == [("back-dated", "problems.yaml")]
    assert findings[0]["message"].startswith(
        "巡查 2020-1-jianhu 的问题 P2 的移交处置（纪检监察机关）记载日期为 2020-06-10，但直到 2020-08-01 才首次录入台账")


def test_audit_since_a_commit_leaves_earlier_changes_aside(cli, workspace, monkeypatch):
    # The office imported its 2020 paper files in a later commit, not the first one.
    cli("record", "2020-1-jianhu", "feedback", "--date", "2020-07-06", *on(monkeypatch, "2020-09-01"))
    imported = git(workspace, "rev-parse", "HEAD").strip()
    assert cli("audit").exit_code == 1
    assert cli("audit", "--since", imported).exit_code == 0
    result = cli("audit", "--since", "no-such-commit")
    assert result.exit_code == 2 and "--since no-such-commit 不是本仓库中的提交" in result.output
