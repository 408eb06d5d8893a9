"""xuncha render through the CLI: output paths, `all`, refusals that write nothing, PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import snapshot
from render_helpers import NS, full_text, parts_of, tables, w


def test_render_report_default_path(cli, workspace):
    result = cli("render", "report", "2020-1-dongtai")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "已生成：out/2020-1-dongtai/report.docx"
    assert "盐巡办〔2020〕11号" in full_text(workspace / "out/2020-1-dongtai/report.docx")


def test_render_plan_takes_a_year(cli, workspace):
    result = cli("render", "plan", "2020", "-o", "方案.docx")
    assert result.exit_code == 0, result.output
    assert "2020年度全市安全生产巡查工作方案" in full_text(workspace / "方案.docx")
    refused = cli("render", "plan", "2020-1-dongtai")
    assert refused.exit_code == 2 and "请写年份" in refused.output


def test_render_all_follows_the_recorded_steps(cli, workspace):
    result = cli("render", "all", "2020-1-jtj")
    assert result.exit_code == 0, result.output
    # mid-tour as of 2020-07-03: authorized, notified, entered; no report yet.
    assert sorted(p.name for p in (workspace / "out/2020-1-jtj").iterdir()) == [
        "announcement.docx", "authorization.docx", "notice.docx"]
    result = cli("render", "all", "2020-1-dongtai", "-o", "全套")
    assert result.exit_code == 0, result.output
    assert len(list((workspace / "全套").glob("*.docx"))) == 13


def test_per_problem_documents(cli, workspace):
    result = cli("render", "handoff", "2020-1-dongtai", "--problem", "P3")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "已生成：out/2020-1-dongtai/handoff-local-P1-P3.docx"
    refused = cli("render", "supervision", "2020-1-dongtai", "--problem", "P3")
    assert refused.exit_code == 2
    assert "问题“P3”没有可生成的挂牌督办通知书" in refused.output
    unknown = cli("render", "urge", "2020-1-dongtai", "--problem", "P9")
    assert unknown.exit_code == 2 and "problems.yaml 中没有问题“P9”" in unknown.output
    wrong = cli("render", "report", "2020-1-dongtai", "--problem", "P1")
    assert wrong.exit_code == 2 and "--problem 只适用于" in wrong.output


def test_missing_report_stops_with_the_file_and_clause(cli, workspace):
    """四（四）: 2020-1-jtj has no report.yaml yet; nothing is written."""
    before = snapshot(workspace)
    result = cli("render", "report", "2020-1-jtj")
    assert result.exit_code == 2
    assert "records/inspections/2020-1-jtj/report.yaml 不存在：该巡查尚未报送巡查工作报告（四（四））" in result.output
    assert "未生成任何文件" in result.output
    assert snapshot(workspace) == before and not (workspace / "out").exists()


def test_missing_field_names_file_line_and_field(cli, workspace, records_dir):
    path = records_dir / "inspections/2020-1-dongtai/report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("number: 盐巡办〔2020〕11号\n", ""), encoding="utf-8")
    before = snapshot(workspace)
    result = cli("render", "report", "2020-1-dongtai")
    assert result.exit_code == 2
    assert "records/inspections/2020-1-dongtai/report.yaml:1 缺少“发文字号”（number）" in result.output
    assert "templates/report.j2 第" in result.output
    assert snapshot(workspace) == before


def test_all_renders_the_rest_when_one_document_lacks_a_field(cli, workspace, records_dir):
    """One document lacking a field is named with its fix; the twelve others are still printed (exit 1)."""
    path = records_dir / "inspections/2020-1-dongtai/result-notice.yaml"
    path.write_text("date: 2020-06-05\n", encoding="utf-8")
    result = cli("render", "all", "2020-1-dongtai")
    assert result.exit_code == 1
    assert "未能生成：out/2020-1-dongtai/result.docx：records/inspections/2020-1-dongtai/result-notice.yaml" in result.stderr
    assert "xuncha record 2020-1-dongtai result-notice --amend --date 2020-06-05" in result.stderr
    assert len(list((workspace / "out/2020-1-dongtai").glob("*.docx"))) == 12


def test_a_single_kind_is_still_all_or_nothing(cli, workspace, records_dir):
    path = records_dir / "inspections/2020-1-dongtai/result-notice.yaml"
    path.write_text("date: 2020-06-05\n", encoding="utf-8")
    before = snapshot(workspace)
    result = cli("render", "result", "2020-1-dongtai")
    assert result.exit_code == 2 and "result-notice.yaml" in result.output and "文号" in result.output
    assert snapshot(workspace) == before


def test_doc_number_checked_before_printing(cli, workspace, records_dir):
    path = records_dir / "inspections/2020-1-dongtai/feedback.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("盐巡办〔2020〕15号", "盐巡办〔2020〕015号"),
                    encoding="utf-8")
    result = cli("render", "feedback", "2020-1-dongtai")
    assert result.exit_code == 2
    assert "records/inspections/2020-1-dongtai/feedback.yaml:4: 发文字号的发文顺序号不加“0”编虚位" in result.output


def test_office_template_overrides_the_bundled_one(cli, workspace):
    from xuncha.bundled import templates_folder

    bundled = templates_folder() / "announcement.j2"
    (workspace / "templates").mkdir()
    text = bundled.read_text(encoding="utf-8").replace("欢迎社会各界监督。", "欢迎社会各界监督，来信请注明“巡查”字样。")
    (workspace / "templates" / "announcement.j2").write_text(text, encoding="utf-8")
    assert cli("render", "announcement", "2020-1-dongtai").exit_code == 0
    assert "来信请注明“巡查”字样" in full_text(workspace / "out/2020-1-dongtai/announcement.docx")


def test_template_naming_an_unknown_field(cli, workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "notice.j2").write_text(
        "发文机关标志：{{ full.office }}文件\n标题：通知\n---\n{{ notice.numbr }}\n---\n署名：办公室\n日期：{{ notice.date }}\n",
        encoding="utf-8")
    result = cli("render", "notice", "2020-1-dongtai")
    assert result.exit_code == 2
    assert "模板引用了台账中没有的字段" in result.output and "numbr" in result.output
    assert "templates/notice.j2 第4行" in result.output


def test_template_cannot_reach_outside_the_sandbox(cli, workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "notice.j2").write_text(
        "标题：{{ ''.__class__.__mro__ }}\n---\n---\n署名：办公室\n日期：2020年4月3日\n", encoding="utf-8")
    result = cli("render", "notice", "2020-1-dongtai")
    assert result.exit_code == 2 and not (workspace / "out").exists()
    assert "模板 templates/notice.j2 只能读取台账，不得修改它或访问“__class__”" in result.output


def test_public_documents_hide_a_team_members_phone(cli, workspace, records_dir):
    people = records_dir / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "    position: 高级工程师（化工安全）\n", "    position: 高级工程师（化工安全）\n    phone: 13900001111\n"),
        encoding="utf-8")
    for kind in ("announcement", "disclosure"):
        assert cli("render", kind, "2020-1-dongtai").exit_code == 0
        assert "13900001111" not in full_text(workspace / f"out/2020-1-dongtai/{kind}.docx")
    # The station's phone is the team's official line and is published (四（二）).
    assert "0515-85201234" in full_text(workspace / "out/2020-1-dongtai/announcement.docx")


def test_pdf_without_libreoffice_says_how_to_install(cli, workspace, monkeypatch, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    (empty / "git").symlink_to(shutil.which("git"))
    monkeypatch.setenv("PATH", str(empty))
    before = snapshot(workspace)
    result = cli("render", "report", "2020-1-dongtai", "--pdf")
    assert result.exit_code == 2
    assert "未找到 LibreOffice（soffice）" in result.output
    assert "apt-get install libreoffice-writer fonts-noto-cjk" in result.output
    assert snapshot(workspace) == before and not (workspace / "out").exists()


def test_pdf_through_libreoffice(cli, workspace):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.fail("LibreOffice is required: the page-level checks never skip (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)")
    result = cli("render", "feedback", "2020-1-dongtai", "--pdf")
    assert result.exit_code == 0, result.output
    pdf = workspace / "out/2020-1-dongtai/feedback.pdf"
    assert "已生成：out/2020-1-dongtai/feedback.pdf" in result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "2020年7月16日" in text.replace("\n", "").replace(" ", "")


def _forty_problems() -> str:
    lines = ["problems:"]
    for i in range(1, 41):
        category = i % 10 + 1
        lines += [f"  - id: P{i}", f"    category: {category}",
                  f"    title: 第{i}家企业安全风险辨识管控和隐患排查治理不到位",
                  "    description: 巡查组随机抽查发现，该企业未按规定开展安全风险辨识管控，隐患排查治理台账记录不全，部分隐患未能按期完成整改。",
                  "    unit: 东台市应急管理局"]
        if i % 4 == 0:
            lines += ["    accountability:", f"      - person: 东台市某镇分管安全生产副镇长（第{i}项）",
                      "        fact: 对辖区企业隐患排查治理督促检查不力", "        measure: 约谈"]
    return "\n".join(lines) + "\n"


def test_report_with_40_problems_keeps_page_fields(cli, workspace, records_dir):
    """Long reports: page numbers stay fields in the footers, never text in the body."""
    (records_dir / "inspections/2020-1-dongtai/problems.yaml").write_text(_forty_problems(), encoding="utf-8")
    (records_dir / "inspections/2020-1-dongtai/report.yaml").write_text(
        (records_dir / "inspections/2020-1-dongtai/report.yaml").read_text(encoding="utf-8").split("special_reports:")[0],
        encoding="utf-8")
    result = cli("render", "report", "2020-1-dongtai")
    assert result.exit_code == 0, result.output
    path = workspace / "out/2020-1-dongtai/report.docx"
    text = full_text(path)
    assert all(f"第{i}家企业" in text for i in range(1, 41))
    assert "（十）市委、市政府和领导小组安排部署的其他事项落实情况方面" in text
    accountability = next(t for t in tables(path) if t[0][0] == "序号")
    assert len(accountability) == 1 + 10
    parts = parts_of(path)
    assert not list(parts["word/document.xml"].iter(w("fldChar")))
    footers = [root for name, root in parts.items() if name.startswith("word/footer")]
    assert len(footers) == 2
    for footer in footers:
        assert "PAGE" in "".join(t.text for t in footer.iter(w("instrText")))
    if shutil.which("soffice") and shutil.which("pdfinfo"):
        assert cli("render", "report", "2020-1-dongtai", "--pdf").exit_code == 0
        info = subprocess.run(["pdfinfo", str(path.with_suffix(".pdf"))], capture_output=True, text=True).stdout
        assert int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1]) >= 6
    assert NS  # helpers shared with the layout tests


def test_public_version_of_the_annual_plan(cli, workspace):
    """五（五）: the approved annual plan is disclosed; the public text names no team member."""
    result = cli("render", "all", "2020")
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["已生成：out/2020/plan.docx", "已生成：out/2020/disclosure-plan.docx"]
    text = full_text(workspace / "out/2020/disclosure-plan.docx")
    assert "大丰港经济开发区（专项巡查）：2020年10月19日至2020年10月28日" in text
    assert "2020年3月31日" in text  # disclosure date in plans/2020.yaml
    for name in ("王建国", "李强", "顾伟"):
        assert name not in text


def test_department_wording(cli, workspace):
    """A 市有关部门 is a 单位 with a 领导班子, not a 地区 with a 党委政府 (二（一））."""
    assert cli("render", "all", "2020-1-jtj").exit_code == 0
    notice = full_text(workspace / "out/2020-1-jtj/notice.docx")
    assert "请市交通运输局主要负责人、班子其他成员以及内设机构主要负责同志参加" in notice
    announcement = full_text(workspace / "out/2020-1-jtj/announcement.docx")
    assert "党委政府" not in announcement and "市交通运输局领导班子及其领导干部" in announcement


def test_render_all_of_a_round_gives_each_inspection_its_folder(cli, workspace):
    result = cli("render", "all", "2020-1", "-o", "第一轮")
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in (workspace / "第一轮").iterdir())
    assert folders == ["2020-1-dongtai", "2020-1-jianhu", "2020-1-jtj"]
    # Each folder holds what `render all <inspection>` gives for it alone.
    alone = cli("render", "all", "2020-1-jtj", "-o", "单独")
    assert alone.exit_code == 0, alone.output
    assert sorted(p.name for p in (workspace / "第一轮/2020-1-jtj").iterdir()) == sorted(
        p.name for p in (workspace / "单独").iterdir())
    assert len(list((workspace / "第一轮/2020-1-dongtai").glob("*.docx"))) == 13


def test_a_round_renders_only_all_and_only_opened_rounds(cli, workspace):
    one_kind = cli("render", "report", "2020-1")
    assert one_kind.exit_code == 2
    assert "按轮次（2020-1）只能生成全部公文（all）" in one_kind.output
    planned_only = cli("render", "all", "2020-2")
    assert planned_only.exit_code == 2
    assert "2020年第2轮没有已开启的巡查（records/inspections/2020-2-*）" in planned_only.output
    assert not (workspace / "out").exists()


def test_a_broken_file_in_the_round_stops_the_whole_round(cli, workspace, records_dir):
    path = records_dir / "inspections/2020-1-jtj/entry.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2020-", "date: 2020/"), encoding="utf-8")
    result = cli("render", "all", "2020-1")
    assert result.exit_code == 2
    assert "records/inspections/2020-1-jtj/entry.yaml:1:7: 错误 [date-format]" in result.output
    assert not (workspace / "out").exists()


def test_verbose_names_the_template_file_each_document_came_from(cli, workspace):
    from xuncha.bundled import templates_folder

    (workspace / "templates").mkdir()
    shutil.copy(templates_folder() / "notice.j2", workspace / "templates" / "notice.j2")
    result = cli("render", "all", "2020-1-dongtai", "--verbose")
    assert result.exit_code == 0, result.output
    assert f"模板：notice ← {workspace / 'templates' / 'notice.j2'}" in result.output
    assert f"模板：report ← {templates_folder() / 'report.j2'}" in result.output


def test_a_template_found_nowhere_names_every_place_looked(cli, workspace, monkeypatch):
    from xuncha.render import templates

    monkeypatch.setattr(templates, "BUNDLED_TEMPLATES", workspace / "nowhere")
    result = cli("render", "report", "2020-1-dongtai")
    assert result.exit_code == 2
    assert f"找不到模板 report.j2：已查找 {workspace / 'templates' / 'report.j2'}、{workspace / 'nowhere' / 'report.j2'}" in result.output
    assert not (workspace / "out").exists()
