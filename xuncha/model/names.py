"""The Chinese a clerk reads for a field and its coded value, as the documents print them.

Record files store English codes (``channel: letter``) so they stay stable; everything a
clerk reads — documents, ``xuncha log``, ``xuncha audit`` — says 来信.  One table here, read
off the model's own declarations, so the history and the documents cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from .base import record_type, type_hints
from .inspection import WORKING_METHOD_NAMES, Activity
from .plan import APPROVER_NAMES, Approval
from .problems import (
    ESCALATION_NAMES, HANDOFF_NAMES, STATUS_NAMES, TIP_CHANNEL_NAMES, Escalation, Handoff, Lookback, Source,
    StatusChange, Tip,
)

# The same words as the documents (render/context.py reads these very dicts).
CODE_NAMES: dict[tuple[type, str], dict[str, str]] = {
    (Activity, "method"): WORKING_METHOD_NAMES,
    (Source, "method"): WORKING_METHOD_NAMES,
    (StatusChange, "status"): STATUS_NAMES,
    (Handoff, "to"): HANDOFF_NAMES,
    (Escalation, "kind"): ESCALATION_NAMES,
    (Tip, "channel"): TIP_CHANNEL_NAMES,
    (Approval, "by"): APPROVER_NAMES,
}
# The dated lists xuncha audit follows entry by entry, by the key that holds them.
ENTRY_CLASSES: dict[str, type] = {"activities": Activity, "handoffs": Handoff, "progress": StatusChange,
                                  "lookbacks": Lookback, "escalations": Escalation, "tips": Tip}
BOOLEAN_NAMES = {"true": "是", "false": "否"}

_SEGMENT = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


def short_title(title: str) -> str:
    """渠道：来访、来信、来电、其他 -> 渠道; 反馈人（组长，人员编号） -> 反馈人."""
    return re.split(r"[：（(]", title, maxsplit=1)[0].strip() or title


@functools.lru_cache(maxsize=None)
def _fields(cls: type) -> dict[str, tuple[str, object]]:
    hints = type_hints(cls)
    return {f.name: (f.metadata.get("title", f.name), hints.get(f.name)) for f in dataclasses.fields(cls)}


def describe(cls: type | None, path: str, values: dict[str, str | None] | None = None) -> tuple[str, type | None, str]:
    """``problems[0].progress[1].status`` -> (问题 P1 整改进展第2条 整改状态, the class holding the field, its key).

    ``values`` (the flattened file) lets an entry with an id be named by it, not by its position."""
    words, current, owner, prefix, key = [], cls, cls, "", ""
    for match in _SEGMENT.finditer(path):
        key, indices = match.group(1), match.group(2)
        owner = current
        prefix = f"{prefix}.{key}" if prefix else key
        title, hint = (_fields(current).get(key) if current else None) or (key, None)
        name = short_title(title)
        for index in re.findall(r"\[(\d+)\]", indices):
            prefix += f"[{index}]"
            own_id = (values or {}).get(f"{prefix}.id")
            name = f"{_singular(name)} {own_id}" if own_id else f"{_singular(name)}第{int(index) + 1}条"
        words.append(name)
        current = record_type(hint) if hint is not None else None
    return " ".join(words) or "（整个文件）", owner, key


def _singular(title: str) -> str:
    # A list's title names the whole list (发现的问题, 来访来信来电登记); one entry of it reads as the thing.
    return {"发现的问题": "问题", "来访来信来电登记": "来访来信来电", "工作记录": "工作记录"}.get(title, title)


def display_value(owner: type | None, key: str, value: str | None) -> str | None:
    """A stored value as the documents print it: codes to their Chinese names, true/false to 是/否."""
    if value is None:
        return None
    names = CODE_NAMES.get((owner, key)) if owner else None
    if names and value in names:
        return names[value]
    if value in BOOLEAN_NAMES and owner is not None:
        hint = _fields(owner).get(key, (None, None))[1]
        if hint is bool:
            return BOOLEAN_NAMES[value]
    if value == "[]":
        return "（空）"
    return value
