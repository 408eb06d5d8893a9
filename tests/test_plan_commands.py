"""xuncha plan new|approve|publish (四（一）、五（五））: a skeleton, two approvals in order, the disclosure."""

from __future__ import annotations

from conftest import snapshot
from plan_support import (PLAN_2021, commit_subject, committed_files, edit, findings, git_status, head,
                                write_plan_2021)


def test_plan_new_lists_every_target_not_yet_inspected_this_term(cli, workspace, records_dir):
    result = cli("plan", "new", "2021")
    assert result.exit_code == 0, result.output
    path = records_dir / "plans/2021.yaml"
    text = path.read_text(encoding="utf-8")
    from xuncha.records.loader import load

    records, diagnostics = load(records_dir)
    assert [d.format() for d in diagnostics if d.is_error] == []
    listed = [p.target for p in records.plans[2021].rounds[0].inspections]
    # dongtai, jianhu and jtj were inspected in 2020; funing and tinghu are only planned, so still listed.
    assert "dongtai" not in listed and "jianhu" not in listed and "jtj" not in listed
    assert {"funing", "tinghu", "sheyang", "jingkai", "yannan", "yjj", "xfzd"} <= set(listed)
    assert len(listed) == 24  # 9 counties + 2 zones + 16 departments, less the 3 inspected in 2020
    assert "dafeng-port" not in listed and "sheyang-haihe" not in listed  # special tours are chosen, not owed
    assert "# 阜宁县（县（市、区））；已列入其他年度方案" in text
    assert "组长：正处级、现职或退出领导岗位、熟悉安全生产监管（二（二））" in text
    assert committed_files(workspace) == ["records/plans/2021.yaml"]
    assert commit_subject(workspace) == "xuncha: plan new 2021 (四（一）)"
    # The empty skeleton is not a plan yet: every team is told it lacks a leader.
    assert len([d for d in findings(cli, "team-leader-missing") if d["file"] == "records/plans/2021.yaml"]) == 24


def test_plan_new_refuses_an_existing_plan(cli, workspace):
    before = snapshot(workspace)
    result = cli("plan", "new", "2020")
    assert result.exit_code == 2 and "records/plans/2020.yaml 已存在" in result.output
    assert snapshot(workspace) == before


def test_approvals_in_order_keep_the_clerks_comments(cli, workspace, records_dir):
    path = write_plan_2021(records_dir, workspace)
    result = cli("plan", "approve", "2021", "--by", "领导小组", "--date", "2021-03-15",
                 "--reference", "领导小组2021年第1次会议纪要")
    assert result.exit_code == 0, result.output
    assert commit_subject(workspace) == "xuncha: plan approve 2021 2021-03-15 (四（一）)"
    result = cli("plan", "approve", "2021", "--by", "city", "--date", "2021-03-24")
    assert result.exit_code == 0, result.output
    assert committed_files(workspace) == ["records/plans/2021.yaml"] and git_status(workspace) == ""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 2021年度安全生产巡查工作方案（草稿）\n")
    assert "focus: [1, 2, 3]   # 巡查重点" in text
    assert ("number: 盐巡办〔2021〕2号\napprovals:\n  - by: leading-group\n    date: 2021-03-15\n"
            "    reference: 领导小组2021年第1次会议纪要\n  - by: city\n    date: 2021-03-24\nrounds:") in text
    assert cli("validate").exit_code == 0


def test_city_approval_before_the_leading_group_is_refused(cli, workspace, records_dir):
    write_plan_2021(records_dir, workspace)
    before = snapshot(workspace)
    result = cli("plan", "approve", "2021", "--by", "市委市政府", "--date", "2021-03-24")
    assert result.exit_code == 2 and "尚未经领导小组研究" in result.output and "（四（一））" in result.output
    assert snapshot(workspace) == before


def test_city_approval_dated_before_the_study_is_refused(cli, workspace, records_dir):
    write_plan_2021(records_dir, workspace)
    assert cli("plan", "approve", "2021", "--by", "leading-group", "--date", "2021-03-15").exit_code == 0
    before, commit = snapshot(workspace), head(workspace)
    result = cli("plan", "approve", "2021", "--by", "city", "--date", "2021-03-12")
    assert result.exit_code == 2 and "2021-03-12 早于领导小组研究日期 2021-03-15" in result.output
    assert snapshot(workspace) == before and head(workspace) == commit


