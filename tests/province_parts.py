"""The small province that answers in parts are checked on (tests/test_progress_parts.py,
tests/test_export_parts.py), and the switches between reading it in parts and at once.

The benchmark's small province (52 inspections in 4 rounds of 2020) with an unchecked 2021 calendar
file — the half-year of 四（七） counted into 2021 then carries its note, and the years consulted are
spread over two processes with their own calendars — and a step file that cannot be read.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import Cli, generate_province

from xuncha.records import cache, workers


@pytest.fixture(scope="module")
def _province(tmp_path_factory) -> Path:
    office = tmp_path_factory.mktemp("province")
    generate_province(office, "small")
    Cli(office)("calendar", "add", "2021", "--no-commit")
    # A step file that does not parse: check-deadlines takes the step as not done and says so.
    broken = office / "records" / "inspections" / "2020-3-wuxi-sheda" / "end.yaml"
    broken.write_text("date: [2020-09-01\n", encoding="utf-8")
    return office


@pytest.fixture
def office(_province, tmp_path) -> Path:
    shutil.copytree(_province, tmp_path / "office", ignore=shutil.ignore_patterns(cache.CACHE_DIR))
    return tmp_path / "office"


@pytest.fixture
def in_parts(monkeypatch):
    """Two processes, and a city's tree counted as big enough to share out."""
    monkeypatch.setenv(workers.WORKERS_ENV, "2")
    monkeypatch.setattr(workers, "PARALLEL_FROM_FILES", 0)


@contextmanager
def whole_tree(monkeypatch):
    """The tree read at once, as a city's is: the reference every answer in parts must equal."""
    with monkeypatch.context() as serial:
        serial.setenv(workers.WORKERS_ENV, "1")
        serial.setattr(workers, "PARALLEL_FROM_FILES", 10 ** 9)
        yield
