"""What the command line prints around the help and the errors is Chinese too."""

from __future__ import annotations

import re

ENGLISH_CHROME = re.compile(r"Usage:|Options|Arguments|Commands|\[required\]|Show this message|Error:|Try '|<str>")


def test_top_level_help_has_no_english_chrome(cli):
    result = cli("--help")
    assert result.exit_code == 0
    assert "用法：" in result.output and "选项：" in result.output and "命令：" in result.output
    assert "显示本帮助并退出。" in result.output
    assert not ENGLISH_CHROME.search(result.output), result.output


def test_every_command_help_is_chinese(cli):
    from typer.main import get_command

    from xuncha.cli import app

    group = get_command(app)
    assert len(group.list_commands(None)) > 20
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        names = [name, *(command.list_commands(None) if hasattr(command, "list_commands") else [])]
        for words in ([name], *([name, sub] for sub in names[1:])):
            result = cli(*words, "--help")
            assert result.exit_code == 0, (words, result.output)
            assert not ENGLISH_CHROME.search(result.output), (words, result.output)


def test_a_missing_argument_is_reported_in_chinese(cli):
    result = cli("record")
    assert result.exit_code == 2
    assert "错误：缺少参数 ID、STEP。" in result.output
    assert "查看帮助" in result.output


def test_a_mistyped_command_suggests_the_right_one(cli):
    result = cli("recrod")
    assert result.exit_code == 2
    assert "错误：没有命令 recrod，是否想用 'record'？" in result.output


def test_a_mistyped_option_suggests_the_right_one(cli):
    result = cli("validate", "--jsn")
    assert result.exit_code == 2
    assert "错误：没有选项 --jsn，是否想用 --json？" in result.output


def test_a_value_of_the_wrong_kind_is_explained(cli):
    result = cli("due", "2020-01-23", "--workdays", "十")
    assert result.exit_code == 2
    assert "'--workdays' 的值无效：应为整数" in result.output


def test_a_number_below_its_minimum_is_explained(cli):
    result = cli("check-deadlines", "--as-of", "2020-07-03", "--within", "-1")
    assert result.exit_code == 2
    assert "'--within' 的值无效：应不小于 0" in result.output


def test_a_typed_number_is_still_checked_while_its_default_is_taken_as_declared(cli):
    assert "5 个工作日内到期 1 项" in cli("check-deadlines", "--as-of", "2020-07-03", "--within", "5").output
    assert "3 个工作日内到期 1 项" in cli("check-deadlines", "--as-of", "2020-07-03").output
    result = cli("check-deadlines", "--as-of", "2020-07-03", "--within", "3.5")
    assert result.exit_code == 2
    assert "'--within' 的值无效：应为整数" in result.output
