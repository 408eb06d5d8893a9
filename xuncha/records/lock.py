"""One writer at a time: an exclusive lock on a records tree for read-check-write-commit.

Two clerks running ``problem add`` on the same inspection at once must not both read P3 as
the next id, nor overwrite each other's file.  Every writing command therefore holds this
lock from before it reads the records until after its commit.

The lock is ``flock`` on a file in the tool's state folder (inside ``.git``, where git never
looks; beside records/ when there is no repository).  The kernel drops an ``flock`` when
its process dies, however it dies, so a lock left by a killed command is never "held": the
next writer takes it at once and only finds the dead holder's note in the file.  The note
(pid, user, host, command, start time) exists to name the holder to a writer that has to
wait.  Where the filesystem refuses ``flock`` (some network shares), an exclusively created
``xuncha.lock.held`` file does the job, cleared when the pid it names is dead on this host.

The lock is re-entrant within one process and released when the command ends (the CLI
registers ``release_all`` on its context), so a test runner that calls many commands in
one process never deadlocks on itself.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import json
import os
import socket
import time
from pathlib import Path

LOCK_NAME = "xuncha.lock"
WAIT_ENV = "XUNCHA_LOCK_WAIT"
DEFAULT_WAIT = 30.0


class LockBusy(Exception):
    """Another writer held the lock for longer than we wait; the message is Chinese and names it."""


def state_dir(records_root: Path) -> Path:
    """Where the tool keeps its lock, journal and temporary files.

    Inside the git directory when the records are in a repository (git never lists, stages
    or commits anything there), else the cache folder beside records/."""
    git_dir = find_git_dir(records_root)
    folder = git_dir / "xuncha" if git_dir is not None else Path(records_root).resolve().parent / ".xuncha-cache"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def find_git_dir(path: Path) -> Path | None:
    """The .git folder of the work tree holding ``path`` (a worktree's ``gitdir:`` file followed), without running git."""
    start = Path(path).resolve()
    for folder in (start, *start.parents):
        marker = folder / ".git"
        if marker.is_dir():
            return marker
        if marker.is_file():
            try:
                text = marker.read_text(encoding="utf-8").strip()
            except OSError:
                return None
            if text.startswith("gitdir:"):
                target = Path(text[len("gitdir:"):].strip())
                return target if target.is_absolute() else (folder / target).resolve()
            return None
    return None


_held: dict[Path, "_Held"] = {}


class _Held:
    def __init__(self, path: Path, fd: int | None, marker: Path | None):
        self.path, self.fd, self.marker = path, fd, marker


def held_fds() -> tuple[int, ...]:
    """The open lock files, for git children to inherit: a git commit that outlives a killed
    command keeps the records locked until it is done, so recovery never races it."""
    return tuple(h.fd for h in _held.values() if h.fd is not None)


def is_held(records_root: Path) -> bool:
    return (state_dir(records_root) / LOCK_NAME) in _held


def acquire(records_root: Path, command: str = "xuncha", wait: float | None = None) -> bool:
    """Take the lock for this process; True when newly taken, False when already held here."""
    path = state_dir(records_root) / LOCK_NAME
    if path in _held:
        return False
    if wait is None:
        try:
            wait = float(os.environ.get(WAIT_ENV, DEFAULT_WAIT))
        except ValueError:
            wait = DEFAULT_WAIT
    note = json.dumps({"pid": os.getpid(), "user": _user(), "host": socket.gethostname(), "command": command,
                       "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")},
                      ensure_ascii=False).encode("utf-8")
    deadline = time.monotonic() + max(wait, 0.0)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        held = _flock(fd, path, note, deadline)
    except BaseException:
        os.close(fd)
        raise
    if held is None:  # the filesystem has no flock
        os.close(fd)
        held = _marker_lock(path, note, deadline)
    _held[path] = held
    return True


def _flock(fd: int, path: Path, note: bytes, deadline: float) -> _Held | None:
    import fcntl

    delay = 0.02
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            pass
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                return None
            raise
        if time.monotonic() >= deadline:
            raise LockBusy(busy_message(_read_note(path)))
        time.sleep(delay)
        delay = min(delay * 1.5, 0.25)
    # Whatever note is in the file is a dead holder's: replace it with ours.
    os.ftruncate(fd, 0)
    os.pwrite(fd, note, 0)
    return _Held(path, fd, None)


def _marker_lock(path: Path, note: bytes, deadline: float) -> _Held:
    """The fallback where flock is refused: whoever creates the marker file holds the lock."""
    marker = path.with_name(path.name + ".held")
    delay = 0.02
    while True:
        try:
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = _read_note(marker)
            if holder is not None and _dead(holder):
                # A dead process's marker: only one waiter wins the rename, so two never both clear it.
                stale = marker.with_name(f"{marker.name}.stale.{os.getpid()}")
                try:
                    os.rename(marker, stale)
                    if _dead(_read_note(stale) or {}):
                        stale.unlink()
                    else:  # someone else's fresh marker slipped in: put it back
                        os.rename(stale, marker)
                except OSError:
                    pass
                continue
            if time.monotonic() >= deadline:
                raise LockBusy(busy_message(holder))
            time.sleep(delay)
            delay = min(delay * 1.5, 0.25)
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(note)
            handle.flush()
            os.fsync(handle.fileno())
        return _Held(path, None, marker)


def _dead(holder: dict) -> bool:
    if holder.get("host") != socket.gethostname():
        return False  # another machine's process: we cannot tell, so we wait
    try:
        os.kill(int(holder.get("pid", 0)), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, ValueError, OverflowError):
        return False
    return False


def _read_note(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_bytes().decode("utf-8") or "null")
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def busy_message(holder: dict | None) -> str:
    if holder:
        who = (f"进程 {holder.get('pid')}（用户 {holder.get('user')}，主机 {holder.get('host')}，"
               f"命令 {holder.get('command')}，开始于 {holder.get('started')}）")
    else:
        who = "另一个 xuncha 命令"
    return (f"台账正由{who}写入，等待后仍未结束。为免两个命令同时改动台账造成丢失或重号，本次未作任何改动；"
            f"请待其完成后重试（若该进程已不存在，锁会自动解除）")


def release_all() -> None:
    """End of a command: let the next writer in."""
    import fcntl

    for path, held in list(_held.items()):
        try:
            if held.fd is not None:
                os.ftruncate(held.fd, 0)
                fcntl.flock(held.fd, fcntl.LOCK_UN)
                os.close(held.fd)
            elif held.marker is not None:
                held.marker.unlink(missing_ok=True)
        except OSError:
            pass
        _held.pop(path, None)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in a container: the uid says enough
        return str(os.getuid())
