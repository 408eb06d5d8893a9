"""Override files `records/calendar/<year>.yaml`: the State Council's yearly holiday notice,
typed in by the clerk. Parsed from the node tree so every problem carries a line and column,
and never raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..dates import read_stored
from .lunar import RULE, fallback_holidays

# libyaml when available; the pure-Python loader gives identical nodes, only slower.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_KEYS = ("year", "notice", "reference", "verified", "holidays", "workdays")
_WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class CalendarProblem:
    file: Path
    line: int | None  # 1-based
    column: int | None  # 1-based
    field: str  # e.g. "holidays[2].start"
    message: str  # Chinese

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass(frozen=True)
class OverrideYear:
    year: int
    notice: str
    reference: str | None
    holidays: dict[dt.date, str] = field(hash=False)  # date -> holiday name ("" if unnamed)
    workdays: dict[dt.date, str] = field(hash=False)  # make-up working days
    verified: bool = True  # False while the file is still the unchecked skeleton
    path: Path | None = None

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


class _Parser:
    def __init__(self, path: Path):
        self.path = path
        self.problems: list[CalendarProblem] = []

    def problem(self, node, field_name: str, message: str) -> None:
        mark = getattr(node, "start_mark", None) if node is not None else None
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        self.problems.append(CalendarProblem(self.path, line, column, field_name, message))

    def scalar_text(self, node, field_name: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, field_name, "应为单个值，不能是列表或映射")
            return None
        return node.value

    def date(self, node, field_name: str) -> dt.date | None:
        text = self.scalar_text(node, field_name)
        if text is None:
            return None
        day, problem = read_stored(text)
        if problem:
            self.problem(node, field_name, problem)
        return day

    def mapping(self, node, field_name: str) -> dict[str, tuple]:
        """key -> (key_node, value_node); reports non-string and duplicate keys."""
        out: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            where = f"{field_name}.{key}" if field_name else str(key)
            if key is None:
                self.problem(key_node, field_name, "键应为文字")
            elif key in out:
                self.problem(key_node, where, f"键“{key}”重复")
            else:
                out[key] = (key_node, value_node)
        return out


def _is_null(node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _sequence(p: _Parser, entry, name: str) -> list:
    if entry is None or _is_null(entry[1]):
        return []
    node = entry[1]
    if not isinstance(node, yaml.SequenceNode):
        p.problem(node, name, "应为列表（每行以“- ”开头）")
        return []
    return node.value


def _holiday_items(p: _Parser, items: list) -> list[tuple[dt.date, str, object, str]]:
    """(day, name, node, field) for every day of every holiday entry."""
    out = []
    for i, item in enumerate(items):
        where = f"holidays[{i + 1}]"
        if isinstance(item, yaml.ScalarNode):
            day = p.date(item, where)
            if day is not None:
                out.append((day, "", item, where))
            continue
        if not isinstance(item, yaml.MappingNode):
            p.problem(item, where, "应为日期，或 {name: 节日名, start: 开始日期, end: 结束日期}")
            continue
        keys = p.mapping(item, where)
        for key, (key_node, _) in keys.items():
            if key not in ("name", "start", "end", "date"):
                p.problem(key_node, f"{where}.{key}", f"未知的键“{key}”，可用 name、start、end")
        name = ""
        if "name" in keys and not _is_null(keys["name"][1]):
            name = p.scalar_text(keys["name"][1], f"{where}.name") or ""
        start_key = "start" if "start" in keys else "date" if "date" in keys else None
        if start_key is None:
            p.problem(item, f"{where}.start", "缺少开始日期 start")
            continue
        start = p.date(keys[start_key][1], f"{where}.{start_key}")
        end = p.date(keys["end"][1], f"{where}.end") if "end" in keys else start
        if start is None or end is None:
            continue
        if end < start:
            p.problem(keys["end"][1], f"{where}.end", f"结束日期 {end} 早于开始日期 {start}")
            continue
        if (end - start).days > 31:
            p.problem(keys["end"][1], f"{where}.end", f"{start} 至 {end} 超过一个月，请核对")
            continue
        node = keys[start_key][1]
        day = start
        while day <= end:
            out.append((day, name, node, where))
            day += dt.timedelta(days=1)
    return out


def _workday_items(p: _Parser, items: list) -> list[tuple[dt.date, str, object, str]]:
    out = []
    for i, item in enumerate(items):
        where = f"workdays[{i + 1}]"
        if isinstance(item, yaml.MappingNode):
            keys = p.mapping(item, where)
            for key, (key_node, _) in keys.items():
                if key not in ("name", "date"):
                    p.problem(key_node, f"{where}.{key}", f"未知的键“{key}”，可用 date、name")
            if "date" not in keys:
                p.problem(item, f"{where}.date", "缺少日期 date")
                continue
            name = ""
            if "name" in keys and not _is_null(keys["name"][1]):
                name = p.scalar_text(keys["name"][1], f"{where}.name") or ""
            node = keys["date"][1]
        else:
            node, name = item, ""
        day = p.date(node, where if node is item else f"{where}.date")
        if day is None:
            continue
        if day.weekday() < 5:
            p.problem(node, where, f"{day}（星期{_WEEKDAYS[day.weekday()]}）本来就是工作日，调休上班日应为周六或周日，请核对")
            continue
        out.append((day, name, node, where))
    return out


def load_override(path) -> tuple[OverrideYear | None, list[CalendarProblem]]:
    """Parse one override file. Returns (None, problems) unless the file is entirely valid."""
    path = Path(path)
    p = _Parser(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        p.problem(None, "", "文件不存在")
        return None, p.problems
    except UnicodeDecodeError:
        p.problem(None, "", "文件不是 UTF-8 编码")
        return None, p.problems
    except OSError as exc:
        from ..records.errors import os_reason
        p.problem(None, "", f"无法读取文件：{os_reason(exc)}")
        return None, p.problems

    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        p.problems.append(CalendarProblem(
            path, mark.line + 1 if mark else None, mark.column + 1 if mark else None, "",
            f"YAML 格式错误：{exc.problem or exc.context}"))
        return None, p.problems
    except yaml.YAMLError as exc:
        p.problem(None, "", f"YAML 格式错误：{exc}")
        return None, p.problems
    if root is None or _is_null(root):
        p.problem(None, "", "文件为空")
        return None, p.problems
    if not isinstance(root, yaml.MappingNode):
        p.problem(root, "", "文件顶层应为“键: 值”映射（year、notice、holidays、workdays）")
        return None, p.problems

    keys = p.mapping(root, "")
    for key, (key_node, _) in keys.items():
        if key not in _KEYS:
            p.problem(key_node, key, f"未知的键“{key}”，可用 {'、'.join(_KEYS)}")

    year = None
    if "year" not in keys:
        p.problem(root, "year", "缺少年份 year")
    else:
        node = keys["year"][1]
        text_year = p.scalar_text(node, "year")
        if text_year is not None:
            if re.fullmatch(r"\d{4}", text_year.strip()):
                year = int(text_year)
            else:
                p.problem(node, "year", f"年份“{text_year}”应为四位数字")
    if year is not None and path.stem.isdigit() and int(path.stem) != year:
        p.problem(keys["year"][1], "year", f"年份 {year} 与文件名 {path.name} 不一致")

    notice = ""
    if "notice" not in keys or _is_null(keys["notice"][1]):
        p.problem(keys["notice"][1] if "notice" in keys else root, "notice",
                  "缺少通知标题 notice（国务院办公厅关于某年部分节假日安排的通知）")
    else:
        notice = (p.scalar_text(keys["notice"][1], "notice") or "").strip()
        if not notice:
            p.problem(keys["notice"][1], "notice", "通知标题 notice 不能为空")

    reference = None
    if "reference" in keys and not _is_null(keys["reference"][1]):
        reference = (p.scalar_text(keys["reference"][1], "reference") or "").strip() or None

    verified = True
    if "verified" in keys:
        node = keys["verified"][1]
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            verified = node.value.lower() in ("true", "yes", "on", "y")
        else:
            p.problem(node, "verified", "verified 应为 true 或 false")

    holiday_items = _holiday_items(p, _sequence(p, keys.get("holidays"), "holidays"))
    workday_items = _workday_items(p, _sequence(p, keys.get("workdays"), "workdays"))

    holidays: dict[dt.date, str] = {}
    workdays: dict[dt.date, str] = {}
    for items, target in ((holiday_items, holidays), (workday_items, workdays)):
        outside: dict[str, tuple] = {}  # one problem per entry, however many days it spans
        for day, name, node, where in items:
            if year is not None and day.year != year:
                first, last, _ = outside.get(where, (day, day, node))
                outside[where] = (min(first, day), max(last, day), node)
                continue
            target.setdefault(day, name)
        for where, (first, last, node) in outside.items():
            days = str(first) if first == last else f"{first} 至 {last}"
            p.problem(node, where, f"{days} 不在 {year} 年内，请写入 {first.year}.yaml")
    for day in sorted(holidays.keys() & workdays.keys()):
        node, where = next((n, w) for d, _, n, w in workday_items if d == day)
        p.problem(node, where, f"{day} 同时列为放假日和调休上班日")

    if p.problems or year is None:
        return None, p.problems
    return OverrideYear(year, notice, reference, holidays, workdays, verified, path), []


def override_skeleton(year: int) -> str:
    """Text of a new `records/calendar/<year>.yaml`, prefilled from the statutory rule."""
    fb = fallback_holidays(year)
    lines = [
        f"# {year} 年工作日历：国务院办公厅关于{year}年部分节假日安排的通知",
        f"# 由 xuncha calendar add {year} 生成。请对照国务院办公厅当年通知逐项填写、核对：",
        "#   1. notice 填通知标题，reference 填文号；",
        "#   2. holidays 按通知填写每段放假的起止日期（放假调休的整段，含其中的周末）；",
        f"#      下面预填的是按{RULE}推算的法定假日和补假，标有“待核对”，",
        "#      只是起点，通知公布的实际放假安排往往更长，请以通知为准修改；",
        "#   3. workdays 填通知中的调休上班日（通常是周六或周日）；",
        "#   4. 只写本年的日期；上一年的调休上班日写入上一年的文件；",
        "#   5. 全部核对无误后，把 verified 改为 true，并删去“待核对”字样。",
        "# 在 verified 改为 true 之前，涉及本年的期限都标为暂定。",
        f"year: {year}",
        f"notice: 国务院办公厅关于{year}年部分节假日安排的通知",
        f"reference:            # 文号，如 国办发明电〔{year - 1}〕X号",
        "verified: false      # 核对无误后改为 true",
        "holidays:            # 放假日期：单个日期，或 {name: 节日名, start: 开始日期, end: 结束日期}",
    ]
    if fb.uncomputed:
        lines.append(f"  # 无法推算，请按通知补上：{'、'.join(fb.uncomputed)}")
    rest = fb.rest_days
    # Group consecutive days with the same name into one range entry.
    groups: list[list] = []
    for day in sorted(rest):
        name = rest[day]
        if groups and groups[-1][1] == name and (day - groups[-1][2]).days == 1:
            groups[-1][2] = day
        else:
            groups.append([day, name, day])
    for start, name, end in groups:
        note = "待核对：法定假日逢周末的补假" if name.endswith("（补假）") else "待核对"
        lines.append(f"  - {{name: {name}, start: {start.isoformat()}, end: {end.isoformat()}}}   # {note}")
    if not groups:
        lines[-1] = "holidays: []         # 放假日期：单个日期，或 {name: 节日名, start: 开始日期, end: 结束日期}"
    lines += [
        "workdays: []         # 调休上班日，按通知填写，例如：",
        f"#  - {{date: {year}-MM-DD, name: 春节}}",
        f"#  - {year}-MM-DD",
        "",
    ]
    return "\n".join(lines)
