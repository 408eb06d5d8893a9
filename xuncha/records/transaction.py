"""Apply a changeset and record it in git: one command, one honest commit of exactly its files.

The one shared path of every writing command, so its guarantees hold for all of them:

- One writer at a time: the writer lock (records/lock.py) is held from before the records
  are read until after the commit; a file that changed since the command read it is refused.
- A fault is a refusal: anything that would keep the commit from landing (git missing, a
  half-done merge, a detached HEAD, another git's index.lock, no identity) is asked before a
  byte is written; a commit that still fails (a hook, a full disk) puts every file and the
  index back exactly as they were.  Exit 2 and a Chinese message naming cause and fix.
- Crash safety: before writing, a journal in the tool's state folder (inside .git) names
  every file and keeps a hard link to what it held.  A command killed between write and
  commit leaves the journal; the next writer, under the lock, finds it and either sees the
  commit landed (and forgets the journal) or puts the files back, and says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import git, lock
from .writer import Changeset, atomic_write
from ..refusal import Refusal

JOURNAL = "journal.json"
BACKUPS = "backups"
TEMP = "tmp"


class RefusedChange(Refusal):
    """The change was refused before anything was written; the message is Chinese."""


@dataclass
class Outcome:
    written: list[Path]
    commit: str | None      # the new commit id, or None (--no-commit, or no repository)
    warning: str | None     # e.g. no repository: no audit trail


def _single_line(text: str) -> str:
    """A value typed by the clerk must not forge lines (a fake heading, a fake trailer) in git's log."""
    return " ".join(str(text).split()) if any(c in str(text) for c in "\r\n\v\f\x85\u2028\u2029") else str(text)


def commit_message(action: str, subject: str, *, date: str | None = None, clause: str | None = None,
                   summary: str | None = None, details: list[str] | None = None) -> str:
    """The fixed, greppable form ``xuncha: <command> <subject> <date> (<clause>)``, then the Chinese
    summary and free lines.  ``action`` is the command as typed (``record feedback``, ``problem
    handoff``), so ``git log --grep '^xuncha: problem handoff'`` finds every hand-off.  Every field
    is one line, whatever the clerk typed."""
    head = f"xuncha: {_single_line(action)} {_single_line(subject)}"
    if date:
        head += f" {_single_line(date)}"
    if clause:
        head += f" ({_single_line(clause)})"
    body = "\n".join(_single_line(line) for line in ([summary] if summary else []) + list(details or []))
    return head + ("\n\n" + body if body else "")


def begin_writing(records_root: Path, command: str = "xuncha") -> str | None:
    """Take the writer lock (waiting a bounded time) and recover what a killed writer left.

    Returns a Chinese note of the recovery to show the clerk, or None.  Raises RefusedChange
    when the lock stays busy or git is missing."""
    if not git.available():
        raise RefusedChange(git.GIT_MISSING + "；本次未作任何改动")
    try:
        fresh = lock.acquire(records_root, command)
    except lock.LockBusy as exc:
        raise RefusedChange(str(exc)) from exc
    except OSError as exc:
        raise RefusedChange(f"无法建立写入锁（{_os_reason(exc)}）；本次未作任何改动") from exc
    return recover(records_root) if fresh else None


def apply_and_commit(records_root: Path, changes: Changeset, message: str, *, no_commit: bool = False) -> Outcome:
    """Check the repository, write every file atomically, commit exactly those files.

    Refuses (nothing written) when git cannot commit here, or when a file to be changed has
    uncommitted edits of the clerk's that the commit would sweep in, or changed since read.
    """
    note = begin_writing(records_root)
    repo = git.repo_root(records_root)
    items = changes.items()
    _refuse_identity(items, records_root)
    _refuse_changed_since_read(items, repo)
    in_repo = _inside(repo, [path for path, *_ in items]) if repo is not None else []
    if repo is not None and not no_commit:
        reason = git.cannot_commit(repo)
        if reason:
            raise RefusedChange(f"{reason}；本次未作任何改动")
        dirty = git.dirty_paths(repo, [p for p in in_repo if p.exists()])
        if dirty:
            names = "、".join(p.relative_to(repo).as_posix() for p in dirty)
            raise RefusedChange(f"{names} 有尚未提交的手工修改，工具不会把它们混入自己的提交。"
                                f"请先提交（git commit）或撤销这些修改；本次未作任何改动")
    state = lock.state_dir(records_root)
    journal = _Journal(state)
    commit = repo is not None and not no_commit
    journal.begin(items, message, repo if commit else None, in_repo)
    try:
        written = journal.write(items)
        commit_id = git.commit(repo, in_repo, message) if commit and in_repo else None
    except git.GitError as exc:
        cause = git.commit_failure(repo, exc) if repo is not None else str(exc)
        journal.roll_back()
        raise RefusedChange(f"{cause}；本次未作任何改动（文件和暂存区都已恢复原状）") from exc
    except OSError as exc:
        journal.roll_back()
        raise RefusedChange(f"写入失败：{_os_reason(exc)}；本次未作任何改动（文件已恢复原状）") from exc
    except BaseException:
        journal.roll_back()
        raise
    journal.finish()
    warning = note
    if repo is None:
        warning = _join(note, f"{records_root} 不在 git 仓库中：本次改动没有审计留痕。可在台账上级目录运行 git init")
    return Outcome(written, commit_id, warning)


