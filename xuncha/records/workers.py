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
import re
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, TypeVar

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
    if not may_fork(count, sum(len(files) for files in jobs.values())):
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

    def produce(mine: list[int], paths: list[str]) -> None:  # in the worker: each unit's shard, written in place
        for unit, path in zip(mine, paths):
            with open(path, "wb") as handle:
                store.dump_shard(handle, _parse_all(work[unit][1], parse))

    def own() -> None:
        for unit in dealt[0]:
            # Written as soon as parsed, while the workers still parse: after them it would be the
            # one thing left between the load and the command's own work.
            shard, files, whole = work[unit]
            entries = _parse_all(files, parse)
            store.adopt(shard, entries, written=whole and _write(store, folder / f"{shard}.pickle", entries))

    def collect(mine: list[int], paths: list[str]) -> None:
        for unit, path in zip(mine, paths):
            shard, _, whole = work[unit]
            entries = store.read_shard(Path(path))
            if entries is None:
                continue
            if whole:
                try:
                    os.replace(path, folder / f"{shard}.pickle")  # the worker's file is the cache's shard
                    store.adopt(shard, entries, written=True)
                    store.stats.written = True
                    store.stats.shards_written += 1
                    continue
                except OSError:
                    pass
            store.adopt(shard, entries, written=False)

    store.stats.processes = 1 + fork_and_collect(dealt[1:], str(folder), produce, own, collect, files=len)
    return True


def may_fork(count: int, files: int, threshold: int | None = None) -> bool:
    """Whether ``files`` are worth sharing out between ``count`` processes (``threshold``: the fewest
    files that are, PARALLEL_FROM_FILES by default) and this process may fork."""
    return (count >= 2 and files >= (PARALLEL_FROM_FILES if threshold is None else threshold)
            and hasattr(os, "fork")
            and threading.active_count() == 1)  # a forked child would inherit locks other threads hold


S = TypeVar("S")


def fork_and_collect(shares: list[S], folder: str | None, produce: Callable[[S, list[str]], None],
                     own: Callable[[], None], collect: Callable[[S, list[str]], None],
                     files: Callable[[S], int] = lambda share: 1) -> int:
    """Each of ``shares`` worked in a forked worker while ``own()`` works this process's share; the
    number of workers.  A worker runs ``produce(share, paths)``, writing its results into ``paths``
    (``files(share)`` result files reserved here in ``folder``, the system's temporary folder when
    None); once it has exited, this process reads them with ``collect(share, paths)``, which may
    move them away.  A worker that fails, or could not be started (no memory, no room for its result
    file), is not collected: its share is the caller's to redo.  When ``own()`` raises (Ctrl-C, an
    error) the workers are stopped, not awaited, nothing is collected and the exception goes on.
    Either way every result file left is removed."""
    if folder is not None:
        sweep(folder)
    children: list[tuple[int, S, list[str]]] = []
    finished = False
    try:
        for item in shares:
            paths: list[str] = []
            children.append((-1, item, paths))
            try:
                # Reserved here so that two loads at once never share a name; the worker writes them
                # in place (this process reads them only after it has exited).
                for _ in range(files(item)):
                    paths.append(reserve(folder))
                pid = os.fork()
            except OSError:  # no room for a result file, no memory or process left for a worker:
                break        # the shares not handed out are the caller's to work, as a failed worker's
            if pid == 0:  # the worker: produce, and leave without running anything of this process's
                code = 1
                try:
                    produce(item, paths)
                    code = 0
                finally:
                    os._exit(code)
            children[-1] = (pid, item, paths)
        own()
        finished = True
    finally:
        for pid, item, paths in children:
            try:
                if pid > 0:
                    if not finished:  # the workers' shares are not wanted any more
                        stop(pid)
                    if os.waitpid(pid, 0)[1] == 0 and finished:
                        collect(item, paths)
            finally:
                for path in paths:
                    try:
                        os.unlink(path)
                    except OSError:
                        pass  # moved by collect, or never made
    return sum(pid > 0 for pid, _, _ in children)


# A worker's result file is named after the process that reserved it (and reads and removes it):
# part.<pid>.<random>.pickle.  A kill -9 of that process leaves it behind; the next load that forks
# removes it once that process is gone and the file is older than STALE_SECONDS.  Both, because the
# cache folder may be shared by another PC (a pid there says nothing here) and a pid is reused.
RESULT_PREFIX = "part."
RESULT_SUFFIX = ".pickle"
STALE_SECONDS = 3600
# Also the shards of the parse cache half-written when their process was killed (cache.py write_shard:
# <shard>.pickle.<random>.tmp, written and renamed in well under a second): by their age alone.
_RESULT_FILE = re.compile(r"^part\.(?:(\d+)\.)?[a-z0-9_]+\.pickle$|^[^.]+\.pickle\.[a-z0-9_]+\.(?:part|tmp)$")


def reserve(folder: str | None) -> str:
    fd, path = tempfile.mkstemp(prefix=f"{RESULT_PREFIX}{os.getpid()}.", suffix=RESULT_SUFFIX, dir=folder)
    os.close(fd)
    return path


def sweep(folder: str) -> None:
    """Remove the result files in ``folder`` their process left when it was killed (see STALE_SECONDS);
    also those of the versions before that named none (part.<random>.pickle, <shard>.pickle.<random>.part)
    and half-written shards (<shard>.pickle.<random>.tmp), once older than STALE_SECONDS."""
    try:
        with os.scandir(folder) as found:
            entries = [(entry, match) for entry in found if (match := _RESULT_FILE.match(entry.name))]
    except OSError:
        return
    old = time.time() - STALE_SECONDS
    for entry, match in entries:
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= old or (match[1] and _alive(int(match[1]))):
                continue
            os.unlink(entry.path)
        except OSError:
            pass  # gone already: another load swept it


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process (EPERM), or no way to tell: kept
    return True


def _write(store: ParseCache, path: Path, entries: dict[str, CachedParse]) -> bool:
    try:
        store.write_shard(path, entries)
    except (OSError, pickle.PicklingError, RecursionError):
        return False  # left to the cache's save, which gives up quietly as it always has
    store.stats.written = True
    store.stats.shards_written += 1
    return True


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
