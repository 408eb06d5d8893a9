"""What git knows about the records: the history of each step file (xuncha log) and what it betrays (xuncha audit).

The record files say what the clerks claim; the commits say when and by whom it was
written down.  ``log`` reads every version of every record file — the inspections, and the
annual plans, the roster, config.yaml and the calendar files beside them — and compares
them field by field; ``audit`` looks in the same versions for back-dating
(a step written down long after the date it claims), dates changed after the fact and
deleted records — the paper compliance (形式主义) the supervision office must catch.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..dates import read_stored
from ..records import git
from .steps import Step, step_of_file
from ..refusal import Refusal

_NULLS = {"", "~", "null", "Null", "NULL"}
FILE_TITLES = {"inspection.yaml": "巡查基本信息", "problems.yaml": "问题清单", "tips.yaml": "来访来信来电登记",
               "result-notice.yaml": "巡查结果通报"}
DEFAULT_THRESHOLD_DAYS = 15


class HistoryError(Refusal):
    """History cannot be read (no repository, git failing); the message is Chinese."""


@dataclass
class Change:
    field: str
    before: str | None
    after: str | None


@dataclass
class Version:
    """One file as one commit left it."""

    commit: str
    author: str
    email: str
    authored: dt.datetime
    committed: dt.datetime
    subject: str
    body: str
    path: str                        # relative to the repository
    status: str                      # A added, M modified, D deleted
    values: dict[str, str | None] | None = None   # flattened fields; None when deleted or unreadable
    previous: "Version | None" = None
    root: bool = False               # made by a commit with no parent (the import of the ledger)
    parents: list[str] = field(default_factory=list)
    # The file as each parent commit had it (None: not there).  A merge's entries are new only
    # when no parent had them: what came in from the other side was recorded by its own commit.
    sources: "list[Version | None]" = field(default_factory=list)

    @property
    def merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def kind(self) -> str:
        """inspection, plan, people, config or calendar: which part of the tree the file is."""
        return _kind(self.path)

    @property
    def inspection(self) -> str | None:
        return PurePosixPath(self.path).parent.name if self.kind == "inspection" else None

    @property
    def file(self) -> str:
        """The file name in its inspection folder; plans/2020.yaml, people.yaml … for the rest of the tree."""
        path = PurePosixPath(self.path)
        return f"{path.parent.name}/{path.name}" if self.kind in ("plan", "calendar") else path.name

    @property
    def step(self) -> Step | None:
        return step_of_file(self.file) if self.kind == "inspection" else None

    @property
    def label(self) -> str:
        step = self.step
        if step:
            return f"{step.chinese}（{self.file}）"
        if self.kind == "inspection":
            return f"{FILE_TITLES.get(self.file, '记录')}（{self.file}）"
        stem = PurePosixPath(self.path).stem
        title = {"plan": f"{stem}年度方案", "calendar": f"{stem}年工作日历", "people": "人员名册",
                 "config": "台账总配置"}[self.kind]
        return f"{title}（{self.file}）"

    @property
    def heading(self) -> str:
        """What the file is, as ``log`` lists it: ``2020-1-jianhu 反馈（feedback.yaml）`` or ``2020年度方案（plans/2020.yaml）``."""
        return f"{self.inspection} {self.label}" if self.kind == "inspection" else self.label

    @property
    def owner(self) -> str:
        """The start of a finding's sentence: ``巡查 2020-1-jianhu 的`` or ``2020年度方案（plans/2020.yaml）中``."""
        return f"巡查 {self.inspection} 的" if self.kind == "inspection" else f"{self.label}中"

    @property
    def reason(self) -> str | None:
        for line in self.body.splitlines():
            # 说明： is what `xuncha commit -m` writes for a hand edit.
            for prefix in ("更正原因：", "说明："):
                if line.startswith(prefix):
                    return line.removeprefix(prefix).strip()
        return None

    @functools.cached_property
    def entries(self) -> "ListEntryIndex":
        return ListEntryIndex(_entries(self.values or {}))

    def changes(self) -> list[Change]:
        before = self.previous.values if self.previous and self.previous.values is not None else {}
        after = self.values or {}
        keys = list(dict.fromkeys([*before, *after]))
        changed = [Change(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
        if self.merge:  # only what no side had (a conflict decided in the merge), entries found by key
            sides = []
            for source in self.sources:
                values = source.values or {} if source is not None else {}
                name = _entry_names(values)
                sides.append({name(k): v for k, v in values.items()})
            after_name, before_name = _entry_names(after), _entry_names(before)
            changed = [c for c in changed if
                       (c.after is not None and all(side.get(after_name(c.field), "\0") != c.after for side in sides))
                       or (c.after is None and all(before_name(c.field) in side for side in sides))]
        return changed

    @functools.cached_property
    def earlier_entries(self) -> "ListEntryIndex":
        """Every entry any parent had: an entry is recorded here only when none of them had it."""
        return ListEntryIndex([e for s in self.sources if s is not None for e in s.entries.entries])

    def shown_changes(self, people: dict[str, str] | None = None) -> list[Change]:
        """The changes as the clerk reads them: Chinese field names, coded values as the documents name them,
        people by name (``people``: roster id -> name)."""
        before = self.previous.values if self.previous and self.previous.values is not None else {}
        changes = self.changes()
        # An empty list ([]) that gains its first entry is not news of its own: the entry is.
        filled = {c.field for c in changes if "[]" in (c.before, c.after)
                  and any(o.field.startswith(c.field + "[") for o in changes)}
        return [Change(*shown_field(self.file, c.field, c.before, c.after, self.values or before, people))
                for c in changes if c.field not in filled]


PERSON_KEYS = frozenset({"by", "leader", "deputy", "members"})


def shown_field(file: str, path: str, before: str | None, after: str | None,
                values: dict[str, str | None] | None = None,
                people: dict[str, str] | None = None) -> tuple[str, str | None, str | None]:
    from ..model.names import describe, display_value
    from ..model.tree import INSPECTION_FILES

    cls = INSPECTION_FILES.get(file, (None, None))[1] or _tree_class(file)
    label, owner, key = describe(cls, path, values)

    def shown(value: str | None) -> str | None:
        if people and key in PERSON_KEYS and value in people:
            return f"{people[value]}（{value}）"
        return display_value(owner, key, value)

    return label, shown(before), shown(after)


def _tree_class(file: str) -> type | None:
    """The record class of a file outside the inspections (plans/2020.yaml, people.yaml, config.yaml)."""
    from ..model.config import Config
    from ..model.people import Roster
    from ..model.plan import Plan

    if file.startswith("plans/"):
        return Plan
    return {"people.yaml": Roster, "config.yaml": Config}.get(file)


# The record files of the tree outside the inspections, as ``log`` and ``audit`` cover them.
TREE_FILES = ("plans", "people.yaml", "config.yaml", "calendar")


def _kind(path: str) -> str:
    parts = PurePosixPath(path).parts
    if len(parts) >= 3 and parts[-3] == "inspections":
        return "inspection"
    if len(parts) >= 2 and parts[-2] == "plans":
        return "plan"
    if len(parts) >= 2 and parts[-2] == "calendar":
        return "calendar"
    return "people" if parts[-1] == "people.yaml" else "config"


def history(records_root: Path, inspection: str | None = None) -> list[Version]:
    """Every version of every record file, oldest first: the whole tree, or one inspection's folder."""
    repo = git.repo_root(records_root)
    if repo is None:
        raise HistoryError(f"{records_root} 不在 git 仓库中：没有审计留痕可查。可在台账上级目录运行 git init")
    base = records_root.resolve().relative_to(repo.resolve())
    if inspection:
        specs = [(base / "inspections" / inspection).as_posix()]
    else:
        specs = [(base / name).as_posix() for name in ("inspections", *TREE_FILES)]
    # -c lists a merge's file only when it differs from every parent (merged by meaning, or a
    # conflict decided); a file taken whole from one side is that side's version, recorded there.
    log = _git(repo, ["log", "--reverse", "--topo-order", "--no-renames", "--name-status", "-z", "-c",
                      "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%P%x1f%s%x1f%b%x1f", "--", *specs])
    # Only YAML records: a README or a stray file beside them is no record.
    versions = [v for v in _parse_log(log) if v.path.endswith((".yaml", ".yml"))]
    contents = _cat_files(repo, [(v.commit, v.path) for v in versions if v.status != "D"])
    blobs = _blob_ids(repo, [(c, v.path) for v in versions for c in [v.commit, *v.parents]])
    first: dict[tuple[str, str], Version] = {}   # (path, blob) → the version that first wrote it
    last: dict[str, Version] = {}
    for version in versions:
        if version.status != "D":
            version.values = _flatten_text(contents.get((version.commit, version.path)))
        version.sources = [_source(version, parent, blobs, first, last) for parent in version.parents]
        version.previous = version.sources[0] if version.sources else None
        blob = blobs.get((version.commit, version.path))
        if blob is not None:
            first.setdefault((version.path, blob), version)
        last[version.path] = version
    return versions


_ENTRY_KEYS = ("date", "received", "method", "to", "status", "kind", "summary", "title", "person")


def _entry_names(values: dict[str, str | None]):
    """``problems[3].title`` → ``problems[P4].title``: a merge shifts positions, not entries."""
    def name(key: str) -> str:
        out = key
        for bracket in reversed(list(_INDEX.finditer(key))):
            prefix = key[:bracket.end()]
            own = values.get(f"{prefix}.id") or "|".join(
                str(values[f"{prefix}.{k}"]) for k in _ENTRY_KEYS if values.get(f"{prefix}.{k}") is not None)
            if own:
                out = out[:bracket.start()] + f"[{own}]" + out[bracket.end():]
        return out
    return name


def _source(version: Version, parent: str, blobs: dict, first: dict, last: dict) -> "Version | None":
    """The version of ``version``'s file in ``parent``: the commit that wrote that content, on whichever side."""
    blob = blobs.get((parent, version.path))
    if blob is None:
        return None
    return first.get((version.path, blob)) or last.get(version.path)


def _blob_ids(repo: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    if not wanted:
        return {}
    wanted = list(dict.fromkeys(wanted))
    request = "".join(f"{commit}:{path}\n" for commit, path in wanted).encode("utf-8")
    result = subprocess.run(["git", "cat-file", "--batch-check"], cwd=repo, input=request, capture_output=True)
    if result.returncode != 0:
        raise HistoryError(f"读取 git 历史失败：{result.stderr.decode('utf-8', 'replace').strip()}")
    found = {}
    for key, line in zip(wanted, result.stdout.decode("utf-8", "replace").splitlines()):
        parts = line.split()
        if len(parts) >= 2 and parts[1] != "missing":
            found[key] = parts[0]
    return found


def log_versions(versions: list[Version]) -> list[Version]:
    """What `log` shows: a merge only where it wrote something no side had (a conflict decided)."""
    return [v for v in versions if not v.merge or v.status == "D" or v.changes()]


def _git(repo: Path, args: list[str]) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        if "does not have any commits" in message or "bad default revision" in message:
            return ""
        raise HistoryError(f"读取 git 历史失败：{message}")
    return result.stdout.decode("utf-8", "replace")


def _parse_log(text: str) -> list[Version]:
    versions: list[Version] = []
    for chunk in text.split("\x1e")[1:]:
        parts = chunk.split("\x1f")
        commit, author, email, authored, committed, parents, subject, body = parts[:8]
        files = [item.strip("\n") for item in parts[8].split("\x00")]
        files = [item for item in files if item]
        for status, path in zip(files[0::2], files[1::2]):
            # A merge's status has a letter per parent (-c): deleted only when gone against all of them.
            kind = "D" if set(status) == {"D"} else ("A" if set(status) == {"A"} else status[0])
            versions.append(Version(commit, author, email, dt.datetime.fromisoformat(authored),
                                    dt.datetime.fromisoformat(committed), subject, body.strip(), path,
                                    kind if kind in "ADM" else "M", root=not parents.strip(),
                                    parents=parents.split()))
    return versions


def _cat_files(repo: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Every wanted blob through one `git cat-file --batch`, not a process per file."""
    if not wanted:
        return {}
    request = "".join(f"{commit}:{path}\n" for commit, path in wanted).encode("utf-8")
    result = subprocess.run(["git", "cat-file", "--batch"], cwd=repo, input=request, capture_output=True)
    if result.returncode != 0:
        raise HistoryError(f"读取 git 历史失败：{result.stderr.decode('utf-8', 'replace').strip()}")
    out, position, found = result.stdout, 0, {}
    for key in wanted:
        newline = out.index(b"\n", position)
        header = out[position:newline].split()
        position = newline + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        found[key] = out[position:position + size].decode("utf-8-sig", "replace")
        position += size + 1
    return found


def _flatten_text(text: str | None) -> dict[str, str | None] | None:
    """Fields of one version as ``a.b[0].c`` → text, read without YAML 1.1 guesses (``no`` stays ``no``)."""
    if text is None:
        return None
    from ..records.yamlread import parse_text

    node, problems = parse_text(text, "")
    if node is None:
        return None if problems else {}
    flat: dict[str, str | None] = {}
    _flatten(node, "", flat)
    return flat


def _flatten(node, prefix: str, flat: dict) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _flatten(value, f"{prefix}.{key.value}" if prefix else str(key.value), flat)
    elif isinstance(node, yaml.SequenceNode):
        if not node.value:
            flat[prefix] = "[]"
        for index, value in enumerate(node.value):
            _flatten(value, f"{prefix}[{index}]", flat)
    else:
        plain = node.style in (None, "")
        flat[prefix] = None if plain and node.value in _NULLS else node.value


# ---------------------------------------------------------------- audit


@dataclass
class Finding:
    kind: str            # back-dated, date-changed, deleted, roster-rewritten
    inspection: str | None   # None for the plans, the roster, config.yaml and the calendar
    file: str
    message: str
    commits: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "inspection": self.inspection, "file": self.file, "message": self.message,
                "commits": self.commits}


def commits_up_to(records_root: Path, revision: str) -> set[str]:
    """Every commit reachable from ``revision``: what `audit --since` leaves aside as already audited or imported."""
    repo = git.repo_root(records_root)
    if repo is None:
        raise HistoryError(f"{records_root} 不在 git 仓库中：没有审计留痕可查")
    result = subprocess.run(["git", "rev-list", revision, "--"], cwd=repo, capture_output=True, text=True)
    if result.returncode != 0:
        raise HistoryError(f"--since {revision} 不是本仓库中的提交：{result.stderr.strip()}")
    return set(result.stdout.split())


def audit(versions: list[Version], threshold_days: int = DEFAULT_THRESHOLD_DAYS,
          include_initial: bool = False, skip: set[str] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for version in versions:
        if version.root and not include_initial:
            continue  # the first commit imports the paper ledger as it stood; it records nothing new
        if skip and version.commit in skip:
            continue
        findings += _back_dated(version, threshold_days)
        findings += _dates_changed(version)
        findings += _deleted(version)
        findings += _entries_removed(version)
        findings += _roster_rewritten(version)
    return findings


def _when(version: Version) -> str:
    return f"提交 {version.commit[:10]}（{version.committed:%Y-%m-%d %H:%M}，{version.author}）"


# Dated entries of a list: activities, and per problem its hand-offs, progress, look-backs and escalations; tips.
ENTRY_TITLES = {"activities": "工作记录", "handoffs": "移交处置", "progress": "整改进展", "lookbacks": "回头看",
                "escalations": "督促整改措施", "tips": "来访来信来电", "approvals": "审议批准", "changes": "任职变动"}
_INDEX = re.compile(r"\[\d+\]")
# A roster change is dated by ``since``: the day it took effect (二（二）).
_ENTRY_DATE = re.compile(r"^(.*\[\d+\])\.(date|received)$|^(.*\.changes\[\d+\])\.(since)$")
_DATE_KEYS = ("date", "received", "since")


@dataclass
class ListEntry:
    path: str                        # e.g. problems[0].handoffs[1]
    context: str                     # the list it belongs to, by id not position: problems[P1].handoffs
    date: str | None
    fields: dict[str, str | None]    # everything else written in the entry

    @functools.cached_property
    def identity(self) -> tuple:
        return self.context, tuple(sorted(self.fields.items(), key=lambda item: item[0]))

    def found_in(self, others: "ListEntryIndex") -> bool:
        """The same entry as one of ``others``: same content, or same list and day (its wording revised)."""
        return self.identity in others.identities or (self.context, self.date) in others.days

    def name(self) -> str:
        from ..model.inspection import WORKING_METHOD_NAMES
        from ..model.names import ENTRY_CLASSES, display_value

        kind = self.context.rsplit(".", 1)[-1]
        if kind == "activities":
            method = self.fields.get("method") or ""
            return f"工作记录（{WORKING_METHOD_NAMES.get(method, method)}：{self.fields.get('summary') or ''}）"
        owner = re.match(r"problems\[([^\]]+)\]\.", self.context)
        main = next(((k, self.fields[k]) for k in ("to", "status", "kind", "findings", "summary", "id", "by", "unit",
                                                   "rank", "post", "position") if self.fields.get(k)), None)
        main = display_value(ENTRY_CLASSES.get(kind), *main) if main else ""
        if kind == "approvals":
            from ..model.plan import APPROVER_NAMES

            main = APPROVER_NAMES.get(main, main)
        return f"{'问题 ' + owner.group(1) + ' 的' if owner else ''}{ENTRY_TITLES.get(kind, kind)}（{main}）"


class ListEntryIndex:
    """The entries of one version, looked up by content and by list and day."""

    def __init__(self, entries: list[ListEntry]):
        self.entries = entries
        self.identities = {e.identity for e in entries}
        self.days = {(e.context, e.date) for e in entries}


def _entries(values: dict[str, str | None]) -> list[ListEntry]:
    """Dated list entries, each key assigned to its innermost entry in one pass (files hold thousands of keys)."""
    dates = {}
    for key, value in values.items():
        match = _ENTRY_DATE.match(key)
        if match:
            dates[match.group(1) or match.group(3)] = (key, value)
    fields: dict[str, dict[str, str | None]] = {item: {} for item in dates}
    for key, value in values.items():
        owner = None
        for bracket in _INDEX.finditer(key):
            if key[:bracket.end()] in dates and bracket.end() < len(key):
                owner = key[:bracket.end()]
        if owner is not None and key != dates[owner][0]:
            fields[owner][key[len(owner) + 1:]] = value
    return [ListEntry(item, _context(item, values), value, fields[item]) for item, (_, value) in dates.items()]


def _context(item: str, values: dict[str, str | None]) -> str:
    """``problems[0].handoffs[1]`` → ``problems[P1].handoffs``: a problem inserted above must not shift the rest."""
    parts = item.split(".")
    named = []
    for depth, part in enumerate(parts[:-1]):
        prefix = ".".join(parts[:depth + 1])
        own_id = values.get(f"{prefix}.id")
        named.append(re.sub(r"\[\d+\]$", f"[{own_id}]", part) if own_id else part)
    named.append(re.sub(r"\[\d+\]$", "", parts[-1]))
    return ".".join(named)


def _back_dated(version: Version, threshold: int) -> list[Finding]:
    if version.values is None:
        return []
    dated_before = any(s is not None and s.values and "date" in s.values for s in version.sources)
    claims: list[tuple[str, str | None]] = []
    if version.step is not None and not version.step.repeatable and not dated_before:
        claims.append((version.label, version.values.get("date")))
    disclosed_before = any(s is not None and s.values and "disclosure.date" in s.values for s in version.sources)
    if version.kind == "plan" and not disclosed_before:
        claims.append(("向社会公开（五（五））", version.values.get("disclosure.date")))
    # Entries new in this commit, wherever the clerk inserted them (a forgotten one goes in date order).
    old = version.earlier_entries
    for entry in version.entries.entries:
        if not entry.found_in(old):
            number = re.search(r"\[(\d+)\]$", entry.path).group(1)
            what = f"第 {int(number) + 1} 条{entry.name()}" if entry.context == "activities" else entry.name()
            claims.append((what, entry.date))
    committed = version.committed.date()
    found = []
    for what, value in claims:
        claimed = _iso(value)
        if claimed is None or (committed - claimed).days <= threshold:
            continue
        lag = (committed - claimed).days
        found.append(Finding(
            "back-dated", version.inspection, version.file,
            f"{version.owner}{what}记载日期为 {claimed}，但直到 {committed} 才首次录入台账"
            f"（{_when(version)}），相隔 {lag} 天，超过 {threshold} 天：可能是事后补记或倒签日期，"
            f"请核对原始材料（会议记录、发文登记）",
            [version.commit]))
    return found


def _iso(value: str | None) -> dt.date | None:
    """A date as a record file keeps it (xuncha.dates), else None: history compares what was written."""
    return read_stored(value)[0] if value else None


def _dates_changed(version: Version) -> list[Finding]:
    if version.previous is None or version.previous.values is None or version.values is None:
        return []
    entries, old_entries = version.entries.entries, version.previous.entries.entries
    in_entries = {f"{e.path}.{k}" for e in entries + old_entries for k in _DATE_KEYS}
    moved: list[tuple[str, str, str]] = []
    for change in version.changes():
        # Dated entries are matched by content, not position: inserting one shifts every index.
        if change.field in in_entries or not _audited_date(version, change.field):
            continue
        if _iso(change.before) and _iso(change.after):
            label = shown_field(version.file, change.field, None, None, version.values)[0]
            moved.append((f"“{label}”", change.before, change.after))
    old_dates: dict[tuple, list[str | None]] = {}
    for previous in old_entries:
        old_dates.setdefault(previous.identity, []).append(previous.date)
    for entry in entries:
        for date in old_dates.get(entry.identity, []):
            if date != entry.date and _iso(entry.date) and _iso(date) and entry.date not in old_dates[entry.identity]:
                moved.append((f"{entry.name()}的日期", date, entry.date))
    explained = _explained(version)
    if version.merge:  # a date the other side had already changed is reported at that side's commit
        others = [s.values or {} for s in version.sources[1:] if s is not None]
        other_dates = {e.identity: e.date for s in version.sources[1:] if s is not None for e in s.entries.entries}
        moved = [m for m in moved if not any(after_value(o, m) for o in others)
                 and other_dates.get(_identity_of(version, m)) != m[2]]
    return [Finding(
        "date-changed", version.inspection, version.file,
        f"{version.owner if version.kind == 'inspection' else ''}{version.label}中{what}原记为 {before}（{_when(version.previous)}），"
        f"后被改为 {after}（{_when(version)}）；{explained}。事后改动日期须有依据，请核对",
        [version.previous.commit, version.commit]) for what, before, after in moved]


def after_value(values: dict, moved: tuple[str, str, str]) -> bool:
    """Whether a parent's file already holds the moved field's new value."""
    what, _before, after = moved
    field_name = what.strip().strip("`").strip()
    return values.get(field_name) == after


def _identity_of(version: Version, moved: tuple[str, str, str]):
    for entry in version.entries.entries:
        if f"{entry.name()}的日期" == moved[0] and entry.date == moved[2]:
            return entry.identity
    return None


def _entries_removed(version: Version) -> list[Finding]:
    if version.values is None or version.previous is None or version.previous.values is None:
        return []
    current = version.entries
    if version.merge:  # dropped in a merge: only what every side still had (a side's own deletion is reported there)
        others = [s.entries if s is not None else ListEntryIndex([]) for s in version.sources[1:]]
        return [Finding(
            "deleted", version.inspection, version.file,
            f"巡查 {version.inspection} 的{previous.name()[:-1]}，{previous.date}）"
            f"在{_when(version)}（合并）被删去，该条由{_when(version.previous)}或更早写入。"
            f"已记录的事项不应删除；如系误录，应在提交说明中写明原因",
            [version.commit]) for previous in version.previous.entries.entries
            if not previous.found_in(current) and all(previous.found_in(o) for o in others)]
    return [Finding(
        "deleted", version.inspection, version.file,
        f"{version.owner}{previous.name()[:-1]}，{previous.date}）"
        f"在{_when(version)}被删去，该条由{_when(version.previous)}或更早写入。"
        f"已记录的事项不应删除；如系误录，应在提交说明中写明原因",
        [version.commit]) for previous in version.previous.entries.entries if not previous.found_in(current)]


def _deleted(version: Version) -> list[Finding]:
    if version.status != "D":
        return []
    previous = version.previous
    last = previous.values.get("date") if previous and previous.values else None
    recorded = f"，该记录由{_when(previous)}写入" if previous else ""
    claimed = f"，删除前记载的日期为 {last}" if last else ""
    return [Finding(
        "deleted", version.inspection, version.file,
        f"{version.owner if version.kind == 'inspection' else ''}{version.label}在{_when(version)}被删除{recorded}{claimed}。"
        + ("已记录的环节不应删除；如系误录，应以更正（--amend --reason）留痕" if version.kind == "inspection"
           else "台账文件不应删除；如系误录，应在提交说明中写明原因"),
        [c for c in (previous.commit if previous else None, version.commit) if c])]


def _audited_date(version: Version, key: str) -> bool:
    """Which changed dates outside the inspections are findings.

    A plan is drafted and redrafted: its approvals and its publication are facts from the
    day they are written, its mobilization once the city has approved it (四（一）、五（五））.
    A calendar file is filled in from the State Council's notice: changing it counts once it
    was marked verified.  The roster's dates and config.yaml's always count."""
    if version.kind == "plan":
        if key.startswith(("approvals", "disclosure")):
            return True
        previous = version.previous.values if version.previous else None
        approved = any(k.endswith(".by") and v == "city" for k, v in (previous or {}).items())
        return ".mobilization." in key and approved
    if version.kind == "calendar":
        return (version.previous.values or {}).get("verified") == "true"
    return True


# Roster facts a team is judged by (二（二）): rewriting them in place hides who someone was.
ROSTER_FACTS = ("unit", "rank", "post", "position", "since", "familiar_with_safety", "expert")


def _roster_rewritten(version: Version) -> list[Finding]:
    """A person's entry edited in place, or a person dropped, instead of a dated change appended."""
    if version.kind != "people" or version.values is None or version.previous is None \
            or version.previous.values is None:
        return []
    before, after = _people(version.previous.values), _people(version.values)
    # A merge takes the other side's rewrite from that side's own commit, where it is reported.
    others = [_people(s.values) for s in version.sources[1:] if s is not None and s.values is not None]
    found = []
    for person_id, old in before.items():
        new = after.get(person_id)
        name = old.get("name") or person_id
        if new is None:
            if any(person_id not in o for o in others):
                continue
            found.append(Finding(
                "roster-rewritten", None, version.file,
                f"人员名册中{name}（{person_id}）在{_when(version)}被删去，其登记由{_when(version.previous)}或更早写入。"
                f"曾参加巡查的人员不应从名册删除：巡查组按授权之日的名册判断（二（二））",
                [version.commit]))
            continue
        for key in ROSTER_FACTS:
            if any(o.get(person_id, {}).get(key) == new.get(key) for o in others):
                continue
            if old.get(key) is not None and old.get(key) != new.get(key):
                found.append(Finding(
                    "roster-rewritten", None, version.file,
                    f"人员名册中{name}（{person_id}）的{_person_field(key)}原为 {old[key]}（{_when(version.previous)}），"
                    f"后被直接改为 {new.get(key) if new.get(key) is not None else '（删去）'}（{_when(version)}）；"
                    f"{_explained(version)}。任职变动应以 xuncha person update {person_id} --since 日期 追加，"
                    f"而不改写原有登记，否则过去的巡查组将按改写后的名册判断",
                    [version.previous.commit, version.commit]))
    return found


def _person_field(key: str) -> str:
    import dataclasses

    from ..model.people import Person

    title = next((f.metadata.get("title") for f in dataclasses.fields(Person) if f.name == key), None) or key
    return f"“{title.split('：')[0].split('（')[0]}”（{key}）"


def _people(values: dict[str, str | None]) -> dict[str, dict[str, str | None]]:
    """people[i].key → {id: {key: value}} for the top-level facts of each person."""
    by_index: dict[str, dict[str, str | None]] = {}
    for key, value in values.items():
        match = re.match(r"^people\[(\d+)\]\.([a-z_]+)$", key)
        if match:
            by_index.setdefault(match.group(1), {})[match.group(2)] = value
    return {fields["id"]: fields for fields in by_index.values() if fields.get("id")}


def _explained(version: Version) -> str:
    reason = version.reason
    return f"提交说明的更正原因：{reason}" if reason else "提交中没有说明更正原因"
