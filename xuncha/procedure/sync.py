"""xuncha sync: the office's remote and the teams' laptops, merged by meaning, never rebased.

fetch → renumber ids this clone added that the remote also used (a commit of its own) →
merge (the record files through the merge driver) → validate the merged tree → push.
A merge commit keeps both sides' commits as they were made: the audit trail still says who
recorded what, and when.  Nothing is pushed while a conflict is open or the tree has errors.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..records import git, mergedriver
from ..records.merge import ID_FILES, id_collisions, renumber_text
from ..records.writer import Changeset
from ..refusal import Refusal


class SyncRefused(Refusal):
    """Sync stopped; the message is Chinese and says what to do next."""


@dataclass
class Upstream:
    remote: str
    branch: str              # the branch on the remote

    @property
    def ref(self) -> str:
        return f"{self.remote}/{self.branch}"


@dataclass
class SyncReport:
    upstream: Upstream
    ahead: int = 0                      # local commits the remote does not have (before sync)
    behind: int = 0                     # remote commits not here (before sync)
    incoming: list[str] = field(default_factory=list)    # one line per commit that came in
    outgoing: list[str] = field(default_factory=list)
    renumbered: list[str] = field(default_factory=list)  # "2020-1-jtj P4 → P5"
    merge_commit: str | None = None
    finished: bool = False              # a merge left open by a conflict was committed
    pushed: bool = False
    registered: list[str] = field(default_factory=list)  # what was set up for the merge driver


def _run(repo: Path, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
    try:
        return git._run(args, repo, check=check)
    except git.GitError as exc:
        raise SyncRefused(f"{exc}；本次同步已停止") from exc


def _out(repo: Path, args: list[str]) -> str:
    return _run(repo, args).stdout.strip()


def repository(records_root: Path) -> Path:
    repo = git.repo_root(records_root)
    if repo is None:
        raise SyncRefused(f"{records_root} 不在 git 仓库中，无从同步。请先在台账上级目录 git init，"
                          f"或从办公室的 git 服务器克隆台账（git clone 地址）")
    return repo


def upstream(repo: Path) -> Upstream:
    """The remote branch this branch syncs with; refuses when there is no remote at all."""
    remotes = _out(repo, ["remote"]).split()
    if not remotes:
        raise SyncRefused("本仓库没有配置远端仓库（git remote），无处同步。请先登记办公室的 git 服务器："
                          "git remote add origin 地址（见 docs/sync.md）；本次未作任何改动")
    branch = _run(repo, ["symbolic-ref", "--short", "-q", "HEAD"], check=False).stdout.strip()
    if not branch:
        raise SyncRefused("当前不在任何分支上（detached HEAD），请先 git switch 到工作分支；本次未作任何改动")
    remote = _run(repo, ["config", f"branch.{branch}.remote"], check=False).stdout.strip()
    merge = _run(repo, ["config", f"branch.{branch}.merge"], check=False).stdout.strip()
    if not remote:
        remote = "origin" if "origin" in remotes else remotes[0]
    return Upstream(remote, merge.removeprefix("refs/heads/") or branch)


def divergence(repo: Path, ref: str) -> tuple[int, int] | None:
    """(ahead, behind) of HEAD against ``ref`` as last fetched, or None when ``ref`` is unknown."""
    if _run(repo, ["rev-parse", "--verify", "-q", ref], check=False).returncode != 0:
        return None
    counts = _out(repo, ["rev-list", "--left-right", "--count", f"HEAD...{ref}"]).split()
    return int(counts[0]), int(counts[1])


def tracking_status(records_root: Path) -> tuple[Upstream, tuple[int, int] | None] | None:
    """For `xuncha status`: the upstream and how far this tree is from it, or None without a remote."""
    repo = git.repo_root(records_root)
    if repo is None:
        return None
    try:
        found = upstream(repo)
        return found, divergence(repo, found.ref)
    except SyncRefused:
        return None


def _commits(repo: Path, span: str) -> list[str]:
    log = _out(repo, ["log", "--format=%h  %cd  %an  %s", "--date=format:%Y-%m-%d %H:%M", span])
    return [line for line in log.splitlines() if line.strip()]


def _records_prefix(repo: Path, records_root: Path) -> str:
    relative = records_root.resolve().relative_to(repo.resolve()).as_posix()
    return "" if relative == "." else relative + "/"


def sync(records_root: Path, *, dry_run: bool = False, validate=None) -> SyncReport:
    """``validate(records_root) -> list of error lines`` checks the merged tree before anything is pushed."""
    repo = repository(records_root)
    found = upstream(repo)
    report = SyncReport(found)
    operation = git.operation_in_progress(repo)
    if operation and operation != "合并（merge）":
        raise SyncRefused(f"git 仓库正处于未完成的{operation}状态，请先完成或放弃该操作；本次未作任何改动")
    if operation:
        return _finish_merge(repo, records_root, report, dry_run, validate)
    dirty = [line[3:] for line in _out(repo, ["status", "--porcelain", "--untracked-files=no"]).splitlines()
             if line.strip()]
    if dirty:
        raise SyncRefused(f"有尚未提交的修改：{'、'.join(dirty[:10])}。同步前请先提交（git commit）或撤销这些修改；"
                          f"本次未作任何改动")
    fetched = _run(repo, ["fetch", "-q", found.remote], check=False)
    if fetched.returncode != 0:
        raise SyncRefused(f"无法从远端 {found.remote} 获取（git fetch）：{fetched.stderr.strip()}。"
                          f"请检查网络和服务器地址（git remote -v）；本次未作任何改动")
    counts = divergence(repo, found.ref)
    if counts is None:  # the remote has no such branch yet: the first push creates it
        report.ahead = int(_out(repo, ["rev-list", "--count", "HEAD"]))
        report.outgoing = _commits(repo, "HEAD")
        if not dry_run:
            _check(records_root, validate)
            _push(repo, found, report)
        return report
    report.ahead, report.behind = counts
    report.incoming = _commits(repo, f"HEAD..{found.ref}")
    report.outgoing = _commits(repo, f"{found.ref}..HEAD")
    if dry_run:
        return report
    if not mergedriver.registration(repo, records_root).complete:
        written = mergedriver.register(repo, records_root)
        report.registered = ["合并驱动（.git/config）"]
        if written:
            git.commit(repo, written, "xuncha: sync 登记台账合并驱动（.gitattributes）")
            report.registered.append(".gitattributes")
            report.ahead += 1
    if report.behind:
        if report.ahead:
            _renumber(repo, records_root, found, report)
        _merge(repo, records_root, found, report, validate)
    elif report.ahead:
        _check(records_root, validate)
    if report.ahead or report.merge_commit:
        _push(repo, found, report)
    return report


def _renumber(repo: Path, records_root: Path, found: Upstream, report: SyncReport) -> None:
    """Ids this clone added that the remote also used for something else get the next free number.

    Ours are renumbered, in a commit of our own before the merge: they have not been shared,
    while the remote's are already in the office's common record and may have been cited."""
    base = _out(repo, ["merge-base", "HEAD", found.ref])
    prefix = _records_prefix(repo, records_root) + "inspections/"
    changed = set()
    for head in ("HEAD", found.ref):
        names = _out(repo, ["diff", "--name-only", base, head, "--", prefix])
        changed |= {str(PurePosixPath(n).parent) for n in names.splitlines() if PurePosixPath(n).name in ID_FILES}
    changes, lines = Changeset(), []
    for folder in sorted(changed):
        versions = {side: {name: mergedriver.show(repo, commit, f"{folder}/{name}") for name in ID_FILES}
                    for side, commit in (("base", base), ("ours", "HEAD"), ("theirs", found.ref))}
        mapping = id_collisions(versions["base"], versions["ours"], versions["theirs"])
        if not mapping:
            continue
        for name in ID_FILES:
            text = versions["ours"][name]
            if text is not None:
                new = renumber_text(name, text, mapping)
                if new != text:
                    changes.put(repo / folder / name, new.encode("utf-8"))
        inspection = PurePosixPath(folder).name
        lines += [f"{inspection} {old} → {new}" for old, new in mapping.items()]
    if not lines:
        return
    written = changes.apply()
    message = ("xuncha: sync renumber " + "; ".join(lines) + "\n\n"
               "双方都新增了相同编号的记录：远端的编号已经共享（可能已写入文书），保持不变；"
               "本机新增、尚未共享的一方改用下一个空闲编号，引用它的记录一并改写：\n" + "\n".join(lines))
    git.commit(repo, written, message)
    report.renumbered = lines
    report.ahead += 1


def _merge(repo: Path, records_root: Path, found: Upstream, report: SyncReport, validate) -> None:
    if not report.ahead:  # nothing of ours to merge: take the remote's history as it is
        _run(repo, ["merge", "-q", "--ff-only", found.ref])
        return
    mergedriver.clear_conflicts(repo)
    merged = _run(repo, ["merge", "-q", "--no-ff", "--no-commit", found.ref], check=False)
    message = _merge_message(found, report)
    if merged.returncode != 0:
        if git.operation_in_progress(repo):
            _merge_msg_path(repo).write_text(message + "\n", encoding="utf-8")
        raise SyncRefused(_conflict_message(repo, merged))
    _commit_merge(repo, records_root, report, validate, message)


def _merge_message(found: Upstream, report: SyncReport) -> str:
    lines = [f"xuncha: sync 合并 {found.ref}（{len(report.incoming)} 个提交）", ""]
    lines += ["远端的提交：", *[f"  {line}" for line in report.incoming]]
    if report.renumbered:
        lines += ["", "合并前重新编号（本机新增、与远端重号）：", *[f"  {line}" for line in report.renumbered]]
    return "\n".join(lines)


def _commit_merge(repo: Path, records_root: Path, report: SyncReport, validate, message: str | None) -> None:
    errors = validate(records_root) if validate else []
    if errors:
        _run(repo, ["merge", "--abort"], check=False)
        mergedriver.clear_conflicts(repo)
        listed = "\n".join(errors[:20])
        raise SyncRefused(f"合并后的台账有 {len(errors)} 处错误，已放弃本次合并，未推送：\n{listed}\n"
                          f"请与对方核对后改正（xuncha validate 可查看全部），再运行 xuncha sync")
    args = ["commit", "-q", "--no-edit"] + (["-m", message] if message else [])
    _run(repo, args)
    mergedriver.clear_conflicts(repo)
    report.merge_commit = _out(repo, ["rev-parse", "HEAD"])


def _conflict_message(repo: Path, merged: subprocess.CompletedProcess) -> str:
    open_ = mergedriver.open_conflicts(repo)
    lines = [mergedriver.describe(path, c) for path, conflicts in open_ for c in conflicts]
    unmerged = _out(repo, ["diff", "--name-only", "--diff-filter=U"]).splitlines()
    recorded = {path for path, _ in open_}
    others = [path for path in unmerged if path not in recorded]
    if others:
        lines += [f"[合并冲突] {path}：{_unmerged_reason(repo, path)}" for path in others]
    if not lines:
        return f"合并失败：{merged.stderr.strip() or merged.stdout.strip()}；未推送"
    return ("合并时有双方都改过、且改法不同的内容，工具不替你选择，未推送：\n" + "\n".join(lines) +
            "\n请运行 xuncha resolve 逐项决定取哪一方的值（或 git merge --abort 放弃本次合并），再运行 xuncha sync")


UNMERGED = {"DU": "本地删除了此文件，远端修改了它", "UD": "远端删除了此文件，本地修改了它",
            "AU": "本地新增、远端也改动了此文件", "UA": "远端新增、本地也改动了此文件",
            "DD": "双方都删除了此文件"}


def _unmerged_reason(repo: Path, path: str) -> str:
    """Why git could not merge a file by itself, and what to do, for a file the driver did not keep."""
    status = _out(repo, ["status", "--porcelain", "--", path])[:2]
    if status in UNMERGED:
        return (f"{UNMERGED[status]}：保留文件请 git add {path}，删除请 git rm {path}，然后运行 xuncha sync")
    return f"无法按内容合并（不是可读的台账文件），请手工编辑去掉冲突标记后 git add {path}，然后运行 xuncha sync"


def _finish_merge(repo: Path, records_root: Path, report: SyncReport, dry_run: bool, validate) -> SyncReport:
    """A merge left open by a conflict: once every conflict is resolved, commit it and push."""
    open_ = mergedriver.open_conflicts(repo)
    unmerged = _out(repo, ["diff", "--name-only", "--diff-filter=U"]).splitlines()
    if open_ or unmerged:
        lines = [mergedriver.describe(path, c) for path, conflicts in open_ for c in conflicts]
        lines += [f"[合并冲突] {path}：{_unmerged_reason(repo, path)}" for path in unmerged
                  if path not in {p for p, _ in open_}]
        raise SyncRefused("上次同步的合并还有未解决的冲突，未推送：\n" + "\n".join(lines) +
                          "\n请运行 xuncha resolve 逐项决定，或 git merge --abort 放弃本次合并")
    if dry_run:
        return report
    _commit_merge(repo, records_root, report, validate, None)
    report.finished = True
    _push(repo, report.upstream, report)
    return report


def _check(records_root: Path, validate) -> None:
    errors = validate(records_root) if validate else []
    if errors:
        listed = "\n".join(errors[:20])
        raise SyncRefused(f"台账有 {len(errors)} 处错误，未推送：\n{listed}\n请先改正（xuncha validate 可查看全部），"
                          f"再运行 xuncha sync")


def _push(repo: Path, found: Upstream, report: SyncReport) -> None:
    pushed = _run(repo, ["push", "-q", "-u", found.remote, f"HEAD:refs/heads/{found.branch}"], check=False)
    if pushed.returncode != 0:
        raise SyncRefused(f"推送到 {found.ref} 失败：{pushed.stderr.strip()}。如远端在此期间有了新提交，"
                          f"再运行一次 xuncha sync 即可；本机的提交都已保存")
    report.pushed = True


# ------------------------------------------------------------------ xuncha resolve


def resolve(records_root: Path, number: int, take: str | None, value: str | None) -> tuple[str, int]:
    """Decide conflict ``number`` (1-based, in `xuncha resolve`'s list); returns (what was done, conflicts left)."""
    from ..records.merge import MISSING, set_value
    from ..records.writer import atomic_write, load_rt

    repo = repository(records_root)
    listed = [(path, index, c) for path, conflicts in mergedriver.open_conflicts(repo)
              for index, c in enumerate(conflicts)]
    if not 1 <= number <= len(listed):
        raise SyncRefused(f"没有第 {number} 项冲突（共 {len(listed)} 项，运行 xuncha resolve 查看）")
    pathname, index, conflict = listed[number - 1]
    if value is not None:
        try:
            chosen = load_rt(value) if value.strip() else None
        except Exception as exc:
            raise SyncRefused(f"--value 不是有效的取值：{exc}") from exc
        said = f"改为 {mergedriver.shown(value)}"
    else:
        chosen = conflict.ours if take == "ours" else conflict.theirs
        deleted = chosen is None and conflict.kind == "deleted"
        chosen = MISSING if deleted else chosen
        said = f"取{mergedriver.SIDES[take]}的{'删除' if deleted else '值 ' + mergedriver.shown(chosen)}"
    if conflict.kind == "id-collision" and value is None:
        said += "（另一方的同号记录被舍弃；如两条都要保留，请 git merge --abort 后运行 xuncha sync，它会先重新编号）"
    path = repo / pathname
    text = path.read_text(encoding="utf-8-sig")
    atomic_write(path, set_value(text, conflict.path, chosen).encode("utf-8"))
    remaining = [c for path_, i, c in listed if path_ == pathname and i != index]
    mergedriver.save_conflicts(repo, pathname, remaining)
    if not remaining:
        _run(repo, ["add", "--", pathname])
    _note_in_merge_message(repo, f"{pathname} {conflict.where}：{said}")
    return f"{pathname} 中 {conflict.where}：{said}", len(listed) - 1


def _note_in_merge_message(repo: Path, line: str) -> None:
    message = _merge_msg_path(repo)
    if message.exists():
        text = message.read_text(encoding="utf-8")
        head = "" if "合并冲突的处理：" in text else "\n合并冲突的处理：\n"
        message.write_text(text.rstrip("\n") + "\n" + head + f"  {line}\n", encoding="utf-8")


def _merge_msg_path(repo: Path) -> Path:
    where = Path(_out(repo, ["rev-parse", "--git-path", "MERGE_MSG"]))
    return where if where.is_absolute() else repo / where
