"""xuncha commit: a clerk's hand edits of the records, validated and committed on their own.

The README asks for hand edits (filling in a plan, a missing 文号).  A plain `git commit`
would sweep in whatever else the clerk had staged, and commit an edit that breaks a rule.
Here only the record files (YAML under records/) that differ from HEAD are committed, and
only when the whole tree validates without error.  Nothing here writes; the CLI commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..model.diagnostics import Diagnostic
from ..records import git
from ..records.transaction import commit_message
from ..refusal import Refusal


class HandEditRefused(Refusal):
    """Nothing was committed; ``args[0]`` is the Chinese reason, ``diagnostics`` the errors behind it."""


@dataclass
class HandCommit:
    repo: Path
    paths: list[Path]          # the record files to commit, deletions included
    shown: list[str]           # the same, as the clerk sees them (records/plans/2021.yaml, 删除 …)
    message: str


RECORD_SUFFIXES = (".yaml", ".yml")


def prepare(records_root: Path, note: str, records, loaded: list[Diagnostic], today: dt.date) -> HandCommit | None:
    """The commit of the clerk's record edits, or None when there is none; refuses an invalid tree."""
    from .validate import validate_records

    if not note.strip():
        raise HandEditRefused("请用 -m 写明这次手工编辑改了什么、为什么（写入 git 提交，作为审计留痕）")
    repo = git.repo_root(records_root)
    if repo is None:
        raise HandEditRefused(f"{records_root} 不在 git 仓库中，无从提交。可在台账上级目录运行 git init")
    reason = git.cannot_commit(repo)
    if reason:
        raise HandEditRefused(f"{reason}；本次未提交任何文件")
    cache = records_root.parent / ".xuncha-cache"
    changed = [(status, path) for status, path in git.changed_under(repo, records_root)
               if path.suffix in RECORD_SUFFIXES and cache not in path.parents]
    if not changed:
        return None
    errors = [d for d in validate_records(records, loaded, today) if d.is_error]
    if errors:
        raise HandEditRefused(f"台账有 {len(errors)} 处错误，手工编辑未提交；请改正后再运行 xuncha commit（本次未提交任何文件）",
                              errors)
    shown = [("删除 " if status == "D" else "") + path.relative_to(repo).as_posix() for status, path in changed]
    names = "、".join(path.relative_to(records_root).as_posix() for _, path in changed)
    message = commit_message("commit", names, summary=f"说明：{note.strip()}", details=shown)
    return HandCommit(repo, [path for _, path in changed], shown, message)
