"""Teams on laptops, one office remote: xuncha sync, the merge driver and xuncha resolve, with real git.

Every test builds the office's server as a bare repository and clones it twice in a temp
folder: the office's clerk (巡查办) and the team on site (第一巡查组).  Commits are dated
the day the work was done, so audit judges the records, not the test's own clock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, Cli, snapshot

JTJ = "records/inspections/2020-1-jtj"
JIANHU = "records/inspections/2020-1-jianhu"
TODAY = "2020-07-03"


def git(where: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, check=True).stdout.strip()


class Clerk:
    """One clone and the person working in it: every command runs under their name."""

    def __init__(self, folder: Path, name: str, email: str, monkeypatch):
        self.folder, self.name, self.email, self.monkeypatch = folder, name, email, monkeypatch
        self.cli = Cli(folder)

    def _as_me(self) -> None:
        for role in ("AUTHOR", "COMMITTER"):
            self.monkeypatch.setenv(f"GIT_{role}_NAME", self.name)
            self.monkeypatch.setenv(f"GIT_{role}_EMAIL", self.email)
            self.monkeypatch.setenv(f"GIT_{role}_DATE", f"{TODAY}T10:00:00+08:00")

    def __call__(self, *args: str):
        self._as_me()
        return self.cli(*args)

    def git(self, *args: str) -> str:
        self._as_me()
        return git(self.folder, *args)

    def edit(self, relative: str, old: str, new: str, message: str) -> None:
        path = self.folder / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        self.git("commit", "-q", "-am", message)

    def read(self, relative: str) -> str:
        return (self.folder / relative).read_text(encoding="utf-8")


@pytest.fixture
def server(tmp_path, monkeypatch) -> Path:
    """The office's git server: a bare repository holding the example ledger, the driver named in it."""
    seed = tmp_path / "seed"
    shutil.copytree(EXAMPLE, seed / "records")
    git(seed, "init", "-q", "-b", "main")
    from xuncha.records.mergedriver import register

    register(seed, seed / "records")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "导入示例台账")
    bare = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    git(seed, "push", "-q", str(bare), "main")
    return bare


def clone(server: Path, name: str, person: str, email: str, monkeypatch) -> Clerk:
    folder = server.parent / name
    git(server.parent, "clone", "-q", str(server), str(folder))
    clerk = Clerk(folder, person, email, monkeypatch)
    result = clerk("doctor", "--fix", "--json", "--as-of", TODAY)  # what each clone does once after cloning
    assert "已在 .git/config 登记合并驱动" in result.output
    return clerk


@pytest.fixture
def office(server, monkeypatch) -> Clerk:
    return clone(server, "office", "张文书", "zhang@xuncha.invalid", monkeypatch)


@pytest.fixture
def team(server, monkeypatch) -> Clerk:
    return clone(server, "team", "王建国", "wang@xuncha.invalid", monkeypatch)


def ids(text: str, prefix: str) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in text.splitlines()
            if line.strip().startswith("- id:") and line.split(":", 1)[1].strip().startswith(prefix)]


