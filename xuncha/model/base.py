"""The vocabulary the model is written in: records, their fields and where they came from.

A record class is a plain dataclass; each field carries a Chinese title and, where the
seed sets it, the clause.  The loader, the validation messages and the JSON Schema are
all read off these declarations, so there is one source of truth for what a file holds.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
import struct
import typing
from dataclasses import MISSING
from typing import Any

from .diagnostics import Position


def field(
    title: str,
    *,
    clause: str | None = None,
    default: Any = MISSING,
    factory: Any = MISSING,
    aliases: dict[str, str] | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    help: str | None = None,
    public: bool = True,
    option: str | None = None,
    printed: bool = False,
    typed: bool = True,
):
    """Declare a record field.

    ``aliases`` maps the Chinese words a clerk may write to the English code stored;
    ``public`` is False for data that must never reach a printed public document.
    For the fields of a step of 四、巡查程序 (procedure/steps.py reads them): ``option`` is the
    name of its `xuncha record` option where that is not the key's own; ``printed`` says the
    step's document cannot be printed without it; ``typed`` is False for a value only the tool
    writes (a number it gives out), which has no option.
    """
    metadata = {
        "title": title,
        "clause": clause,
        "aliases": aliases or {},
        "minimum": minimum,
        "maximum": maximum,
        "help": help,
        "public": public,
        "option": option,
        "printed": printed,
        "typed": typed,
    }
    if factory is not MISSING:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def record(cls):
    """Declare a record class that is read in numbers (a province holds ~200,000 of them): a
    keyword-only dataclass with ``__slots__``.  Without a ``__dict__`` a record takes about half
    the memory; nothing may then be set on it but its fields, ``_file``, ``_positions`` and ``_at``."""
    cls = dataclasses.dataclass(kw_only=True, slots=True)(cls)
    # Pickled (the parse cache) and copied as a tuple of values in slot order: half the bytes of
    # the default (None, {name: value}) state, and unpickling finds ``__setstate__`` on the class
    # instead of asking ``Record.__getattr__`` for it once per record.
    names = (*field_names(cls), "_file", "_positions", "_at")
    values = operator.attrgetter(*names)
    setters = tuple(getattr(cls, name).__set__ for name in names)

    def __getstate__(self) -> tuple:
        return values(self)

    def __setstate__(self, state: tuple) -> None:
        for put, value in zip(setters, state):
            put(self, value)

    cls.__getstate__ = __getstate__
    cls.__setstate__ = __setstate__
    return cls


class EmptyList(list):
    """The one empty list every loaded record shares for a list field its file leaves empty.

    Most of a problem's lists (hand-offs, look-backs, escalations, accountability, cadre
    problems) are empty: a list each was ~95,000 lists and 7 MB on a province.  Nothing may be
    added to the shared one (that would add it to every record); build a new list instead, as
    ``[*record.items, new]`` does.  Pickled by name, so the parse cache gives back the same one.
    """

    __slots__ = ()

    def _shared(self, *args, **kwargs):
        raise TypeError("EMPTY_LIST is shared by every loaded record: build a new list instead")

    append = extend = insert = __setitem__ = __iadd__ = _shared

    def __reduce__(self):
        return "EMPTY_LIST"


EMPTY_LIST = EmptyList()


_HINTS: dict[type, dict[str, Any]] = {}


def type_hints(cls: type) -> dict[str, Any]:
    """The declared type of each field of a record class, resolved once: the loader asks for them per
    record, and the JSON Schema and the field names read the same declarations."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def record_type(hint) -> type | None:
    """The record class a field holds, through list[...] and ``X | None``."""
    for candidate in (hint, *typing.get_args(hint)):
        if isinstance(candidate, type) and dataclasses.is_dataclass(candidate):
            return candidate
        for inner in typing.get_args(candidate):
            if isinstance(inner, type) and dataclasses.is_dataclass(inner):
                return inner
    return None


class Record:
    """Base of every record: remembers the file and the position of each of its fields.

    The many records of an inspection's files are declared with ``@record`` (slots, no
    ``__dict__``); the few whose methods keep memos on the instance (the roster, the config)
    stay plain dataclasses and have a ``__dict__`` as well.
    """

    # ``_file``: the file as the clerk sees it; ``_positions`` and ``_at``: where each field was
    # written (see ``_NARROW``).  All unset on records made by the tool itself: ``__getattr__``
    # answers then.
    __slots__ = ("_file", "_positions", "_at")

    def __getattr__(self, name: str):
        # Reached only when ordinary lookup fails, so never on the hot path.
        if name == "_file":
            return ""
        if name == "_positions":
            return b""
        if name == "_at":
            return None
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self)

    def _written_at(self, slot: int) -> tuple[int, int]:
        """(line, column) of ``slot`` (0: the record itself), (0, 0) where nothing was written."""
        table = self._positions
        if not table:
            return 0, 0
        at = self._at
        if at is None:
            wide, start, end = len(table) & 1, 0, len(table)
        else:
            wide = table[0]
            start, end = _SPAN.unpack_from(table, 1 + 4 * at)
        pair = _WIDE if wide else _NARROW
        offset = start + pair.size * slot
        return pair.unpack_from(table, offset) if offset + pair.size <= end else (0, 0)

    def pos(self, name: str | None = None) -> Position:
        line = column = 0
        if name:
            slot = _slots(type(self)).get(name)
            if slot is not None:
                line, column = self._written_at(slot)
        if not line:
            line, column = self._written_at(0)
        return Position(self._file, line or 1, column or 1)

    def has(self, name: str) -> bool:
        """True when the field was written in the file (as opposed to defaulted)."""
        slot = _slots(type(self)).get(name)
        return slot is not None and self._written_at(slot)[0] != 0


