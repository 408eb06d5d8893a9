"""The merge of one record file by meaning: three versions in, one file out, conflicts named."""

from __future__ import annotations

from xuncha.records.merge import id_collisions, merge_texts, renumber_text

BASE = """\
# 建湖县巡查发现的问题（四（四））
problems:
  - id: P1
    category: 6
    title: 12家危化品使用企业未建立隐患排查治理台账
    unit: 建湖县应急管理局  # 责任单位以县政府函为准
    progress:
      - {date: 2020-07-10, status: in-progress}
"""


def test_entries_both_sides_add_are_all_kept_with_the_comments():
    ours = BASE + "  - id: P2\n    category: 9\n    title: 举报核查逾期\n"
    theirs = BASE.replace("      - {date: 2020-07-10, status: in-progress}\n",
                          "      - {date: 2020-07-10, status: in-progress}\n"
                          "      - {date: 2020-08-01, status: rectified, evidence: 台账照片}\n") \
        + "  - id: P2-组\n    category: 4\n    title: 组发现的问题\n"
    result = merge_texts(BASE, ours, theirs)
    assert result.conflicts == []
    assert result.text.startswith("# 建湖县巡查发现的问题（四（四））\nproblems:\n")
    assert "unit: 建湖县应急管理局  # 责任单位以县政府函为准\n" in result.text
    assert "      - {date: 2020-08-01, status: rectified, evidence: 台账照片}\n" in result.text
    assert "title: 举报核查逾期" in result.text and "title: 组发现的问题" in result.text


def test_different_fields_of_one_problem_changed_on_each_side_both_survive():
    ours = BASE.replace("title: 12家", "title: 15家")
    theirs = BASE.replace("    unit: 建湖县应急管理局  # 责任单位以县政府函为准\n",
                          "    unit: 建湖县应急管理局  # 责任单位以县政府函为准\n    requirement: 年内完成标准化复评\n")
    result = merge_texts(BASE, ours, theirs)
    assert result.conflicts == []
    assert "title: 15家危化品" in result.text
    assert "  # 责任单位以县政府函为准\n    requirement: 年内完成标准化复评\n" in result.text


def test_one_field_set_to_two_values_is_a_conflict_that_keeps_ours_for_now():
    result = merge_texts(BASE, BASE.replace("unit: 建湖县应急管理局", "unit: 建湖县住建局"),
                         BASE.replace("unit: 建湖县应急管理局", "unit: 建湖经济开发区管委会"))
    [conflict] = result.conflicts
    assert (conflict.where, conflict.ours, conflict.theirs, conflict.base) == \
        ("problems[P1].unit", "建湖县住建局", "建湖经济开发区管委会", "建湖县应急管理局")
    assert conflict.path == ["problems", {"key": {"id": "P1"}}, "unit"]
    assert "unit: 建湖县住建局" in result.text


def test_an_entry_deleted_on_one_side_and_edited_on_the_other_is_a_conflict():
    base = BASE + "      - {date: 2020-07-20, status: rectified}\n"
    result = merge_texts(base, base.replace("      - {date: 2020-07-10, status: in-progress}\n", ""),
                         base.replace("status: in-progress}", "status: in-progress, evidence: 约谈记录}"))
    [conflict] = result.conflicts
    assert (conflict.kind, conflict.where, conflict.ours) == ("deleted", "problems[P1].progress[2020-07-10]", None)
    assert conflict.theirs == {"date": "2020-07-10", "status": "in-progress", "evidence": "约谈记录"}
    assert "2020-07-10" not in result.text  # ours (deleted) stays until the clerk decides


def test_the_same_id_added_twice_is_renumbered_on_our_side_with_its_references():
    base = {"problems.yaml": BASE, "tips.yaml": "tips: []\n"}
    ours = {"problems.yaml": BASE + "  - id: P2\n    category: 9\n    title: 本地\n",
            "tips.yaml": "tips:\n  - id: T1\n    received: 2020-07-02\n    channel: call\n    summary: 来电\n    problem: P2\n"}
    theirs = {"problems.yaml": BASE + "  - id: P2\n    category: 4\n    title: 远端\n", "tips.yaml": "tips: []\n"}
    mapping = id_collisions(base, ours, theirs)
    assert mapping == {"P2": "P3"}
    assert "problem: P3" in renumber_text("tips.yaml", ours["tips.yaml"], mapping)
    merged = merge_texts(BASE, renumber_text("problems.yaml", ours["problems.yaml"], mapping), theirs["problems.yaml"])
    assert merged.conflicts == []
    assert "- id: P2\n    category: 4\n    title: 远端\n  - id: P3\n    category: 9\n    title: 本地\n" in merged.text


def test_two_rounds_of_a_plan_edited_on_each_side_stay_two_rounds():
    base = ("year: 2021\nrounds:\n  - number: 1\n    start: 2021-04-01\n    end: 2021-05-31\n"
            "  - number: 2\n    start: 2021-09-01\n    end: 2021-10-31\n")
    ours = base.replace("end: 2021-05-31", "end: 2021-06-10")
    theirs = base.replace("start: 2021-09-01", "start: 2021-09-06")
    result = merge_texts(base, ours, theirs)
    assert result.conflicts == []
    assert result.text == base.replace("end: 2021-05-31", "end: 2021-06-10").replace("start: 2021-09-01",
                                                                                    "start: 2021-09-06")
