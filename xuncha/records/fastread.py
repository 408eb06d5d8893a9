"""Read a clean record file straight into records, without building a YAML node tree.

Nearly every file of a province is written in the same few shapes: block mappings of
``field: value`` lines, block lists (``- ``) of texts or of records, and one-line flow
mappings and lists (``{to: local, date: 2022-09-06}``, ``[a, b]``) of plain words.  For those
lines libyaml's node tree (three Python objects per value) and the converter's walk over it
cost ten times what the values themselves do.  This reader takes the lines as they are and
fills the records as ``convert`` would.

It is only a shortcut.  On anything outside those shapes (a comment after a value, a quoted
text with an escape, a text folded over two lines, an anchor, a tab, a blank required field,
an unknown field, a bad date: anything that is not plain or that would be reported) it gives
up and returns ``None``, and the file is read by libyaml and ``convert``, which explain what
they find.  So its answer, when it gives one, is the converter's answer: the same records,
values, shared strings and positions (tests/test_fastread.py compares the two, pickle byte
for pickle byte, over every record file of the tests and generated provinces, and over
files bent in every way the shortcut must refuse).
"""

from __future__ import annotations

import re
import sys

from ..dates import KNOWN_DAYS, read_stored
from ..model.base import _NARROW, EMPTY_LIST
from .convert import (_BOOL, _DATE, _INT, _LIST, _LITERAL, _NULLS, _RECORD, _STR, _TABLES, _table,
                      out_of_range, share_positions, truth_of)
from .paths import MAX_ID_LENGTH
from .yamlread import invisible

_intern = sys.intern
_pack = _NARROW.pack_into
# Below this many lines and characters a line, every position fits the narrow pairs.
_SHORT = 65000
# Characters a plain value may not start with: YAML reads each as something else (a list item,
# a flow collection, a comment, an anchor, an alias, a tag, a block text, a quote, a directive).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# What a one-line flow mapping or list of plain words never holds: nested collections, quotes, and
# (in a list) a colon that would make an item a mapping.
_NOT_IN_FLOW_LIST = re.compile("[\\[\\]{}'\":]").search
_NOT_IN_FLOW_MAPPING = re.compile("[\\[\\]{}'\"]").search


class _Unusual(Exception):
    """The file is not in the plain shapes: read it the careful way."""


def read_clean(text: str, cls: type, display: str):
    """The record ``text`` holds, read as ``convert`` would with no diagnostic; None when the
    file holds anything this reader does not take (the careful reader then reads it)."""
    if "\t" in text or "\r" in text or invisible(text):
        return None
    lines = text.split("\n")
    if len(lines) >= _SHORT or max(map(len, lines)) >= _SHORT:
        return None
    if lines[-1] == "":
        lines.pop()  # after the last line break
    stripped = [line.lstrip(" ") for line in lines]
    if "#" not in text and "" not in stripped:
        # As the tool writes files: no blank line, no comment.
        numbers, contents = range(len(lines)), stripped
        indents = [len(line) - len(content) for line, content in zip(lines, stripped)]
    else:
        numbers, contents, indents = _content_lines(text, lines, stripped)
        if contents is None:
            return None
    if " \n" in text or text[-1:] == " ":
        contents = [content.rstrip(" ") for content in contents]
    if not contents:
        return None
    reader = _Reader(display, numbers, indents, contents)
    try:
        found, end = reader.block_mapping(0, cls)
        if end != len(contents):
            return None
    except _Unusual:
        return None
    share_positions(reader.pending)
    return found


def _content_lines(text: str, lines: list[str], stripped: list[str]) -> tuple:
    """(numbers, contents, indents) of the lines that hold something: blank lines and whole-line
    comments are left out (their numbers kept for the positions), a comment after a value is cut
    off; contents is None when a comment may be inside quotes."""
    numbers = [number for number, content in enumerate(stripped) if content and content[0] != "#"]
    contents = [stripped[number] for number in numbers]
    if "#" in text:
        for index, content in enumerate(contents):
            if "#" in content:
                # A comment after a value starts at " #" (a # inside a word is part of the text); a
                # quote before it might hold it, and is left to the careful reader.
                cut = content.find(" #")
                if cut >= 0:
                    if "'" in content[:cut] or '"' in content[:cut]:
                        return None, None, None
                    contents[index] = content[:cut].rstrip(" ")
    return numbers, contents, [len(lines[number]) - len(stripped[number]) for number in numbers]


