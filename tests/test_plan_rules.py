"""Who may inspect whom (二（二）、五（二）（三）) and what a plan must hold (二（一）、四（一）、五（五））:
each rule, on the plan line and on the opened inspection.yaml, located at file:line with its clause."""

from __future__ import annotations

import pytest

from plan_support import edit, line_of, set_person
from rule_case import plain_example, validate_json

PLAN = "records/plans/2020.yaml"


@pytest.fixture
def records_dir(tmp_path):
    """The example's records, checked in memory: these tests are about the rules, not a command."""
    return plain_example(tmp_path / "office") / "records"


def findings(records_dir, rule: str | None = None) -> list[dict]:
    return validate_json(records_dir, rule)


def test_the_bundled_example_breaks_no_team_or_plan_rule(records_dir):
    from xuncha.procedure.engine import NEW_ROUND
    from xuncha.procedure.rules import rules_in

    team_and_plan_rules = {r.id for r in rules_in(NEW_ROUND)}
    assert [d for d in findings(records_dir) if d["rule"] in team_and_plan_rules] == []


# -- 二（二）：组长 ---------------------------------------------------------------------------


def test_a_team_with_no_leader_is_an_error(records_dir):
    plan = records_dir / "plans/2020.yaml"
    edit(plan, "          leader: zhou-ming\n", "")
    [found] = findings(records_dir, "team-leader-missing")
    assert (found["file"], found["clause"]) == (PLAN, "二（二）")
    assert found["line"] == line_of(plan, "name: 市安全生产第三巡查组")
    assert "亭湖区" in found["message"] and "没有组长" in found["message"]


def test_leader_below_zhengchu_rank_is_refused_on_plan_and_opened_inspection(records_dir):
    # 王建国 leads dongtai and jtj (opened) and dafeng-port (planned): every file is told.
    set_person(records_dir, "wang-jianguo", "rank", "正处级", "副处级")
    found = findings(records_dir, "team-leader-rank")
    assert {d["file"] for d in found} == {PLAN, "records/inspections/2020-1-dongtai/inspection.yaml",
                                          "records/inspections/2020-1-jtj/inspection.yaml"}
    assert all(d["clause"] == "二（二）" and "王建国职级为副处级" in d["message"] for d in found)
    lines = (records_dir / "plans/2020.yaml").read_text(encoding="utf-8").splitlines()
    leader_lines = [i + 1 for i, line in enumerate(lines) if "leader: wang-jianguo" in line]
    assert sorted(d["line"] for d in found if d["file"] == PLAN) == leader_lines  # dongtai, jtj, dafeng-port


def test_leader_rank_above_zhengchu_is_accepted(records_dir):
    set_person(records_dir, "zhou-ming", "rank", "正处级", "副厅级")
    assert findings(records_dir, "team-leader-rank") == []


def test_leader_must_serve_or_have_retired_from_a_leading_post(records_dir):
    set_person(records_dir, "chen-hong", "post", "现职", "非领导职务")
    found = findings(records_dir, "team-leader-post")
    assert {d["file"] for d in found} == {PLAN, "records/inspections/2020-1-jianhu/inspection.yaml"}
    assert all(d["clause"] == "二（二）" and "陈宏" in d["message"] for d in found)


def test_retired_leader_is_accepted(records_dir):
    set_person(records_dir, "zhou-ming", "post", "现职", "退出领导岗位")
    assert findings(records_dir, "team-leader-post") == []


def test_leader_must_come_from_a_member_unit_or_the_congress_or_cppcc(records_dir):
    set_person(records_dir, "zhou-ming", "unit", "gaj", "zjk")
    [found] = findings(records_dir, "team-leader-unit")
    assert (found["file"], found["clause"]) == (PLAN, "二（二）")
    assert "周明" in found["message"] and "盐城市安全生产专家库" in found["message"]


