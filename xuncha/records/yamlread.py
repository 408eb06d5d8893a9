"""Fast, careful reading of one YAML record file into a node tree.

Reading goes through libyaml (PyYAML's C parser) and stops at the node tree: values
are interpreted later by the model's field types, so YAML 1.1 guesses (``no`` as a
boolean, ``2020-03-02`` as a timestamp) never reach the records.  ruamel.yaml's
round-trip mode is kept for the files the tool writes (see ``writer``).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..model.diagnostics import Diagnostic, ERROR
from .errors import explain_yaml as _explain, os_reason

try:  # libyaml is optional in PyYAML; fall back to the pure-Python composer.
    from yaml.cyaml import CParser as _CParser

    _Base = yaml.CSafeLoader
except (AttributeError, ImportError):  # pragma: no cover - depends on the PyYAML build
    _Base = yaml.SafeLoader

_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
         yaml.MappingNode: "tag:yaml.org,2002:map"}


class _Loader(_Base):
    """Composes nodes without guessing their YAML 1.1 types.

    The model reads every scalar's text by the field's declared type, so the resolver's
    regular-expression guess per node (a third of the parse time) would be thrown away.
    """

    if _Base is not yaml.SafeLoader:
        def __init__(self, stream):
            # The parser alone: composing needs neither the constructor's nor the resolver's state,
            # and setting them up was half the cost of reading a small step file (20,000 a province).
            _CParser.__init__(self, stream)

    def resolve(self, kind, value, implicit):
        return _TAGS[kind]

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

# Characters a record may not hold: C0/C1 controls (TAB, LF and CR aside) and the Unicode line
# and paragraph separators, which libyaml takes for line breaks (a pasted U+2028 used to be
# reported as a missing colon on some other line).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_INVISIBLE_NAMES = {"\u2028": "行分隔符 U+2028", "\u2029": "段分隔符 U+2029", "\x85": "下一行符 U+0085（NEL）"}


def invisible_message(char: str) -> str:
    name = _INVISIBLE_NAMES.get(char, f"控制字符 U+{ord(char):04X}")
    return (f"此处有看不见的{name}，常见于从网页、Word 或微信粘贴的文字；台账中不允许出现，请删除该字符"
            f"（可在编辑器中用查找 \\u{ord(char):04x} 定位）")


def invisible(text: str) -> str | None:
    """The first character a record may not hold, or None."""
    found = _INVISIBLE.search(text)
    return found.group() if found else None


_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)
# A line that holds something other than blanks and a comment.  Lines end at \n or \r: the other
# line breaks str.splitlines knows were refused above as invisible characters.
_CONTENT = re.compile(r"(?:^|(?<=\r))\s*[^\s#]", re.MULTILINE)


def decode(raw: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode a record file; UTF-8 (with or without BOM) only, saying so when it is not."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        likely = _likely_encoding(raw)
        hint = f"看起来是 {likely} 编码（常见于记事本或 WPS 另存时选了“ANSI/GBK”）" if likely else "无法识别其编码"
        return None, [
            Diagnostic(
                display, line, 1, "encoding",
                f"文件不是 UTF-8 编码，{hint}。请用编辑器以 UTF-8 重新保存，工具不会猜测编码后继续读取",
            )
        ]


def _likely_encoding(raw: bytes) -> str | None:
    for encoding in ("gb18030", "big5"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return "GB18030/GBK" if encoding == "gb18030" else "Big5"
    return None


def parse_text(text: str, display: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Compose one document; problems that YAML would misread are reported, never raised."""
    # Each check scans the whole text; a plain substring test first is ~20x cheaper than the regex and
    # almost always says there is nothing to find.
    marker = ("<<<<<<<" in text or "=======" in text or ">>>>>>>" in text) and _CONFLICT_MARKER.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        return None, [
            Diagnostic(
                display, line, 1, "merge-conflict",
                "文件中留有 git 合并冲突标记（<<<<<<< / ======= / >>>>>>>），请先解决冲突、保留正确内容后再运行",
            )
        ]
    bad = _INVISIBLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return None, [Diagnostic(display, line, column, "control-character", invisible_message(bad.group()))]
    tab = "\t" in text and _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        return None, [
            Diagnostic(
                display, line, len(tab.group(1)) + 1, "tab-indent",
                "YAML 不允许用制表符（Tab）缩进，请改用空格（每级两个空格）",
            )
        ]
    if _CONTENT.search(text) is None:
        return None, [Diagnostic(display, 1, 1, "empty-file", "文件为空，没有任何记录内容")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Diagnostic(display, line, column, "yaml-syntax", f"YAML 语法错误：{_explain(exc)}")]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(display, 1, 1, "yaml-syntax",
                                 f"YAML 语法错误：文件无法解析，请检查缩进、冒号和引号（解析器原文：{exc}）")]
    if node is None:
        return None, [Diagnostic(display, 1, 1, "empty-file", "文件为空，没有任何记录内容")]
    if "\t" in text:
        from .writer import rewrite_problem

        refused = rewrite_problem(text)
        if refused:
            line, column, message = refused
            return None, [Diagnostic(display, line, column, "tab-indent", message)]
    return node, []


def read_node(path: Path, display: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(display, 1, 1, "io", f"无法读取文件：{os_reason(exc)}", ERROR)]
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    return parse_text(text, display)
