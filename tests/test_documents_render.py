"""Validate-clean means every recorded document renders; `render all` renders what it can.

And the report's 责任追究清单 (四（四）) is built from the problems marked as cadre problems
(四（六）), with a command to name the persons and the proposed handling.
"""

from __future__ import annotations

import json
from pathlib import Path

from xuncha.records.loader import load

DONGTAI = Path("records/inspections/2020-1-dongtai")
JIANHU = Path("records/inspections/2020-1-jianhu")
BENCH = Path(__file__).resolve().parent.parent / "bench"


def _edit(workspace, relative, old, new):
    path = workspace / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _errors(cli, rule):
    result = cli("validate", "--as-of", "2020-07-10", "--json")
    return [d for d in json.loads(result.stdout) if d["rule"] == rule]


def _render_every_reached_document(root: Path) -> int:
    """Build in memory every document each inspection without validate errors has reached; return how many."""
    from xuncha.procedure.validate import validate_records
    from xuncha.render.output import kinds_reached
    from xuncha.render.templates import Session, build

    records, loaded = load(root / "records")
    found = validate_records(records, loaded, max(_dates(records)))
    broken = {d.file.split("/")[2] for d in found if d.is_error and d.file.startswith("records/inspections/")}
    assert not [d for d in found if d.is_error], [d.format() for d in found if d.is_error][:5]
    session = Session(records)
    built = 0
    for ident in sorted(records.inspections):
        assert ident not in broken
        for kind in kinds_reached(records, ident):
            built += len(build(records, kind, ident, session=session))
    return built


def _dates(records):
    from xuncha.procedure.steps import STEPS, step_date

    return [d for f in records.inspections.values() for s in STEPS if (d := step_date(f, s))]


def test_every_document_of_the_example_renders_once_validate_is_clean(records_dir):
    assert _render_every_reached_document(records_dir.parent) == 19  # 13 of dongtai, 3 each of jianhu and jtj


