"""Three-way merge of one record file by meaning, not by lines (the git merge driver's engine).

Two people adding to the same inspection both append to ``problems.yaml``; git's line merge
sees two edits at the end of one file and stops.  Here the three versions (the common
ancestor, ours, theirs) are read as YAML and merged entry by entry:

- mappings are merged key by key; a field changed on one side only takes that side's value;
- keyed lists (problems and tips by ``id``, activities by date, method and summary, progress by
  date…) are unioned: each entry is found by its key, not its position;
- the same field changed to two different values, an entry deleted on one side and edited on
  the other, or two different entries added under one id are real conflicts: the file keeps our
  value and the conflict is returned for the clerk to decide (``xuncha resolve``).

The result is our document edited in place, so our comments and key order survive; entries
that came from the other side are inserted after the entry that precedes them there.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from .writer import dump_rt, load_rt, scalar_text

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

# How the entries of a list are told apart, by the list's key in its mapping.  Lists not named
# here are keyed by ``id`` when every entry has one, else by their whole content.
LIST_KEYS: dict[str, tuple[str, ...]] = {
    "problems": ("id",),
    "tips": ("id",),
    "activities": ("date", "method", "summary"),
    "progress": ("date",),
    "handoffs": ("to", "date"),
    "lookbacks": ("date",),
    "escalations": ("kind", "date"),
    "accountability": ("person",),
    "special_reports": ("title",),
    "rounds": ("number",),            # plans/<year>.yaml
    "inspections": ("target",),       # a round's planned inspections
    "approvals": ("by",),
    "changes": ("since",),            # people.yaml: a person's changes of post
    "conflicts": ("target",),         # people.yaml: recusal
}
ID_LISTS = {"problems": "问题", "tips": "举报"}


@dataclass
class Conflict:
    """One place where both sides changed the same thing differently."""

    path: list                       # map keys (str) and list-entry selectors ({"key": {...}} / {"value": v})
    where: str                       # the path as a clerk reads it: problems[P1].unit
    base: Any
    ours: Any
    theirs: Any
    kind: str = "field"              # field / deleted / id-collision
    who: dict = field(default_factory=dict)   # side → "张文书 2020-07-03 提交 abc1234"

    def as_json(self) -> dict:
        return {"path": self.path, "where": self.where, "kind": self.kind, "base": _plain(self.base),
                "ours": _plain(self.ours), "theirs": _plain(self.theirs), "who": self.who}

    @classmethod
    def from_json(cls, data: dict) -> "Conflict":
        return cls(data["path"], data["where"], data["base"], data["ours"], data["theirs"],
                   data.get("kind", "field"), data.get("who", {}))


@dataclass
class MergeResult:
    text: str
    conflicts: list[Conflict]


class MergeError(Exception):
    """A version could not be read as YAML; the caller falls back to git's line merge."""


def merge_texts(base: str, ours: str, theirs: str) -> MergeResult:
    """Merge three versions of one record file; the text is ours edited, conflicts keep our value."""
    if ours == theirs or theirs == base:
        return MergeResult(ours, [])
    if ours == base:
        return MergeResult(theirs, [])
    documents = []
    for text in (base, ours, theirs):
        try:
            documents.append(load_rt(text.lstrip("\ufeff")) if text.strip() else None)
        except Exception as exc:  # ruamel raises many kinds; any of them means "not mergeable by meaning"
            raise MergeError(str(exc)) from exc
    b, a, t = (MISSING if d is None else d for d in documents)
    merger = _Merger()
    before = _plain(a)
    result = merger.merge(b, a, t, [], "")
    if result is MISSING:
        return MergeResult("", merger.conflicts)
    if result is t and not merger.conflicts:
        return MergeResult(theirs, [])
    if result is a and _plain(result) == before and not merger.conflicts:
        return MergeResult(ours, [])
    text = dump_rt(result)
    if ours.startswith("\ufeff"):
        text = "\ufeff" + text
    return MergeResult(text, merger.conflicts)


