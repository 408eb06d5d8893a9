"""A cold load parses on every core (records/workers.py) and gives exactly what one process gives.

The tree is the benchmark's small province (52 inspections in 4 rounds, 740 files): big enough for
each round's shard to go to its own process, small enough to generate in a test.  Two processes
are forced (XUNCHA_WORKERS=2) and the size threshold is lowered, as a province would load on a
two-core office PC.  Equivalence of the warm, edited and damaged cases is in test_cache.py, which
runs every scenario both ways.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import generate_province

from xuncha.records import cache, workers
from xuncha.records.loader import load



@pytest.fixture(scope="module")
def _province(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("province")
    counts = generate_province(root, "small")
    assert counts["inspections"] == 52
    return root


@pytest.fixture
def province(_province, tmp_path) -> Path:
    """A fresh copy of the small province's records, with no cache yet."""
    shutil.copytree(_province / "records", tmp_path / "records")
    return tmp_path / "records"


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setenv(workers.WORKERS_ENV, "2")
    monkeypatch.setattr(workers, "PARALLEL_FROM_FILES", 0)


def shards(records: Path) -> list[str]:
    return sorted(p.name for p in (records.parent / ".xuncha-cache" / "records.parsed").iterdir())


def test_a_cold_load_on_two_cores_is_the_one_process_load(province, two_cores):
    serial, serial_diagnostics = load(province, cache=False)
    records, diagnostics = load(province)
    assert cache.last.processes == 2 and cache.last.parsed == 740
    assert diagnostics == serial_diagnostics
    assert records == serial
    assert list(records.inspections) == list(serial.inspections)
    problem = records.inspections["2020-3-wuxi-sheda"].problems.problems[4]
    assert problem.pos("title") == serial.inspections["2020-3-wuxi-sheda"].problems.problems[4].pos("title")
    # The workers wrote their rounds' shards themselves; nothing is left half-written.
    assert shards(province) == ["2020-1.pickle", "2020-2.pickle", "2020-3.pickle", "2020-4.pickle", "base.pickle"]
    warm, warm_diagnostics = load(province)
    assert cache.last.parsed == 0 and warm_diagnostics == serial_diagnostics and warm == serial


def test_errors_found_by_a_worker_keep_their_file_and_line(province, two_cores):
    first = province / "inspections" / "2020-1-nanjing-beian"
    last = province / "inspections" / "2020-4-wuxi-zrzyj"
    (first / "end.yaml").write_text("date: 2020/5/9\n", encoding="utf-8")
    text = (last / "inspection.yaml").read_text(encoding="utf-8")
    (last / "inspection.yaml").write_text(text + "colour: 蓝\n", encoding="utf-8")
    (last / "tips.yaml").write_bytes("tips:\n  - id: T1\n    summary: 举报\n".encode("gb18030"))
    (province / "inspections" / "2020-2-nanjing-zrzyj" / "notice.yaml").write_text("date: [\n", encoding="utf-8")
    serial = load(province, cache=False)[1]
    found = load(province)[1]
    assert cache.last.processes == 2
    assert found == serial
    lines = {f"{d.file}:{d.line}:{d.column} {d.rule}" for d in found}
    assert "records/inspections/2020-1-nanjing-beian/end.yaml:1:7 date-format" in lines
    assert any(line.startswith("records/inspections/2020-4-wuxi-zrzyj/inspection.yaml:") and
               line.endswith(" unknown-field") for line in lines)
    assert "records/inspections/2020-4-wuxi-zrzyj/tips.yaml:3:1 encoding" in lines
    assert any(line.startswith("records/inspections/2020-2-nanjing-zrzyj/notice.yaml:") and
               line.endswith("yaml-syntax") for line in lines)


@pytest.mark.parametrize("command", [["validate", "--json"], ["status", "--json"],
                                     ["check-deadlines", "--json", "--as-of", "2020-12-19"]])
def test_json_answers_are_byte_identical_with_and_without_the_cache(province, two_cores, cli, command):
    cli.cwd = province.parent
    plain = cli("--no-cache", *command)
    cold = cli(*command)
    assert cache.last.processes == 2
    cache.last = cache.Stats()  # a remembered answer (records/answers.py) loads nothing at all
    warm = cli(*command)
    assert cache.last.parsed == 0
    assert plain.exit_code == cold.exit_code == warm.exit_code and plain.exit_code in (0, 1)
    assert json.loads(plain.output)  # the answer is there, not an empty page
    assert plain.output == cold.output == warm.output


def test_a_worker_that_fails_leaves_its_rounds_to_this_process(province, two_cores, monkeypatch):
    me = os.getpid()
    real = workers._parse_all

    def fail_in_the_worker(jobs, parse):
        if os.getpid() != me:
            raise MemoryError("the worker ran out of memory")
        return real(jobs, parse)

    monkeypatch.setattr(workers, "_parse_all", fail_in_the_worker)
    serial = load(province, cache=False)
    records, diagnostics = load(province)
    assert cache.last.processes == 2 and cache.last.parsed == 740
    assert (records, diagnostics) == serial
    assert shards(province) == ["2020-1.pickle", "2020-2.pickle", "2020-3.pickle", "2020-4.pickle", "base.pickle"]


def test_a_citys_tree_is_parsed_in_one_process(province, monkeypatch):
    monkeypatch.setenv(workers.WORKERS_ENV, "2")
    load(province)
    assert cache.last.processes == 1 and cache.last.parsed == 740


