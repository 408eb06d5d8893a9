"""Read the records tree into the model: returns (records, diagnostics) and never raises on bad input."""

from __future__ import annotations

import gc
import os
import stat as kinds
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

from ..model.config import Config
from ..model.people import Roster
from ..model.plan import Plan
from ..model.tree import INSPECTION_FILES, InspectionFolder, Records
from .convert import Converter
from .errors import os_reason
from .fastread import read_clean
from ..model.diagnostics import WARNING, Diagnostic
from .paths import CONFIG_FILE, id_problem
from .yamlread import decode, parse_text

PEOPLE_FILE = "people.yaml"
PLANS_DIR = "plans"
INSPECTIONS_DIR = "inspections"
CALENDAR_DIR = "calendar"


MAX_FILE_BYTES = 32 * 1024 * 1024


def not_a_record_file(path: Path | str, stat: os.stat_result, root: Path | None, linked: bool) -> str | None:
    """Why a path must not be read as a record, or None.  Only regular files inside the tree:
    a FIFO hung every command, a link to /dev/zero read until memory ran out, and a link out
    of the tree was read by validate and then crashed record.  ``stat`` is the file's own (the
    target's for a link), ``linked`` whether ``path`` is a symbolic link."""
    if not kinds.S_ISREG(stat.st_mode):
        kind = ("命名管道（FIFO）" if kinds.S_ISFIFO(stat.st_mode) else "设备文件" if kinds.S_ISCHR(stat.st_mode)
                or kinds.S_ISBLK(stat.st_mode) else "套接字" if kinds.S_ISSOCK(stat.st_mode) else "目录"
                if kinds.S_ISDIR(stat.st_mode) else "特殊文件")
        return f"这是{kind}，不是普通文件，工具不会读取它；请删除它或换成普通的 YAML 文件"
    if stat.st_size > MAX_FILE_BYTES:
        return f"文件大小 {stat.st_size // (1024 * 1024)} MB，超过台账文件的上限 {MAX_FILE_BYTES // (1024 * 1024)} MB，工具不会读取它"
    if root is not None and linked:
        target = os.path.realpath(path)
        top = os.path.realpath(root)
        if os.path.commonpath([target, top]) != top:
            return f"这是指向台账之外（{target}）的符号链接，工具只读取台账目录内的文件；请把文件本身放入台账"
    return None


def load_file(path: Path | str, cls: type, display: str, cache=None,
              root: Path | None = None) -> tuple[object | None, list[Diagnostic]]:
    if cache is not None:
        hit = cache.lookup(path, cls, display)
        if hit is not None:
            return hit
    from .cache import _now_ns

    checked_ns = _now_ns()
    try:
        # Before reading: a later edit then shows as a changed signature.  lstat first: a province's
        # 20,000 files are seldom links, and one call then tells both what the file is and that.
        stat = os.lstat(path)
        linked = kinds.S_ISLNK(stat.st_mode)
        if linked:
            stat = os.stat(path)
        refusal = not_a_record_file(path, stat, root, linked)
        if refusal:
            return None, [Diagnostic(display, 1, 1, "not-a-file", refusal)]
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        record, diagnostics = None, [Diagnostic(display, 1, 1, "io", f"无法读取文件：{os_reason(exc)}")]
        stat = raw = None
    else:
        record, diagnostics = parse_file(raw, cls, display)
    if cache is not None:
        cache.store(path, cls, display, stat, checked_ns, raw, record, diagnostics)
    return record, diagnostics


def parse_file(raw: bytes, cls: type, display: str) -> tuple[object | None, list[Diagnostic]]:
    text, diagnostics = decode(raw, display)
    if text is None:
        return None, diagnostics
    record = read_clean(text, cls, display)
    if record is not None:
        return record, diagnostics
    node, diagnostics = parse_text(text, display)
    if node is None:
        return None, diagnostics
    converter = Converter(display)
    record = converter.record(node, cls)
    found = converter.diagnostics
    if cls is Plan and record is not None and not record.approvals:
        # A plan nobody has approved yet is the form `plan new` left to fill in: its blanks are
        # the work still to do (the rules say which), not errors that would block every other
        # command.  From the first approval on, a blank required field is an error again.
        found = [d for d in found if d.rule != "blank-field"]
    return record, diagnostics + found


