"""公文：可生成、发文字号（GB/T 9704-2012）

已记录的环节所对应的公文须能生成：发文字号、基本情况、函件文号等生成所需的内容须已填写
（validate 无错误，即每份已记录的公文都能 xuncha render）。发文字号一号一文：同一机关代字、
同一年度的发文字号只能用于一份公文；并按发文先后顺序编排（编号在前的公文日期晚于编号在后的，为警告）。
写入命令时不填 --number / --reference，工具会分配下一个文号。
"""

from __future__ import annotations

from typing import Iterator

from ..document_needs import FIELD_TITLES, gaps
from ..engine import WARNING, Context, Finding, rule
from ..numbers import duplicates, problem_numbers, issued_numbers, out_of_order


@rule("document-incomplete", None, "已记录的公文须具备生成所需的内容（发文字号、基本情况、函件文号）", per_inspection=True)
def document_incomplete(context: Context) -> Iterator[Finding]:
    for _, folder in sorted(context.records.inspections.items()):
        for gap in gaps(context.records, folder):
            title = FIELD_TITLES.get(gap.field, gap.field)
            yield Finding(gap.record, f"{folder.id} 的{gap.document}缺少“{title}”（{gap.field}），无法生成该公文。修正：{gap.fix}",
                          field_name=gap.field)


def _issued(context: Context):
    """The register, read once for both number rules of a validate run."""
    return context.shared(_read_register)


def _read_register(context: Context):
    return issued_numbers(context.records, context.each_folder(problem_numbers))


def _where(issued) -> str:
    pos = issued.record.pos(issued.field)
    return f"{pos.file}:{pos.line}"


@rule("document-number-duplicate", None, "同一机关代字、同一年度的发文字号只能用于一份公文")
def document_number_duplicate(context: Context) -> Iterator[Finding]:
    for issued, holder in duplicates(context.records, _issued(context)):
        when = f"，{holder.date}" if holder.date else ""
        yield Finding(issued.record,
                      f"发文字号 {issued.number} 已用于{holder.what}（{_where(holder)}{when}），"
                      f"不能再用于{issued.what}：同一机关代字同一年度的发文字号不得重复（GB/T 9704-2012 7.2.4）。"
                      f"请改用未用过的文号（写入命令时不填 --number / --reference，工具会分配下一个文号）",
                      field_name=issued.field)


@rule("document-number-order", None, "发文字号按发文先后顺序编排", severity=WARNING)
def document_number_order(context: Context) -> Iterator[Finding]:
    for issued, earlier in out_of_order(context.records, _issued(context)):
        yield Finding(issued.record,
                      f"{issued.what}的发文字号 {issued.number} 日期为 {issued.date}，早于编号在前的{earlier.what} "
                      f"{earlier.number}（{earlier.date}，{_where(earlier)}）：发文字号应按发文先后顺序编排"
                      f"（GB/T 9704-2012 7.2.4）", field_name=issued.field)
