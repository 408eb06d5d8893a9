"""The parse cache is never served stale: every way a clerk (or git) can change a file is seen."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from xuncha.records import cache, workers
from xuncha.records.loader import load

DONGTAI = "inspections/2020-1-dongtai"


@pytest.fixture(autouse=True, params=["serial", "parallel"])
def parse_mode(request, monkeypatch):
    """Every scenario twice: as a city's tree loads (one process) and as a province's does, its
    missing shards parsed by forked workers (records/workers.py), here forced on the small example:
    its one round is halved between this process and a worker."""
    if request.param == "parallel":
        monkeypatch.setenv(workers.WORKERS_ENV, "2")
        monkeypatch.setattr(workers, "PARALLEL_FROM_FILES", 0)
        monkeypatch.setattr(workers, "MIN_CHUNK", 1)
    else:
        monkeypatch.setenv(workers.WORKERS_ENV, "1")
    return request.param


def shard_files(workspace: Path) -> list[Path]:
    return sorted((workspace / ".xuncha-cache" / "records.parsed").glob("*.pickle"))


def cached_load(records_dir: Path, **kwargs):
    records, diagnostics = load(records_dir, **kwargs)
    return records, diagnostics, cache.last


def settle(records_dir: Path, monkeypatch) -> None:
    """Make every file look long unchanged when the cache is written, as on a clerk's desk the next day."""
    real = cache._now_ns
    monkeypatch.setattr(cache, "_now_ns", lambda: real() + 10 * cache.UNVERIFIABLE_NS)
    load(records_dir)
    monkeypatch.setattr(cache, "_now_ns", real)


def same_size_edit(path: Path, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_warm_load_reuses_every_file_and_gives_the_same_result(records_dir, monkeypatch, parse_mode):
    settle(records_dir, monkeypatch)
    assert cache.last.processes == (2 if parse_mode == "parallel" else 1)
    cold, cold_diagnostics = load(records_dir, cache=False)
    warm, warm_diagnostics, stats = cached_load(records_dir)
    assert stats.parsed == 0 and stats.verified == 0 and stats.reused > 30
    assert not stats.written
    assert warm_diagnostics == cold_diagnostics
    assert warm.config == cold.config and warm.plans == cold.plans
    for name, folder in cold.inspections.items():
        assert warm.inspections[name] == folder
    problem = warm.inspections["2020-1-dongtai"].problems.problems[0]
    assert problem.pos("title") == cold.inspections["2020-1-dongtai"].problems.problems[0].pos("title")


def test_cache_lives_beside_records_where_init_tells_git_to_ignore_it(tmp_path):
    from xuncha.records.scaffold import scaffold

    scaffold(tmp_path / "office")
    load(tmp_path / "office" / "records")
    assert (tmp_path / "office" / ".xuncha-cache" / "records.parsed" / "base.pickle").is_file()
    status = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=tmp_path / "office", text=True,
                            capture_output=True, check=True).stdout
    assert "!! .xuncha-cache/" in status


def test_cache_is_out_of_gits_view_without_any_gitignore(workspace, records_dir):
    assert not (workspace / ".gitignore").exists()
    load(records_dir)
    status = subprocess.run(["git", "status", "--porcelain"], cwd=workspace, text=True, capture_output=True,
                            check=True).stdout
    assert status == ""


