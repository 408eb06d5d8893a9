"""JSON Schema for editors: generated from the model, agreeing with the loader on the bundled example."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from xuncha.bundled import example_records
from xuncha import schema
from xuncha.records.loader import load
from xuncha.records.writer import SCHEMA_COMMENT, Changeset

EXAMPLE = example_records()

# What the YAML language server sees: YAML 1.2 core schema, where a date is plain text and
# only true/false are booleans (PyYAML's safe_load would read YAML 1.1 instead).
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")


def editor_view(node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return {k.value: editor_view(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [editor_view(item) for item in node.value]
    text = node.value
    if node.style not in (None, ""):
        return text
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.match(text):
        return int(text, 0) if text.startswith(("0o", "0x")) else int(text)
    if _FLOAT.match(text):
        return float(text.replace(".inf", "inf").replace(".nan", "nan"))
    return text


def editor_errors(path: Path, text: str | None = None) -> list[str]:
    kind = schema.kind_of(path)
    assert kind, path
    instance = editor_view(yaml.compose(text if text is not None else path.read_text(encoding="utf-8")))
    validator = jsonschema.Draft7Validator(schema.build(kind), format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def bundled_files() -> list[Path]:
    return sorted(p for p in EXAMPLE.rglob("*.yaml") if schema.kind_of(p))


def test_every_kind_of_record_file_has_a_valid_draft7_schema():
    kinds = schema.record_files()
    assert {"config", "people", "plan", "inspection", "authorization", "report", "problems", "tips"} <= set(kinds)
    for kind in kinds:
        jsonschema.Draft7Validator.check_schema(schema.build(kind))


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.relative_to(EXAMPLE).as_posix())
def test_every_bundled_record_file_passes_its_schema(path):
    assert editor_errors(path) == []


def test_bundled_example_covers_every_kind_of_file():
    assert {schema.kind_of(p) for p in bundled_files()} == set(schema.record_files())


def test_committed_schema_files_are_what_the_model_generates():
    # Stale schemas would have the editor contradict xuncha validate: run `xuncha schema` after model changes.
    assert schema.stale(EXAMPLE) == []


def _loader_diagnostics(tmp_path: Path, relative: str, text: str):
    root = tmp_path / "records"
    import shutil

    shutil.copytree(EXAMPLE, root)
    (root / relative).write_text(text, encoding="utf-8")
    _, diagnostics = load(root)
    return [d for d in diagnostics if d.file.endswith(relative)]


def test_a_working_method_outside_four_three_is_refused_by_editor_and_loader(tmp_path):
    # 四（三）lists the working methods; “走访” is not one of them.
    text = "activities:\n  - date: 2020-04-08\n    method: 走访\n    summary: 走访企业\n"
    path = EXAMPLE / "inspections/2020-1-dongtai/activities.yaml"
    errors = editor_errors(path, text)
    assert len(errors) == 1 and errors[0].startswith("activities/0/method:")
    found = _loader_diagnostics(tmp_path, "inspections/2020-1-dongtai/activities.yaml", text)
    assert [d.rule for d in found] == ["invalid-choice"]


def test_chinese_words_the_loader_accepts_are_accepted_by_the_editor_too():
    text = "activities:\n  - date: 2020-04-08\n    method: 听取汇报\n    summary: 听取汇报\n"
    assert editor_errors(EXAMPLE / "inspections/2020-1-dongtai/activities.yaml", text) == []
    enum = schema.build("config")["definitions"]["Target"]["properties"]["kind"]["enum"]
    assert "county" in enum and "县（市、区）" in enum


def test_a_date_not_written_as_iso_is_refused_by_editor_and_loader(tmp_path):
    path = EXAMPLE / "inspections/2020-1-dongtai/end.yaml"
    assert editor_errors(path, "date: 2020/5/7\n") != []
    assert editor_errors(path, "date: 2020-02-30\n") != []   # format: date — no such day
    found = _loader_diagnostics(tmp_path, "inspections/2020-1-dongtai/end.yaml", "date: 2020/5/7\n")
    assert [d.rule for d in found] == ["date-format"]


def test_an_unknown_key_is_underlined_in_the_editor_and_warned_by_the_loader(tmp_path):
    # The loader only warns (so the rest of the file is still read) but ignores the key:
    # the editor underlines it while the clerk can still fix the typo.
    text = "date: 2020-05-07\nnote: 最后一天\n"
    assert any("note" in e for e in editor_errors(EXAMPLE / "inspections/2020-1-dongtai/end.yaml", text))
    found = _loader_diagnostics(tmp_path, "inspections/2020-1-dongtai/end.yaml", text)
    assert [(d.rule, d.is_error) for d in found] == [("unknown-field", False)]


def test_a_required_field_left_out_is_refused():
    errors = editor_errors(EXAMPLE / "inspections/2020-1-dongtai/authorization.yaml", "date: 2020-04-03\n")
    assert errors == [": 'number' is a required property"]


def test_category_outside_the_ten_items_of_three_is_refused():
    problems = schema.build("problems")["definitions"]["Problem"]["properties"]["category"]
    assert (problems["minimum"], problems["maximum"]) == (1, 10)
    assert "三" in problems["description"]


def test_descriptions_are_chinese_and_cite_the_clause():
    prop = schema.build("feedback")["properties"]["date"]
    assert prop["description"] == "反馈日期（依据《巡查方案》四（五））"
    assert schema.build("tips")["title"].startswith("records/inspections/<巡查编号>/tips.yaml：来访来信来电登记")


def test_created_files_point_at_their_schema_with_a_relative_path(tmp_path):
    root = tmp_path / "records"
    report = root / "inspections/2020-1-dongtai/report.yaml"
    changes = Changeset()
    changes.create(report, "date: 2020-05-12\n")
    changes.point_new_files_at(lambda path: schema.schema_for_file(root, path))
    changes.apply()
    first = report.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_COMMENT + "../../.schema/report.schema.json"
    plan = root / "plans/2021.yaml"
    assert schema.schema_for_file(root, plan) == root / ".schema/plan.schema.json"


def test_schema_command_writes_and_commits_only_what_changed(cli, records_dir, workspace):
    (records_dir / ".schema/end.schema.json").write_text("{}\n", encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "手工改坏架构文件"], cwd=workspace, check=True)
    result = cli("schema")
    assert result.exit_code == 0, result.output
    assert "已写入 1 个架构文件" in result.output and "end.schema.json" in result.output
    log = subprocess.run(["git", "log", "-1", "--name-only", "--format=%s"], cwd=workspace,
                         capture_output=True, text=True, check=True).stdout.split()
    assert log == ["xuncha:", "schema", "records/.schema", "records/.schema/end.schema.json"]
    again = cli("schema")
    assert again.exit_code == 0 and "已是最新" in again.output


def test_schema_command_out_writes_elsewhere_without_committing(cli, tmp_path, workspace):
    out = tmp_path / "schemas"
    result = cli("schema", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.schema.json"))) == len(schema.record_files())
    assert json.loads((out / "plan.schema.json").read_text(encoding="utf-8"))["$schema"].endswith("draft-07/schema#")


def test_init_gives_a_new_office_the_schemas_and_points_its_files_at_them(tmp_path):
    from conftest import Cli

    result = Cli(tmp_path)("init", str(tmp_path / "office"))
    assert result.exit_code == 0, result.output
    records = tmp_path / "office/records"
    assert schema.stale(records) == []
    for name in ("config.yaml", "people.yaml"):
        first = (records / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"{SCHEMA_COMMENT}.schema/{name.removesuffix('.yaml')}.schema.json"
        assert editor_errors(records / name) == []