def test_the_same_approval_twice_is_refused(cli, workspace):
    before = snapshot(workspace)
    result = cli("plan", "approve", "2020", "--by", "领导小组", "--date", "2020-03-16")
    assert result.exit_code == 2 and "已于 2020-03-16 记录了" in result.output
    assert snapshot(workspace) == before


def test_an_unknown_approver_is_refused(cli, workspace, records_dir):
    write_plan_2021(records_dir, workspace)
    result = cli("plan", "approve", "2021", "--by", "市长", "--date", "2021-03-15")
    assert result.exit_code == 2 and "--by 只能是 领导小组 或 市委市政府" in result.output


def test_a_plan_with_errors_is_not_sent_for_approval(cli, workspace, records_dir):
    write_plan_2021(records_dir, workspace, PLAN_2021.replace("leader: wang-jianguo", "leader: liu-yang"))
    before = snapshot(workspace)
    result = cli("plan", "approve", "2021", "--by", "领导小组", "--date", "2021-03-15")
    assert result.exit_code == 2
    assert "[team-leader-rank]" in result.output and "刘洋职级为正科级" in result.output
    assert "尚有" in result.output and "请改正后再报审" in result.output
    assert snapshot(workspace) == before


def test_a_bad_date_is_refused(cli, workspace, records_dir):
    write_plan_2021(records_dir, workspace)
    result = cli("plan", "approve", "2021", "--by", "领导小组", "--date", "2021-02-30")
    assert result.exit_code == 2 and "--date" in result.output and "不存在" in result.output


def test_publish_only_after_the_city_approved(cli, workspace, records_dir):
    write_plan_2021(records_dir, workspace)
    assert cli("plan", "approve", "2021", "--by", "领导小组", "--date", "2021-03-15").exit_code == 0
    before = snapshot(workspace)
    result = cli("plan", "publish", "2021", "--media", "盐城日报", "--date", "2021-03-30")
    assert result.exit_code == 2 and "尚未经市委、市政府批准" in result.output and "（五（五））" in result.output
    assert snapshot(workspace) == before


def test_publish_records_the_disclosure(cli, workspace, records_dir):
    path = write_plan_2021(records_dir, workspace)
    assert cli("plan", "approve", "2021", "--by", "领导小组", "--date", "2021-03-15").exit_code == 0
    assert cli("plan", "approve", "2021", "--by", "市委市政府", "--date", "2021-03-24").exit_code == 0
    result = cli("plan", "publish", "2021", "--media", "盐城日报、盐城新闻网", "--date", "2021-03-30")
    assert result.exit_code == 0, result.output
    assert commit_subject(workspace) == "xuncha: plan publish 2021 2021-03-30 (五（五）)"
    assert "    date: 2021-03-24\ndisclosure:\n  media: [盐城日报, 盐城新闻网]\n  date: 2021-03-30\nrounds:" in \
        path.read_text(encoding="utf-8")
    assert cli("validate").exit_code == 0


def test_publish_before_the_approval_date_is_refused(cli, workspace, records_dir):
    edit(records_dir / "plans/2020.yaml", "disclosure:                    # 五（五）：经审定批准后的年度方案向社会公开\n"
         "  media: [盐城日报, 盐城新闻网]\n  date: 2020-03-31\n", "")
    result = cli("plan", "publish", "2020", "--media", "盐城日报", "--date", "2020-03-20")
    assert result.exit_code == 2 and "2020-03-20 早于市委、市政府批准日期 2020-03-25" in result.output


def test_then_the_round_opens(cli, workspace, records_dir):
    write_plan_2021(records_dir, workspace)
    assert cli("new-round", "2021").exit_code == 2  # not approved yet
    assert cli("plan", "approve", "2021", "--by", "领导小组", "--date", "2021-03-15").exit_code == 0
    assert cli("plan", "approve", "2021", "--by", "市委市政府", "--date", "2021-03-24").exit_code == 0
    result = cli("new-round", "2021", "--date", "2021-03-31")
    assert result.exit_code == 0, result.output
    assert committed_files(workspace) == ["records/inspections/2021-1-sheyang/inspection.yaml"]


def test_help_names_every_command_in_the_seeds_words(cli):
    listing = cli("--help").output
    assert "依据已批准的年度方案开启一轮巡查（四（一））" in listing and "一届任期巡查全覆盖" in listing
    plan_help = cli("plan", "--help").output
    assert "记录领导小组研究、市委市政府批准（四（一））" in plan_help and "向社会公开（五（五））" in plan_help
