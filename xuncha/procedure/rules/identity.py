"""五（三）严格执行保密规定: no identity in any free-text field of any record.

Tips have their own rule (tip-names-informant) that also checks the vault reference; this
one reads every other record's prose, where 24 of 28 probes used to pass: a problem's title,
an activity's summary, a report's overview, a reason, a note."""

from __future__ import annotations

from typing import Iterator

from ...model.base import Record, field_names
from ...model.diagnostics import Diagnostic
from ...model.identity import FREE_TEXT_FIELDS, identity_leaks, public_hint
from ...model.problems import Tip
from ...model.tree import INSPECTION_FILES
from ..engine import Context, finding, rule


def free_text(record: Record) -> Iterator[tuple[Record, str, str]]:
    """Every free-text value held by ``record`` and the records inside it: (record, field, text)."""
    for name in field_names(type(record)):
        value = getattr(record, name)
        if value is None:
            continue
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, str):
                if name in FREE_TEXT_FIELDS:
                    yield record, name, item
            elif isinstance(item, Record) and not isinstance(item, Tip):
                yield from free_text(item)


def _records(context: Context) -> Iterator[Record]:
    records = context.records
    for plan in records.plans.values():
        yield plan
    for folder in records.inspections.values():
        for attribute, _ in INSPECTION_FILES.values():
            record = getattr(folder, attribute)
            if record is not None:
                yield record


@rule("identity-in-text", "五（三）", "严格执行保密规定：任何会打印或公开的文字中不得出现可识别个人身份的信息")
def no_identity_in_free_text(context: Context) -> Iterator[Diagnostic]:
    config = context.records.config
    for top in _records(context):
        for record, name, text in free_text(top):
            leaks = identity_leaks(text)
            if leaks and config is not None:  # 五（三）'s exception: officials the office listed as public
                leaks = identity_leaks(text, config.public_for(name))
            if leaks:
                yield finding(record, "identity-in-text",
                              f"`{name}` 含有可识别个人身份的信息（{'、'.join(leaks)}），它会出现在打印或公开的文书中。"
                              f"举报人身份请用 `xuncha tip add --informant-name/--informant-phone` 记入台账以外的保密库"
                              f"{public_hint(leaks)}",
                              field_name=name)
