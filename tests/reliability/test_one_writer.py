"""One writer at a time, and a killed writer undone (issue 18 parts 1 and 2).

These run real processes, as two clerks or a cron job and a clerk would: bounded (a few
rounds), so they stay fast enough for every CI run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

INSPECTION = "2020-1-jtj"
PROBLEMS = Path("records/inspections") / INSPECTION / "problems.yaml"


def xuncha(workspace: Path, *args: str, wait: str = "30", prelude: str = "") -> subprocess.Popen:
    code = prelude + "from xuncha.cli import main\nimport sys\nsys.argv = ['xuncha', *sys.argv[1:]]\nmain()\n"
    env = {**os.environ, "XUNCHA_LOCK_WAIT": wait}
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=workspace, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def add(workspace: Path, title: str, **kwargs) -> subprocess.Popen:
    return xuncha(workspace, "problem", "add", INSPECTION, "--category", "4", "--title", title, **kwargs)


def problem_ids(workspace: Path) -> list[str]:
    path = workspace / PROBLEMS
    if not path.exists():
        return []
    return [str(p["id"]) for p in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("problems", [])]


def git(workspace: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=workspace, capture_output=True, text=True, check=True).stdout


def test_concurrent_writers_lose_nothing_and_never_share_an_id(workspace):
    before = problem_ids(workspace)
    reported = []
    for round_number in range(2):
        writers = [add(workspace, f"第{round_number}轮第{n}个写入者登记的问题") for n in range(4)]
        for process in writers:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            reported.append(out)
    ids = problem_ids(workspace)
    assert len(ids) == len(before) + 8
    assert len(set(ids)) == len(ids)
    assert git(workspace, "status", "--porcelain") == ""
    assert git(workspace, "log", "--format=%s").count("xuncha: problem add") == 8


def test_a_second_writer_waits_a_bounded_time_then_names_the_holder(workspace):
    from xuncha.records import lock

    root = workspace / "records"
    assert lock.acquire(root, "xuncha problem")
    try:
        before = (workspace / PROBLEMS).read_bytes() if (workspace / PROBLEMS).exists() else None
        started = time.monotonic()
        out, err = add(workspace, "等待锁的问题", wait="0.5").communicate(timeout=60)
        waited = time.monotonic() - started
    finally:
        lock.release_all()
    assert "台账正由进程" in err and f"进程 {os.getpid()}" in err and "xuncha problem" in err, err
    assert "开始于" in err and "本次未作任何改动" in err
    assert waited >= 0.5
    assert ((workspace / PROBLEMS).read_bytes() if (workspace / PROBLEMS).exists() else None) == before


def test_a_lock_left_by_a_killed_writer_is_no_obstacle(workspace):
    from xuncha.records import lock

    holder = xuncha(workspace, "validate", prelude=(
        "from pathlib import Path\nfrom xuncha.records import lock\n"
        "lock.acquire(Path('records'), 'xuncha problem')\nimport time\nprint('held', flush=True)\ntime.sleep(60)\n"))
    assert holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    note = (lock.state_dir(workspace / "records") / lock.LOCK_NAME).read_text(encoding="utf-8")
    assert str(holder.pid) in note  # the dead holder's note is still there...
    out, err = add(workspace, "锁的持有者已死亡", wait="2").communicate(timeout=60)
    assert "已登记" in out or "P" in out, err  # ...and the next writer goes ahead
    assert git(workspace, "status", "--porcelain") == ""


def test_where_flock_is_refused_a_dead_holders_marker_is_cleared(workspace, monkeypatch):
    import errno
    import fcntl
    import socket

    from xuncha.records import lock

    def no_flock(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_flock)
    root = workspace / "records"
    marker = lock.state_dir(root) / (lock.LOCK_NAME + ".held")
    dead = subprocess.Popen(["true"])
    dead.wait()
    marker.write_text(f'{{"pid": {dead.pid}, "host": "{socket.gethostname()}", "command": "xuncha record"}}')
    assert lock.acquire(root, "xuncha problem", wait=1)
    assert f'"pid": {os.getpid()}' in marker.read_text(encoding="utf-8")
    lock._held.clear()
    marker.write_text(f'{{"pid": {os.getpid()}, "host": "{socket.gethostname()}", "command": "xuncha record"}}')
    try:
        lock.acquire(root, "xuncha problem", wait=0.2)
    except lock.LockBusy as exc:
        assert f"进程 {os.getpid()}" in str(exc) and "xuncha record" in str(exc)
    else:
        raise AssertionError("a live holder's marker must make the writer wait and refuse")
    marker.unlink()


KILL_BETWEEN_WRITE_AND_COMMIT = (
    "import os, signal\nfrom xuncha.records import git\n"
    "git.commit = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n")


def test_a_writer_killed_between_write_and_commit_is_undone_by_the_next(workspace):
    before = (workspace / PROBLEMS).read_bytes() if (workspace / PROBLEMS).exists() else None
    killed = add(workspace, "写入后被强行中断的问题", prelude=KILL_BETWEEN_WRITE_AND_COMMIT)
    killed.communicate(timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert git(workspace, "status", "--porcelain") != ""  # the torn state a kill leaves...
    out, err = add(workspace, "中断之后登记的问题").communicate(timeout=60)
    assert "在写入后、提交前被中断：已撤销它未提交的改动" in err, err
    assert "写入后被强行中断的问题" not in (workspace / PROBLEMS).read_text(encoding="utf-8")
    assert "中断之后登记的问题" in (workspace / PROBLEMS).read_text(encoding="utf-8")
    assert git(workspace, "status", "--porcelain") == ""  # ...is gone, and only the second write is in git
    if before is not None:
        assert git(workspace, "show", f"HEAD~1:{PROBLEMS.as_posix()}").encode() == before


def test_a_tip_killed_before_its_commit_leaves_no_vault_entry(workspace, tmp_path, monkeypatch):
    store = tmp_path / "vault"
    monkeypatch.setenv("XUNCHA_CONFIDENTIAL", str(store))
    killed = xuncha(workspace, "tip", "add", INSPECTION, "--received", "2020-06-22", "--channel", "来电",
                    "--summary", "反映码头堆场夜间无人值守", "--informant-name", "欧阳秘密",
                    prelude=KILL_BETWEEN_WRITE_AND_COMMIT)
    killed.communicate(timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert any("欧阳秘密" in p.read_text(encoding="utf-8") for p in store.glob("*.json"))
    out, err = add(workspace, "中断之后登记的问题").communicate(timeout=60)
    assert "已撤销" in err, err
    assert not any("欧阳秘密" in p.read_text(encoding="utf-8") for p in store.glob("*.json"))
    assert git(workspace, "status", "--porcelain") == ""


def test_random_kills_leave_every_reported_success_in_git_and_nothing_half_done(workspace):
    rng = random.Random(20200622)
    committed_before = git(workspace, "log", "--format=%s").count("xuncha: problem add")
    successes = 0
    for n in range(6):
        process = add(workspace, f"强行中断循环第{n}次")
        time.sleep(rng.uniform(0.05, 1.2))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate(timeout=60)
        successes += "已提交 git" in out
    out, err = add(workspace, "中断循环之后的问题").communicate(timeout=60)
    assert "已提交 git" in out, err
    commits = git(workspace, "log", "--format=%s").count("xuncha: problem add") - committed_before
    ids = problem_ids(workspace)
    assert commits >= successes + 1
    assert len(ids) == len(set(ids))
    assert git(workspace, "status", "--porcelain", "--ignored", "records") == ""
    assert xuncha(workspace, "validate", "--as-of", "2020-07-03").wait(timeout=60) in (0, 1)
