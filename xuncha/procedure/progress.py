"""What check-deadlines and status answer about the whole tree: a province's read in parts, on every core.

Almost all of either answer comes from one inspection at a time: its step deadlines, its problems
stalled past the half-year, its tour not started, its row of status.  So the tree is read round by
round (records/parts.py) and each round answered where it was read; this process then adds what
needs the whole tree — the planned rounds nobody opened (四（一）), which depend on every folder's
round — from the folders' light files, and puts the answers of the rounds in the order the serial
computation gives.  The answers equal those of the tree loaded at once (tests/test_progress_parts.py).

A calendar note belongs to the years the answer consulted: every process has its own calendar, so
each round hands back the notes of the years its process consulted, and they are merged by year
(``WorkCalendar.warnings`` lists them by year, whoever consulted them first).
"""

from __future__ import annotations

import copy
import datetime as dt
from itertools import chain
from pathlib import Path

from ..calendar import CalendarWarning
from ..days import WatchedDay
from ..model.diagnostics import Diagnostic
from ..model.tree import InspectionFolder, Records
from ..refusal import Refusal
from .asof import dated_view, ledger_as_of
from .checklist import deadlines_to_check, inspection_items
from .deadlines import DEFAULT_WITHIN, calendar_for, inspection_deadlines, target_name
from .steps import last_step, next_step
from .unstarted import opened_rounds, round_starts, tour_start
from .warning import level


class _Opening:
    """The step before every other: opening the round (new-round, 四（一））, for status rows."""

    name = "new-round"
    chinese = "开启本轮"


NEW_ROUND = _Opening()


def deadlines_of_tree(root: Path, today: dt.date, within: int = DEFAULT_WITHIN, *, cache: bool = True,
                      min_files: int | None = None) -> tuple[int, list, list[CalendarWarning]]:
    """check-deadlines' answer: (errors the loader found, every item ``deadlines_to_check`` gives,
    the calendar's notes of the years consulted)."""
    _records, diagnostics, items, notes = deadlines_and_records(root, today, within, cache=cache, min_files=min_files)
    return _errors(diagnostics), items, notes


def deadlines_and_records(root: Path, today: dt.date, within: int = DEFAULT_WITHIN, *, cache: bool = True,
                          min_files: int | None = None) -> tuple[Records, list[Diagnostic], list, list[CalendarWarning]]:
    """(the records, the loader's diagnostics, every item ``deadlines_to_check`` gives, the calendar's
    notes of the years consulted).  A province's records hold its folders' light files only."""
    from ..records.loader import load

    split = answered_in_parts(root, today, lambda dated, calendar, day: inspection_items(dated, calendar, day, within),
                              ("check-deadlines", (within,)), cache, min_files)
    if split is None:
        records, diagnostics = load(root, cache=cache)
        calendar = calendar_for(records)
        return records, diagnostics, deadlines_to_check(records, calendar, today, within), calendar.warnings()
    records, diagnostics, parts, calendar = split
    kinds = zip(*(items for items, _, _ in parts))
    items = [item for kind in kinds for item in _in_inspection_order(chain.from_iterable(kind))]
    items += round_starts(_plans_as_of(records, today), calendar, today, within, _opened(parts))
    return records, diagnostics, items, _notes(calendar, parts)


def status_of_tree(root: Path, today: dt.date, inspection_id: str | None = None, within: int = DEFAULT_WITHIN, *,
                   cache: bool = True, min_files: int | None = None) -> tuple[list[tuple], list[CalendarWarning]]:
    """status' answer: a row (inspection, target, last step, next step, its deadline, 三色预警 level)
    per inspection opened by ``today`` and per planned round not opened, and the calendar's notes
    of the years consulted.  One inspection asked for is read with the whole tree, at once.  A row
    reads no problem, tip or activity (the step dates, the plan's): in parts, their files, four
    fifths of a province's bytes, are not read at all."""
    from ..records.loader import load

    split = None
    if inspection_id is None:
        split = answered_in_parts(root, today, lambda dated, calendar, day: status_rows(dated, dated.inspections,
                                                                                       calendar, day, within),
                                  ("status", (within,)), cache, min_files, light=True)
    if split is None:
        loaded, _diagnostics = load(root, cache=cache)
        records = ledger_as_of(loaded, today)
        folders = records.inspections
        if inspection_id is not None:
            if inspection_id not in folders and inspection_id in loaded.inspections:
                raise Refusal(f"巡查 {inspection_id} 截至 {today} 尚未开启（见 inspection.yaml 的 opened）")
            if inspection_id not in folders:
                known = "、".join(sorted(folders)) or "（尚无巡查）"
                raise Refusal(f"没有巡查 {inspection_id}（{records.display(records.root / 'inspections' / inspection_id)} 不存在）；"
                              f"现有巡查：{known}")
            folders = {inspection_id: folders[inspection_id]}
        calendar = calendar_for(records)
        rows = status_rows(records, folders, calendar, today, within)
        if inspection_id is None:
            rows += _round_rows(round_starts(records, calendar, today, within))
        return rows, calendar.warnings()
    records, _diagnostics, parts, calendar = split
    rows = sorted(chain.from_iterable(rows for rows, _, _ in parts), key=lambda row: row[0])
    rows += _round_rows(round_starts(_plans_as_of(records, today), calendar, today, within, _opened(parts)))
    return rows, _notes(calendar, parts)


