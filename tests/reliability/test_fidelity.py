"""Reader and writer agree, byte for byte (issue 18 part 6); pasted invisible characters are named
where they stand (part 5)."""

from __future__ import annotations

import pytest

from conftest import snapshot

# Every spelling the issue names, in a field of each kind of value the records hold.
SPELLINGS = ["+8651588201234", "02", "010", "1e3", ".inf", "-.inf", ".NaN", "true", "~", "null", "Null", "",
             "３", "+1", "-0", "+0", "0o10", "0x1F", "1_000", "0777", "00", "2020-06-22", "'02'", '"+86 1"',
             "Yes", "no", "1.50"]


@pytest.mark.parametrize("written", SPELLINGS)
def test_a_tool_edit_leaves_every_untouched_value_exactly_as_written(tmp_path, written):
    from xuncha.records.writer import Changeset

    path = tmp_path / "entry.yaml"
    hours = f"  hours: {written}".rstrip()  # an empty value is written with no trailing space
    original = f"date: 2020-06-15\nstation:\n  phone: {written}   # 原样\n{hours}\nlist:\n  - {written}\n"
    path.write_text(original, encoding="utf-8")
    changes = Changeset()
    changes.edit(path, lambda document: document.__setitem__("note", "已更正"))
    (_, content, _, _), = changes.items()
    assert content.decode("utf-8") == original + "note: 已更正\n"


@pytest.mark.parametrize("written", ["+8651588201234", "02", "010", "0777", "1_000", "３", "-0", "+0", "P2", "T1"])
def test_what_the_reader_returns_the_writer_gives_back_as_a_string(tmp_path, written):
    """The fast reader hands a str field (an id) its text; the writer's view of the same value agrees.
    (Floats and booleans spelled as ids, ``1e3`` or ``true``: tests/reliability/test_ids.py.)"""
    from xuncha.records.writer import load_rt
    from xuncha.records.yamlread import parse_text

    node, _ = parse_text(f"id: {written}\n", "f.yaml")
    assert str(load_rt(f"id: {written}\n")["id"]) == node.value[0][1].value == written


def test_the_team_phone_keeps_its_plus_through_an_amendment(cli, workspace):
    path = workspace / "records/inspections/2020-1-jtj/entry.yaml"
    text = path.read_text(encoding="utf-8").replace("phone: 0515-88201234", "phone: +8651588201234")
    path.write_text(text, encoding="utf-8")
    import subprocess

    subprocess.run(["git", "commit", "-qam", "号码加国际区号"], cwd=workspace, check=True)
    result = cli("record", "2020-1-jtj", "enter", "--date", "2020-06-15", "--amend", "--hours", "每日8:30—17:30",
                 "--reason", "受理时间笔误", "--today", "2020-07-03")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert "phone: +8651588201234" in after and "hours: 每日8:30—17:30" in after


def test_a_problem_numbered_02_by_hand_is_found_as_02(cli, workspace):
    path = workspace / "records/inspections/2020-1-dongtai/problems.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.split("- id: ", 1)[1].split("\n", 1)[0]
    path.write_text(text.replace(f"- id: {first}\n", "- id: 02\n", 1), encoding="utf-8")
    import subprocess

    subprocess.run(["git", "commit", "-qam", "手工编号"], cwd=workspace, check=True)
    assert "02" in cli("problems", "--inspection", "2020-1-dongtai").output
    result = cli("problem", "lookback", "2020-1-dongtai", "02", "--date", "2020-07-01", "--findings", "已整改到位")
    assert "找不到" not in result.output, result.output


@pytest.mark.parametrize("char, name", [("\u2028", "行分隔符 U+2028"), ("\u2029", "段分隔符 U+2029"),
                                        ("\x85", "U+0085"), ("\x01", "控制字符 U+0001"), ("\x1b", "控制字符 U+001B")])
def test_a_pasted_invisible_character_is_named_on_its_own_line(cli, workspace, char, name):
    path = workspace / "records/inspections/2020-1-jianhu/report.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("overview:"))
    lines[number] = lines[number].replace("巡查组", "巡查" + char + "组", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1
    assert f"records/inspections/2020-1-jianhu/report.yaml:{number + 1}:" in result.output
    assert name in result.output and "[control-character]" in result.output and "缺少冒号" not in result.output


@pytest.mark.parametrize("char", ["\x01", "\u2028", "\x0c"])
def test_a_command_refuses_an_invisible_character_in_its_text(cli, workspace, char):
    before = snapshot(workspace)
    result = cli("problem", "add", "2020-1-jtj", "--category", "4", "--title", f"码头堆场{char}无人值守")
    assert result.exit_code == 2, result.output
    assert "看不见的" in result.output and "records/inspections/2020-1-jtj/problems.yaml:" in result.output
    assert snapshot(workspace) == before


def test_a_yaml_merge_key_is_an_error_not_a_silently_ignored_field(cli, workspace):
    """ruamel (every tool edit) merges ``<<: *base``; the fast reader did not, and only warned."""
    path = workspace / "records/inspections/2020-1-jianhu/problems.yaml"
    text = path.read_text(encoding="utf-8").replace("  - id: P1\n", "  - &base\n    id: P1\n", 1)
    path.write_text(text.replace("  - id: P2\n", "  - <<: *base\n    id: P2\n", 1), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1
    assert "problems.yaml:9:5" in result.output and "[merge-key]" in result.output