def load(root: Path, *, inspections: bool = True, cache: bool = True,
         years: Iterable[int] | None = None) -> tuple[Records, list[Diagnostic]]:
    """Load the tree under ``root`` (the records directory).

    With ``cache`` the parse of each unchanged file is reused (see ``cache``); the tree is
    still walked, so the result is the same as without it, only faster.  ``years`` reads
    only those years' plans (none when empty); a command that needs one plan need not parse five.
    """
    with no_cyclic_collector():
        return _load(root, inspections, cache, years)


@contextmanager
def no_cyclic_collector():
    """The tree is millions of small acyclic objects: the cyclic collector would rescan them
    again and again while they are built (or unpickled), tripling the time for nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()  # what was loaded lives until the command ends; never rescan it
            gc.enable()


def load_globals(root: Path, *, inspections: bool = True, cache: bool = True,
                 years: Iterable[int] | None = None):
    """(records without inspections, their diagnostics, the parse cache or None): the config,
    roster and plans every part of a load shares."""
    from . import cache as cache_module

    store = cache_module.ParseCache(root, inspections=inspections) if cache else None
    cache_module.last = store.stats if store else cache_module.Stats()
    records = Records(root=root)
    diagnostics: list[Diagnostic] = []

    def read(path: Path, cls: type):
        record, found = load_file(path, cls, records.display(path), store, records.root)
        diagnostics.extend(found)
        return record

    config_path = root / CONFIG_FILE
    if config_path.is_file():
        records.config = read(config_path, Config)
    else:
        diagnostics.append(Diagnostic(records.display(config_path), 1, 1, "missing-file",
                                      "缺少台账总配置文件 config.yaml（城市、巡查机构、任期和巡查对象目录）"))
    people_path = root / PEOPLE_FILE
    records.roster = read(people_path, Roster) if people_path.is_file() else Roster()
    if records.roster is None:
        records.roster = Roster()

    _load_plans(records, diagnostics, read, years)
    return records, diagnostics, store


def _load(root: Path, inspections: bool, cache: bool, years) -> tuple[Records, list[Diagnostic]]:
    records, diagnostics, store = load_globals(root, inspections=inspections, cache=cache, years=years)
    if inspections:
        try:
            with os.scandir(root / INSPECTIONS_DIR) as found:
                names = sorted(e.name for e in found if e.is_dir())
        except OSError:
            names = []
        if store is not None:
            _parse_missing_shards(store, records, names)
        for name in names:
            records.inspections[name] = load_inspection_folder(root / INSPECTIONS_DIR / name, records, diagnostics, store)
    if store is not None:
        if years is not None:
            store.keep_unvisited(PLANS_DIR + os.sep)
        store.save(walked_all=inspections and years is None)
    return records, diagnostics


def _parse_missing_shards(store, records: Records, names: list[str]) -> None:
    """Before the walk: the inspection folders of every round the cache has no shard for, parsed on
    every core (records/workers.py); the walk then takes them as parsed."""
    from . import cache as cache_module
    from . import workers

    missing = []
    for name in names:
        shard = cache_module.shard_of(INSPECTIONS_DIR + os.sep + name)
        if not store.has_shard(shard):  # a round already cached: its few changed files are the walk's
            missing.append((name, shard))
    if len(missing) * len(INSPECTION_FILES) < workers.PARALLEL_FROM_FILES or workers.processes() < 2:
        return  # a city's tree, a warm cache or one core: not even worth listing the folders
    jobs: dict[str, list] = {}
    top = records.root / INSPECTIONS_DIR
    for name, shard in missing:
        folder = top / name
        try:
            listed = sorted(os.listdir(folder))
        except OSError:
            continue
        display = f"{records.root.name}/{INSPECTIONS_DIR}/{name}"
        base = str(folder) + os.sep
        for file_name, _, cls in _record_files(listed):
            path = base + file_name
            jobs.setdefault(shard, []).append((store._key(path), path, cls, f"{display}/{file_name}"))
    if jobs:
        workers.parse_shards(store, jobs, lambda path, cls, display: _parse_entry(path, cls, display, records.root))


def _parse_entry(path: str, cls: type, display: str, root: Path):
    """``load_file``'s cache entry for ``path``, or None when it has none (unreadable, refused)."""
    collector = _Collector()
    load_file(path, cls, display, collector, root)
    return collector.entry


