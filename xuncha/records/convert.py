"""Turn a YAML node tree into model records, reporting (never raising) what is wrong.

Values are interpreted by the type each field declares, on the node's own text: this
is what keeps ``no`` a string and rejects ``2019/12/8`` as a date, whatever YAML 1.1
would have guessed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import types
import typing
from typing import Any, Literal, get_args, get_origin

import yaml

from ..dates import read_stored
from ..model.base import type_hints
from ..model.diagnostics import ERROR, WARNING, Diagnostic
from .paths import MAX_ID_LENGTH, id_too_long

_NULLS = {"", "~", "null", "Null", "NULL"}


# How to read a value of each declared type, worked out once per type: typing's
# introspection per node was most of the conversion time on a province-size tree.
_OPTIONAL, _LIST, _RECORD, _LITERAL, _STR, _BOOL, _INT, _DATE, _UNSUPPORTED = range(9)
_PLANS: dict[Any, tuple] = {}
# Per record class: its fields by name, the public names (for hints), and each field's type plan.
_TABLES: dict[type, tuple] = {}
_located = None


def _plan(tp: Any) -> tuple:
    plan = _PLANS.get(tp)
    if plan is not None:
        return plan
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        plan = (_OPTIONAL, options[0])
    elif origin is list:
        (item_type,) = get_args(tp)
        plan = (_LIST, item_type, dataclasses.is_dataclass(item_type))
    elif dataclasses.is_dataclass(tp):
        plan = (_RECORD,)
    elif origin is Literal:
        plan = (_LITERAL, {choice: choice for choice in get_args(tp)})
    else:
        plan = ({str: (_STR,), bool: (_BOOL,), int: (_INT,), dt.date: (_DATE,)}.get(tp, (_UNSUPPORTED,)))
    _PLANS[tp] = plan
    return plan


def _table(cls: type) -> tuple:
    table = _TABLES.get(cls)
    if table is None:
        fields = {f.name: f for f in dataclasses.fields(cls)}
        hints = type_hints(cls)
        known = [n for n in fields if not n.startswith("_")]
        defaults = []
        for name, spec in fields.items():
            if spec.default is not dataclasses.MISSING:
                defaults.append((name, spec, spec.default, None))
            elif spec.default_factory is not dataclasses.MISSING:
                defaults.append((name, spec, None, spec.default_factory))
            else:
                defaults.append((name, spec, None, dataclasses.MISSING))
        readable = {name: (spec, hints[name]) for name, spec in fields.items() if not name.startswith("_")}
        required = frozenset(name for name, _, _, factory in defaults if factory is dataclasses.MISSING)
        table = _TABLES[cls] = (readable, known, defaults, hasattr(cls, "__post_load__"), required)
    return table


def nearest(text: str, options) -> list[str]:
    """The one or two valid values a typo most likely meant (处长 -> 正处级、副处级; breifing -> briefing)."""
    import difflib

    return difflib.get_close_matches(text, list(dict.fromkeys(options)), n=2, cutoff=0.3)


class Converter:
    def __init__(self, display: str):
        self.display = display
        self.diagnostics: list[Diagnostic] = []

    # -- reporting -----------------------------------------------------------------
    def report(self, node: yaml.Node, rule: str, message: str, *, field: str | None = None,
               severity: str = ERROR, clause: str | None = None) -> None:
        mark = node.start_mark
        self.diagnostics.append(
            Diagnostic(self.display, mark.line + 1, mark.column + 1, rule, message, severity, clause, field)
        )

    # -- records -------------------------------------------------------------------
    def record(self, node: yaml.Node, cls: type, where: str = "") -> Any:
        global _located
        if _located is None:
            from ..model.base import located as _located

        if not isinstance(node, yaml.MappingNode):
            self.report(node, "type", f"{where or '文件'}应为“字段: 值”的映射", field=where or None)
            return None
        readable, known, defaults, post_load, required = _TABLES.get(cls) or _table(cls)
        values: dict[str, Any] = {}
        mark = node.start_mark
        positions: dict[str, tuple[int, int]] = {"": (mark.line + 1, mark.column + 1)}
        for key_node, value_node in node.value:
            key = key_node.value if type(key_node) is yaml.ScalarNode else None
            if key is None:
                self.report(key_node, "type", "字段名必须是文字")
                continue
            label = f"{where}.{key}" if where else key
            if key in positions:
                self.report(key_node, "duplicate-key",
                            f"字段 `{key}` 重复出现（第 {positions[key][0]} 行已有），后写的会覆盖先写的，请删去其中一处",
                            field=label)
                continue
            mark = key_node.start_mark
            positions[key] = (mark.line + 1, mark.column + 1)
            found = readable.get(key)
            if found is None:
                if key == "<<" and not key_node.style:
                    # YAML 1.1's merge key: ruamel (every edit) merges it, this reader would not, so the
                    # two would read different records from one file.
                    self.report(key_node, "merge-key", "不支持 YAML 合并键“<<”（连同锚点“&”引用）：工具改写文件时和读取时"
                                "会得出不同的记录。请把要用的字段逐个直接写出", field=label)
                    continue
                self._unknown(key_node, key, known, label, cls)
                continue
            spec, tp = found
            value = self.value(value_node, tp, spec, label)
            if key in required and _blank(value_node, value):
                self._missing(value_node, key, spec, label, "不能为空（写了字段名却没有填值，或只填了空格）")
                value = None
            elif key == "id" and type(value) is str and len(value) > MAX_ID_LENGTH:
                self.report(value_node, "id-too-long", id_too_long(value, f"`{label}`"), field=label)
            values[key] = value
        record = cls.__new__(cls)
        state = record.__dict__
        for name, spec, default, factory in defaults:
            if name in values:
                state[name] = values[name]
            elif factory is None:
                state[name] = default
            elif factory is not dataclasses.MISSING:
                state[name] = factory()
            else:
                self._missing(node, name, spec, f"{where}.{name}" if where else name)
                state[name] = None
        _located(record, self.display, positions)
        if post_load:
            record.__post_load__()
        return record

    def _missing(self, node, name: str, spec, label: str, how: str = "") -> None:
        title = spec.metadata.get("title", name)
        message = f"必填字段 `{name}`（{title}）{how}" if how else f"缺少必填字段 `{name}`（{title}）"
        self.report(node, "blank-field" if how else "missing-field", message, field=label,
                    clause=spec.metadata.get("clause"))

    def _unknown(self, key_node, key: str, known: list[str], label: str, cls: type) -> None:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"，是否想写 `{close[0]}`？" if close else f"。可用的字段：{', '.join(known)}"
        self.report(key_node, "unknown-field", f"未知字段 `{key}`，工具会忽略它{hint}",
                    field=label, severity=WARNING)

    # -- values --------------------------------------------------------------------
    def value(self, node: yaml.Node, tp: Any, spec: dataclasses.Field | None, label: str) -> Any:
        plan = _PLANS.get(tp) or _plan(tp)
        kind = plan[0]
        if kind == _OPTIONAL:
            if _is_null(node):
                return None
            return self.value(node, plan[1], spec, label)
        if kind == _LIST:
            item_type = plan[1]
            if _is_null(node):
                return []
            if type(node) is not yaml.SequenceNode:
                if type(node) is yaml.ScalarNode and not plan[2]:
                    # A single value where a list is expected is what a clerk means by a one-item list.
                    return [self.value(node, item_type, spec, label)]
                self.report(node, "type", f"`{label}` 应为列表（每项以“- ”开头）", field=label)
                return []
            items = []
            value = self.value
            for index, item in enumerate(node.value, 1):
                item_value = value(item, item_type, spec, f"{label}[{index}]")
                if item_value is not None:
                    items.append(item_value)
            return items
        if kind == _RECORD:
            if _is_null(node):
                return None
            return self.record(node, tp, label)
        if type(node) is not yaml.ScalarNode:
            self.report(node, "type", f"`{label}` 应为单个值，而不是列表或映射", field=label)
            return None
        text = node.value
        plain = not node.style
        if plain and text in _NULLS:
            return None
        if kind == _STR:
            return text
        if kind == _LITERAL:
            return self._choice(node, text, plan[1], spec, label)
        if kind == _DATE:
            return self._date(node, text, spec, label)
        if kind == _BOOL:
            return self._bool(node, text, plain, label)
        if kind == _INT:
            return self._int(node, text, spec, label)
        raise TypeError(f"unsupported field type {tp!r} for {label}")  # a model bug, not bad input

    def _choice(self, node, text: str, choices: tuple, spec, label: str):
        aliases = spec.metadata.get("aliases", {}) if spec else {}
        canonical = choices.get(text)
        if canonical is not None:
            return canonical
        if text in aliases:
            return aliases[text]
        shown = "、".join(f"{c}" for c in choices)
        if aliases:
            shown += "；也可写中文：" + "、".join(aliases)
        close = nearest(text, [*choices, *aliases])
        hint = f"。是否想写“{'”或“'.join(close)}”？" if close else ""
        self.report(node, "invalid-choice", f"`{label}` 的值“{text}”不在可选范围内：{shown}{hint}", field=label,
                    clause=spec.metadata.get("clause") if spec else None)
        return None

    def _bool(self, node, text: str, plain: bool, label: str):
        if plain and text in ("true", "True", "TRUE"):
            return True
        if plain and text in ("false", "False", "FALSE"):
            return False
        self.report(node, "type", f"`{label}` 应写 true（是）或 false（否），而不是“{text}”", field=label)
        return None

    def _int(self, node, text: str, spec, label: str):
        try:
            number = int(text)
        except ValueError:
            self.report(node, "type", f"`{label}` 应为整数，而不是“{text}”", field=label)
            return None
        low = spec.metadata.get("minimum") if spec else None
        high = spec.metadata.get("maximum") if spec else None
        if (low is not None and number < low) or (high is not None and number > high):
            self.report(node, "out-of-range", f"`{label}` 应在 {low} 到 {high} 之间，而不是 {number}", field=label,
                        clause=spec.metadata.get("clause") if spec else None)
            return None
        return number

    def _date(self, node, text: str, spec, label: str):
        parsed, message = read_stored(text)
        if message:
            self.report(node, "date-format", f"`{label}` {message}", field=label,
                        clause=spec.metadata.get("clause") if spec else None)
        return parsed


def _blank(node: yaml.Node, value: Any) -> bool:
    """Required means non-empty: null, "", whitespace only and an empty list are all "missing".

    A None that came from a value the converter already rejected (a bad date) is not blank:
    that value has its own message."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value and (type(node) is yaml.SequenceNode or _is_null(node))
    if value is None:
        return _is_null(node) or (type(node) is yaml.ScalarNode and not node.value.strip())
    return False


def _is_null(node: yaml.Node) -> bool:
    return type(node) is yaml.ScalarNode and not node.style and node.value in _NULLS
