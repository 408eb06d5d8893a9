"""A fresh records tree with the Yancheng defaults (xuncha init)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import git
from .paths import RECORDS_DIR
from .writer import Changeset
from ..precommit import pre_commit_config
from ..schema import schema_files, schema_for_file

GITIGNORE = "# xuncha 的缓存（解析的台账、编译的模板），可随时删除\n.xuncha-cache/\n"
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"


class ScaffoldError(Exception):
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


def scaffold(directory: Path) -> tuple[list[Path], bool]:
    """Create records/ under ``directory``; returns the files created and whether git init ran."""
    records = directory / RECORDS_DIR
    if records.exists():
        raise ScaffoldError(f"{records} 已存在，为免覆盖已有台账，未作任何改动")
    enclosing = _enclosing_records(directory)
    if enclosing is not None:
        raise ScaffoldError(f"{directory} 位于已有的巡查台账 {enclosing} 之内：在台账中再建一套 records/，"
                            f"命令会读错台账。请换一个不在台账内的目录；未作任何改动")
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} 不是目录")
    defaults = resources.files("xuncha") / "scaffold"
    changes = Changeset()
    for name in ("config.yaml", "people.yaml"):
        changes.create(records / name, (defaults / name).read_text(encoding="utf-8"),
                       schema=schema_for_file(records, records / name))
    for path, content in schema_files(records).items():
        changes.put(path, content)
    for folder, note in (("plans", "年度安全生产巡查工作方案，每年一个文件：<年度>.yaml（四（一））"),
                         ("inspections", "每次巡查一个文件夹：<年度>-<轮次>-<巡查对象编号>/（四、巡查程序）"),
                         ("calendar", "国务院当年节假日安排通知的覆盖文件：<年度>.yaml（工作日计算）")):
        changes.put(records / folder / "README.md", f"# {folder}\n\n{note}\n".encode("utf-8"))
    gitignore = directory / ".gitignore"
    if not gitignore.exists():
        changes.put(gitignore, GITIGNORE.encode("utf-8"))
    directory.mkdir(parents=True, exist_ok=True)
    needs_repo = git.repo_root(directory) is None
    repo = directory if needs_repo else git.repo_root(directory)
    if not (repo / PRE_COMMIT_CONFIG).exists():
        changes.put(repo / PRE_COMMIT_CONFIG, pre_commit_config(records, repo).encode("utf-8"))
    created = changes.apply()
    if needs_repo:
        git.init(directory)
    return created, needs_repo
