"""A fresh records tree (xuncha init): the Yancheng defaults or a copy of the bundled example, committed.

The tree enters git whole in one first commit, so the roster and the configuration are part of
the audit trail from the first day.  A commit that git refuses (no identity, a failing hook, a
held lock) undoes everything init wrote: the folder is left as it was found.
"""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path

from . import git, mergedriver
from .paths import RECORDS_DIR
from .transaction import commit_message
from .writer import Changeset
from ..bundled import example_records
from ..precommit import pre_commit_config
from ..schema import schema_files, schema_for_file
from ..refusal import Refusal

# Caches and rendered papers are derived: they never belong in the ledger's history.
IGNORED = {".xuncha-cache/": "xuncha 的缓存（解析的台账、编译的模板），可随时删除",
           "out/": "xuncha render 生成的公文（由台账随时重新生成）"}
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
GITIGNORE = ".gitignore"


class ScaffoldError(Refusal):
    pass


def _enclosing_records(directory: Path) -> Path | None:
    """The records tree ``directory`` already lies in (records/ itself, or below a folder holding one).

    Looked up from the folder itself, as commands run there would: not from $XUNCHA_RECORDS."""
    from .paths import CONFIG_FILE

    start = directory.resolve()
    for folder in (start, *start.parents):
        if (folder / RECORDS_DIR / CONFIG_FILE).is_file():
            return folder / RECORDS_DIR
        if folder.name == RECORDS_DIR and (folder / CONFIG_FILE).is_file():
            return folder
    return None


def gitignore_text(existing: str = "") -> str | None:
    """``existing`` with every IGNORED entry it lacks appended, or None when it lacks none."""
    present = {line.strip() for line in existing.splitlines()}
    missing = [(entry, why) for entry, why in IGNORED.items() if entry not in present and entry.rstrip("/") not in present]
    if not missing:
        return None
    lead = existing if not existing or existing.endswith("\n") else existing + "\n"
    return lead + "".join(f"# {why}\n{entry}\n" for entry, why in missing)


def _defaults(records: Path, changes: Changeset) -> None:
    defaults = resources.files("xuncha") / "scaffold"
    for name in ("config.yaml", "people.yaml"):
        changes.create(records / name, (defaults / name).read_text(encoding="utf-8"))
    for folder, note in (("plans", "年度安全生产巡查工作方案，每年一个文件：<年度>.yaml（四（一））"),
                         ("inspections", "每次巡查一个文件夹：<年度>-<轮次>-<巡查对象编号>/（四、巡查程序）"),
                         ("calendar", "国务院当年节假日安排通知的覆盖文件：<年度>.yaml（工作日计算）")):
        changes.put(records / folder / "README.md", f"# {folder}\n\n{note}\n".encode("utf-8"))


def _example(records: Path, changes: Changeset) -> None:
    source = example_records()
    if not (source / "config.yaml").is_file():
        raise ScaffoldError(f"找不到 xuncha 自带的示例台账（{source}），请重新安装 xuncha")
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            changes.put(records / path.relative_to(source), path.read_bytes())


def scaffold(directory: Path, *, example: bool = False) -> tuple[list[Path], bool, str]:
    """Create records/ under ``directory`` and commit it; returns the files, whether git init ran,
    and the commit id."""
    records = directory / RECORDS_DIR
    if records.exists():
        raise ScaffoldError(f"{records} 已存在，为免覆盖已有台账，未作任何改动")
    enclosing = _enclosing_records(directory)
    if enclosing is not None:
        raise ScaffoldError(f"{directory} 位于已有的巡查台账 {enclosing} 之内：在台账中再建一套 records/，"
                            f"命令会读错台账。请换一个不在台账内的目录；未作任何改动")
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} 不是目录")
    existing_repo = git.repo_root(directory)  # looks from the nearest folder that exists
    repo = existing_repo or directory
    name, email = git.identity(existing_repo or Path.cwd())
    if not (name and email):
        raise ScaffoldError("未设置 git 身份（user.name、user.email）：新台账要以第一次提交进入审计留痕。"
                            '请先运行 git config --global user.name "姓名" 和 git config --global user.email "邮箱"'
                            "（用本人真实姓名）；本次未作任何改动")

    changes = Changeset()
    if example:
        _example(records, changes)
    else:
        _defaults(records, changes)
    for path, content in schema_files(records).items():
        if not path.exists() and path not in changes.paths:
            changes.put(path, content)
    if not example:  # the example is copied byte for byte, as shipped
        changes.point_new_files_at(lambda path: schema_for_file(records, path))
    gitignore = repo / GITIGNORE
    ignore = gitignore_text(gitignore.read_text(encoding="utf-8") if gitignore.is_file() else "")
    if ignore is not None:
        changes.put(gitignore, ignore.encode("utf-8"))
    if not (repo / PRE_COMMIT_CONFIG).exists():
        changes.put(repo / PRE_COMMIT_CONFIG, pre_commit_config(records, repo, sys.executable).encode("utf-8"))
    attributes = repo / mergedriver.ATTRIBUTES  # record files merge by meaning (docs/sync.md)
    merging = mergedriver.attributes_text(repo, records, attributes.read_text(encoding="utf-8")
                                          if attributes.is_file() else "")
    if merging is not None:
        changes.put(attributes, merging.encode("utf-8"))

    created_folder = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    backups = {p: p.read_bytes() for p in changes.paths if p.exists()}
    written = changes.apply()
    try:
        if existing_repo is None:
            git.init(directory)
        commit = git.commit(repo, written, _message(records))
    except git.GitError as exc:
        _undo(directory, records, written, backups, created_folder, existing_repo)
        raise ScaffoldError(f"提交 git 失败，已撤销本次新建的全部文件：{exc}") from None
    mergedriver.configure(repo)
    return written, existing_repo is None, commit


def _message(records: Path) -> str:
    from .writer import load_rt

    config = load_rt((records / "config.yaml").read_text(encoding="utf-8")) or {}
    term = (config.get("term") or {}) if isinstance(config, dict) else {}
    city = config.get("city", "") if isinstance(config, dict) else ""
    summary = f"新建{city}安全生产巡查台账"
    if term.get("name"):
        summary += f"；一届任期：{term['name']}（{term.get('start')} 至 {term.get('end')}）"
    return commit_message("init", city or "records", summary=summary)


def _undo(directory: Path, records: Path, written: list[Path], backups: dict[Path, bytes],
          created_folder: bool, existing_repo: Path | None) -> None:
    if existing_repo is not None:
        git.unstage(existing_repo, written)
    for path in written:
        if path in backups:
            path.write_bytes(backups[path])
        else:
            path.unlink(missing_ok=True)
    shutil.rmtree(records, ignore_errors=True)
    if existing_repo is None:
        shutil.rmtree(directory / ".git", ignore_errors=True)
    if created_folder:
        shutil.rmtree(directory, ignore_errors=True)