def test_one_core_parses_in_one_process(province, monkeypatch):
    monkeypatch.setattr(workers, "PARALLEL_FROM_FILES", 0)
    monkeypatch.setenv(workers.WORKERS_ENV, "1")
    load(province)
    assert cache.last.processes == 1


def test_only_the_rounds_missing_from_the_cache_are_parsed_again(province, two_cores, monkeypatch):
    real = cache._now_ns  # files written long before: trusted by their stat, not checked by content
    monkeypatch.setattr(cache, "_now_ns", lambda: real() + 10 * cache.UNVERIFIABLE_NS)
    load(province)
    for name in ("2020-2.pickle", "2020-3.pickle"):
        (province.parent / ".xuncha-cache" / "records.parsed" / name).unlink()
    records, _ = load(province)
    # Two rounds of 13 inspections: one each, and each process wrote the shard it parsed.
    assert cache.last.processes == 2 and cache.last.parsed == 2 * 208 and cache.last.shards_written == 2
    assert shards(province) == ["2020-1.pickle", "2020-2.pickle", "2020-3.pickle", "2020-4.pickle", "base.pickle"]
    assert records == load(province, cache=False)[0]


def test_rounds_are_dealt_largest_first_to_the_least_loaded_process():
    assert workers.share([100, 100, 100, 100], 2) == [[0, 3], [1, 2]]
    # This process also reads the others' shards back: the worker takes what is left while this
    # process's load with that added is the larger.
    assert workers.share([30, 100, 60, 10], 2) == [[1], [2, 0, 3]]
    assert workers.share([50, 50, 50], 3) == [[0], [1], [2]]
    units = workers.units({"2020-1": list(range(600))}, 2)
    assert [(shard, len(files), whole) for shard, files, whole in units] == [("2020-1", 300, False),
                                                                             ("2020-1", 300, False)]
    assert len(workers.units({"2020-1": list(range(400))}, 2)) == 1  # halves too small to be worth it


def test_an_interrupted_cold_parse_stops_its_worker_and_leaves_no_result_file(province, two_cores, monkeypatch,
                                                                              tmp_path):
    me = os.getpid()
    finished = tmp_path / "worker-finished"

    def interrupted_here(jobs, parse):
        if os.getpid() == me:
            raise KeyboardInterrupt
        time.sleep(20)  # still parsing when this process is interrupted: it must be stopped, not awaited
        finished.write_text("done", encoding="utf-8")
        return {}

    monkeypatch.setattr(workers, "_parse_all", interrupted_here)
    with pytest.raises(KeyboardInterrupt):
        load(province)
    assert not finished.exists()
    assert not list((province.parent / ".xuncha-cache" / "records.parsed").glob("part.*"))


def _gone_pid() -> int:
    """A process id no process can have: one above the kernel's largest."""
    try:
        return int(Path("/proc/sys/kernel/pid_max").read_text()) + 1
    except (OSError, ValueError):
        return 2 ** 22 + 1


def test_result_files_a_killed_load_left_are_removed_once_their_process_is_gone(province, two_cores, cli):
    """A kill -9 of the main process mid-load leaves its workers' result files; the next load that
    forks removes them, but never one whose process still runs or that may be another PC's at work."""
    cache_folder = province.parent / ".xuncha-cache"
    parsed = cache_folder / "records.parsed"
    parsed.mkdir(parents=True)
    hours_ago = time.time() - 2 * workers.STALE_SECONDS
    gone, alive = _gone_pid(), os.getpid()
    planted = {}
    for folder in (parsed, cache_folder):
        planted[folder] = {
            "stale": [folder / f"part.{gone}.k3x9_a.pickle", folder / "part.q7wd2m1z.pickle",  # before pids
                      folder / "2020-1.pickle.a8fj2k.part", folder / "2020-2.pickle.w1c_3z.tmp"],  # half-written
            "kept": [folder / f"part.{alive}.r2d2c3.pickle",  # its process still runs (a long load)
                     folder / f"part.{gone}.fresh1.pickle"],  # recent: maybe another PC's load at work
        }
        for path in planted[folder]["stale"] + planted[folder]["kept"]:
            path.write_bytes(b"half")
            if "fresh" not in path.name:
                os.utime(path, (hours_ago, hours_ago))
    load(province)  # the cold parse forks: its folder is swept
    assert cache.last.processes == 2
    assert all(not path.exists() for path in planted[parsed]["stale"])
    assert all(path.exists() for path in planted[parsed]["kept"])
    cli.cwd = province.parent
    assert cli("validate").exit_code in (0, 1)  # a load in parts forks: the cache folder is swept
    assert cache.last.processes == 2
    assert all(not path.exists() for path in planted[cache_folder]["stale"])
    assert all(path.exists() for path in planted[cache_folder]["kept"])
    assert shards(province) == sorted(["2020-1.pickle", "2020-2.pickle", "2020-3.pickle", "2020-4.pickle",
                                       "base.pickle"] + [path.name for path in planted[parsed]["kept"]])


def test_a_worker_that_cannot_be_started_leaves_its_shards_to_the_walk(province, two_cores, monkeypatch):
    def no_memory_left():
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    serial = load(province, cache=False)
    monkeypatch.setattr(os, "fork", no_memory_left)
    records, diagnostics = load(province)
    assert cache.last.processes == 1 and cache.last.parsed == 740
    assert (records, diagnostics) == serial
    assert shards(province) == ["2020-1.pickle", "2020-2.pickle", "2020-3.pickle", "2020-4.pickle", "base.pickle"]
