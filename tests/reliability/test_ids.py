"""Ids are strings everywhere and short enough to name a file (issue 18 parts 5 and 6).

A clerk who writes a problem id ``1e3``, ``true`` or ``0o10`` by hand means those characters:
the reader returns them, every command finds the problem by them, and the writer leaves them as
written.  An id too long for a file name is an error with file and line, never a crash at render.
"""

from __future__ import annotations

import itertools
import subprocess

import pytest

from conftest import snapshot
from xuncha.records.writer import dump_rt, load_rt, scalar_text
from xuncha.records.yamlread import parse_text

PROBLEMS = "records/inspections/2020-1-jianhu/problems.yaml"


def _spellings() -> list[str]:
    """Plain scalars YAML 1.1 or 1.2 would read as a number, a boolean or a null, built from the grammar."""
    numbers = ["".join(p) for p in itertools.product(["", "+", "-"], ["0", "02", "010", "1_000", "1"],
                                                      ["", ".5", ".", "e3", "E-2"])]
    special = [".inf", "-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", "0o10", "0O7", "0x1F", "0xff",
               "0b101", "0777", "1:20", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "No", "on",
               "OFF", "y", "n", "2020-06-22", "1.50", "３"]
    return numbers + special


@pytest.mark.parametrize("written", _spellings())
def test_reader_writer_and_lookup_agree_on_an_id_spelled_like_a_number(written):
    node, problems = parse_text(f"id: {written}   # 原样\n", "f.yaml")
    assert not problems
    read = node.value[0][1].value
    assert read == written  # the fast reader: the text as written
    document = load_rt(f"id: {written}   # 原样\n")
    assert scalar_text(document["id"]) == written  # the writer's view finds the entry by the same text
    assert dump_rt(document) == f"id: {written}   # 原样\n"  # and writes it back untouched
    fresh = dump_rt({"id": written})  # a tool writing the string anew
    assert parse_text(fresh, "f.yaml")[0].value[0][1].value == written


@pytest.mark.parametrize("spelled", ["1e3", "True", ".inf", "0o10"])  # one of each kind; the rest above
def test_commands_address_a_problem_whose_id_looks_like_a_number(cli, workspace, spelled):
    path = workspace / PROBLEMS
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: P1\n", f"  - id: {spelled}\n", 1),
                    encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", f"问题编号手工改为 {spelled}"], cwd=workspace, check=True)
    listed = cli("problems", "--json", "--as-of", "2020-07-03")
    assert f'"id": "{spelled}"' in listed.output
    result = cli("problem", "status", "2020-1-jianhu", spelled, "--to", "整改中", "--date", "2020-07-01")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert f"  - id: {spelled}\n" in text and "status: in-progress" in text
    assert cli("validate", "--as-of", "2020-07-03").exit_code == 0


def test_a_problem_id_too_long_for_a_file_name_is_an_error_with_its_line(cli, workspace):
    path = workspace / PROBLEMS
    long_id = "P" + "长" * 120
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: P1\n", f"  - id: {long_id}\n", 1),
                    encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1
    assert f"{PROBLEMS}:2:9" in result.output and "[id-too-long]" in result.output and "超过上限 64 个字符" in result.output
    before = snapshot(workspace)
    result = cli("render", "all", "2020-1-jianhu", "-o", str(workspace / "out"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert snapshot(workspace) == before


@pytest.mark.parametrize("command", [
    ("render", "all", "a" * 300), ("render", "report", "2020-1-" + "b" * 300),
    ("render", "urge", "2020-1-jianhu", "--problem", "P" * 300),
    ("record", "c" * 300, "activity", "--date", "2020-07-01", "--method", "明查暗访", "--summary", "暗访"),
    ("person", "add", "d" * 300, "--name", "张三", "--unit", "市应急管理局", "--position", "科员"),
])
def test_an_id_too_long_on_the_command_line_is_refused(cli, workspace, command):
    before = snapshot(workspace)
    result = cli(*command)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "超过上限 64 个字符" in result.output, result.output
    assert snapshot(workspace) == before
