"""Shared fixtures: a private copy of the bundled example, under git, with its own identity."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from xuncha.bundled import example_records

# The example as xuncha ships it: the tests run against the installed package, not the checkout.
EXAMPLE = example_records()


def _temporary_files_in_memory(root: str = "/dev/shm", room: int = 2 << 30) -> None:
    """Each test copies the example (~80 files) and most write more: ~90,000 files a run. On a disk
    creating and deleting them costs more than many tests (measured: 300 copies made and removed,
    ~20 s wall and ~4 s CPU on ext4 here, 2.2 s and 1.2 s on tmpfs), and a run would leave them for
    the next run's pytest to delete. So where there is a RAM-backed /dev/shm with room to spare and
    nobody chose TMPDIR, the temporary files (pytest's tmp_path, tempfile, git, LibreOffice) live
    there. Runs before pytest picks its base directory; xdist's workers inherit it."""
    if "TMPDIR" in os.environ or not os.path.isdir(root) or not os.access(root, os.W_OK):
        return
    stat = os.statvfs(root)
    if stat.f_bavail * stat.f_frsize < room:
        return
    folder = os.path.join(root, f"xuncha-tests-{os.getuid()}")  # /dev/shm is shared by every user
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = None  # forget a location computed before


_temporary_files_in_memory()

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "巡查办测试员",
    "GIT_AUTHOR_EMAIL": "clerk@xuncha.invalid",
    "GIT_COMMITTER_NAME": "巡查办测试员",
    "GIT_COMMITTER_EMAIL": "clerk@xuncha.invalid",
}


def pytest_sessionstart(session):
    """CI proves the wheel, not the checkout: with XUNCHA_EXPECT_INSTALLED=1 a test run that
    would import xuncha from the source tree stops before the first test."""
    import xuncha

    source = Path(__file__).resolve().parent.parent / "xuncha"
    if os.environ.get("XUNCHA_EXPECT_INSTALLED") == "1" and Path(xuncha.__file__).resolve().is_relative_to(source):
        raise pytest.UsageError(f"xuncha 应从安装的包导入，实际来自源码目录 {xuncha.__file__}")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path_factory):
    """No test sees the developer's records, git identity or cache."""
    for key, value in GIT_IDENTITY.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("XUNCHA_RECORDS", raising=False)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))


@pytest.fixture(autouse=True)
def _package_ends_in_2026(monkeypatch):
    """The tests speak of 2027 as a year no official source covers yet: chinesecalendar 1.11.0
    ends in 2026. A later release covering 2027 must not change what they prove, so the
    package's range is fixed here for every test (the tool itself uses whatever is installed)."""
    from xuncha.calendar import sources, workdays

    covered = frozenset(y for y in sources.package_years() if y <= 2026)
    monkeypatch.setattr(sources, "package_years", lambda: covered)
    monkeypatch.setattr(workdays, "package_years", lambda: covered)


@pytest.fixture
def no_identity(monkeypatch, tmp_path):
    """A machine where nobody ever ran git config: no identity in the environment, home or system."""
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(key, raising=False)
    home = tmp_path / "empty-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (outside .git) with its bytes: to prove nothing changed on disk.

    The parse cache (.xuncha-cache/) is left out: a read may refresh it, and it is not the records.
    """
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(folder).parts
        and ".xuncha-cache" not in p.relative_to(folder).parts
    }


@pytest.fixture(scope="session")
def _example_repository(tmp_path_factory) -> Path:
    """The example under git, made once per test run: each test gets a copy of it (.git included),
    not a fresh git init/add/commit of its own."""
    root = tmp_path_factory.mktemp("example") / "office"
    shutil.copytree(EXAMPLE, root / "records", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, **GIT_IDENTITY}
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "导入示例台账"], cwd=root, check=True, env=env)
    # One pack instead of ~80 loose objects in ~60 folders: copying the repository for each test
    # then costs a quarter of the time (the whole suite copies it ~700 times). Git reads both alike.
    subprocess.run(["git", "repack", "-adq"], cwd=root, check=True, env=env)
    subprocess.run(["git", "prune-packed", "-q"], cwd=root, check=True, env=env)
    return root


@pytest.fixture
def workspace(tmp_path, _example_repository) -> Path:
    """A copy of the bundled example as its own git repository; returns the folder holding records/."""
    root = tmp_path / "office"
    shutil.copytree(_example_repository, root, symlinks=True)
    return root


@pytest.fixture
def records_dir(workspace) -> Path:
    return workspace / "records"


@functools.cache
def xuncha_command():
    """xuncha's click command tree, built once per test process as ``xuncha`` builds it once per run.

    typer's ``CliRunner.invoke(app)`` builds the whole tree afresh from the functions' signatures on
    every call: ~14 ms of the ~35 ms CPU an average test invocation took (measured over 214 calls).
    Each invocation gets its own click Context and nothing of a run is kept on the commands."""
    import typer

    from xuncha.cli import app

    return typer.main.get_command(app)


class Cli:
    """Runs xuncha in-process from ``cwd`` the way typer's ``CliRunner.invoke`` does (same isolation,
    same ``Result``), on the command tree built once (``xuncha_command``)."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        command = xuncha_command()
        previous = Path.cwd()
        os.chdir(self.cwd)
        try:
            with self.runner.isolation(input=input) as streams:
                exit_code, exception, exc_info = 0, None, None
                try:
                    command.main(args=list(args), prog_name=self.runner.get_default_prog_name(command))
                except SystemExit as e:
                    exc_info = sys.exc_info()
                    exit_code = 0 if e.code is None else e.code
                    if exit_code != 0:
                        exception = e
                    if not isinstance(exit_code, int):
                        sys.stdout.write(f"{exit_code}\n")
                        exit_code = 1
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    stdout, stderr, output = (stream.getvalue() for stream in streams)
            return Result(runner=self.runner, stdout_bytes=stdout, stderr_bytes=stderr, output_bytes=output,
                          return_value=None, exit_code=exit_code, exception=exception, exc_info=exc_info)
        finally:
            os.chdir(previous)


@pytest.fixture
def cli(workspace) -> Cli:
    """Run xuncha as a clerk would, from the office folder."""
    return Cli(workspace)


def generate_province(root: Path, size: str = "small") -> dict:
    """The benchmark's synthetic province (bench/generate.py) written under ``root``: its counts."""
    bench = str(Path(__file__).resolve().parent.parent / "bench")
    sys.path.insert(0, bench)
    try:
        from generate import generate
    finally:
        sys.path.remove(bench)
    return generate(root, size)
