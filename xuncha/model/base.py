"""The vocabulary the model is written in: records, their fields and where they came from.

A record class is a plain dataclass; each field carries a Chinese title and, where the
seed sets it, the clause.  The loader, the validation messages and the JSON Schema are
all read off these declarations, so there is one source of truth for what a file holds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING
from typing import Any

from .diagnostics import Position, unpack_position


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
):
    """Declare a record field.

    ``aliases`` maps the Chinese words a clerk may write to the English code stored;
    ``public`` is False for data that must never reach a printed public document.
    """
    metadata = {
        "title": title,
        "clause": clause,
        "aliases": aliases or {},
        "minimum": minimum,
        "maximum": maximum,
        "help": help,
        "public": public,
    }
    if factory is not MISSING:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


class Record:
    """Base of every record: remembers the file and the position of each of its fields."""

    _file: str = ""
    _positions: dict[str, int]  # field name ("" for the record itself) -> pack_position(line, column)

    def pos(self, name: str | None = None) -> Position:
        positions = getattr(self, "_positions", {})
        packed = positions.get(name) if name else None
        if packed is None:
            packed = positions.get("")
        if packed is None:
            return Position(self._file, 1, 1)
        return Position(self._file, *unpack_position(packed))

    def has(self, name: str) -> bool:
        """True when the field was written in the file (as opposed to defaulted)."""
        return name in getattr(self, "_positions", {})


def located(record: Record, file: str, positions: dict[str, int]) -> None:
    object.__setattr__(record, "_file", file)
    object.__setattr__(record, "_positions", positions)


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