def _join(*notes: str | None) -> str | None:
    kept = [n for n in notes if n]
    return "\n".join(kept) if kept else None


def _os_reason(exc: OSError) -> str:
    from .errors import os_reason

    return os_reason(exc, with_file=True)


def _inside(repo: Path, paths: list[Path]) -> list[Path]:
    top = repo.resolve()
    return [p for p in paths if p.resolve().is_relative_to(top)]


def _refuse_identity(items, records_root: Path) -> None:
    """What no command may write into a record: an identity in free text (五（三）; what goes into
    git's log besides the files, an amendment's reason, is checked where it is asked for), and
    an invisible control character or line separator anywhere (it breaks the documents).

    Only what this change adds is judged: what is already in a file is validate's to report,
    and must not block an unrelated command."""
    from ..model.identity import FREE_TEXT_FIELDS, identity_leaks, public_hint
    from .yamlread import invisible, invisible_message

    top = records_root.resolve()
    for path, content, base, _ in items:
        if path.suffix != ".yaml" or not path.resolve().is_relative_to(top):
            continue
        old = {text for _, _, text in _scalars(base)} if base else set()
        shown = path.resolve().relative_to(top.parent).as_posix()
        for line, key, text in _scalars(content):
            if text in old:
                continue
            char = invisible(text)
            if char:
                raise RefusedChange(f"{shown}:{line} 的 `{key}`：{invisible_message(char)}；本次未作任何改动")
            leaks = identity_leaks(text) if key in FREE_TEXT_FIELDS else None
            if leaks and path.name != "tips.yaml":  # a tip's text is the informant's: nothing is excused there
                leaks = identity_leaks(text, _public_config(items, records_root).public_for(key))
            if leaks:
                raise RefusedChange(f"{shown}:{line} 的 `{key}` 含有可识别个人身份的信息（{'、'.join(leaks)}），"
                                    f"它会出现在打印或公开的文书中。举报人身份请用 --informant-name/--informant-phone "
                                    f"记入台账以外的保密库（五（三））{public_hint(leaks)}；本次未作任何改动")


def _public_config(items, records_root: Path):
    """config.yaml as this change leaves it, for its public_identities (read only when a text needs it)."""
    from ..model.config import Config
    from .loader import parse_file

    path = records_root / "config.yaml"
    raw = next((content for p, content, _, _ in items if p == path), None)
    try:
        raw = raw if raw is not None else path.read_bytes()
    except OSError:
        return _NO_CONFIG
    config, _ = parse_file(raw, Config, "config.yaml")
    return config if config is not None else _NO_CONFIG


class _NoConfig:
    @staticmethod
    def public_for(field_name: str):
        return None


_NO_CONFIG = _NoConfig()


