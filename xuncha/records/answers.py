"""Whole answers remembered: a read-only command asked again over unchanged records answers at once.

``validate``, ``check-deadlines`` and ``status`` derive everything they print from the records
tree, its calendar overrides, xuncha's own code and the day they answer for.  When none of
those changed since the last run with the same options, the answer is the same, so the last
one is taken from ``.xuncha-cache/answers/<command>.pickle`` instead of loading 20,000 files
and running every rule again (a province: ~0.3 s instead of several seconds).

What "unchanged" means is the parse cache's own test (``cache.py``), applied to the whole
tree at once: every file's (mtime_ns, size, inode, ctime_ns), every folder's listing (files
added, removed, renamed), taken before the answer was computed.  A file changed within
``UNVERIFIABLE_NS`` of that moment could keep all four across a second edit, so such an
answer is not trusted until it is recomputed once the file is older.  On filesystems whose
timestamps prove nothing (``content_only``) the fingerprint is the files' content hash.

The key also holds the root's path, xuncha's version and a hash of all its source (any
change to a rule changes answers), Python's, PyYAML's and chinesecalendar's versions (the
official calendar data), the command and its options, and the day: ``--as-of`` or today.

Only answers are stored, never a refusal or an error: those are computed every time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR, S_ISLNK, S_ISREG
from typing import Callable, TypeVar

from . import cache

FORMAT = "xuncha-answers/1"
SUB = "answers"
# Answers kept per command for the same records (different --as-of days, --within, one inspection…).
KEEP = 16
# How deep the loader reads: records/inspections/<id>/<file> is three levels below the root.
DEPTH = 3
_SKIP = frozenset({".git", cache.CACHE_DIR})
# Files the loader refuses to read (records/loader.py MAX_FILE_BYTES) are fingerprinted by stat only.
MAX_READ = 32 * 1024 * 1024

T = TypeVar("T")


@dataclass
class Stats:
    """What the last call did; for tests and the benchmark, never for behaviour."""

    used: bool = False
    hit: bool = False
    verified: bool = False  # a hit that read the files changed just before the answer, to be sure
    stored: bool = False
    why: str | None = None  # why a stored answer was not used


last = Stats()

_code_key: str | None = None
# Libraries whose data or parsing decide an answer: PyYAML reads every file, chinesecalendar
# holds the official holidays.  Their files are hashed rather than imported (importing PyYAML
# alone costs more than the rest of a remembered answer).
_LIBRARIES = (("yaml", ("__init__.py",)), ("chinese_calendar", ("__init__.py", "constants.py")))


def code_key() -> str:
    """Versions, and a hash of every source file of xuncha: a changed rule must change the answer."""
    global _code_key
    if _code_key is None:
        from importlib.util import find_spec

        from .. import __version__

        package = Path(__file__).resolve().parent.parent
        files = sorted(package.rglob("*.py"))
        for name, wanted in _LIBRARIES:
            spec = find_spec(name)
            if spec is not None and spec.origin:
                files += [Path(spec.origin).parent / file for file in wanted]
        versions = f"{FORMAT}|{__version__}|{sys.version}".encode()
        h = hashlib.blake2b(b"\0".join([versions, *(_named_content(file) for file in files)]), digest_size=16)
        _code_key = h.hexdigest()
    return _code_key


def _named_content(file: Path) -> bytes:
    try:
        content = file.read_bytes()
    except OSError:
        content = b"?"
    return str(file).encode("utf-8", "surrogateescape") + b"\0" + content


def fingerprint(root: Path, by_content: bool, recent_ns: int | None = None) -> tuple[bytes, int, list[str]]:
    """(hash of the tree's names and file signatures, newest mtime/ctime seen, the files changed at or
    after ``recent_ns``): what the loader could read.

    Every entry down to the depth the loader reads is named; files carry their stat
    signature and mode (or their content hash).  Anything else changing only costs a
    recomputation.  One stat per file and one hash of the whole listing: ~20,000 files in
    about a third of the time it takes to read them."""
    return fingerprint_folders([str(root)], DEPTH, by_content, recent_ns)


def fingerprint_folders(folders: list[str], depth: int, by_content: bool,
                        recent_ns: int | None = None) -> tuple[bytes, int, list[str]]:
    """``fingerprint`` of ``folders`` and what lies ``depth`` levels below them (1: their files)."""
    parts: list[str] = []
    newest = 0
    recent: list[str] = []
    pending = [(folder, 0) for folder in reversed(folders)]
    while pending:
        folder, level = pending.pop()
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            parts.append(f"{folder}\0!{exc.errno}")
            continue
        parts.append(folder)
        base = folder + os.sep
        for name in names:
            if name in _SKIP:
                continue
            path = base + name
            try:
                stat = os.lstat(path)
                if S_ISLNK(stat.st_mode):  # the loader refuses links out of the tree: where it points matters
                    parts.append(f"{name}\0>{os.readlink(path)}")
                    stat = os.stat(path)
            except OSError as exc:  # a dangling link, or gone since the listing
                parts.append(f"{name}\0!{exc.errno}")
                continue
            if S_ISDIR(stat.st_mode):
                if level + 1 < depth:
                    pending.append((path, level + 1))
                parts.append(name + "/")
                continue
            signed, stamp, changed = sign(path, stat, by_content, recent_ns)
            parts.append(f"{name}\0{signed}")
            if stamp > newest:
                newest = stamp
            if changed is not None:
                recent.append(changed)
    digest = hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=20).digest()
    return digest, newest, recent


def sign(path: str, stat: os.stat_result | None, by_content: bool,
         recent_ns: int | None = None) -> tuple[str, int, str | None]:
    """(signature, newest mtime/ctime, how it is kept when changed at or after ``recent_ns``) of the file
    at ``path`` whose stat is ``stat`` (None: taken here): its content hash where timestamps prove nothing
    (time 0: never recent), else its stat signature and mode.  A file changed within the clock's resolution
    of then is kept by path, to be checked by content next time; only a regular file is ever opened (a
    FIFO would hang), any other is never trusted while recent."""
    if stat is None:
        try:
            stat = os.stat(path)
        except OSError as exc:
            return f"!{exc.errno}", 0, None
    mode = stat.st_mode
    readable = S_ISREG(mode) and stat.st_size <= MAX_READ  # never a FIFO, a device or a huge file
    if by_content and readable:
        try:
            with open(path, "rb") as handle:
                return cache.digest(handle.read()).hex(), 0, None
        except OSError as exc:
            return f"!{exc.errno}", 0, None
    stamp = max(stat.st_mtime_ns, stat.st_ctime_ns)
    changed = None
    if recent_ns is not None and stamp >= recent_ns:
        changed = path if readable else _UNREADABLE + path
    return f"{stat.st_mtime_ns} {stat.st_size} {stat.st_ino} {stat.st_ctime_ns} {mode}", stamp, changed


_UNREADABLE = "\0"


def still_current(stored: dict, newest: int, by_content: bool) -> str | None:
    """Whether what ``stored`` was computed from, found again with the same fingerprint (``newest``
    its latest file time), is provably the same: "stat" when every file was older than the clock's
    resolution then, "verified" when the files recent then still have their content; else None."""
    if by_content or newest < stored.get("checked_ns", 0) - cache.UNVERIFIABLE_NS:
        return "stat"
    # The same signatures as then: the files recent then are the ones to check by content.
    kept = stored.get("recent")
    if isinstance(kept, dict) and kept and None not in kept.values() and _digests(list(kept)) == kept:
        return "verified"
    return None


def _digests(paths: list[str]) -> dict[str, bytes | None]:
    found: dict[str, bytes | None] = {}
    for path in paths:
        if path.startswith(_UNREADABLE):
            found[path] = None
            continue
        try:
            with open(path, "rb") as handle:
                found[path] = cache.digest(handle.read())
        except OSError:
            found[path] = None  # never equal to a digest: the answer is not trusted
    return found


# The tree's fingerprint while an answer is computed, for the answers asked inside it (a command's
# printed output is remembered around the answer it prints): measured once, before either.
_measuring: dict[tuple[str, bool], tuple[int, bytes, int, dict]] = {}


def remembered(root: Path, command: str, options: tuple, compute: Callable[[], T]) -> T:
    """The answer of ``command`` with ``options`` over ``root``: remembered when provably current, else computed."""
    global last
    last = stats = Stats(used=True)
    by_content = cache.content_only(root)
    where = (str(root), by_content)
    known = _measuring.get(where)
    if known is not None:  # asked from inside another answer's computation: the tree was just measured
        started_ns, tree, newest, recent = known
    else:
        started_ns = cache._now_ns()
        try:
            tree, newest, changed = fingerprint(root, by_content, started_ns - cache.UNVERIFIABLE_NS)
        except OSError:
            return compute()
        # Files changed within the clock's resolution of now could change again unseen by their
        # stat: their content, read before the answer is computed, is kept with it and compared next time.
        recent = {} if by_content else _digests(changed)
    header = (FORMAT, code_key(), str(root), by_content, command)
    path = root.parent / cache.CACHE_DIR / SUB / f"{command}.pickle"
    stored = _read(path)
    if stored is not None and (stored.get("header"), stored.get("tree")) == (header, tree):
        answers = stored.get("answers", {})
        if options in answers:
            trusted = still_current(stored, newest, by_content)
            if trusted:
                stats.hit, stats.verified = True, trusted == "verified"
                return answers[options]
            stats.why = "recent"
        else:
            stats.why = "options"
    else:
        answers = {}
        stats.why = "absent" if stored is None else "changed"
    _measuring[where] = (started_ns, tree, newest, recent)
    try:
        answer = compute()
    finally:
        if known is None:
            del _measuring[where]
    if answers and stats.why == "recent":
        answers = {k: v for k, v in answers.items() if k != options}  # re-added last: the newest
    answers = dict(list(answers.items())[-(KEEP - 1):])
    answers[options] = answer
    stats.stored = _write(root, path, {"header": header, "tree": tree, "checked_ns": started_ns, "recent": recent,
                                       "answers": answers})
    return answer


def _read(path: Path) -> dict | None:
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - corrupt, truncated, or from classes that no longer exist: recompute
        return None
    return stored if isinstance(stored, dict) else None


def _write(root: Path, path: Path, content: dict) -> bool:
    from .writer import atomic_write

    try:
        folder = cache.ensure_cache_dir(root, SUB)
        atomic_write(folder / path.name, pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return False  # a read-only office folder still works, just without the memo
    return True
