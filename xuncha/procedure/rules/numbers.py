"""Document numbers (发文字号): one number one document, given out in the order of issue (GB/T 9704-2012 7.2.4)."""

from __future__ import annotations

from typing import Iterator

from ...model.diagnostics import Diagnostic
from ..engine import Context, finding, rule, warning
from ..numbers import duplicates, issued_numbers, out_of_order


def _issued(context: Context):
    """The register, read once for both rules of a validate run."""
    if "issued_numbers" not in context.options:
        context.options["issued_numbers"] = issued_numbers(context.records)
    return context.options["issued_numbers"]


def _where(issued) -> str:
    pos = issued.record.pos(issued.field)
    return f"{pos.file}:{pos.line}"


@rule("document-number-duplicate", None, "同一机关代字、同一年度的发文字号只能用于一份公文")
def numbers_unique(context: Context) -> Iterator[Diagnostic]:
    for issued, holder in duplicates(context.records, _issued(context)):
        when = f"，{holder.date}" if holder.date else ""
        yield finding(issued.record, "document-number-duplicate",
                      f"发文字号 {issued.number} 已用于{holder.what}（{_where(holder)}{when}），"
                      f"不能再用于{issued.what}：同一机关代字同一年度的发文字号不得重复（GB/T 9704-2012 7.2.4）。"
                      f"请改用未用过的文号（写入命令时不填 --number / --reference，工具会分配下一个文号）",
                      field_name=issued.field)


@rule("document-number-order", None, "发文字号按发文先后顺序编排")
def numbers_in_order(context: Context) -> Iterator[Diagnostic]:
    for issued, earlier in out_of_order(context.records, _issued(context)):
        yield warning(issued.record, "document-number-order",
                      f"{issued.what}的发文字号 {issued.number} 日期为 {issued.date}，早于编号在前的{earlier.what} "
                      f"{earlier.number}（{earlier.date}，{_where(earlier)}）：发文字号应按发文先后顺序编排"
                      f"（GB/T 9704-2012 7.2.4）", field_name=issued.field)
