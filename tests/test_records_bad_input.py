"""Bad input in a record file: a clear Chinese message with file:line, a non-zero exit, nothing changed."""

from __future__ import annotations

import json

import pytest

from conftest import snapshot

ENTRY = "records/inspections/2020-1-jtj/entry.yaml"
END = "records/inspections/2020-1-jtj/end.yaml"


def _validate(cli):
    result = cli("validate", "--json")
    return result, json.loads(result.output)


def _write(workspace, relative, content: bytes | str):
    path = workspace / relative
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_yaml_syntax_error_names_file_and_line(cli, workspace):
    _write(workspace, END, "date: 2020-07-14\nnote: [未闭合\n")
    result = cli("validate")
    assert result.exit_code == 1
    assert f"{END}:3:1: 错误 [yaml-syntax] YAML 语法错误：方括号列表没有正确闭合" in result.output


def test_gbk_file_is_refused_and_its_encoding_named(cli, workspace):
    _write(workspace, END, "date: 2020-07-14  # 巡查结束\n".encode("gbk"))
    result, found = _validate(cli)
    assert result.exit_code == 1
    (problem,) = [d for d in found if d["rule"] == "encoding"]
    assert problem["file"] == END and problem["line"] == 1
    assert "不是 UTF-8" in problem["message"] and "GB18030/GBK" in problem["message"]


def test_utf8_bom_is_accepted(cli, workspace):
    _write(workspace, END, "\ufeffdate: 2020-07-14\n".encode("utf-8"))
    result, found = _validate(cli)
    assert [d for d in found if d["file"] == END] == []


def test_tab_indentation_is_refused_with_its_line(cli, workspace):
    _write(workspace, "records/inspections/2020-1-jtj/notice.yaml", "date: 2020-06-10\nnumber:\n\t盐巡办〔2020〕19号\n")
    result = cli("validate")
    assert result.exit_code == 1
    assert "records/inspections/2020-1-jtj/notice.yaml:3:1: 错误 [tab-indent]" in result.output


def test_duplicate_key_is_refused_naming_both_lines(cli, workspace):
    _write(workspace, END, "date: 2020-07-14\ndate: 2020-07-15\n")
    result, found = _validate(cli)
    (problem,) = [d for d in found if d["rule"] == "duplicate-key"]
    assert (problem["file"], problem["line"]) == (END, 2)
    assert "第 1 行已有" in problem["message"]


def test_merge_conflict_markers_are_refused(cli, workspace):
    _write(workspace, END, "<<<<<<< HEAD\ndate: 2020-07-14\n=======\ndate: 2020-07-13\n>>>>>>> other\n")
    result = cli("validate")
    assert result.exit_code == 1
    assert f"{END}:1:1: 错误 [merge-conflict]" in result.output


@pytest.mark.parametrize(
    ("written", "explanation"),
    [
        ("2019年12月8日", "一律写作 2019-12-08"),
        ("2019/12/8", "一律写作 2019-12-08"),
        ("2019-13-01", "没有 13 月"),
        ("2019-02-29", "2019 年 2 月没有 29 日"),
        ("20191208", "一律写作 2019-12-08"),
        ("43807", "不是日期"),
    ],
)
def test_dates_other_than_iso_are_refused_with_the_form_to_write(cli, workspace, written, explanation):
    _write(workspace, END, f"date: {written}\n")
    result, found = _validate(cli)
    (problem,) = [d for d in found if d["rule"] == "date-format"]
    assert (problem["file"], problem["line"], problem["column"], problem["field"]) == (END, 1, 7, "date")
    assert explanation in problem["message"]
    assert result.exit_code == 1


def test_quoted_iso_date_is_the_same_date(cli, workspace):
    _write(workspace, END, 'date: "2020-07-14"\n')
    _, found = _validate(cli)
    assert [d for d in found if d["file"] == END] == []


@pytest.mark.parametrize("folder", ["2020 1 jtj", "2020-1-JTJ", "..2020"])
def test_inspection_folder_with_a_bad_id_is_refused(cli, workspace, folder):
    (workspace / "records/inspections/2020-1-jtj").rename(workspace / "records/inspections" / folder)
    result, found = _validate(cli)
    assert any(d["rule"] == "inspection-id" and folder in d["message"] for d in found)
    assert result.exit_code == 1


def test_inspection_ids_with_slashes_dots_or_spaces_are_explained():
    from xuncha.records.paths import id_problem

    assert "斜杠" in id_problem("2020/1")
    assert "“..”" in id_problem("../etc")
    assert "空格" in id_problem("2020 1")
    assert id_problem("2020-1-dongtai") is None


def test_empty_file_is_refused(cli, workspace):
    _write(workspace, END, "# 只有注释\n\n")
    result = cli("validate")
    assert f"{END}:1:1: 错误 [empty-file]" in result.output
    assert result.exit_code == 1


def test_unknown_field_is_a_warning_with_a_suggestion(cli, workspace):
    _write(workspace, END, "date: 2020-07-14\ndaet: 2020-07-14\n")
    result, found = _validate(cli)
    (problem,) = [d for d in found if d["rule"] == "unknown-field"]
    assert problem["severity"] == "警告" and problem["line"] == 2
    assert "是否想写 `date`" in problem["message"]
    assert result.exit_code == 0  # warnings alone do not fail validate


def test_missing_required_field_names_it_in_chinese(cli, workspace):
    _write(workspace, "records/inspections/2020-1-jtj/authorization.yaml", "date: 2020-06-10\n")
    _, found = _validate(cli)
    (problem,) = [d for d in found if d["rule"] == "missing-field"]
    assert "`number`（授权书编号）" in problem["message"]
    assert problem["clause"] == "五（二）"


def test_yaml_11_booleans_do_not_become_booleans(cli, workspace):
    _write(workspace, END, "date: 2020-07-14\n")
    people = workspace / "records/people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("expert: true", "expert: yes", 1), encoding="utf-8")
    _, found = _validate(cli)
    (problem,) = [d for d in found if d["file"] == "records/people.yaml"]
    assert "应写 true（是）或 false（否）" in problem["message"]


def test_validate_json_lists_the_documented_keys(cli, workspace):
    _write(workspace, END, "date: 2020-13-01\n")
    _, found = _validate(cli)
    assert set(found[0]) >= {"file", "line", "column", "rule", "clause", "severity", "message"}


def test_a_directory_without_records_says_where_it_looked(tmp_path):
    from conftest import Cli

    result = Cli(tmp_path)("validate")
    assert result.exit_code == 2
    assert str(tmp_path) in result.output and "xuncha init" in result.output


def test_records_option_and_environment_variable_find_the_tree(workspace, tmp_path, monkeypatch):
    from conftest import Cli

    elsewhere = Cli(tmp_path)
    assert elsewhere("--records", str(workspace / "records"), "validate").exit_code == 0
    monkeypatch.setenv("XUNCHA_RECORDS", str(workspace))
    assert elsewhere("validate").exit_code == 0


def test_validate_changes_nothing_on_disk(cli, workspace):
    _write(workspace, END, "date: 2019/12/8\n")
    before = snapshot(workspace)
    cli("validate")
    assert snapshot(workspace) == before