def _scalars(raw: bytes):
    """(line, key, text) of every value under a key in a YAML record file's bytes (list items too)."""
    import yaml

    from .yamlread import _Loader

    try:
        root = yaml.compose(raw.decode("utf-8-sig"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return
    stack = [("", root)] if root is not None else []
    while stack:
        key, node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            yield node.start_mark.line + 1, key, node.value
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((key, item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((k.value if isinstance(k, yaml.ScalarNode) else key, v) for k, v in node.value)


def _refuse_changed_since_read(items, repo: Path | None) -> None:
    for path, _, base, _ in items:
        current = path.read_bytes() if path.exists() else None
        if current != base:
            shown = path.relative_to(repo).as_posix() if repo is not None and path.resolve().is_relative_to(repo.resolve()) else str(path)
            what = "已被创建" if base is None else ("已被删除" if current is None else "已被改动")
            raise RefusedChange(f"{shown} 在本命令读取之后{what}（另一个命令或手工编辑）；"
                                f"为免覆盖别人的改动，本次未作任何改动，请重新运行本命令")


def _digest(content: bytes | None) -> str | None:
    return None if content is None else hashlib.sha256(content).hexdigest()


class _Journal:
    """What a command is about to write, kept until its commit lands, so a crash can be undone."""

    def __init__(self, state: Path):
        self.state = state
        self.path = state / JOURNAL
        self.backups = state / BACKUPS
        self.temp = state / TEMP
        self.entries: list[dict] = []
        self.repo: Path | None = None

    def begin(self, items, message: str, repo: Path | None, in_repo: list[Path]) -> None:
        for folder in (self.backups, self.temp):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        self.repo = repo
        repo_paths = {p.resolve() for p in in_repo}
        try:
            for number, (path, content, _, _) in enumerate(items):
                entry = {"path": str(path.resolve()), "after": _digest(content), "backup": None,
                         "in_repo": path.resolve() in repo_paths, "created_dirs": _missing_dirs(path)}
                if path.exists():
                    backup = self.backups / str(number)
                    try:  # a hard link costs no space: the rollback works on a full disk too
                        os.link(path, backup)
                    except OSError:
                        atomic_write(backup, path.read_bytes(), temp_dir=self.temp)
                    entry["backup"] = backup.name
                self.entries.append(entry)
            record = {"pid": os.getpid(), "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                      "message": message, "repo": str(repo) if repo else None, "files": self.entries}
            atomic_write(self.path, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"),
                         temp_dir=self.temp)
        except OSError as exc:
            shutil.rmtree(self.backups, ignore_errors=True)
            self.path.unlink(missing_ok=True)
            raise RefusedChange(f"无法写入工具的恢复日志：{_os_reason(exc)}；本次未作任何改动") from exc

    def write(self, items) -> list[Path]:
        written = []
        for path, content, _, mode in items:
            atomic_write(path, content, mode=mode, temp_dir=self.temp)
            written.append(path)
        return written

    def roll_back(self) -> list[str]:
        """Put every file back as it was; returns the files left alone because someone else changed them."""
        return _undo(self.state, {"files": self.entries, "repo": str(self.repo) if self.repo else None})

    def finish(self) -> None:
        self.path.unlink(missing_ok=True)
        shutil.rmtree(self.backups, ignore_errors=True)
        shutil.rmtree(self.temp, ignore_errors=True)


def _missing_dirs(path: Path) -> list[str]:
    missing = []
    folder = path.parent
    while not folder.exists():
        missing.append(str(folder.resolve()))
        folder = folder.parent
    return missing


def _undo(state: Path, record: dict) -> list[str]:
    kept = []
    backups = state / BACKUPS
    for entry in reversed(record.get("files", [])):
        path = Path(entry["path"])
        current = path.read_bytes() if path.exists() else None
        backup = backups / entry["backup"] if entry.get("backup") else None
        if backup is not None and not backup.exists():
            kept.append(str(path))
            continue
        before = backup.read_bytes() if backup is not None else None
        if current != before:
            if _digest(current) != entry.get("after"):
                kept.append(str(path))  # not what the tool wrote: the clerk's, leave it
                continue
            if backup is not None:
                os.replace(backup, path)
            else:
                path.unlink()
        for folder in entry.get("created_dirs", []):
            try:
                Path(folder).rmdir()
            except OSError:
                break
    repo = record.get("repo")
    if repo:
        in_repo = [Path(e["path"]) for e in record.get("files", []) if e.get("in_repo")]
        try:
            git.unstage(Path(repo), in_repo)
        except git.GitError:
            pass  # e.g. the index.lock that made the commit fail: then nothing was staged either
    (state / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(backups, ignore_errors=True)
    shutil.rmtree(state / TEMP, ignore_errors=True)
    return kept


def recover(records_root: Path) -> str | None:
    """Under the writer lock: finish what a killed writer left.  A Chinese note, or None."""
    state = lock.state_dir(records_root)
    path = state / JOURNAL
    if not path.exists():
        shutil.rmtree(state / TEMP, ignore_errors=True)  # a kill before the journal: only temp files
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # A journal torn by the kill was never complete, so nothing was written after it.
        path.unlink(missing_ok=True)
        shutil.rmtree(state / BACKUPS, ignore_errors=True)
        shutil.rmtree(state / TEMP, ignore_errors=True)
        return None
    title = (record.get("message") or "").splitlines()[0] if record.get("message") else "一个写入命令"
    who = f"上次的命令（{title}，进程 {record.get('pid')}，开始于 {record.get('started')}）"
    repo = record.get("repo")
    files = [Path(e["path"]) for e in record.get("files", [])]
    if repo and _landed(Path(repo), record):
        path.unlink(missing_ok=True)
        shutil.rmtree(state / BACKUPS, ignore_errors=True)
        shutil.rmtree(state / TEMP, ignore_errors=True)
        return f"{who}在提交后被中断；其提交已完整记入 git，无需处理"
    kept = _undo(state, record)
    note = f"{who}在写入后、提交前被中断：已撤销它未提交的改动（{len(files)} 个文件恢复原状），请重新运行该命令"
    if kept:
        note += f"；以下文件在中断后又被改动，未予撤销，请人工核对：{'、'.join(kept)}"
    return note


def _landed(repo: Path, record: dict) -> bool:
    entries = [e for e in record.get("files", []) if e.get("in_repo")]
    paths = [Path(e["path"]) for e in entries]
    try:
        if not git.is_committed(repo, paths):
            return False
    except git.GitError:
        return False
    for entry in record.get("files", []):
        path = Path(entry["path"])
        if _digest(path.read_bytes() if path.exists() else None) != entry.get("after"):
            return False
    return True