class _Reader:
    __slots__ = ("display", "numbers", "indents", "contents", "count", "pending")

    def __init__(self, display, numbers, indents, contents):
        self.display = display
        self.numbers = numbers
        self.indents = indents
        self.contents = contents
        self.count = len(contents)
        # (record, its position pairs, 4) in the order of their ``_at``, as convert keeps them.
        self.pending: list = []

    def block_mapping(self, at: int, cls: type):
        """The record whose ``field: value`` lines start at line ``at`` (all at its indent);
        returns (record, the first line after it)."""
        readable, _, fill, factories, required, slots, post_load, slotted = _TABLES.get(cls) or _table(cls)
        if not slotted:
            raise _Unusual
        indents, contents, numbers, count = self.indents, self.contents, self.numbers, self.count
        column = indents[at]
        positions = bytearray(4 * slots)
        _pack(positions, 0, numbers[at] + 1, column + 1)
        values = {}
        last = 0
        while at < count:
            indent = indents[at]
            if indent != column:
                if indent > column:
                    raise _Unusual
                break
            content = contents[at]
            key, colon, text = content.partition(": ")
            if not colon:
                if content[-1] != ":":
                    raise _Unusual
                key, text = content[:-1], ""
            slot, plan, spec, needed = _field(readable, values, key)
            if slot > last:
                last = slot
            _pack(positions, 4 * slot, numbers[at] + 1, column + 1)
            at += 1
            if text:
                text = text.lstrip(" ")
                if plan[0] == _STR and text[0] not in _INDICATORS and ": " not in text and text[-1] != ":":
                    # Most values are plain text: read without the general dispatch.
                    value = None if text in _NULLS else _intern(text)
                else:
                    value = self.inline(text, plan, spec, at - 1)
            elif at < count and indents[at] > column:
                value, at = self.block(at, plan, spec)
            else:
                value = _scalar("", True, plan, spec)
            _keep(values, key, value, needed)
        return self.finish(cls, positions, last, values, fill, factories, required, post_load), at

    def finish(self, cls, positions, last, values, fill, factories, required, post_load):
        for spec in required:
            if spec.name not in values:
                raise _Unusual
        del positions[4 * (last + 1):]
        return self.made(cls, positions, values, fill, factories, post_load)

    def made(self, cls, positions, values, fill, factories, post_load):
        """The record of ``values``, numbered after the records already read (its children)."""
        record = cls.__new__(cls)
        pending = self.pending
        fill(record, self.display, len(pending), **values)
        pending.append((record, positions, 4))
        for name, factory in factories:
            if name not in values:
                setattr(record, name, factory())
        if post_load:
            record.__post_load__()
        return record

    def block(self, at: int, plan: tuple, spec):
        """A value written on the lines below its field: a list or a record."""
        kind = plan[0]
        content = self.contents[at]
        if content == "-" or content[:2] == "- ":
            if kind != _LIST:
                raise _Unusual
            return self.block_sequence(at, plan[2], spec)
        if kind != _RECORD:
            raise _Unusual
        return self.block_mapping(at, plan[2])

    def block_sequence(self, at: int, item: tuple, spec):
        item_plan, of_records = item
        indents, contents, count = self.indents, self.contents, self.count
        column = indents[at]
        items = []
        while at < count and indents[at] == column:
            content = contents[at]
            if not content.startswith("- "):
                raise _Unusual
            rest = content[2:]
            value = rest.lstrip(" ")
            if not value:
                raise _Unusual
            if of_records and value[0] != "{":
                # The item's first field is on the dash's line: the record's lines start there.
                indents[at] = column + len(content) - len(value)
                contents[at] = value
                found, at = self.block_mapping(at, item_plan[2])
            else:
                found = self.inline(value, item_plan, spec, at)
                at += 1
            if found is not None:
                items.append(found)
        if at < count and indents[at] > column:
            raise _Unusual
        return items or EMPTY_LIST, at

    def inline(self, text: str, plan: tuple, spec, at: int):
        """A value written on line ``at``, after its field's name (or its dash)."""
        first = text[0]
        if first == "{":
            return self.flow_mapping(text, plan, at)
        if first == "[":
            if text[-1] != "]" or plan[0] != _LIST:
                raise _Unusual
            inner = text[1:-1]
            if not inner.strip(" "):
                return EMPTY_LIST
            if plan[2][1] or _NOT_IN_FLOW_LIST(inner):
                raise _Unusual
            item_plan = plan[2][0]
            items = []
            for part in inner.split(","):
                part = part.strip(" ")
                if not part or part[0] in _INDICATORS:
                    raise _Unusual
                found = _scalar(part, True, item_plan, spec)
                if found is not None:
                    items.append(found)
            return items or EMPTY_LIST
        if first == "'" or first == '"':
            inner = text[1:-1]
            if len(text) < 2 or text[-1] != first or first in inner or "\\" in inner:
                raise _Unusual
            return _scalar(inner, False, plan, spec)
        if first in _INDICATORS or ": " in text or text[-1] == ":":
            raise _Unusual
        return _scalar(text, True, plan, spec)

    def flow_mapping(self, text: str, plan: tuple, at: int):
        if plan[0] != _RECORD:
            raise _Unusual
        cls = plan[2]
        read = _FLOW_READ.get((cls, text))
        if read is None:
            read = _read_flow(text, cls)
        values, offsets, last, fill, factories, post_load = read
        line = self.numbers[at] + 1
        start = self.indents[at] + len(self.contents[at]) - len(text)
        positions = bytearray(4 * (last + 1))
        for slot, offset in offsets:
            _pack(positions, 4 * slot, line, start + offset)
        return self.made(cls, positions, values, fill, factories, post_load)


