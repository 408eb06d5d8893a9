"""Each KIND rendered from the bundled example, read back from the .docx XML.

2020-1-dongtai has every step: authorized 2020-04-03, entered 2020-04-08, report 盐巡办〔2020〕11号,
feedback 2020-06-03 (盐巡办〔2020〕15号), P1 a 重大事故隐患 under 挂牌督办 盐安委〔2020〕21号, P2 a 慢作为
cadre problem (内部掌握) handed to 市纪委监委 and urged by 函告 盐巡办〔2020〕20号, P3 found through a tip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from render_helpers import NS, body_of, full_text, index_of, parts_of, tables, texts, w
from test_gbt9704 import run_fonts, run_sizes
from xuncha.bundled import example_records
from xuncha.records.loader import load
from xuncha.render.context import KIND_NAMES
from xuncha.render.gbt9704 import render_docx
from xuncha.render.templates import build

EXAMPLE = example_records()
DONGTAI = "2020-1-dongtai"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """Every document the example yields, by output stem."""
    records, diagnostics = load(EXAMPLE)
    assert not [d for d in diagnostics if d.is_error]
    out = tmp_path_factory.mktemp("out")
    paths = {}
    for kind in KIND_NAMES:
        for stem, doc in build(records, kind, "2020" if kind == "plan" else DONGTAI):
            paths[stem] = out / f"{stem}.docx"
            render_docx(doc, paths[stem])
    return paths


def test_every_kind_renders(rendered):
    assert set(rendered) == {
        "plan", "authorization", "notice", "announcement", "report", "special-report-1", "feedback",
        "rectification-notice", "handoff-local-P1-P3", "handoff-discipline-P2", "supervision-P1", "urge-P2-1",
        "result", "disclosure",
    }


@pytest.mark.parametrize("stem", ["plan", "authorization", "notice", "announcement", "report", "special-report-1",
                                  "feedback", "rectification-notice", "handoff-local-P1-P3", "supervision-P1",
                                  "urge-P2-1", "result", "disclosure"])
def test_layout_basics(rendered, stem):
    """GB/T 9704: A4, 天头 37 mm, 订口 28 mm, 22 lines; every text run names its East Asian font."""
    parts = parts_of(rendered[stem])
    sect = next(parts["word/document.xml"].iter(w("sectPr")))
    size = sect.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    mar = sect.find("w:pgMar", NS)
    assert (mar.get(w("top")), mar.get(w("left")), mar.get(w("right")), mar.get(w("bottom"))) == (
        "2098", "1588", "1474", "1984")
    assert sect.find("w:docGrid", NS).get(w("linePitch")) == "579"
    for p in parts["word/document.xml"].iter(w("p")):
        assert None not in run_fonts(p), stem
    # No blank left where a record field should have been printed.
    text = full_text(rendered[stem])
    for leftover in ("None", "{{", "}}", "Undefined", "（）", "：。"):
        assert leftover not in text, (stem, leftover)


@pytest.mark.parametrize("stem, mark, number", [
    ("report", "盐城市安全生产第一巡查组文件", "盐巡办〔2020〕11号"),
    ("special-report-1", "盐城市安全生产第一巡查组文件", "盐巡办〔2020〕12号"),
    ("feedback", "盐城市安全生产第一巡查组文件", "盐巡办〔2020〕15号"),
    ("rectification-notice", "盐城市安全生产巡查工作领导小组办公室文件", "盐巡办〔2020〕14号"),
    ("notice", "盐城市安全生产巡查工作领导小组办公室文件", "盐巡办〔2020〕5号"),
    ("authorization", "盐城市安全生产巡查工作领导小组文件", "盐巡授〔2020〕1号"),
    ("plan", "盐城市安全生产巡查工作领导小组办公室文件", "盐巡办〔2020〕2号"),
    ("supervision-P1", "盐城市安全生产委员会文件", "盐安委〔2020〕21号"),
    ("result", "盐城市安全生产巡查工作领导小组办公室文件", "盐巡办〔2020〕18号"),
])
def test_file_format_header_and_doc_number_from_records(rendered, stem, mark, number):
    lines = texts(rendered[stem])
    m = index_of(lines, mark)
    assert lines[m] == mark
    assert lines[m + 3].startswith(number)  # 7.2.4: two lines below the mark


def test_reports_go_upward_with_the_team_leader_as_signer(rendered):
    # 7.2.4 上行文: number at the left, 签发人 at the right; the team sends, signs and prints it.
    for stem in ("report", "special-report-1"):
        lines = texts(rendered[stem])
        number_line = lines[index_of(lines, "签发人：")]
        assert number_line.startswith("盐巡办〔2020〕1") and number_line.endswith("签发人：王建国")
        assert "盐城市安全生产第一巡查组" in lines  # 署名
        imprint = tables(rendered[stem])[-1]
        assert imprint[-1][0].startswith("盐城市安全生产第一巡查组2020年")  # 印发机关


@pytest.mark.parametrize("stem, number", [
    ("handoff-local-P1-P3", "盐巡办〔2020〕16号"),
    ("handoff-discipline-P2", "盐巡办〔2020〕17号"),
    ("urge-P2-1", "盐巡办〔2020〕20号"),
])
def test_letters_use_the_letter_format(rendered, stem, number):
    """10.1: the organ's full name in the first page's header, 文号 at the right, no 印发 line."""
    parts = parts_of(rendered[stem])
    headers = [root for name, root in parts.items() if name.startswith("word/header")]
    assert any("".join(h.itertext()) == "盐城市安全生产巡查工作领导小组办公室" for h in headers)
    lines = texts(rendered[stem])
    assert lines[0].endswith(number)
    assert "印发" not in full_text(rendered[stem])
    sect = next(parts["word/document.xml"].iter(w("sectPr")))
    assert sect.find("w:titlePg", NS) is not None  # page 1: own header, no page number


def test_the_discipline_hand_off_is_confidential(rendered):
    lines = texts(rendered["handoff-discipline-P2"])
    assert lines[0] == "000001盐巡办〔2020〕17号" and lines[1] == "机密"  # 份号 and 密级 (7.2.1, 7.2.2)


def test_report_problems_grouped_by_the_ten_items(rendered):
    lines = texts(rendered["report"])
    assert "关于对东台市开展安全生产巡查情况的报告" in "".join(lines[:12])
    assert "市安全生产巡查工作领导小组：" in lines
    # 三、巡查内容 order: (二) P2, (四) P1, (八) P3 — numbered （一）（二）（三） without gaps.
    heads = [index_of(lines, "（一）落实安全生产责任体系和责任追究情况方面"),
             index_of(lines, "（二）推进安全生产依法治理情况方面"),
             index_of(lines, "（三）调查处理生产安全事故和事故信息公开情况方面")]
    items = [index_of(lines, "1.市住建局对建筑施工安全专项整治部署后未跟踪督查"),
             index_of(lines, "1.东台经济开发区某化工企业储罐区未设置紧急切断装置"),
             index_of(lines, "1. 2019年2起一般生产安全事故信息未按规定公开")]
    assert heads[0] < items[0] < heads[1] < items[1] < heads[2] < items[2]
    assert index_of(lines, "二、发现的主要问题") < heads[0]
    for section in ("一、基本情况", "三、原因剖析", "四、意见建议", "五、责任追究清单"):
        assert section in lines
    assert "基层监管力量薄弱，执法人员专业能力与监管任务不匹配。" in "".join(lines)
    assert "充实基层安全监管执法力量，加强专业培训。" in "".join(lines)
    assert "2020年4月8日至2020年5月7日" in "".join(lines)
    assert lines.index("盐城市安全生产第一巡查组") + 1 == lines.index("2020年5月19日")


def test_report_heading_fonts(rendered):
    body = body_of(rendered["report"])
    for p in body.iter(w("p")):
        text = "".join(p.itertext())
        if text == "二、发现的主要问题":
            assert run_fonts(p) == {"黑体"} and run_sizes(p) == {"32"}
        if text.startswith("（一）落实安全生产责任体系"):
            assert run_fonts(p) == {"楷体_GB2312"}


def test_report_accountability_table(rendered):
    table = next(t for t in tables(rendered["report"]) if t[0][0] == "序号")
    # No internal problem ids on paper: the person, the fact and the measure.
    assert table[0] == ["序号", "责任人（单位及职务）", "问题事实", "建议追责措施"]
    assert table[1:] == [["1", "东台市住房和城乡建设局分管副局长",
                          "建筑施工安全专项整治部署后未跟踪督查，整治工作流于形式", "诫勉谈话"]]
    tbl = next(t for t in body_of(rendered["report"]).iter(w("tbl")) if "序号" in "".join(t.itertext()))
    assert tbl.find("w:tr/w:trPr/w:tblHeader", NS) is not None  # header repeats across pages
    assert sum(int(c.get(w("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)) == 8844


def test_feedback_dates_and_deadlines(rendered):
    text = full_text(rendered["feedback"])
    assert "中共东台市委、东台市人民政府：" in text
    assert "2020年6月3日" in text and "2020年06月03日" not in text
    # 四（七）: 30 working days after 2020-06-03, skipping 端午 (6/25-27) and counting the 6/28 make-up Sunday.
    assert "于2020年7月16日前（巡查反馈后30个工作日内）" in text
    # Half a year after feedback: 2020-12-03 is a Thursday, a working day.
    assert "于2020年12月3日前（巡查反馈后半年内）" in text
    assert "三、重大事故隐患" in text and "挂牌督办" in text
    assert "对照问题清单逐项制定整改措施，明确责任单位、责任人和完成时限。" in text


def test_rectification_notice_lists_each_problem_with_due_date(rendered):
    table = tables(rendered["rectification-notice"])[0]
    assert table[0] == ["序号", "问题", "整改要求", "完成时限"]
    assert [row[0] for row in table[1:]] == ["1", "2", "3"]
    # A 重大事故隐患 is not given the half-year period: on 06-03, before 市安委会 listed it (06-04), "立即整改".
    assert "立即停用相关储罐" in table[1][2] and table[1][3] == "立即整改"
    assert all("2020年7月16日" in row[3] and "2020年12月3日" in row[3] for row in table[2:])


def test_announcement_shows_station_and_is_public(rendered):
    lines = texts(rendered["announcement"])
    assert "驻地：东台市东台宾馆3号楼305室" in lines
    assert "联系电话：0515-85201234" in lines
    assert "来信地址：东台市邮政局第2001号信箱" in lines
    assert "受理时间：2020年4月8日至5月7日，每日8:30—17:30" in lines
    assert "文件" not in lines[0]  # a public notice carries no red 版头
    assert "2020年4月8日" in lines


def test_handoffs_go_where_the_seed_says(rendered):
    local = full_text(rendered["handoff-local-P1-P3"])
    assert "中共东台市委、东台市人民政府：" in local
    assert "东台经济开发区某化工企业储罐区未设置紧急切断装置" in local
    assert "2019年2起一般生产安全事故信息未按规定公开" in local
    assert "分管副局长" not in local
    discipline = full_text(rendered["handoff-discipline-P2"])
    assert "市纪委监委：" in discipline
    assert "问题类别：慢作为" in discipline and "建议追责措施：诫勉谈话" in discipline


def test_supervision_urge_result_special_report(rendered):
    supervision = full_text(rendered["supervision-P1"])
    assert "重大事故隐患挂牌督办通知书" in supervision and "盐城市安全生产委员会" in supervision
    urge = full_text(rendered["urge-P2-1"])
    assert "反馈后未明确跟踪督查的责任人和完成时限" in urge and "函告" in urge
    result = full_text(rendered["result"])
    assert "市委组织部：" in result and "慢作为" in result and "2020年6月5日" in result
    special = full_text(rendered["special-report-1"])
    assert "关于东台经济开发区某化工企业重大事故隐患的专题报告" in special


def test_plan_team_table_and_rounds(rendered):
    lines = texts(rendered["plan"])
    assert "2020年度全市安全生产巡查工作方案" in "".join(lines)
    table = next(t for t in tables(rendered["plan"]) if t[0][0] == "轮次")
    assert table[0] == ["轮次", "巡查对象", "巡查组", "组长", "副组长", "成员"]
    assert ["第一轮", "东台市", "市安全生产第一巡查组", "王建国", "李强", "刘洋、顾伟"] in table
    assert ["第二轮", "大丰港经济开发区", "市安全生产第一巡查组", "王建国", "赵刚", "马涛、钱芳"] in table
    assert "大丰港经济开发区（专项巡查）：2020年10月19日至2020年10月28日，由市安全生产第一巡查组承担。" in "".join(lines)
    assert "2020年3月25日" in lines


@pytest.mark.parametrize("stem", ["announcement", "disclosure"])
def test_public_documents_carry_no_internal_data(rendered, stem):
    """五（五）: what the public reads leaves out 内部掌握 problems, accountability and informants."""
    text = full_text(rendered[stem])
    assert "市住建局对建筑施工安全专项整治部署后未跟踪督查" not in text  # P2 is internal: true
    assert "分管副局长" not in text and "诫勉谈话" not in text
    assert "反映2019年两起事故" not in text  # tip summary
    assert "文件" not in texts(rendered[stem])[0]


def test_disclosure_shows_rectification(rendered):
    text = full_text(rendered["disclosure"])
    assert "东台经济开发区某化工企业储罐区未设置紧急切断装置：已销号。" in text
    assert "2019年2起一般生产安全事故信息未按规定公开" in text
    assert "2020年6月16日报市委、市政府" in text
    assert "2020年7月1日" in text


def test_a_title_never_splits_the_target_name(cli, workspace):
    result = cli("render", "announcement", "2020-1-jianhu", "-o", "announcement.docx")
    assert result.exit_code == 0, result.output
    body = body_of(workspace / "announcement.docx")
    title = next(p for p in body.iter(w("p")) if "公告" in "".join(p.itertext()))
    lines, line = [], ""
    for node in title.iter(w("t"), w("br")):
        if node.tag == w("br"):
            lines.append(line)
            line = ""
        else:
            line += node.text or ""
    lines.append(line)
    assert lines == ["市安全生产第二巡查组进驻建湖县", "开展安全生产巡查的公告"]
