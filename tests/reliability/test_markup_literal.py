"""Text a clerk types is printed as typed (issue 18 part 5): a value that looks like the
documents' markup — a ``#`` heading, a ``---`` separator, a ``+`` item, Jinja's own ``{{`` —
becomes words of the document, never a heading of it, and never makes render blame the template."""

from __future__ import annotations

from render_helpers import texts


def test_markup_typed_into_a_report_and_a_problem_is_printed_literally(cli, workspace):
    assert cli("record", "2020-1-jtj", "end", "--date", "2020-07-14", "--today", "2020-07-20").exit_code == 0
    result = cli("problem", "add", "2020-1-jtj", "--category", "2", "--title", "---",
                 "--description", "# 伪造标题", "--suggestion", "{{ target.name }}{% if 1 %}x{% endif %}")
    assert result.exit_code == 0, result.output
    result = cli("record", "2020-1-jtj", "report", "--date", "2020-07-20", "--overview", "# 伪造概况",
                 "--today", "2020-07-20")
    assert result.exit_code == 0, result.output
    out = workspace / "out"
    result = cli("render", "report", "2020-1-jtj", "-o", str(out / "report.docx"))
    assert result.exit_code == 0, result.output
    lines = texts(out / "report.docx")
    assert "# 伪造概况。" in lines
    assert not [line for line in lines if line.endswith("、伪造概况") or line.endswith("、伪造标题")]  # no heading made
    assert "1.---。# 伪造标题" in lines
    assert any("{{ target.name }}{% if 1 %}x{% endif %}" in line for line in lines), lines