def test_office_and_team_add_to_one_inspection_and_sync_both_ways_without_conflict(office, team, server):
    # 四（三）: the team records on site; the office records what reached it at the same time.
    assert office("problem", "add", "2020-1-jtj", "--category", "8", "--title", "办公室：事故信息未按规定公开",
                  "--unit", "市交通运输局").exit_code == 0
    assert office("record", "2020-1-jtj", "工作", "--date", "2020-07-01", "--method", "调阅资料",
                  "--summary", "调阅港口危险货物作业审批档案", "--today", TODAY).exit_code == 0
    assert office("tip", "add", "2020-1-jtj", "--received", "2020-07-01", "--channel", "来电",
                  "--summary", "反映某码头夜间违规装卸", "--problem", "P1").exit_code == 0
    office.edit(f"{JIANHU}/problems.yaml", "requirement: 督促企业建立并落实隐患排查治理制度，年内完成标准化复评。",
                "requirement: 督促企业建立隐患排查治理台账，9月底前完成标准化复评。", "办公室细化 P1 整改要求")

    assert team("problem", "add", "2020-1-jtj", "--category", "6", "--title", "组：危险货物堆场未落实双人双锁",
                "--unit", "盐城港口集团").exit_code == 0
    assert team("record", "2020-1-jtj", "工作", "--date", "2020-07-02", "--method", "明查暗访",
                "--summary", "暗访大丰港区危化品码头2家", "--today", TODAY).exit_code == 0
    assert team("tip", "add", "2020-1-jtj", "--received", "2020-07-02", "--channel", "来信",
                "--summary", "反映堆场管理混乱", "--problem", "P1").exit_code == 0
    team.edit(f"{JIANHU}/problems.yaml", "unit: 建湖县应急管理局\n    source: {method: spot-check}",
              "unit: 建湖县应急管理局、建湖经济开发区管委会\n    source: {method: spot-check}", "组补充 P1 责任单位")

    first = office("sync")
    assert first.exit_code == 0, first.output
    assert "已推送到 origin/main" in first.output
    second = team("sync")
    assert second.exit_code == 0, second.output
    # Both added P1 and T1: the office's are on the server already (maybe cited); the team's get the next number.
    assert "2020-1-jtj P1 → P2" in second.output and "2020-1-jtj T1 → T2" in second.output
    third = office("sync")
    assert third.exit_code == 0, third.output

    assert git(office.folder, "rev-parse", "HEAD") == git(team.folder, "rev-parse", "HEAD") == \
        git(server, "rev-parse", "main")
    problems, tips = office.read(f"{JTJ}/problems.yaml"), office.read(f"{JTJ}/tips.yaml")
    assert ids(problems, "P") == ["P1", "P2"]
    assert "办公室：事故信息未按规定公开" in problems and "组：危险货物堆场未落实双人双锁" in problems
    assert ids(tips, "T") == ["T1", "T2"]
    # The team's tip still points at the team's problem, under its new number.
    assert "summary: 反映堆场管理混乱\n    problem: P2" in tips
    assert "summary: 反映某码头夜间违规装卸\n    problem: P1" in tips
    activities = office.read(f"{JTJ}/activities.yaml")
    assert "调阅港口危险货物作业审批档案" in activities and "暗访大丰港区危化品码头2家" in activities
    jianhu = office.read(f"{JIANHU}/problems.yaml")
    assert "9月底前完成标准化复评" in jianhu and "建湖县应急管理局、建湖经济开发区管委会" in jianhu

    merge = git(office.folder, "log", "--merges", "-1", "--format=%an%n%B")
    assert merge.startswith("王建国\nxuncha: sync 合并 origin/main")
    assert "2020-1-jtj P1 → P2" in merge
    # Never rebased: each side's commits are there as their authors made them.
    authors = git(office.folder, "log", "--no-merges", "--format=%an %s", "--", JTJ).splitlines()
    assert "张文书 xuncha: tip add 2020-1-jtj T1 2020-07-01 (四（二）)" in authors
    assert "王建国 xuncha: tip add 2020-1-jtj T1 2020-07-02 (四（二）)" in authors

    assert office("validate", "--as-of", TODAY).exit_code == 0
    audit = office("audit")
    assert audit.exit_code == 0, audit.output


def test_log_names_the_side_that_first_recorded_each_entry(office, team):
    office("problem", "add", "2020-1-jtj", "--category", "8", "--title", "办公室登记的问题")
    team("record", "2020-1-jtj", "工作", "--date", "2020-07-02", "--method", "明查暗访",
         "--summary", "暗访码头", "--today", TODAY)
    office("sync")
    team("sync")
    import json

    versions = json.loads(team("log", "2020-1-jtj", "--json").output)
    wrote = [(v["author"], v["subject"]) for v in versions if any(c["after"] == "暗访码头" for c in v["changes"])]
    assert wrote == [("王建国", "xuncha: record activity 2020-1-jtj 2020-07-02 (四（三）)")]
    wrote = [(v["author"], v["subject"]) for v in versions if any(c["after"] == "办公室登记的问题" for c in v["changes"])]
    assert wrote == [("张文书", "xuncha: problem add 2020-1-jtj P1 (四（四）)")]
    # The merge wrote nothing of its own: it is not shown as recording anything.
    assert not [v for v in versions if v["subject"].startswith("xuncha: sync 合并")]