def test_every_document_of_a_small_generated_province_renders(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    from generate import Province

    Province(inspections_per_round=4, years=1, rounds_per_year=2, problems=4, tips=1, activities=2).write(tmp_path)
    assert _render_every_reached_document(tmp_path) >= 50


def test_render_all_renders_the_good_documents_and_names_each_it_could_not(cli, workspace):
    _edit(workspace, DONGTAI / "report.yaml", "number: 盐巡办〔2020〕11号\n", "")
    _edit(workspace, DONGTAI / "problems.yaml", "        reference: 盐巡办〔2020〕20号\n", "")
    result = cli("render", "all", "2020-1-dongtai")
    assert result.exit_code == 1
    written = sorted(p.name for p in (workspace / "out/2020-1-dongtai").glob("*.docx"))
    assert len(written) == 11 and "report.docx" not in written and "urge-P2-1.docx" not in written
    assert "未能生成：out/2020-1-dongtai/report.docx：records/inspections/2020-1-dongtai/report.yaml:1 缺少“发文字号”（number）" \
        in result.stderr
    assert 'xuncha record 2020-1-dongtai report --amend --date 2020-05-19 --reason "补填发文字号"' in result.stderr
    assert "未能生成：out/2020-1-dongtai/urge-P2-1.docx：records/inspections/2020-1-dongtai/problems.yaml:45 " \
           "督促整改措施缺少“文号”（reference）" in result.stderr
    assert "共 11 份已生成，2 份未能生成" in result.stderr


def test_validate_names_the_same_gaps_with_their_fix(cli, workspace):
    _edit(workspace, DONGTAI / "report.yaml", "number: 盐巡办〔2020〕11号\n", "")
    _edit(workspace, DONGTAI / "problems.yaml", "        reference: 盐巡办〔2020〕20号\n", "")
    found = _errors(cli, "document-incomplete")
    assert [(d["file"], d["line"]) for d in found] == [((DONGTAI / "problems.yaml").as_posix(), 45),
                                                       ((DONGTAI / "report.yaml").as_posix(), 1)]
    assert "写入 reference: 盐巡办〔2020〕11号（下一个未用的文号）" not in found[0]["message"]
    assert "写入 reference: 盐巡办〔2020〕20号（下一个未用的文号）" in found[0]["message"]


def test_the_fix_render_all_names_works(cli, workspace):
    _edit(workspace, DONGTAI / "report.yaml", "number: 盐巡办〔2020〕11号\n", "")
    import subprocess

    subprocess.run(["git", "commit", "-qam", "手工删去文号"], cwd=workspace, check=True)
    fixed = cli("record", "2020-1-dongtai", "report", "--amend", "--date", "2020-05-19", "--reason", "补填发文字号")
    assert fixed.exit_code == 0, fixed.output
    assert "已分配发文字号 盐巡办〔2020〕21号" in fixed.stdout
    assert _errors(cli, "document-incomplete") == []
    assert cli("render", "all", "2020-1-dongtai").exit_code == 0


def test_a_report_needs_its_overview_when_recorded(cli, workspace, monkeypatch):
    (workspace / "records/inspections/2020-1-jtj/end.yaml").write_text("date: 2020-07-10\n", encoding="utf-8")
    import subprocess

    subprocess.run(["git", "add", "-A"], cwd=workspace, check=True)
    subprocess.run(["git", "commit", "-qm", "结束"], cwd=workspace, check=True)
    result = cli("record", "2020-1-jtj", "report", "--date", "2020-07-20", "--today", "2020-07-20")
    assert result.exit_code == 2 and "--overview（基本情况）" in result.output


def test_an_escalation_by_letter_without_reference_renders(cli, workspace):
    assert cli("problem", "escalate", "2020-1-dongtai", "P3", "--kind", "函告", "--date", "2020-06-20").exit_code == 0
    result = cli("render", "all", "2020-1-dongtai")
    assert result.exit_code == 0, result.output
    assert (workspace / "out/2020-1-dongtai/urge-P3-1.docx").is_file()


# -- 四（四）: the 责任追究清单 -------------------------------------------------------------------

def test_a_cadre_problem_with_nobody_named_is_an_error_not_a_report_that_contradicts_itself(cli, workspace):
    added = cli("problem", "add", "2020-1-jianhu", "--category", "2", "--title", "县住建局对专项整治部署后未跟踪督查",
                "--cadre", "慢作为")
    assert added.exit_code == 0, added.output
    [finding] = _errors(cli, "accountability-list-missing")
    assert "干部责任问题 P3（慢作为）在责任追究清单中没有责任人" in finding["message"]
    assert "xuncha problem accountability 2020-1-jianhu P3 --person 责任人 --measure 建议追责措施" in finding["message"]
    refused = cli("render", "report", "2020-1-jianhu")
    assert refused.exit_code == 2 and "xuncha problem accountability 2020-1-jianhu P3" in refused.output


def test_accountability_command_fills_the_report_list(cli, workspace):
    from render_helpers import full_text, tables

    cli("problem", "add", "2020-1-jianhu", "--category", "2", "--title", "县住建局对专项整治部署后未跟踪督查",
        "--cadre", "慢作为")
    result = cli("problem", "accountability", "2020-1-jianhu", "P3", "--person", "建湖县住房和城乡建设局分管副局长",
                 "--measure", "诫勉谈话")
    assert result.exit_code == 0, result.output
    assert "已将 建湖县住房和城乡建设局分管副局长 列入 2020-1-jianhu P3 的责任追究清单：建议诫勉谈话" in result.stdout
    assert _errors(cli, "accountability-list-missing") == []
    assert cli("render", "report", "2020-1-jianhu", "-o", "out/report.docx").exit_code == 0
    text = full_text(workspace / "out/report.docx")
    assert "涉及干部责任问题2个" in text and "未发现需要追究责任的干部责任问题" not in text
    table = next(t for t in tables(workspace / "out/report.docx") if t[0][0] == "序号")
    assert table[1:] == [["1", "建湖县应急管理局执法大队负责人", "群众举报事项逾期未核查处置", "提请纪检监察机关调查处理"],
                         ["2", "建湖县住房和城乡建设局分管副局长", "县住建局对专项整治部署后未跟踪督查", "诫勉谈话"]]


def test_accountability_for_a_problem_not_marked_cadre(cli, workspace):
    refused = cli("problem", "accountability", "2020-1-jianhu", "P1", "--person", "某人", "--measure", "诫勉谈话")
    assert refused.exit_code == 2 and "未标记为干部责任问题" in refused.output
    marked = cli("problem", "accountability", "2020-1-jianhu", "P1", "--person", "建湖县应急管理局分管副局长",
                 "--measure", "约谈", "--cadre", "不作为", "--fact", "对企业隐患排查台账缺失失察")
    assert marked.exit_code == 0, marked.output
    text = (workspace / JIANHU / "problems.yaml").read_text(encoding="utf-8")
    assert "cadre_problems: [不作为]" in text and "fact: 对企业隐患排查台账缺失失察" in text


def test_a_team_member_without_a_post_is_named_at_the_documents_that_print_it(cli, workspace):
    _edit(workspace, "records/people.yaml", "    position: 原市人大常委会副秘书长\n", "")
    found = _errors(cli, "document-incomplete")
    assert {(d["file"], d["line"]) for d in found} == {("records/people.yaml", 3)}
    assert "2020-1-jtj 的授权书（2020-06-10）缺少“职务”（position）" in "\n".join(d["message"] for d in found)
    assert "xuncha person update wang-jianguo --position 职务 --since 2020-06-10" in "\n".join(d["message"] for d in found)
