"""A fresh records tree with the Yancheng defaults (xuncha init)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import git
from .paths import RECORDS_DIR
from .writer import Changeset

GITIGNORE = "# xuncha 的解析缓存，可随时删除\n.xuncha-cache/\n"


class ScaffoldError(Exception):
    pass


def scaffold(directory: Path) -> tuple[list[Path], bool]:
    """Create records/ under ``directory``; returns the files created and whether git init ran."""
    records = directory / RECORDS_DIR
    if records.exists():
        raise ScaffoldError(f"{records} 已存在，为免覆盖已有台账，未作任何改动")
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} 不是目录")
    defaults = resources.files("xuncha") / "scaffold"
    changes = Changeset()
    changes.put(records / "config.yaml", (defaults / "config.yaml").read_bytes())
    changes.put(records / "people.yaml", (defaults / "people.yaml").read_bytes())
    for folder, note in (("plans", "年度安全生产巡查工作方案，每年一个文件：<年度>.yaml（四（一））"),
                         ("inspections", "每次巡查一个文件夹：<年度>-<轮次>-<巡查对象编号>/（四、巡查程序）"),
                         ("calendar", "国务院当年节假日安排通知的覆盖文件：<年度>.yaml（工作日计算）")):
        changes.put(records / folder / "README.md", f"# {folder}\n\n{note}\n".encode("utf-8"))
    gitignore = directory / ".gitignore"
    if not gitignore.exists():
        changes.put(gitignore, GITIGNORE.encode("utf-8"))
    directory.mkdir(parents=True, exist_ok=True)
    needs_repo = git.repo_root(directory) is None
    created = changes.apply()
    if needs_repo:
        git.init(directory)
    return created, needs_repo
