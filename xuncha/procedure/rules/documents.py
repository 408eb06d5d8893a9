"""Validate-clean means every recorded document renders: what a document needs is checked at its step."""

from __future__ import annotations

from typing import Iterator

from ...model.diagnostics import Diagnostic
from ..document_needs import FIELD_TITLES, gaps
from ..engine import Context, finding, rule


@rule("document-incomplete", None, "已记录的公文须具备生成所需的内容（发文字号、基本情况、函件文号）")
def recorded_documents_printable(context: Context) -> Iterator[Diagnostic]:
    for _, folder in sorted(context.records.inspections.items()):
        for gap in gaps(context.records, folder):
            title = FIELD_TITLES.get(gap.field, gap.field)
            yield finding(gap.record, "document-incomplete",
                          f"{folder.id} 的{gap.document}缺少“{title}”（{gap.field}），无法生成该公文。修正：{gap.fix}",
                          field_name=gap.field)