class _Merger:
    def __init__(self) -> None:
        self.conflicts: list[Conflict] = []

    def merge(self, b, a, t, path: list, where: str):
        if _same(a, t):
            return a
        if _same(a, b):
            return t
        if _same(t, b):
            return a
        if isinstance(a, dict) and isinstance(t, dict) and (isinstance(b, dict) or b is MISSING):
            self.merge_map(b if isinstance(b, dict) else {}, a, t, path, where)
            return a
        if isinstance(a, list) and isinstance(t, list) and (isinstance(b, list) or b is MISSING):
            if self.merge_list(b if isinstance(b, list) else [], a, t, path, where):
                return a
        kind = "deleted" if MISSING in (a, t) else "field"
        self.conflicts.append(Conflict(list(path), where or "（整个文件）", _plain(b), _plain(a), _plain(t), kind))
        return a

    def merge_map(self, b: dict, a: dict, t: dict, path: list, where: str) -> None:
        for key in list(dict.fromkeys([*a, *t, *b])):
            here = f"{where}.{key}" if where else str(key)
            ours = a.get(key, MISSING)
            result = self.merge(b.get(key, MISSING), ours, t.get(key, MISSING), [*path, key], here)
            if result is MISSING:
                if key in a:
                    del a[key]
            elif key not in a:
                _insert_key(a, t, key, result)
            elif result is not ours:
                a[key] = result

    def merge_list(self, b: list, a: list, t: list, path: list, where: str) -> bool:
        """Union of the entries by key; False when the list has no usable key (the caller sees a conflict)."""
        name = str(path[-1]) if path else ""
        keyer = _keyer(name, b, a, t)
        if keyer is None:
            return False
        kb, kt = {keyer(i): i for i in b}, {keyer(i): i for i in t}
        ka = {keyer(i): i for i in a}
        for key in list(ka):
            item = ka[key]
            base, theirs = kb.get(key, MISSING), kt.get(key, MISSING)
            selector, label = _selector(name, key, item)
            if base is MISSING and theirs is not MISSING and not _same(item, theirs) and name in ID_LISTS:
                self.conflicts.append(Conflict([*path, selector], f"{where}{label}", None, _plain(item),
                                               _plain(theirs), "id-collision"))
                continue
            result = self.merge(base, item, theirs, [*path, selector], f"{where}{label}")
            index = _index(a, item)
            if result is MISSING:
                del a[index]
            elif result is not item:
                a[index] = result
        for position, (key, item) in enumerate(kt.items()):
            if key in ka:
                continue
            selector, label = _selector(name, key, item)
            result = self.merge(kb.get(key, MISSING), MISSING, item, [*path, selector], f"{where}{label}")
            if result is MISSING:
                continue
            _insert_item(a, t, position, keyer, result)
        return True


def _same(x, y) -> bool:
    if x is MISSING or y is MISSING:
        return x is y
    return x is y or _plain(x) == _plain(y)


def _plain(value):
    if value is MISSING:
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _canonical(value) -> str:
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)


def _keyer(name: str, *sides: list):
    items = [item for side in sides for item in side]
    if all(isinstance(i, dict) for i in items):
        fields = LIST_KEYS.get(name)
        if fields is None and items and all("id" in i for i in items):
            fields = ("id",)
        if fields:
            def by_fields(item, fields=fields):
                return tuple(_canonical(item.get(f)) for f in fields)
            if all(_unique(side, by_fields) for side in sides):
                return by_fields
        if all(_unique(side, _canonical) for side in sides):
            return _canonical
        return None
    if not any(isinstance(i, (dict, list)) for i in items):
        if all(_unique(side, _canonical) for side in sides):
            return _canonical
    return None


def _unique(side: list, keyer) -> bool:
    keys = [keyer(i) for i in side]
    return len(keys) == len(set(keys))


def _selector(name: str, key, item) -> tuple[dict, str]:
    """How a list entry is found again (by ``xuncha resolve``) and named to a clerk."""
    if isinstance(item, dict):
        fields = LIST_KEYS.get(name) or (("id",) if "id" in item else ())
        if fields and all(f in item for f in fields):
            values = {f: _plain(item[f]) for f in fields}
            return {"key": values}, "[" + " ".join(str(v) for v in values.values()) + "]"
        return {"content": _plain(item)}, "[" + str(_plain(item))[:40] + "]"
    return {"value": _plain(item)}, f"[{_plain(item)}]"


def _index(items: list, item) -> int:
    for index, candidate in enumerate(items):
        if candidate is item:
            return index
    raise ValueError("entry vanished during merge")


def _insert_key(ours: dict, theirs: dict, key, value) -> None:
    """Put a key that came from the other side after the key that precedes it there."""
    keys = list(theirs)
    position = len(ours)
    for previous in reversed(keys[:keys.index(key)]):
        if previous in ours:
            position = list(ours).index(previous) + 1
            break
    else:
        position = 0 if keys.index(key) == 0 and len(ours) else len(ours)
    if hasattr(ours, "insert"):
        ours.insert(position, key, value)
        comment = getattr(theirs, "ca", None) and theirs.ca.items.get(key)
        if comment:
            ours.ca.items[key] = comment
    else:
        ours[key] = value


def _insert_item(ours: list, theirs: list, position: int, keyer, value) -> None:
    """An entry the other side added goes after the entry that precedes it on that side."""
    ours_keys = [keyer(i) for i in ours]
    where = len(ours)
    for previous in reversed(theirs[:position]):
        key = keyer(previous)
        if key in ours_keys:
            where = ours_keys.index(key) + 1
            break
    else:
        if position == 0 and ours:
            where = 0
    ours.insert(where, value)


# ------------------------------------------------------------------ resolution