# Where a record's fields were written: (line, column) per slot, slot 0 for the record itself and
# slot i for its i-th field, (0, 0) for a field not written; the pairs of trailing unwritten fields
# are left off.  A province's records hold a million positions: as a dict per record they were a
# third of the memory of the loaded tree, as a bytes object per record still 12 MB (a bytes
# object costs 33 bytes before its first pair).  So the converter (records/convert.py) packs the
# positions of all the slotted records of one file into one table they share, and each holds its
# number in the file (``_at``: a small int, shared by Python):
#     width (1 byte: 0 narrow, 1 wide) | n + 1 uint32 offsets, record i's pairs between the i-th
#     and the (i+1)-th | the pairs
# A record with a ``__dict__`` (the roster's people, the config) has a table of its own and no
# ``_at``: its pairs from the start, odd length when wide.  Pairs are two uint16 (``_NARROW``) in
# a file of fewer than 65,535 lines and columns, else two uint32 (``_WIDE``).
_NARROW = struct.Struct("<HH")
_WIDE = struct.Struct("<II")
_SPAN = struct.Struct("<II")
NARROW_LIMIT = 0xFFFF


def own_table(pairs: bytes, wide: bool) -> bytes:
    """The positions of a record that keeps its own table (a record with a ``__dict__``)."""
    return pairs + b"\1" if wide else pairs


def shared_table(entries: list, wide: bool) -> bytes:
    """One file's table: the pairs of each of its records, in the order of their ``_at``."""
    offsets = list(itertools.accumulate(map(len, entries), initial=1 + 4 * (len(entries) + 1)))
    return b"".join((b"\1" if wide else b"\0", struct.pack(f"<{len(offsets)}I", *offsets), *entries))


_SLOTS: dict[type, dict[str, int]] = {}


def _slots(cls: type) -> dict[str, int]:
    slots = _SLOTS.get(cls)
    if slots is None:
        names = [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else []
        slots = _SLOTS[cls] = {"": 0, **{name: index for index, name in enumerate(names, 1)}}
    return slots


def field_names(cls: type) -> list[str]:
    """The fields of a record class in order, looked up once: ``dataclasses.fields`` builds its
    answer anew on every call, and rules that read every value of every record (identity,
    future dates) call it for each of a province's ~400,000 records."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = [name for name in _slots(cls) if name]
    return names


_NAMES: dict[type, list[str]] = {}


def fields_holding(cls: type, kind: type) -> tuple[str, ...]:
    """The fields of a record class, in order, whose declared type can hold a ``kind`` or a record,
    alone or in a list, looked up once.  The converter gives every field a value of its declared
    type, so a walk looking for dates or text (future dates, identity in text: ~400,000 records a
    province) need not read the others."""
    key = (cls, kind)
    names = _HOLDING.get(key)
    if names is None:
        hints = type_hints(cls)
        names = _HOLDING[key] = tuple(name for name in field_names(cls) if _may_hold(hints.get(name), kind))
    return names


_HOLDING: dict[tuple[type, type], tuple[str, ...]] = {}


def _may_hold(hint, kind: type) -> bool:
    if isinstance(hint, type) and not typing.get_args(hint):
        return issubclass(hint, kind) or dataclasses.is_dataclass(hint)
    if typing.get_origin(hint) is typing.Literal:
        return any(isinstance(choice, kind) for choice in typing.get_args(hint))
    arguments = typing.get_args(hint)
    if not arguments:
        return True  # a hint this reading does not know (Any, a forward reference): never skip it
    return any(_may_hold(argument, kind) for argument in arguments if argument is not type(None))


def find_by_id(owner: object, items: list, item_id: str, slot: str = "_index"):
    """The first item of ``items`` whose ``id`` is ``item_id``, through an index kept on ``owner``.

    Rules look people and targets up tens of thousands of times on a province's records.
    A hit counts only if the item at the remembered position still carries that id; any
    other answer comes from an index rebuilt from the list as it is now, so a list edited
    in place is never answered from the past.  (Duplicate ids, an error of their own, may
    then answer with either copy.)
    """
    cached = owner.__dict__.get(slot)
    if cached is not None and cached[0] is items:
        position = cached[1].get(item_id)
        if position is not None and position < len(items) and items[position].id == item_id:
            return items[position]
    positions: dict = {}
    for index, item in enumerate(items):
        positions.setdefault(item.id, index)
    object.__setattr__(owner, slot, (items, positions))
    position = positions.get(item_id)
    return items[position] if position is not None else None
