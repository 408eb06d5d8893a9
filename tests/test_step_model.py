"""The step model (procedure/steps.py): each step's fields are declared once, in the record classes,
and `xuncha record`'s options, its required options and the documents' field needs are read from it."""

import dataclasses
import subprocess
import sys

from conftest import snapshot

from xuncha.model.base import record_type, type_hints
from xuncha.model.inspection import STEP_FILES
from xuncha.procedure.steps import STEPS, step_fields, step_of_file


def test_every_field_of_every_step_record_is_an_option_of_record(cli):
    # 四、巡查程序: a clerk never needs an editor to record a step (only the tool's own numbers excepted).
    shown = cli("record", "--help").output
    for step in STEPS:
        for field in step_fields(step):
            assert (f"--{field.name} " in shown) == field.typed, (step.name, field.name)


def test_the_step_fields_are_the_record_class_fields_but_the_date():
    for name, (attribute, cls) in STEP_FILES.items():
        step = step_of_file(name)
        assert step.attribute == attribute
        if step.repeatable:  # activities.yaml: one `record activity` adds one item of its list
            (listed,) = dataclasses.fields(cls)
            cls = record_type(type_hints(cls)[listed.name])
        assert {f.path[0] for f in step_fields(step)} == {f.name for f in dataclasses.fields(cls)} - {"date"}, name


def test_help_marks_the_options_each_step_requires_as_the_command_refuses_them(cli, workspace):
    shown = cli("record", "--help").output
    assert "基本情况（report 必填）" in shown  # 四（四）: the report is not printed without it
    assert "动员会地点（enter 必填）" in shown and "联系电话（enter 必填）" in shown
    before = snapshot(workspace)
    result = cli("record", "2020-1-jtj", "report", "--date", "2020-07-28")
    assert result.exit_code == 2 and "--overview（基本情况）" in result.output
    assert snapshot(workspace) == before


def test_a_document_field_left_empty_names_the_record_command_that_fills_it(cli, workspace):
    notice = workspace / "records/inspections/2020-1-dongtai/result-notice.yaml"
    text = notice.read_text(encoding="utf-8")
    notice.write_text("\n".join(line for line in text.splitlines() if not line.startswith("number:")) + "\n",
                      encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert 'xuncha record 2020-1-dongtai result-notice --amend --date' in result.output
    assert '--reason "补填巡查结果通报文号"（不填 --number 即分配下一个文号）' in result.output


def test_listing_the_commands_does_not_load_the_record_classes(tmp_path):
    probe = "import sys; from xuncha.cli import main; sys.argv = ['xuncha', '--help']\n" \
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint('xuncha.model.inspection' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "False"
