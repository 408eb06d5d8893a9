"""A refused command (bad input, or a change the seed forbids) is shown by one handler: the findings
behind it, then 错误：and why, exit 2, nothing changed on disk."""

from __future__ import annotations

import subprocess

import pytest

from conftest import Cli, snapshot


def head(folder) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True).stdout


def test_a_refusal_shows_the_findings_behind_it_before_the_reason(cli, workspace):
    before, commit = snapshot(workspace), head(workspace)
    result = cli("person", "update", "li-qiang", "--since", "2020-04-02", "--unit", "zjj")
    assert result.exit_code == 2
    finding = result.output.index("records/inspections/2020-1-dongtai/inspection.yaml")
    reason = result.output.index("错误：")
    assert finding < reason
    assert snapshot(workspace) == before and head(workspace) == commit


def test_no_records_found_is_a_refusal_naming_where_it_looked(tmp_path):
    result = Cli(tmp_path)("validate")
    assert result.exit_code == 2
    assert result.output.startswith(f"错误：在 {tmp_path} 及其各级上级目录中都没有找到巡查台账")


@pytest.mark.parametrize("module, name", [
    ("xuncha.records.paths", "RecordsNotFound"), ("xuncha.records.transaction", "RefusedChange"),
    ("xuncha.records.writer", "WriteError"), ("xuncha.records.scaffold", "ScaffoldError"),
    ("xuncha.procedure.sync", "SyncRefused"), ("xuncha.procedure.history", "HistoryError"),
    ("xuncha.procedure.roster", "RosterRefused"), ("xuncha.procedure.problem_status", "LedgerRefused"),
    ("xuncha.procedure.recording", "RecordRefused"), ("xuncha.procedure.planning", "PlanningRefused"),
])
def test_each_refusal_of_the_library_reaches_the_one_handler(module, name):
    import importlib

    from xuncha.refusal import Refusal

    assert issubclass(getattr(importlib.import_module(module), name), Refusal)