def find(document, path: list):
    """The container and key/index holding the value at ``path`` in a loaded document."""
    node, parent, slot = document, None, None
    for step in path:
        parent = node
        if isinstance(step, dict):
            slot = _find_entry(node, step)
        else:
            slot = step
        node = parent[slot] if slot is not None and _has(parent, slot) else MISSING
    return parent, slot


def _has(container, slot) -> bool:
    if isinstance(container, dict):
        return slot in container
    return isinstance(slot, int) and 0 <= slot < len(container)


def _find_entry(items, selector: dict):
    if not isinstance(items, list):
        return None
    for index, item in enumerate(items):
        if "key" in selector and isinstance(item, dict) and all(
                _plain(item.get(k)) == v for k, v in selector["key"].items()):
            return index
        if "content" in selector and _plain(item) == selector["content"]:
            return index
        if "value" in selector and _plain(item) == selector["value"]:
            return index
    return None


def set_value(text: str, path: list, value) -> str:
    """``text`` with the value at ``path`` replaced (or removed when ``value`` is MISSING)."""
    document = load_rt(text.lstrip("\ufeff"))
    if not path:
        return "" if value is MISSING else dump_rt(value)
    parent, slot = find(document, path[:-1]) if len(path) > 1 else (None, None)
    container = document if len(path) == 1 else (parent[slot] if parent is not None and slot is not None else None)
    last = path[-1]
    if container is None:
        raise KeyError(path)
    if isinstance(last, dict):
        index = _find_entry(container, last)
        if value is MISSING:
            if index is not None:
                del container[index]
        elif index is None:
            container.append(value)
        else:
            container[index] = value
    elif value is MISSING:
        container.pop(last, None)
    else:
        container[last] = value
    return dump_rt(document)


# ------------------------------------------------------------------ ids added on both sides

# Where an inspection's files name a problem or a tip by id (besides the entry's own ``id``).
ID_FILES = ("problems.yaml", "tips.yaml", "report.yaml")


def id_collisions(base: dict, ours: dict, theirs: dict) -> dict[str, str]:
    """Ids both sides added to different entries → the next free id for OUR entry.

    Each argument maps ``problems.yaml``/``tips.yaml`` to that side's text (or None).  Our
    entry is the one renumbered: it has not been shared yet, while the other side's id is
    already in the office's common record and may have been cited in a document.
    """
    mapping: dict[str, str] = {}
    for filename, key, prefix in (("problems.yaml", "problems", "P"), ("tips.yaml", "tips", "T")):
        sides = [_entries_by_id(side.get(filename), key) for side in (base, ours, theirs)]
        b, o, t = sides
        taken = set(b) | set(o) | set(t)
        for ident in o:
            if ident not in b and ident in t and _plain(o[ident]) != _plain(t[ident]):
                new = next_id(prefix, taken)
                taken.add(new)
                mapping[ident] = new
    return mapping


def _entries_by_id(text: str | None, key: str) -> dict:
    if not text or not text.strip():
        return {}
    try:
        document = load_rt(text.lstrip("\ufeff"))
    except Exception:
        return {}
    items = document.get(key) if isinstance(document, dict) else None
    return {scalar_text(i["id"]): i for i in items or [] if isinstance(i, dict) and "id" in i}


def next_id(prefix: str, existing) -> str:
    numbers = [int(i[len(prefix):]) for i in existing if i and i.startswith(prefix) and i[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def mentions(filename: str, text: str | None, ids) -> bool:
    """Whether ``text`` names any of ``ids`` (as its entries' ids or in a reference)."""
    if not text or not ids:
        return False
    return renumber_text(filename, text, {i: i + "\0" for i in ids}) != text


def renumber_text(filename: str, text: str, mapping: dict[str, str]) -> str:
    """``text`` of one of ID_FILES with every id in ``mapping`` and every reference to it rewritten."""
    if not mapping or not text.strip():
        return text
    document = load_rt(text.lstrip("\ufeff"))
    if not isinstance(document, dict):
        return text
    changed = False

    def swap(container, key) -> None:
        nonlocal changed
        value = container.get(key) if isinstance(container, dict) else None
        if value is not None and str(value) in mapping:
            container[key] = mapping[str(value)]
            changed = True

    if filename == "problems.yaml":
        for problem in document.get("problems") or []:
            swap(problem, "id")
            swap(problem.get("source") if isinstance(problem, dict) else None, "tip")
    elif filename == "tips.yaml":
        for tip in document.get("tips") or []:
            swap(tip, "id")
            swap(tip, "problem")
    elif filename == "report.yaml":
        for special in document.get("special_reports") or []:
            named = special.get("problems") if isinstance(special, dict) else None
            for index, value in enumerate(named or []):
                if str(value) in mapping:
                    named[index] = mapping[str(value)]
                    changed = True
    if not changed:
        return text
    out = dump_rt(document)
    return "\ufeff" + out if text.startswith("\ufeff") else out
