"""A round's part of an answer remembered: validate asked again after one inspection changed
loads and judges that inspection's round only.

A load in parts (``parts.py``) hands each round of inspections to a judge where it was read.  What
a round gives back — its folders' light files, the loader's diagnostics, the judge's findings —
depends on the round's own files, the config, roster and plans, the calendar years the judge
consulted, the command's options (the day it answers for), and xuncha's code.  It is kept in
``.xuncha-cache/rounds/<command>/<round>.pickle`` under all of those and taken instead of loading
and judging the round again while every one is provably unchanged: the same test as for whole
answers (``answers.py``): names and stat signatures, and the content of files changed within the
clock's resolution of the moment they were read.  An edit of one inspection costs its round; an
edit of one year's calendar file costs the rounds whose deadlines counted through that year.

Like every cache here it is never needed: anything unreadable is recomputed, a read-only folder
only costs the speed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from pathlib import Path

from ..days import Span
from . import answers, cache
from .writer import atomic_write

FORMAT = "xuncha-rounds/1"
SUB = "rounds"
# Options kept per round (validate for different --as-of days): the newest files.
KEEP = 4
CALENDAR_DIR = "calendar"
PLANS_DIR = "plans"


class RoundMemo:
    """The remembered parts of ``command`` with ``options`` over the tree at ``root``."""

    def __init__(self, root: Path, command: str, options: tuple, day: dt.date | None = None):
        self.root = root
        self.by_content = cache.content_only(root)
        self.folder = root.parent / cache.CACHE_DIR / SUB / command
        self.header = (FORMAT, answers.code_key(), str(root), self.by_content, options)
        # One file per round, options and span of days: a morning's new day neither reads nor
        # rewrites the others', and takes yesterday's where yesterday's answer holds today too.
        self.tag = hashlib.blake2b(repr(options).encode("utf-8"), digest_size=8).hexdigest()
        self.day = day
        self.hits = 0
        self._listing: dict[str, list[tuple[int, str, str, str]]] | None = None

    def _files(self, shard: str) -> list[tuple[int, str, str, str]]:
        """(mtime, path, first day, end day) of every file kept for ``shard`` and these options."""
        if self._listing is None:
            self._listing = {}
            try:
                with os.scandir(self.folder) as found:
                    for entry in found:
                        pieces = entry.name.split(".")
                        if len(pieces) == 5 and pieces[1] == self.tag and pieces[4] == "pickle":
                            self._listing.setdefault(pieces[0], []).append(
                                (entry.stat().st_mtime_ns, entry.path, pieces[2], pieces[3]))
            except OSError:
                pass
        return self._listing.get(shard, [])

    def _path(self, shard: str, span: Span | None) -> Path:
        first = span.first.isoformat() if span is not None and span.first else ""
        end = span.end.isoformat() if span is not None and span.end else ""
        return self.folder / f"{shard}.{self.tag}.{first}.{end}.pickle"

    def _holding(self, shard: str) -> str | None:
        """The newest file kept for ``shard`` whose span of days holds the day asked for."""
        day = self.day.isoformat() if self.day is not None else None
        for _, path, first, end in sorted(self._files(shard), reverse=True):
            if day is None or ((not first or first <= day) and (not end or day < end)):
                return path
        return None

    def holds(self, shard: str) -> bool:
        """Whether anything is remembered of ``shard`` for these options and this day (no reading)."""
        return self._holding(shard) is not None

    def measure(self, folders: list[str]) -> tuple[int, bytes, int, list[str]]:
        """(now, fingerprint, newest file time, files changed just now) of a round's inputs on disk:
        its folders, and the files at the top of the tree (config, roster) and the plans.  Taken
        before the round is read, so an edit while it is judged shows next time."""
        started_ns = cache._now_ns()
        tops = [str(self.root), str(self.root / PLANS_DIR)]
        digest, newest, recent = answers.fingerprint_folders(tops + folders, 1, self.by_content,
                                                             started_ns - cache.UNVERIFIABLE_NS)
        return started_ns, digest, newest, recent

    def recall(self, shard: str, measured) -> object | None:
        """The part kept for ``shard`` when its inputs, measured just now, are provably unchanged."""
        _, digest, newest, _ = measured
        path = self._holding(shard)
        stored = answers._read(Path(path)) if path else None
        if stored is None or stored.get("header") != self.header or stored.get("round") != digest:
            return None
        calendar_print, calendar_newest, _ = self._calendar(stored["years"], None)
        if calendar_print != stored["calendar"]:
            return None
        if not answers.still_current(stored, max(newest, calendar_newest), self.by_content):
            return None
        self.hits += 1
        return stored["part"]

    def kept(self, shard: str) -> object | None:
        """The part of ``shard`` a worker of this load has just kept (its inputs were measured then)."""
        self._listing = None  # written by the worker since this process looked
        path = self._holding(shard)
        stored = answers._read(Path(path)) if path else None
        return stored["part"] if stored is not None and stored.get("header") == self.header else None

    def keep(self, shard: str, measured, part: object, years: frozenset[int], span: Span | None = None) -> bool:
        """Remember ``part`` of ``shard``, computed from the inputs ``measured`` before it was read;
        False when it could not be written.  ``span``: the days it holds for (None: the day asked
        for only, or any day when none was).  The files beyond the newest ``KEEP`` are removed."""
        if span is None and self.day is not None:
            span = Span(self.day)
            span.pin()
        started_ns, digest, _, recent = measured
        calendar_print, _, calendar_recent = self._calendar(years, started_ns - cache.UNVERIFIABLE_NS)
        stored = {"header": self.header, "round": digest, "part": part, "years": years, "calendar": calendar_print,
                  "checked_ns": started_ns,
                  "recent": {} if self.by_content else answers._digests(recent + calendar_recent)}
        try:
            cache.ensure_cache_dir(self.root, SUB)
            self.folder.mkdir(exist_ok=True)
            content = pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)  # first: a watched day kept in the
            atomic_write(self._path(shard, span), content, mode=0o600)            # part pins the span as it pickles
        except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
            return False  # a read-only office folder still works, just without the memo
        self._prune(shard)
        return True

    def _prune(self, shard: str) -> None:
        self._listing = None
        for _, path, _, _ in sorted(self._files(shard), reverse=True)[KEEP:]:
            try:
                os.unlink(path)
            except OSError:
                pass
        self._listing = None

    def _calendar(self, years, recent_ns: int | None) -> tuple[tuple, int, list[str]]:
        """(signature of each year's calendar file, newest file time, files changed at or after
        ``recent_ns``): a year is read from calendar/<year>.yaml only (calendar/sources.py)."""
        signatures = []
        newest = 0
        recent: list[str] = []
        for year in sorted(years):
            signed, stamp, changed = answers.sign(str(self.root / CALENDAR_DIR / f"{year}.yaml"), None,
                                                  self.by_content, recent_ns)
            signatures.append((year, signed))
            newest = max(newest, stamp)
            if changed is not None:
                recent.append(changed)
        return tuple(signatures), newest, recent