def test_leader_from_the_cppcc_is_accepted(records_dir):
    # 陈宏 is from 市政协, which is in the leading group in the example; take it out to test the seed's own words.
    edit(records_dir / "config.yaml", "leading_group_members: [yjj, jw, zzb, sfb, gaj, rdcwh, zx]",
         "leading_group_members: [yjj, jw, zzb, sfb, gaj]")
    assert findings(records_dir, "team-leader-unit") == []


def test_leader_must_be_familiar_with_safety_supervision(records_dir):
    set_person(records_dir, "zhou-ming", "familiar_with_safety", "true", "false")
    [found] = findings(records_dir, "team-leader-familiar")
    assert found["clause"] == "二（二）" and "周明" in found["message"]


# -- 二（二）：副组长和成员 ------------------------------------------------------------------


def test_deputy_must_come_from_the_emergency_bureau(records_dir):
    set_person(records_dir, "sun-li", "unit", "yjj", "gaj")
    found = findings(records_dir, "team-deputy-unit")
    assert {d["file"] for d in found} == {PLAN, "records/inspections/2020-1-jianhu/inspection.yaml"}
    assert all(d["clause"] == "二（二）" and "孙丽" in d["message"] and "市应急管理局" in d["message"] for d in found)


def test_deputy_must_be_fuchu_or_above(records_dir):
    set_person(records_dir, "zhao-gang", "rank", "副处级", "正科级")
    found = findings(records_dir, "team-deputy-rank")
    assert {d["file"] for d in found} == {PLAN, "records/inspections/2020-1-jtj/inspection.yaml"}
    assert all(d["clause"] == "二（二）" and "赵刚职级为正科级" in d["message"] for d in found)


def test_members_are_staff_of_member_units_or_experts(records_dir):
    set_person(records_dir, "wu-bin", "unit", "sfb", "binhai")
    [found] = findings(records_dir, "team-member-unit")
    assert (found["file"], found["clause"]) == (PLAN, "二（二）")
    assert "吴斌" in found["message"] and "滨海县" in found["message"]


def test_an_expert_from_any_unit_may_sit_on_a_team(records_dir):
    assert findings(records_dir, "team-member-unit") == []  # 顾伟、钱芳 are from the expert pool, not a member unit


# -- 五（二）：一次一授权 ---------------------------------------------------------------------


def test_no_one_leads_two_inspections_whose_dates_overlap(records_dir):
    plan = records_dir / "plans/2020.yaml"
    # 周明 would lead 大丰港 from 1 October while still leading 亭湖区 until 7 October.
    edit(plan, "        start: 2020-10-19\n        end: 2020-10-28", "        start: 2020-10-01\n        end: 2020-10-10")
    text = plan.read_text(encoding="utf-8")
    cut = text.index("target: dafeng-port")
    text = text[:cut] + text[cut:].replace("leader: wang-jianguo", "leader: zhou-ming")
    plan.write_text(text, encoding="utf-8")
    assert text.count("leader: zhou-ming") == 2
    [found] = findings(records_dir, "team-leader-overlap")
    assert found["clause"] == "五（二）" and "周明" in found["message"] and "大丰港" in found["message"]
    assert "2020-09-08至2020-10-07" in found["message"]
    assert [d for d in findings(records_dir, "team-member-overlap") if "周明" in d["message"]] == []


def test_no_one_sits_on_two_teams_on_site_at_the_same_time(records_dir):
    # 顾伟 is on the 阜宁县 team (7 September – 6 October); adding him to 亭湖区 (from 8 September) overlaps.
    edit(records_dir / "plans/2020.yaml", "members: [huang-lei, wu-bin]", "members: [huang-lei, wu-bin, gu-wei]")
    [found] = findings(records_dir, "team-member-overlap")
    assert (found["file"], found["clause"]) == (PLAN, "五（二）")
    assert "顾伟" in found["message"] and "阜宁县" in found["message"] and "亭湖区" in found["message"]


def test_back_to_back_tours_do_not_overlap(records_dir):
    # 王建国's team ends 东台市 on 7 May and 市交通运输局 starts 15 June: nothing to report.
    assert findings(records_dir, "team-leader-overlap") == [] and findings(records_dir, "team-member-overlap") == []


