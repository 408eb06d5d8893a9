"""Git as the audit trail: the repository around the records, and commits of exactly the files changed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


class GitError(Exception):
    """A git command failed; the message is Chinese and says what to do."""


class GitMissing(GitError):
    """git is not installed or not on PATH."""


GIT_MISSING = "未找到 git 程序（PATH 中没有 git），工具无法留下审计记录。请先安装 git（如 apt-get install git）或把它加入 PATH"


def _run(args: list[str], cwd: Path, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    from .lock import held_fds

    try:
        # The writer lock is inherited: a commit that outlives a killed command keeps the records locked.
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                                env={**os.environ, "LANGUAGE": "C", **(env or {})}, pass_fds=held_fds())
    except FileNotFoundError as exc:
        raise GitMissing(GIT_MISSING) from exc
    if check and result.returncode != 0:
        raise GitError(f"git {' '.join(args[:2])} 失败：{result.stderr.strip() or result.stdout.strip()}")
    return result


def available() -> bool:
    return shutil.which("git") is not None


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


def git_dir(repo: Path) -> Path:
    path = Path(_run(["rev-parse", "--git-dir"], repo).stdout.strip())
    return path if path.is_absolute() else repo / path


def operation_in_progress(repo: Path, folder: Path | None = None) -> str | None:
    """A merge, rebase, cherry-pick or revert left half-done, in Chinese, or None."""
    git_dir = folder or globals()["git_dir"](repo)
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


IDENTITY_FIX = ('请先设置提交人姓名和邮箱，例如：git config --global user.name "张三" 和 '
                'git config --global user.email "zhangsan@example.com"（只对本台账可去掉 --global）')


def cannot_commit(repo: Path) -> str | None:
    """Why a commit here would fail before it is tried, in Chinese with the fix, or None.

    Asked before anything is written, so that the usual faults (a half-done merge, a
    detached HEAD, another git's index.lock, no identity) refuse with the tree untouched."""
    folder = git_dir(repo)
    operation = operation_in_progress(repo, folder)
    if operation:
        return f"git 仓库正处于未完成的{operation}状态，请先完成或放弃该操作（git status 会说明如何做）"
    if _run(["symbolic-ref", "-q", "HEAD"], repo, check=False).returncode != 0:
        return ("git 仓库处于“游离 HEAD”（detached HEAD）状态，提交不会记在任何分支上、容易丢失。"
                "请先切回分支，例如 git switch main（或 git switch -c 新分支名）")
    if (folder / "index.lock").exists():
        return lock_held_message(folder)
    for variable in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        if _run(["var", variable], repo, check=False).returncode != 0:
            return "没有设置 git 提交人身份，git 拒绝提交。" + IDENTITY_FIX
    return None


def lock_held_message(folder: Path) -> str:
    return (f"另一个 git 进程正在使用本仓库（{folder / 'index.lock'} 存在）。请等它结束后重试；"
            f"若确认没有 git 程序在运行（例如上次被强行中断），删除该文件后重试")


def commit_failure(repo: Path, error: GitError) -> str:
    """What made a commit fail, said as the real cause and its fix (git's own words kept at the end)."""
    text = str(error)
    lowered = text.lower()
    if "index.lock" in text:
        return lock_held_message(git_dir(repo))
    if "no space left" in lowered or "disk quota" in lowered:
        return f"磁盘空间已满，git 无法写入提交。请清理磁盘空间后重试（git 的原话：{_last_line(text)}）"
    if "identity unknown" in lowered or "tell me who you are" in lowered or "empty ident" in lowered:
        return "没有设置 git 提交人身份，git 拒绝提交。" + IDENTITY_FIX
    if "permission denied" in lowered or "read-only file system" in lowered:
        return f"没有写入 git 仓库的权限（{_last_line(text)}）。请检查 .git 文件夹的权限或磁盘是否只读"
    hooks = [name for name in ("pre-commit", "prepare-commit-msg", "commit-msg") if _hook(repo, name)]
    if hooks:
        output = text.split("失败：", 1)[-1].strip()
        return (f"git 钩子（{'、'.join(hooks)}）拒绝了本次提交：{output or '钩子没有说明原因'}。"
                f"请按钩子的提示改正后重试；钩子在 {_hooks_dir(repo)}")
    return f"git 提交失败：{text}"


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else text


def _hooks_dir(repo: Path) -> Path:
    path = Path(_run(["rev-parse", "--git-path", "hooks"], repo).stdout.strip())
    return path if path.is_absolute() else repo / path


def _hook(repo: Path, name: str) -> bool:
    hook = _hooks_dir(repo) / name
    return hook.is_file() and os.access(hook, os.X_OK)


def relative_paths(repo: Path, paths: list[Path]) -> list[str]:
    top = repo.resolve()
    return [str(p.resolve().relative_to(top)) for p in paths]


def commit(repo: Path, paths: list[Path], message: str) -> str:
    """Commit exactly ``paths`` (nothing else the clerk has staged) and return the new commit id."""
    relative = relative_paths(repo, paths)
    _run(["add", "--", *relative], repo)
    # --only with explicit paths keeps a clerk's other staged edits out of this commit.
    _run(["commit", "-q", "--only", "-m", message, "--", *relative], repo)
    return _run(["rev-parse", "HEAD"], repo).stdout.strip()


def unstage(repo: Path, paths: list[Path]) -> None:
    """Put the index entries of ``paths`` back to HEAD's (gone, for files HEAD does not have).

    A tool write only starts on paths with no staged or unstaged change, so HEAD's entry is
    exactly what the index held before it."""
    relative = relative_paths(repo, paths)
    if not relative:
        return
    if _run(["rev-parse", "-q", "--verify", "HEAD"], repo, check=False).returncode == 0:
        _run(["reset", "-q", "HEAD", "--", *relative], repo)
    else:  # the first commit: nothing to go back to, so out of the index
        _run(["rm", "-q", "--cached", "--ignore-unmatch", "--", *relative], repo)


def is_committed(repo: Path, paths: list[Path]) -> bool:
    """True when ``paths`` are exactly as HEAD has them, in the index and the work tree."""
    if not paths:
        return True
    relative = relative_paths(repo, paths)
    status = _run(["status", "--porcelain", "--untracked-files=all", "--", *relative], repo, check=False)
    return status.returncode == 0 and not status.stdout.strip()


def identity(repo: Path) -> tuple[str | None, str | None]:
    name = _run(["config", "user.name"], repo, check=False).stdout.strip() or os.environ.get("GIT_AUTHOR_NAME")
    email = _run(["config", "user.email"], repo, check=False).stdout.strip() or os.environ.get("GIT_AUTHOR_EMAIL")
    return name or None, email or None
