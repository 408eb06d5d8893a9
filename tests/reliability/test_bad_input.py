"""Crashes on input become clear Chinese errors (issue 18 part 5): each case names the file and
line, exits with the documented code, and changes nothing."""

from __future__ import annotations

import os

import pytest

from conftest import snapshot

REPORT = "records/inspections/2020-1-jianhu/report.yaml"


def _edit(workspace, relative, old, new):
    path = workspace / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("command", [("check-deadlines", "--as-of", "2020-07-03"), ("status", "--as-of", "2020-07-03"),
                                     ("problems", "--overdue", "--as-of", "2020-07-03")])
def test_a_date_in_the_year_9999_does_not_kill_cron(cli, workspace, command):
    _edit(workspace, "records/inspections/2020-1-jianhu/approval.yaml", "date: 2020-06-", "date: 9999-06-")
    result = cli(*command)  # the runner re-raises any exception: an OverflowError fails here
    assert result.exit_code in (0, 1, 2), result.output


def test_a_date_in_the_year_9999_is_named_by_validate(cli, workspace):
    _edit(workspace, "records/plans/2020.yaml", "date: 2020-03-25", "date: 9999-12-31")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1
    assert "records/plans/2020.yaml:11" in result.output and "“9999-12-31”超出合理范围" in result.output


def test_a_fifo_among_the_records_is_refused_without_hanging(cli, workspace):
    os.mkfifo(workspace / "records/inspections/2020-1-jtj/end.yaml")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1
    assert "records/inspections/2020-1-jtj/end.yaml:1:1" in result.output and "命名管道（FIFO）" in result.output


def test_a_link_to_a_device_is_refused(cli, workspace):
    os.symlink("/dev/zero", workspace / "records/inspections/2020-1-jtj/end.yaml")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1 and "设备文件" in result.output


def test_a_link_out_of_the_tree_is_refused_by_validate_and_by_record(cli, workspace, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("date: 2020-05-25\nopinion: 同意\n", encoding="utf-8")
    os.symlink(outside, workspace / "records/inspections/2020-1-jtj/end.yaml")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1 and "台账之外" in result.output and str(outside) in result.output
    before = snapshot(workspace)
    result = cli("record", "2020-1-jtj", "activity", "--date", "2020-07-01", "--method", "明查暗访", "--summary", "暗访码头", "--today", "2020-07-03")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert snapshot(workspace) == before


@pytest.mark.parametrize("text, says", [
    ("overview: \"a\\q\"\n", "反斜杠"),
    ("overview: a\n---\nnumber: 1\n", "多个 YAML 文档"),
    ("overview: *x\n", "不存在的锚点"),
    ("overview: a: b\n", "不能出现“键: 值”"),
])
def test_libyaml_speaks_chinese(cli, workspace, text, says):
    (workspace / REPORT).write_text(text, encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1 and says in result.output, result.output


def test_an_unreadable_file_is_named_in_chinese(cli, workspace):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = workspace / REPORT
    path.chmod(0)
    result = cli("validate", "--as-of", "2020-07-03")
    path.chmod(0o644)
    assert "权限不足" in result.output and "Permission denied" not in result.output


def test_os_errors_are_said_in_chinese():
    import errno

    from xuncha.records.errors import os_reason

    assert os_reason(PermissionError(errno.EACCES, "Permission denied", "/x")) == "权限不足，请检查文件和文件夹的读写权限"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device", "/x"), with_file=True).startswith("/x：磁盘空间已满")


def test_a_tab_after_a_key_is_refused_alike_by_validate_and_by_record(cli, workspace):
    """libyaml reads ``summary:<TAB>…`` but the round-trip parser every edit uses does not: validate
    used to pass a file that record then crashed on with ruamel's English."""
    _edit(workspace, "records/inspections/2020-1-jtj/activities.yaml", "summary: ", "summary:\t")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1
    assert "records/inspections/2020-1-jtj/activities.yaml:4:13" in result.output and "制表符（Tab）" in result.output
    before = snapshot(workspace)
    result = cli("record", "2020-1-jtj", "activity", "--date", "2020-07-01", "--method", "明查暗访", "--summary", "暗访码头",
                 "--today", "2020-07-03")
    assert result.exit_code == 2 and "制表符（Tab）" in result.output and "cannot start" not in result.output
    assert snapshot(workspace) == before


def test_a_file_the_round_trip_parser_cannot_read_is_a_chinese_refusal_of_the_writer(tmp_path):
    from xuncha.records.writer import Changeset, WriteError

    path = tmp_path / "entry.yaml"
    path.write_text("date: 2020-06-15\n- \tstray\n", encoding="utf-8")
    with pytest.raises(WriteError, match="entry.yaml:2"):
        Changeset().edit(path, lambda document: None)


@pytest.mark.parametrize("broken", ["records/config.yaml", "records/plans/2020.yaml", "records/people.yaml"])
def test_record_refuses_while_the_config_a_plan_or_the_roster_is_unreadable(cli, workspace, broken):
    """problem add and plan new refused; record used to commit on top of a config it could not read."""
    with open(workspace / broken, "a", encoding="utf-8") as handle:
        handle.write("x: [\n")
    before = snapshot(workspace)
    result = cli("record", "2020-1-jtj", "activity", "--date", "2020-07-01", "--method", "明查暗访", "--summary", "暗访码头",
                 "--today", "2020-07-03")
    assert result.exit_code == 2 and broken in result.output and "yaml-syntax" in result.output
    assert snapshot(workspace) == before


def test_an_extra_argument_is_named_in_chinese(cli):
    result = cli("problems", "2020-1-dongtai")
    assert result.exit_code == 2 and "多余的参数：2020-1-dongtai" in result.output and "unexpected" not in result.output
