"""Apply a changeset and record it in git: one command, one honest commit of exactly its files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import git
from .writer import Changeset


class RefusedChange(Exception):
    """The change was refused before anything was written; the message is Chinese."""


@dataclass
class Outcome:
    written: list[Path]
    commit: str | None      # the new commit id, or None (--no-commit, or no repository)
    warning: str | None     # e.g. no repository: no audit trail


def commit_message(action: str, subject: str, *, date: str | None = None, clause: str | None = None,
                   summary: str | None = None, details: list[str] | None = None) -> str:
    """The fixed, greppable form ``xuncha: <command> <subject> <date> (<clause>)``, then the Chinese
    summary and free lines.  ``action`` is the command as typed (``record feedback``, ``problem
    handoff``), so ``git log --grep '^xuncha: problem handoff'`` finds every hand-off."""
    head = f"xuncha: {action} {subject}"
    if date:
        head += f" {date}"
    if clause:
        head += f" ({clause})"
    body = "\n".join(([summary] if summary else []) + list(details or []))
    return head + ("\n\n" + body if body else "")


def apply_and_commit(records_root: Path, changes: Changeset, message: str, *, no_commit: bool = False) -> Outcome:
    """Check the repository, write every file atomically, commit exactly those files.

    Refuses (nothing written) when git is mid-merge or mid-rebase, or when a file to be
    changed has uncommitted edits of the clerk's that the commit would sweep in.
    """
    repo = git.repo_root(records_root)
    if repo is None:
        written = changes.apply()
        return Outcome(written, None, f"{records_root} 不在 git 仓库中：本次改动没有审计留痕。可在台账上级目录运行 git init")
    if not no_commit:
        operation = git.operation_in_progress(repo)
        if operation:
            raise RefusedChange(f"git 仓库正处于未完成的{operation}状态，请先完成或放弃该操作；本次未作任何改动")
        dirty = git.dirty_paths(repo, [p for p in changes.paths if p.exists()])
        if dirty:
            names = "、".join(p.relative_to(repo).as_posix() for p in dirty)
            raise RefusedChange(f"{names} 有尚未提交的手工修改，工具不会把它们混入自己的提交。"
                                f"请先提交（git commit）或撤销这些修改；本次未作任何改动")
    written = changes.apply()
    if no_commit:
        return Outcome(written, None, None)
    try:
        commit_id = git.commit(repo, written, message)
    except git.GitError as exc:
        return Outcome(written, None, f"文件已写入，但提交 git 失败：{exc}。请检查 git 配置（user.name、user.email）后手工提交")
    return Outcome(written, commit_id, None)
