"""A parse cache for the records tree that is never served stale.

Like beancount's pickle cache, but kept per file: each record file's parsed record and
its own diagnostics are stored under the file's stat signature, so a change to one file
re-parses that file only.  The tree's structure (which files exist, folder names) is
walked afresh on every load, so files added or removed are always seen.

Why a file is trusted without being read again: its (mtime_ns, size, inode, ctime_ns)
is unchanged *and* it was last changed well before we read it.  A file changed within
the same clock tick as our read could keep all four; such entries are marked
unverifiable and checked by content hash on the next load (then trusted once old).
ctime cannot be set by ``touch``/``os.utime``, so back-dating an edit is still caught.

The whole cache is dropped when xuncha's version or the source of the model and the
loader change (a new version parses differently).  A calendar override is not part of the key:
no record's parse depends on the calendar, and what does (deadlines, validate's answers) is
derived from it afresh or keyed on it (``answers.py``).
It lives in ``<folder holding records>/.xuncha-cache/records.parsed/`` (git-ignored by
``xuncha init``) as shards: the config, people and plans in one, each round's inspection
folders in another, so an edit rewrites one shard and a command that reads no inspection
reads one shard.  Each shard is replaced atomically, so two commands at once
are safe (every entry proves itself by its file's stat, whichever run wrote its shard),
and anything unreadable is ignored and rebuilt.  Deleting it only costs one slow run.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .paths import round_of_folder

CACHE_DIR = ".xuncha-cache"
# Bumped when the layout of the cache file changes.
FORMAT = "xuncha-parse-cache/2"
# Timestamps of files changed closer than this to our read cannot be trusted to differ
# from a later edit (coarse filesystem clocks, network shares): verify those by content.
UNVERIFIABLE_NS = 2_000_000_000
# The source whose behaviour decides what a file parses to.
_SOURCES = ("model", "records/loader.py", "records/convert.py", "records/yamlread.py",
            "records/cache.py")

Signature = tuple[int, int, int, int]


def signature(stat: os.stat_result) -> Signature:
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns)


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _now_ns() -> int:
    return time.time_ns()


@dataclass
class CachedParse:
    signature: Signature
    checked_ns: int      # wall clock just before the file was stat'ed and read
    digest: bytes
    kind: str            # record class, so a file can never come back as another kind
    display: str
    record: object
    diagnostics: list


@dataclass
class Stats:
    """What the last load did; for tests and the benchmark, never for behaviour."""

    used: bool = False
    reused: int = 0
    verified: int = 0
    parsed: int = 0
    written: bool = False
    shards_written: int = 0
    processes: int = 1             # how many processes parsed (see records/workers.py)
    recalled: int = 0              # rounds taken as judged last time (records/round_answers.py)
    discarded: str | None = None   # why an existing cache file was not used


last = Stats()


def make_entry(path, cls: type, display: str, stat: os.stat_result | None, checked_ns: int, raw: bytes | None,
               record, diagnostics) -> CachedParse | None:
    """The entry for one parsed file, or None when it could not be read (cheap to retry, never remembered)."""
    if stat is None or raw is None:
        return None
    return CachedParse(signature(stat), checked_ns, digest(raw), cls.__qualname__, display, record, list(diagnostics))


_source_key: str | None = None


def source_key() -> str:
    """xuncha's version, Python's and PyYAML's, and a hash of the parsing source."""
    global _source_key
    if _source_key is None:
        import yaml

        from .. import __version__

        package = Path(__file__).resolve().parent.parent
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{__version__}|{sys.version}|{yaml.__version__}|{FORMAT}".encode())
        for name in _SOURCES:
            path = package / name
            files = sorted(path.glob("*.py")) if path.is_dir() else [path]
            for file in files:
                h.update(file.name.encode())
                try:
                    h.update(file.read_bytes())
                except OSError:
                    h.update(b"?")
        _source_key = h.hexdigest()
    return _source_key


def ensure_cache_dir(root: Path, sub: str | None = None) -> Path:
    """The cache folder beside ``root`` (the records directory), made on first use; raises OSError."""
    folder = root.parent / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        # Out of git's view even where the office's .gitignore predates the cache.
        ignore.write_text("# xuncha 的缓存（解析的台账、编译的模板），可随时删除\n*\n", encoding="utf-8")
    if sub is not None:
        folder = folder / sub
        folder.mkdir(exist_ok=True)
    return folder


# Entries are kept in shards so that a change rewrites a sliver of the cache, not all of it (a
# province's cache is ~45 MB): the config, people and plans in one, each round's inspection
# folders (``new-round`` names them 2020-1-<target>) in another, folders named otherwise in a
# last one.  By round, not by hash: a round's records then lie together in memory as they did
# in one file, and rules that walk them in order stay as fast.  A command that reads no
# inspection reads only the first shard.
INSPECTIONS = "inspections" + os.sep  # the loader's INSPECTIONS_DIR, as keys begin with it
BASE_SHARD = "base"
OTHER_SHARD = "other"
_SHARD_FILE = re.compile(r"^(base|other|\d{4}-\d{1,2})\.pickle$")


