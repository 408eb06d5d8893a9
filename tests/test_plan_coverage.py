"""xuncha coverage (二（一））: every county, zone and department covered once in the term."""

from __future__ import annotations

import json

from plan_support import write_plan_2021


def test_coverage_json_keys_and_values(cli):
    result = cli("coverage", "--json", "--as-of", "2020-08-01")
    assert result.exit_code == 1
    items = {item["target"]: item for item in json.loads(result.output)}
    assert all(list(item) == ["target", "kind", "inspected", "planned", "at_risk"] for item in items.values())
    assert items["dongtai"] == {"target": "dongtai", "kind": "county", "inspected": ["2020-1-dongtai"],
                                "planned": [], "at_risk": False}
    assert items["funing"] == {"target": "funing", "kind": "county", "inspected": [],
                               "planned": ["2020-2-funing"], "at_risk": False}
    assert items["sheyang"]["at_risk"] is True
    assert "dafeng-port" not in items and "sheyang-haihe" not in items  # special tours are not owed per term
    assert len(items) == 27  # 9 counties, 2 zones, 16 departments


def test_a_planned_round_that_slipped_puts_its_targets_at_risk(cli):
    # On 1 November 2020 round 2 should have entered on 7 September but was never opened.
    items = {i["target"]: i for i in json.loads(cli("coverage", "--json", "--as-of", "2020-11-01").output)}
    assert items["funing"]["planned"] == ["2020-2-funing"] and items["funing"]["at_risk"] is True


def test_opened_round_counts_as_inspected(cli):
    assert cli("new-round", "2020", "--round", "2", "--date", "2020-09-01").exit_code == 0
    items = {i["target"]: i for i in json.loads(cli("coverage", "--json", "--as-of", "2020-11-01").output)}
    assert items["funing"] == {"target": "funing", "kind": "county", "inspected": ["2020-2-funing"],
                               "planned": [], "at_risk": False}


def test_text_explains_the_missing_plan(cli):
    result = cli("coverage", "--as-of", "2020-08-01")
    assert result.exit_code == 1
    assert "已巡查（3 个）" in result.output and "已列入计划、尚未开启（2 个）" in result.output
    assert "射阳县（县（市、区））  —— 本届任期内既未巡查，也未列入任何年度方案" in result.output
    assert "任期内尚无 2021 年度方案（plans/2021.yaml）" in result.output


def test_after_the_term_ended_the_message_says_so(cli):
    result = cli("coverage", "--as-of", "2022-01-04")
    assert result.exit_code == 1 and "本届任期已于 2021-12-31 结束" in result.output


def test_a_plan_covering_every_remaining_target_clears_the_risk(cli, workspace, records_dir):
    from xuncha.records.loader import load

    records, _ = load(records_dir)
    remaining = [t.id for t in records.config.targets if t.kind in ("county", "zone", "department")
                 and t.id not in ("dongtai", "jianhu", "jtj", "funing", "tinghu")]
    lines = ["year: 2021", "rounds:", "  - number: 1", "    start: 2021-04-07", "    end: 2021-11-30",
             "    inspections:"]
    for target in remaining:
        lines += [f"      - target: {target}", "        team: {leader: wang-jianguo}"]
    write_plan_2021(records_dir, workspace, "\n".join(lines) + "\n")
    result = cli("coverage", "--as-of", "2020-08-01")
    assert result.exit_code == 0, result.output
    assert "有遗漏风险（0 个）" in result.output and "均已巡查或已列入任期内的计划" in result.output


def test_a_department_without_safety_duties_is_not_owed_a_tour(cli, records_dir):
    from plan_support import edit

    edit(records_dir / "config.yaml", "{id: jyj, name: 市教育局, kind: department}",
         "{id: jyj, name: 市教育局, kind: department, safety_duties: false}")
    items = {i["target"] for i in json.loads(cli("coverage", "--json", "--as-of", "2020-08-01").output)}
    assert "jyj" not in items and "wjw" in items


def test_a_skeleton_without_dates_does_not_yet_cover_its_targets(cli):
    assert cli("plan", "new", "2021").exit_code == 0
    result = cli("coverage", "--as-of", "2020-08-01")
    assert result.exit_code == 1
    assert "射阳县（县（市、区））  2021-1-sheyang  —— 已列入计划（2021-1-sheyang），但尚未填写计划日期" in result.output
    assert "2021 年度方案尚未经市委、市政府批准" in result.output