def test_hand_edit_is_seen(records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    path = records_dir / DONGTAI / "end.yaml"
    path.write_text("date: 2020-05-09\n", encoding="utf-8")
    records, _, stats = cached_load(records_dir)
    assert str(records.inspections["2020-1-dongtai"].end.date) == "2020-05-09"
    assert stats.parsed == 1


def test_edit_touched_back_to_old_mtime_with_same_size_is_seen(records_dir, monkeypatch):
    path = records_dir / DONGTAI / "authorization.yaml"
    before = path.stat()
    settle(records_dir, monkeypatch)
    same_size_edit(path, "〕1号", "〕2号")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    records, _, stats = cached_load(records_dir)
    assert records.inspections["2020-1-dongtai"].authorization.number == "盐巡授〔2020〕2号"
    assert stats.parsed == 1


def test_replaced_by_a_same_size_file_is_seen(records_dir, tmp_path, monkeypatch):
    path = records_dir / DONGTAI / "end.yaml"
    before = path.stat()
    settle(records_dir, monkeypatch)
    text = path.read_text(encoding="utf-8")
    replacement = tmp_path / "end.yaml"
    replacement.write_text(text.replace("2020-05-", "2020-06-"), encoding="utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, path)  # what git checkout and most editors do
    records, _, stats = cached_load(records_dir)
    assert records.inspections["2020-1-dongtai"].end.date.month == 6
    assert stats.parsed == 1


def test_edit_within_the_same_clock_tick_is_seen(records_dir, monkeypatch):
    """A filesystem with a coarse clock can give the edited file its old mtime, size, inode and ctime."""
    path = records_dir / DONGTAI / "end.yaml"
    load(records_dir)  # written just now: the file's timestamps are too close to trust
    frozen = os.stat(path)
    same_size_edit(path, "2020-05-", "2020-06-")
    real_stat = os.stat
    monkeypatch.setattr(cache.os, "stat", lambda p, *a, **k: frozen if Path(p) == path else real_stat(p, *a, **k))
    records, _, stats = cached_load(records_dir)
    assert records.inspections["2020-1-dongtai"].end.date.month == 6
    assert stats.parsed == 1


def test_recent_files_are_verified_by_content_then_trusted(records_dir, monkeypatch):
    load(records_dir)
    _, _, stats = cached_load(records_dir)
    assert stats.parsed == 0 and stats.verified > 30 and stats.written
    monkeypatch.setattr(cache, "_now_ns", lambda: os.stat(records_dir / "config.yaml").st_ctime_ns
                        + 10 * cache.UNVERIFIABLE_NS)
    load(records_dir)
    _, _, stats = cached_load(records_dir)
    assert stats.verified == 0 and stats.reused > 30


def test_deleted_file_is_seen(records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    (records_dir / DONGTAI / "closure.yaml").unlink()
    records, _, _ = cached_load(records_dir)
    assert records.inspections["2020-1-dongtai"].closure is None


def test_deleted_folder_is_seen(records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    shutil.rmtree(records_dir / "inspections" / "2020-1-jtj")
    records, _, _ = cached_load(records_dir)
    assert "2020-1-jtj" not in records.inspections


def test_added_file_is_seen(records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    (records_dir / "inspections" / "2020-1-jianhu" / "feedback.yaml").write_text(
        "date: 2020-07-06\nby: wang-jun\n", encoding="utf-8")
    records, _, stats = cached_load(records_dir)
    assert str(records.inspections["2020-1-jianhu"].feedback.date) == "2020-07-06"
    assert stats.parsed == 1


def test_added_unknown_file_is_warned_about(records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    (records_dir / DONGTAI / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    _, diagnostics, _ = cached_load(records_dir)
    assert any(d.rule == "unknown-file" and d.file.endswith("notes.yaml") for d in diagnostics)


def test_a_file_broken_then_fixed_is_reported_then_cleared(records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    path = records_dir / DONGTAI / "end.yaml"
    good = path.read_bytes()
    path.write_text("date: 2020/5/9\n", encoding="utf-8")
    _, diagnostics, _ = cached_load(records_dir)
    assert any(d.rule == "date-format" and d.file.endswith("end.yaml") for d in diagnostics)
    path.write_bytes(good)
    _, diagnostics, _ = cached_load(records_dir)
    assert not any(d.file.endswith("end.yaml") for d in diagnostics)


def test_calendar_override_change_keeps_every_parsed_record(records_dir, monkeypatch):
    """No record parses differently under another calendar: an edited holiday notice costs no re-parse
    (the deadlines and validate's answers that do depend on it are derived afresh, see test_answers)."""
    settle(records_dir, monkeypatch)
    (records_dir / "calendar").mkdir(exist_ok=True)
    (records_dir / "calendar" / "2020.yaml").write_text("year: 2020\n", encoding="utf-8")
    _, _, stats = cached_load(records_dir)
    assert stats.discarded is None and stats.parsed == 0 and stats.reused > 30


def test_new_xuncha_version_drops_the_cache(records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    monkeypatch.setattr(cache, "_source_key", "another version")
    _, _, stats = cached_load(records_dir)
    assert stats.discarded == "key" and stats.reused == 0 and stats.parsed > 30


def test_source_key_covers_the_model_and_loader(monkeypatch):
    monkeypatch.setattr(cache, "_source_key", None)
    key = cache.source_key()
    assert key == cache.source_key()
    package = Path(cache.__file__).resolve().parent.parent
    for name in cache._SOURCES:
        assert (package / name).exists(), name


@pytest.mark.parametrize("content", [b"", b"not a pickle at all", pickle.dumps({"format": "beancount"}),
                                     pickle.dumps("x")[:3]])
def test_corrupt_or_foreign_cache_is_ignored_and_rebuilt(workspace, records_dir, content, monkeypatch):
    settle(records_dir, monkeypatch)
    for path in shard_files(workspace):
        path.write_bytes(content)
    expected = load(records_dir, cache=False)
    records, diagnostics, stats = cached_load(records_dir)
    assert (records.config, diagnostics) == (expected[0].config, expected[1])
    assert stats.reused == 0 and stats.written
    _, _, stats = cached_load(records_dir)
    assert stats.parsed == 0


def test_cache_pickled_with_a_class_that_no_longer_exists_is_ignored(workspace, records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    path = workspace / ".xuncha-cache" / "records.parsed" / "base.pickle"
    header = cache.ParseCache(records_dir).header
    with open(path, "wb") as handle:
        pickle.dump(header, handle)
        handle.write(b"\x80\x04\x95\x1a\x00\x00\x00\x00\x00\x00\x00\x8c\x0bxuncha.gone\x94\x8c\x04Gone\x94\x93\x94.")
    _, _, stats = cached_load(records_dir)
    assert stats.discarded == "unreadable" and stats.written


def test_deleting_the_cache_is_harmless(workspace, records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    shutil.rmtree(workspace / ".xuncha-cache")
    records, _, stats = cached_load(records_dir)
    assert records.inspections["2020-1-dongtai"].closure is not None and stats.written


def test_unwritable_cache_folder_is_harmless(workspace, records_dir):
    (workspace / ".xuncha-cache").write_text("a file where the folder should be", encoding="utf-8")
    records, diagnostics, stats = cached_load(records_dir)
    assert records.config is not None and not stats.written
    assert (records.config, diagnostics) == (load(records_dir, cache=False)[0].config, diagnostics)


def test_partial_load_keeps_the_inspections_cached(records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    load(records_dir, inspections=False)
    _, _, stats = cached_load(records_dir)
    assert stats.parsed == 0


def test_two_loads_at_once_leave_a_valid_cache(workspace, records_dir):
    """Writes go to a temporary file and are renamed into place: a reader sees the old or the new cache."""
    errors: list[BaseException] = []

    def run():
        try:
            for _ in range(5):
                records, _ = load(records_dir)
                assert records.inspections["2020-1-dongtai"].problems is not None
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)

    # Timestamps of the fresh copy are recent, so every load verifies and rewrites: the worst case.
    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    folder = workspace / ".xuncha-cache" / "records.parsed"
    names = sorted(p.name for p in folder.iterdir())
    assert names and all(name.endswith(".pickle") for name in names)  # no temporary file left
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            assert pickle.load(handle)["format"] == cache.FORMAT


def test_two_processes_at_once(workspace, records_dir):
    code = ("import sys; from pathlib import Path; from xuncha.records.loader import load; "
            "r, d = load(Path(sys.argv[1])); print(len(r.inspections))")
    env = dict(os.environ)  # the installed xuncha, as a second clerk's process would have it
    runs = [subprocess.Popen([sys.executable, "-c", code, str(records_dir)], env=env, stdout=subprocess.PIPE,
                             text=True) for _ in range(4)]
    outputs = [p.communicate()[0].strip() for p in runs]
    assert all(p.returncode == 0 for p in runs) and outputs == ["3"] * 4
    _, _, stats = cached_load(records_dir)
    assert stats.parsed == 0


def test_no_cache_option_bypasses_the_cache(cli, workspace, records_dir):
    result = cli("--no-cache", "validate")
    assert result.exit_code == 0, result.output
    assert not (workspace / ".xuncha-cache").exists()
    assert cache.last.used is False


def test_validate_through_the_cli_uses_and_refreshes_the_cache(cli, workspace, records_dir):
    assert cli("validate").exit_code == 0
    assert (workspace / ".xuncha-cache" / "records.parsed" / "base.pickle").is_file()
    (records_dir / DONGTAI / "end.yaml").write_text("date: 2020/5/9\n", encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert "records/inspections/2020-1-dongtai/end.yaml:1:7: 错误 [date-format]" in result.output
    result = cli("--no-cache", "validate")
    assert result.exit_code == 1 and "[date-format]" in result.output


def test_help_mentions_no_cache(cli):
    result = cli("--help")
    assert "--no-cache" in result.output and "缓存" in result.output


def test_each_round_of_inspections_has_its_own_shard(workspace, records_dir):
    load(records_dir)
    assert [p.name for p in shard_files(workspace)] == ["2020-1.pickle", "base.pickle"]


def test_an_edit_rewrites_only_the_shard_that_holds_the_file(records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    same_size_edit(records_dir / DONGTAI / "end.yaml", "2020-05-07", "2020-05-08")
    records, _, stats = cached_load(records_dir)
    assert records.inspections["2020-1-dongtai"].end.date.isoformat() == "2020-05-08"
    assert stats.parsed == 1 and stats.shards_written == 1


def test_a_load_without_inspections_reads_and_writes_only_the_first_shard(workspace, records_dir, monkeypatch):
    settle(records_dir, monkeypatch)
    inspection_shards = [p for p in shard_files(workspace) if p.name != "base.pickle"]
    assert inspection_shards
    for path in inspection_shards:
        path.write_bytes(b"damaged")
    _, _, stats = cached_load(records_dir, inspections=False)
    assert stats.discarded is None and stats.parsed == 0 and not stats.written
    assert all(p.read_bytes() == b"damaged" for p in inspection_shards)
    _, _, stats = cached_load(records_dir)
    assert stats.discarded == "unreadable" and stats.written


def test_the_single_file_cache_of_earlier_versions_is_removed(workspace, records_dir):
    (workspace / ".xuncha-cache").mkdir()
    legacy = workspace / ".xuncha-cache" / "records.pickle"
    legacy.write_bytes(b"45 MB of an older xuncha's cache")
    load(records_dir)
    assert not legacy.exists() and shard_files(workspace)


def test_the_shard_of_a_round_no_longer_in_the_tree_is_deleted(workspace, records_dir):
    load(records_dir)
    assert [p.name for p in shard_files(workspace)] == ["2020-1.pickle", "base.pickle"]
    shutil.rmtree(records_dir / "inspections")
    (records_dir / "inspections").mkdir()
    load(records_dir, inspections=False)  # a partial load leaves the rounds it did not read alone
    assert [p.name for p in shard_files(workspace)] == ["2020-1.pickle", "base.pickle"]
    load(records_dir)
    assert [p.name for p in shard_files(workspace)] == ["base.pickle"]
