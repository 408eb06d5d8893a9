"""The pre-commit hook a records repository runs: `xuncha validate` before every commit.

`xuncha init` writes a `repo: local` hook with `language: system`: it calls the xuncha the
office already has on PATH, so it works without network access (a hook pointing at
xuncha's own repository would make pre-commit download and build xuncha first).
"""

from __future__ import annotations

import os
from pathlib import Path

HOOK_ID = "xuncha-validate"


def pre_commit_config(records: Path, repo: Path) -> str:
    """The .pre-commit-config.yaml text for the records at ``records`` inside the git work tree ``repo``."""
    relative = Path(os.path.relpath(records.resolve(), repo.resolve())).as_posix()
    # pre-commit runs hooks from the top of the work tree; from there the default search finds records/.
    entry = "xuncha validate" if relative == "records" else f"xuncha --records {relative} validate"
    return (
        "# pre-commit：每次 git commit 前运行 xuncha validate，台账有错误时拒绝提交，错误的记录不会进入 git。\n"
        "# 启用（每个克隆做一次）：pre-commit install\n"
        "# 手工检查全部文件：pre-commit run --all-files\n"
        "# repo: local 调用本机已安装的 xuncha，无需联网。\n"
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
