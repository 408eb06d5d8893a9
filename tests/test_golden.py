"""No behaviour change goes unnoticed: the bundled example's `validate --json`, `status --json`,
`check-deadlines --json` at fixed dates and every document `render all` makes are pinned in
tests/golden/.  The commands run once per test session."""

from __future__ import annotations

import pytest

from golden_cases import HOW_TO_REGENERATE, produce, stored

from conftest import EXAMPLE

GOLDEN_FILES = sorted(stored())


@pytest.fixture(scope="session")
def produced() -> dict[str, str]:
    return produce(EXAMPLE)


def test_the_same_golden_files_are_produced(produced):
    assert sorted(produced) == GOLDEN_FILES, HOW_TO_REGENERATE


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_output_matches_golden(produced, name):
    assert name in produced, HOW_TO_REGENERATE
    assert produced[name] == stored()[name], f"{name}:\n{HOW_TO_REGENERATE}"