def shard_of(key: str) -> str:
    if key.startswith(INSPECTIONS):
        return round_of_folder(key, len(INSPECTIONS)) or OTHER_SHARD
    return BASE_SHARD


VERIFY_ENV = "XUNCHA_CACHE_VERIFY"
# Filesystems whose ctime is not the kernel's own change time (it follows mtime, or is the
# server's): FAT and exFAT USB disks, sshfs and other FUSE mounts, SMB/CIFS and NFS shares.
_UNTRUSTED_FS = {"vfat", "msdos", "exfat", "fuseblk", "fuse", "fuse.sshfs", "cifs", "smb3", "smbfs", "nfs", "nfs4",
                 "9p", "ntfs", "ntfs3", "fuse.rclone", "davfs", "fuse.davfs2"}


def content_only(root: Path) -> bool:
    """True when cached parses must be checked by content: asked for with XUNCHA_CACHE_VERIFY=1,
    or the records live on a filesystem whose timestamps cannot be trusted (/proc/self/mounts)."""
    setting = os.environ.get(VERIFY_ENV)
    if setting is not None:
        return setting not in ("", "0")
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    where = str(Path(root).resolve())
    best, kind = "", ""
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (where == point or where.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, kind = point, fields[2]
    return kind in _UNTRUSTED_FS or kind.startswith("fuse.")


class ParseCache:
    def __init__(self, root: Path, *, inspections: bool = True):
        self.root = root
        self.dir = root.parent / CACHE_DIR
        self.folder = self.dir / f"{root.name}.parsed"
        self.prefix = len(str(root)) + 1
        self.inspections = inspections
        self.started_ns = _now_ns()
        self.header = {"format": FORMAT, "source": source_key(), "root": str(root)}
        self.old: dict[str, CachedParse] = {}
        # Parsed moments ago by this load, before the walk (records/workers.py): taken without a stat.
        self.fresh: dict[str, CachedParse] = {}
        self.new: dict[str, CachedParse] = {}
        self.read_shards: dict[str, set[str]] = {}  # shard -> the keys it held when read
        self.dirty: set[str] = set()
        self.stats = Stats(used=True)
        # Where the filesystem's ctime follows a restored mtime, the stat proves nothing: every
        # file is checked by content (one read and a blake2b per file, ~50 ms per 30 MB).
        self.verify_all = content_only(root)
        # Shards are read when a key of theirs is first asked for: a command that reads one round,
        # or a load in parts (records/parts.py) that reads each round in turn and lets it go,
        # never holds the others in memory.
        self.on_disk: set[str] = set()
        self.settled: set[str] = set()  # written and let go by a load in parts: save() leaves them be
        try:
            names = os.listdir(self.folder)
        except OSError:
            names = []
        for name in names:
            match = _SHARD_FILE.match(name)
            if match is not None and (self.inspections or match.group(1) == BASE_SHARD):
                self.on_disk.add(match.group(1))

    # -- reading the cache files ----------------------------------------------------
    def _ensure(self, shard: str) -> None:
        """Read ``shard`` from disk the first time one of its keys is asked for."""
        if shard in self.on_disk:
            self.on_disk.discard(shard)
            entries = self.read_shard(self.folder / f"{shard}.pickle")
            if entries is not None:
                self.old.update(entries)
                self.read_shards[shard] = set(entries)

    def has_shard(self, shard: str) -> bool:
        """Whether the cache holds ``shard`` for this xuncha (its header, read alone, matches)."""
        if shard in self.read_shards:
            return True
        if shard not in self.on_disk:
            return False
        try:
            with open(self.folder / f"{shard}.pickle", "rb") as handle:
                header = pickle.load(handle)
        except Exception:
            self.stats.discarded = "unreadable"
            return False
        if header != self.header:
            self.stats.discarded = "key"
            return False
        return True

    def read_shard(self, path: Path) -> dict[str, CachedParse] | None:
        """Unpickle one shard; the caller has the cyclic collector off (see ``loader.load``)."""
        try:
            with open(path, "rb") as handle:
                header = pickle.load(handle)
                if header != self.header:
                    self.stats.discarded = "key"
                    return None
                entries = pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception:  # corrupt, truncated, foreign or from classes that no longer exist
            self.stats.discarded = "unreadable"
            return None
        if isinstance(entries, dict) and all(isinstance(e, CachedParse) for e in entries.values()):
            return entries
        self.stats.discarded = "unreadable"
        return None

    # -- per file -------------------------------------------------------------------
    def lookup(self, path: Path | str, cls: type, display: str):
        """(record, diagnostics) for ``path`` when the cached parse is provably current, else None."""
        key = self._key(path)
        if self.fresh:
            entry = self.fresh.pop(key, None)
            if entry is not None and entry.kind == cls.__qualname__ and entry.display == display:
                self.stats.parsed += 1
                self.new[key] = entry
                return entry.record, entry.diagnostics
        if self.on_disk:
            self._ensure(shard_of(key))
        entry = self.old.get(key)
        if entry is None or entry.kind != cls.__qualname__ or entry.display != display:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if signature(stat) != entry.signature:
            return None
        if self.verify_all or max(stat.st_mtime_ns, stat.st_ctime_ns) >= entry.checked_ns - UNVERIFIABLE_NS:
            # Changed too close to when we read it: the stat alone proves nothing.
            try:
                with open(path, "rb") as handle:
                    raw = handle.read()
            except OSError:
                return None
            if digest(raw) != entry.digest:
                return None
            entry.checked_ns = self.started_ns
            self.dirty.add(shard_of(key))
            self.stats.verified += 1
        else:
            self.stats.reused += 1
        self.new[key] = entry
        return entry.record, entry.diagnostics

    def store(self, path: Path | str, cls: type, display: str, stat: os.stat_result | None, checked_ns: int,
              raw: bytes | None, record, diagnostics) -> None:
        self.stats.parsed += 1
        key = self._key(path)
        self.dirty.add(shard_of(key))
        entry = make_entry(path, cls, display, stat, checked_ns, raw, record, diagnostics)
        if entry is not None:
            self.new[key] = entry

    def adopt(self, shard: str, entries: dict[str, CachedParse], written: bool) -> None:
        """Take a shard parsed before the walk; ``written`` when it is already on disk as it stands."""
        self.fresh.update(entries)
        if written:
            self.read_shards[shard] = set(entries)
        else:
            self.dirty.add(shard)

    def keep_unvisited(self, prefix: str) -> None:
        """A partial load (e.g. one year's plan) must not forget the parts it skipped."""
        for key, entry in self.old.items():
            if key.startswith(prefix) and key not in self.new:
                self.new[key] = entry

    def carry(self, keys: list[str]) -> None:
        """Files a load left unread on purpose (records/parts.py ``light``): their cached parses stay,
        to be checked against the file when it is next read, instead of being forgotten."""
        for key in keys:
            if key not in self.new:
                entry = self.old.get(key)
                if entry is not None:
                    self.new[key] = entry

    def _key(self, path: Path | str) -> str:
        return str(path)[self.prefix:]  # every path the loader reads is root / relative

    # -- writing ----------------------------------------------------------------------
    def save(self, *, walked_all: bool = False) -> None:
        """Rewrite the shards whose entries changed; shards a partial load did not read stay as they are.
        After a walk of every folder (``walked_all``), a shard no folder asked for holds rounds that
        are gone: it is deleted."""
        if walked_all and self.on_disk - self.settled:
            for shard in self.on_disk - self.settled:
                try:
                    os.unlink(self.folder / f"{shard}.pickle")
                except OSError:
                    pass
            self.on_disk &= self.settled
        if not self.dirty and self.new.keys() == self.old.keys():
            return  # the usual case: nothing changed, and grouping 20,000 keys would cost more than the rest
        groups: dict[str, dict[str, CachedParse]] = {}
        for key, entry in self.new.items():
            groups.setdefault(shard_of(key), {})[key] = entry
        self._write(groups, {BASE_SHARD, *groups, *self.read_shards} if self.inspections else {BASE_SHARD})

    def settle(self, shard: str, keys: list[str]) -> None:
        """A load in parts is done with ``shard``, whose files are ``keys``: write it if it changed,
        then let its entries go (save() leaves it be)."""
        entries = {key: self.new.pop(key) for key in keys if key in self.new}
        for key in self.read_shards.get(shard, ()):
            self.old.pop(key, None)
        for key in keys:
            self.fresh.pop(key, None)
        self._write({shard: entries}, {shard})
        self.read_shards.pop(shard, None)
        self.dirty.discard(shard)
        self.settled.add(shard)

    def _write(self, groups: dict[str, dict[str, CachedParse]], wanted: set[str]) -> None:
        changed = [shard for shard in sorted(wanted - self.settled)
                   if shard in self.dirty or set(groups.get(shard, {})) != self.read_shards.get(shard, set())]
        if not changed:
            return
        try:
            folder = ensure_cache_dir(self.root, self.folder.name)
            for shard in changed:
                self.write_shard(folder / f"{shard}.pickle", groups.get(shard, {}))
        except (OSError, pickle.PicklingError, RecursionError):
            return  # a read-only office folder still works, just without the speed-up
        try:
            (self.dir / f"{self.root.name}.pickle").unlink()  # the single-file cache of xuncha-parse-cache/1
        except OSError:
            pass
        self.stats.written = True
        self.stats.shards_written += len(changed)

    def write_shard(self, path: Path, entries: dict[str, CachedParse]) -> None:
        fd, temp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                self.dump_shard(handle, entries)
            os.replace(temp, path)
        except BaseException:
            try:
                os.unlink(temp)
            except OSError:
                pass
            raise

    def dump_shard(self, handle, entries: dict[str, CachedParse]) -> None:
        pickle.dump(self.header, handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