# -- 五（三）：回避 ---------------------------------------------------------------------------


def test_a_member_from_the_inspected_area_must_step_aside(records_dir):
    # 马涛 moved to 大丰区; 大丰港经济开发区 lies in 大丰区 (parent), so he may not inspect it.
    set_person(records_dir, "ma-tao", "unit", "gxj", "dafeng")
    found = [d for d in findings(records_dir, "recusal-unit") if "大丰港" in d["message"]]
    assert [d["file"] for d in found] == [PLAN]
    assert found[0]["clause"] == "五（三）" and "马涛（大丰区）须回避" in found[0]["message"]


def test_a_member_of_the_inspected_department_must_step_aside(records_dir):
    # 市应急管理局 inspected by a team whose deputy is from 市应急管理局.
    edit(records_dir / "plans/2020.yaml", "      - target: tinghu\n", "      - target: yjj\n")
    found = findings(records_dir, "recusal-unit")
    assert {d["message"].split("须回避")[0] for d in found} == {"李强（市应急管理局）"}


def test_a_declared_conflict_is_reported_with_who_and_why(records_dir):
    edit(records_dir / "people.yaml", "      - target: dongtai\n        reason: 2018年前在东台市住房和城乡建设局任职",
         "      - target: dongtai\n        reason: 2018年前在东台市住房和城乡建设局任职\n"
         "      - target: tinghu\n        reason: 配偶任亭湖区应急管理局局长")
    [found] = findings(records_dir, "recusal-conflict")
    assert (found["file"], found["clause"]) == (PLAN, "五（三）")
    assert found["message"].startswith("黄磊须回避2020年第2轮对亭湖区的巡查") and "配偶任亭湖区应急管理局局长" in found["message"]


# -- 四（一）：年度方案 -----------------------------------------------------------------------


def test_rounds_of_the_same_team_must_not_overlap(records_dir):
    plan = records_dir / "plans/2020.yaml"
    edit(plan, "    start: 2020-09-07\n    end: 2020-10-30", "    start: 2020-07-06\n    end: 2020-10-30")
    found = findings(records_dir, "plan-round-overlap")
    assert {d["clause"] for d in found} == {"四（一）"}
    assert {d["line"] for d in found} == {line_of(plan, "start: 2020-04-08")}
    assert any("王建国" in d["message"] for d in found) and any("陈宏" in d["message"] for d in found)


def test_city_approval_recorded_before_the_leading_group_studied_it(records_dir):
    plan = records_dir / "plans/2020.yaml"
    text = plan.read_text(encoding="utf-8")
    group = text[text.index("  - by: leading-group"):text.index("  - by: city")]
    city = text[text.index("  - by: city"):text.index("disclosure:")]
    plan.write_text(text.replace(group + city, city + group), encoding="utf-8")
    [found] = findings(records_dir, "plan-approval-order")
    assert found["clause"] == "四（一）" and found["line"] == line_of(plan, "- by: city")
    assert "须先经市安全生产巡查工作领导小组研究" in found["message"]


def test_city_approval_dated_before_the_leading_group(records_dir):
    edit(records_dir / "plans/2020.yaml", "    date: 2020-03-25", "    date: 2020-03-13")
    [found] = findings(records_dir, "plan-approval-order")
    assert "2020-03-13 早于领导小组研究日期 2020-03-16" in found["message"]


def test_disclosure_before_the_city_approved(records_dir):
    edit(records_dir / "plans/2020.yaml", "  date: 2020-03-31", "  date: 2020-03-20")
    [found] = findings(records_dir, "plan-disclosure")
    assert found["clause"] == "五（五）" and "2020-03-20 早于市委、市政府批准日期 2020-03-25" in found["message"]


