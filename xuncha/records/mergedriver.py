"""The git merge driver for record files, its registration, and the conflicts it leaves for the clerk.

git calls ``<python> -m xuncha merge-driver %O %A %B %P`` for every record file both sides
changed (``git merge``, ``git pull``, ``xuncha sync``), with no terminal, in the top folder of
the work tree.  Contract: write the result into %A; exit 0 when merged, 1 when a real
conflict is left.  Conflicts are written beside the repository's own state
(``.git/xuncha-conflicts/``) with both values and who set them, for ``xuncha resolve``.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .merge import (ID_FILES, MISSING, Conflict, MergeError, find, id_collisions, mentions, merge_texts,
                    renumber_text)
from .writer import atomic_write, load_rt

DRIVER = "xuncha"
DRIVER_NAME = "xuncha 台账按内容合并"
ATTRIBUTES = ".gitattributes"
SIDES = {"ours": "本地", "theirs": "远端"}


def _git(args: list[str], cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, input=input)


def _out(args: list[str], cwd: Path) -> str | None:
    result = _git(args, cwd)
    return result.stdout.decode("utf-8", "replace").strip() if result.returncode == 0 else None


def show(repo: Path, commit: str | None, path: str) -> str | None:
    if not commit:
        return None
    result = _git(["show", f"{commit}:{path}"], repo)
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


# ------------------------------------------------------------------ registration


def driver_command() -> str:
    """Absolute: git runs the driver from any shell, with whatever PATH the clerk's session has."""
    return f"{shlex.quote(sys.executable)} -m xuncha merge-driver %O %A %B %P"


def attributes_line(repo: Path, records_root: Path) -> str:
    relative = records_root.resolve().relative_to(repo.resolve()).as_posix()
    prefix = "" if relative in ("", ".") else relative + "/"
    return f"{prefix}**/*.yaml merge={DRIVER}"


@dataclass
class Registration:
    attributes: bool      # .gitattributes names the driver for the record files
    config: bool          # .git/config defines it with a command that runs here, and pull merges

    @property
    def complete(self) -> bool:
        return self.attributes and self.config


def registration(repo: Path, records_root: Path) -> Registration:
    path = repo / ATTRIBUTES
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    command = _out(["config", "--local", f"merge.{DRIVER}.driver"], repo)
    merges = _out(["config", "--local", "pull.rebase"], repo) == "false"
    return Registration(attributes_line(repo, records_root) in lines, _runs_here(command) and merges)


def _runs_here(command: str | None) -> bool:
    """A registered command still works when its Python is there (python and python3 are both fine)."""
    if not command or not command.endswith(" -m xuncha merge-driver %O %A %B %P"):
        return False
    try:
        executable = shlex.split(command)[0]
    except ValueError:
        return False
    return os.path.isfile(executable) and os.access(executable, os.X_OK)


def attributes_text(repo: Path, records_root: Path, current: str) -> str | None:
    """.gitattributes with the driver named for the record files, or None when it already is."""
    line = attributes_line(repo, records_root)
    if line in current.splitlines():
        return None
    head = "" if not current or current.endswith("\n") else "\n"
    comment = "" if current else "# 台账记录文件按内容合并（xuncha merge-driver）：两处同时新增问题、工作记录时不产生冲突\n"
    return current + head + comment + line + "\n"


def configure(repo: Path) -> None:
    """Define the driver in this clone's .git/config (git never copies it with a clone)."""
    for key, value in ((f"merge.{DRIVER}.name", DRIVER_NAME), (f"merge.{DRIVER}.driver", driver_command()),
                       ("pull.rebase", "false")):
        # pull.rebase false: `git pull` merges (history as it was recorded), never rebases.
        _git(["config", "--local", key, value], repo)


def configure_clone(records_root: Path) -> str | None:
    """A fresh clone of a tree that names the driver (.gitattributes) but lacks it in .git/config: define it.

    Called by every writing command, so a clone works with a plain `git pull` from the first
    record a clerk makes in it.  Returns a note to show once, or None; never fails a command."""
    try:
        repo_text = _out(["rev-parse", "--show-toplevel"], records_root)
        if not repo_text:
            return None
        repo = Path(repo_text)
        found = registration(repo, records_root)
        if not found.attributes or found.config:
            return None
        configure(repo)
    except (OSError, ValueError):
        return None
    return "已在本克隆的 .git/config 登记台账按内容合并（git pull 合并而不变基；见 docs/sync.md）"


