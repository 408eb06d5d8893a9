"""Operating-system errors in Chinese: the clerk sees 权限不足, not "Permission denied"."""

from __future__ import annotations

import errno

_REASONS = {
    errno.EACCES: "权限不足，请检查文件和文件夹的读写权限", errno.EPERM: "操作不被允许，请检查文件权限",
    errno.ENOENT: "文件不存在", errno.EISDIR: "这是一个目录，不是文件", errno.ENOSPC: "磁盘空间已满，请清理后重试",
    errno.EDQUOT: "超出磁盘配额，请清理后重试", errno.EROFS: "磁盘为只读，无法写入", errno.EIO: "磁盘读写出错",
    errno.ELOOP: "符号链接循环", errno.ENAMETOOLONG: "文件名过长", errno.EMFILE: "打开的文件过多",
    errno.ENOTDIR: "路径中有一段不是目录", errno.EEXIST: "文件已存在", errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用", errno.EXDEV: "不能跨磁盘移动文件",
}


def os_reason(exc: OSError, *, with_file: bool = False) -> str:
    reason = _REASONS.get(exc.errno, exc.strerror or str(exc))
    return f"{exc.filename}：{reason}" if with_file and exc.filename else reason
