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
