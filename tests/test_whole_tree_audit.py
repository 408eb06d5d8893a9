"""The whole tree is audited: log and audit read the plans, the roster, config.yaml and the calendar
files as they read the steps; `xuncha commit -m` validates hand edits and commits only those record files."""

from __future__ import annotations

import json

from conftest import snapshot
from plan_support import edit, head, set_person
from procedure_helpers import files_in_head, git, on


def test_a_hand_changed_approval_date_is_an_audit_finding(cli, workspace, records_dir, monkeypatch):
    edit(records_dir / "plans/2020.yaml", "    date: 2020-03-25", "    date: 2020-03-20")
    on(monkeypatch, "2020-06-01")
    git(workspace, "commit", "-qam", "改批准日期")
    result = cli("audit")
    assert result.exit_code == 1
    assert ("[事后改动日期] 2020年度方案（plans/2020.yaml）中审议批准（市委、市政府（批准））的日期原记为 2020-03-25"
            in result.output)
    assert "后被改为 2020-03-20" in result.output and "提交中没有说明更正原因" in result.output
    found = json.loads(cli("audit", "--json").output)
    assert [(f["kind"], f["inspection"], f["file"]) for f in found] == [("date-changed", None, "plans/2020.yaml")]


def test_publication_and_mobilization_dates_changed_after_approval_are_findings(cli, workspace, records_dir, monkeypatch):
    edit(records_dir / "plans/2020.yaml", "  date: 2020-03-31", "  date: 2020-03-30")
    edit(records_dir / "plans/2020.yaml", "      date: 2020-04-03", "      date: 2020-04-02")
    on(monkeypatch, "2020-06-01")
    git(workspace, "commit", "-qam", "改日期")
    fields = [f["message"] for f in json.loads(cli("audit", "--json").output)]
    assert any("“向社会公开 公开日期”原记为 2020-03-31" in m for m in fields)
    assert any("“巡查轮次第1条 动员培训 动员培训日期”原记为 2020-04-03" in m for m in fields)


def test_a_roster_entry_rewritten_in_place_is_a_finding(cli, workspace, records_dir, monkeypatch):
    set_person(records_dir, "wang-jianguo", "post", "退出领导岗位", "现职")
    on(monkeypatch, "2021-01-05")
    assert cli("commit", "-m", "王建国返聘").exit_code == 0
    result = cli("audit")
    assert result.exit_code == 1
    assert "[名册被改写] 人员名册中王建国（wang-jianguo）的“在职状态”（post）原为 退出领导岗位" in result.output
    assert "xuncha person update wang-jianguo --since 日期" in result.output


def test_a_roster_change_appended_by_person_update_is_not_a_rewrite(cli, workspace, monkeypatch):
    assert cli("person", "update", "wang-jianguo", "--since", "2021-01-04", "--post", "现职",
               *on(monkeypatch, "2021-01-05")).exit_code == 0
    result = cli("audit")
    assert result.exit_code == 0, result.output


def test_log_lists_plans_roster_and_calendar(cli, workspace, monkeypatch):
    assert cli("person", "update", "li-qiang", "--since", "2021-03-01", "--unit", "zjj",
               *on(monkeypatch, "2021-03-02")).exit_code == 0
    result = cli("log")
    assert result.exit_code == 0
    assert "  2020年度方案（plans/2020.yaml） 新建" in result.output
    assert "  人员名册（people.yaml） 修改\n    人员名册 li-qiang 任职变动第1条 生效日期：2021-03-01\n" in result.output
    assert "  台账总配置（config.yaml） 新建" in result.output
    entries = json.loads(cli("log", "--json").output)
    assert {"people.yaml", "config.yaml", "plans/2020.yaml"} <= {e["file"] for e in entries}
    # One inspection's log stays that inspection's.
    assert {e["inspection"] for e in json.loads(cli("log", "2020-1-jtj", "--json").output)} == {"2020-1-jtj"}


def test_commit_takes_only_the_record_files_the_clerk_edited(cli, workspace, records_dir):
    notes = workspace / "informant-notes.txt"
    notes.write_text("举报人：某某\n", encoding="utf-8")
    git(workspace, "add", "informant-notes.txt")
    edit(records_dir / "plans/2020.yaml", "number: 盐巡办〔2020〕2号", "number: 盐巡办〔2020〕3号")
    result = cli("commit", "-m", "补正年度方案文号")
    assert result.exit_code == 0, result.output
    assert files_in_head(workspace) == ["records/plans/2020.yaml"]
    assert "说明：补正年度方案文号" in git(workspace, "log", "-1", "--format=%b")
    assert git(workspace, "status", "--porcelain").splitlines() == ["A  informant-notes.txt"]


def test_commit_refuses_an_invalid_edit_and_commits_nothing(cli, workspace, records_dir):
    set_person(records_dir, "li-qiang", "rank", "副处级", "正科级")
    before, commit = snapshot(workspace), head(workspace)
    result = cli("commit", "-m", "改职级")
    assert result.exit_code == 2
    assert "[team-deputy-rank]" in result.output and "手工编辑未提交" in result.output
    assert head(workspace) == commit and snapshot(workspace) == before


def test_commit_with_nothing_edited_commits_nothing(cli, workspace):
    commit = head(workspace)
    result = cli("commit", "-m", "无")
    assert result.exit_code == 0 and "无需提交" in result.output
    assert head(workspace) == commit


def test_a_deleted_record_file_is_committed_as_a_deletion_and_audited(cli, workspace, records_dir):
    (records_dir / "plans/2020.yaml").unlink()
    result = cli("commit", "-m", "误删")
    assert result.exit_code == 0, result.output
    assert "删除 records/plans/2020.yaml" in result.output
    assert files_in_head(workspace) == ["records/plans/2020.yaml"]
    assert "[记录被删除] 2020年度方案（plans/2020.yaml）" in cli("audit").output
