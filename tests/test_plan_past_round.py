"""Opening a past round (四（一）): new-round without --date opens a round whose plan dates already lie in
the past on the day 市委、市政府 approved the plan, so steps recorded from the papers are not refused;
new-round --amend corrects an opening date with a reason that goes into the commit."""

from __future__ import annotations

from conftest import snapshot
from plan_support import commit_subject, committed_files, head
from procedure_helpers import git, on

ROUND_2 = ["records/inspections/2020-2-dafeng-port/inspection.yaml",
           "records/inspections/2020-2-funing/inspection.yaml",
           "records/inspections/2020-2-tinghu/inspection.yaml"]


def _opened(records_dir, ident: str) -> str:
    text = (records_dir / "inspections" / ident / "inspection.yaml").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith("opened:"))


def test_a_past_round_opens_on_the_plans_approval_day(cli, workspace, records_dir):
    # Round 2 of 2020 was to start on 2020-09-07; today (2026-11-30) it lies long past.
    result = cli("new-round", "2020", "--round", "2", "--today", "2026-11-30")
    assert result.exit_code == 0, result.output
    assert "开启日期 2020-03-25" in result.output
    assert "开启日期取方案经市委、市政府批准之日 2020-03-25" in result.output
    assert "xuncha new-round 2020 --round 2 --amend --date 日期 --reason 原因" in result.output
    assert commit_subject(workspace) == "xuncha: new-round 2020 round 2 2020-03-25 (四（一）)"
    assert {_opened(records_dir, i) for i in ("2020-2-funing", "2020-2-tinghu")} == {"opened: 2020-03-25"}
    # The steps of September, recorded now from the papers, are not earlier than the opening.
    result = cli("record", "2020-2-funing", "authorize", "--date", "2020-09-03", "--number", "盐巡授〔2020〕5号")
    assert result.exit_code == 0, result.output


def test_a_round_ahead_opens_today(cli, records_dir, monkeypatch):
    result = cli("new-round", "2020", "--round", "2", *on(monkeypatch, "2020-08-28"))
    assert result.exit_code == 0, result.output
    assert _opened(records_dir, "2020-2-funing") == "opened: 2020-08-28"
    assert "说明：" not in result.output


def test_a_round_cannot_open_before_its_plan_was_approved(cli, workspace):
    before = snapshot(workspace)
    result = cli("new-round", "2020", "--round", "2", "--date", "2020-03-20")
    assert result.exit_code == 2
    assert "开启日期 2020-03-20 早于2020年度方案经市委、市政府批准的日期 2020-03-25" in result.output
    assert snapshot(workspace) == before


def test_amend_corrects_the_opening_date_with_its_reason_in_the_commit(cli, workspace, records_dir, monkeypatch):
    assert cli("new-round", "2020", "--round", "2", "--date", "2020-09-01", *on(monkeypatch, "2020-09-01")).exit_code == 0
    header = (records_dir / "inspections/2020-2-funing/inspection.yaml").read_text(encoding="utf-8").splitlines()[0]
    result = cli("new-round", "2020", "--round", "2", "--amend", "--date", "2020-08-28",
                 "--reason", "开启通知实际于8月28日印发", *on(monkeypatch, "2020-09-02"))
    assert result.exit_code == 0, result.output
    assert "已更正 2020 年第 2 轮的开启日期为 2020-08-28" in result.output
    assert commit_subject(workspace) == "xuncha: amend new-round 2020 round 2 2020-08-28 (四（一）)"
    assert committed_files(workspace) == ROUND_2
    body = git(workspace, "log", "-1", "--format=%b")
    assert "更正原因：开启通知实际于8月28日印发" in body and "2020-2-funing 2020-09-01 → 2020-08-28" in body
    text = (records_dir / "inspections/2020-2-funing/inspection.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == header and "opened: 2020-08-28\n" in text
    # The audit shows it as the after-the-fact change it is, with its reason.
    audit = cli("audit")
    assert "2020-2-funing" in audit.output and "开启通知实际于8月28日印发" in audit.output


def test_amend_refuses_a_date_a_recorded_step_would_precede(cli, workspace, monkeypatch):
    assert cli("new-round", "2020", "--round", "2", "--date", "2020-09-01", *on(monkeypatch, "2020-09-01")).exit_code == 0
    assert cli("record", "2020-2-funing", "authorize", "--date", "2020-09-03", "--number", "盐巡授〔2020〕5号",
               *on(monkeypatch, "2020-09-03")).exit_code == 0
    before, commit = snapshot(workspace), head(workspace)
    late = cli("new-round", "2020", "--round", "2", "--amend", "--date", "2020-09-05", "--reason", "按通知日期")
    assert late.exit_code == 2 and "2020-2-funing 的授权（authorization.yaml）（2020-09-03）" in late.output
    silent = cli("new-round", "2020", "--round", "2", "--amend", "--date", "2020-08-28")
    assert silent.exit_code == 2 and "须用 --reason 说明原因" in silent.output
    unopened = cli("new-round", "2020", "--round", "3", "--amend", "--date", "2020-08-28", "--reason", "x")
    assert unopened.exit_code == 2
    assert snapshot(workspace) == before and head(workspace) == commit