class _Collector:
    """Stands in for the parse cache in ``load_file``: keeps the one entry a parse makes."""

    entry = None

    def lookup(self, path, cls, display):
        return None

    def store(self, path, cls, display, stat, checked_ns, raw, record, diagnostics) -> None:
        from .cache import make_entry

        self.entry = make_entry(path, cls, display, stat, checked_ns, raw, record, diagnostics)


def _record_files(names: list[str]):
    """(file name, attribute, record class) of each record file among an inspection folder's ``names``."""
    for name in names:
        entry = INSPECTION_FILES.get(name)
        if entry is not None:
            yield name, entry[0], entry[1]


def load_plans(records: Records, years: Iterable[int]) -> list[Diagnostic]:
    """Read the plans of ``years`` into ``records`` (without the cache); returns their diagnostics."""
    diagnostics: list[Diagnostic] = []

    def read(path: Path, cls: type):
        record, found = load_file(path, cls, records.display(path), root=records.root)
        diagnostics.extend(found)
        return record

    _load_plans(records, diagnostics, read, years)
    return diagnostics


def _load_plans(records: Records, diagnostics: list[Diagnostic], read, years: Iterable[int] | None) -> None:
    if years is None:
        paths = sorted((records.root / PLANS_DIR).glob("*.yaml"))
    else:
        # A plan is registered only under the year its file is named after (checked below),
        # so reading just <year>.yaml finds exactly what reading them all would.
        paths = [p for p in (records.root / PLANS_DIR / f"{y}.yaml" for y in sorted(set(years))) if p.is_file()]
    for path in paths:
        plan = read(path, Plan)
        if plan is None:
            continue
        if plan.year is not None and path.stem != str(plan.year):
            diagnostics.append(Diagnostic(records.display(path), plan.pos("year").line, plan.pos("year").column,
                                          "plan-file-name",
                                          f"文件名 {path.name} 与其中的年度 {plan.year} 不一致，应命名为 {plan.year}.yaml",
                                          field="year"))
            continue
        if plan.year is not None:
            records.plans[plan.year] = plan


def load_inspection(records: Records, inspection_id: str) -> tuple[InspectionFolder, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    folder = records.root / INSPECTIONS_DIR / inspection_id
    return load_inspection_folder(folder, records, diagnostics), diagnostics


def load_inspection_folder(folder: Path, records: Records, diagnostics: list[Diagnostic], store=None,
                           skip: frozenset[str] = frozenset()) -> InspectionFolder:
    """One inspection folder; the files named in ``skip`` are left unread (records/parts.py ``light``)."""
    item = InspectionFolder(id=folder.name, path=folder)
    # records.display(folder) for the root/inspections/<id> every caller passes, without a Path
    # computation per folder (a province has over a thousand).
    display = f"{records.root.name}/{INSPECTIONS_DIR}/{folder.name}"
    problem = id_problem(folder.name)
    if problem:
        diagnostics.append(Diagnostic(display, 1, 1, "inspection-id", f"巡查文件夹名不合规：{problem}"))
    names = sorted(os.listdir(folder))
    base = str(folder) + os.sep  # plain strings: a Path per file was a third of a warm load
    for name in names:
        if name.startswith("."):
            continue
        entry = INSPECTION_FILES.get(name)
        if entry is None:
            if os.path.splitext(name)[1] in (".yaml", ".yml"):
                diagnostics.append(Diagnostic(f"{display}/{name}", 1, 1, "unknown-file",
                                              f"巡查文件夹中有未知文件 {name}，工具不会读取它。可用的文件名："
                                              + "、".join(INSPECTION_FILES), WARNING))
            continue
        if name in skip:
            continue
        attribute, cls = entry
        record, found = load_file(base + name, cls, f"{display}/{name}", store, records.root)
        diagnostics.extend(found)
        setattr(item, attribute, record)
    if item.inspection is None and "inspection.yaml" not in names:
        diagnostics.append(Diagnostic(display + "/inspection.yaml", 1, 1, "missing-file",
                                      "巡查文件夹缺少 inspection.yaml（巡查对象、轮次和巡查组）", clause="四（一）"))
    elif item.inspection is not None and item.inspection.id is not None and item.inspection.id != folder.name:
        pos = item.inspection.pos("id")
        diagnostics.append(Diagnostic(pos.file, pos.line, pos.column, "inspection-id",
                                      f"编号 {item.inspection.id} 与文件夹名 {folder.name} 不一致", field="id"))
    return item
