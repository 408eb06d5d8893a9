"""A cache key that cannot lie (issue 18 part 7): on a filesystem whose ctime follows a restored
mtime (FAT, exFAT, sshfs: where office shares live), a same-size edit is still seen."""

from __future__ import annotations

import os
import time

import pytest


class _CtimeFollowsMtime:
    """A stat result as FAT or sshfs gives it: the change time is whatever the mtime says."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)

    @property
    def st_ctime_ns(self):
        return self._real.st_mtime_ns

    @property
    def st_ctime(self):
        return self._real.st_mtime


@pytest.fixture
def fat_like(monkeypatch):
    real = os.stat
    monkeypatch.setattr(os, "stat", lambda *a, **k: _CtimeFollowsMtime(real(*a, **k)))


def _age(folder, seconds):
    past = time.time_ns() - seconds * 1_000_000_000
    for path in folder.rglob("*.yaml"):
        os.utime(path, ns=(past, past))
    return past


def test_a_same_size_edit_with_its_old_mtime_restored_is_seen(cli, workspace, fat_like, monkeypatch):
    monkeypatch.setenv("XUNCHA_CACHE_VERIFY", "1")
    past = _age(workspace / "records", 3600)
    assert cli("validate", "--as-of", "2020-07-03").exit_code == 0
    path = workspace / "records/inspections/2020-1-jianhu/approval.yaml"
    raw = path.read_bytes()
    edited = raw.replace(b"date: 2020-06-", b"date: 2020/06-", 1)
    assert len(edited) == len(raw) and edited != raw
    with open(path, "r+b") as handle:  # in place: same inode, same size
        handle.write(edited)
    os.utime(path, ns=(past, past))
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1 and "approval.yaml" in result.output


def test_content_checks_are_asked_for_by_environment_or_found_from_the_mount(tmp_path, monkeypatch):
    from xuncha.records.cache import content_only

    monkeypatch.setenv("XUNCHA_CACHE_VERIFY", "1")
    assert content_only(tmp_path)
    monkeypatch.setenv("XUNCHA_CACHE_VERIFY", "0")
    assert not content_only(tmp_path)
    monkeypatch.delenv("XUNCHA_CACHE_VERIFY")
    mounts = "/dev/sdb1 /media/u盘 vfat rw 0 0\n/dev/sda1 / ext4 rw 0 0\n"
    monkeypatch.setattr("pathlib.Path.read_text", lambda self, *a, **k: mounts if str(self) == "/proc/self/mounts" else "")
    assert content_only(__import__("pathlib").Path("/media/u盘/office/records"))
    assert not content_only(__import__("pathlib").Path("/home/clerk/office/records"))
