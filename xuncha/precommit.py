"""The pre-commit hook a records repository runs: `xuncha validate` before every commit.

`xuncha init` writes a `repo: local` hook with `language: system` that calls the xuncha the
office already has, so it works without network access (a hook pointing at xuncha's own
repository, or `language: python` with xuncha as a dependency, would make pre-commit download
and build xuncha first — xuncha is not on any registry the office reaches).  The entry names the
Python interpreter xuncha is installed in by its absolute path: a clerk's `git commit` from a
terminal where the virtual environment is not activated, or from an editor, has no `xuncha` on
PATH.  `xuncha doctor` says when that interpreter is gone (xuncha reinstalled elsewhere).
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

HOOK_ID = "xuncha-validate"


def command(interpreter: str) -> str:
    """``xuncha`` as a command line that needs no PATH: the interpreter it is installed in, ``-m xuncha``."""
    return f"{shlex.quote(interpreter)} -m xuncha"


def pre_commit_config(records: Path, repo: Path, interpreter: str) -> str:
    """The .pre-commit-config.yaml text for the records at ``records`` inside the git work tree ``repo``,
    calling the xuncha installed in ``interpreter``."""
    relative = Path(os.path.relpath(records.resolve(), repo.resolve())).as_posix()
    # pre-commit runs hooks from the top of the work tree; from there the default search finds records/.
    xuncha = command(interpreter)
    entry = f"{xuncha} validate" if relative == "records" else f"{xuncha} --records {relative} validate"
    return (
        "# pre-commit：每次 git commit 前运行 xuncha validate，台账有错误时拒绝提交，错误的记录不会进入 git。\n"
        "# 启用（每个克隆做一次）：pre-commit install\n"
        "# 手工检查全部文件：pre-commit run --all-files\n"
        "# repo: local 调用本机已安装的 xuncha（按其 Python 的绝对路径，无需激活虚拟环境），无需联网。\n"
        "# 在另一台电脑上克隆后，若 xuncha 装在别处，运行 xuncha doctor 查看应改成的 entry。\n"
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        f"      - id: {HOOK_ID}\n"
        "        name: xuncha validate（检查巡查台账）\n"
        f"        entry: {entry}\n"
        "        language: system\n"
        "        pass_filenames: false\n"
        f"        files: ^{relative}/\n"
    )
