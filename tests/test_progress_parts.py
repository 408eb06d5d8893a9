"""check-deadlines and status over a province in parts (procedure/progress.py) print exactly what
the whole tree loaded at once prints.

Each round is read and answered where it was read, on two processes; the planned rounds not opened
(四（一）) are worked out here over the folders' light files.  The tree is the benchmark's small
province (52 inspections in 4 rounds of 2020) with an unchecked 2021 calendar file — the half-year
of 四（七） counted into 2021 then carries its note, and the years consulted are spread over two
processes with their own calendars — and a step file that cannot be read, which check-deadlines
warns of.  Every answer is compared byte for byte, cold and warm, in JSON and in text.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import Cli
from province_parts import _province, in_parts, office, whole_tree  # noqa: F401 (fixtures)

from xuncha.procedure.progress import deadlines_of_tree, status_of_tree
from xuncha.records import cache, workers

# Before round 1 is opened (every round a planned one), round 3 on site, the year's last days
# (round 4 at every step, half-years into 2021), and mid-2021 (rectification due and stalled).
DAYS = ("2020-03-10", "2020-07-20", "2020-12-19", "2021-06-30")


def printed(office: Path, *args: str) -> tuple[int, str, str]:
    result = Cli(office)(*args)
    return result.exit_code, result.stdout, result.stderr


def at_once(office: Path, monkeypatch, *args: str) -> tuple[int, str, str]:
    with whole_tree(monkeypatch):
        return printed(office, "--no-cache", *args)


# The small province's files, and those of them status reads: not its 144 problems, tips and activities files.
FILES = 740
LIGHT = FILES - 144

ASKS = {
    "check-deadlines": (("--json",), (), ("--within", "20"), ("--quiet",)),
    "status": (("--json",), ()),
}
# The options under which an answer is worked out (the rounds remember it per --within): the others
# print that same answer another way, so its cold read in parts, and with no cache at all, is proven
# once, under --json, and they are compared warm and recalled.
COMPUTED = {
    "check-deadlines": (("--json",), ("--within", "20")),
    "status": (("--json",),),
}


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("command", sorted(ASKS))
def test_a_province_answered_in_parts_prints_what_the_tree_at_once_prints(office, monkeypatch, in_parts,
                                                                           command, day):
    answers = office / cache.CACHE_DIR / "answers"
    for options in ASKS[command]:
        args = (command, "--as-of", day, *options)
        expected = at_once(office, monkeypatch, *args)
        assert expected[0] in (0, 1), expected
        if options in COMPUTED[command]:  # read cold in parts, and with no cache at all
            shutil.rmtree(office / cache.CACHE_DIR, ignore_errors=True)
            cold = printed(office, *args)
            assert cache.last.processes == 2 and cache.last.parsed == (FILES if command == "check-deadlines" else LIGHT)
            unremembered = printed(office, "--no-cache", *args)
            assert cache.last.processes == 2
            assert cold == unremembered == expected, args
        shutil.rmtree(answers)
        shutil.rmtree(office / cache.CACHE_DIR / "rounds")  # the parse cache stays: read back whole, in parts
        warm = printed(office, *args)
        assert cache.last.processes == 2 and cache.last.parsed == 0 and cache.last.recalled == 0
        shutil.rmtree(answers)  # every round as answered last time
        recalled = printed(office, *args)
        assert cache.last.recalled == 4
        assert warm == recalled == expected, args


def test_the_notes_of_years_other_processes_consulted_are_printed(office, monkeypatch, in_parts):
    # The 2021 file is consulted by whichever process counts a round's half-years or working days
    # into 2021 (in July 2020 only round 2's, read by one of the two): its note is printed all the same.
    for args in (("status", "--as-of", "2020-07-20"), ("check-deadlines", "--as-of", "2021-01-05", "--within", "20")):
        code, out, err = printed(office, *args)
        assert "注：records/calendar/2021.yaml 尚未核对" in out
        assert (code, out, err) == at_once(office, monkeypatch, *args)


def test_an_unreadable_step_file_is_warned_of_in_parts(office, monkeypatch, in_parts):
    code, out, err = printed(office, "check-deadlines", "--as-of", "2020-12-19")
    assert "台账中有 1 处错误" in err
    assert (code, out, err) == at_once(office, monkeypatch, "check-deadlines", "--as-of", "2020-12-19")


STEPS = {"end", "report", "feedback", "rectification-plan", "rectification-report"}


@pytest.mark.parametrize("day, kinds, planned", [
    (dt.date(2020, 3, 10), {"end", "start"}, 3),  # round 1 on site; rounds 2 to 4 planned, not opened
    (dt.date(2020, 12, 19), STEPS | {"start"}, 0),  # tours of round 4 not entered on the plan's date
    (dt.date(2021, 6, 30), STEPS | {"start", "problem-rectification"}, 0),  # 四（七）: half a year run out
])
def test_the_answers_in_parts_are_the_answers_at_once(office, monkeypatch, in_parts, day, kinds, planned):
    root = office / "records"
    errors, items, notes = deadlines_of_tree(root, day, 3, cache=False)
    assert cache.last.processes == 2
    rows, status_notes = status_of_tree(root, day, cache=False)
    assert cache.last.processes == 2
    with whole_tree(monkeypatch):
        assert deadlines_of_tree(root, day, 3, cache=False) == (errors, items, notes)
        assert status_of_tree(root, day, cache=False) == (rows, status_notes)
    monkeypatch.setenv(workers.WORKERS_ENV, "1")  # one core: the rounds in turn, in this process
    assert deadlines_of_tree(root, day, 3, cache=False) == (errors, items, notes)
    assert status_of_tree(root, day, cache=False) == (rows, status_notes)
    # Items of every kind, planned rounds among the rows, or the comparison proved little.
    assert errors == 1 and {item.step.split(":")[0] for item in items} == kinds
    assert sum(row[3] is not None and row[3].name == "new-round" for row in rows) == planned


def test_one_inspection_is_answered_from_the_tree_at_once(office, monkeypatch, in_parts):
    expected = at_once(office, monkeypatch, "status", "2020-4-wuxi-slj", "--as-of", "2020-12-19")
    assert printed(office, "status", "2020-4-wuxi-slj", "--as-of", "2020-12-19") == expected
    assert expected[1].startswith("2020-4-wuxi-slj\t") and len(expected[1].splitlines()) == 1
    code, _, err = printed(office, "status", "2020-4-wuxi-slj", "--as-of", "2020-06-01")
    assert code == 2 and "尚未开启" in err


@pytest.fixture
def old_files(monkeypatch):
    """The files were written long before: their stat proves them unchanged (no content check)."""
    real = cache._now_ns
    monkeypatch.setattr(cache, "_now_ns", lambda: real() + 10 * cache.UNVERIFIABLE_NS)


@pytest.mark.parametrize("command", sorted(ASKS))
def test_an_edited_inspection_costs_its_round_only(office, monkeypatch, in_parts, old_files, command):
    args = (command, "--as-of", "2021-06-30", "--json")
    printed(office, *args)
    folder = office / "records" / "inspections" / "2020-4-wuxi-slj"
    (folder / "rectification-plan.yaml").write_text("date: 2020-12-10\nreference: 无锡委办〔2020〕9号\n",
                                                    encoding="utf-8")
    again = printed(office, *args)
    assert cache.last.recalled == 3 and cache.last.parsed == 1
    assert again == at_once(office, monkeypatch, *args)
    assert '"inspection": "2020-4-wuxi-slj"' in again[1]


def test_a_checked_calendar_file_takes_its_note_away_from_remembered_rounds(office, monkeypatch, in_parts, old_files):
    # Every round remembers the notes of the years it consulted, not those its process had
    # consulted before it: once 2021 is checked, no round recalled unchanged may bring its note back.
    args = ("status", "--as-of", "2020-07-20")
    assert "注：records/calendar/2021.yaml" in printed(office, *args)[1]
    path = office / "records" / "calendar" / "2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("verified: false", "verified: true"), encoding="utf-8")
    again = printed(office, *args)
    assert 0 < cache.last.recalled < 4  # the rounds that counted through 2021 only
    assert "注：" not in again[1] and again == at_once(office, monkeypatch, *args)


def test_status_reads_no_problem_tip_or_activity_and_keeps_their_cached_parses(office, monkeypatch, in_parts):
    shutil.rmtree(office / cache.CACHE_DIR, ignore_errors=True)
    printed(office, "status", "--as-of", "2020-12-19")
    assert cache.last.parsed == LIGHT  # a cold cache: the light files only
    validated = printed(office, "validate", "--as-of", "2020-12-19")
    assert cache.last.parsed == FILES - LIGHT  # the rest, once something reads them
    assert validated == at_once(office, monkeypatch, "validate", "--as-of", "2020-12-19")
    # A warm cache goes through status unchanged: the parses of the files it did not read are kept.
    shutil.rmtree(office / cache.CACHE_DIR / "answers")
    shutil.rmtree(office / cache.CACHE_DIR / "rounds")
    printed(office, "status", "--as-of", "2020-12-19")
    assert cache.last.parsed == 0 and cache.last.processes == 2
    assert printed(office, "validate", "--as-of", "2020-12-19") == validated
    assert cache.last.parsed == 0


@pytest.mark.parametrize("command", sorted(ASKS))
def test_each_morning_takes_the_rounds_that_still_hold_and_answers_as_the_tree_at_once(office, monkeypatch, in_parts,
                                                                                         old_files, command):
    # The morning cron: the next day, a week on, a jump over the new year, half a year on, and back.
    # Rounds 1 to 3 are closed by December 2020: what they say only compares the day with their dates.
    recalled = []
    for day in ("2020-12-19", "2020-12-20", "2020-12-21", "2020-12-28", "2021-01-04", "2021-06-30", "2020-12-22"):
        for options in COMPUTED[command]:  # the others print a remembered answer, not the rounds'
            args = (command, "--as-of", day, *options)
            answered = printed(office, *args)
            recalled.append(cache.last.recalled)
            assert answered == at_once(office, monkeypatch, *args), args
    assert recalled[0] == 0 and max(recalled) == 3, recalled  # the open round 4 is answered every day


@pytest.mark.parametrize("command", sorted(ASKS))
def test_morning_after_morning_every_answer_is_the_days_own(office, monkeypatch, in_parts, old_files, command):
    # The cron's question, a new day each time: rounds whose answer only compared the day with dates
    # are taken from the morning before; every answer must still be that day's.
    recalled = 0
    for day in [dt.date(2020, 3, 1) + dt.timedelta(days=n) for n in range(0, 500, 83)] + [dt.date(2021, 7, 2)]:
        args = (command, "--as-of", day.isoformat(), "--json")
        answer = printed(office, *args)
        recalled += cache.last.recalled
        assert answer == at_once(office, monkeypatch, *args), day
    assert recalled > 0
