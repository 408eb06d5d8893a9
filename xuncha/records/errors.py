"""Operating-system and YAML errors in Chinese: the clerk sees 权限不足, not "Permission denied"."""

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


_PROBLEMS = {
    "did not find expected key": "此处缺少键名，或缩进与上一行不一致",
    "mapping values are not allowed here": "此处不能出现“键: 值”，常见原因是值中含有未加引号的冒号或缩进错误",
    "did not find expected ',' or ']'": "方括号列表没有正确闭合",
    "did not find expected ',' or '}'": "花括号映射没有正确闭合",
    "found unexpected end of stream": "文件意外结束，引号或括号没有闭合",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "found character that cannot start any token": "此处有 YAML 不允许开头的字符（如 @ 或 `），请给值加引号",
    "found character '\\t' that cannot start any token": "此处有制表符（Tab）：冒号、“- ”之后和值的前后只能用空格，请把 Tab 改为空格",
    "could not find expected ':'": "缺少冒号“:”（注意用英文半角冒号并在其后加空格）",
    "did not find expected node content": "此处缺少值，或有多余的符号（如单独的“-”“,”）",
    "did not find expected comment or line break": "值的后面有多余的内容：引号闭合后只能接注释（# 开头）或换行",
    "did not find expected whitespace or line break": "符号后面缺少空格",
    "found a tab character": "此处有制表符（Tab），YAML 的缩进只能用空格",
    "found unknown escape character": "双引号中的反斜杠“\\”后跟了无法识别的字符；要写反斜杠本身请写两个“\\\\”，或改用单引号",
    "found invalid Unicode character escape code": "双引号中的 \\u 转义不是有效的字符编码",
    "found undefined tag handle": "此处的“!”开头的标记无法识别；值以“!”开头时请加引号",
    "found undefined alias": "此处的“*”引用了不存在的锚点；值以“*”开头时请加引号",
    "found duplicate anchor": "锚点“&”重复定义；值以“&”开头时请加引号",
    "did not find expected alphabetic or numeric character": "“&”或“*”后须接名称；值以这两个符号开头时请加引号",
    "mapping values are not allowed in this context": "此处不能出现“键: 值”，常见原因是值中含有未加引号的冒号或缩进错误",
    "mapping keys are not allowed in this context": "此处不能出现“键: 值”，常见原因是缩进错误",
    "block sequence entries are not allowed in this context": "此处不能出现列表项“- ”，常见原因是缩进错误或上一行缺少冒号",
    "block mapping entries are not allowed": "此处不能出现“键: 值”，常见原因是缩进错误",
    "found unexpected ':'": "此处有多余的冒号；值中含冒号时请给整个值加引号",
    "expected a single document in the stream": "文件中有多个 YAML 文档（出现了单独一行的“---”）；一个台账文件只能有一个文档，请删去“---”",
    "did not find expected <document start>": "文件中有多余的内容或“---”“...”分隔线，请删去",
    "expected '<document start>'": "文件中有多余的内容或“---”“...”分隔线，请删去",
    "control characters are not allowed": "文件中有看不见的控制字符，请删除",
    "found incompatible YAML document": "文件开头的 %YAML 版本声明不受支持，请删去该行",
    "found unexpected end of stream while scanning a quoted scalar": "引号没有闭合",
    "while scanning a quoted scalar": "引号没有闭合",
}


def explain_yaml_plain(exc) -> str:
    return f"此处不符合 YAML 格式，请检查缩进、冒号和引号（解析器原文：{exc}）"


def explain_yaml(exc) -> str:
    """A YAML parser's complaint (libyaml's or ruamel's: the same words) as a Chinese sentence."""
    problem = (exc.problem or "").strip()
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    context = (exc.context or "").strip()
    for english, chinese in _PROBLEMS.items():
        if context.startswith(english):
            return chinese
    # Whatever libyaml says that the table does not know, the clerk still reads a Chinese sentence.
    return f"此处不符合 YAML 格式，请检查缩进、冒号和引号（解析器原文：{problem or exc}）"
