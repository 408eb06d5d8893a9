"""Where the records are, and the names allowed inside them."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..refusal import Refusal

RECORDS_DIR = "records"
CONFIG_FILE = "config.yaml"
ENV_VAR = "XUNCHA_RECORDS"
_ID = re.compile(r"^[0-9a-z][0-9a-z-]{0,63}$")
# A round is named YEAR-N (2020-1); new-round names its inspections YEAR-N-<target>.
_ROUND = re.compile(r"(\d{4})-(\d{1,2})")


def round_of(ident: str) -> tuple[int, int] | None:
    """(year, round) when ``ident`` names a round of tours, like 2020-1."""
    match = _ROUND.fullmatch(ident)
    return (int(match.group(1)), int(match.group(2))) if match else None


def round_of_folder(name: str, start: int = 0) -> str | None:
    """The round (2020-1) an inspection folder named 2020-1-<target> belongs to; ``name`` read from ``start``."""
    match = _ROUND.match(name, start)
    return match.group(0) if match and name.startswith("-", match.end()) else None


class RecordsNotFound(Refusal):
    """No records tree where we looked; the message says where and how to create one."""


def find_records(explicit: str | os.PathLike | None = None, cwd: Path | None = None) -> Path:
    """The records directory: --records, then $XUNCHA_RECORDS, then the working directory upward."""
    given = explicit or os.environ.get(ENV_VAR) or None
    if given:
        path = Path(given).expanduser().resolve()
        for candidate in (path, path / RECORDS_DIR):
            if (candidate / CONFIG_FILE).is_file():
                return candidate
        source = "--records" if explicit else f"环境变量 {ENV_VAR}"
        raise RecordsNotFound(
            f"{source} 指定的 {path} 中没有巡查台账（既没有 {CONFIG_FILE}，也没有 {RECORDS_DIR}/{CONFIG_FILE}）。"
            f"可运行 `xuncha init {path}` 创建"
        )
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / RECORDS_DIR / CONFIG_FILE).is_file():
            return folder / RECORDS_DIR
        if folder.name == RECORDS_DIR and (folder / CONFIG_FILE).is_file():
            return folder
    raise RecordsNotFound(
        f"在 {start} 及其各级上级目录中都没有找到巡查台账（{RECORDS_DIR}/{CONFIG_FILE}）。"
        f"请进入台账所在目录，或用 --records 路径 / 环境变量 {ENV_VAR} 指定，"
        f"或运行 `xuncha init` 新建一套台账"
    )


# Ids name folders and the documents' files (handoff-discipline-P2.docx) and a file name may hold
# 255 bytes: 64 characters leave room for the kind's prefix even in four-byte characters.
MAX_ID_LENGTH = 64


def id_too_long(value: str, what: str = "编号") -> str | None:
    """Why an id is too long to name a file, or None."""
    if len(value) <= MAX_ID_LENGTH:
        return None
    return (f"{what}“{value[:16]}…”有 {len(value)} 个字符，超过上限 {MAX_ID_LENGTH} 个字符："
            f"编号用于文件夹名和公文文件名（系统限制 255 字节），请改短")


def id_problem(value: str, what: str = "巡查编号") -> str | None:
    """Why an id cannot name a folder, or None when it can."""
    if _ID.fullmatch(value):
        return None  # the usual case, checked first: the pattern admits no dot, slash or space
    if not value:
        return f"{what}不能为空"
    if len(value) > MAX_ID_LENGTH:
        return id_too_long(value, what)
    if ".." in value:
        return f"{what}“{value}”不能含有“..”：它会指向台账之外"
    if "/" in value or "\\" in value:
        return f"{what}“{value}”不能含有斜杠：它会被当作文件夹路径"
    if any(ch.isspace() for ch in value):
        return f"{what}“{value}”不能含有空格"
    if not _ID.match(value):
        return f"{what}“{value}”只能由小写字母、数字和连字符组成，且以字母或数字开头，例如 2020-1-dongtai"
    return None
