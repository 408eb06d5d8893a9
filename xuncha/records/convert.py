"""Turn a YAML node tree into model records, reporting (never raising) what is wrong.

Values are interpreted by the type each field declares, on the node's own text: this
is what keeps ``no`` a string and rejects ``2019/12/8`` as a date, whatever YAML 1.1
would have guessed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import struct
import sys
import types
import typing
from typing import Any, Literal, get_args, get_origin

import yaml
from yaml import MappingNode, ScalarNode, SequenceNode

from ..dates import KNOWN_DAYS, read_stored
from ..model.base import (_NARROW, _WIDE, EMPTY_LIST, NARROW_LIMIT, Record, _slots, own_table, shared_table,
                          type_hints)
from ..model.diagnostics import ERROR, WARNING, Diagnostic
from .paths import MAX_ID_LENGTH, id_too_long

_NULLS = {"", "~", "null", "Null", "NULL"}


# How to read a value of each declared type, worked out once per type and stored in each class's
# field table: typing's introspection (and hashing ``X | None`` on every lookup) per node was most of
# the conversion time on a province-size tree.  A plan is (kind, nullable, argument): ``nullable``
# for ``X | None``; the argument is the item plan of a list, the class of a record, the choices of a
# Literal.
_LIST, _RECORD, _LITERAL, _STR, _BOOL, _INT, _DATE, _UNSUPPORTED = range(8)
_PLANS: dict[Any, tuple] = {}
# Text read from records is interned: the same unit, person, attachment name or standard sentence
# recurs across thousands of records, and each copy is a string of its own (~100 bytes) unless
# shared.  The parse cache's pickles then hold each once per shard too.
_intern = sys.intern
# Per record class: see ``_table``.
_TABLES: dict[type, tuple] = {}
set_file = Record._file.__set__
set_positions = Record._positions.__set__


def _plan(tp: Any) -> tuple:
    plan = _PLANS.get(tp)
    if plan is not None:
        return plan
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        kind, _, argument = _plan(options[0])
        plan = (kind, True, argument)
    elif origin is list:
        (item_type,) = get_args(tp)
        plan = (_LIST, False, (_plan(item_type), dataclasses.is_dataclass(item_type)))
    elif dataclasses.is_dataclass(tp):
        plan = (_RECORD, False, tp)
    elif origin is Literal:
        plan = (_LITERAL, False, {choice: choice for choice in get_args(tp)})
    else:
        plan = ({str: _STR, bool: _BOOL, int: _INT, dt.date: _DATE}.get(tp, _UNSUPPORTED), False, tp)
    _PLANS[tp] = plan
    return plan


def _table(cls: type) -> tuple:
    """What reading a ``cls`` needs, worked out once: (readable, known, template, factories, required,
    slots, post_load, slotted).  ``readable`` maps each YAML key to (its slot in the packed positions,
    plan, dataclass field, required); ``template`` holds (name, default) of every field in declared
    order (None where a factory or the file must give it), for a class with slots as its
    ``_filler``."""
    table = _TABLES.get(cls)
    if table is None:
        fields = dataclasses.fields(cls)
        hints = type_hints(cls)
        slots = _slots(cls)
        template, factories, required = {}, [], []
        for spec in fields:
            if spec.default is not dataclasses.MISSING:
                template[spec.name] = spec.default
            elif spec.default_factory is list:
                template[spec.name] = EMPTY_LIST  # see model.base.EmptyList
            else:
                template[spec.name] = None
                if spec.default_factory is not dataclasses.MISSING:
                    factories.append((spec.name, spec.default_factory))
                else:
                    required.append(spec)
        needed = {spec.name for spec in required}
        readable = {spec.name: (slots[spec.name], _plan(hints[spec.name]), spec, spec.name in needed)
                    for spec in fields if not spec.name.startswith("_")}
        slotted = "__dict__" not in dir(cls)
        table = _TABLES[cls] = (readable, list(readable), _filler(template) if slotted else tuple(template.items()),
                                factories, required, len(slots), hasattr(cls, "__post_load__"), slotted)
    return table



def _filler(template: dict[str, Any]):
    """A function that sets every slot of a slotted record (model.base.record): its file, its number
    in the file (``_at``), the fields read, given as keywords, and the defaults of the others.  Made
    like a dataclass's ``__init__``: keyword defaults and one attribute store per slot take less
    than half the time of a loop over the fields through their descriptors."""
    namespace = {f"_d{index}": default for index, default in enumerate(template.values())}
    parameters = ", ".join(f"{name}=_d{index}" for index, name in enumerate(template))
    stores = "".join(f"    _record.{name} = {name}\n" for name in ("_file", "_at", *template))
    exec(f"def fill(_record, _file, _at, *, {parameters}):\n{stores}", namespace)
    return namespace["fill"]


def _widened(narrow: bytearray) -> bytearray:
    pairs = _NARROW.iter_unpack(narrow)
    wide = bytearray(2 * len(narrow))
    for index, (line, column) in enumerate(pairs):
        _WIDE.pack_into(wide, 8 * index, line, column)
    return wide


def share_positions(pending: list[tuple[Record, bytearray, int]]) -> None:
    """Give the slotted records of one file, (record, its pairs, their size) in the order of their
    ``_at``, the one table of positions they share (see model.base)."""
    if pending:
        wide = any(size == 8 for _, _, size in pending)
        table = shared_table([_widened(pairs) if wide and size == 4 else pairs
                              for _, pairs, size in pending], wide)
        for each, _, _ in pending:
            set_positions(each, table)


def nearest(text: str, options) -> list[str]:
    """The one or two valid values a typo most likely meant (处长 -> 正处级、副处级; breifing -> briefing)."""
    import difflib

    return difflib.get_close_matches(text, list(dict.fromkeys(options)), n=2, cutoff=0.3)


def _label(where, key=None) -> str:
    """The dotted name of a value (``problems[3].progress[1].date``), built only when a message needs
    it: ``where`` is a label or a (where, key) pair, ``key`` a field name or a 1-based list index."""
    if type(where) is tuple:
        where = _label(*where)
    if key is None:
        return where
    if type(key) is int:
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


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
    def record(self, node: yaml.Node, cls: type) -> Any:
        """The record a whole file holds (``node`` its root), the positions of its slotted records in
        one table they share (see model.base)."""
        # (record, its pairs, their size) of each slotted record, in the order of their ``_at``.
        self._pending: list[tuple[Record, bytearray, int]] = []
        found = self._record(node, cls, "")
        share_positions(self._pending)
        return found

    def _record(self, node: yaml.Node, cls: type, where) -> Any:
        if type(node) is not MappingNode:
            where = _label(where)
            self.report(node, "type", f"{where or '文件'}应为“字段: 值”的映射", field=where or None)
            return None
        readable, known, template, factories, required, slots, post_load, slotted = _TABLES.get(cls) or _table(cls)
        values: dict[str, Any] = {}
        mark = node.start_mark
        seen: dict[str, int] = {"": mark.line + 1}
        # Lines of a file this short fit the narrow pairs; a column past their range (one line of
        # 65,535 characters) widens the table where it is met.
        size = 4 if node.end_mark.line < NARROW_LIMIT else 8
        positions = bytearray(size * slots)
        pack = (_NARROW if size == 4 else _WIDE).pack_into
        pack(positions, 0, mark.line + 1, mark.column + 1)
        last = 0  # the last slot written: the pairs after it are left off
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                self.report(key_node, "type", "字段名必须是文字")
                continue
            key = key_node.value
            mark = key_node.start_mark
            if key in seen:
                label = _label(where, key)
                self.report(key_node, "duplicate-key",
                            f"字段 `{key}` 重复出现（第 {seen[key]} 行已有），后写的会覆盖先写的，请删去其中一处",
                            field=label)
                continue
            seen[key] = mark.line + 1
            found = readable.get(key)
            if found is None:
                if key == "<<" and not key_node.style:
                    # YAML 1.1's merge key: ruamel (every edit) merges it, this reader would not, so the
                    # two would read different records from one file.
                    self.report(key_node, "merge-key", "不支持 YAML 合并键“<<”（连同锚点“&”引用）：工具改写文件时和读取时"
                                "会得出不同的记录。请把要用的字段逐个直接写出", field=_label(where, key))
                    continue
                self._unknown(key_node, key, known, _label(where, key), cls)
                continue
            slot, plan, spec, needed = found
            if slot > last:
                last = slot
            try:
                pack(positions, size * slot, mark.line + 1, mark.column + 1)
            except struct.error:
                positions, size, pack = _widened(positions), 8, _WIDE.pack_into
                pack(positions, size * slot, mark.line + 1, mark.column + 1)
            kind = plan[0]
            if kind == _STR and type(value_node) is ScalarNode:
                # Most values are text: read them without the general dispatch below.
                value = value_node.value
                if not value_node.style and value in _NULLS:
                    value = None
                else:
                    value = _intern(value)
            else:
                value = self.value(value_node, plan, spec, where, key)
            # (Text that is not blank, the most common required value, is told without a call.)
            if needed and (type(value) is not str or not value or value.isspace()) and _blank(value_node, value):
                self._missing(value_node, key, spec, _label(where, key), "不能为空（写了字段名却没有填值，或只填了空格）")
                value = None
            elif key == "id" and type(value) is str and len(value) > MAX_ID_LENGTH:
                label = _label(where, key)
                self.report(value_node, "id-too-long", id_too_long(value, f"`{label}`"), field=label)
            values[key] = value
        record = cls.__new__(cls)
        del positions[size * (last + 1):]
        if slotted:
            pending = self._pending
            template(record, self.display, len(pending), **values)
            pending.append((record, positions, size))
        else:
            state = record.__dict__
            # Field by field in declared order (from pairs, not a dict: a dict copied into the empty
            # __dict__ would be cloned whole and lose the key sharing of instances, +19 MiB a province).
            state.update(template)
            state.update(values)
        for name, factory in factories:
            if name not in values:
                setattr(record, name, factory())
        for spec in required:
            if spec.name not in values:
                self._missing(node, spec.name, spec, _label(where, spec.name))
        if not slotted:
            # Slots of the base class, on records that have a __dict__ as well.
            set_file(record, self.display)
            set_positions(record, own_table(bytes(positions), size == 8))
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
    def value(self, node: yaml.Node, plan: tuple, spec: dataclasses.Field | None, where, key) -> Any:
        """The value of ``node`` read by ``plan``; ``where`` and ``key`` name it (see ``_label``)."""
        kind, nullable, argument = plan
        node_type = type(node)
        if nullable and node_type is ScalarNode and not node.style and node.value in _NULLS:
            return None
        if kind == _LIST:
            item_plan, of_records = argument
            if node_type is not SequenceNode:
                if node_type is ScalarNode:
                    if not node.style and node.value in _NULLS:
                        return EMPTY_LIST
                    if not of_records:
                        # A single value where a list is expected is what a clerk means by a one-item list.
                        return [self.value(node, item_plan, spec, where, key)]
                label = _label(where, key)
                self.report(node, "type", f"`{label}` 应为列表（每项以“- ”开头）", field=label)
                return EMPTY_LIST
            items = []
            value = self.value
            inner = (where, key)
            for index, item in enumerate(node.value, 1):
                item_value = value(item, item_plan, spec, inner, index)
                if item_value is not None:
                    items.append(item_value)
            return items or EMPTY_LIST
        if kind == _RECORD:
            if node_type is ScalarNode and not node.style and node.value in _NULLS:
                return None
            return self._record(node, argument, (where, key))
        if node_type is not ScalarNode:
            label = _label(where, key)
            self.report(node, "type", f"`{label}` 应为单个值，而不是列表或映射", field=label)
            return None
        text = node.value
        plain = not node.style
        if plain and text in _NULLS:
            return None
        if kind == _STR:
            return _intern(text)
        if kind == _LITERAL:
            canonical = argument.get(text)
            if canonical is not None:
                return canonical
            return self._choice(node, text, argument, spec, _label(where, key))
        if kind == _DATE:
            known = KNOWN_DAYS.get(text)
            if known is not None:
                return known
            return self._date(node, text, spec, _label(where, key))
        if kind == _BOOL:
            return self._bool(node, text, plain, _label(where, key))
        if kind == _INT:
            return self._int(node, text, spec, _label(where, key))
        raise TypeError(f"unsupported field type {argument!r} for {_label(where, key)}")  # a model bug, not bad input

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
        truth = truth_of(text, plain)
        if truth is not None:
            return truth
        self.report(node, "type", f"`{label}` 应写 true（是）或 false（否），而不是“{text}”", field=label)
        return None

    def _int(self, node, text: str, spec, label: str):
        try:
            number = int(text)
        except ValueError:
            self.report(node, "type", f"`{label}` 应为整数，而不是“{text}”", field=label)
            return None
        outside = out_of_range(number, spec)
        if outside:
            low, high = outside
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


def truth_of(text: str, plain: bool) -> bool | None:
    """A yes/no field's value: true or false written plainly, None for anything else."""
    if plain and text in ("true", "True", "TRUE"):
        return True
    if plain and text in ("false", "False", "FALSE"):
        return False
    return None


def out_of_range(number: int, spec) -> tuple | None:
    """(minimum, maximum) the field declares when ``number`` falls outside them, else None."""
    low = spec.metadata.get("minimum") if spec else None
    high = spec.metadata.get("maximum") if spec else None
    if (low is not None and number < low) or (high is not None and number > high):
        return low, high
    return None


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
