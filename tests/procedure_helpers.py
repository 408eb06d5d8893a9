"""Shared by the procedure tests: act on a given day, and read what git recorded."""

from __future__ import annotations

import subprocess
from pathlib import Path


def on(monkeypatch, day: str) -> list[str]:
    """Make the next commits happen on ``day`` (Beijing time) and return the --today option for that day.

    Recording a 2020 step "today" would rightly look back-dated to ``xuncha audit``; tests
    that walk an inspection through 2020 therefore commit on the days the steps happen.
    """
    stamp = f"{day}T10:00:00+08:00"
    monkeypatch.setenv("GIT_AUTHOR_DATE", stamp)
    monkeypatch.setenv("GIT_COMMITTER_DATE", stamp)
    return ["--today", day]


def git(workspace: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=workspace, check=True, capture_output=True, text=True).stdout


def head(workspace: Path) -> str:
    return git(workspace, "rev-parse", "HEAD").strip()


def files_in_head(workspace: Path) -> list[str]:
    return git(workspace, "show", "--name-only", "--format=", "HEAD").split()


def commit_all(workspace: Path, message: str) -> None:
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", message)
