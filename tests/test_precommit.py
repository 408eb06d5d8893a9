"""pre-commit: a bad record never enters git — tested with the real pre-commit package, offline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xuncha.precommit import HOOK_ID, pre_commit_config

from conftest import Cli

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def office(tmp_path) -> Path:
    """A records repository made by `xuncha init`: committed whole, nothing left to add."""
    root = tmp_path / "office"
    result = Cli(tmp_path)("init", str(root))
    assert result.exit_code == 0, result.output
    assert git(root, "status", "--porcelain").stdout == ""
    return root


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)


def pre_commit(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=root, capture_output=True, text=True)


def bare_path_env() -> dict[str, str]:
    """A terminal where xuncha's virtual environment is not activated: no xuncha on PATH."""
    return {**os.environ, "PATH": "/usr/bin:/bin"}


BAD_PEOPLE = "people:\n  - id: li-ming\n    name: 李明\n    unit: yjj\n    rank: 处长\n"


def test_init_writes_a_local_hook_that_needs_no_network(office):
    text = (office / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "repo: local" in text and "language: system" in text and f"id: {HOOK_ID}" in text


def test_the_hook_calls_xuncha_by_its_interpreters_absolute_path(office):
    text = (office / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"entry: {sys.executable} -m xuncha validate" in text


def test_valid_records_pass_the_hook(office):
    run = pre_commit(office, "run", "--all-files")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "xuncha validate（检查巡查台账）" in run.stdout and "Passed" in run.stdout


def test_a_bad_record_is_stopped_before_it_enters_git(office):
    install = pre_commit(office, "install")
    assert install.returncode == 0, install.stderr
    head = git(office, "rev-parse", "HEAD").stdout
    (office / "records/people.yaml").write_text(BAD_PEOPLE, encoding="utf-8")
    git(office, "add", "records/people.yaml")
    commit = subprocess.run(["git", "commit", "-m", "登记人员"], cwd=office, capture_output=True, text=True,
                            env=bare_path_env())
    assert commit.returncode != 0
    output = commit.stdout + commit.stderr
    assert "records/people.yaml:5:11: 错误 [invalid-choice]" in output and "处长" in output
    assert git(office, "rev-parse", "HEAD").stdout == head  # nothing entered git
    # Fixed, the same commit goes through.
    (office / "records/people.yaml").write_text(BAD_PEOPLE.replace("处长", "正处级"), encoding="utf-8")
    git(office, "add", "records/people.yaml")
    assert subprocess.run(["git", "commit", "-qm", "登记人员"], cwd=office, env=bare_path_env()).returncode == 0


def test_files_outside_records_do_not_run_the_hook(office):
    (office / "records/people.yaml").write_text(BAD_PEOPLE, encoding="utf-8")
    (office / "notes.txt").write_text("会议记录\n", encoding="utf-8")
    git(office, "add", "notes.txt")
    run = pre_commit(office, "run")  # only staged files: records/ untouched in the index
    assert run.returncode == 0 and "Skipped" in run.stdout


def test_records_below_the_top_of_the_repository_are_found(tmp_path):
    text = pre_commit_config(tmp_path / "office/records", tmp_path, "/opt/xuncha/bin/python")
    assert "entry: /opt/xuncha/bin/python -m xuncha --records office/records validate" in text and "files: ^office/records/" in text


def test_the_published_hook_manifest_is_one_pre_commit_accepts():
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(PROJECT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["pass_filenames"], hook["files"]) == (
        HOOK_ID, "xuncha validate", False, "^records/")
