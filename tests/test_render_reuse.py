"""One process renders many documents (`render all`): what it reuses must never carry one into the next."""

from __future__ import annotations

from render_helpers import full_text


def test_documents_of_one_run_share_nothing_but_the_page_setup(cli, workspace):
    result = cli("render", "all", "2020-1-dongtai", "-o", "out")
    assert result.exit_code == 0, result.output
    report = full_text(workspace / "out/report.docx")
    notice = full_text(workspace / "out/notice.docx")
    title = "关于对东台市开展安全生产巡查情况的报告"
    assert title in report and title not in notice
    # Rendering again in the same process gives the same report, not one with the last document appended.
    again = cli("render", "report", "2020-1-dongtai", "-o", "again.docx")
    assert again.exit_code == 0, again.output
    assert full_text(workspace / "again.docx") == report


def test_a_template_edited_between_renders_is_read_again(cli, workspace):
    first = cli("render", "notice", "2020-1-dongtai", "-o", "one.docx")
    assert first.exit_code == 0, first.output
    office = workspace / "templates"
    office.mkdir(exist_ok=True)
    from xuncha.render.templates import BUNDLED_TEMPLATES

    text = (BUNDLED_TEMPLATES / "notice.j2").read_text(encoding="utf-8")
    (office / "notice.j2").write_text(text.replace("特此通知。", "特此通知（改）。"), encoding="utf-8")
    second = cli("render", "notice", "2020-1-dongtai", "-o", "two.docx")
    assert second.exit_code == 0, second.output
    assert "特此通知（改）" in full_text(workspace / "two.docx")
    assert "特此通知（改）" not in full_text(workspace / "one.docx")


def test_a_template_edited_again_to_the_same_size_is_compiled_again(cli, workspace):
    # Compiled templates are cached beside the records; Jinja checks the source's hash, not its size or time.
    office = workspace / "templates"
    office.mkdir(exist_ok=True)
    from xuncha.render.templates import BUNDLED_TEMPLATES

    text = (BUNDLED_TEMPLATES / "notice.j2").read_text(encoding="utf-8")
    (office / "notice.j2").write_text(text.replace("特此通知。", "特此通知甲。"), encoding="utf-8")
    assert cli("render", "notice", "2020-1-dongtai", "-o", "one.docx").exit_code == 0
    assert any((workspace / ".xuncha-cache" / "templates").iterdir())
    (office / "notice.j2").write_text(text.replace("特此通知。", "特此通知乙。"), encoding="utf-8")
    assert cli("render", "notice", "2020-1-dongtai", "-o", "two.docx").exit_code == 0
    assert "特此通知乙" in full_text(workspace / "two.docx")


def test_a_damaged_template_cache_is_compiled_around(cli, workspace):
    assert cli("render", "notice", "2020-1-dongtai", "-o", "one.docx").exit_code == 0
    cached = list((workspace / ".xuncha-cache" / "templates").iterdir())
    assert cached
    for path in cached:
        path.write_bytes(b"j2\x00garbage")
    result = cli("render", "notice", "2020-1-dongtai", "-o", "two.docx")
    assert result.exit_code == 0, result.output
    assert full_text(workspace / "two.docx") == full_text(workspace / "one.docx")


def test_a_template_cannot_change_what_the_next_document_is_built_from(cli, workspace):
    office = workspace / "templates"
    office.mkdir(exist_ok=True)
    from xuncha.render.templates import BUNDLED_TEMPLATES

    text = (BUNDLED_TEMPLATES / "handoff.j2").read_text(encoding="utf-8")
    (office / "handoff.j2").write_text("{% set _ = problems.append(problems[0]) %}" + text, encoding="utf-8")
    result = cli("render", "all", "2020-1-dongtai", "-o", "out")
    assert result.exit_code == 1
    assert "模板 templates/handoff.j2 只能读取台账，不得修改它或访问“append”（模板 templates/handoff.j2 第1行）" in result.output
    assert not list((workspace / "out").glob("handoff-*.docx"))
    # The documents rendered after the refused ones were built from the records as they are.
    assert full_text(workspace / "out/result.docx").count("东台经济开发区某化工企业储罐区未设置紧急切断装置") == 3
