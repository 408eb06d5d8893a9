"""JSON Schema for every record file, read off the same model declarations the loader uses.

The schemas exist for editors: the YAML language server (VS Code's YAML extension and
others) reads the ``# yaml-language-server: $schema=…`` line at the top of a record file
and then completes field names and underlines mistakes while the clerk types.  They are
generated, never hand-kept, so they cannot drift from what ``xuncha validate`` accepts.

Choices, made to match ``records/convert.py``:

* Draft-07: the draft every version of the YAML language server understands.
* Dates are strings ``YYYY-MM-DD`` (the editor reads YAML 1.2, where a date is plain text).
* A choice (``Literal``) lists the English codes and the Chinese words the loader accepts.
* A list of plain values also accepts a single value, and an empty value, as the loader does.
* Unknown keys are refused (``additionalProperties: false``).  The loader only warns about
  them so one stray key does not stop the rest of the file from being read, but it then
  ignores the key: what the clerk typed is lost.  In the editor that is exactly the thing
  to underline while it can still be fixed.
* A field without a default is required and may not be left empty.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from . import dates
from .model.base import type_hints

SCHEMA_DIR = ".schema"        # inside records/, so it is committed and shared with the records
DRAFT = "http://json-schema.org/draft-07/schema#"
SEED = "盐办发〔2019〕34号"


# What each kind of file holds, in the seed's words (shown as the schema's title in the editor).
KIND_TITLES = {
    "config": "台账总配置：城市、巡查机构、任期和巡查对象目录（二（一）、二（二））",
    "people": "巡查人员名册（二（二）、五（三））",
    "plan": "年度安全生产巡查工作方案（四（一）、五（五））",
    "inspection": "巡查立项：巡查对象、轮次和巡查组（四（一））",
    "authorization": "巡查授权，一次一授权（五（二））",
    "notice": "提前告知被巡查地区或单位（四（一））",
    "entry": "巡查进驻和动员会（四（二））",
    "activities": "巡查工作记录：各项工作方式（四（三））",
    "end": "巡查结束（二（一））",
    "report": "巡查工作报告（四（四））",
    "review": "领导小组审核巡查报告（四（四））",
    "approval": "市委、市政府批准巡查报告（四（五））",
    "feedback": "组长向被巡查地区或单位反馈（四（五））",
    "rectification-plan": "整改方案（四（七））",
    "rectification-report": "整改落实和查处情况（四（七））",
    "closure": "巡查销号",
    "result-notice": "巡查结果通报市委组织部（四（六））",
    "problems": "巡查发现的问题（三、四（四）、四（六）、四（七））",
    "tips": "来访来信来电登记（四（二）、五（三））",
}


def record_files() -> dict[str, tuple[type, str]]:
    """Each kind of record file: kind -> (record class, where such files live)."""
    from .model.config import Config
    from .model.people import Roster
    from .model.plan import Plan
    from .model.tree import INSPECTION_FILES

    kinds: dict[str, tuple[type, str]] = {
        "config": (Config, "records/config.yaml"),
        "people": (Roster, "records/people.yaml"),
        "plan": (Plan, "records/plans/<年度>.yaml"),
    }
    for name, (_, cls) in INSPECTION_FILES.items():
        kinds[name.removesuffix(".yaml")] = (cls, f"records/inspections/<巡查编号>/{name}")
    return kinds


def kind_of(path: Path) -> str | None:
    """The kind of record a file under records/ holds, from its place in the tree."""
    name = path.name
    if path.parent.name == "plans":
        return "plan" if path.suffix == ".yaml" else None
    if path.parent.parent.name == "inspections":
        kind = name.removesuffix(".yaml")
        return kind if kind in record_files() and name.endswith(".yaml") else None
    return {"config.yaml": "config", "people.yaml": "people"}.get(name)


def schema_file(records_root: Path, kind: str) -> Path:
    return records_root / SCHEMA_DIR / f"{kind}.schema.json"


def schema_for_file(records_root: Path, path: Path) -> Path | None:
    """The schema a record file at ``path`` should point at, or None for files that have none."""
    kind = kind_of(path)
    return schema_file(records_root, kind) if kind else None


# -- generation ----------------------------------------------------------------------------

def build(kind: str) -> dict[str, Any]:
    cls, where = record_files()[kind]
    title = KIND_TITLES.get(kind, kind)
    builder = _Builder()
    root = builder.object(cls, title)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"https://xuncha.invalid/schema/{kind}.schema.json",
        "title": f"{where}：{title}",
        "description": (f"{where}：{title}。由 xuncha schema 依据台账模型生成，请勿手工修改；"
                        f"依据《盐城市安全生产巡查方案（试行）》（{SEED}）。"),
    }
    schema.update({k: v for k, v in root.items() if k != "title"})
    if builder.definitions:
        schema["definitions"] = builder.definitions
    return schema


def render(kind: str) -> str:
    return json.dumps(build(kind), ensure_ascii=False, indent=2) + "\n"


def render_all() -> dict[str, str]:
    """File name -> text, for every kind."""
    return {f"{kind}.schema.json": render(kind) for kind in record_files()}


def schema_files(records_root: Path) -> dict[Path, bytes]:
    """Every schema file as it belongs under ``records_root``."""
    folder = records_root / SCHEMA_DIR
    return {folder / name: text.encode("utf-8") for name, text in render_all().items()}


def stale(records_root: Path) -> list[str]:
    """Schema files under records/.schema that are missing or differ from the model."""
    folder = records_root / SCHEMA_DIR
    out = []
    for name, text in render_all().items():
        path = folder / name
        try:
            if path.read_text(encoding="utf-8") != text:
                out.append(name)
        except (OSError, UnicodeDecodeError):
            out.append(name)
    return out


def _describe(spec: dataclasses.Field) -> str:
    meta = spec.metadata
    text = meta.get("title") or spec.name
    if meta.get("help"):
        text += f"。{meta['help']}"
    if meta.get("clause"):
        text += f"（依据《巡查方案》{meta['clause']}）"
    if not meta.get("public", True):
        text += "。内部掌握，不得出现在公开文书中"
    return text


class _Builder:
    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}
        self._names: dict[type, str] = {}

    def object(self, cls: type, title: str) -> dict[str, Any]:
        hints = type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for spec in dataclasses.fields(cls):
            if spec.name.startswith("_"):
                continue
            has_default = spec.default is not dataclasses.MISSING or spec.default_factory is not dataclasses.MISSING
            prop = self.value(hints[spec.name], spec, nullable=has_default and spec.default is None)
            prop = {"title": spec.metadata.get("title", spec.name), "description": _describe(spec), **prop}
            if spec.default is not dataclasses.MISSING and spec.default is not None:
                prop["default"] = spec.default
            properties[spec.name] = prop
            if not has_default:
                required.append(spec.name)
        out: dict[str, Any] = {"title": title, "type": "object", "properties": properties,
                               "additionalProperties": False}
        if required:
            out["required"] = required
        return out

    def ref(self, cls: type, title: str) -> dict[str, Any]:
        name = self._names.get(cls)
        if name is None:
            name = cls.__name__
            if name in self.definitions or name in self._names.values():
                name = f"{cls.__module__.rsplit('.', 1)[-1]}.{name}"
            self._names[cls] = name
            self.definitions[name] = {}  # reserve first: a record may (one day) contain itself
            self.definitions[name] = self.object(cls, title)
        return {"$ref": f"#/definitions/{name}"}

    def value(self, tp: Any, spec: dataclasses.Field, *, nullable: bool = False) -> dict[str, Any]:
        origin = get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            options = [a for a in get_args(tp) if a is not type(None)]
            return self.value(options[0], spec, nullable=True)
        if origin is list:
            (item_type,) = get_args(tp)
            item = self.value(item_type, spec)
            listed: dict[str, Any] = {"type": "array", "items": item}
            if dataclasses.is_dataclass(item_type):
                return _or_null(listed)
            # The loader reads a single value where a list is expected as a one-item list.
            return {"anyOf": [listed, item, {"type": "null"}]}
        if dataclasses.is_dataclass(tp):
            ref = self.ref(tp, spec.metadata.get("title", spec.name))
            return {"anyOf": [ref, {"type": "null"}]} if nullable else ref
        if origin is Literal:
            out = _choice(get_args(tp), spec.metadata.get("aliases") or {})
        elif tp is str:
            # The loader keeps the text of any scalar as written: `no`, `2020`, `0515` all stay text.
            out = {"type": ["string", "number", "boolean"]}
        elif tp is bool:
            out = {"type": "boolean"}
        elif tp is int:
            out = {"type": "integer"}
            if spec.metadata.get("minimum") is not None:
                out["minimum"] = spec.metadata["minimum"]
            if spec.metadata.get("maximum") is not None:
                out["maximum"] = spec.metadata["maximum"]
        elif tp is dt.date:
            out = {"type": "string", "pattern": dates.ISO_PATTERN, "format": "date",
                   "examples": [dates.EXAMPLE]}
        else:  # pragma: no cover - the loader raises on the same types
            raise TypeError(f"unsupported field type {tp!r} for {spec.name}")
        return _or_null(out) if nullable else out


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    if "enum" in schema:
        out = {**schema, "enum": [*schema["enum"], None]}
        if "enumDescriptions" in schema:
            out["enumDescriptions"] = [*schema["enumDescriptions"], "不填"]
        return out
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    if isinstance(kind, list):
        return {**schema, "type": [*kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _choice(codes: tuple, aliases: dict[str, str]) -> dict[str, Any]:
    names: dict[str, str] = {}
    for chinese, code in aliases.items():
        names.setdefault(code, chinese)
    values = [*codes, *(a for a in aliases if a not in codes)]
    descriptions = [names.get(v, "") if v in codes else f"同 {aliases[v]}" for v in values]
    out: dict[str, Any] = {"enum": values}
    if any(descriptions):
        out["enumDescriptions"] = descriptions  # shown next to each choice by VS Code's completion
    return out
