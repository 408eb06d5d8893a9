"""The bad-input corpus, generated (issue 18 part 8): one value of one example file replaced at a
time by something a clerk's editor, a paste or a YAML habit can leave there.  Every read command
must answer with a finding or a refusal, never a traceback (the runner re-raises any exception)."""

from __future__ import annotations

import random
import re

import pytest

from conftest import EXAMPLE

VALUES = ["[", "{a: b}", "[1, 2]", "!!binary aGk=", "*nope", "x" * 5000, "2020-02-30", "-1", "99999", "😀",
          '"\\u0000"', "? x", "|", "!x y", "@x", "1e999", "- a", "!!python/object:os.system x", "!!int x",
          "[[[[[[[[[[[[]]]]]]]]]]]]", "2100-01-01", "1999-12-31", "0x7fffffffffffffff", "'   '", "~"]
_KEYED = re.compile(r"^(\s*(?:- )?[a-z_]+: )\S.*$")


def _cases(count: int = 24, seed: int = 18) -> list[tuple[str, int, str]]:
    """(file, line, value): the same cases on every run, spread over the example's files."""
    chance = random.Random(seed)
    files = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml"))
    cases = []
    for value in (VALUES * 2)[:count]:
        name = chance.choice(files)
        lines = (EXAMPLE / name).read_text(encoding="utf-8").splitlines()
        keyed = [i for i, line in enumerate(lines, 1) if _KEYED.match(line)]
        cases.append((name, chance.choice(keyed), value))
    return cases


@pytest.mark.parametrize("name, line, value", _cases())
def test_one_bad_value_anywhere_is_a_finding_not_a_crash(cli, workspace, name, line, value):
    path = workspace / "records" / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = _KEYED.sub(lambda m: m.group(1) + value, lines[line - 1].rstrip("\n")) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    for command in (("validate", "--as-of", "2020-07-03"), ("check-deadlines", "--as-of", "2020-07-03"),
                    ("problems", "--as-of", "2020-07-03")):
        result = cli(*command)
        assert result.exit_code in (0, 1, 2), result.output
