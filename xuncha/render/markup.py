"""The line-oriented markup the document templates emit, parsed into an OfficialDocument.

A template's output has three parts separated by lines holding only ``---``:

    发文机关标志：盐城市安全生产巡查工作领导小组办公室文件
    文号：盐巡办〔2020〕11号
    标题：关于对东台市开展安全生产巡查情况的报告
    主送：市安全生产巡查工作领导小组
    ---
    正文：one paragraph per line; blank lines are ignored (also inside a table block).
    # 基本情况            -> 一、基本情况      (黑体)
    ## 责任落实方面       -> （一）责任落实方面 (楷体)
    ### 压实责任。        -> 1.压实责任。       (仿宋, kept with the next paragraph)
    + 问题一……            -> 1.问题一……         (a numbered body paragraph: counts with ###,
                                               but does not pull the next one along)
    #### 严格落实。       -> （1）严格落实。     (仿宋)
    <不缩进的段落          -> paragraph without first-line indent
    |宽| 12 | 40 | 64 | 40 |   -> optional column widths in mm for the table that follows
    | 序号 | 责任人 | 问题事实 | 建议追责措施 |   -> first row of a table block is its header
    | 1 | … | … | … |
    ---
    附件：第一个附件名称      (repeatable, in order)
    署名：市安全生产第一巡查组
    日期：2020年5月19日
    附注：…
    抄送：市委办公室，市政府办公室
    印发机关：盐城市安全生产巡查工作领导小组办公室
    印发日期：2020年5月19日
    公开：是

Text from the records is printed literally: the template's finalize wraps every printed value
in LITERAL_OPEN/LITERAL_CLOSE (private-use characters no clerk types), and a line's shape
(heading, item, table, ``---``, key) is read with those spans masked, so a problem titled
``# 伪造标题`` or an overview of ``---`` is a sentence of the document, never its markup.

Heading numbers are counted here so that a template looping over the categories that
have problems never prints a gap (一、二、四).  Keys may stand in the first or the third
part.  Anything the parser does not understand is an error naming the template line:
a document that went out with a stray ``#`` would be worse than none.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ..dates import read_typed
from .document import Heading, OfficialDocument, Paragraph, Table

NUMERALS = "一二三四五六七八九十"
KEYS = {
    "发文机关标志": "issuer_mark", "文号": "doc_number", "标题": "title", "主送": "addressee",
    "附件": "attachments", "署名": "signature", "日期": "date", "附注": "note", "抄送": "copy_to",
    "印发机关": "printer", "印发日期": "print_date", "公开": "public",
}
_KEY_LINE = re.compile(r"^(?P<key>[^：:\s]{2,6})[：:](?P<value>.*)$")


LITERAL_OPEN, LITERAL_CLOSE = "\ue000", "\ue001"
_LITERAL = re.compile(f"{LITERAL_OPEN}[^{LITERAL_CLOSE}]*{LITERAL_CLOSE}")


def literal(text: str) -> str:
    """A value from the records, to be printed as it is whatever markup it looks like."""
    text = text.replace(LITERAL_OPEN, "").replace(LITERAL_CLOSE, "")
    return f"{LITERAL_OPEN}{text}{LITERAL_CLOSE}" if text else text


def _shape(line: str) -> str:
    """The line as the markup sees it: each literal span masked, same length, same positions."""
    return _LITERAL.sub(lambda m: LITERAL_OPEN + "字" * (len(m[0]) - 2) + LITERAL_CLOSE, line)


def _plain(text: str) -> str:
    return text.replace(LITERAL_OPEN, "").replace(LITERAL_CLOSE, "")


class MarkupError(ValueError):
    """The template produced text the document model cannot hold; names the output line."""


def chinese_number(n: int) -> str:
    """1..99 as Chinese numerals the way headings count: 十、十一、二十一."""
    if n < 1 or n > 99:
        raise MarkupError(f"标题序号超出范围：{n}")
    tens, ones = divmod(n, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else NUMERALS[tens - 1]) + "十"
    if ones:
        text += NUMERALS[ones - 1]
    return text


def heading_number(level: int, n: int) -> str:
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def numbered(marker: str, text: str) -> str:
    """``1.`` and ``2019年…`` must not read as ``1.2019``: a space keeps a number off the marker."""
    if marker.endswith(".") and text[:1].isascii() and text[:1].isdigit():
        return f"{marker} {text}"
    return marker + text


def parse_date(text: str) -> datetime.date:
    """A 日期 line as a template writes it (2020年6月3日), read as every typed date is (xuncha.dates)."""
    day = read_typed(text).date
    if day is None:
        raise MarkupError(f"日期应写作“2020年6月3日”：{text}")
    return day


@dataclass
class _Fields:
    values: dict[str, object] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[，,]", value.rstrip("。")) if part.strip()]


def _take_key(line: str, lineno: int, fields: _Fields) -> None:
    m = _KEY_LINE.match(_shape(line))
    if m is None or m["key"] not in KEYS:
        raise MarkupError(f"第{lineno}行不是可识别的要素（应为“{'、'.join(KEYS)}”之一加全角冒号）：{_plain(line)}")
    name, value = KEYS[m["key"]], _plain(line[m.start("value"):]).strip()
    if name == "attachments":
        if value:
            fields.attachments.append(value)
        return
    if name in fields.values:
        raise MarkupError(f"第{lineno}行：“{m['key']}”重复出现")
    if not value:
        return  # an empty optional element (e.g. 附注：) is simply absent
    if name in ("date", "print_date"):
        try:
            fields.values[name] = parse_date(value)
        except MarkupError as exc:
            raise MarkupError(f"第{lineno}行：{exc}") from None
    elif name == "copy_to":
        fields.values[name] = _split_list(value)
    elif name == "public":
        fields.values[name] = value in ("是", "true", "yes")
    else:
        fields.values[name] = value


def _cells(line: str) -> list[str]:
    """A printed value's bars are full-width (templates.py), so every ``|`` left is the template's."""
    inner = line.strip()
    inner = inner[1:-1] if inner.endswith("|") else inner[1:]
    return [_plain(c).strip() for c in inner.split("|")]


def _parse_body(lines: list[tuple[int, str]]) -> list:
    body: list = []
    counters = [0, 0, 0, 0]
    table_rows: list[list[str]] | None = None
    widths: list[float] | None = None
    table_start = 0

    def close_table():
        nonlocal table_rows, widths
        if table_rows is None:
            return
        if not table_rows:
            raise MarkupError(f"第{table_start}行：列宽行后面没有表格")
        header, rows = table_rows[0], table_rows[1:]
        try:
            body.append(Table(header=header, rows=rows, widths_mm=widths))
        except ValueError as exc:
            raise MarkupError(f"第{table_start}行起的表格：{exc}") from None
        table_rows, widths = None, None

    for lineno, raw in lines:
        line = raw.strip()
        shape = _shape(line)
        if shape.startswith("|"):
            if table_rows is None:
                table_rows, table_start = [], lineno
            if shape.startswith("|宽|"):
                if table_rows:
                    raise MarkupError(f"第{lineno}行：列宽行须在表头之前")
                try:
                    widths = [float(c) for c in _cells(line[2:])]
                except ValueError:
                    raise MarkupError(f"第{lineno}行：列宽应为毫米数：{_plain(line)}") from None
            else:
                table_rows.append(_cells(line))
            continue
        if not _plain(line).strip():
            continue  # a template's {% for %} line leaves a blank: it must not cut a table in two
        close_table()
        m = re.match(r"^(#{1,4})\s+(.*)$", shape)
        item = re.match(r"^\+\s+(.*)$", shape)
        if item:
            counters[2] += 1
            counters[3] = 0
            body.append(Paragraph(numbered(heading_number(3, counters[2]), _plain(line[item.start(1):]).strip())))
        elif m:
            level = len(m[1])
            counters[level - 1] += 1
            for deeper in range(level, 4):
                counters[deeper] = 0
            body.append(Heading(level, numbered(heading_number(level, counters[level - 1]),
                                                _plain(line[m.start(2):]).strip())))
        elif shape.startswith("#"):
            raise MarkupError(f"第{lineno}行：标题标记“#”后应有空格：{_plain(line)}")
        elif shape.startswith("<"):
            body.append(Paragraph(_plain(line[1:]).strip(), indent=False))
        else:
            body.append(Paragraph(_plain(line).strip()))
    close_table()
    return body


def parse(text: str) -> OfficialDocument:
    """Markup -> OfficialDocument; MarkupError names the first line at fault."""
    parts: list[list[tuple[int, str]]] = [[]]
    for lineno, line in enumerate(text.splitlines(), start=1):
        if _shape(line).strip() == "---":
            parts.append([])
        else:
            parts[-1].append((lineno, line))
    if len(parts) != 3:
        raise MarkupError(f"模板输出应由两行“---”分为版头要素、正文、版记要素三部分，实际有{len(parts)}部分")
    fields = _Fields()
    for lineno, line in parts[0] + parts[2]:
        if line.strip():
            _take_key(line.strip(), lineno, fields)
    body = _parse_body(parts[1])
    values = fields.values
    # 发文机关标志, 主送, 署名 and 印发机关 come from the kind's declaration (kinds.py).
    for required, word in (("title", "标题"), ("date", "日期")):
        if required not in values:
            raise MarkupError(f"模板输出缺少“{word}：”")
    try:
        return OfficialDocument(
            issuer_mark=values.get("issuer_mark"),
            doc_number=values.get("doc_number"),
            title=values["title"],
            addressee=values.get("addressee"),
            body=body,
            attachments=fields.attachments,
            signature=values.get("signature", ""),
            date=values["date"],
            note=values.get("note"),
            copy_to=values.get("copy_to", []),
            printer=values.get("printer", ""),
            print_date=values.get("print_date"),
            public=values.get("public", False),
        )
    except ValueError as exc:
        raise MarkupError(str(exc)) from None
