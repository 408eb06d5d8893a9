"""Identity protection everywhere text is free (issue 18 part 3, 五（三）严格执行保密规定)."""

from __future__ import annotations

import subprocess

import pytest

from conftest import snapshot

NAME, PHONE = "欧阳秘密", "13912345678"
TODAY = ("--today", "2020-07-03")


def _refused(cli, workspace, *args):
    before = snapshot(workspace)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=workspace, capture_output=True, text=True).stdout
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "可识别" in result.output and "五（三）" in result.output, result.output
    assert snapshot(workspace) == before
    assert subprocess.run(["git", "rev-parse", "HEAD"], cwd=workspace, capture_output=True, text=True).stdout == head
    return result


@pytest.mark.parametrize("field, text", [
    ("--title", f"举报人：{NAME}反映码头堆场无人值守"),
    ("--title", f"举报人{NAME}反映码头堆场无人值守"),
    ("--description", f"来电人{NAME}（电话{PHONE}）"),
    ("--description", "回电 139 1234 5678"),
    ("--description", "回电 +86 139-1234-5678"),
    ("--cause", "来电号码 0515-8820 1234"),
    ("--suggestion", "核实 320902 19800101 1234 的身份"),
    ("--requirement", "联系 zhang.san@example.com"),
    ("--title", "张先生反映码头堆场无人值守"),
])
def test_problem_add_refuses_an_identity_in_any_free_text_field(cli, workspace, field, text):
    args = ["problem", "add", "2020-1-jtj", "--category", "4", "--title", "码头堆场无人值守"]
    if field == "--title":
        args[-1] = text
    else:
        args += [field, text]
    _refused(cli, workspace, *args)


def test_an_activity_summary_with_a_phone_is_refused(cli, workspace):
    _refused(cli, workspace, "record", "2020-1-jtj", "activity", "--date", "2020-07-01", "--method", "受理举报",
             "--summary", f"受理来电，来电人{NAME}反映堆场问题", *TODAY)


def test_a_reason_that_names_the_informant_never_reaches_the_git_log(cli, workspace):
    _refused(cli, workspace, "record", "2020-1-jtj", "enter", "--date", "2020-06-15", "--amend",
             "--hours", "每日8:30—17:30", "--reason", f"应举报人{NAME}要求更正", *TODAY)


def test_validate_finds_an_identity_written_by_hand_into_a_problem(cli, workspace):
    path = workspace / "records/inspections/2020-1-dongtai/problems.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", f"title: 来电人{NAME}反映，", 1), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-03")
    assert result.exit_code == 1
    assert "[identity-in-text]" in result.output and "举报人姓名" in result.output
    assert "records/inspections/2020-1-dongtai/problems.yaml:4" in result.output


def test_validate_finds_a_phone_in_a_report_overview(cli, workspace):
    path = workspace / "records/inspections/2020-1-jianhu/report.yaml"
    text = path.read_text(encoding="utf-8")
    assert "overview:" in text
    path.write_text(text.replace("overview: ", "overview: 回电０５１５－８８２０１２３４。", 1), encoding="utf-8")
    result = cli("validate", "--as-of", "2020-07-03")
    assert "[identity-in-text]" in result.output and "固定电话号码" in result.output


def test_ordinary_problem_text_is_accepted(cli, workspace):
    result = cli("problem", "add", "2020-1-jtj", "--category", "4", "--title", "举报人反映的码头堆场无人值守问题属实",
                 "--description", "2020-06-22 暗访发现 3 处堆场夜间无人值守，涉及 12 家企业")
    assert result.exit_code == 0, result.output


def test_the_vault_refuses_a_folder_inside_a_git_work_tree(cli, workspace, monkeypatch):
    monkeypatch.setenv("XUNCHA_CONFIDENTIAL", str(workspace / "secret"))
    before = snapshot(workspace)
    result = cli("tip", "add", "2020-1-jtj", "--received", "2020-06-22", "--channel", "来电",
                 "--summary", "反映码头堆场夜间无人值守", "--informant-name", NAME)
    assert result.exit_code == 2, result.output
    assert "举报人保密库" in result.output and "git 仓库" in result.output and "XUNCHA_CONFIDENTIAL" in result.output
    assert snapshot(workspace) == before and not (workspace / "secret").exists()
