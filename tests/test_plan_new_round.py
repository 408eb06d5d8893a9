"""xuncha new-round (四（一）): opens a round of an approved plan in one commit, or writes nothing at all."""

from __future__ import annotations

from conftest import snapshot
from plan_support import commit_subject, committed_files, edit, git_status, head, set_person

ROUND_2 = ["records/inspections/2020-2-dafeng-port/inspection.yaml",
           "records/inspections/2020-2-funing/inspection.yaml",
           "records/inspections/2020-2-tinghu/inspection.yaml"]


def test_new_round_opens_round_two_and_commits_exactly_the_new_files(cli, workspace, records_dir):
    before = head(workspace)
    result = cli("new-round", "2020", "--round", "2", "--date", "2020-09-01")
    assert result.exit_code == 0, result.output
    assert head(workspace) != before
    assert committed_files(workspace) == ROUND_2
    assert git_status(workspace) == ""
    assert commit_subject(workspace) == "xuncha: new-round 2020 round 2 2020-09-01 (四（一）)"
    assert "2020-2-funing  阜宁县（巡查）  计划进驻 2020-09-07，计划结束 2020-10-06" in result.output
    assert "2020-2-dafeng-port  大丰港经济开发区（专项巡查）  计划进驻 2020-10-19，计划结束 2020-10-28（巡查时间不超过10天" \
        in result.output


def test_opened_inspection_copies_the_plan(cli, records_dir):
    assert cli("new-round", "2020", "--round", "2", "--date", "2020-09-01").exit_code == 0
    from xuncha.records.loader import load

    records, diagnostics = load(records_dir)
    assert [d.format() for d in diagnostics if d.is_error] == []
    opened = records.inspections["2020-2-dafeng-port"].inspection
    assert (opened.target, opened.year, opened.round, opened.special) == ("dafeng-port", 2020, 2, True)
    assert (opened.planned_start.isoformat(), opened.planned_end.isoformat()) == ("2020-10-19", "2020-10-28")
    assert opened.opened.isoformat() == "2020-09-01"
    assert (opened.team.name, opened.team.leader, opened.team.deputy, opened.team.members) == (
        "市安全生产第一巡查组", "wang-jianguo", "zhao-gang", ["ma-tao", "qian-fang"])
    assert cli("validate").exit_code == 0


def test_default_round_is_the_first_not_yet_opened(cli):
    result = cli("new-round", "2020", "--date", "2020-09-01")
    assert result.exit_code == 0, result.output
    assert "已开启 2020 年第 2 轮巡查，共 3 个巡查对象" in result.output


def test_new_round_run_twice_is_refused_and_changes_nothing(cli, workspace):
    assert cli("new-round", "2020", "--round", "2", "--date", "2020-09-01").exit_code == 0
    before, commit = snapshot(workspace), head(workspace)
    result = cli("new-round", "2020", "--round", "2", "--date", "2020-09-02")
    assert result.exit_code == 2
    assert "已开启过" in result.output and "不会覆盖" in result.output
    assert snapshot(workspace) == before and head(workspace) == commit


def test_opening_a_round_already_opened_is_refused(cli, workspace):
    before = snapshot(workspace)
    result = cli("new-round", "2020", "--round", "1")
    assert result.exit_code == 2 and "records/inspections/2020-1-dongtai" in result.output
    assert snapshot(workspace) == before


def test_refused_when_one_folder_of_the_round_already_exists(cli, workspace, records_dir):
    # A clerk created 2020-2-tinghu by hand: no folder of the round is written, not even the other two.
    folder = records_dir / "inspections/2020-2-tinghu"
    folder.mkdir()
    (folder / "notes.txt").write_text("手工建立", encoding="utf-8")
    before = snapshot(workspace)
    result = cli("new-round", "2020", "--round", "2")
    assert result.exit_code == 2 and "2020-2-tinghu" in result.output
    assert snapshot(workspace) == before


def test_refused_when_the_city_has_not_approved_the_plan(cli, workspace, records_dir):
    plan = records_dir / "plans/2020.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text[:text.index("  - by: city")] + text[text.index("rounds:"):], encoding="utf-8")
    before = snapshot(workspace)
    result = cli("new-round", "2020", "--round", "2")
    assert result.exit_code == 2 and "尚未经市委、市政府批准" in result.output
    assert snapshot(workspace) == before


def test_refused_with_every_team_failure_at_file_line_and_clause(cli, workspace, records_dir):
    set_person(records_dir, "zhou-ming", "rank", "正处级", "副处级")
    edit(records_dir / "plans/2020.yaml", "members: [huang-lei, wu-bin]", "members: [huang-lei, wu-bin, gu-wei]")
    before = snapshot(workspace)
    result = cli("new-round", "2020", "--round", "2")
    assert result.exit_code == 2
    assert "records/plans/2020.yaml:71:11: 错误 [team-leader-rank]" in result.output
    assert "周明职级为副处级，组长须由正处级领导干部担任（二（二））" in result.output
    assert "[team-member-overlap]" in result.output and "顾伟" in result.output and "（五（二））" in result.output
    assert "第2轮的方案有" in result.output and "本次未作任何改动" in result.output
    assert snapshot(workspace) == before


def test_refused_when_the_plan_names_an_unknown_person(cli, workspace, records_dir):
    edit(records_dir / "plans/2020.yaml", "members: [xu-jing, gu-wei]", "members: [xu-jing, guwei]")
    before = snapshot(workspace)
    result = cli("new-round", "2020", "--round", "2")
    assert result.exit_code == 2 and "[unknown-person]" in result.output and "`guwei`" in result.output
    assert snapshot(workspace) == before


def test_refused_when_a_round_overlaps_another_round_of_the_same_team(cli, workspace, records_dir):
    edit(records_dir / "plans/2020.yaml", "    start: 2020-09-07\n    end: 2020-10-30", "    start: 2020-07-06\n    end: 2020-10-30")
    before = snapshot(workspace)
    result = cli("new-round", "2020", "--round", "2")
    assert result.exit_code == 2 and "[plan-round-overlap]" in result.output
    assert snapshot(workspace) == before


def test_a_round_the_plan_does_not_have(cli, workspace):
    before = snapshot(workspace)
    result = cli("new-round", "2020", "--round", "3")
    assert result.exit_code == 2 and "没有第 3 轮（已有轮次：1、2）" in result.output
    assert snapshot(workspace) == before


def test_a_year_with_no_plan(cli, workspace):
    result = cli("new-round", "2021")
    assert result.exit_code == 2 and "没有 2021 年度方案" in result.output and "xuncha plan new 2021" in result.output