def answered_in_parts(root: Path, today: dt.date, answer, remember: tuple[str, tuple], cache: bool,
                      min_files: int | None, light: bool = False):
    """The tree read in parts (records/parts.py), each round answered by ``answer(its folders as of
    today, the calendar, today)`` where it was read, or recalled as answered last time with the same
    ``remember`` (command, options) on a day for which that answer holds too (today is watched,
    days.py: a round of closed inspections only compares it with their dates, and says the same on
    the next morning): (records with light folders, the loader's diagnostics, per
    round (its answer, the rounds it opened, the notes of the calendar years it consulted), this
    process's calendar); None when the tree is read at once.  ``light``: the answer reads no
    problem, tip or activity, so their files are not read (records/parts.py)."""
    from ..records.parts import load_in_parts

    calendars = []

    def prepare(shared: Records):
        calendar = calendar_for(shared)
        calendars.append(calendar)

        def judge(part: Records):
            day = WatchedDay(today)
            dated = dated_view(part, day)  # marked: what reads it cuts it again at no cost
            with calendar.years_read() as years:
                answered = answer(dated, calendar, day)
            # The notes of this round's years only: a round recalled later must not bring back the
            # note of a year another round consulted (its file may have been checked since).
            return (answered, opened_rounds(dated), calendar.warnings(years)), frozenset(years), day.span

        return judge

    split = load_in_parts(root, prepare, cache=cache, min_files=min_files, remember=remember, day=today,
                          light=light)
    return None if split is None else (*split, *calendars)


def status_rows(records: Records, folders: dict[str, InspectionFolder], calendar, today: dt.date,
                within: int) -> list[tuple]:
    """The row of each of ``folders`` (of ``records`` as of ``today``), in the order of their ids."""
    rows = []
    for folder_id in sorted(folders):
        folder = folders[folder_id]
        last, following = last_step(folder), next_step(folder)
        due = None
        if following is not None:
            due = next((d for d in inspection_deadlines(records, folder, calendar, today, within)
                        if d.step == following.name), None)
            # Before entry the plan's own date is the one to meet (四（一）).
            due = due or tour_start(records, folder, calendar, today, within)
        # 三色预警 of the next deadline; a closed inspection is done, one with no deadline running is on time.
        colour = level(due.status) if due else ("done" if following is None else "green")
        rows.append((folder_id, target_name(records, folder), last, following, due, colour))
    return rows


def _round_rows(planned: list) -> list[tuple]:
    return [(p.inspection, p.target, None, NEW_ROUND, p, level(p.status)) for p in planned]


def _errors(diagnostics: list[Diagnostic]) -> int:
    return sum(d.is_error for d in diagnostics)


def _in_inspection_order(items) -> list:
    """The rounds' items in the order of the inspections' ids; an inspection's own, in its order
    (the sort is stable and every inspection is in one round)."""
    return sorted(items, key=lambda item: item.inspection)


def _plans_as_of(records: Records, today: dt.date) -> Records:
    """The tree's plans, roster and config as of ``today``, without its folders: the main process holds
    only their light files, which the date cut would read through."""
    bare = copy.copy(records)
    bare.inspections = {}
    return ledger_as_of(bare, today)


def _opened(parts) -> set[tuple[int, int]]:
    return set().union(*(opened for _, opened, _ in parts))


def _notes(calendar, parts) -> list[CalendarWarning]:
    """Every year's note, whichever process consulted it: one per year, by year, as one calendar lists them."""
    by_year = {w.year: w for _, _, notes in parts for w in notes}
    by_year.update((w.year, w) for w in calendar.warnings())
    return [by_year[year] for year in sorted(by_year)]
