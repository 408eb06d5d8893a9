"""Git as the audit trail: the repository around the records, and commits of exactly the files changed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitError(Exception):
    """A git command failed; the message is Chinese and says what to do."""


def _run(args: list[str], cwd: Path, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                                env={**os.environ, **(env or {})})
    except FileNotFoundError as exc:
        raise GitError("未找到 git 程序，请先安装 git（审计留痕依赖它）") from exc
    if check and result.returncode != 0:
        raise GitError(f"git {' '.join(args[:2])} 失败：{result.stderr.strip() or result.stdout.strip()}")
    return result


def repo_root(path: Path) -> Path | None:
    """The top of the git work tree holding ``path``, or None when it is not in one."""
    folder = path if path.is_dir() else path.parent
    while not folder.exists():
        folder = folder.parent
    try:
        result = _run(["rev-parse", "--show-toplevel"], folder, check=False)
    except GitError:
        return None
    return Path(result.stdout.strip()) if result.returncode == 0 else None


def init(path: Path) -> None:
    _run(["init", "-q"], path)


def operation_in_progress(repo: Path) -> str | None:
    """A merge, rebase, cherry-pick or revert left half-done, in Chinese, or None."""
    git_dir = Path(_run(["rev-parse", "--git-dir"], repo).stdout.strip())
    if not git_dir.is_absolute():
        git_dir = repo / git_dir
    for marker, name in (("MERGE_HEAD", "合并（merge）"), ("rebase-merge", "变基（rebase）"),
                         ("rebase-apply", "变基（rebase）"), ("CHERRY_PICK_HEAD", "拣选（cherry-pick）"),
                         ("REVERT_HEAD", "还原（revert）")):
        if (git_dir / marker).exists():
            return name
    return None


def dirty_paths(repo: Path, paths: list[Path]) -> list[Path]:
    """Those of ``paths`` that have uncommitted changes (staged or not) in the work tree."""
    if not paths:
        return []
    relative = [str(p.resolve().relative_to(repo.resolve())) for p in paths]
    result = _run(["status", "--porcelain", "--untracked-files=all", "--", *relative], repo)
    changed = {line[3:].strip().strip('"') for line in result.stdout.splitlines() if line.strip()}
    return [p for p, rel in zip(paths, relative) if rel in changed or any(c.endswith("/") and rel.startswith(c) for c in changed)]


def changed_under(repo: Path, folder: Path) -> list[tuple[str, Path]]:
    """Every file under ``folder`` that differs from HEAD — edited, new or deleted, staged or not —
    as (status letter A/M/D, path).  Renames come as a deletion and a new file."""
    relative = folder.resolve().relative_to(repo.resolve()).as_posix() or "."
    result = _run(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", relative], repo)
    changed = []
    for item in result.stdout.split("\0"):
        if len(item) < 4:
            continue
        code, path = item[:2], item[3:]
        status = "D" if "D" in code else "A" if code in ("??", "A ", "AM") else "M"
        changed.append((status, repo / path))
    return changed


def commit(repo: Path, paths: list[Path], message: str) -> str:
    """Commit exactly ``paths`` (nothing else the clerk has staged) and return the new commit id."""
    relative = [str(p.resolve().relative_to(repo.resolve())) for p in paths]
    _run(["add", "--", *relative], repo)
    # --only with explicit paths keeps a clerk's other staged edits out of this commit.
    _run(["commit", "-q", "--only", "-m", message, "--", *relative], repo)
    return _run(["rev-parse", "HEAD"], repo).stdout.strip()


def identity(repo: Path) -> tuple[str | None, str | None]:
    name = _run(["config", "user.name"], repo, check=False).stdout.strip() or os.environ.get("GIT_AUTHOR_NAME")
    email = _run(["config", "user.email"], repo, check=False).stdout.strip() or os.environ.get("GIT_AUTHOR_EMAIL")
    return name or None, email or None
