"""Helpers shared by the plan tests: edit the example's files as a clerk would, read findings back."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a records file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def set_person(records: Path, person_id: str, key: str, old: str, new: str) -> None:
    """Change one key of one person in people.yaml (the roster lists each person once)."""
    path = records / "people.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {person_id}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end == -1 else end
    block = text[start:end]
    assert f"{key}: {old}" in block, f"{key}: {old} not in {person_id}"
    path.write_text(text[:start] + block.replace(f"{key}: {old}", f"{key}: {new}", 1) + text[end:], encoding="utf-8")


def findings(cli, rule: str | None = None) -> list[dict]:
    result = cli("validate", "--json")
    found = json.loads(result.output)
    return [d for d in found if rule is None or d["rule"] == rule]


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """1-based line of the first ``text`` (after the first ``after``) in ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def head(workspace: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=workspace, capture_output=True, text=True,
                          check=True).stdout.strip()


def committed_files(workspace: Path, commit: str = "HEAD") -> list[str]:
    out = subprocess.run(["git", "show", "--name-only", "--format=", commit], cwd=workspace, capture_output=True,
                         text=True, check=True).stdout
    return sorted(line for line in out.splitlines() if line)


def commit_subject(workspace: Path) -> str:
    return subprocess.run(["git", "log", "-1", "--format=%s"], cwd=workspace, capture_output=True, text=True,
                          check=True).stdout.strip()


def git_status(workspace: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=workspace, capture_output=True, text=True,
                          check=True).stdout


# A complete 2021 plan, not yet approved: the clerk's draft before the leading group studies it.
# 2021-04-07 is the Wednesday after the Qingming holiday (3–5 April); 30 days on site end 2021-05-06.
PLAN_2021 = """\
# 2021年度安全生产巡查工作方案（草稿）
year: 2021
title: 2021年度全市安全生产巡查工作方案
number: 盐巡办〔2021〕2号
rounds:
  - number: 1
    focus: [1, 2, 3]   # 巡查重点
    start: 2021-04-07
    end: 2021-06-30
    mobilization:
      date: 2021-04-01
    inspections:
      - target: sheyang
        start: 2021-04-07
        end: 2021-05-06
        team:
          name: 市安全生产第一巡查组
          leader: wang-jianguo
          deputy: li-qiang
          members: [liu-yang, gu-wei]
"""


def write_plan_2021(records: Path, workspace: Path, text: str = PLAN_2021) -> Path:
    """Write and commit the draft, as a clerk would before asking for approval."""
    path = records / "plans" / "2021.yaml"
    path.write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=workspace, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "起草2021年度方案"], cwd=workspace, check=True)
    return path