def _scalar(text: str, plain: bool, plan: tuple, spec):
    """One scalar read by its field's declared type, as ``Converter.value`` reads it."""
    kind, nullable, argument = plan
    if plain and text in _NULLS:
        if kind == _LIST and not nullable:
            return EMPTY_LIST
        return None
    if kind == _STR:
        return _intern(text)
    if kind == _DATE:
        day = KNOWN_DAYS.get(text)
        if day is None:
            day, problem = read_stored(text)
            if problem or day is None:
                raise _Unusual
        return day
    if kind == _LITERAL:
        choice = argument.get(text)
        if choice is None:
            raise _Unusual
        return choice
    if kind == _INT:
        try:
            number = int(text)
        except ValueError:
            raise _Unusual from None
        if out_of_range(number, spec):
            raise _Unusual
        return number
    if kind == _BOOL:
        truth = truth_of(text, plain)
        if truth is None:
            raise _Unusual
        return truth
    if kind == _LIST and not argument[1]:
        return [_scalar(text, plain, argument[0], spec)]
    raise _Unusual


# What reading a one-line flow mapping gave, by (class, text): the same few ({method: interview},
# one hand-off or progress entry per date) recur through a file and a round.  Each is (values,
# (slot, column from the brace + 1) of the mapping and each key, the last slot written, and the
# class's fill function, factories and post_load).  Values that are new lists are not shared.
_FLOW_READ: dict[tuple[type, str], tuple] = {}
_FLOW_READ_MAX = 8192


def _read_flow(text: str, cls: type) -> tuple:
    if text[-1] != "}":
        raise _Unusual
    inner = text[1:-1]
    if _NOT_IN_FLOW_MAPPING(inner):
        raise _Unusual
    readable, _, fill, factories, required, _, post_load, slotted = _TABLES.get(cls) or _table(cls)
    if not slotted:
        raise _Unusual
    values = {}
    offsets = [(0, 1)]
    last = 0
    offset = 1
    shareable = True
    for part in inner.split(","):
        key_text = part.lstrip(" ")
        column = offset + len(part) - len(key_text)
        offset += len(part) + 1
        key, colon, value_text = key_text.partition(": ")
        value_text = value_text.strip(" ")
        if not colon or not value_text or ":" in value_text or value_text[0] in _INDICATORS:
            raise _Unusual
        slot, item_plan, spec, needed = _field(readable, values, key)
        if slot > last:
            last = slot
        offsets.append((slot, column + 1))
        value = _scalar(value_text, True, item_plan, spec)
        if type(value) is list:
            shareable = False
        _keep(values, key, value, needed)
    for spec in required:
        if spec.name not in values:
            raise _Unusual
    read = (values, tuple(offsets), last, fill, factories, post_load)
    if shareable:
        if len(_FLOW_READ) >= _FLOW_READ_MAX:
            _FLOW_READ.clear()
        _FLOW_READ[cls, text] = read
    return read


def _field(readable: dict, values: dict, key: str) -> tuple:
    """(slot, plan, spec, required) of a field read once: an unknown or repeated one is reported."""
    found = readable.get(key)
    if found is None or key in values:
        raise _Unusual
    return found


def _keep(values: dict, key: str, value, needed: bool) -> None:
    """Keep a value the converter would keep without a word: not blank where required, an id not
    too long."""
    if needed and (type(value) is not str or not value or value.isspace()) and _blank(value):
        raise _Unusual
    if key == "id" and type(value) is str and len(value) > MAX_ID_LENGTH:
        raise _Unusual
    values[key] = value


def _blank(value) -> bool:
    """A required value the converter would report as missing (see ``convert._blank``)."""
    return value is None or value is EMPTY_LIST or (type(value) is str and (not value or value.isspace()))