def test_round_dates_inside_the_plan_year(records_dir):
    edit(records_dir / "plans/2020.yaml", "    end: 2020-10-30", "    end: 2021-01-08")
    [found] = findings(records_dir, "plan-round-dates")
    assert found["clause"] == "四（一）" and "2021-01-08 不在方案年度 2020 年之内" in found["message"]


def test_special_tour_of_a_county_is_wrong_kind(records_dir):
    edit(records_dir / "plans/2020.yaml", "      - target: funing\n", "      - target: funing\n        special: true\n")
    found = findings(records_dir, "plan-inspection-kind")
    assert [d["clause"] for d in found] == ["二（一）"] and "阜宁县属于县（市、区），应开展常规巡查" in found[0]["message"]


def test_regular_tour_of_a_function_zone_must_be_special(records_dir):
    edit(records_dir / "plans/2020.yaml", "        special: true          # 专项巡查，不超过10天\n", "")
    [found] = findings(records_dir, "plan-inspection-kind")
    assert "大丰港经济开发区属于市级以上功能区" in found["message"] and "special: true" in found["message"]


def test_planned_inspection_inside_its_round(records_dir):
    edit(records_dir / "plans/2020.yaml", "        start: 2020-09-08", "        start: 2020-09-01")
    [found] = findings(records_dir, "plan-inspection-in-round")
    assert found["clause"] == "四（一）" and "2020-09-01 不在本轮 2020-09-07 至 2020-10-30 之内" in found["message"]


def test_regular_tour_longer_than_thirty_days(records_dir):
    # 8 September to 8 October is 31 days on site.
    edit(records_dir / "plans/2020.yaml", "        end: 2020-10-07", "        end: 2020-10-08")
    [found] = findings(records_dir, "plan-tour-length")
    assert found["clause"] == "二（一）" and "共 31 天，巡查时间不超过30天" in found["message"]


def test_special_tour_longer_than_ten_days(records_dir):
    edit(records_dir / "plans/2020.yaml", "        end: 2020-10-28", "        end: 2020-10-29")
    [found] = findings(records_dir, "plan-tour-length")
    assert "共 11 天，专项巡查时间不超过10天" in found["message"]


def test_opened_inspection_keeps_the_thirty_day_limit(records_dir):
    edit(records_dir / "inspections/2020-1-dongtai/inspection.yaml", "planned_end: 2020-05-07", "planned_end: 2020-05-20")
    [found] = findings(records_dir, "plan-tour-length")
    assert found["file"] == "records/inspections/2020-1-dongtai/inspection.yaml" and "共 43 天" in found["message"]


def test_plan_naming_an_unknown_target_or_person(records_dir):
    edit(records_dir / "plans/2020.yaml", "      - target: tinghu\n", "      - target: tinhu\n")
    edit(records_dir / "plans/2020.yaml", "members: [xu-jing, gu-wei]", "members: [xu-jing, guwei]")
    [target] = findings(records_dir, "unknown-target")
    [person] = findings(records_dir, "unknown-person")
    assert "`tinhu`" in target["message"] and "tinghu" in target["message"]
    assert "`guwei`" in person["message"] and "gu-wei" in person["message"]


def test_mobilization_and_training_before_the_round_starts(records_dir):
    plan = records_dir / "plans/2020.yaml"
    edit(plan, "      date: 2020-09-03", "      date: 2020-09-08")
    [found] = findings(records_dir, "plan-mobilization")
    assert (found["clause"], found["severity"]) == ("四（一）", "错误")
    assert found["line"] == line_of(plan, "date: 2020-09-08")
    assert "2020-09-08 晚于本轮开始日期 2020-09-07" in found["message"]


def test_a_round_without_mobilization_is_a_warning(records_dir):
    plan = records_dir / "plans/2020.yaml"
    edit(plan, "    mobilization:\n      date: 2020-09-03\n      place: 市行政中心2号楼第三会议室\n", "")
    [found] = findings(records_dir, "plan-mobilization")
    assert found["severity"] == "警告" and "2020年第2轮尚未记录动员培训日期" in found["message"]
