"""Remembered answers (records/answers.py) are never stale: validate, check-deadlines and status print
byte for byte what a run without any cache prints, whatever a clerk, git or the clock changed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from xuncha.cli import common
from xuncha.records import answers, cache

DONGTAI = "inspections/2020-1-dongtai"
JIANHU = "inspections/2020-1-jianhu"
# Days on which the example has something to say: a report due that day, a tour and a feedback overdue.
COMMANDS = [
    ("validate", "--json", "--as-of", "2020-07-20"),
    ("check-deadlines", "--json", "--as-of", "2020-07-20"),
    ("status", "--json", "--as-of", "2020-07-20"),
    ("check-deadlines", "--as-of", "2020-05-20"),
    ("status", "--as-of", "2020-06-20"),
]


@pytest.fixture
def settled(monkeypatch):
    """Answers written from now on are dated well after every file's last change, as on the next working day."""
    real = cache._now_ns
    monkeypatch.setattr(cache, "_now_ns", lambda: real() + 10 * cache.UNVERIFIABLE_NS)


def git(workspace: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=workspace, check=True, capture_output=True, text=True).stdout


def fresh(cli, args) -> tuple[int, str]:
    result = cli("--no-cache", *args)
    return result.exit_code, result.output


def remembered(cli, args) -> tuple[int, str]:
    result = cli(*args)
    return result.exit_code, result.output


def assert_same_as_without_cache(cli, args=COMMANDS) -> None:
    """Every command answers as a run without the cache does, and a second run is served from memory."""
    for command in args:
        expected = fresh(cli, command)
        assert remembered(cli, command) == expected, command
        assert remembered(cli, command) == expected, command
        assert answers.last.hit, command


def test_an_unchanged_tree_is_answered_from_memory_with_the_same_bytes(cli, settled):
    for command in COMMANDS:
        expected = fresh(cli, command)
        first = remembered(cli, command)
        assert answers.last.used and not answers.last.hit and answers.last.stored
        second = remembered(cli, command)
        assert answers.last.hit
        assert first == second == expected
    assert fresh(cli, COMMANDS[1])[0] == 1 and "2020-1-jtj" in fresh(cli, COMMANDS[1])[1]


def test_a_hit_loads_no_record(cli, settled):
    remembered(cli, COMMANDS[0])
    cache.last = cache.Stats()
    remembered(cli, COMMANDS[0])
    assert answers.last.hit and cache.last.reused == 0 and cache.last.parsed == 0


def test_hand_edit_is_seen(cli, records_dir, settled):
    assert_same_as_without_cache(cli)
    before = remembered(cli, ("check-deadlines", "--as-of", "2020-07-20"))
    assert "2020-1-jianhu 建湖县 巡查反馈" in before[1]
    (records_dir / JIANHU / "feedback.yaml").write_text("date: 2020-07-06\nby: wang-jun\n", encoding="utf-8")
    for command in COMMANDS:
        assert remembered(cli, command) == fresh(cli, command)
    assert "2020-1-jianhu 建湖县 巡查反馈" not in remembered(cli, ("check-deadlines", "--as-of", "2020-07-20"))[1]