def register(repo: Path, records_root: Path) -> list[Path]:
    """Name the driver in .gitattributes (shared with every clone) and define it in .git/config (this clone).

    Returns the files written that belong in a commit (.gitattributes when it changed)."""
    path = repo / ATTRIBUTES
    text = attributes_text(repo, records_root, path.read_text(encoding="utf-8") if path.is_file() else "")
    if text is not None:
        atomic_write(path, text.encode("utf-8"))
    configure(repo)
    return [path] if text is not None else []


# ------------------------------------------------------------------ the driver


@dataclass
class Sides:
    ours: str | None
    theirs: str | None
    base: str | None


def merge_sides(repo: Path) -> Sides:
    """Which commits are being merged: HEAD, the other head (git names it in GITHEAD_<id>), their base."""
    ours = _out(["rev-parse", "--verify", "-q", "HEAD"], repo)
    theirs = next((name[len("GITHEAD_"):] for name in os.environ if name.startswith("GITHEAD_")), None)
    if theirs is None:
        theirs = _out(["rev-parse", "--verify", "-q", "MERGE_HEAD"], repo)
    base = _out(["merge-base", ours, theirs], repo) if ours and theirs else None
    return Sides(ours, theirs, base)


def conflicts_dir(repo: Path) -> Path:
    where = _out(["rev-parse", "--git-path", "xuncha-conflicts"], repo) or ".git/xuncha-conflicts"
    path = Path(where)
    return path if path.is_absolute() else repo / path


def _sidecar(repo: Path, pathname: str) -> Path:
    return conflicts_dir(repo) / (pathname.replace("%", "%25").replace("/", "%2F") + ".json")


def run(base_file: str, ours_file: str, theirs_file: str, pathname: str, repo: Path | None = None) -> int:
    repo = repo or Path.cwd()
    texts = []
    for name in (base_file, ours_file, theirs_file):
        try:
            texts.append(Path(name).read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError):
            return _line_merge(base_file, ours_file, theirs_file, repo)
    base, ours, theirs = texts
    sides = merge_sides(repo)
    renumbered = _renumber(repo, sides, pathname, ours)
    if renumbered:
        ours = renumber_text(PurePosixPath(pathname).name, ours, renumbered)
    try:
        result = merge_texts(base, ours, theirs)
    except MergeError:
        return _line_merge(base_file, ours_file, theirs_file, repo)
    Path(ours_file).write_bytes(result.text.encode("utf-8"))
    sidecar = _sidecar(repo, pathname)
    if renumbered:
        changes = "、".join(f"{old} → {new}" for old, new in renumbered.items())
        print(f"{pathname}：双方都新增了相同编号，本地尚未共享的一方已重新编号：{changes}（引用处一并改写）",
              file=sys.stderr)
    if not result.conflicts:
        sidecar.unlink(missing_ok=True)
        return 0
    for conflict in result.conflicts:
        conflict.who = who_set(repo, sides, pathname, conflict.path)
    sidecar.parent.mkdir(parents=True, exist_ok=True)
    sidecar.write_text(json.dumps({"file": pathname, "ours": sides.ours, "theirs": sides.theirs,
                                   "conflicts": [c.as_json() for c in result.conflicts]},
                                  ensure_ascii=False, indent=1), encoding="utf-8")
    for conflict in result.conflicts:
        print(describe(pathname, conflict), file=sys.stderr)
    return 1