def test_the_same_field_set_to_two_values_is_a_conflict_and_nothing_is_pushed(office, team, server):
    office.edit(f"{JIANHU}/problems.yaml", "title: 12家危化品使用企业未建立隐患排查治理台账",
                "title: 12家危化品使用企业未建立隐患排查治理台账（办公室核定）", "办公室核定 P1 概述")
    team.edit(f"{JIANHU}/problems.yaml", "title: 12家危化品使用企业未建立隐患排查治理台账",
              "title: 15家危化品使用企业未建立隐患排查治理台账", "组更正 P1 企业家数")
    assert office("sync").exit_code == 0
    on_server = git(server, "rev-parse", "main")

    refused = team("sync")
    assert refused.exit_code == 2
    assert "problems[P1].title：双方改成了不同的值" in refused.output
    assert "本地为 “15家危化品使用企业未建立隐患排查治理台账”（王建国 2020-07-03 10:00 提交" in refused.output
    assert "远端为 “12家危化品使用企业未建立隐患排查治理台账（办公室核定）”（张文书 2020-07-03 10:00 提交" in refused.output
    assert "xuncha resolve" in refused.output
    assert git(server, "rev-parse", "main") == on_server   # nothing pushed

    listed = team("resolve")
    assert listed.exit_code == 1 and listed.output.startswith("1. records/inspections/2020-1-jianhu/problems.yaml")
    assert team("sync").exit_code == 2      # still open: still nothing pushed
    decided = team("resolve", "1", "--use", "本地")
    assert decided.exit_code == 0 and "冲突已全部解决" in decided.output
    done = team("sync")
    assert done.exit_code == 0, done.output
    assert git(server, "rev-parse", "main") != on_server
    assert "title: 15家危化品使用企业未建立隐患排查治理台账\n" in team.read(f"{JIANHU}/problems.yaml")
    message = git(team.folder, "log", "-1", "--format=%B")
    assert "problems[P1].title：取本地的值 “15家危化品使用企业未建立隐患排查治理台账”" in message


def test_sync_refuses_a_merged_tree_that_breaks_a_rule_and_leaves_everything_as_it_was(office, team, server):
    # Each side is valid alone; together the office's activity falls after the team's end (四（三）, 二（一）).
    assert office("record", "2020-1-jtj", "工作", "--date", "2020-07-10", "--method", "座谈访谈",
                  "--summary", "与港航处负责人座谈", "--today", "2020-07-10").exit_code == 0
    assert team("record", "2020-1-jtj", "结束", "--date", "2020-07-08", "--today", "2020-07-08").exit_code == 0
    assert office("sync").exit_code == 0
    on_server, head = git(server, "rev-parse", "main"), git(team.folder, "rev-parse", "HEAD")
    before = snapshot(team.folder / "records")

    refused = team("sync")
    assert refused.exit_code == 2
    assert "合并后的台账有 1 处错误，已放弃本次合并，未推送" in refused.output
    assert "activities.yaml" in refused.output
    assert git(server, "rev-parse", "main") == on_server
    assert git(team.folder, "rev-parse", "HEAD") == head
    assert snapshot(team.folder / "records") == before
    assert not (team.folder / ".git" / "MERGE_HEAD").exists()


def test_sync_without_a_remote_is_refused_and_changes_nothing(cli, workspace):
    before = snapshot(workspace)
    result = cli("sync")
    assert result.exit_code == 2
    assert "本仓库没有配置远端仓库（git remote）" in result.output
    assert snapshot(workspace) == before


def test_dry_run_and_status_say_what_would_come_in_and_go_out(office, team):
    office("problem", "add", "2020-1-jtj", "--category", "8", "--title", "办公室登记的问题")
    office("sync")
    team("problem", "add", "2020-1-jtj", "--category", "6", "--title", "组登记的问题")
    head = git(team.folder, "rev-parse", "HEAD")
    dry = team("sync", "--dry-run")
    assert dry.exit_code == 0
    assert "与 origin/main 相比：本地领先 1 个提交、落后 1 个提交（--dry-run，未作任何改动）" in dry.output
    assert "张文书  xuncha: problem add 2020-1-jtj P1 (四（四）)" in dry.output.split("将推送出去的提交")[0]
    assert "王建国  xuncha: problem add 2020-1-jtj P1 (四（四）)" in dry.output.split("将推送出去的提交")[1]
    assert git(team.folder, "rev-parse", "HEAD") == head
    status = team("status")
    assert "与远端 origin/main 相比（截至上次获取）：本地有 1 个提交尚未推送，落后远端 1 个提交；运行 xuncha sync 同步。" \
        in status.output


