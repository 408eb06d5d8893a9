"""Load a big tree in parts: each round's folders read, judged where they were read, and let go.

A province's validate used to read all 20,000 files into one process (160 MiB, the parse cache
read back whole) and then run every rule there, on one core.  Most of what it judges is one
inspection at a time: its problems, tips and activities (four fifths of the bytes) are read by
rules that look at nothing else of the tree.  So the inspection folders are taken round by round
(the parse cache's shards): every round is loaded through the parse cache, handed to ``judge``
(what the caller works out from that round alone) and then kept only in its light files, the
heavy ones replaced by ``NOT_LOADED``.  The rounds are shared between this process and forked
workers, as the cold parse is (``workers.py``): a worker loads and judges its rounds and writes
what it found to a file this process reads back.  A round whose inputs are unchanged since it was
last judged for the same options is taken from ``round_answers.py`` without being read at all.
What comes back is (records, diagnostics, results): the records hold every folder's light files,
the diagnostics are those the serial loader gives, in its order, and the results are
``judge``'s, one per round.

``None`` when the tree is a city's size or has one round: the caller then loads the serial way.
One core, no fork or another thread running: the rounds are taken in turn in this process.  A
worker that fails leaves its rounds to this process.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model.diagnostics import Diagnostic
from ..model.tree import NOT_LOADED, INSPECTION_FILES, InspectionFolder, Records
from . import workers
from .cache import INSPECTIONS, ParseCache, Stats, ensure_cache_dir, shard_of

# The files of an inspection folder the rules of the whole tree never read: the records of the
# folder itself.  Everything a rule of the whole tree needs from them comes as a folder summary.
HEAVY = ("problems", "tips", "activities")
# Their files: a caller whose answers read none of them (status) has them left unread (``light``).
HEAVY_FILES = frozenset(name for name, (attribute, _) in INSPECTION_FILES.items() if attribute in HEAVY)
# What this process does for a worker's share besides waiting, as a share of the worker's work
# (workers.share): reading its rounds back from the memo costs about what the worker's handing
# them over does, and the rules of the whole tree can only start once every round is in, so the
# shares are even (measured on the full province: this process finished its rounds 0.3 s before
# the worker did with 0.04).
READ_BACK = 0.0

# A judge returns its result and the calendar years it read, and may add the days its result holds
# for (a days.Span, when it was given a days.WatchedDay): without it, only for the day it was asked.
Judge = Callable[[Records], tuple]


@dataclass
class Part:
    """One round, as a part hands it back: its folders (light), the loader's diagnostics per
    folder, what ``judge`` found, and what the parse cache did."""

    shard: str
    folders: dict[str, InspectionFolder]
    diagnostics: dict[str, list[Diagnostic]]
    result: object
    stats: tuple[int, int, int, int]  # reused, verified, parsed, shards written


def load_in_parts(root: Path, prepare: Callable[[Records], Judge], *, cache: bool = True,
                  min_files: int | None = None,
                  remember: tuple[str, tuple] | None = None,
                  day: dt.date | None = None,
                  light: bool = False) -> tuple[Records, list[Diagnostic], list[object]] | None:
    """The tree under ``root`` loaded in parts, or None (see the module's docstring).  ``prepare``
    is given the records without inspections (config, roster, plans) before any worker starts and
    returns the judge of one round: what it sets up is there in every worker.  The judge returns
    its result and the calendar years it consulted (and the span of days it holds for, when ``day``
    is the day it answers for).  With ``remember`` (command, options) and the
    cache, a round whose inputs have not changed is taken as it was judged last time
    (``round_answers.py``).  ``light``: the heavy files are not read at all (they stay None, and
    their cached parses as they were), for a judge that reads none of them; the diagnostics are
    then those of the light files only."""
    from . import loader

    try:
        with os.scandir(root / loader.INSPECTIONS_DIR) as found:
            names = sorted(e.name for e in found if e.is_dir())
    except OSError:
        return None
    threshold = workers.PARALLEL_FROM_FILES if min_files is None else min_files
    if len(names) * len(INSPECTION_FILES) < threshold:
        return None
    rounds: dict[str, list[str]] = {}
    for name in names:
        rounds.setdefault(shard_of(INSPECTIONS + name), []).append(name)
    if len(rounds) < 2:
        return None  # one round: nothing to share out, and its folders are held together anyway

    with loader.no_cyclic_collector():
        return _load_rounds(root, prepare, cache, names, rounds, threshold, remember, day,
                            HEAVY_FILES if light else frozenset())


def _load_rounds(root: Path, prepare, cache: bool, names: list[str], rounds: dict[str, list[str]], threshold: int,
                 remember, day, skip: frozenset[str]):
    from . import cache as cache_module
    from . import loader
    from .round_answers import RoundMemo

    records, diagnostics, store = loader.load_globals(root, cache=cache)
    judge = prepare(records)
    top = root / loader.INSPECTIONS_DIR
    memo = RoundMemo(root, *remember, day=day) if remember is not None and store is not None else None
    parts: dict[str, Part] = {}
    measured: dict[str, tuple] = {}
    if memo is not None:
        for shard, folders in sorted(rounds.items()):
            if memo.holds(shard):  # a round never remembered is measured where it is read (a cold load: all)
                measured[shard] = memo.measure([str(top / name) for name in folders])
                recalled = memo.recall(shard, measured[shard])
                if recalled is not None:
                    parts[shard] = recalled

    kept: set[str] = set()

    def work(shard: str) -> Part:
        if memo is not None and shard not in measured:
            measured[shard] = memo.measure([str(top / name) for name in rounds[shard]])
        part, years, span = _load_part(records, store, shard, rounds[shard], judge, skip)
        if memo is not None and memo.keep(shard, measured[shard], part, years, span):
            kept.add(shard)
        return part

    def sent(part: Part) -> Part | str:
        """What a worker writes back for ``part``: its round's name when the memo already holds it
        (this process reads it there: one serialisation, not two)."""
        return part.shard if part.shard in kept else part

    def received(item: Part | str) -> Part | None:
        return memo.kept(item) if isinstance(item, str) else item

    todo = sorted((shard for shard in rounds if shard not in parts), key=lambda shard: (-len(rounds[shard]), shard))
    files = sum(len(rounds[shard]) for shard in todo) * len(INSPECTION_FILES)
    count = min(workers.processes(), len(todo))
    if not workers.may_fork(count, files, threshold):
        count = 1
    from_workers, forked = _share_out(todo, [len(rounds[shard]) for shard in todo], count, (work, sent, received), parts,
                              _results_folder(root, store))

    stats = cache_module.last
    stats.processes = 1 + forked
    stats.recalled = memo.hits if memo is not None else 0
    by_folder: dict[str, InspectionFolder] = {}
    found: dict[str, list[Diagnostic]] = {}
    for part in parts.values():
        by_folder.update(part.folders)
        found.update(part.diagnostics)
    for part in from_workers:  # this process's own parts are counted in its stats already
        reused, verified, parsed, written = part.stats
        stats.reused += reused
        stats.verified += verified
        stats.parsed += parsed
        stats.shards_written += written
        stats.written = stats.written or written > 0
    for name in names:
        records.inspections[name] = by_folder[name]
        diagnostics.extend(found[name])
    if store is not None:
        store.settled.update(rounds)  # the workers' rounds and the remembered ones too: not stale
        store.save(walked_all=True)
    return records, diagnostics, [parts[shard].result for shard in sorted(parts)]


def _share_out(todo: list[str], sizes: list[int], count: int, handlers, parts: dict[str, Part],
               results_folder: str | None) -> tuple[list[Part], int]:
    """``work`` every round of ``todo`` into ``parts``: in this process and ``count - 1`` forked
    workers, which write ``sent(part)`` back for this process to make ``received`` of.  Returns the
    parts the workers made (what their cache did is in them, not here) and how many workers started."""
    work, sent, received = handlers
    dealt = workers.share(sizes, count, READ_BACK) if count > 1 else [list(range(len(todo)))]
    from_workers: list[Part] = []

    def produce(shards: list[str], paths: list[str]) -> None:  # in the worker: load and judge its rounds
        done = [sent(work(shard)) for shard in shards]
        with open(paths[0], "wb") as handle:
            pickle.dump(done, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def own() -> None:
        for i in dealt[0]:
            parts[todo[i]] = work(todo[i])

    def collect(shards: list[str], paths: list[str]) -> None:
        try:
            with open(paths[0], "rb") as handle:
                for item in pickle.load(handle):
                    part = received(item)
                    if part is not None:
                        parts[part.shard] = part
                        from_workers.append(part)
        except Exception:
            pass  # its rounds are worked here below

    forked = workers.fork_and_collect([[todo[i] for i in mine] for mine in dealt[1:]], results_folder, produce, own,
                                      collect)
    for shard in todo:  # a worker that failed: its rounds, here
        if shard not in parts:
            parts[shard] = work(shard)
    return from_workers, forked


def _results_folder(root: Path, store: ParseCache | None) -> str | None:
    """Where workers leave what they found: the cache folder, else the system's temporary folder."""
    if store is not None:
        try:
            return str(ensure_cache_dir(root))
        except OSError:
            pass
    return None


def _load_part(records: Records, store: ParseCache | None, shard: str, names: list[str], judge: Judge,
               skip: frozenset[str] = frozenset()) -> tuple:
    from . import loader

    part = Records(root=records.root, config=records.config, roster=records.roster, plans=records.plans)
    diagnostics: dict[str, list[Diagnostic]] = {}
    before = _counts(store.stats) if store is not None else (0, 0, 0, 0)
    top = records.root / loader.INSPECTIONS_DIR
    for name in names:
        found: list[Diagnostic] = []
        part.inspections[name] = loader.load_inspection_folder(top / name, part, found, store, skip)
        diagnostics[name] = found
    if store is not None:
        if skip:
            store.carry(_keys(store, part, skip))
        store.settle(shard, _keys(store, part))
    after = _counts(store.stats) if store is not None else (0, 0, 0, 0)
    result, years, *span = judge(part)
    for folder in part.inspections.values():
        for attribute in HEAVY:
            if getattr(folder, attribute) is not None:
                setattr(folder, attribute, NOT_LOADED)
    counted = tuple(b - a for a, b in zip(before, after))
    return Part(shard, part.inspections, diagnostics, result, counted), years, (span[0] if span else None)


def _keys(store: ParseCache, part: Records, files=INSPECTION_FILES) -> list[str]:
    """The cache keys of the ``files`` of ``part``'s folders, as the loader read them."""
    keys = []
    for name, folder in part.inspections.items():
        base = str(folder.path) + os.sep
        for file_name in files:
            keys.append(store._key(base + file_name))
    return keys


def _counts(stats: Stats) -> tuple[int, int, int, int]:
    return stats.reused, stats.verified, stats.parsed, stats.shards_written
