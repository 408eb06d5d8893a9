"""Structured official document (公文) as the layout engine consumes it.

The model carries text only; every layout decision lives in gbt9704.py.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

__all__ = [
    "Heading",
    "Paragraph",
    "Table",
    "OfficialDocument",
    "chinese_date",
    "validate_doc_number",
]


@dataclass
class Heading:
    level: int  # 1 "一、", 2 "（一）", 3 "1.", 4 "（1）"; text already carries the number
    text: str

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3, 4):
            raise ValueError(f"标题层级只能是1至4，收到：{self.level}")


@dataclass
class Paragraph:
    text: str
    indent: bool = True


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths_mm: list[float] | None = None

    def __post_init__(self) -> None:
        n = len(self.header)
        if n == 0:
            raise ValueError("表格必须有表头")
        for i, row in enumerate(self.rows, start=1):
            if len(row) != n:
                raise ValueError(f"表格第{i}行有{len(row)}列，表头有{n}列")
        if self.widths_mm is not None:
            if len(self.widths_mm) != n or any(w <= 0 for w in self.widths_mm):
                raise ValueError("表格列宽数量须与表头一致且均为正数")


def chinese_date(d: datetime.date) -> str:
    """GB/T 9704 7.3.5.1: Arabic numerals, full year, no leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"


# 机关代字 + 〔year〕 + sequence + 号; GB/T 9704 7.2.4.
_DOC_NUMBER = re.compile(r"^(?P<org>[^\s〔〕]+)〔(?P<year>\d{4})〕(?P<seq>\d+)号$")
_WRONG_BRACKETS = re.compile(r"[\[\]【】（）()［］{}〈〉<>]")


def validate_doc_number(number: str) -> str:
    """Return the number unchanged or raise ValueError explaining the GB/T rule broken."""
    s = number.strip()
    if "第" in s:
        raise ValueError(f"发文字号不得加“第”字：{number}")
    if "〔" not in s or "〕" not in s:
        if _WRONG_BRACKETS.search(s):
            raise ValueError(f"发文字号的年份应使用六角括号“〔〕”括入：{number}")
        raise ValueError(f"发文字号缺少用六角括号“〔〕”括入的年份：{number}")
    m = _DOC_NUMBER.match(s)
    if m is None:
        raise ValueError(f"发文字号格式应为“机关代字〔年份〕序号号”，如“盐巡办〔2020〕3号”：{number}")
    if m["seq"].startswith("0"):
        raise ValueError(f"发文字号的发文顺序号不加“0”编虚位（如“1”不编为“01”）：{number}")
    return s


FORMATS = {"file": "文件格式", "upward": "上行文文件格式", "letter": "信函格式", "public": "公告（无版头）"}


@dataclass
class OfficialDocument:
    issuer_mark: str | None
    doc_number: str | None
    title: str
    addressee: str | None
    body: list[Heading | Paragraph | Table]
    attachments: list[str]
    signature: str
    date: datetime.date
    note: str | None = None
    copy_to: list[str] = field(default_factory=list)
    printer: str = ""
    print_date: datetime.date | None = None
    public: bool = False
    # Words of the title that a line break must not split where the layout allows (names the
    # records supplied: 建湖县, 市安全生产第一巡查组).
    keep_whole: list[str] = field(default_factory=list)
    # GB/T 9704 formats: "file" 文件格式 (下行/平行), "upward" 文件格式 with 签发人 (7.2.4 上行文),
    # "letter" 信函格式 (10.1), "public" 公告 without 版头.
    format: str = "file"
    signers: list[str] = field(default_factory=list)  # 签发人 of an upward document
    secrecy: str | None = None  # 密级（和保密期限）, e.g. 机密
    copy_number: str | None = None  # 份号, printed with a 密级 (7.2.1)

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"公文格式只能是{'、'.join(FORMATS.values())}，收到：{self.format}")
        if self.doc_number is not None:
            self.doc_number = validate_doc_number(self.doc_number)
        if not self.title.strip():
            raise ValueError("公文标题不能为空")
        self.copy_to = list(self.copy_to)
