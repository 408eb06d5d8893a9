"""The template markup and the context rules that do not need a whole document."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from xuncha.bundled import example_records
from xuncha.records.loader import load
from xuncha.render.context import ContextBuilder
from xuncha.render.document import Heading, Paragraph, Table
from xuncha.render.markup import MarkupError, chinese_number, literal, parse

EXAMPLE = example_records()

HEAD = "发文机关标志：盐城市安全生产巡查工作领导小组办公室文件\n标题：通知\n主送：东台市\n---\n"
TAIL = "---\n署名：盐城市安全生产巡查工作领导小组办公室\n日期：2020年6月3日\n抄送：市委办公室，中共东台市委、东台市人民政府\n"


def test_headings_are_numbered_without_gaps():
    doc = parse(HEAD + "# 甲\n## 子\n+ 项\n+ 项\n## 丑\n### 目\n#### 细\n# 乙\n" + TAIL)
    assert [b.text for b in doc.body] == ["一、甲", "（一）子", "1.项", "2.项", "（二）丑", "1.目", "（1）细", "二、乙"]
    assert [type(b) for b in doc.body][2] is Paragraph  # numbered items do not keep with the next
    assert isinstance(doc.body[0], Heading) and doc.body[0].level == 1


def test_front_and_back_matter():
    doc = parse(HEAD + "正文。\n<驻地：某处\n" + TAIL)
    assert doc.title == "通知" and doc.addressee == "东台市" and doc.date == dt.date(2020, 6, 3)
    assert doc.copy_to == ["市委办公室", "中共东台市委、东台市人民政府"]  # 、 stays inside one addressee
    assert doc.body[1].indent is False


def test_table_block_survives_blank_lines_from_loops():
    doc = parse(HEAD + "|宽| 10 | 20 |\n| 序号 | 问题 |\n\n| 1 | 甲 |\n\n| 2 | 乙 |\n段落\n" + TAIL)
    table = doc.body[0]
    assert isinstance(table, Table) and table.rows == [["1", "甲"], ["2", "乙"]]
    assert table.widths_mm == [10.0, 20.0]


@pytest.mark.parametrize("text, message", [
    (HEAD + "正文\n" + TAIL.replace("日期：2020年6月3日\n", ""), "缺少“日期：”"),
    (HEAD + "#标题\n" + TAIL, "标题标记“#”后应有空格"),
    (HEAD + "| 甲 | 乙 |\n| 1 |\n" + TAIL, "表格第1行有1列"),
    (HEAD.replace("标题：", "题目：") + TAIL, "不是可识别的要素"),
    (HEAD + TAIL.replace("2020年6月3日", "2020年6月"), "日期应写作"),
    ("标题：通知\n正文\n", "两行“---”"),
])
def test_bad_markup_names_the_problem(text, message):
    with pytest.raises(MarkupError, match=message):
        parse(text)


def test_chinese_numbers_for_headings():
    assert [chinese_number(n) for n in (1, 10, 11, 20, 21)] == ["一", "十", "十一", "二十", "二十一"]


def test_deadlines_after_a_year_without_official_calendar_are_provisional():
    """四（七）: a feedback date in a year the State Council has not yet published is marked （暂定）."""
    records, _ = load(EXAMPLE)
    folder = records.inspections["2020-1-dongtai"]
    folder.feedback = dataclasses.replace(folder.feedback, date=dt.date(2040, 6, 4))
    deadlines = ContextBuilder(records).deadlines(folder)
    assert deadlines["plan_due"].endswith("（暂定）") and deadlines["plan_due"].startswith("2040年7月")
    assert deadlines["report_due"].startswith("2040年12月")
    official = ContextBuilder(load(EXAMPLE)[0]).deadlines(load(EXAMPLE)[0].inspections["2020-1-dongtai"])
    assert official == {"plan_due": "2020年7月16日", "report_due": "2020年12月3日"}


@pytest.mark.parametrize("typed", ["# 伪造标题", "---", "+ 伪造条目", "<伪造", "| 甲 | 乙 |", "标题：伪造", "  ## 缩进"])
def test_a_value_from_the_records_is_printed_as_typed_whatever_markup_it_looks_like(typed):
    doc = parse(HEAD + literal(typed) + "\n" + TAIL)
    assert [(type(b), b.text) for b in doc.body] == [(Paragraph, typed.strip())]
    assert doc.title == "通知"


def test_a_value_inside_a_heading_or_a_key_line_loses_only_its_markers():
    doc = parse(HEAD.replace("东台市", literal("#东台市，---")) + "# " + literal("# 甲") + "\n| 序号 | 问题 |\n| 1 | "
                + literal("+ 乙") + " |\n" + TAIL)
    assert doc.addressee == "#东台市，---"
    assert doc.body[0].text == "一、# 甲" and doc.body[1].rows == [["1", "+ 乙"]]
