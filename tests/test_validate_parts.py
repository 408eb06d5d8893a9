"""validate over a province in parts (records/parts.py) gives exactly what the whole tree loaded at once gives.

Each round is loaded and judged by the per-inspection rules where it was read, on two processes;
the rules of the whole tree then run over the folders' light files and the summaries worked out
with them.  The tree is the benchmark's small province (52 inspections in 4 rounds) with faults
put in every round, so that the rules of both kinds, and the ones that need a summary of another
round's problems (a document number used twice), have something to say.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import generate_province

from xuncha.model.tree import NOT_LOADED
from xuncha.procedure.rules import RULES
from xuncha.procedure.validate import validate_records, validate_tree
from xuncha.records import cache, parts, workers
from xuncha.records.loader import load

FOLDERS = "inspections"


@pytest.fixture(scope="module")
def _province(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("province")
    generate_province(root, "small")
    records = root / "records"
    _put_faults_in_every_round(records)
    return records


def _edit(path: Path, pattern: str, replacement: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    changed, made = re.subn(pattern, replacement, text, count=count)
    assert made, f"{pattern} not in {path}"
    path.write_text(changed, encoding="utf-8")


def _put_faults_in_every_round(records: Path) -> None:
    folders = sorted((records / FOLDERS).iterdir())
    by_round: dict[str, list[Path]] = {}
    for folder in folders:
        by_round.setdefault(folder.name.rsplit("-", 2)[0][:6], []).append(folder)
    first, second, third, fourth = (sorted(v) for _, v in sorted(by_round.items()))
    # 五（三）: a phone number and an informant in a problem's text (a per-inspection rule), in two rounds.
    for folder in (first[0], third[1]):
        _edit(folder / "problems.yaml", r"description: ", "description: 举报人王建国（电话13912345678）反映，")
    # 四（四）: a problem id written twice in one inspection.
    _edit(second[0] / "problems.yaml", r"id: P2\n", "id: P1\n")
    # A hand-off letter of round 3 given the number a round-1 problem's letter already has: the
    # register of the whole tree reads problems it no longer holds, through the folder summaries.
    taken = re.search(r"reference: (\S+号)", (first[2] / "problems.yaml").read_text(encoding="utf-8")).group(1)
    _edit(third[2] / "problems.yaml", r"reference: \S+号", f"reference: {taken}")
    # 五（二）: one authorization used for two inspections of different rounds.
    number = re.search(r"number: (\S+)", (second[1] / "authorization.yaml").read_text(encoding="utf-8")).group(1)
    _edit(fourth[0] / "authorization.yaml", r"number: \S+", f"number: {number}")
    # 二（二）: someone not on the roster in a team.
    _edit(fourth[1] / "inspection.yaml", r"leader: \S+", "leader: nobody-known")
    # Dated steps out of order and an activity outside the tour.
    _edit(second[3] / "feedback.yaml", r"date: \d{4}-\d\d-\d\d", "date: 2020-01-02")


@pytest.fixture
def province(_province, tmp_path) -> Path:
    shutil.copytree(_province, tmp_path / "records")
    return tmp_path / "records"


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setenv(workers.WORKERS_ENV, "2")


def whole(records: Path, day: dt.date, loaded: tuple | None = None):
    """The tree loaded at once, with no cache, judged for ``day``; ``loaded``: that load, already made
    of the tree as it is now (a sweep of days over an unchanged tree loads it once)."""
    return validate_records(*(loaded or load(records, cache=False)), day)


@pytest.mark.parametrize("day", [dt.date(2020, 4, 20), dt.date(2021, 7, 1), dt.date(2024, 12, 21)])
def test_a_province_judged_in_parts_is_the_province_judged_at_once(province, two_cores, day):
    expected = whole(province, day)
    found = validate_tree(province, day, cache=False, min_files=0)
    assert cache.last.processes == 2
    assert found == expected
    rules = Counter(d.rule for d in found)
    per_inspection = {r.id for r in RULES if r.per_inspection}
    # Both kinds of rule found something, or the comparison proved little.
    assert len(rules.keys() & per_inspection) >= 3 and len(rules.keys() - per_inspection) >= 3, rules


def test_the_register_of_document_numbers_reads_other_rounds_problems(province, two_cores):
    found = validate_tree(province, dt.date(2024, 12, 21), cache=False, min_files=0)
    duplicate = [d for d in found if d.rule == "document-number-duplicate"]
    assert duplicate and duplicate == [d for d in whole(province, dt.date(2024, 12, 21))
                                       if d.rule == "document-number-duplicate"]
    assert any("/problems.yaml" in d.file for d in duplicate)


def test_the_parts_write_the_parse_cache_a_later_load_takes_whole(province, two_cores):
    day = dt.date(2021, 7, 1)
    cold = validate_tree(province, day, min_files=0)
    assert cache.last.processes == 2 and cache.last.parsed == 740 and cache.last.written
    warm = validate_tree(province, day, min_files=0)
    assert cache.last.parsed == 0 and cache.last.recalled == 4  # every round as judged last time
    records, _ = load(province)
    assert cache.last.parsed == 0 and records.inspections["2020-3-wuxi-sheda"].problems is not None
    assert cold == warm == whole(province, day)


def test_an_edit_after_the_parts_wrote_the_cache_is_seen(province, two_cores, monkeypatch):
    real = cache._now_ns  # the files are old: trusted by their stat
    monkeypatch.setattr(cache, "_now_ns", lambda: real() + 10 * cache.UNVERIFIABLE_NS)
    day = dt.date(2024, 12, 21)
    validate_tree(province, day, min_files=0)
    folder = province / FOLDERS / "2020-2-nanjing-zrzyj"
    _edit(folder / "problems.yaml", r"description: ", "description: 联系人李四，手机13800001111，")
    found = validate_tree(province, day, min_files=0)
    assert cache.last.parsed == 1
    assert found == whole(province, day)
    assert any(d.rule == "identity-in-text" and d.file.endswith("2020-2-nanjing-zrzyj/problems.yaml") for d in found)


def test_a_worker_that_fails_leaves_its_rounds_to_this_process(province, two_cores, monkeypatch):
    me = os.getpid()
    real = parts._load_part

    def fail_in_the_worker(*args):
        if os.getpid() != me:
            raise MemoryError("the worker ran out of memory")
        return real(*args)

    monkeypatch.setattr(parts, "_load_part", fail_in_the_worker)
    day = dt.date(2021, 7, 1)
    found = validate_tree(province, day, min_files=0)
    assert cache.last.parsed == 740 and cache.last.processes == 2
    assert found == whole(province, day)


def test_a_citys_tree_is_judged_at_once(province, two_cores):
    day = dt.date(2021, 7, 1)
    found = validate_tree(province, day)  # 740 files: below the threshold
    assert cache.last.processes == 1
    assert found == whole(province, day)


def test_one_core_judges_at_once(province, monkeypatch):
    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    day = dt.date(2021, 7, 1)
    found = validate_tree(province, day, min_files=0)
    assert cache.last.processes == 1
    assert found == whole(province, day)


def test_a_file_judged_in_its_part_cannot_be_read_as_empty_afterwards():
    for use in (bool, len, iter, lambda x: x.problems, lambda x: x[0]):
        with pytest.raises(RuntimeError):
            use(NOT_LOADED)


@pytest.fixture
def old_files(monkeypatch):
    """The files were written long before: their stat proves them unchanged (no content check)."""
    real = cache._now_ns
    monkeypatch.setattr(cache, "_now_ns", lambda: real() + 10 * cache.UNVERIFIABLE_NS)


def test_an_edited_inspection_costs_its_round_only(province, two_cores, old_files):
    day = dt.date(2024, 12, 21)
    validate_tree(province, day, min_files=0)
    _edit(province / FOLDERS / "2020-3-wuxi-sheda" / "problems.yaml", r"description: ", "description: 实名举报，")
    found = validate_tree(province, day, min_files=0)
    assert cache.last.recalled == 3 and cache.last.parsed == 1
    assert found == whole(province, day)
    assert any(d.rule == "identity-in-text" and "2020-3-wuxi-sheda" in d.file for d in found)


def test_a_change_to_the_config_roster_or_plans_judges_every_round_again(province, two_cores, old_files):
    day = dt.date(2024, 12, 21)
    validate_tree(province, day, min_files=0)
    _edit(province / "people.yaml", r"name: ", "name: 改", count=1)
    found = validate_tree(province, day, min_files=0)
    assert cache.last.recalled == 0
    assert found == whole(province, day)


def test_a_calendar_file_costs_only_the_rounds_whose_deadlines_count_through_its_year(province, two_cores, old_files):
    from xuncha.calendar.overrides import override_skeleton

    day = dt.date(2021, 7, 1)
    validate_tree(province, day, min_files=0)
    (province / "calendar").mkdir(exist_ok=True)
    (province / "calendar" / "2021.yaml").write_text(override_skeleton(2021), encoding="utf-8")
    found = validate_tree(province, day, min_files=0)
    # The spring rounds' deadlines all fall in 2020; the autumn rounds' half year runs into 2021.
    assert 0 < cache.last.recalled < 4
    assert found == whole(province, day)


def test_each_day_is_judged_for_itself_where_its_answer_differs(province, two_cores, old_files):
    first, second = dt.date(2020, 4, 20), dt.date(2024, 12, 21)
    validate_tree(province, first, min_files=0)
    later = validate_tree(province, second, min_files=0)
    assert cache.last.recalled < 4  # in April 2020 steps were still to come: those rounds said so, naming the day
    again = validate_tree(province, first, min_files=0)
    assert cache.last.recalled == 4
    assert again == whole(province, first) and later == whole(province, second)


def test_the_morning_after_the_rounds_whose_answer_holds_are_taken_as_they_were(province, two_cores, old_files):
    day = dt.date(2022, 3, 14)  # long after every step of the province's 2020
    validate_tree(province, day, min_files=0)
    found = validate_tree(province, day + dt.timedelta(days=1), min_files=0)
    assert cache.last.recalled == 4 and cache.last.parsed == 0
    assert found == whole(province, day + dt.timedelta(days=1))


@pytest.mark.parametrize("start", [dt.date(2020, 3, 1), dt.date(2020, 9, 20)])
def test_day_after_day_through_the_year_every_answer_is_the_days_own(province, two_cores, old_files, start):
    # Steps, feedbacks and half-year deadlines fall between these days: each answer must still be that day's.
    recalled = 0
    loaded = load(province, cache=False)  # the tree is not edited in between: one load judged for each day
    for n in range(0, 240, 47):
        day = start + dt.timedelta(days=n)
        found = validate_tree(province, day, min_files=0)
        recalled += cache.last.recalled
        assert found == whole(province, day, loaded), day
    assert recalled > 0  # some rounds held from one of these days to the next


def test_the_newest_four_files_of_a_round_stay(province, two_cores, old_files):
    from xuncha.records import round_answers

    for n in range(6):  # April to May 2020: each day's answer names the day, so each has its own file
        validate_tree(province, dt.date(2020, 4, 20) + dt.timedelta(days=n), min_files=0)
    kept = Counter(p.name.split(".")[0] for p in (province.parent / ".xuncha-cache" / "rounds" / "validate").iterdir())
    assert kept and max(kept.values()) == round_answers.KEEP


def test_an_interrupted_load_stops_its_worker_and_leaves_no_part_file(province, two_cores, monkeypatch, tmp_path):
    me = os.getpid()
    finished = tmp_path / "worker-finished"

    def interrupted_here(*args):
        if os.getpid() == me:
            raise KeyboardInterrupt
        import time

        time.sleep(20)  # still working when this process is interrupted: it must be stopped, not awaited
        finished.write_text("done", encoding="utf-8")

    monkeypatch.setattr(parts, "_load_part", interrupted_here)
    with pytest.raises(KeyboardInterrupt):
        validate_tree(province, dt.date(2021, 7, 1), min_files=0)
    assert not finished.exists()
    assert not list((province.parent / ".xuncha-cache").glob("part.*"))


def test_a_worker_that_cannot_be_started_leaves_its_rounds_to_this_process(province, two_cores, monkeypatch):
    def no_memory_left():
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    monkeypatch.setattr(os, "fork", no_memory_left)
    day = dt.date(2021, 7, 1)
    found = validate_tree(province, day, min_files=0)
    assert cache.last.processes == 1 and cache.last.parsed == 740
    assert found == whole(province, day)
    assert not list((province.parent / ".xuncha-cache").glob("part.*"))
