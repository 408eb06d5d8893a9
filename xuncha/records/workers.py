"""Parse the shards the parse cache lacks on every core, before the loader walks the tree.

A cold load of a province (20,000 files) spends nearly all its time in libyaml and the converter,
one file at a time.  When many files must be parsed, the round shards that have no cache file are
shared out between this process and forked workers: each worker parses its shards and writes them
as cache files itself (that one serialisation is both the cache and the way back), this process
parses and writes its own share meanwhile, then reads the workers' files.  The loader's walk that follows
takes every entry as parsed, so records and diagnostics, their order and every message are those
of the serial path (tests/test_cache.py compares them).

Serial (nothing forked) on one core, where fork is missing, for a tree of a city's size (forking,
writing and reading back would cost more than it saves), and when the cache folder is not
writable.  ``XUNCHA_WORKERS=N`` sets the number of processes (1: serial).  A worker that fails
leaves its shards to the walk, which parses them as it always did.
"""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
import threading
from pathlib import Path
from typing import Callable

from .cache import CachedParse, ParseCache, ensure_cache_dir

WORKERS_ENV = "XUNCHA_WORKERS"
# Fewer files than this are parsed in this process: a city's term (a few thousand files) still
# gains, a city's year (~700 files, ~0.3 s) does not gain enough to pay for a fork.
PARALLEL_FROM_FILES = 2000
# Reading a worker's shard back costs this process about this share of parsing it (unpickling
# 0.9 s against parsing and converting ~7 s for a province): it parses that much less itself.
READ_BACK = 0.13
# A shard is halved for another process only while each half keeps at least this many files.
MIN_CHUNK = 250

Job = tuple[str, str, type, str]  # cache key, path, record class, display name


def processes() -> int:
    """How many processes may parse at once: XUNCHA_WORKERS, else the cores this process may run on."""
    setting = os.environ.get(WORKERS_ENV, "").strip()
    if setting.isdigit() and int(setting) > 0:
        return int(setting)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def share(sizes: list[int], count: int, read_back: float = READ_BACK) -> list[list[int]]:
    """Units of work (by their sizes) dealt out to ``count`` processes, largest first to the least
    loaded; list 0 is this process's, weighted by what reading the others' back costs it
    (``read_back``: that cost as a share of doing their work)."""
    loads = [0.0] * count
    dealt: list[list[int]] = [[] for _ in range(count)]
    for unit in sorted(range(len(sizes)), key=lambda u: (-sizes[u], u)):
        others = read_back * sum(loads[1:])
        target = min(range(count), key=lambda i: (loads[i] + (others if i == 0 else 0), i))
        dealt[target].append(unit)
        loads[target] += sizes[unit]
    return dealt


def units(jobs: dict[str, list[Job]], count: int) -> list[tuple[str, list[Job], bool]]:
    """(shard, files, whole shard?) to deal out: one per shard, the largest halved while there are
    fewer than processes (a tree whose folders all fall in one round, or none, still uses every core)."""
    found = [(shard, files, True) for shard, files in jobs.items()]
    while len(found) < count:
        largest = max(range(len(found)), key=lambda u: len(found[u][1]))
        shard, files, _ = found[largest]
        if len(files) < 2 * MIN_CHUNK:
            break
        middle = len(files) // 2
        found[largest:largest + 1] = [(shard, files[:middle], False), (shard, files[middle:], False)]
    return found


def parse_shards(store: ParseCache, jobs: dict[str, list[Job]], parse: Callable[[str, type, str], CachedParse | None]) -> bool:
    """Parse ``jobs`` (shard -> files) into ``store.fresh`` on every core; False when it left them all
    to the walk (too few files, one core, no fork, another thread running, no writable cache folder)."""
    count = processes()
    if (count < 2 or sum(len(files) for files in jobs.values()) < PARALLEL_FROM_FILES or not hasattr(os, "fork")
            or threading.active_count() > 1):  # a forked child would inherit locks other threads hold
        return False
    work = units(jobs, count)
    count = min(count, len(work))
    if count < 2:
        return False
    try:
        folder = ensure_cache_dir(store.root, store.folder.name)
    except OSError:
        return False
    dealt = share([len(files) for _, files, _ in work], count)
    children: list[tuple[int, list[tuple[int, str]]]] = []
    finished = False
    try:
        for mine in dealt[1:]:
            # Reserved here so that two loads at once never share a name; the worker writes them in
            # place (this process reads them only after it has exited).
            parts = [(unit, _reserve(folder, work[unit][0])) for unit in mine]
            children.append((-1, parts))
            pid = os.fork()
            if pid == 0:  # the worker: parse, write, and leave without running anything of the parent's
                code = 1
                try:
                    for unit, part in parts:
                        with open(part, "wb") as handle:
                            store.dump_shard(handle, _parse_all(work[unit][1], parse))
                    code = 0
                finally:
                    os._exit(code)
            children[-1] = (pid, parts)
        for unit in dealt[0]:
            # Written as soon as parsed, while the workers still parse: after them it would be the
            # one thing left between the load and the command's own work.
            shard, files, whole = work[unit]
            entries = _parse_all(files, parse)
            store.adopt(shard, entries, written=whole and _write(store, folder / f"{shard}.pickle", entries))
        finished = True
    finally:
        for pid, parts in children:
            status = 1
            if pid > 0:
                if not finished:
                    stop(pid)
                status = os.waitpid(pid, 0)[1]
            for unit, part in parts:
                shard, _, whole = work[unit]
                entries = store.read_shard(Path(part)) if finished and status == 0 else None
                if entries is not None and whole:
                    try:
                        os.replace(part, folder / f"{shard}.pickle")
                        store.adopt(shard, entries, written=True)
                        store.stats.written = True
                        store.stats.shards_written += 1
                        continue
                    except OSError:
                        pass
                if entries is not None:
                    store.adopt(shard, entries, written=False)
                try:
                    os.unlink(part)
                except OSError:
                    pass
    store.stats.processes = 1 + len(children)
    return True


def _write(store: ParseCache, path: Path, entries: dict[str, CachedParse]) -> bool:
    try:
        store.write_shard(path, entries)
    except (OSError, pickle.PicklingError, RecursionError):
        return False  # left to the cache's save, which gives up quietly as it always has
    store.stats.written = True
    store.stats.shards_written += 1
    return True


def _reserve(folder: Path, shard: str) -> str:
    fd, path = tempfile.mkstemp(prefix=f"{shard}.pickle.", suffix=".part", dir=folder)
    os.close(fd)
    return path


def stop(pid: int) -> None:
    """Ask a worker to end (its results will not be read)."""
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        pass


def _parse_all(jobs: list[Job], parse) -> dict[str, CachedParse]:
    entries = {}
    for key, path, cls, display in jobs:
        entry = parse(path, cls, display)
        if entry is not None:
            entries[key] = entry
    return entries
