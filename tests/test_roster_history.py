"""The roster over time (二（二）、五（二）（三）): a team is judged on the roster of the day it was authorised.

In the example 李强 (li-qiang, 市应急管理局副处级) is the deputy of the 2020-1-dongtai tour, authorised on
2020-04-03 and closed since, and of the 2020-2-tinghu line of the approved plan (approved 2020-03-25).
"""

from __future__ import annotations

import datetime as dt

from conftest import snapshot
from plan_support import commit_subject, committed_files, edit, findings, git_status, head


def test_moving_the_deputy_later_keeps_the_closed_tour_lawful(cli, workspace, records_dir):
    result = cli("person", "update", "li-qiang", "--since", "2021-03-01", "--unit", "zjj",
                 "--reason", "市委组干〔2021〕5号")
    assert result.exit_code == 0, result.output
    assert "李强（li-qiang）自 2021-03-01 起：所在单位市应急管理局→市住房和城乡建设局" in result.output
    assert commit_subject(workspace) == "xuncha: person update li-qiang 2021-03-01 (二（二）)"
    assert committed_files(workspace) == ["records/people.yaml"]
    assert git_status(workspace) == ""
    assert cli("validate").exit_code == 0
    assert findings(cli, "team-deputy-unit") == []


def test_the_change_is_appended_and_the_first_entry_kept(cli, records_dir):
    before = (records_dir / "people.yaml").read_text(encoding="utf-8")
    assert cli("person", "update", "li-qiang", "--since", "2021-03-01", "--unit", "zjj").exit_code == 0
    after = (records_dir / "people.yaml").read_text(encoding="utf-8")
    # Every line of the file before is still there, in order, comments included: only lines were added.
    kept = iter(after.splitlines())
    assert all(line in kept for line in before.splitlines())
    assert "    changes:\n      - since: 2021-03-01\n        unit: zjj\n" in after


def test_a_change_dated_before_an_authorised_tour_it_breaks_is_refused(cli, workspace, records_dir):
    before, commit = snapshot(workspace), head(workspace)
    result = cli("person", "update", "li-qiang", "--since", "2020-04-02", "--unit", "zjj")
    assert result.exit_code == 2
    assert "2020年第1轮对东台市的巡查（已开启）的副组长李强（按 2020-04-03 的人员名册）所在单位为市住房和城乡建设局" \
        in result.output
    assert "records/inspections/2020-1-dongtai/inspection.yaml" in result.output
    assert "工具不改写过去" in result.output
    assert snapshot(workspace) == before and head(workspace) == commit


def test_a_backdated_change_written_by_hand_is_reported_by_validate(cli, records_dir):
    edit(records_dir / "people.yaml", "    rank: 副处级\n    post: 现职\n    familiar_with_safety: true\n  - id: sun-li",
         "    rank: 副处级\n    post: 现职\n    familiar_with_safety: true\n    changes:\n"
         "      - since: 2020-04-01\n        unit: zjj\n  - id: sun-li")
    found = findings(cli, "team-deputy-unit")
    assert [d["file"] for d in found] == ["records/inspections/2020-1-dongtai/inspection.yaml"]
    assert "（按 2020-04-03 的人员名册）" in found[0]["message"]


def test_opening_a_round_judges_its_teams_on_the_opening_day(cli, workspace):
    # Moved after the plan was approved: the plan line stays lawful, but the team authorised on opening is not.
    assert cli("person", "update", "li-qiang", "--since", "2020-08-01", "--unit", "zjj").exit_code == 0
    assert cli("validate").exit_code == 0
    before = snapshot(workspace)
    result = cli("new-round", "2020", "--round", "2", "--date", "2020-09-01")
    assert result.exit_code == 2
    assert "[team-deputy-unit] 2020年第2轮对亭湖区的巡查（计划）的副组长李强（按 2020-09-01 的人员名册）" in result.output
    assert snapshot(workspace) == before


def test_old_roster_without_history_reads_as_always_so(records_dir):
    from xuncha.records.loader import load

    records, diagnostics = load(records_dir)
    assert [d for d in diagnostics if d.is_error] == []
    roster = records.roster
    assert roster.as_of(dt.date(2020, 1, 1)) is roster
    assert roster.as_of(None).person("li-qiang").unit == "yjj"


def test_roster_as_of_a_date(cli, records_dir):
    assert cli("person", "update", "li-qiang", "--since", "2021-03-01", "--unit", "zjj", "--rank", "正处级").exit_code == 0
    from xuncha.procedure.roster import person_on
    from xuncha.records.loader import load

    records, _ = load(records_dir)
    then = person_on(records, "li-qiang", dt.date(2021, 2, 28))
    now = person_on(records, "li-qiang", dt.date(2021, 3, 1))
    assert (then.unit, then.rank) == ("yjj", "副处级")
    assert (now.unit, now.rank, now.since) == ("zjj", "正处级", dt.date(2021, 3, 1))
    assert person_on(records, "li-qiang", None).unit == "zjj"


def test_person_add_records_the_day_the_entry_took_effect(cli, workspace, records_dir):
    result = cli("person", "add", "li-ming", "--name", "李明", "--unit", "yjj", "--rank", "副处级", "--familiar",
                 "--position", "市应急管理局执法监督处处长", "--since", "2021-01-04")
    assert result.exit_code == 0, result.output
    assert commit_subject(workspace) == "xuncha: person add li-ming 2021-01-04 (二（二）)"
    text = (records_dir / "people.yaml").read_text(encoding="utf-8")
    assert "  - id: li-ming\n    name: 李明\n    unit: yjj\n" in text and "    since: 2021-01-04\n" in text
    assert cli("validate").exit_code == 0


def test_person_add_refuses_a_known_id_and_an_unknown_unit(cli, workspace):
    before = snapshot(workspace)
    taken = cli("person", "add", "li-qiang", "--name", "李强", "--unit", "yjj")
    assert taken.exit_code == 2 and "人员编号 li-qiang 已登记为李强" in taken.output
    unknown = cli("person", "add", "li-ming", "--name", "李明", "--unit", "yjjj")
    assert unknown.exit_code == 2 and "单位编号 `yjjj` 不在 config.yaml" in unknown.output and "yjj" in unknown.output
    assert snapshot(workspace) == before


def test_person_update_refuses_a_change_before_the_last_one(cli, workspace):
    assert cli("person", "update", "li-qiang", "--since", "2021-03-01", "--unit", "zjj").exit_code == 0
    before = snapshot(workspace)
    result = cli("person", "update", "li-qiang", "--since", "2021-02-01", "--rank", "正处级")
    assert result.exit_code == 2 and "新的变动须晚于它" in result.output
    same = cli("person", "update", "li-qiang", "--since", "2021-05-01", "--unit", "zjj")
    assert same.exit_code == 2 and "没有变动可记录" in same.output
    assert snapshot(workspace) == before


def test_documents_name_the_team_as_it_stood_when_authorised(cli, records_dir):
    assert cli("person", "update", "li-qiang", "--since", "2021-03-01", "--unit", "zjj",
               "--position", "市住房和城乡建设局副局长").exit_code == 0
    from xuncha.records.loader import load
    from xuncha.render.context import ContextBuilder

    records, _ = load(records_dir)
    deputy = ContextBuilder(records).inspection("2020-1-dongtai")["inspection"]["team"]["deputy"]
    assert (deputy["unit_name"], deputy["position"]) == ("市应急管理局", "市应急管理局安全生产基础处处长")