def test_same_size_edit_with_the_old_mtime_put_back_is_seen(cli, records_dir, settled):
    path = records_dir / JIANHU / "end.yaml"
    before = path.stat()
    assert_same_as_without_cache(cli)
    earlier = [fresh(cli, command) for command in COMMANDS]
    path.write_text(path.read_text(encoding="utf-8").replace("2020-05-07", "2020-05-27"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert_same_as_without_cache(cli)
    assert [fresh(cli, command) for command in COMMANDS] != earlier  # the edit does change the answers


def test_file_replaced_by_a_same_size_one_with_the_old_mtime_is_seen(cli, records_dir, tmp_path, settled):
    path = records_dir / JIANHU / "end.yaml"
    before = path.stat()
    assert_same_as_without_cache(cli)
    replacement = tmp_path / "end.yaml"
    text = path.read_text(encoding="utf-8")
    replacement.write_text(text.replace("2020-05-07", "2020-05-27"), encoding="utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, path)  # what git checkout and most editors do
    expected = fresh(cli, COMMANDS[1])
    assert remembered(cli, COMMANDS[1]) == expected and not answers.last.hit
    assert_same_as_without_cache(cli)


def test_an_answer_computed_right_after_an_edit_is_trusted_only_by_the_content_of_the_recent_files(cli, records_dir):
    """Files changed within the clock's resolution of the answer could change again with the same stat:
    their content, read before the answer was computed, must still be the same."""
    expected = fresh(cli, COMMANDS[0])
    remembered(cli, COMMANDS[0])  # every file of the fresh copy is recent
    assert remembered(cli, COMMANDS[0]) == expected and answers.last.hit and answers.last.verified


def test_a_same_tick_edit_of_a_recent_file_is_seen(cli, records_dir, monkeypatch):
    """A coarse clock can give the edited file its old mtime, size, inode and ctime."""
    path = records_dir / JIANHU / "end.yaml"
    remembered(cli, COMMANDS[1])
    frozen = os.stat(path)
    path.write_text(path.read_text(encoding="utf-8").replace("2020-05-07", "2020-05-27"), encoding="utf-8")
    real_stat, real_lstat = os.stat, os.lstat
    monkeypatch.setattr(answers.os, "stat", lambda p, *a, **k: frozen if str(p) == str(path) else real_stat(p, *a, **k))
    monkeypatch.setattr(answers.os, "lstat", lambda p, *a, **k: frozen if str(p) == str(path) else real_lstat(p, *a, **k))
    assert remembered(cli, COMMANDS[1]) == fresh(cli, COMMANDS[1]) and not answers.last.hit
    assert answers.last.why == "recent"


def test_git_checkout_of_another_commit_and_back(cli, workspace, records_dir, settled):
    assert_same_as_without_cache(cli)
    shutil.rmtree(records_dir / "inspections" / "2020-1-jtj")
    (records_dir / JIANHU / "feedback.yaml").write_text("date: 2020-07-06\nby: wang-jun\n", encoding="utf-8")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "反馈")
    assert_same_as_without_cache(cli)
    git(workspace, "checkout", "-q", "HEAD~1")
    assert_same_as_without_cache(cli)
    assert "2020-1-jtj" in remembered(cli, COMMANDS[2])[1]
    git(workspace, "checkout", "-q", "-")
    assert_same_as_without_cache(cli)
    assert "2020-1-jtj" not in remembered(cli, COMMANDS[2])[1]


def test_git_stash_and_pop(cli, workspace, records_dir, settled):
    assert_same_as_without_cache(cli)
    path = records_dir / DONGTAI / "closure.yaml"
    path.unlink()
    assert_same_as_without_cache(cli)
    git(workspace, "stash", "-q")
    assert path.exists()
    assert_same_as_without_cache(cli)
    git(workspace, "stash", "pop", "-q")
    assert not path.exists()
    assert_same_as_without_cache(cli)


def test_added_removed_and_unknown_files_are_seen(cli, records_dir, settled):
    assert_same_as_without_cache(cli)
    (records_dir / DONGTAI / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    assert_same_as_without_cache(cli)
    assert "unknown-file" in remembered(cli, COMMANDS[0])[1]
    shutil.rmtree(records_dir / "inspections" / "2020-1-jtj")
    assert_same_as_without_cache(cli)
    (records_dir / DONGTAI / "review.yaml").unlink()
    assert_same_as_without_cache(cli)


def test_a_broken_file_then_fixed(cli, records_dir, settled):
    path = records_dir / DONGTAI / "end.yaml"
    good = path.read_bytes()
    assert_same_as_without_cache(cli)
    path.write_text("date: 2020/5/9\n", encoding="utf-8")
    assert_same_as_without_cache(cli)
    code, output = remembered(cli, COMMANDS[0])
    assert code == 1 and "date-format" in output
    result = cli("check-deadlines", "--as-of", "2020-07-20")
    assert answers.last.hit and "台账中有 1 处错误" in result.output  # the warning is printed from memory too
    path.write_bytes(good)
    assert_same_as_without_cache(cli)


def test_calendar_override_added_and_edited(cli, records_dir, settled):
    assert_same_as_without_cache(cli)
    assert cli("calendar", "add", "2020", "--no-commit").exit_code == 0
    assert_same_as_without_cache(cli)
    path = records_dir / "calendar" / "2020.yaml"
    text = path.read_text(encoding="utf-8")
    # 2020-07-13 and 14 made holidays: the jtj tour (due 07-14) is no longer four working days overdue.
    path.write_text(text.replace("holidays:", "holidays:\n  - {name: 假日, start: 2020-07-13, end: 2020-07-14}", 1)
                    .replace("verified: false", "verified: true", 1), encoding="utf-8")
    assert_same_as_without_cache(cli)
    assert remembered(cli, ("check-deadlines", "--as-of", "2020-07-20")) == \
        fresh(cli, ("check-deadlines", "--as-of", "2020-07-20"))


def test_each_day_has_its_own_answer(cli, settled, monkeypatch):
    days = ("2020-05-20", "2020-06-20", "2020-07-20")
    outputs = {}
    for day in days * 2:
        for command in ("validate", "check-deadlines", "status"):
            expected = fresh(cli, (command, "--as-of", day))
            assert remembered(cli, (command, "--as-of", day)) == expected
            outputs[command, day] = expected
    assert outputs["status", "2020-05-20"] != outputs["status", "2020-07-20"]
    # Without --as-of the answer is today's: the clock moving on is a new question.
    for day in (dt.date(2020, 5, 20), dt.date(2020, 7, 20)):
        monkeypatch.setattr(common, "today", lambda day=day: day)
        for command in ("validate", "check-deadlines", "status"):
            assert remembered(cli, (command,)) == outputs[command, day.isoformat()]
            assert remembered(cli, (command,)) == outputs[command, day.isoformat()] and answers.last.hit


def test_other_options_have_their_own_answer(cli, settled):
    for command in (("check-deadlines", "--as-of", "2020-07-10", "--within", "0"),
                    ("check-deadlines", "--as-of", "2020-07-10", "--within", "5"),
                    ("status", "2020-1-jtj", "--as-of", "2020-07-10"),
                    ("status", "--as-of", "2020-07-10")):
        assert_same_as_without_cache(cli, [command])


def test_a_refusal_is_never_remembered(cli, settled):
    assert cli("status", "2020-1-jtj", "--as-of", "2020-07-20").exit_code == 0
    for _ in range(2):
        result = cli("status", "2020-1-nowhere", "--as-of", "2020-07-20")
        assert result.exit_code == 2 and "没有巡查 2020-1-nowhere" in result.output


def test_new_xuncha_code_recomputes(cli, settled, monkeypatch):
    remembered(cli, COMMANDS[0])
    monkeypatch.setattr(answers, "_code_key", "another xuncha")
    remembered(cli, COMMANDS[0])
    assert not answers.last.hit and answers.last.why == "changed"


def test_code_key_covers_every_source_file(monkeypatch):
    monkeypatch.setattr(answers, "_code_key", None)
    key = answers.code_key()
    assert key == answers.code_key()
    package = Path(answers.__file__).resolve().parent.parent
    assert (package / "procedure" / "rules").is_dir()  # the rules are under the package whose sources count


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x04\x95\x1a\x00\x00\x00\x00\x00\x00\x00\x8c\x0bxuncha.gone"])
def test_a_corrupt_answer_file_is_ignored(cli, workspace, settled, content):
    expected = fresh(cli, COMMANDS[0])
    remembered(cli, COMMANDS[0])
    for path in (workspace / ".xuncha-cache" / "answers").glob("validate*.pickle"):  # the answer and its printout
        path.write_bytes(content)
    assert remembered(cli, COMMANDS[0]) == expected and not answers.last.hit and answers.last.stored


def test_no_cache_writes_no_answer(cli, workspace):
    fresh(cli, COMMANDS[0])
    assert not (workspace / ".xuncha-cache").exists()


def test_unwritable_cache_folder_is_harmless(cli, workspace):
    (workspace / ".xuncha-cache").write_text("a file where the folder should be", encoding="utf-8")
    assert remembered(cli, COMMANDS[1]) == fresh(cli, COMMANDS[1]) and not answers.last.stored


def test_content_checked_filesystems_see_an_edit_that_kept_every_timestamp(cli, records_dir, monkeypatch):
    """Where ctime follows a restored mtime (FAT, sshfs, SMB), only the content can tell."""
    monkeypatch.setenv(cache.VERIFY_ENV, "1")
    assert_same_as_without_cache(cli)  # trusted by content right away: no waiting for files to age
    path = records_dir / JIANHU / "end.yaml"
    frozen = os.stat(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2020-05-07", "2020-05-27"), encoding="utf-8")
    real_stat, real_lstat = os.stat, os.lstat
    monkeypatch.setattr(answers.os, "stat", lambda p, *a, **k: frozen if str(p) == str(path) else real_stat(p, *a, **k))
    monkeypatch.setattr(answers.os, "lstat", lambda p, *a, **k: frozen if str(p) == str(path) else real_lstat(p, *a, **k))
    assert remembered(cli, COMMANDS[1]) == fresh(cli, COMMANDS[1]) and not answers.last.hit


def test_a_fifo_in_the_tree_never_hangs_the_content_check(workspace, records_dir):
    """The loader refuses a FIFO without opening it; the content fingerprint must not open it either."""
    import sys

    (records_dir / DONGTAI / "closure.yaml").unlink()
    os.mkfifo(records_dir / DONGTAI / "closure.yaml")
    env = {**os.environ, cache.VERIFY_ENV: "1"}
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "xuncha", "validate", "--as-of", "2020-07-20"], cwd=workspace,
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and "closure.yaml" in done.stdout and "命名管道" in done.stdout, done.stdout
