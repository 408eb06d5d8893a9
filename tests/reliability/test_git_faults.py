"""Every git fault is a refusal: exit 2, the real cause and its fix in Chinese, and the tree, the
index and HEAD exactly as before (issue 13 part 3, issue 18 part 2)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import snapshot

ADD = ("problem", "add", "2020-1-jtj", "--category", "4", "--title", "港口危险货物堆场未落实双人双锁")


def git(workspace: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=workspace, capture_output=True, text=True, check=True).stdout


def state(workspace: Path) -> tuple:
    """What a refused command must leave alone: every file, the index, the status and HEAD."""
    return (snapshot(workspace), git(workspace, "ls-files", "--stage"), git(workspace, "status", "--porcelain"),
            git(workspace, "rev-parse", "HEAD"), sorted(p.name for p in (workspace / "records").rglob(".*.tmp")))


def refused(cli, workspace: Path, *says: str, args=ADD):
    before = state(workspace)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    for words in says:
        assert words in result.output, result.output
    assert "本次未作任何改动" in result.output
    assert state(workspace) == before
    return result


def test_no_git_identity_refuses_and_says_git_config(cli, workspace, no_identity):
    refused(cli, workspace, "没有设置 git 提交人身份", 'git config --global user.name "张三"', "user.email")


def test_a_stale_index_lock_refuses_and_names_the_file(cli, workspace):
    (workspace / ".git" / "index.lock").write_text("")
    refused(cli, workspace, "另一个 git 进程正在使用本仓库", "index.lock", "删除该文件后重试")


def test_a_merge_in_progress_refuses(cli, workspace):
    head = git(workspace, "rev-parse", "HEAD").strip()
    (workspace / ".git" / "MERGE_HEAD").write_text(head + "\n")
    refused(cli, workspace, "未完成的合并（merge）状态")


def test_a_detached_head_refuses_and_says_git_switch(cli, workspace):
    git(workspace, "checkout", "-q", "--detach")
    refused(cli, workspace, "游离 HEAD", "git switch")


def test_a_failing_pre_commit_hook_refuses_and_restores_file_and_index(cli, workspace):
    hook = workspace / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho '台账校验未通过：缺少授权书' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = refused(cli, workspace, "git 钩子（pre-commit）拒绝了本次提交", "台账校验未通过：缺少授权书",
                     "文件和暂存区都已恢复原状")
    assert "已提交" not in result.output


def test_a_failing_hook_leaves_the_clerks_own_staged_work_staged(cli, workspace):
    other = workspace / "records" / "people.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# 待核对\n", encoding="utf-8")
    git(workspace, "add", "records/people.yaml")
    hook = workspace / ".git" / "hooks" / "commit-msg"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    refused(cli, workspace, "commit-msg")
    assert git(workspace, "diff", "--cached", "--name-only").split() == ["records/people.yaml"]


def test_git_missing_from_path_refuses_instead_of_writing_without_a_trail(cli, workspace, monkeypatch, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    before = state(workspace)
    monkeypatch.setenv("PATH", str(empty))
    result = cli(*ADD)
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert "未找到 git 程序" in result.output and "不在 git 仓库中" not in result.output
    assert state(workspace) == before


def test_a_commit_that_fails_for_lack_of_space_restores_everything(cli, workspace, monkeypatch):
    from xuncha.records import git as gitmodule

    real = gitmodule._run

    def full_disk(args, cwd, check=True, env=None):
        if args[0] == "commit":
            raise gitmodule.GitError("git commit -q 失败：error: unable to write file: No space left on device\n"
                                     "fatal: unable to write new index file")
        return real(args, cwd, check, env)

    monkeypatch.setattr(gitmodule, "_run", full_disk)
    refused(cli, workspace, "磁盘空间已满", "请清理磁盘空间后重试")


def test_a_write_that_fails_for_lack_of_space_restores_everything(cli, workspace, monkeypatch):
    import errno

    from xuncha.records import transaction

    def no_space(self, items):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(items[0][0]))

    monkeypatch.setattr(transaction._Journal, "write", no_space)
    refused(cli, workspace, "磁盘空间已满")


def test_a_newline_in_a_reason_cannot_forge_lines_in_the_commit_message():
    from xuncha.records.transaction import commit_message

    message = commit_message("record enter", "2020-1-jtj", summary="更正\nSigned-off-by: 伪造",
                             details=["原因：笔误\n\n# 伪造标题"])
    assert message.splitlines() == ["xuncha: record enter 2020-1-jtj", "", "更正 Signed-off-by: 伪造",
                                    "原因：笔误 # 伪造标题"]


def test_after_a_refusal_the_next_command_succeeds(cli, workspace):
    lock = workspace / ".git" / "index.lock"
    lock.write_text("")
    assert cli(*ADD).exit_code == 2
    lock.unlink()
    result = cli(*ADD)
    assert result.exit_code == 0, result.output
    assert git(workspace, "status", "--porcelain") == ""
    assert "xuncha: problem add 2020-1-jtj P" in git(workspace, "log", "-1", "--format=%s")