def _renumber(repo: Path, sides: Sides, pathname: str, ours_text: str) -> dict[str, str]:
    """The ids of ours to renumber, when every file that names them passes through this driver.

    A file only our side changed is not given to the driver: git takes it as it is.  If such a
    file names one of the ids, renumbering here would leave it pointing at the other side's
    entry; then nothing is renumbered and the collision is a conflict (``xuncha sync``
    renumbers in a commit of its own before merging, which is always safe)."""
    if PurePosixPath(pathname).name not in ID_FILES or not (sides.base and sides.theirs and sides.ours):
        return {}
    folder = PurePosixPath(pathname).parent
    versions = {side: {name: show(repo, commit, str(folder / name)) for name in ID_FILES}
                for side, commit in (("base", sides.base), ("ours", sides.ours), ("theirs", sides.theirs))}
    mapping = id_collisions(versions["base"], versions["ours"], versions["theirs"])
    if not mapping:
        return {}
    for name in ID_FILES:
        b, o, t = versions["base"][name], versions["ours"][name], versions["theirs"][name]
        if o != b and t == b and mentions(name, o, mapping):
            return {}
    return mapping


def _line_merge(base_file: str, ours_file: str, theirs_file: str, repo: Path) -> int:
    """A file that is not readable YAML is merged by lines, as git would without the driver."""
    result = _git(["merge-file", "-L", "本地", "-L", "共同基础", "-L", "远端", ours_file, base_file, theirs_file], repo)
    return 0 if result.returncode == 0 else 1


# ------------------------------------------------------------------ who set a value


def _value_at(repo: Path, commit: str, pathname: str, path: list):
    text = show(repo, commit, pathname)
    if text is None:
        return MISSING
    try:
        document = load_rt(text.lstrip("\ufeff"))
        if not path:
            return document
        parent, slot = find(document, path)
        if parent is None or slot is None:
            return MISSING
        return parent[slot]
    except (KeyError, IndexError, TypeError, Exception):
        return MISSING


def who_set(repo: Path, sides: Sides, pathname: str, path: list) -> dict:
    """For each side, the newest commit since the common base that changed the value at ``path``."""
    from .merge import _plain

    found = {}
    for side, head in (("ours", sides.ours), ("theirs", sides.theirs)):
        if not head:
            continue
        span = f"{sides.base}..{head}" if sides.base else head
        log = _out(["log", "--format=%H%x1f%an%x1f%cd", "--date=format:%Y-%m-%d %H:%M", span, "--", pathname], repo)
        for line in (log or "").splitlines():
            commit, author, when = line.split("\x1f")
            now, before = _value_at(repo, commit, pathname, path), _value_at(repo, commit + "^", pathname, path)
            if _plain(now) != _plain(before) or (now is MISSING) != (before is MISSING):
                found[side] = f"{author} {when} 提交 {commit[:10]}"
                break
    return found


# ------------------------------------------------------------------ reading the conflicts left


def shown(value) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return f"“{value}”"


def describe(pathname: str, conflict: Conflict) -> str:
    sides = []
    for side in ("ours", "theirs"):
        value = getattr(conflict, side)
        by = conflict.who.get(side)
        deleted = conflict.kind == "deleted" and value is None
        sides.append(f"{SIDES[side]}{'已删除' if deleted else '为 ' + shown(value)}{'（' + by + '）' if by else ''}")
    if conflict.kind == "id-collision":
        what = "双方都新增了这个编号，但内容不同"
    elif conflict.kind == "deleted":
        what = "一方删除、另一方修改"
    else:
        what = "双方改成了不同的值"
    return f"[合并冲突] {pathname} 中 {conflict.where}：{what}；{'；'.join(sides)}"


def open_conflicts(repo: Path) -> list[tuple[str, list[Conflict]]]:
    folder = conflicts_dir(repo)
    if not folder.is_dir():
        return []
    if _out(["rev-parse", "--verify", "-q", "MERGE_HEAD"], repo) is None:
        clear_conflicts(repo)  # the merge was committed or given up (git merge --abort): nothing is open
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        conflicts = [Conflict.from_json(c) for c in data.get("conflicts", [])]
        if conflicts:
            found.append((data["file"], conflicts))
    return found


def save_conflicts(repo: Path, pathname: str, conflicts: list[Conflict]) -> None:
    sidecar = _sidecar(repo, pathname)
    if not conflicts:
        sidecar.unlink(missing_ok=True)
        return
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["conflicts"] = [c.as_json() for c in conflicts]
    sidecar.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def clear_conflicts(repo: Path) -> None:
    folder = conflicts_dir(repo)
    if folder.is_dir():
        for path in folder.glob("*.json"):
            path.unlink()