def test_plain_git_pull_in_a_tree_made_by_init_merges_by_meaning(tmp_path, monkeypatch):
    cli = Cli(tmp_path)
    assert cli("init", "office").exit_code == 0
    office_dir = tmp_path / "office"
    attributes = (office_dir / ".gitattributes").read_text(encoding="utf-8")
    assert "records/**/*.yaml merge=xuncha" in attributes
    driver = git(office_dir, "config", "merge.xuncha.driver")
    assert driver.startswith(sys.executable) or driver.startswith(os.path.realpath(sys.executable)[:-1])
    assert driver.endswith(" -m xuncha merge-driver %O %A %B %P")
    assert git(office_dir, "config", "pull.rebase") == "false"

    folder = office_dir / "records/inspections/2021-1-sheyang"
    folder.mkdir(parents=True)
    (folder / "problems.yaml").write_text(
        "problems:\n  - id: P1\n    category: 2\n    title: 已有的问题  # 组长核定\n", encoding="utf-8")
    git(office_dir, "add", "-A")
    git(office_dir, "commit", "-q", "-m", "导入")
    bare = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    git(office_dir, "branch", "-M", "main")
    git(office_dir, "remote", "add", "origin", str(bare))
    git(office_dir, "push", "-q", "-u", "origin", "main")
    team_dir = tmp_path / "team"
    git(tmp_path, "clone", "-q", str(bare), str(team_dir))
    assert Cli(team_dir)("doctor", "--fix", "--json").exit_code in (0, 1)

    def add(where: Path, entry: str, message: str) -> None:
        path = where / "records/inspections/2021-1-sheyang/problems.yaml"
        path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")
        git(where, "commit", "-q", "-am", message)

    add(office_dir, "  - id: P2\n    category: 8\n    title: 办公室新增\n", "办公室新增 P2")
    git(office_dir, "push", "-q")
    add(team_dir, "  - id: P2\n    category: 6\n    title: 组新增\n", "组新增 P2")
    pulled = subprocess.run(["git", "pull", "--no-edit"], cwd=team_dir, capture_output=True, text=True)
    assert pulled.returncode == 0, pulled.stderr
    text = (team_dir / "records/inspections/2021-1-sheyang/problems.yaml").read_text(encoding="utf-8")
    assert text == ("problems:\n  - id: P1\n    category: 2\n    title: 已有的问题  # 组长核定\n"
                    "  - id: P2\n    category: 8\n    title: 办公室新增\n"
                    "  - id: P3\n    category: 6\n    title: 组新增\n")
    assert "本地尚未共享的一方已重新编号：P2 → P3" in pulled.stderr
    assert git(team_dir, "status", "--porcelain") == ""


def test_a_file_deleted_on_one_side_and_edited_on_the_other_is_named_with_what_to_do(office, team, server):
    office.edit(f"{JIANHU}/tips.yaml", "handling: 转县消防救援大队处理", "handling: 转县消防救援大队处理，已回复来访人",
                "办公室补记 T2 办理情况")
    assert office("sync").exit_code == 0
    team.git("rm", "-q", f"{JIANHU}/tips.yaml")
    team.git("commit", "-q", "-m", "组误删来访登记")
    on_server = git(server, "rev-parse", "main")
    refused = team("sync")
    assert refused.exit_code == 2
    assert (f"[合并冲突] {JIANHU}/tips.yaml：本地删除了此文件，远端修改了它：保留文件请 git add {JIANHU}/tips.yaml"
            in refused.output)
    assert git(server, "rev-parse", "main") == on_server
    team.git("merge", "--abort")
    assert team("resolve").output == "没有尚未解决的合并冲突。\n"


def test_a_fresh_clone_merges_by_meaning_from_its_first_record_with_plain_git_pull(office, server, monkeypatch):
    folder = server.parent / "laptop"
    git(server.parent, "clone", "-q", str(server), str(folder))
    laptop = Clerk(folder, "王建国", "wang@xuncha.invalid", monkeypatch)   # no doctor --fix, no sync
    added = laptop("problem", "add", "2020-1-jtj", "--category", "6", "--title", "组：堆场未落实双人双锁")
    assert "已在本克隆的 .git/config 登记台账按内容合并" in added.output
    assert laptop.git("config", "pull.rebase") == "false"
    assert office("problem", "add", "2020-1-jtj", "--category", "8", "--title", "办公室：事故信息未公开").exit_code == 0
    assert office("sync").exit_code == 0
    pulled = subprocess.run(["git", "pull", "--no-edit"], cwd=folder, capture_output=True, text=True)
    assert pulled.returncode == 0, pulled.stderr
    problems = laptop.read(f"{JTJ}/problems.yaml")
    assert ids(problems, "P") == ["P1", "P2"]
    assert problems.index("办公室：事故信息未公开") < problems.index("组：堆场未落实双人双锁")
    assert laptop("validate", "--as-of", TODAY).exit_code == 0


def test_audit_reports_a_date_changed_on_one_side_once_not_again_at_the_merge(office, team):
    # 四（四）: the report date of 建湖县 corrected by the office, while the team records on site.
    office.edit(f"{JIANHU}/report.yaml", "date: 2020-05-22", "date: 2020-05-21", "更正报告日期\n\n更正原因：以发文登记为准")
    assert team("record", "2020-1-jtj", "工作", "--date", "2020-07-02", "--method", "明查暗访",
                "--summary", "暗访码头", "--today", TODAY).exit_code == 0
    assert office("sync").exit_code == 0
    assert team("sync").exit_code == 0
    import json

    findings = json.loads(team("audit", "--json").output)
    assert [(f["kind"], f["file"]) for f in findings] == [("date-changed", "report.yaml")]
    assert "更正原因：以发文登记为准" in findings[0]["message"]
