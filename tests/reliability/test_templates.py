"""Templates read nothing outside their folder and run within limits (issue 18 parts 3 and 5):
an office template is the clerk's to edit, so a symlink to the confidential store, an include
climbing out of the folder, a loop that never ends or an output of gigabytes must each end in a
Chinese refusal naming the template and its line, with no document written and no traceback."""

from __future__ import annotations

import os

import pytest

from xuncha.bundled import templates_folder
from xuncha.render import sandbox

NOTICE = templates_folder() / "notice.j2"


def _office_notice(workspace, extra: str) -> None:
    """The office's own copy of the notice template with ``extra`` on the line before 特此通知 (line 19)."""
    folder = workspace / "templates"
    folder.mkdir(exist_ok=True)
    text = NOTICE.read_text(encoding="utf-8")
    assert text.splitlines()[18] == "特此通知。"
    (folder / "notice.j2").write_text(text.replace("特此通知。", extra + "\n特此通知。"), encoding="utf-8")


def _refused(cli, workspace, *needles):
    out = workspace / "out-probe"
    result = cli("render", "notice", "2020-1-dongtai", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "未生成任何文件" in result.output
    for needle in needles:
        assert needle in result.output, result.output
    assert not out.exists()
    return result.output


def test_an_include_of_a_symlink_to_the_confidential_store_is_refused(cli, workspace, tmp_path):
    store = tmp_path / "vault"
    store.mkdir()
    (store / "tips.txt").write_text("举报人：欧阳秘密 13912345678\n", encoding="utf-8")
    _office_notice(workspace, '{% include "tips.j2" %}')
    os.symlink(store / "tips.txt", workspace / "templates" / "tips.j2")
    output = _refused(cli, workspace, "templates/notice.j2 第19行", "tips.j2 是符号链接")
    assert "欧阳秘密" not in output and "13912345678" not in output


def test_an_include_climbing_out_of_the_templates_folder_is_refused(cli, workspace):
    _office_notice(workspace, '{% include "../records/config.yaml" %}')
    _refused(cli, workspace, "templates/notice.j2 第19行", "指向模板目录之外")


def test_the_office_template_itself_may_not_be_a_symlink(cli, workspace, tmp_path):
    elsewhere = tmp_path / "notice.j2"
    elsewhere.write_text(NOTICE.read_text(encoding="utf-8"), encoding="utf-8")
    (workspace / "templates").mkdir()
    os.symlink(elsewhere, workspace / "templates" / "notice.j2")
    _refused(cli, workspace, "notice.j2 是符号链接")


def test_an_include_of_a_device_is_refused(cli, workspace):
    _office_notice(workspace, '{% include "zero.j2" %}')
    os.symlink("/dev/zero", workspace / "templates" / "zero.j2")
    _refused(cli, workspace, "zero.j2 是符号链接")


def test_a_range_of_a_billion_is_refused(cli, workspace):
    _office_notice(workspace, "{{ range(10**9) | list | length }}")
    _refused(cli, workspace, "templates/notice.j2 第19行", "1000000000 过大")


def test_a_macro_calling_itself_is_refused(cli, workspace):
    _office_notice(workspace, "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}")
    _refused(cli, workspace, "templates/notice.j2", "递归过深")


@pytest.mark.parametrize("expression", ['{{ "x" * 10**8 }}', '{{ "x" | center(10**8) }}', '{{ "x".ljust(10**8) }}',
                                        '{{ "%100000000s" | format("x") }}', '{{ "%100000000s" % "x" }}',
                                        '{{ 9 ** 99999999 }}'])
def test_an_expression_building_a_huge_text_is_refused_before_it_is_built(cli, workspace, expression):
    _office_notice(workspace, expression)
    _refused(cli, workspace, "templates/notice.j2 第19行", "已停止生成")


def test_a_huge_output_is_refused(cli, workspace):
    _office_notice(workspace, "{% for i in range(99999) %}{% for j in range(99) %}一段很长的文字{% endfor %}{% endfor %}")
    _refused(cli, workspace, "templates/notice.j2", "模板输出超过 2000000 个字符")


def test_a_loop_printing_nothing_stops_at_the_time_limit(cli, workspace, monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT_SECONDS", 0.5)
    _office_notice(workspace, "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}")
    _refused(cli, workspace, "templates/notice.j2 第19行", "模板运行超过 0.5 秒")


def test_an_arithmetic_error_in_a_template_names_its_line(cli, workspace):
    _office_notice(workspace, "{{ 1 / 0 }}")
    _refused(cli, workspace, "templates/notice.j2 第19行运行出错", "ZeroDivisionError")


def test_render_all_with_a_runaway_template_writes_every_other_document_whole(cli, workspace):
    _office_notice(workspace, "{{ range(10**9) | list | length }}")
    out = workspace / "all"
    result = cli("render", "all", "2020-1-dongtai", "-o", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "未能生成" in result.output and "1000000000 过大" in result.output
    written = sorted(p.name for p in out.iterdir())
    assert "notice.docx" not in written and "report.docx" in written
    assert not [name for name in written if not name.endswith(".docx")]  # no temp file left behind
